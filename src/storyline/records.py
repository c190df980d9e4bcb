"""Plain typed records passed between stages.

Every stage (ingest, extract, resolve, store) speaks these frozen dataclasses; spaCy ``Doc``
objects stay inside ``extract/`` and SQLAlchemy rows inside ``store/``. ``to_dict`` methods
produce the JSON shape of ``docs/contract.md`` (schema ``storyline/1``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable

SCHEMA = "storyline/1"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points (degrees).

    Shared by every stage that compares places (gazetteer context, conflicts, clustering).
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


QuoteKind = Literal["direct", "indirect"]
Certainty = Literal["asserted", "reported", "hedged"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True)
class Article:
    """One input document, as ingest hands it to the pipeline.

    ``text`` is what offsets point into: the user's own text for plain input, the extracted
    article text for HTML.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    language: str = "en"
    origin: str | None = None  # the file (and line) it came from, for messages

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True)
class Mention:
    """A character span of ``Article.text`` (end exclusive)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Place:
    """Where a place entity is, from the gazetteer."""

    lat: float
    lon: float
    country: str | None
    geonames_id: int | None = None
    feature: str | None = None  # GeoNames feature class/code, e.g. "P.PPL", "A.PCLI", "H.STM"
    name: str | None = None  # the gazetteer's name for it
    admin1: str | None = None  # first-level division (state, province), where known
    admin2: str | None = None  # second-level division (county, district), where known
    # or "demonym": a nationality word linked to its country; or "embedded": the place an
    # organisation or compound is named by ("Ohio State Police" -> Ohio)
    kind: str = "literal"
    confidence: float | None = None  # the resolver's calibrated score, 0..1

    def __post_init__(self) -> None:
        # five decimals (about a metre), as the contract prints them: a place read back
        # from the JSON is the place that was written
        object.__setattr__(self, "lat", round(float(self.lat), 5))
        object.__setattr__(self, "lon", round(float(self.lon), 5))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "geonames_id": self.geonames_id,
            "feature": self.feature,
        }
        # the optional keys appear only when known, so older records read back unchanged
        if self.admin1 is not None:
            out["admin1"] = self.admin1
        if self.admin2 is not None:
            out["admin2"] = self.admin2
        if self.kind != "literal":
            out["kind"] = self.kind
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass(frozen=True)
class Alias:
    """A name an entity goes by in the document, and why it was merged into it."""

    name: str
    reason: str  # "same text", "partial name", "acronym", "transliteration", "alias table", ...

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "alias_reason": self.reason}


@dataclass(frozen=True)
class Entity:
    """One real-world entity of a document, with all its mentions."""

    id: str
    name: str
    label: str
    mentions: tuple[Mention, ...]
    place: Place | None = None
    aliases: tuple[Alias, ...] = ()

    @property
    def literal_place(self) -> Place | None:
        """The place when the entity is one; None for a demonym linked to its country."""
        return self.place if self.place is not None and self.place.kind == "literal" else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "mentions": [m.to_dict() for m in self.mentions],
            "place": self.place.to_dict() if self.place else None,
            "aliases": [a.to_dict() for a in self.aliases],
        }


@dataclass(frozen=True)
class Evidence:
    """A vote for an entity label, and why: ("GPE", 2.0, "after 'village of'")."""

    label: str
    weight: float
    why: str


@dataclass(frozen=True)
class NamedMention:
    """A cleaned name mention with the label evidence found around it, before linking."""

    start: int
    end: int
    text: str
    label: str  # the label the mention was found with (model, pattern or alias table)
    evidence: tuple[Evidence, ...] = ()
    known_as: str | None = None  # canonical name from the alias table, when it matched


@runtime_checkable
class EntityLinker(Protocol):
    """The seam between extraction and resolution: groups a document's mentions into entities.

    ``extract`` finds and cleans mentions; an implementation from ``resolve`` (registered as
    ``storyline.document_linker.v1``) merges aliases, votes labels and places them.
    """

    def place_evidence(self, name: str) -> Evidence | None:
        """A label vote when ``name`` is a known place (country, province, city, feature)."""
        ...

    def known_name(self, name: str) -> tuple[str, str] | None:
        """``(canonical, label)`` when ``name`` is in the alias table of well-known names."""
        ...

    def known_name_length(self, word: str) -> int:
        """Most words a well-known name starting with ``word`` has; 0 when none does."""
        ...

    def link(self, mentions: Sequence[NamedMention], text: str) -> list[Entity]:
        """Entities (ids "e1", ...) holding every mention, with labels, aliases and places."""
        ...


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the words in the text and who that is."""

    entity: str | None  # entity id
    text: str  # the words in the article ("he", "an intelligence official")
    name: str  # resolved name ("Maria Lopez Garcia"), else the words
    start: int | None = None  # where ``text`` stands in the article, when it is there
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"entity": self.entity, "text": self.text, "name": self.name}
        if self.start is not None and self.end is not None:
            out["start"], out["end"] = self.start, self.end
        return out


@dataclass(frozen=True)
class Quote:
    """A direct quote or a piece of reported speech."""

    id: str
    kind: QuoteKind
    start: int
    end: int
    text: str
    speaker: Speaker | None = None
    cue: str | None = None
    anonymous: bool = False
    via: tuple[str, ...] = ()  # entity ids of the outer sources, outermost first
    certainty: Certainty = "reported"
    hedge: str | None = None  # the hedge cue when certainty is "hedged"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue,
            "anonymous": self.anonymous,
            "via": list(self.via),
            "certainty": self.certainty,
            "hedge": self.hedge,
        }


