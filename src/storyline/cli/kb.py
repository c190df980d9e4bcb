"""Knowledge-base commands: ``search``, ``entity`` (show, merge, split), ``timeline``,
``export`` and ``stats``. Each is a thin wrapper over :class:`storyline.kb.KnowledgeBase`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from ..display import date_label
from ..errors import Errors, StoreError
from .ingest import DbOption

if TYPE_CHECKING:
    from ..store.reads.records import EntityPage, TimelineEvent


class Output(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


FormatOption = Annotated[Output, typer.Option("--format", "-f", help="text or json.")]


def _kb(db: str | None) -> Any:
    from ..kb import KnowledgeBase

    return KnowledgeBase(db)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def search_cli(
    text: Annotated[str, typer.Argument(help="Words to find (all of them, stemmed).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many documents.")] = 20,
    fmt: FormatOption = Output.text,
) -> None:
    """Full-text search of the stored articles."""
    hits = _kb(db).search(text, limit)
    if fmt is Output.json:
        _print_json([hit.to_dict() for hit in hits])
        return
    console = Console()
    for hit in hits:
        head = Text(hit.document, style="bold")
        head.append(f" {hit.published or ''} {hit.title or ''}")
        console.print(head)
        console.print(_snippet(hit.snippet))
    if not hits:
        console.print(Text(f"No stored article has all of: {text}"))


def _snippet(snippet: str) -> Text:
    """The snippet as plain text (never Rich markup: "[police]" is the store's mark of a
    matched word, and would vanish as an unknown markup tag), matched words in bold."""
    line = Text("  " + snippet)
    line.highlight_regex(r"\[[^\[\]]+\]", "bold")
    return line


class EntityGroup(TyperGroup):
    """``entity NAME`` shows an entity; ``entity merge|split ...`` correct the resolver."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


entity_app = typer.Typer(
    cls=EntityGroup,
    help="An entity page (entity NAME), or hand corrections (entity merge / entity split).",
    no_args_is_help=True,
)


@entity_app.command("show")
def entity_cli(
    name: Annotated[str, typer.Argument(help="Canonical name or any alias.")],
    db: DbOption = None,
    fmt: FormatOption = Output.text,
) -> None:
    """Canonical name, every alias with its merge reason, mentions by article, quotes by and
    about, events."""
    page = _kb(db).entity(name)
    if fmt is Output.json:
        _print_json(page.to_dict())
        return
    render_entity(page, Console())


@entity_app.command("merge")
def merge_cli(
    into: Annotated[str, typer.Argument(help="The entity to keep.")],
    other: Annotated[str, typer.Argument(help="The entity merged into it.")],
    db: DbOption = None,
) -> None:
    """Merge entity OTHER into INTO; the correction survives re-ingest."""
    done = _kb(db).merge(into, other)
    typer.echo(f"merged '{done.merged}' into '{done.entity}'")


@entity_app.command("split")
def split_cli(
    name: Annotated[str, typer.Argument(help="The entity wrongly merged.")],
    aliases: Annotated[list[str], typer.Argument(help="Names to take off it.")],
    db: DbOption = None,
) -> None:
    """Take ALIASES off entity NAME into entities of their own; survives re-ingest."""
    done = _kb(db).split(name, aliases)
    names = ", ".join(f"'{s.name}'" for s in done.split)
    typer.echo(f"split {names} off '{done.entity}'")


def timeline_cli(
    db: DbOption = None,
    entity: Annotated[str | None, typer.Option(help="Events this entity takes part in.")] = None,
    place: Annotated[str | None, typer.Option(help="Events at this place.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="From YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="To YYYY-MM-DD.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    fmt: FormatOption = Output.text,
) -> None:
    """Events in time order, with their sources and conflicts."""
    from ..kb import parse_day

    events = _kb(db).timeline(
        entity=entity, place=place, start=parse_day(start), end=parse_day(end), limit=limit
    )
    if fmt is Output.json:
        _print_json([e.to_dict() for e in events])
        return
    if not events:
        asked = [
            f"{what} '{value}'"
            for what, value in (("entity", entity), ("place", place), ("from", start), ("to", end))
            if value
        ]
        typer.echo("No events" + (f" for {', '.join(asked)}" if asked else " stored") + ".")
        return
    render_timeline(events, Console())


def export_cli(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv or geojson.")],
    db: DbOption = None,
    acled: Annotated[bool, typer.Option(help="CSV: ACLED's columns only.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Export the events: JSON Lines, CSV with ACLED's column names, or GeoJSON."""
    from .. import exports

    kb = _kb(db)
    events = [e.to_dict() for e in kb.export_events()]  # the shape the exports take
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is ExportFormat.jsonl:
            exports.write_jsonl(events, handle)
        elif fmt is ExportFormat.csv:
            exports.write_csv(events, handle, acled=acled)
        elif fmt is ExportFormat.geojson:
            handle.write(json.dumps(exports.geojson(events), ensure_ascii=False))
            handle.write("\n")
        else:  # pragma: no cover - Typer validates the choice
            raise StoreError(Errors.E409.format(value=fmt))
    finally:
        if output:
            handle.close()


def stats_cli(db: DbOption = None, fmt: FormatOption = Output.text) -> None:
    """Counts: documents, entities, aliases, quotes, events, conflicts."""
    counts = _kb(db).stats()
    if fmt is Output.json:
        _print_json(counts)
        return
    table = Table("what", "count")
    for key, value in counts.items():
        table.add_row(key, str(value))
    Console().print(table)


def render_entity(page: EntityPage, console: Console) -> None:
    """A readable entity page."""
    console.print(f"[bold]{page.name}[/bold] ({page.label}), {page.documents} document(s)")
    if page.place:
        p = page.place
        console.print(f"  at {p.lat:.4f}, {p.lon:.4f} ({p.country or '?'})")
    console.print("[bold]aliases[/bold]")
    for a in page.aliases:
        seen = f" (first in {a.first_seen_in})" if a.first_seen_in else ""
        console.print(f"  {a.name}: {a.reason} [{a.score}]{seen}", highlight=False)
    console.print("[bold]mentions by article[/bold]")
    for m in page.mentions:
        console.print(f"  {m.document} {m.published or ''}: {m.count}", highlight=False)
    for title, quotes in (("quotes by", page.quotes_by), ("quotes about", page.quotes_about)):
        console.print(f"[bold]{title}[/bold]")
        for q in quotes:
            console.print(
                f"  {q.document}: {q.speaker or '?'} {q.cue or ''}: “{q.text}”",
                highlight=False,
            )
    console.print("[bold]events[/bold]")
    for e in page.events:
        console.print(
            f"  {e.date or '?'} {e.type} ({e.role}) in {e.document}: {e.sentence}",
            highlight=False,
        )


def render_timeline(events: list[TimelineEvent], console: Console) -> None:
    """A readable timeline."""
    for e in events:
        place = (e.place.name if e.place else None) or "?"
        when = date_label(e.date.earliest, e.date.latest) or "?"
        if not e.date.from_time:
            when = f"by {when}"
        console.print(
            f"[bold]{when}[/bold] {e.type}: {e.subtype or ''} at {place} "
            f"({e.report_count} report(s), {e.independent_sources} independent)",
            highlight=False,
        )
        for r in e.reports:
            console.print(f"  {r.document}#{r.event}: {r.sentence}", highlight=False)
        for c in e.conflicts:
            console.print(f"  [yellow]conflict[/yellow] {c.about}: {c.note}", highlight=False)
