"""The readable summary of ``analyze --format text`` (Rich).

Entities, places and times are narrow tables. Quotes, events and conflicts have too many
columns to share 80 columns of a terminal (a table squeezes "Strategic developments" into
a column four letters wide), so each is a short block of lines that wraps by words at
any width, piped or not."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from contextvars import ContextVar

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..display import date_label
from ..records import AnalyzedDocument, TimeRef

_WIDTH: ContextVar[int] = ContextVar("width", default=80)
"""The console's width while a document is rendered."""

KIND_ORDER = ["PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"]


def render_document(doc: AnalyzedDocument, console: Console) -> None:
    """Print one document: entities, places, quotes, times, events, conflicts."""
    art = doc.article
    head = Text(art.title or art.id, style="bold")
    head.append(f"\npublished {art.published.isoformat() if art.published else 'unknown'}")
    if art.source:
        head.append(f" · {art.source}")
    console.print(Panel(head, title="storyline", expand=False))
    _WIDTH.set(max(40, console.width))
    names = {e.id: e.name for e in doc.entities}
    console.print(_entities(doc))
    console.print(_places(doc))
    console.print(_quotes(doc, names))
    console.print(_times(doc))
    console.print(_events(doc, names))
    console.print(_conflicts(doc))


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


def _quotes(doc: AnalyzedDocument, names: dict[str, str]) -> Group:
    lines: list[RenderableType] = []
    for n, q in enumerate(doc.quotes, 1):
        speaker = q.speaker.name if q.speaker else "?"
        if q.anonymous:
            speaker += " (anonymous)"
        line = _item(n, speaker, style="bold")
        line.append(f"  {q.kind}, {q.certainty}" + (f" ({q.hedge})" if q.hedge else ""))
        if q.via:
            line.append("  via " + " ← ".join(names.get(v, v) for v in q.via))
        lines.append(line)
        lines.append(_detail(f"“{_clip(q.text)}”"))
    return _block(f"Quotes ({len(doc.quotes)})", lines)


def _times(doc: AnalyzedDocument) -> Table | Group:
    table = _table(f"Times ({len(doc.times)})", "text", "type", "value", "range", "anchor")
    for t in doc.times:
        span = date_label(t.earliest, t.latest)
        table.add_row(t.text, t.type, t.value or "?", span, t.anchor or "")
    return _section("Times", table, len(doc.times))


def _events(doc: AnalyzedDocument, names: dict[str, str]) -> Group:
    times = {t.id: t for t in doc.times}
    lines: list[RenderableType] = []
    for n, ev in enumerate(doc.events, 1):
        line = _item(n, ev.type + (f" / {ev.subtype}" if ev.subtype else ""), style="bold")
        line.append(f"  “{ev.trigger.text}”, {ev.certainty}")
        lines.append(line)
        facts = [
            ("actors", ", ".join(names.get(a, a) for a in ev.actors)),
            ("targets", ", ".join(names.get(a, a) for a in ev.targets)),
            ("place", names.get(ev.place, "") if ev.place else ""),
            ("time", _when(times.get(ev.time)) if ev.time else ""),
            ("deaths", "" if ev.fatalities is None else str(ev.fatalities)),
        ]
        said = "  ".join(f"{k}: {v}" for k, v in facts if v)
        if said:
            lines.append(_detail(said))
    return _block(f"Events ({len(doc.events)})", lines)


def _conflicts(doc: AnalyzedDocument) -> Group:
    what = _describe(doc)
    lines: list[RenderableType] = []
    for n, c in enumerate(doc.conflicts, 1):
        lines.append(_item(n, c.about, style="bold"))
        lines.append(_detail(c.note))
        lines.extend(_detail(f"- {what.get(i, i)}") for i in c.items)
    return _block(f"Conflicting accounts ({len(doc.conflicts)})", lines)


def _describe(doc: AnalyzedDocument) -> dict[str, str]:
    """A few words for each quote, time and event id, so conflicts read without ids."""
    times = {t.id: t for t in doc.times}
    out = {t.id: f"{t.text} ({_when(t)})" for t in doc.times}
    for q in doc.quotes:
        who = q.speaker.name if q.speaker else "?"
        out[q.id] = f"{who}: “{_clip(q.text, 80)}”"
    for ev in doc.events:
        when = f" ({_when(times[ev.time])})" if ev.time in times else ""
        out[ev.id] = f"{ev.subtype or ev.type} “{ev.trigger.text}”{when}"
    return out


def _when(t: TimeRef | None) -> str:
    if t is None:
        return ""
    return t.value or t.text


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _item(n: int, head: str, style: str) -> Text:
    line = Text(f"  {n}. ")
    line.append(head, style=style)
    return line


def _detail(text: str) -> Text:
    """A line under an item, indented, its wrapped lines indented too (``textwrap``: Rich's
    Padding would pad every line with spaces to the terminal's width)."""
    return Text(
        textwrap.fill(text, width=_WIDTH.get(), initial_indent=" " * 5, subsequent_indent=" " * 5)
    )


def _block(title: str, lines: list[RenderableType]) -> Group:
    if not lines:
        return Group(Text(title, style="bold cyan"), Text("  (none found)", style="dim"))
    return Group(Text(title, style="bold cyan"), *lines)
