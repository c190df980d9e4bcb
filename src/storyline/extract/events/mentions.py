"""Merging event mentions into events: one event per happening in an article.

Mentions of one happening merge when they have the same type and compatible times, places and
actors; a definite reference back ("the incident") joins what it refers to, or stays apart as a
*related* event when its details disagree (``storyline_conflicts`` reports those). A mention
with no date of its own takes that of a related event told just before it (narrative time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ...records import Certainty, Event, EventActor, FatalityReport, Mention, Quote, TimeRef
from .lexicon import EventLexicon, TriggerRule

if TYPE_CHECKING:
    from ...records import Place

TIME_TYPES = frozenset({"DATE", "TIME"})
#: how firmly a time was tied to a mention: lower is better
LEVEL_CLAUSE, LEVEL_SENT, LEVEL_PARA, LEVEL_NARRATIVE = 0, 1, 2, 3
NARRATIVE_SENTS = 2
#: event types that happen at one place (a disaster may cover several provinces)
_ONE_PLACE = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}
)


@dataclass
class EventMention:
    """One trigger (or anaphor) occurrence, with the arguments read off the parse."""

    start: int  # token index
    end: int
    head: Token
    type: str
    subtype: str | None
    rule: TriggerRule | None
    sent: int
    para: int
    anaphor: bool = False
    antecedent: EventMention | None = field(default=None, repr=False, compare=False)
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    place_rank: int = 99
    time: TimeRef | None = None
    time_level: int = 99
    sources: list[str] = field(default_factory=list)
    certainty: Certainty = "asserted"
    quote: Quote | None = None
    fatalities: list[FatalityReport] = field(default_factory=list)
    detail: str | None = None
    agent_tokens: list[int] = field(default_factory=list)  # who acted, as the parse says
    patient_tokens: list[int] = field(default_factory=list)  # on whom
    actor1: EventActor | None = None
    actor2: EventActor | None = None
    interaction: int | None = None

    @property
    def kind(self) -> str:
        return f"{self.type}/{self.subtype}" + (f"/{self.detail}" if self.detail else "")


@dataclass
class Cluster:
    """Mentions merged into one event."""

    mentions: list[EventMention]
    related: set[int] = field(default_factory=set)

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    @property
    def kind(self) -> str:
        return self.first.kind

    def time(self) -> TimeRef | None:
        best = min(self.mentions, key=lambda m: m.time_level)
        return best.time

    def place(self) -> str | None:
        best = min(self.mentions, key=lambda m: m.place_rank)
        return best.place

    def actors(self) -> set[str]:
        return {a for m in self.mentions for a in m.actors}


def time_range(t: TimeRef) -> tuple[str, str] | None:
    """``(earliest, latest)`` of a time, from its fields or its TIMEX3 value; None if unknown."""
    if t.type not in TIME_TYPES and not (t.earliest and t.latest):
        return None
    if t.earliest and t.latest:
        return t.earliest[:10], t.latest[:10]
    v = t.value or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v, v
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return v + "-01", v + "-31"
    if re.fullmatch(r"\d{4}", v):
        return v + "-01-01", v + "-12-31"
    return None


def times_compatible(a: TimeRef | None, b: TimeRef | None) -> bool:
    """False only when both times are known ranges that do not overlap."""
    if a is None or b is None or a.id == b.id:
        return True
    ra, rb = time_range(a), time_range(b)
    if ra is None or rb is None:
        return True
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _places_compatible(a: str | None, b: str | None, places: Mapping[str, Place]) -> bool:
    """Unknown, the same, or one inside the other: a country and a place in it, a
    first-level division and a place in it ("a car bomb in Turkey" ... "the blast in
    Kayseri")."""
    if a is None or b is None or a == b:
        return True
    pa, pb = places.get(a), places.get(b)
    if pa is None or pb is None or not pa.country or pa.country != pb.country:
        return False
    return _inside(pb, pa) or _inside(pa, pb)


def _inside(inner: Place, outer: Place) -> bool:
    feature = outer.feature or ""
    if feature.startswith("A.PCL"):
        return not (inner.feature or "").startswith("A.PCL")
    division = outer.admin1 or outer.name
    return feature == "A.ADM1" and division is not None and inner.admin1 == division


def _compatible(c: Cluster, m: EventMention, places: Mapping[str, Place]) -> bool:
    if c.kind != m.kind or not times_compatible(c.time(), m.time):
        return False
    # a place inside another joins only an attack or a demonstration told just before it:
    # an article of several landslides in one country tells several events
    near = m.type in _ONE_PLACE and m.sent - c.mentions[-1].sent <= NARRATIVE_SENTS
    if not _places_compatible(c.place(), m.place, places if near else {}):
        return False
    actors = c.actors()
    return not (actors and m.actors and not actors & set(m.actors))


def merge_mentions(
    mentions: list[EventMention], lex: EventLexicon, places: Mapping[str, Place] | None = None
) -> list[Cluster]:
    """Merge mentions of one happening; anaphors join what they refer to (or stay related).
    ``places`` holds the places of place entity ids (a place inside another is compatible)."""
    places = places or {}
    clusters: list[Cluster] = []
    owner: dict[int, int] = {}  # id(mention) -> cluster index
    ordered = sorted(mentions, key=lambda m: m.start)
    for n, m in enumerate(ordered):
        if m.time is None:
            _inherit_time(m, ordered[:n], clusters, owner, lex)
        target: int | None = None
        if m.anaphor:
            ante = next((o for o in reversed(ordered[:n]) if o.kind == m.kind), None)
            if ante is not None:
                k = owner[id(ante)]
                if _compatible(clusters[k], m, places):
                    target = k
                else:
                    clusters.append(Cluster([m], related={k}))
                    clusters[k].related.add(len(clusters) - 1)
                    owner[id(m)] = len(clusters) - 1
                    continue
        if target is None:
            cands = [k for k, c in enumerate(clusters) if _compatible(c, m, places)]
            target = max(cands, key=lambda k: clusters[k].mentions[-1].start) if cands else None
        if target is None:
            clusters.append(Cluster([m]))
            target = len(clusters) - 1
        else:
            clusters[target].mentions.append(m)
        owner[id(m)] = target
    return clusters


def _inherit_time(
    m: EventMention,
    before: list[EventMention],
    clusters: list[Cluster],
    owner: dict[int, int],
    lex: EventLexicon,
) -> None:
    """Narrative time: a mention with no date of its own takes that of a related event just told."""
    for o in reversed(before):
        if m.sent - o.sent > 1 + (1 if m.para == o.para else 0):
            break
        if id(o) not in owner or not lex.related(o.kind, m.kind):
            continue
        t = clusters[owner[id(o)]].time()
        if t is not None:
            m.time, m.time_level = t, LEVEL_NARRATIVE
            return


def cluster_to_event(eid: str, c: Cluster, clusters: list[Cluster]) -> Event:
    first = c.first
    doc = first.head.doc
    mentions = tuple(
        Mention(
            doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), doc[m.start : m.end].text
        )
        for m in c.mentions
    )
    t = c.time()
    certainty: Certainty = "hedged"
    if any(m.certainty == "asserted" for m in c.mentions):
        certainty = "asserted"
    elif any(m.certainty == "reported" for m in c.mentions):
        certainty = "reported"
    reports = tuple(r for m in c.mentions for r in m.fatalities)
    # the sides of the first mention that names one: the best-told account of who did it
    sides = next((m for m in c.mentions if m.actor1 is not None), first)
    counts = [r.count for r in reports if r.count is not None]
    return Event(
        id=eid,
        type=first.type,
        subtype=first.subtype,
        detail=first.detail,
        trigger=mentions[0],
        actors=tuple(unique(a for m in c.mentions for a in m.actors)),
        targets=tuple(unique(a for m in c.mentions for a in m.targets)),
        place=c.place(),
        time=t.id if t else None,
        fatalities=min(counts) if counts else None,
        fatalities_text=None if counts or not reports else reports[0].text,
        sources=tuple(unique(s for m in c.mentions for s in m.sources)),
        certainty=certainty,
        mentions=mentions,
        participants=tuple(unique(p for m in c.mentions for p in m.participants)),
        related=tuple(f"v{k + 1}" for k in sorted(c.related)),
        fatality_reports=reports,
        actor1=sides.actor1,
        actor2=sides.actor2,
        interaction=sides.interaction,
    )


__all__ = [
    "LEVEL_CLAUSE",
    "LEVEL_NARRATIVE",
    "LEVEL_PARA",
    "LEVEL_SENT",
    "NARRATIVE_SENTS",
    "TIME_TYPES",
    "Cluster",
    "EventMention",
    "cluster_to_event",
    "merge_mentions",
    "time_range",
    "times_compatible",
    "unique",
]
