"""The quotation-mark scanner on plain strings: styles, apostrophes, odd marks, paragraphs."""

from __future__ import annotations

import pytest

from storyline.extract.quote_marks import classify_marks, find_quotes, paragraph_bounds


def top_level(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text) if q.depth == 0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She said “we will stay” and left.", ["we will stay"]),
        ("Er sagte „wir bleiben“ und ging.", ["wir bleiben"]),
        ("Il a dit « nous restons » puis il est parti.", ["nous restons"]),
        ("Il a dit ‹ nous restons › puis il est parti.", ["nous restons"]),
        ('He said "we stay here" and went home.', ["we stay here"]),
        ("He said ``we stay here'' and went home.", ["we stay here"]),
        ("She said ‘we will stay’ and left.", ["we will stay"]),
        ("She said ‚wir bleiben‘ and left.", ["wir bleiben"]),
    ],
)
def test_quote_marks_finds_every_style(text: str, expected: list[str]) -> None:
    assert top_level(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Omar Sa’id don’t know the village of Qa’la.", []),
        ("The fighters of Sa’id said ‘we don’t leave’ at dawn.", ["we don’t leave"]),
        ("Mu‘tasim was seen in the ’90s with the farmers’ union.", []),
        ("“I met Na’im Qa’id there,” the teacher said.", ["I met Na’im Qa’id there,"]),
        ("It's the boss's car, and 'nobody drives it' they said.", ["nobody drives it"]),
    ],
)
def test_quote_marks_ignores_apostrophes_inside_words(text: str, expected: list[str]) -> None:
    assert top_level(text) == expected


def test_quote_marks_odd_number_of_marks_does_not_stop_the_article() -> None:
    text = (
        "A stray mark “ sits here in the first paragraph.\n\n"
        "“The water came at night,” the farmer said.\n\n"
        "Officials said “nothing more” could be done. ”\n\n"
        "“We will rebuild,” the mayor said."
    )
    found = top_level(text)
    assert "The water came at night," in found
    assert "We will rebuild," in found
    assert all("\n\n" not in q for q in found)


def test_quote_marks_unclosed_quote_ends_at_its_paragraph() -> None:
    text = (
        "“We walked for three days and nobody stopped us.\n\n"
        "The teacher said that the road was closed, and a “checkpoint” stood at the bridge."
    )
    found = find_quotes(text)
    assert text[found[0].start : found[0].end] == "We walked for three days and nobody stopped us."
    assert found[0].close is None
    assert top_level(text)[1] == "checkpoint"


def test_quote_marks_multi_paragraph_quote_reopened_each_paragraph() -> None:
    text = (
        "“The river rose in the night.\n\n"
        "“We carried the children to the roof.\n\n"
        "“By morning the village was gone,” the farmer said."
    )
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].paragraphs == 3
    content = text[quotes[0].start : quotes[0].end]
    assert content.startswith("The river rose") and content.endswith("village was gone,")


def test_quote_marks_multi_paragraph_quote_without_reopening_marks() -> None:
    text = (
        "“The river rose in the night.\n\n"
        "We carried the children to the roof.\n\n"
        "By morning the village was gone”, the farmer said."
    )
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].close is not None
    assert text[quotes[0].start : quotes[0].end].endswith("the village was gone")


def test_quote_marks_interrupted_quote_gives_two_passages() -> None:
    text = "“We are tired,” the nurse said, “and we have no more beds.”"
    assert top_level(text) == ["We are tired,", "and we have no more beds."]


@pytest.mark.parametrize(
    ("text", "outer", "inner"),
    [
        (
            "“He told me ‘run now’ and I ran,” she said.",
            "He told me ‘run now’ and I ran,",
            "run now",
        ),
        (
            "« Il a crié “partez” puis il est parti », dit-elle.",
            "Il a crié “partez” puis il est parti",
            "partez",
        ),
        (
            "\"He told me 'run now' and I ran,\" she said.",
            "He told me 'run now' and I ran,",
            "run now",
        ),
    ],
)
def test_quote_marks_nested_quotes(text: str, outer: str, inner: str) -> None:
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes if q.depth == 0] == [outer]
    assert [text[q.start : q.end] for q in quotes if q.depth == 1] == [inner]


def test_quote_marks_offsets_exclude_marks_and_inner_space() -> None:
    text = "He said: « nous restons » ."
    (quote,) = find_quotes(text)
    assert text[quote.open] == "«"
    assert text[quote.start : quote.end] == "nous restons"
    assert text[quote.close] == "»"
    assert quote.outer_end == quote.close + 1


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("One.\n\nTwo.\n\n\nThree.", 3),
        ("One.\nTwo.\nThree.", 3),
        ("A wrapped\nline.\n\nNext paragraph.", 2),
        ("\n\n  Only one.  \n\n", 1),
    ],
)
def test_quote_marks_paragraph_bounds(text: str, count: int) -> None:
    bounds = paragraph_bounds(text)
    assert len(bounds) == count
    assert all(text[a:b] == text[a:b].strip() for a, b in bounds)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("“a”", ["open", "close"]),
        ('x "a" y', ["open", "close"]),
        ("don’t", []),
        ("’90s", []),
        ("« a »", ["open", "close"]),
    ],
)
def test_quote_marks_classify_by_context(text: str, roles: list[str]) -> None:
    assert [m.role for m in classify_marks(text)] == roles
