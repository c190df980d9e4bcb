"""The readable summary of ``analyze --format text`` (Rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..records import AnalyzedDocument, FailedDocument

KIND_ORDER = ["PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"]


def render_document(doc: AnalyzedDocument, console: Console) -> None:
    """Print one document: entities, places, quotes, times, events, conflicts."""
    art = doc.article
    head = Text(art.title or art.id, style="bold")
    head.append(f"\npublished {art.published.isoformat() if art.published else 'unknown'}")
    if art.source:
        head.append(f" · {art.source}")
    console.print(Panel(head, title="storyline", expand=False))
    names = {e.id: e.name for e in doc.entities}
    console.print(_entities(doc))
    console.print(_places(doc))
    console.print(_quotes(doc, names))
    console.print(_times(doc))
    console.print(_events(doc, names))
    console.print(_conflicts(doc))


def render_failure(doc: FailedDocument, console: Console) -> None:
    console.print(f"[red]error[/red] {doc.id}: {doc.message}")


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold cyan", expand=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _section(title: str, table: Table, rows: int) -> Table | Group:
    if rows:
        return table
    return Group(Text(title, style="bold cyan"), Text("  (none found)", style="dim"))


def _entities(doc: AnalyzedDocument) -> Table | Group:
    table = _table(f"Entities ({len(doc.entities)})", "kind", "name", "also called", "mentions")
    by_kind = defaultdict(list)
    for ent in doc.entities:
        by_kind[ent.label].append(ent)
    kinds = sorted(by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k))
    for kind in kinds:
        for ent in sorted(by_kind[kind], key=lambda e: -len(e.mentions)):
            aliases = ", ".join(f"{a.name} ({a.reason})" for a in ent.aliases if a.name != ent.name)
            table.add_row(kind, ent.name, aliases, str(len(ent.mentions)))
    return _section("Entities", table, len(doc.entities))


def _places(doc: AnalyzedDocument) -> Table | Group:
    table = _table("Places", "name", "country", "lat, lon", "feature", "GeoNames")
    placed = [e for e in doc.entities if e.place]
    for ent in placed:
        p = ent.place
        assert p is not None
        table.add_row(
            ent.name,
            p.country or "",
            f"{p.lat:.3f}, {p.lon:.3f}",
            p.feature or "",
            str(p.geonames_id or ""),
        )
    return _section("Places", table, len(placed))


def _quotes(doc: AnalyzedDocument, names: dict[str, str]) -> Table | Group:
    table = _table(f"Quotes ({len(doc.quotes)})", "kind", "speaker", "via", "certainty", "text")
    for q in doc.quotes:
        speaker = q.speaker.name if q.speaker else "?"
        if q.anonymous:
            speaker += " (anonymous)"
        via = " ← ".join(names.get(v, v) for v in q.via)
        certainty = q.certainty + (f" ({q.hedge})" if q.hedge else "")
        text = q.text if len(q.text) <= 160 else q.text[:157] + "..."
        table.add_row(q.kind, speaker, via, certainty, text)
    return _section("Quotes", table, len(doc.quotes))


def _times(doc: AnalyzedDocument) -> Table | Group:
    table = _table(f"Times ({len(doc.times)})", "text", "type", "value", "range", "anchor")
    for t in doc.times:
        span = f"{t.earliest} .. {t.latest}" if t.earliest else ""
        table.add_row(t.text, t.type, t.value or "?", span, t.anchor or "")
    return _section("Times", table, len(doc.times))


def _events(doc: AnalyzedDocument, names: dict[str, str]) -> Table | Group:
    table = _table(
        f"Events ({len(doc.events)})",
        "type",
        "trigger",
        "actors",
        "targets",
        "place",
        "time",
        "deaths",
        "certainty",
    )
    times = {t.id: t for t in doc.times}
    for ev in doc.events:
        when = times[ev.time].value or times[ev.time].text if ev.time in times else ""
        table.add_row(
            ev.type + (f" / {ev.subtype}" if ev.subtype else ""),
            ev.trigger.text,
            ", ".join(names.get(a, a) for a in ev.actors),
            ", ".join(names.get(a, a) for a in ev.targets),
            names.get(ev.place, "") if ev.place else "",
            when or "",
            "" if ev.fatalities is None else str(ev.fatalities),
            ev.certainty,
        )
    return _section("Events", table, len(doc.events))


def _conflicts(doc: AnalyzedDocument) -> Table | Group:
    table = _table(f"Conflicting accounts ({len(doc.conflicts)})", "about", "items", "note")
    for c in doc.conflicts:
        table.add_row(c.about, ", ".join(c.items), c.note)
    return _section("Conflicting accounts", table, len(doc.conflicts))
