"""Typed records of the store's reads: search hits, document summaries, geocoded places,
the timeline's events, the entity page, the quotes' reporting chains, and a page of a list
with where it stands in the whole. The HTTP API and the CLI serialise them (``to_dict``: the
fields in order, as JSON takes them; docs/serve.md shows the shapes)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """``items``, the rows ``offset`` to ``offset + limit`` of a list of ``total`` rows."""

    items: list[T]
    total: int
    offset: int = 0
    limit: int | None = None

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts (None on the last page)."""
        end = self.offset + len(self.items)
        return end if self.limit and end < self.total else None

    @property
    def prev_offset(self) -> int | None:
        """Where the previous page starts (None on the first page)."""
        if not self.offset:
            return None
        return max(0, self.offset - (self.limit or self.offset))

    @property
    def first(self) -> int:
        """The 1-based number of the page's first row (0 when the page is empty)."""
        return self.offset + 1 if self.items else 0

    @property
    def last(self) -> int:
        """The 1-based number of the page's last row."""
        return self.offset + len(self.items)


def _plain(value: Any) -> Any:
    """A field as JSON takes it: a record as its object, a tuple as a list."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class Record:
    """A typed record (a frozen dataclass) that serialises as a JSON object, its fields in
    order (``to_dict``; a record of records nests)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class SearchHit(Record):
    """A document matching a search, with a snippet (matched words in ``[brackets]``)."""

    document: str
    title: str | None
    published: str | None
    source: str | None
    snippet: str


@dataclass(frozen=True)
class DocumentSummary(Record):
    """A stored document in a list: its id, title, outlet, day and first words."""

    document: str
    title: str | None
    source: str | None
    published: str | None
    lead: str


@dataclass(frozen=True)
class KbPlace(Record):
    """A geocoded knowledge-base entity and how many documents mention it."""

    id: int
    name: str
    label: str
    lat: float
    lon: float
    country: str | None
    geonames_id: int | None
    documents: int


# the timeline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class When(Record):
    """When an event happened: its known time range (``from_time``), else the first report's
    publication date (it happened by then; ``from_time`` false)."""

    earliest: str | None
    latest: str | None
    from_time: bool


@dataclass(frozen=True)
class EventPlace(Record):
    """Where an event cluster happened: its place's name, coordinates and country."""

    name: str | None
    lat: float | None
    lon: float | None
    country: str | None


@dataclass(frozen=True)
class ReportSource(Record):
    """Whom a report cites: a quote (its words and its speaker's name), else an entity."""

    speaker: str | None = None
    quote: str | None = None
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.quote is not None:
            return {"speaker": self.speaker, "quote": self.quote}
        return {"entity": self.entity}


@dataclass(frozen=True)
class ClusterConflict(Record):
    """Reports that disagree (``about`` what, the report refs ``doc#event`` in ``items``);
    ``within``: the reports of one document, found when it was analysed."""

    about: str
    items: tuple[str, ...]
    note: str | None
    within: bool = False

    def to_dict(self) -> dict[str, Any]:
        row = {"about": self.about, "items": list(self.items), "note": self.note}
        return {**row, "within": True} if self.within else row


@dataclass(frozen=True)
class Report(Record):
    """One document's report of an event: where it stands, what it says, whom it cites,
    and why it joined its cluster (``why``)."""

    document: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None
    event: str
    trigger: str
    offset: int | None
    sentence: str
    certainty: str
    fatalities: int | None
    date: str | None
    place: str | None
    copy_group: int | None
    why: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    sources: tuple[ReportSource, ...]


@dataclass(frozen=True)
class TimelineEvent(Record):
    """An event cluster: one event across articles, every report of it, how many
    independent sources, and the conflicts between the reports."""

    id: int
    type: str
    subtype: str | None
    date: When
    place: EventPlace | None
    reports: tuple[Report, ...]
    report_count: int
    independent_sources: int
    conflicts: tuple[ClusterConflict, ...]


@dataclass(frozen=True)
class LocatedEvent(Record):
    """An event cluster with coordinates, as the map draws it: a :class:`TimelineEvent`
    without its reports and conflicts."""

    id: int
    type: str
    subtype: str | None
    date: When
    place: EventPlace
    report_count: int
    independent_sources: int


# the entity page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityPlace(Record):
    """A geocoded entity's coordinates, country and GeoNames id."""

    lat: float
    lon: float | None
    country: str | None
    geonames_id: int | None


@dataclass(frozen=True)
class Alias(Record):
    """A name an entity goes by, why it was merged in, and the document it came from."""

    name: str
    reason: str
    score: float
    first_seen_in: str | None


@dataclass(frozen=True)
class EntityLink(Record):
    """How a document's entity was linked to the knowledge-base entity."""

    document: str
    reason: str
    score: float


@dataclass(frozen=True)
class ArticleMentions(Record):
    """An article that mentions the entity: how often, and one of the words it used."""

    document: str
    title: str | None
    published: str | None
    count: int
    example: str


@dataclass(frozen=True)
class EntityQuote(Record):
    """A quote by or about the entity, where it stands, and its outer sources (``via``,
    knowledge-base ids)."""

    kind: str
    text: str
    speaker: str | None
    cue: str | None
    certainty: str
    document: str
    start: int
    end: int
    via: tuple[int, ...]


@dataclass(frozen=True)
class EntityEvent(Record):
    """An event report the entity takes part in (``role``: actor, target) or that happened
    at it (``place``); ``event`` is its cluster."""

    event: int | None
    type: str
    subtype: str | None
    date: str | None
    trigger: str
    sentence: str
    document: str
    role: str


@dataclass(frozen=True)
class EntityPage(Record):
    """Canonical name, aliases with merge reasons, document links, mentions by article (one
    page of them, of ``documents``), quotes by and about the entity, and its events."""

    id: int
    name: str
    label: str
    place: EntityPlace | None
    aliases: tuple[Alias, ...]
    links: tuple[EntityLink, ...]
    documents: int
    mentions: tuple[ArticleMentions, ...]
    quotes_by: tuple[EntityQuote, ...]
    quotes_about: tuple[EntityQuote, ...]
    events: tuple[EntityEvent, ...]


# the reporting chains ----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceStep(Record):
    """A source in a reporting chain: its knowledge-base id (None: an unlinked name)."""

    id: int | None
    name: str
    label: str | None


@dataclass(frozen=True)
class SourceChain(Record):
    """A quote's reporting chain: the outlet that published it, the outer sources it came
    through (``via``, outermost first) and the speaker."""

    document: str
    outlet: str
    via: tuple[SourceStep, ...]
    speaker: SourceStep | None
    anonymous: bool


@dataclass(frozen=True)
class CountedChain(Record):
    """A reporting chain (outlet, ``via``, speaker) and how many quotes took it."""

    outlet: str
    via: tuple[SourceStep, ...]
    speaker: SourceStep | None
    anonymous: bool
    quotes: int


__all__ = [
    "Record",
    "Alias",
    "ArticleMentions",
    "ClusterConflict",
    "CountedChain",
    "DocumentSummary",
    "EntityEvent",
    "EntityLink",
    "EntityPage",
    "EntityPlace",
    "EntityQuote",
    "EventPlace",
    "KbPlace",
    "LocatedEvent",
    "Page",
    "Report",
    "ReportSource",
    "SearchHit",
    "SourceChain",
    "SourceStep",
    "TimelineEvent",
    "When",
]
