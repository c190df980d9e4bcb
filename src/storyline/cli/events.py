"""``storyline event``: hand corrections of event reports, "not an event" (``reject``) and
"wrong type" (``retype``), and the kinds a report may be given (``kinds``). A report is named
``DOCUMENT#EVENT``, as the timeline shows it (``report-7#v2``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import Errors, NotFound
from .ingest import DbOption

if TYPE_CHECKING:
    from ..store.corrections import EventFix

event_app = typer.Typer(
    help="Correct an event report: not an event (reject), or of another kind (retype).",
    no_args_is_help=True,
)

RefArgument = Annotated[
    str, typer.Argument(help="The report, DOCUMENT#EVENT (the timeline shows them).")
]


def _split(ref: str) -> tuple[str, str]:
    key, sep, event = ref.rpartition("#")
    if not sep or not key or not event:
        raise NotFound(Errors.E415.format(ref=ref))
    return key, event


def _kb(db: str | None) -> Any:
    from ..kb import KnowledgeBase

    return KnowledgeBase(db)


def _said(done: EventFix) -> str:
    was = done.was_type + (f" / {done.was_subtype}" if done.was_subtype else "")
    where = f"'{done.trigger_text}' in {done.doc_key}#{done.event}"
    if done.action == "reject":
        return f"{where} ({was}) is not an event; kept for re-ingest"
    now = (done.type or "") + (f" / {done.subtype}" if done.subtype else "")
    return f"{where} is {now}, not {was}; kept for re-ingest"


@event_app.command("reject")
def reject_cli(ref: RefArgument, db: DbOption = None) -> None:
    """Mark a report as not an event: it leaves the timeline, map and exports, for good."""
    key, event = _split(ref)
    typer.echo(_said(_kb(db).reject_event(key, event)))


@event_app.command("retype")
def retype_cli(
    ref: RefArgument,
    etype: Annotated[str, typer.Option("--type", help="The event type (ACLED's, or other).")],
    subtype: Annotated[
        str | None, typer.Option("--sub-type", help="One of the type's sub-types.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Give a report another kind (see `storyline event kinds`); survives re-ingest."""
    key, event = _split(ref)
    typer.echo(_said(_kb(db).retype_event(key, event, etype, subtype)))


@event_app.command("kinds")
def kinds_cli() -> None:
    """The event kinds a report may be given: type / sub-type, from the taxonomy."""
    from ..extract.taxonomy import load_taxonomy

    for kind in load_taxonomy().kinds:
        sub = "" if kind.subtype == kind.type else f" / {kind.subtype}"
        typer.echo(f"{kind.type}{sub}" + ("" if kind.acled else "  (not ACLED)"))


__all__ = ["event_app"]
