"""Placing a document's place entities: the document's context as evidence, in two passes.

The gazetteer (:mod:`storyline.resolve.gazetteer`) knows the names; this room knows the
document: the countries and divisions it names, the points of its other places, the places
a name is written inside ("Athens, Ga."), the nationality words that stand for a country.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from functools import lru_cache

from ..datafiles import table_lines
from ..errors import ResolveError
from ..records import Entity, Place
from .gazetteer import Candidate, Gazetteer, PlaceContext
from .place_layout import containers, county_lists, dateline_entity
from .place_regions import county_states, divisions_in_names
from .translit import fold, name_key

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: labels whose entities may be placed: the place labels, and ORG for a name that is exactly a
#: country or division ("U.S.", "Texas" as a team or a government); the gazetteer is strict
#: with ORG. PERSON, WORK_OF_ART and the rest are never placed.
PLACEABLE = PLACE_LABELS | {"ORG"}
#: a placed mention's confidence by the evidence that chose it: the share of such placements
#: within 161 km of the gold point, measured on one half of the development splits (the even
#: documents of geowebnews-dev, lgl-dev and trnews-dev, 1,660 placed mentions on a gold
#: toponym, 2026-12-03) and checked on the other (odd) half, the share there in brackets
#: (``scripts/calibrate_places.py``)
EVIDENCE_CONFIDENCE = {
    "within": 0.98,  # written inside a state or country ("Athens, Ga."), 66 placed (1.00)
    "division": 0.84,  # a town in a division the document names, 94 (0.81)
    "country": 0.9,  # in a country the document names, 829 (0.85)
    "near": 0.86,  # within 500 km of the document's other places, 202 (0.89)
    "prior": 0.66,  # no support: the most likely place of the name, 139 (0.68)
    "variant": 0.0,  # a spelling variant in a named country or a big town (0 of 7 earlier)
    "demonym": 0.98,  # a nationality word linked to its country, 140 (0.99)
    "embedded": 0.85,  # a place named inside the entity's name ("Ohio State Police"), 164 (0.78)
}
#: below this confidence a place is not given. Chosen on the same half as the level with the
#: best mean of Acc@161 and place precision: withholding the unsupported ("prior") placements
#: too loses more Acc@161 than it gains precision there (mean 0.724 -> 0.713) and on the other
#: half (0.699 -> 0.684); so only spelling variants are withheld
ABSTAIN_BELOW = 0.3
#: labels whose entities may be a demonym ("Russian", "Sri Lankan")
DEMONYM_LABELS = {"NORP", "GPE", "ORG", "LOC"}
#: labels whose unplaced entities may carry a place named inside their name: an
#: organisation ("Ohio State Police"), or a compound or part of a place ("Fargo-Moorhead",
#: "East Texas"); not a facility (streets and schools are named after places far away)
EMBEDDING_LABELS = {"ORG", "GPE", "LOC"}
#: the words that make a place name a part of another ("East Texas", "Greater Manchester")
_PART_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest central upper lower "
    "greater metro downtown northern southern eastern western midtown uptown".split()
)
_WORDS = re.compile(r"[\s\-\u2010-\u2015/]+")
_EDGE = re.compile(r"^[^\w]+|(?:['\u2019]s)?[^\w.]*$")


@lru_cache(maxsize=1)
def _not_toponyms() -> frozenset[str]:
    """Words that are never a toponym on their own: titles ("Capt", "Gov."), months, days."""
    titles = [ln.strip() for ln in table_lines("title_abbreviations.tsv", ResolveError)]
    calendar_words = [*calendar.month_name[1:], *calendar.day_name, *calendar.month_abbr[1:]]
    return frozenset(fold(w).replace(".", "").strip() for w in [*titles, *calendar_words])


def _seat(cand: Candidate, inner: str) -> bool:
    """May a place named inside another name be this candidate without another mention of
    it in the document? A country; a division or county by its own name or code
    ("Texas", "U.S.", "Madison County"); a town by its own name where the document supports it
    (in a division it names, near its other places)."""
    if cand.feature == "A.PCLI":
        return True
    own = fold(cand.name) == fold(inner) or inner.replace(".", "").isupper()
    if cand.feature == "A.ADM1":
        return own
    if cand.feature == "A.ADM2":
        return own and " " in inner
    # a town by its own name in a division the document names or near its other places
    return own and cand.evidence in ("division", "near")


def is_toponym_form(name: str) -> bool:
    """False for a name that is only a title, a month or a day ("Capt", "Sen.", "March"),
    or only a part word ("East", "Metro": a direction or a part of a name left alone)."""
    folded = fold(name).replace(".", "").strip()
    return folded not in _not_toponyms() and folded not in _PART_WORDS


def inner_names(name: str, longest: int = 4) -> list[str]:
    """The capitalised word runs inside a name, longest first, left to right.

    "Madison County Health Department" gives "Madison County Health", ..., "Madison County",
    ..., "Madison"; "Fargo-Moorhead" gives "Fargo" and "Moorhead". The whole name is not one.
    """
    words = [_EDGE.sub("", w) for w in _WORDS.split(name)]
    words = [w for w in words if w]
    out: list[str] = []
    for size in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if size < len(words) and all(w[:1].isupper() for w in part):
                out.append(" ".join(part))
    return out


class DocumentPlacer:
    """Places the place entities of one document with the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.named_by: dict[str, set[str]] = {}  # country -> the entities that name it
        self.implied_by: dict[str, set[str]] = {}  # country -> the entities placed in it
        self.units: dict[str, str] = {}  # entity -> "County" for a name in a list of counties
        self.mention_counts: dict[str, int] = {}  # entity -> how many mentions it has

    def place(self, entities: list[Entity], text: str = "") -> list[Entity]:
        """Place the place entities in two passes over the document's context.

        Pass one resolves each name against the countries the document names outright;
        pass two again, now also against the countries its towns and provinces lie in, the
        divisions it names and the points of the other places, so that "Georgia" beside
        "Atlanta" is the state and "London" beside "Ontario" the Canadian town; a name written
        inside another ("Athens, Ga.") is placed inside it.
        """
        gaz = self.gazetteer
        by_id = {e.id: e for e in entities}
        self.mention_counts = {e.id: len(e.mentions) for e in entities}
        # "Indiana counties" are the state's: a division's or country's name is no county's
        self.units = {
            eid: unit
            for eid, unit in county_lists(entities, text).items()
            if not any(
                c.feature in ("A.ADM1", "A.PCLI")
                for a in by_id[eid].aliases
                for c in gaz.lookup(a.name)
            )
        }
        todo = [e for e in entities if e.label in PLACEABLE or e.id in self.units]
        named: set[str] = set()
        self.named_by = {}
        for ent in todo:
            for alias in ent.aliases:
                found = gaz.lookup(alias.name)
                country = next((c for c in found if c.feature == "A.PCLI"), None)
                # a name shared with a province ("Georgia") names no country for sure
                if country and country.country and not any(c.feature == "A.ADM1" for c in found):
                    named.add(country.country)
                    self.named_by.setdefault(country.country, set()).add(ent.id)
                    break
        first = self._resolve_all(todo, PlaceContext(countries=set(named), points=[]), {})
        implied_by: dict[str, set[str]] = {}
        for eid, c in first.items():
            if c.country and c.feature != "A.PCLI":
                implied_by.setdefault(c.country, set()).add(eid)
        implied = set(implied_by)
        points = {eid: (c.lat, c.lon) for eid, c in first.items() if c.feature != "A.PCLI"}
        named_divisions = {
            eid: (c.country, c.admin1 or "")
            for eid, c in first.items()
            if c.feature == "A.ADM1" and c.country
        }
        within = containers(todo, text, first)
        dateline = dateline_entity(todo, text)
        if dateline is not None:
            # the place the report was filed from: its division is the document's own
            home = within.get(dateline.id)
            cand = first.get(dateline.id)
            if home is None and cand is not None and cand.feature.startswith(("P.", "A.ADM2")):
                home = (cand.country, cand.admin1) if cand.country else None
            if home is not None and home[1]:
                named_divisions.setdefault(dateline.id, (home[0], home[1]))
        regions = {**county_states(gaz, entities), **divisions_in_names(gaz, todo, first, named)}
        for eid, division in regions.items():
            named_divisions.setdefault(eid, division)
        divisions = set(named_divisions.values())
        # only what pass one left open is reconsidered: nothing placed, a country whose
        # name a province shares, a town outside the divisions the document names while a
        # namesake lies inside one, a town written inside another place; a clear winner
        # ("Athens" with nothing else said) keeps its place
        doubtful = [
            e
            for e in todo
            if e.id not in first
            or e.id in within
            # nothing in the document chose it: the document's towns may now point elsewhere
            or first[e.id].evidence == "prior"
            or self._shared_country(e, first[e.id])
            or self._division_rival(e, first[e.id], divisions)
        ]
        ctx = PlaceContext(countries=named | implied, points=[], divisions=divisions)
        self.implied_by = implied_by
        second = self._resolve_all(doubtful, ctx, points, within, named_divisions)
        self.implied_by = {}
        placed = {**first, **second}
        out = [self._with_place(ent, placed.get(ent.id)) for ent in entities]
        out = [self._with_demonym(ent) if ent.place is None else ent for ent in out]
        ctx.points = [(c.lat, c.lon) for c in placed.values() if c.feature != "A.PCLI"]
        ctx.divisions, ctx.within, ctx.own = divisions, None, set()
        ctx.countries = named | implied
        # a word the text also writes in lower case is a common word ("city", "national")
        lower_words = {w for w in re.findall(r"[a-z]+", text)}
        return [self._with_embedded(ent, out, ctx, lower_words) for ent in out]

    def _with_embedded(
        self, ent: Entity, placed: list[Entity], ctx: PlaceContext, lower_words: set[str]
    ) -> Entity:
        """An unplaced entity whose name holds a place ("Minnesota Department of
        Transportation", "Fargo-Moorhead") gets that place, of kind ``embedded``.

        The inner name is another entity of the document that has a place, or else a country,
        a division or a county, or a town the document supports (in a division it names, or
        near its other places); the longest inner name that is one wins.
        """
        if ent.place is not None or ent.label not in EMBEDDING_LABELS:
            return ent
        if ent.label != "ORG" and not any(
            _WORDS.search(a.name) and " " not in a.name or fold(a.name).split()[0] in _PART_WORDS
            for a in ent.aliases
        ):
            return ent
        known = {
            name_key(a.name): e.place
            for e in placed
            if e.place is not None and e.place.kind == "literal"
            for a in e.aliases
        }
        ctx.label = "GPE"
        mentions = [fold(m.text) for m in ent.mentions]
        for alias in ent.aliases:
            for inner in inner_names(alias.name):
                folded = fold(inner)
                if (
                    not is_toponym_form(inner)
                    or folded in lower_words
                    or all(w in _PART_WORDS for w in folded.split())
                    # every mention names it: an acronym of the entity names no place
                    or not all(folded in m for m in mentions)
                ):
                    continue
                place = known.get(name_key(inner))
                if place is None:
                    cand = self.gazetteer.resolve(inner, ctx)
                    if cand is None or not _seat(cand, inner):
                        continue
                    place = self._place_of(cand, EVIDENCE_CONFIDENCE["embedded"])
                confidence = EVIDENCE_CONFIDENCE["embedded"]
                if place.confidence is not None:
                    confidence = min(confidence, place.confidence)
                place = replace(place, kind="embedded", confidence=confidence)
                return Entity(ent.id, ent.name, ent.label, ent.mentions, place, ent.aliases)
        return ent

    def _division_rival(
        self, ent: Entity, cand: Candidate, divisions: set[tuple[str, str]]
    ) -> bool:
        if not divisions or cand.feature == "A.ADM1" or (cand.country, cand.admin1) in divisions:
            return False
        return any(
            (c.country, c.admin1 or "") in divisions and c.feature != "A.ADM1"
            for a in ent.aliases
            for c in self.gazetteer.lookup(a.name)
        )

    def _with_demonym(self, ent: Entity) -> Entity:
        """A nationality word linked to its country, as a place of kind ``demonym``."""
        if ent.label not in DEMONYM_LABELS:
            return ent
        for alias in ent.aliases:
            cand = self.gazetteer.demonym(alias.name)
            if cand is not None:
                place = replace(
                    self._place_of(cand, EVIDENCE_CONFIDENCE["demonym"]), kind="demonym"
                )
                return Entity(ent.id, ent.name, ent.label, ent.mentions, place, ent.aliases)
        return ent

    def _shared_country(self, ent: Entity, cand: Candidate) -> bool:
        return cand.feature == "A.PCLI" and any(
            c.feature == "A.ADM1" for a in ent.aliases for c in self.gazetteer.lookup(a.name)
        )

    def _resolve_all(
        self,
        entities: list[Entity],
        ctx: PlaceContext,
        others: dict[str, tuple[float, float]],
        within: dict[str, tuple[str, str | None]] | None = None,
        named_divisions: dict[str, tuple[str, str]] | None = None,
    ) -> dict[str, Candidate]:
        """Each entity's place under ``ctx``; ``others`` are points of the other entities,
        ``within`` the places some entities are written inside."""
        out: dict[str, Candidate] = {}
        fixed = list(ctx.points)
        for ent in entities:
            ctx.label = ent.label
            ctx.within = (within or {}).get(ent.id)
            ctx.own = {c for c, ids in self.named_by.items() if ids == {ent.id}}
            if self.implied_by:
                # the countries the other entities' places lie in ("Alexandria" alone
                # placed in Egypt is no evidence for Egypt)
                ctx.countries = set(self.named_by) | {
                    c for c, ids in self.implied_by.items() if ids - {ent.id}
                }
            if named_divisions:
                # the divisions the other entities name: "Quebec" the province is no
                # evidence for "Quebec" the city
                ctx.divisions = {d for eid, d in named_divisions.items() if eid != ent.id}
                # how often the other entities name each ("Boone County" in a story that
                # names Indiana throughout and Kentucky once is Indiana's)
                ctx.named_times = {}
                for eid, d in named_divisions.items():
                    if eid != ent.id and eid in self.mention_counts:
                        ctx.named_times[d] = ctx.named_times.get(d, 0) + self.mention_counts[eid]
            ctx.points = fixed + [p for eid, p in others.items() if eid != ent.id]
            unit = self.units.get(ent.id)
            if unit is not None:
                ctx.label = "GPE"
            for alias in ent.aliases:
                if not is_toponym_form(alias.name):
                    continue
                if unit is not None:
                    # one of a list of counties: the county of that name, or nothing
                    cand = self.gazetteer.resolve(f"{alias.name} {unit}", ctx)
                    if cand is None or cand.feature != "A.ADM2":
                        continue
                else:
                    cand = self.gazetteer.resolve(alias.name, ctx)
                if cand is not None:
                    out[ent.id] = cand
                    if not others and cand.feature != "A.PCLI":
                        fixed.append((cand.lat, cand.lon))
                    break
        return out

    def _place_of(self, cand: Candidate, confidence: float | None) -> Place:
        """The record of a chosen candidate, with its divisions' names."""
        admin1 = (
            cand.name
            if cand.feature == "A.ADM1"
            else self.gazetteer.admin1_name(cand.country, cand.admin1)
        )
        return Place(
            cand.lat,
            cand.lon,
            cand.country,
            cand.geonames_id,
            cand.feature,
            cand.name,
            admin1=None if cand.feature == "A.PCLI" else admin1,
            admin2=cand.name if cand.feature == "A.ADM2" else cand.admin2,
            confidence=confidence,
        )

    def _with_place(self, ent: Entity, cand: Candidate | None) -> Entity:
        confidence = EVIDENCE_CONFIDENCE.get(cand.evidence) if cand is not None else None
        if cand is None or (confidence is not None and confidence < ABSTAIN_BELOW):
            return ent
        place = self._place_of(cand, confidence)
        if ent.label == "ORG" and ent.id not in self.units:
            # placed (a team or a government named by its country or state), still an ORG:
            # the place tells where, the label what it is
            label = "ORG"
        elif cand.feature.startswith(("H.", "T.", "L.", "U.", "V.")):
            label = "LOC"
        elif ent.label == "GPE" or cand.feature.startswith(("A.", "P.")):
            label = "GPE"
        else:
            label = ent.label
        name = cand.name if cand.feature.startswith(("P.", "H.", "T.")) else ent.name
        return Entity(ent.id, name, label, ent.mentions, place, ent.aliases)
