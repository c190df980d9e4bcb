"""storyline_conflicts: accounts in one article that disagree on when, where or how many died.

Two events are taken to be one happening told twice when they are of the same or a related
type (``related_types`` in ``data/event_triggers.json``: a clash and a coup attempt in one
story) and either one was told as a reference back to the other ("the incident"), or they share
actors, targets or a named person. Such a pair is a conflict about "time" when both are dated
and the dates' ranges do not overlap, and about "place" when both are placed far apart; the two
must come from different sources unless the text itself links them. A single event whose
sources give different death tolls is a conflict about "fatalities".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from ..records import Conflict, Entity, Event, Quote, TimeRef, haversine_km
from .events.lexicon import EventLexicon, load_lexicon
from .events.mentions import time_range
from .extensions import get_list

#: two placed events further apart than this are told in different places
FAR_KM = 50.0
_COUNTRY_FEATURES = ("A.PCL", "A.ADM1")


class ConflictFinder(Pipe):
    """Compare the events of a Doc and write ``records.Conflict`` to ``doc._.sl_conflicts``."""

    def __init__(self, nlp: Language, name: str, lexicon: EventLexicon | None = None) -> None:
        self.name = name
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, self.find(doc))
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol
            error_handler(self.name, self, [doc], err)
        return doc

    def set_annotations(self, doc: Doc, conflicts: list[Conflict]) -> None:
        """Store the conflicts on the Doc."""
        get_list(doc, "sl_conflicts").extend(conflicts)

    def find(self, doc: Doc) -> list[Conflict]:
        """The conflicts among ``doc._.sl_events``, ids ``c1``, ``c2``, ..."""
        return find_conflicts(
            get_list(doc, "sl_events"),
            get_list(doc, "sl_times"),
            get_list(doc, "sl_quotes"),
            get_list(doc, "sl_entities"),
            self.lexicon,
        )


def find_conflicts(
    events: list[Event],
    times: list[TimeRef],
    quotes: list[Quote],
    entities: list[Entity],
    lexicon: EventLexicon | None = None,
) -> list[Conflict]:
    """Conflicting accounts among ``events`` (see the module docstring for the rules)."""
    lex = lexicon or load_lexicon()
    ctx = _Sources(times, quotes, entities)
    found: list[tuple[str, list[str], str]] = []
    by_times: dict[frozenset[str], int] = {}  # one conflict per pair of disagreeing dates
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            linked = b.id in a.related or a.id in b.related
            if not _same_happening(a, b, lex, linked):
                continue
            if not linked and not ctx.different_sources(a, b):
                continue
            ta, tb = ctx.times.get(a.time or ""), ctx.times.get(b.time or "")
            if ta is not None and tb is not None and _times_disagree(ta, tb):
                key = frozenset((ta.id, tb.id))
                if key in by_times:
                    items = found[by_times[key]][1]
                    items[:0] = [e for e in (a.id, b.id) if e not in items]
                    continue
                note = f"time: '{ta.text}' (per {ctx.label(a)}) vs '{tb.text}' (per {ctx.label(b)})"
                by_times[key] = len(found)
                found.append(("time", [a.id, b.id, ta.id, tb.id], note))
            elif a.place and b.place and a.place != b.place and ctx.far_apart(a.place, b.place):
                if ta is not None and tb is not None and _times_disagree(ta, tb):
                    continue
                note = (
                    f"place: '{ctx.name(a.place)}' (per {ctx.label(a)}) "
                    f"vs '{ctx.name(b.place)}' (per {ctx.label(b)})"
                )
                found.append(("place", [a.id, b.id, a.place, b.place], note))
    for ev in events:
        counted = [r for r in ev.fatality_reports if r.count is not None]
        by_source = {ctx.source_key(r.source): r for r in counted if r.source}
        if len({r.count for r in by_source.values()}) > 1:
            reports = sorted(by_source.values(), key=lambda r: r.count or 0)
            parts = [f"'{r.text}' (per {ctx.source_name(r.source)})" for r in reports]
            items = [ev.id, *[r.source for r in reports if r.source]]
            found.append(("fatalities", items, "fatalities: " + " vs ".join(parts)))
    return [
        Conflict(id=f"c{n}", about=about, items=tuple(_sorted_items(items)), note=note)
        for n, (about, items, note) in enumerate(found, 1)
    ]


def _sorted_items(items: list[str]) -> list[str]:
    """Events first (in order), then the other ids as found."""
    events = sorted({i for i in items if i.startswith("v")}, key=lambda i: int(i[1:] or 0))
    return events + [i for i in dict.fromkeys(items) if not i.startswith("v")]


def _same_happening(a: Event, b: Event, lex: EventLexicon, linked: bool) -> bool:
    if not lex.related(a.kind, b.kind):
        return False
    if linked:
        return True
    if a.actors and b.actors and not set(a.actors) & set(b.actors):
        return False  # told as done by different people
    shared = (set(a.actors) | set(a.targets)) & (set(b.actors) | set(b.targets))
    return bool(shared or set(a.participants) & set(b.participants))


def _times_disagree(a: TimeRef, b: TimeRef) -> bool:
    if a.id == b.id or a.type in ("DURATION", "SET") or b.type in ("DURATION", "SET"):
        return False
    ra, rb = time_range(a), time_range(b)
    if ra is None or rb is None:
        return False
    return ra[1] < rb[0] or rb[1] < ra[0]


class _Sources:
    """Who reports what: names and identity keys of quote and entity sources."""

    def __init__(self, times: list[TimeRef], quotes: list[Quote], entities: list[Entity]) -> None:
        self.times = {t.id: t for t in times}
        self.quotes = {q.id: q for q in quotes}
        self.entities = {e.id: e for e in entities}

    def source_key(self, sid: str) -> str:
        """One key per speaker: two quotes of one person are one source."""
        q = self.quotes.get(sid)
        if q is None:
            return sid
        if q.speaker is None:
            return q.via[-1] if q.via else sid
        return q.speaker.entity or q.speaker.name.lower()

    def source_name(self, sid: str | None) -> str:
        if sid is None:
            return "the article"
        q = self.quotes.get(sid)
        if q is not None:
            if q.speaker is not None:
                return q.speaker.name
            return self.name(q.via[-1]) if q.via else "an unnamed source"
        return self.name(sid)

    def name(self, eid: str) -> str:
        ent = self.entities.get(eid)
        return ent.name if ent else eid

    def keys(self, ev: Event) -> set[str]:
        return {self.source_key(s) for s in ev.sources}

    def different_sources(self, a: Event, b: Event) -> bool:
        ka, kb = self.keys(a), self.keys(b)
        return bool(ka or kb) and ka != kb

    def label(self, ev: Event) -> str:
        names = list(dict.fromkeys(self.source_name(s) for s in ev.sources))
        return ", ".join(names) if names else "the article"

    def far_apart(self, a: str, b: str) -> bool:
        pa, pb = self.entities.get(a), self.entities.get(b)
        if pa is None or pb is None or pa.place is None or pb.place is None:
            return False
        pla, plb = pa.place, pb.place
        if any((p.feature or "").startswith(_COUNTRY_FEATURES) for p in (pla, plb)):
            return bool(pla.country and plb.country and pla.country != plb.country)
        return haversine_km(pla.lat, pla.lon, plb.lat, plb.lon) > FAR_KM


@Language.factory(
    "storyline_conflicts",
    requires=["doc._.sl_events", "doc._.sl_times", "doc._.sl_quotes"],
    assigns=["doc._.sl_conflicts"],
)
def make_conflicts(nlp: Language, name: str) -> ConflictFinder:
    """Build the ``storyline_conflicts`` component."""
    return ConflictFinder(nlp, name)


__all__ = ["FAR_KM", "ConflictFinder", "find_conflicts", "make_conflicts"]
