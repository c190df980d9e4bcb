"""The regions a document names beyond its place entities: the states of the organisations
and counties it names, evidence for placing its towns (:mod:`.places`)."""

from __future__ import annotations

from ..records import Entity
from .gazetteer import Candidate, Gazetteer, PlaceContext
from .translit import fold

#: the words that end a county's name ("Anderson County", "Rapides Parish")
_COUNTY_WORDS = frozenset({"County", "Parish", "Borough"})
#: labels whose names may hold a county's or state's name ("Ohio State Police")
_NAMING_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def divisions_in_names(
    gaz: Gazetteer, entities: list[Entity], placed: dict[str, Candidate], countries: set[str]
) -> dict[str, tuple[str, str]]:
    """The first-level divisions that unplaced organisations are named after ("Georgia
    Bureau of Investigation", "Indiana Department of Workforce Development"), or that
    hold the county they are named after when no other county bears its name ("Rapides
    Parish Fire District"): a state's or county's agency, court or school tells the
    story's region as its name does."""
    from .places import inner_names, is_toponym_form  # the placer's name helpers

    ctx = PlaceContext(countries=set(countries), points=[], label="GPE")
    # the countries the document's places lie in: "Georgia Bureau of Investigation" in a
    # story of US towns is the state's, though "Georgia" alone reads as the country
    lie_in = {c.country for c in placed.values() if c.country and c.feature != "A.PCLI"}
    out: dict[str, tuple[str, str]] = {}
    for ent in entities:
        if ent.label != "ORG" or ent.id in placed:
            continue
        for alias in ent.aliases:
            for word in filter(is_toponym_form, inner_names(alias.name)):
                cand = gaz.resolve(word, ctx)
                if cand is not None and cand.feature == "A.PCLI" and cand.country not in lie_in:
                    cand = next(
                        (
                            c
                            for c in gaz.lookup(word)
                            if c.feature == "A.ADM1" and c.country in lie_in
                        ),
                        cand,
                    )
                if cand is None or not cand.country or not cand.admin1:
                    continue
                own = fold(cand.name) == fold(word)
                # a county only by a name no other county bears ("Rapides Parish")
                county = cand.feature == "A.ADM2" and " " in word
                county = county and sum(c.feature == "A.ADM2" for c in gaz.lookup(word)) == 1
                if own and (cand.feature == "A.ADM1" or county):
                    out[ent.id] = (cand.country, cand.admin1)
                    break
            if ent.id in out:
                break
    return out


def county_states(gaz: Gazetteer, entities: list[Entity]) -> dict[str, tuple[str, str]]:
    """The state that holds both a county the document names and a town of another of
    its names, when one state alone does ("Palestine" beside "Anderson County": of the
    Anderson Counties, one holds a Palestine), by the entity of the county and of the
    town."""
    from .places import inner_names

    counties: dict[str, set[tuple[str, str, str]]] = {}
    towns: dict[str, set[tuple[str, str, str]]] = {}
    for ent in entities:
        if ent.label not in _NAMING_LABELS:
            continue
        for alias in ent.aliases:
            for name in [alias.name, *inner_names(alias.name)]:
                if name.rsplit(" ", 1)[-1] in _COUNTY_WORDS:
                    counties.setdefault(ent.id, set()).update(
                        (c.country, c.admin1, fold(c.name))
                        for c in gaz.lookup(name)
                        if c.feature == "A.ADM2" and c.country and c.admin1
                    )
            if ent.label in _PLACE_LABELS:
                towns.setdefault(ent.id, set()).update(
                    (c.country, c.admin1, fold(c.admin2))
                    for c in gaz.lookup(alias.name)
                    if c.feature.startswith("P.") and c.country and c.admin1 and c.admin2
                )
    out: dict[str, tuple[str, str]] = {}
    for cid, held in counties.items():
        pairs = {
            tid: {(country, admin1) for country, admin1, _ in held & places}
            for tid, places in towns.items()
            if tid != cid
        }
        states = set().union(*pairs.values())
        if len(states) == 1:
            # each names the state for the other: the county for its town, the town for
            # its county
            state = next(iter(states))
            out[cid] = state
            for tid, found in pairs.items():
                if found:
                    out.setdefault(tid, state)
    return out


__all__ = ["county_states", "divisions_in_names"]
