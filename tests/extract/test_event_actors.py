"""ACLED's actor1/actor2, actor types and interaction codes on invented sentences."""

from __future__ import annotations

import pytest

from storyline.extract.events import EventFinder
from storyline.extract.taxonomy import interaction, load_taxonomy
from storyline.records import Place

from .annotate import annotate

pytestmark = pytest.mark.model

_COUNTRY = Place(39.0, 35.0, "TR", 298795, "A.PCLI", "Turkey")
_TOWN = Place(15.0, -1.0, "ML", 1, "P.PPL", "Tessit")


def _sides(nlp, text, entities=()):
    doc = annotate(nlp, text, entities)
    EventFinder(nlp, "storyline_events")(doc)
    return [
        (
            e.subtype,
            e.actor1 and (e.actor1.name, e.actor1.inter),
            e.actor2 and (e.actor2.name, e.actor2.inter),
            e.interaction,
        )
        for e in doc._.sl_events
    ]


@pytest.mark.parametrize(
    ("text", "entities", "actor1", "actor2", "code"),
    [
        # nominal actors, typed by the head nouns of ACLED's actor types
        ("Gunmen killed five soldiers in Tessit on Monday.", [("Tessit", "GPE", _TOWN)],
         ("gunmen", 3), ("soldiers", 1), 13),
        ("Unidentified armed men abducted three villagers on Saturday.", [],
         ("unidentified armed men", 3), ("villagers", 7), 37),
        # a country acting is its state forces; a place is where, not who
        ("Turkey launched airstrikes on Kurdish militants in Tessit on Wednesday.",
         [("Turkey", "GPE", _COUNTRY), ("Tessit", "GPE", _TOWN)],
         ("Turkey", 1), ("kurdish militants", 2), 12),
        # a demonstration's actor1 is its protesters (rioters when it turns violent), the
        # police beside it actor2; an arrest with no one named is by state forces
        ("Protesters clashed with police in the capital on Tuesday.", [],
         ("rioters", 5), ("police", 1), 15),
        ("Two opposition leaders were arrested in the capital on Sunday.", [],
         ("police", 1), None, 10),
        ("Police fired tear gas at demonstrators in the capital on Monday.", [],
         ("demonstrators", 6), ("police", 1), 16),
        # the victims of a mob are civilians
        ("A mob attacked two men accused of theft in the market on Thursday.", [],
         ("mob", 5), ("men", 7), 57),
    ],
)  # fmt: skip
def test_event_actors_coded_as_acled_codes_them(nlp, text, entities, actor1, actor2, code):
    found = _sides(nlp, text, entities)
    assert any(a1 == actor1 and a2 == actor2 and c == code for _, a1, a2, c in found), found


def test_event_actors_types_and_interaction_codes_from_data():
    taxonomy = load_taxonomy()
    assert taxonomy.actor_inter("three hundred demonstrators") == 6
    assert taxonomy.actor_inter("the militiamen") == 3
    assert taxonomy.actor_inter("a quiet afternoon") is None
    assert taxonomy.actor_type_name(7) == "Civilians"
    assert (interaction(7, 1), interaction(6, None), interaction(None, 1)) == (17, 60, None)


def test_event_actors_pronoun_is_no_actor(nlp):
    found = _sides(nlp, "They shelled the village on Monday, killing four civilians.")
    assert found and all(a1 is None for _, a1, _, _ in found)


_RUSSIA = Place(60.0, 100.0, "RU", 2017370, "A.PCLI", "Russia", kind="demonym")
_STATES = Place(39.8, -98.5, "US", 6252001, "A.PCLI", "United States")
_CITY = Place(50.8, 4.3, "BE", 2800866, "P.PPLC", "Brussels")


@pytest.mark.parametrize(
    ("text", "entities", "actor1"),
    [
        # an office tied to a country acts for that state, as ACLED names it
        ("U.S. Secretary of State Jane Roe met the Russian foreign minister in Brussels on Friday.",
         [("U.S.", "GPE", _STATES), ("Jane Roe", "PERSON"), ("Russian", "NORP", _RUSSIA),
          ("Brussels", "GPE", _CITY)], ("Government of United States", 1)),
        ("Russian officials expelled two diplomats on Friday.",
         [("Russian", "NORP", _RUSSIA)], ("Government of Russia", 1)),
        ("Russian police detained twelve opposition activists on Monday.",
         [("Russian", "NORP", _RUSSIA)], ("Police Forces of Russia", 1)),
        # a past holder acts for no state
        ("Former U.S. Secretary of State Jane Roe met the Russian foreign minister in Brussels.",
         [("U.S.", "GPE", _STATES), ("Jane Roe", "PERSON"), ("Russian", "NORP", _RUSSIA),
          ("Brussels", "GPE", _CITY)],
         ("Jane Roe", None)),
    ],
)  # fmt: skip
def test_event_actors_officials_named_by_their_state(nlp, text, entities, actor1):
    found = _sides(nlp, text, entities)
    assert any(a1 == actor1 for _, a1, _, _ in found), found


def test_event_actors_title_alone_reads_the_article_country(nlp):
    text = (
        "President John Doe spoke of trade on Monday. The United States wants more of it, the "
        "United States said. John Doe met the Russian foreign minister in Brussels on Tuesday."
    )
    entities = [
        ("United States", "GPE", _STATES),
        ("John Doe", "PERSON"),
        ("Russian", "NORP", _RUSSIA),
        ("Brussels", "GPE", _CITY),
    ]
    found = _sides(nlp, text, entities)
    assert found and all(a1 == ("Government of United States", 1) for _, a1, _, _ in found), found


def test_event_actors_reporter_of_violence_is_no_actor(nlp):
    text = (
        "A car bomb exploded near a market in Brussels on Thursday, killing 20 people, "
        "Russian officials said."
    )
    found = _sides(nlp, text, [("Brussels", "GPE", _CITY), ("Russian", "NORP", _RUSSIA)])
    assert found and all(a1 is None for _, a1, _, _ in found), found
