"""The layout of a news text: datelines and "Town, State"."""

from __future__ import annotations

import pytest

from storyline.records import Entity, Mention
from storyline.resolve.place_layout import dateline_entity


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
