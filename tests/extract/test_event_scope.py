"""Crimes named as charges are no events ("five counts of rape"); and "the attack" refers
back to violence only."""

from __future__ import annotations

import pytest

from storyline.extract.events import EventFinder
from storyline.records import Place

from .annotate import annotate

pytestmark = pytest.mark.model

_RUSSIA = Place(60.0, 100.0, "RU", 2017370, "A.PCLI", "Russia", kind="demonym")
_FRANCE = Place(46.0, 2.0, "FR", 3017382, "A.PCLI", "France", kind="demonym")


def _events(nlp, text, entities=()):
    doc = annotate(nlp, text, entities)
    EventFinder(nlp, "storyline_events")(doc)
    return doc._.sl_events


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("A man was arrested on Sunday on five counts of rape of a child.", False),
        ("Three men were charged on Monday with conspiracy to commit money laundering.", False),
        ("Soldiers raped three women in the village on Monday, residents said.", True),
    ],
)
def test_events_sexual_violence_and_charges_by_the_codebook(nlp, text, kept):
    found = [e.subtype for e in _events(nlp, text)]
    assert ("Sexual violence" in found or "Organized crime" in found) is kept, found


def test_events_the_attack_refers_back_to_violence_only(nlp):
    text = (
        "Russian officials met the French ambassador in Moscow on Monday. "
        "Britain blamed Russia for the attack."
    )
    found = _events(nlp, text, [("Russian", "NORP", _RUSSIA), ("French", "NORP", _FRANCE)])
    kinds = {e.type for e in found if any(m.text == "attack" for m in e.mentions)}
    assert kinds <= {"Battles", "Explosions/Remote violence", "Violence against civilians"}, found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The two countries signed a trade agreement in the capital on Monday.", False),
        ("The rebels and the army agreed a ceasefire in the capital on Monday.", True),
    ],
)
def test_events_an_agreement_is_one_between_conflict_actors(nlp, text, kept):
    found = [e.subtype for e in _events(nlp, text)]
    assert ("Agreement" in found) is kept, found
