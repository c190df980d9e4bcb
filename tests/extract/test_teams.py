"""Teams named after towns: results, standings and fixture lines; match verbs."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract.teams import in_match_context, team_context, team_lines


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Northby 2 Eastwick Rovers 1", ["Northby", "Eastwick Rovers"]),
        ("Marlow 312 , Fenwick 98", ["Marlow", "Fenwick"]),
        ("Fenwick 7 3 2 2 30 21 11", ["Fenwick"]),
        ("NORTHBY 74 59 .556 -", ["NORTHBY"]),
        ("NORTHBY AT EASTWICK", ["NORTHBY", "EASTWICK"]),
        ("Marlow v Fenwick", ["Marlow", "Fenwick"]),
        ("M1 63.02 62.83 57.50", []),  # a money-supply table: decimals
        ("July 96 June 96", []),  # months
        ("Fenwick scored 2 goals in 3 games .", []),  # prose
        ("Rain stopped play at Marlow .", []),
        # cricket results: the sides' totals, the players in brackets masked
        (
            "Eastby : Marlow 238 and 133-5 , Fenwick 471 ( A. Brill 123 , J. Maro 83 )",
            ["Marlow", "Fenwick"],
        ),
        ("At Eastby : Marlow 114 ( V. Sesh 4-28 ) and 81-3 , Fenwick 259 .", ["Marlow", "Fenwick"]),
        ("Scorers : Brill 23 , Maro 51", []),  # goal times, no innings
    ],
)
def test_teams_read_results_lines(line, names):
    text = "Opening prose line .\n" + line + "\n"
    assert [text[s:e] for s, e in team_lines(text)] == names


@pytest.mark.parametrize(
    ("words", "start", "end", "expected"),
    [
        (["Marlow", "beat", "Fenwick", "2-1"], 0, 1, True),
        (["Marlow", "beat", "Fenwick", "2-1"], 2, 3, True),
        (["Marlow", "drew", "with", "Fenwick"], 0, 1, True),
        (["Marlow", "drew", "with", "Fenwick"], 3, 4, True),
        (["Marlow", "lost", "to", "Fenwick"], 3, 4, True),
        (["Marlow", "v", "Fenwick"], 2, 3, True),
        (["floods", "hit", "Marlow", "again"], 2, 3, False),
        (["they", "beat", "Marlow"], 2, 3, False),  # no second name
    ],
)
def test_teams_match_verbs(blank_nlp: Language, words, start, end, expected):
    doc = Doc(blank_nlp.vocab, words=words)
    assert in_match_context(doc[start:end]) is expected


@pytest.mark.model
def test_teams_town_in_results_is_org_everywhere(nlp: Language):
    text = (
        "Results of English county matches on Friday :\n"
        "Leicester 296 , Norwich 83\n"
        "Leicester won by an innings after Norwich collapsed in the afternoon .\n"
    )
    doc = nlp(text)
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Leicester", "ORG") in labels and ("Norwich", "ORG") in labels
    assert ("Leicester", "GPE") not in labels


ROLES = frozenset({"captain", "manager", "fans"})
BEFORE = frozenset({"club", "side"})


@pytest.mark.parametrize(
    ("words", "start", "end", "expected"),
    [
        (["Marlow", "captain", "Ann", "Brill"], 0, 1, "'captain' after it"),
        (["Marlow", "team", "mate", "Brill"], 0, 1, "'team mate' after it"),
        (["first", "division", "side", "Marlow", "won"], 3, 4, "'side' before it"),
        (["Marlow", "beat", "Fenwick"], 0, 1, "'beat', 'drew with', 'v'"),
        (["Marlow", "council", "met"], 0, 1, None),
        (["Marlow", "team", "won"], 0, 1, None),
    ],
)
def test_teams_context_words(blank_nlp, words, start, end, expected):
    doc = Doc(blank_nlp.vocab, words=words)
    assert team_context(doc[start:end], ROLES, BEFORE) == expected
