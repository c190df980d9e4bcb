"""The layout of a news text: datelines and "Town, State"."""

from __future__ import annotations

import pytest

from storyline.records import Entity, Mention
from storyline.resolve.place_layout import county_lists, dateline_entity


def _ent(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity("e1", name, "GPE", (Mention(start, start + len(name), name),))


@pytest.mark.parametrize(
    ("text", "name", "is_dateline"),
    [
        ("KABUL, Afghanistan (AP) -- Taliban fighters attacked.", "KABUL", True),
        ("LONDON (Reuters) - The bank raised rates.", "LONDON", True),
        ("Fire kills two. ATLANTA - A fire broke out.", "ATLANTA", True),
        ("Council meets\n   DOVER \u2014 The council met.", "DOVER", True),
        ("He flew to ATLANTA - then home.", "ATLANTA", False),
        ("Atlanta - the city - grew.", "Atlanta", False),
        ("The mayor of DOVER spoke.", "DOVER", False),
    ],
)
def test_dateline_entity_is_a_capitalised_place_opening_the_text_before_a_dash(
    text: str, name: str, is_dateline: bool
) -> None:
    assert (dateline_entity([_ent(text, name)], text) is not None) is is_dateline


def test_county_lists_find_the_names_a_list_of_counties_holds() -> None:
    text = (
        "Schools in Barrow, Jackson and Madison counties closed. Jackson spoke. Ohio counties too."
    )
    ents = []
    for i, word in enumerate(["Barrow", "Jackson", "Madison", "Ohio"]):
        start = text.index(word)
        ents.append(Entity(f"e{i}", word, "PERSON", (Mention(start, start + len(word), word),)))
    got = county_lists(ents, text)
    assert got == {"e0": "County", "e1": "County", "e2": "County", "e3": "County"}
    assert county_lists(ents[:1], "Barrow and his sons left.") == {}
