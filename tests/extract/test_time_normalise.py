"""Time normalisation: TIMEX3-style values and intervals against an anchor date."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.time import clean_expression, find_time_expressions, normalize, time_lexicon

TUE = date(2030, 2, 19)  # a Tuesday
WED = date(2020, 3, 4)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "type_", "value", "earliest", "latest"),
    [
        # weekdays: the latest one not after the anchor in the past, the next in the future
        ("Monday", TUE, "past", "DATE", "2030-02-18", "2030-02-18", "2030-02-18"),
        ("Tuesday", TUE, "past", "DATE", "2030-02-19", "2030-02-19", "2030-02-19"),
        ("Wednesday", TUE, "past", "DATE", "2030-02-13", "2030-02-13", "2030-02-13"),
        ("Monday", TUE, "future", "DATE", "2030-02-25", "2030-02-25", "2030-02-25"),
        ("on Friday", TUE, "future", "DATE", "2030-02-22", "2030-02-22", "2030-02-22"),
        ("last Thursday", TUE, "past", "DATE", "2030-02-14", "2030-02-14", "2030-02-14"),
        ("last Monday", TUE, "past", "DATE", "2030-02-18", "2030-02-18", "2030-02-18"),
        ("last Tuesday", TUE, "past", "DATE", "2030-02-12", "2030-02-12", "2030-02-12"),
        ("next Tuesday", TUE, "past", "DATE", "2030-02-26", "2030-02-26", "2030-02-26"),
        ("this Friday", TUE, "past", "DATE", "2030-02-22", "2030-02-22", "2030-02-22"),
        ("Friday morning", TUE, "past", "TIME", "2030-02-15TMO", "2030-02-15", "2030-02-15"),
        # days
        ("yesterday", WED, "past", "DATE", "2020-03-03", "2020-03-03", "2020-03-03"),
        ("today", WED, "past", "DATE", "2020-03-04", "2020-03-04", "2020-03-04"),
        ("tomorrow", WED, "future", "DATE", "2020-03-05", "2020-03-05", "2020-03-05"),
        ("last night", WED, "past", "TIME", "2020-03-03TNI", "2020-03-03", "2020-03-03"),
        ("this morning", WED, "past", "TIME", "2020-03-04TMO", "2020-03-04", "2020-03-04"),
        # parts of months: early 1-10, mid 11-20, late 21-end, in the last such month
        ("mid-September", TUE, "past", "DATE", "2029-09", "2029-09-11", "2029-09-20"),
        ("early January", TUE, "past", "DATE", "2030-01", "2030-01-01", "2030-01-10"),
        ("late February", TUE, "past", "DATE", "2030-02", "2030-02-21", "2030-02-28"),
        ("late February", date(2020, 3, 1), "past", "DATE", "2020-02", "2020-02-21", "2020-02-29"),
        ("mid-September", TUE, "future", "DATE", "2030-09", "2030-09-11", "2030-09-20"),
        ("the end of March 2017", TUE, "past", "DATE", "2017-03", "2017-03-21", "2017-03-31"),
        # months and explicit dates
        ("March", TUE, "past", "DATE", "2029-03", "2029-03-01", "2029-03-31"),
        ("in January 2016", TUE, "past", "DATE", "2016-01", "2016-01-01", "2016-01-31"),
        ("January 7", TUE, "past", "DATE", "2030-01-07", "2030-01-07", "2030-01-07"),
        ("Jan. 7", TUE, "past", "DATE", "2030-01-07", "2030-01-07", "2030-01-07"),
        ("December 24", TUE, "past", "DATE", "2029-12-24", "2029-12-24", "2029-12-24"),
        ("7 January 2026", None, "past", "DATE", "2026-01-07", "2026-01-07", "2026-01-07"),
        ("January 7, 2026", None, "past", "DATE", "2026-01-07", "2026-01-07", "2026-01-07"),
        ("2026-01-07", None, "past", "DATE", "2026-01-07", "2026-01-07", "2026-01-07"),
        ("the 3rd of May", TUE, "past", "DATE", "2029-05-03", "2029-05-03", "2029-05-03"),
        ("Friday, March 6", WED, "past", "DATE", "2020-03-06", "2020-03-06", "2020-03-06"),
        ("February 31, 2026", None, "past", "DATE", None, None, None),
        ("7-Jan-2026", None, "past", "DATE", "2026-01-07", "2026-01-07", "2026-01-07"),
        # years, decades, seasons, quarters
        ("2014", None, "past", "DATE", "2014", "2014-01-01", "2014-12-31"),
        ("in 2014", TUE, "past", "DATE", "2014", "2014-01-01", "2014-12-31"),
        ("late 2029", TUE, "past", "DATE", "2029", "2029-09-01", "2029-12-31"),
        ("the 1990s", None, "past", "DATE", "199", "1990-01-01", "1999-12-31"),
        ("the early 1980s", None, "past", "DATE", "198", "1980-01-01", "1983-12-31"),
        ("the summer of 2014", None, "past", "DATE", "2014-SU", "2014-06-01", "2014-08-31"),
        ("last summer", TUE, "past", "DATE", "2029-SU", "2029-06-01", "2029-08-31"),
        ("the first quarter of 2018", None, "past", "DATE", "2018-Q1", "2018-01-01", "2018-03-31"),
        ("fourth-quarter", WED, "past", "DATE", "2019-Q4", "2019-10-01", "2019-12-31"),
        ("first-quarter", WED, "past", "DATE", "2020-Q1", "2020-01-01", "2020-03-31"),
        # a day named with early/late/earlier/later is that day
        ("early Tuesday", TUE, "past", "DATE", "2030-02-19", "2030-02-19", "2030-02-19"),
        ("earlier Monday", TUE, "past", "DATE", "2030-02-18", "2030-02-18", "2030-02-18"),
        ("late yesterday", WED, "past", "DATE", "2020-03-03", "2020-03-03", "2020-03-03"),
        # units relative to the anchor
        ("four years ago", TUE, "past", "DATE", "2026", "2026-01-01", "2026-12-31"),
        ("two months ago", TUE, "past", "DATE", "2029-12", "2029-12-01", "2029-12-31"),
        ("three days ago", WED, "past", "DATE", "2020-03-01", "2020-03-01", "2020-03-01"),
        ("last week", WED, "past", "DATE", "2020-W09", "2020-02-24", "2020-03-01"),
        ("this year", WED, "past", "DATE", "2020", "2020-01-01", "2020-12-31"),
        ("last month", WED, "past", "DATE", "2020-02", "2020-02-01", "2020-02-29"),
        ("earlier this month", WED, "past", "DATE", "2020-03", "2020-03-01", "2020-03-04"),
        # the weekend: Saturday to Sunday of the latest one in the past
        ("the weekend", TUE, "past", "DATE", "2030-W07-WE", "2030-02-16", "2030-02-17"),
        ("over the weekend", WED, "past", "DATE", "2020-W09-WE", "2020-02-29", "2020-03-01"),
        ("the weekend", WED, "future", "DATE", "2020-W10-WE", "2020-03-07", "2020-03-08"),
        ("next weekend", WED, "past", "DATE", "2020-W10-WE", "2020-03-07", "2020-03-08"),
        # durations
        ("about six months", TUE, "past", "DURATION", "P6M", None, None),
        ("nearly two years", TUE, "past", "DURATION", "P2Y", None, None),
        ("the past three weeks", TUE, "past", "DURATION", "P3W", "2030-01-29", "2030-02-19"),
        ("the next four years", TUE, "future", "DURATION", "P4Y", "2030-02-19", "2034-02-19"),
        ("the past decade", TUE, "past", "DURATION", "P10Y", "2020-02-19", "2030-02-19"),
        ("two and a half years", None, "past", "DURATION", "P2.5Y", None, None),
        ("half an hour", None, "past", "DURATION", "PT30M", None, None),
        ("10-year", None, "past", "DURATION", "P10Y", None, None),
        ("several weeks", None, "past", "DURATION", "PXW", None, None),
        ("twenty-five years", None, "past", "DURATION", "P25Y", None, None),
        # ranges
        ("between 2010 and 2012", None, "past", "DURATION", "P2Y", "2010-01-01", "2012-12-31"),
        ("from March to May", TUE, "past", "DURATION", "P2M", "2029-03-01", "2029-05-31"),
        ("from March to May 2016", None, "past", "DURATION", "P2M", "2016-03-01", "2016-05-31"),
        # sets and references
        ("daily", TUE, "past", "SET", "P1D", None, None),
        ("every Monday", TUE, "past", "SET", "XXXX-WXX-1", None, None),
        ("twice a week", TUE, "past", "SET", "P1W", None, None),
        ("recently", TUE, "past", "DATE", "PAST_REF", None, "2030-02-19"),
        ("now", TUE, "past", "DATE", "PRESENT_REF", "2030-02-19", "2030-02-19"),
        # clock times
        ("3 p.m.", WED, "past", "TIME", "2020-03-04T15:00", "2020-03-04", "2020-03-04"),
        ("18:00 UTC", WED, "past", "TIME", "2020-03-04T18:00Z", "2020-03-04", "2020-03-04"),
        # no anchor: relative expressions stay unresolved
        ("Monday", None, "past", "DATE", None, None, None),
        ("yesterday", None, "past", "DATE", None, None, None),
        ("four years ago", None, "past", "DATE", None, None, None),
        ("the weekend", None, "past", "DATE", None, None, None),
        # nothing to resolve
        ("the day before", TUE, "past", "DATE", None, None, None),
        ("the next day", TUE, "past", "DATE", None, None, None),
        ("some period", TUE, "past", "DATE", None, None, None),
    ],
)
def test_normalize_gives_value_and_interval(text, anchor, tense, type_, value, earliest, latest):
    got = normalize(text, anchor, tense=tense)
    assert (got.type, got.value) == (type_, value)
    assert (got.earliest and got.earliest.isoformat(), got.latest and got.latest.isoformat()) == (
        earliest,
        latest,
    )


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("Monday", True),
        ("four years ago", True),
        ("January 7", True),
        ("2014", False),
        ("January 7, 2026", False),
        ("about six months", False),
    ],
)
def test_normalize_marks_anchor_dependence(text, relative):
    assert normalize(text, TUE).relative is relative


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("on Monday", "monday"),
        ("in 2014", "2014"),
        ("over the weekend", "the weekend"),
        ("Monday's", "monday"),
        ("since   early  January,", "early january"),
        ("about six months", "about six months"),
    ],
)
def test_clean_expression_trims_prepositions_keeps_the(text, clean):
    assert clean_expression(text) == clean


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Talks resumed on Monday in the capital.", ["Monday"]),
        ("They met last Thursday and again in mid-September.", ["last Thursday", "mid-September"]),
        ("Fighting raged over the weekend.", ["the weekend"]),
        ("He was hurt four years ago, in 2014.", ["four years ago", "in 2014"]),
        ("Prices rose between 2010 and 2012.", ["between 2010 and 2012"]),
        ("Crops grow from March to May.", ["from March to May"]),
        ("Signed on 7 January 2026 and Jan. 12.", ["7 January 2026", "Jan. 12"]),
        ("Filed 2026-01-07 at 3 p.m.", ["2026-01-07", "3 p.m."]),
        ("Deaths over the past three weeks exceed 40.", ["over the past three weeks"]),
        ("He stayed for about six months.", ["about six months"]),
        ("She has lived there for nearly two years.", ["nearly two years"]),
        ("Rain fell yesterday and is expected tomorrow.", ["yesterday", "tomorrow"]),
        ("It was built in the 1990s.", ["the 1990s"]),
        ("Last summer was dry.", ["Last summer"]),
    ],
)
def test_find_time_expressions_recognizes(text, found):
    assert [text[s:e] for s, e, _ in find_time_expressions(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "A 53-year-old man was hurt.",
        "He is 53 years old.",
        "You may go now or march on.",
        "About 1500 fighters and 2,014 civilians left.",
        "The fall of the city shocked many.",
        "Jan Smith and Dec Jones spoke.",
    ],
)
def test_find_time_expressions_skips_ages_numbers_and_lowercase_names(text):
    kinds = [(text[s:e], kind) for s, e, kind in find_time_expressions(text)]
    assert all(kind == "reference" for _, kind in kinds), kinds


def test_time_lexicon_every_pattern_kind_has_a_normalizer():
    from storyline.extract.time import time_lexicon
    from storyline.extract.time.normalise import HANDLERS

    kinds = {p.kind for p in time_lexicon().patterns}
    assert kinds and kinds <= set(HANDLERS)


@pytest.mark.parametrize(
    ("text", "is_time"),
    [
        ("A380-800", False),
        ("1.1.1", False),
        ("the years", True),
        ("Christmas", True),
        ("1990s", True),
        ("the 3 p.m. slot", True),
    ],
)
def test_looks_like_time_separates_junk_from_times(text, is_time):
    from storyline.extract.time import looks_like_time

    assert looks_like_time(text) is is_time


def test_time_windows_carry_their_time_words_and_numbers():
    from storyline.extract.time.grammar import _windows

    lex = time_lexicon()
    far = " ".join(["nothing"] * 30)
    text = f"It happened on Monday. {far} They left in 2019. {far} Then two weeks ago, rain."
    windows = _windows(text, lex)
    assert [(held, number) for _, _, held, number in windows] == [
        (frozenset({"monday"}), False),
        (frozenset(), True),
        (frozenset({"weeks", "ago"}), False),
    ]
    assert all(text[s:e].strip() for s, e, _, _ in windows)


def test_time_patterns_name_the_trigger_words_they_spell_out():
    lex = time_lexicon()
    by_kind = {p.kind: p.triggers for p in lex.patterns if p.find}
    assert "ago" in by_kind["ago"]
    assert "monday" in by_kind["weekday"]
    assert "ago" not in by_kind["weekday"]
    numeric = {p.kind: p.numeric for p in lex.patterns if p.find}
    assert numeric["iso_date"] and not numeric["weekend"]
    # a pattern is skipped only over windows with no number and none of its words, so
    # "Monday" far from any "ago" still reads, and "two weeks ago" beside it too
    text = "On Monday the talks ended; the first round had opened two weeks ago."
    found = [text[s:e] for s, e, _ in find_time_expressions(text)]
    assert found == ["Monday", "two weeks ago"]
    text = "In 2019 it rained; last weekend too."
    assert [text[s:e] for s, e, _ in find_time_expressions(text)] == ["In 2019", "last weekend"]


@pytest.mark.parametrize(
    ("regex", "required"),
    [
        # "ago" and one of "days", "weeks" are both in every match: the longer strings win
        (r"(?P<n>\d+)\s+(?P<unit>days|weeks)\s+ago", ("days", "weeks")),
        (r"(?:last|next)\s+(?:week|month)", ("last", "next")),
        (r"(?:the\s+)?(?:early\s+)?spring", ("spring",)),
        (r"\d{4}-\d\d-\d\d", None),  # nothing to look for but digits
        (r"(?:quarter)?s?", None),  # every part may be left out
    ],
)
def test_time_pattern_required_strings_follow_the_regex(regex, required):
    from storyline.extract.time.grammar import _required

    assert _required(regex) == required


def test_time_patterns_skip_windows_without_their_required_strings():
    lex = time_lexicon()
    ago = next(p for p in lex.patterns if p.kind == "ago")
    assert ago.required == ("ago",)
    # the long s matches "s" under IGNORECASE, and the window check folds it the same way
    text = "It was three dayſ ago; two weeks later it rained."
    found = [text[s:e] for s, e, _ in find_time_expressions(text)]
    assert found == ["three dayſ ago", "two weeks later"]
