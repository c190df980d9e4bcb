"""TIMEX3 values of ranges, weeks named by a day, ordinal days and year-ago quarters
(TimeML guidelines), on invented expressions."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.pipeline import make_doc
from storyline.extract.time import normalize
from storyline.records import Article

SUN = date(2031, 11, 2)  # a Sunday in November: the last quarter ended is 2031-Q3
THU = date(2032, 1, 15)  # a Thursday in January


# a span of time whose length is a range of numbers has no one amount: TimeML writes X
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two to three weeks", "PXW"),
        ("four to six months", "PXM"),
        ("the next 12 to 18 months", "PXM"),
        ("the past 10 to 15 years", "PXY"),
        ("about two or three days", "PXD"),
        ("five-to-ten minutes", None),  # not a range of the grammar: no value made up
        ("the weeks ahead", "PXW"),
        ("in the months ahead", "PXM"),
    ],
)
def test_normalize_ranges_of_amounts(text, value):
    got = normalize(text, THU, tense="future")
    assert got.value == value
    if value is not None:
        assert got.type == "DURATION"


# "the week of <day>": the ISO week that holds the day, the day resolved as a bare date
@pytest.mark.parametrize(
    ("text", "anchor", "tense", "value"),
    [
        ("the week of March 6", THU, "future", "2032-W10"),
        ("the week of March 6", THU, "past", "2031-W10"),
        ("week of Dec. 29, 2031", THU, "past", "2032-W01"),  # ISO week of the next year
        ("the week of March", THU, "future", None),  # a month holds several weeks
    ],
)
def test_normalize_the_week_of_a_day(text, anchor, tense, value):
    got = normalize(text, anchor, tense=tense)
    assert got.value == value


# "the eighth day" of a stated period: the report's day when the clause is in the present
@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("the eighth day", "present", "2032-01-15"),
        ("the second day", "present", "2032-01-15"),
        ("its third straight day", "present", "2032-01-15"),
        ("the eighth day", "past", None),  # counted from a start the text does not date
        ("the eighth day", "future", None),
    ],
)
def test_normalize_ordinal_days(text, tense, value):
    got = normalize(text, THU, tense=tense)
    assert (got.type, got.value) == ("DATE", value)


# "the quarter a year ago": the quarter under discussion (by default the last one that
# has ended), a year back
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the quarter a year ago", "2030-Q3"),
        ("the same quarter a year earlier", "2030-Q3"),
        ("the period a year ago", "2030-Q3"),
        ("the year-ago quarter", "2030-Q3"),
        ("the year-earlier period", "2030-Q3"),
    ],
)
def test_normalize_the_quarter_a_year_ago(text, value):
    assert normalize(text, SUN).value == value


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "time", "value"),
    [
        ("Today is the eighth day of the strike at the mill.", "the eighth day", "2031-11-02"),
        ("It is the second day of talks between the two sides.", "the second day", "2031-11-02"),
        ("The strike ended on the eighth day.", "the eighth day", None),
        (
            "Profit rose in the second quarter. For the quarter a year ago, it fell.",
            "the quarter a year ago",
            "2030-Q2",
        ),
    ],
)
def test_times_of_ordinal_days_and_year_ago_quarters(nlp, text, time, value):
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=SUN)))
    found = {t.text: t.value for t in doc._.sl_times}
    assert found.get(time) == value  # an expression without a value is not reported


# what is no TIMEX3: a discourse marker, and expressions no pattern values (a TIMEX3 needs
# a value): fragments, ordinals, ages, a unit word used as a noun of its own
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("Now, he says, the plan is dead.", []),
        ("The plan is now dead, he says.", ["now"]),
        ("A second group of directors sold shares on Monday.", ["Monday"]),
        ("He was shot on the night of Oct. 23 in his kitchen.", ["Oct. 23"]),
        ("A six-year-old boy was found at sea on Monday.", ["Monday"]),
        ("This has not been the company's year.", []),
    ],
)
def test_times_not_reported(nlp, text, times):
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=SUN)))
    assert [t.text for t in doc._.sl_times] == times


@pytest.mark.model
def test_times_in_an_undated_text_keep_relative_ones_without_a_value(nlp):
    text = "Rebels struck on Monday and on the night of the vote."
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=None)))
    assert [(t.text, t.value) for t in doc._.sl_times] == [("Monday", None)]


# a duration "of" a year: the duration and its anchor year are two TIMEX3s, unless the
# whole names one calendar period
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "times"),
    [
        (
            "Jobs grew for the first nine months of 2030, the report said.",
            [("the first nine months", "P9M"), ("2030", "2030")],
        ),
        (
            "Sales fell in the first six months of the year.",
            [("the first six months", "P6M"), ("the year", "2031")],
        ),
        (
            "Losses will last through the first two quarters of 2032.",
            [("the first two quarters of 2032", "2032-H1")],
        ),
    ],
)
def test_times_duration_of_a_year_is_two_times(nlp, text, times):
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=SUN)))
    assert [(t.text, t.value) for t in doc._.sl_times] == times