@dataclass(frozen=True)
class TimeRef:
    """A time expression, normalised TIMEX3-style."""

    id: str
    start: int
    end: int
    text: str
    type: TimeType
    value: str | None = None
    earliest: str | None = None  # YYYY-MM-DD
    latest: str | None = None
    anchor: str | None = None  # "published", or the id of the quote whose report dates it

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "earliest": self.earliest,
            "latest": self.latest,
            "anchor": self.anchor,
        }


@dataclass(frozen=True)
class FatalityReport:
    """One statement of how many died, and who stated it."""

    count: int | None  # ACLED-style conservative count; None for "many", "several"
    text: str  # the phrase: "at least 12 people were killed"
    source: str | None = None  # the quote id or entity id that states it

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class EventActor:
    """A side of an event as ACLED codes it: who the clause names, and its ACLED actor type."""

    name: str  # the entity's canonical name, or the noun phrase ("police", "gunmen")
    text: str  # the words in the article
    entity: str | None = None  # entity id, when an entity names the actor
    type: str | None = None  # ACLED actor type ("State forces", "Protesters")
    inter: int | None = None  # ACLED inter code, 1..8

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "text": self.text,
            "entity": self.entity,
            "type": self.type,
            "inter": self.inter,
        }


Tense = Literal["past", "present", "future", "none"]  # none: no verb governs the time


@dataclass(frozen=True)
class TimeValue:
    """A normalised time: TIMEX3 type and value, with the interval it covers.

    ``relative`` is True when the value depends on (or would need) the anchor date.
    """

    type: TimeType
    value: str | None = None
    earliest: date | None = None
    latest: date | None = None
    relative: bool = False


@runtime_checkable
class TimeNormalizer(Protocol):
    """The seam between the times component (extract) and time normalisation (resolve).

    Registered as ``storyline.time_normalizer.v1``; the component finds spans and tense, the
    normalizer turns text and an anchor date into a :class:`TimeValue`.
    """

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, kind)`` of time expressions in ``text``."""
        ...

    def looks_like_time(self, text: str) -> bool:
        """Whether a span the model tagged DATE/TIME is really a time expression."""
        ...

    def words(self, name: str) -> Any:
        """A word list of the time lexicon (``report_verbs``, ``future_auxiliaries``, ...)."""
        ...

    def normalize(self, text: str, anchor: date | None, *, tense: Tense = "past") -> TimeValue:
        """The TIMEX3 value of ``text`` resolved against ``anchor``."""
        ...


@dataclass(frozen=True)
class Event:
    """Something that happened, typed with the ACLED taxonomy where it fits."""

    id: str
    type: str
    subtype: str | None
    trigger: Mention
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    place: str | None = None  # entity id
    time: str | None = None  # time id
    fatalities: int | None = None
    fatalities_text: str | None = None  # the phrase, when no number can be stated
    sources: tuple[str, ...] = ()  # quote ids or entity ids that report it
    certainty: Certainty = "asserted"
    mentions: tuple[Mention, ...] = ()  # every trigger merged into this event, first = trigger
    participants: tuple[str, ...] = ()  # entity ids: actors, targets, others named beside it
    related: tuple[str, ...] = ()  # event ids told as the same happening but kept apart
    fatality_reports: tuple[FatalityReport, ...] = ()  # every death count stated for it
    detail: str | None = None  # the finer kind the ACLED sub-type leaves open ("coup attempt")
    actor1: EventActor | None = None  # ACLED's actor1: who acted
    actor2: EventActor | None = None  # ACLED's actor2: the other side, or who was acted on
    interaction: int | None = None  # ACLED's interaction code of the two inter codes

    @property
    def kind(self) -> str:
        """``type/subtype``, with ``/detail`` when there is one: the key events merge by."""
        return f"{self.type}/{self.subtype}" + (f"/{self.detail}" if self.detail else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "subtype": self.subtype,
            "detail": self.detail,
            "trigger": self.trigger.to_dict(),
            "actors": list(self.actors),
            "targets": list(self.targets),
            "place": self.place,
            "time": self.time,
            "fatalities": self.fatalities,
            "fatalities_text": self.fatalities_text,
            "sources": list(self.sources),
            "certainty": self.certainty,
            "mentions": [m.to_dict() for m in self.mentions],
            "participants": list(self.participants),
            "related": list(self.related),
            "fatality_reports": [r.to_dict() for r in self.fatality_reports],
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "interaction": self.interaction,
        }


@dataclass(frozen=True)
class Conflict:
    """Two or more accounts in the document that disagree."""

    id: str
    about: str  # "time", "place", "fatalities", ...
    items: tuple[str, ...]
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "about": self.about, "items": list(self.items), "note": self.note}


@dataclass(frozen=True)
class AnalyzedDocument:
    """The output of ``analyze`` for one article: the contract's document object."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeRef, ...] = ()
    events: tuple[Event, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "times": [t.to_dict() for t in self.times],
            "events": [e.to_dict() for e in self.events],
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


@dataclass(frozen=True)
class FailedDocument:
    """A document that could not be read or analysed, in its place in a batch."""

    id: str
    code: str
    message: str
    origin: str | None = None
    language: str | None = None  # when known: the language a refused text is in (E208)

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {"id": self.id}
        if self.language is not None:
            document["language"] = self.language
        return {
            "schema": SCHEMA,
            "document": document,
            "error": {"code": self.code, "message": self.message},
        }


__all__ = [
    "haversine_km",
    "SCHEMA",
    "Alias",
    "AnalyzedDocument",
    "Article",
    "Certainty",
    "Conflict",
    "Entity",
    "EntityLinker",
    "Event",
    "EventActor",
    "Evidence",
    "FailedDocument",
    "FatalityReport",
    "Mention",
    "NamedMention",
    "Place",
    "Quote",
    "QuoteKind",
    "Speaker",
    "TimeRef",
    "Tense",
    "TimeNormalizer",
    "TimeType",
    "TimeValue",
]
