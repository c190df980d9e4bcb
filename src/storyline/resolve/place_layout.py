"""What the layout of a news text says about its places: "Town, State" and the dateline.

A place written as "Athens, Ga." lies inside the place written after the comma; a report
that opens "KABUL, Afghanistan (AP) --" or "LONDON (Reuters) -" was filed from that place,
which is the document's own place: its division and country are evidence for the others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..records import Entity
from .gazetteer import Candidate

#: what closes a dateline's place: an optional container ("KABUL, Afghanistan", "Athens, Ga."),
#: an optional credit in brackets ("(AP)", "(Reuters)", a station's call letters), then a dash
_DATELINE_TAIL = re.compile(
    r"(?:,[ \t]*[A-Z][\w.' ]{0,30}?)?[ \t]*"
    r"(?:\([A-Z][\w .&'-]{0,30}\)[ \t]*)?"
    r"(?:--|[-\u2013\u2014])[ \t]"
)
#: how far into the text a dateline may open: after a headline line or sentence
DATELINE_WITHIN = 400


def containers(
    todo: list[Entity], text: str, first: Mapping[str, Candidate]
) -> dict[str, tuple[str, str | None]]:
    """Entities written as "Town, State" (or "Town, Country"): the container of each.

    Args:
        todo: The place entities of the document.
        text: The document's text.
        first: The first-pass candidate of each entity, by entity id.

    Returns:
        (country, admin1 code or None) by entity id.
    """
    starts = {m.start: e for e in todo for m in e.mentions}
    out: dict[str, tuple[str, str | None]] = {}
    for ent in todo:
        for m in ent.mentions:
            if text[m.end : m.end + 1] != ",":
                continue
            rest = text[m.end + 1 :]
            other = starts.get(m.end + 1 + len(rest) - len(rest.lstrip(" ")))
            cont = first.get(other.id) if other is not None and other.id != ent.id else None
            if cont is None or cont.country is None:
                continue
            if cont.feature == "A.ADM1":
                out[ent.id] = (cont.country, cont.admin1)
            elif cont.feature == "A.PCLI":
                out.setdefault(ent.id, (cont.country, None))
    return out


def dateline_entity(todo: list[Entity], text: str) -> Entity | None:
    """The entity a dateline names, if the text has one.

    A dateline is a place written in capitals at the start of the text, of a line or of a
    sentence near the top ("ATLANTA -", "CHARLESTON, W.Va. (AP) --", after a headline),
    followed by a dash.
    """
    for ent in sorted(todo, key=lambda e: min(m.start for m in e.mentions)):
        for m in ent.mentions:
            if m.start > DATELINE_WITHIN:
                continue
            letters = [c for c in m.text if c.isalpha()]
            if not letters or not all(c.isupper() for c in letters) or len(letters) < 3:
                continue
            before = text[: m.start].rstrip(" \t")
            opens = not before or before[-1] in ".!?:\n\"'\u201d"
            if opens and _DATELINE_TAIL.match(text, m.end):
                return ent
    return None


#: a list of names that closes with the kind of division they are: "Clarke, Madison and
#: Oconee counties", "Eastland and Callahan counties", "Rapides and Avoyelles parishes"
_DIVISION_LIST = re.compile(
    r"(?:(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)"
    r"[A-Z][\w'.]*(?:[ \t][A-Z][\w'.]*)?)*,?[ \t]+(counties|parishes|boroughs)\b"
)
_UNIT = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}


def county_lists(entities: list[Entity], text: str) -> dict[str, str]:
    """Entities named in a list of counties ("Barrow and Jackson counties"): the word that
    makes each name the county's own ("County", "Parish"), by entity id.

    The list's names are the counties whatever label the tagger gave them ("Jackson" reads
    as a person alone).
    """
    out: dict[str, str] = {}
    for ent in entities:
        for m in ent.mentions:
            found = _DIVISION_LIST.match(text, m.end)
            if found is not None and m.text[:1].isupper():
                out[ent.id] = _UNIT[found.group(1)]
                break
    return out
