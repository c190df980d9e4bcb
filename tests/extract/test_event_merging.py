"""Mentions of one happening told at places one inside the other merge into one event."""

from __future__ import annotations

import pytest

from storyline.extract.events import EventFinder
from storyline.records import Place

from .annotate import annotate

pytestmark = pytest.mark.model

_LAND = Place(39.0, 35.0, "TR", 1, "A.PCLI", "Turkey")
_TOWN = Place(38.7, 35.5, "TR", 2, "P.PPLA", "Tessit", admin1="Tessit Province")
_OTHER = Place(41.0, 29.0, "GR", 3, "P.PPLA", "Harbi", admin1="Harbi Region")


def _subtypes(nlp, text, entities):
    doc = annotate(nlp, text, entities)
    EventFinder(nlp, "storyline_events")(doc)
    return [(e.subtype, len(e.mentions)) for e in doc._.sl_events]


def test_events_a_town_in_the_country_told_just_after_is_the_same_event(nlp):
    text = (
        "A car bomb exploded in Turkey on Saturday, killing 13 soldiers. "
        "The blast in Tessit also wounded 56 people."
    )
    found = _subtypes(nlp, text, [("Turkey", "GPE", _LAND), ("Tessit", "GPE", _TOWN)])
    assert found == [("Remote explosive/landmine/IED", 2)], found


def test_events_a_town_in_another_country_is_another_event(nlp):
    text = (
        "A car bomb exploded in Turkey on Saturday, killing 13 soldiers. "
        "The blast in Harbi also wounded 56 people."
    )
    found = _subtypes(nlp, text, [("Turkey", "GPE", _LAND), ("Harbi", "GPE", _OTHER)])
    assert len(found) == 2, found
