"""Choosing among a name's candidates with what the document says."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.records import haversine_km
from storyline.resolve.translit import name_key

from .schema import (
    _KIND_ALT,
    _KIND_NAME,
    ADM1_PRIOR,
    NEAR_KM,
    PHYSICAL_PRIOR,
    SMALL_PLACE,
    STRICT_LABELS,
    Candidate,
    PlaceContext,
    _Match,
    _spell,
    _written_in_capitals,
)

#: kilometres in a degree of latitude (a meridian's degree on the 6371 km sphere)
_KM_PER_DEGREE = 6371.0 * math.pi / 180

if TYPE_CHECKING:
    from .lookup import Gazetteer


def _prior(c: Candidate, kind: int) -> float:
    """How likely a mention of this name means this place, before any context."""
    f = c.feature
    if f == "A.PCLI":
        score = 10.0
    elif f == "L.CONT":
        score = 8.0
    elif f == "A.ADM1":
        # namesake divisions: the more populous first (a county of England before a parish
        # of Bermuda); a hundredth of a town's weight, so it only breaks ties
        score = ADM1_PRIOR + math.log10(c.population + 1) / 100
    elif f == "A.ADM2":
        # a county below a town of its name ("Sharjah" the city before its district)
        score = math.log10(c.population + 1) - 1.0
    elif f.startswith("P."):
        score = math.log10(c.population + 1) + (1.0 if f == "P.PPLC" else 0.0)
    else:
        score = max(PHYSICAL_PRIOR, math.log10(c.population + 1))
    return score - (0.5 if kind == _KIND_ALT else 0.0)


#: how much smaller (log10 of population) a town of a named division may be than the name's
#: most likely place and still be preferred for lying in that division
DIVISION_GAP = 2.0

#: a written abbreviation: short, with a dot ("Pa.", "Ga.", "W.Va.", "B.C.")
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,4}\.){1,3}$|^(?:[A-Z]\.){1,3}[A-Z][a-z]{0,3}\.?$")

#: how much smaller a town in a country the document names (or near its places) may be than
#: the name's most likely place and still be preferred ("Cairo" in a US story is Egypt's,
#: "London" beside Canadian towns Ontario's)
COUNTRY_GAP = 2.5

#: how much smaller a town near the document's other places may be than the likeliest
#: place of the name in its own country and still be preferred for being near: a namesake a
#: hundred times larger in the same country is the one its readers know ("Atlanta" beside a
#: few Illinois towns is still Georgia's), a foreign one is not ("Paris" in a Tennessee story)
NEAR_GAP = 2.0

#: below this population (of its towns) a first-level division needs support like a town
SMALL_DIVISION = 100_000

#: what an ORG mention may be without support from the document: a country or a division
_ORG_PLACES = frozenset({"A.PCLI", "A.ADM1", "A.ADM2"})


def resolve(gaz: Gazetteer, name: str, context: PlaceContext) -> Candidate | None:
    """The place a mention most likely refers to, or None when that is not clear.

    Rules, in order:

    1. A country name or alias wins as the country, unless a first-level division of a
       country the document mentions has the same name and the country itself is not
       mentioned ("Georgia" in a US story is the state).
    0. A mention written inside a division or country ("Athens, Ga.") is the best
       candidate in it.
    2. Otherwise towns in a division the document names come first ("London" beside
       "Ontario"), then candidates in countries the document mentions, then those
       within 500 km of places already resolved (unless a namesake a hundred times larger
       lies in the same country), then the prior (divisions and physical
       features weigh like a town of a million; capitals get a bonus, and so does the
       exact spelling over a transliteration variant).
    3. The winner carries the evidence that chose it (``within``, ``division``, ``country``,
       ``near``, ``prior``, ``variant``), which the linker turns into a confidence.
       Abstain when the winner is a town with no support from the document that is
       smaller than 15,000 people, or smaller than 100,000 when only a spelling variant
       matched; when the name is written in lower case; and, for PERSON and ORG mentions,
       whenever the winner has no support (countries aside for ORG).
    4. Spelling variants (:meth:`fuzzy_lookup`) are tried only when nothing matches
       exactly, never for PERSON or ORG, and are accepted only in a country the document
       names (or whose towns it names), or for towns of 100,000 or more.

    Args:
        name: The mention text.
        context: What the document says about where it is.

    Returns:
        The chosen candidate, or None.
    """
    label = (context.label or "").upper() or None
    strict = label in STRICT_LABELS
    text = name.strip()
    if not text or text == text.lower():
        return None
    spell = _spell(text)
    matches = gaz._exact(text)
    fuzzy = not matches
    if fuzzy:
        if strict or len(name_key(text)) < 5:
            return None
        matches = [_Match(c, _KIND_ALT, frozenset()) for c, _ in gaz.fuzzy_lookup(text, 10)]
        if not matches:
            return None

    if (
        not fuzzy
        and _ABBREVIATION.match(text)
        and not any(m.cand.feature == "A.PCLI" for m in matches)
    ):
        # "Pa.", "W.Va.", "Ont.": news abbreviates divisions, not towns ("Pa" is also an old
        # name of Chongqing)
        matches = [m for m in matches if m.cand.feature == "A.ADM1"] or matches

    def in_country(c: Candidate) -> bool:
        return c.country is not None and c.country in context.countries

    def near(c: Candidate) -> bool:
        # a division's point is its middle, far from its towns in a big province
        reach = 2 * NEAR_KM if c.feature == "A.ADM1" else NEAR_KM
        # a point further in latitude alone than the reach (plus a kilometre for rounding) is
        # out of it: the great-circle distance is at least the distance along a meridian
        span = (reach + 1.0) / _KM_PER_DEGREE
        return any(
            abs(c.lat - p[0]) <= span and haversine_km(c.lat, c.lon, *p) <= reach
            for p in context.points
        )

    def in_division(c: Candidate) -> bool:
        return c.country is not None and (c.country, c.admin1 or "") in context.divisions

    def inside(c: Candidate) -> bool:
        w = context.within
        return w is not None and c.country == w[0] and (w[1] is None or c.admin1 == w[1])

    if context.within is not None and any(inside(m.cand) for m in matches):
        # "Athens, Ga.": the written-out container settles it
        matches = [m for m in matches if inside(m.cand) and m.cand.feature != "A.PCLI"] or [
            m for m in matches if inside(m.cand)
        ]
        chosen = max(matches, key=lambda m: _prior(m.cand, m.kind) + (spell in m.spells)).cand
        return replace(chosen, evidence="within")

    if not fuzzy:
        countries = [m.cand for m in matches if m.cand.feature == "A.PCLI"]
        if countries:
            country = countries[0]
            rival = not in_country(country) and any(
                m.cand.feature == "A.ADM1" and in_country(m.cand) for m in matches
            )
            if country.country in context.own or not in_country(country):
                # named by nothing else in the document, while a namesake lies in a division
                # it names ("Palestine" beside "Texas")
                rival = rival or any(
                    m.cand.feature != "A.PCLI" and in_division(m.cand) and spell in m.spells
                    for m in matches
                )
            if not rival:
                if label == "PERSON" and not in_country(country):
                    return None
                return replace(country, evidence="country" if in_country(country) else "prior")

    def supports(c: Candidate) -> bool:
        return in_division(c) or in_country(c) or near(c)

    if not fuzzy and any(spell in m.spells for m in matches):
        # the name as written is in the gazetteer: a place whose name only shares the
        # transliteration key ("March" and Mersch, "Barry" and Bari) needs the document
        matches = [m for m in matches if spell in m.spells or supports(m.cand)]

    # the size bar is set by the name's likeliest town or division: a country of the name
    # has had its turn above ("Georgia" the state beside Atlanta)
    best_prior = max(
        (_prior(m.cand, m.kind) for m in matches if m.cand.feature != "A.PCLI"), default=0.0
    )

    any_exact = any(spell in m.spells for m in matches)
    best_in: dict[str | None, float] = {}
    for m in matches:
        if m.cand.feature != "A.PCLI":
            p = _prior(m.cand, m.kind)
            best_in[m.cand.country] = max(p, best_in.get(m.cand.country, p))

    def rank(m: _Match) -> tuple[bool, int, bool, bool, bool, float]:
        exact = spell in m.spells
        prior = _prior(m.cand, m.kind)
        # a hamlet of a state or country the story names, or near its places, does not
        # outrank a city a hundred times its size ("Atlanta" in a story that also names
        # Illinois, "Cairo" in a US story); a county of a named state does ("Fulton County"
        # beside Kentucky): a county's name is its own, a town's is shared
        named_division = in_division(m.cand) and m.cand.feature != "A.ADM1"
        division = named_division and (
            m.cand.feature == "A.ADM2" or prior >= best_prior - DIVISION_GAP
        )
        # a town of a division the story names keeps its country's support ("Paris" beside
        # "Texas"), and so does a town near the story's other places; elsewhere a town that
        # much smaller is only a namesake
        sized = named_division or prior >= best_prior - COUNTRY_GAP
        # a spelling that only shares the key ("Perris" for "Paris") is no town of the
        # country while the name as written is one
        country = sized and in_country(m.cand) and (exact or not any_exact)
        close = near(m.cand) and (
            named_division or prior >= best_in.get(m.cand.country, prior) - NEAR_GAP
        )
        # namesake counties of several named states ("Boone County" beside Indiana and
        # Kentucky): the state the story names more often; towns keep to their size
        times = 0
        if division and m.cand.feature == "A.ADM2":
            times = context.named_times.get((m.cand.country or "", m.cand.admin1 or ""), 0)
        return division, times, country, close, exact, prior

    top = max(matches, key=rank)
    best = top.cand
    supported = supports(best)
    if not fuzzy and not supported and spell not in top.spells and best.feature != "A.PCLI":
        # only a transliteration variant matched ("Fears" and Fars), and nothing in the
        # document points there: a guess, not a reading
        return None
    if fuzzy:
        # a spelling variant is a guess: it needs its country named in the document (a
        # village over the border that happens to be near is not enough), or a big town
        ok = in_country(best) or best.population >= 100_000
        return replace(best, evidence="variant") if ok else None
    if strict and not supported and not (label == "ORG" and best.feature in _ORG_PLACES):
        return None
    if label == "ORG" and best.feature not in _ORG_PLACES:
        # an organisation's name is a town only by the town's own name, not an alternate
        # spelling or code ("FBI", "GOP"), and not when written as an acronym
        if top.kind != _KIND_NAME or _written_in_capitals(text):
            return None
    # a GeoNames first-level division of a small country (a parish of the Isle of Man, a
    # municipality of Liechtenstein: under 100,000 people in its towns) counts as a town
    small = best.feature == "A.ADM1" and best.geonames_id is not None
    small = small and best.population < SMALL_DIVISION
    townlike = best.feature.startswith("P.") or best.feature == "A.ADM2" or small
    if townlike and best.feature != "P.PPLC" and not supported:
        exact = spell in top.spells
        floor = SMALL_PLACE if exact else 100_000
        if best.population < floor or (not exact and len(best.matched) <= 3):
            return None
    if in_division(best) and best.feature != "A.ADM1":
        why = "division"
    elif in_country(best):
        why = "country"
    elif near(best):
        why = "near"
    else:
        why = "prior"
    return replace(best, evidence=why)
