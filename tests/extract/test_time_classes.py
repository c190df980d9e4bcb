"""TIMEX3 values by class of expression (TimeML guidelines), on invented texts.

Each table is one class of the issue: direction by tense, durations, sets, times of day
on a named day, times relative to another time of the text, centuries and decades.
"""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.pipeline import make_doc
from storyline.extract.time import discourse, normalize, periods
from storyline.records import Article

SUN = date(2031, 11, 2)  # a Sunday in November
THU = date(2032, 1, 15)  # a Thursday in January


def times_of(nlp, text, published):
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=published)))
    return [(t.text, t.type, t.value) for t in doc._.sl_times]


# direction: a bare month or date lies before the report in a past clause, after it in a
# future one, and is the nearest one when no verb or a present one governs it
@pytest.mark.parametrize(
    ("text", "anchor", "tense", "value"),
    [
        ("October", THU, "past", "2031-10"),
        ("October", THU, "future", "2032-10"),
        ("October", THU, "none", "2031-10"),  # three months back beats nine ahead
        ("March", THU, "none", "2032-03"),
        ("March", THU, "present", "2032-03"),
        ("March 30", THU, "past", "2031-03-30"),
        ("March 30", THU, "future", "2032-03-30"),
        ("Dec. 20", SUN, "none", "2031-12-20"),
        ("Jan. 3", SUN, "none", "2032-01-03"),
        ("Jan. 3", SUN, "past", "2031-01-03"),
        ("the third quarter", SUN, "future", "2031-Q3"),  # results come after a quarter ends
        ("year-end", SUN, "future", "2031-12-31"),
        ("year-end", SUN, "past", "2030-12-31"),
    ],
)
def test_normalize_direction_by_tense(text, anchor, tense, value):
    assert normalize(text, anchor, tense=tense).value == value


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "time", "value"),
    [
        ("The council will vote on the plan in March.", "March", "2032-03"),
        ("The council voted on the plan in March.", "March", "2031-03"),
        ("The council plans to vote on the plan in October.", "October", "2032-10"),
        ("The dividend is payable Feb. 9 to holders of record.", "Feb. 9", "2032-02-09"),
        ("The offer stands until Feb. 9, the company said.", "Feb. 9", "2032-02-09"),
        ("Stocks have fallen since Nov. 20, traders said.", "Nov. 20", "2031-11-20"),
        ("The team could fly home as soon as Monday.", "Monday", "2032-01-19"),
        ("Lawyers appealed Tuesday's ruling.", "Tuesday", "2032-01-13"),
        ("The trial is heard in May.", "May", "2032-05"),
        ("He set a Feb. 9 deadline for the talks.", "Feb. 9", "2032-02-09"),
        ("The pilots could not be reached Tuesday.", "Tuesday", "2032-01-13"),
        ("The plant closed this past spring.", "this past spring", "2031-SP"),
    ],
)
def test_times_direction_from_the_governing_verb(nlp, text, time, value):
    found = {t: v for t, _, v in times_of(nlp, text, THU)}
    assert found[time] == value


# durations: fractions, numbers in words, vague amounts, modifiers of a noun
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 1/2 years", "P2.5Y"),
        ("three and a half years", "P3.5Y"),
        ("a minute and a half", "PT1M30S"),
        ("5 1/2 hours", "PT5H30M"),
        ("the last twenty four hours", "PT24H"),
        ("thirty-six hours", "PT36H"),
        ("recent years", "PXY"),
        ("recent months", "PXM"),
        ("the year-earlier nine months", "P9M"),
        ("an additional year", "P1Y"),
        ("the nine months", "P9M"),
        ("the first six months of 2031", "P6M"),
        ("the past two quarters", "P2Q"),
        ("at least 72 hours", "PT72H"),
        ("a two day", "P2D"),
    ],
)
def test_normalize_durations(text, value):
    got = normalize(text, THU)
    assert (got.type, got.value) == ("DURATION", value)


# sets: recurring times
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("daily", "P1D"),
        ("annually", "P1Y"),
        ("quarterly", "P3M"),
        ("every quarter", "P1Q"),
        ("each week", "P1W"),
        ("every Tuesday", "XXXX-WXX-2"),
        ("each July", "XXXX-07"),
        ("every summer", "XXXX-SU"),
        ("twice a year", "P1Y"),
    ],
)
def test_normalize_sets(text, value):
    got = normalize(text, THU)
    assert (got.type, got.value) == ("SET", value)


# times of day on a named day, and parts of the day
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10 p.m. Wednesday", "2032-01-14T22:00"),
        ("noon Tuesday", "2032-01-13T12:00"),
        ("Monday at 6:30 a.m.", "2032-01-12T06:30"),
        ("9 a.m. Jan. 12", "2032-01-12T09:00"),
        ("mid afternoon", "2032-01-15TAF"),
        ("later this afternoon", "2032-01-15TAF"),
        ("Saturday night", "2032-01-10TNI"),
        ("early Monday morning", "2032-01-12TMO"),
    ],
)
def test_normalize_times_of_day_on_a_named_day(text, value):
    got = normalize(text, THU)
    assert (got.type, got.value) == ("TIME", value)


# relative to another time of the text: the last time the text named is the reference
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "time", "value"),
    [
        (
            "Profit rose in the third quarter. Sales fell from a year earlier.",
            "a year earlier",
            "2030-Q3",
        ),
        (
            "Profit rose in the third quarter. In the year-ago quarter it had fallen.",
            "the year-ago quarter",
            "2030-Q3",
        ),
        (
            "Profit rose in the third quarter, up from a year ago.",
            "a year ago",
            "2030-Q3",
        ),
        (
            "The mine opened on May 4, 2019. The following year it closed.",
            "The following year",
            "2020",
        ),
        (
            "The mine opened on May 4, 2019. Two days later it flooded.",
            "Two days later",
            "2019-05-06",
        ),
        ("The mine opened in June 2019 and closed later that year.", "later that year", "2019"),
        ("The mine flooded. A day earlier, pumps had failed.", "A day earlier", "P1D"),
        (
            "Shares fell on Friday, Oct. 24, 2031, down from the previous Friday.",
            "the previous Friday",
            "2031-10-17",
        ),
        (
            "Net income for the quarter ended Sept. 30 rose. A year earlier it fell.",
            "A year earlier",
            "2030-09-30",
        ),
    ],
)
def test_times_relative_to_another_time_of_the_text(nlp, text, time, value):
    found = {t: v for t, _, v in times_of(nlp, text, SUN)}
    assert found[time] == value


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("the morning", periods.day(date(2031, 10, 31)), "2031-10-31TMO"),
        ("the next day", periods.day(date(2031, 10, 31)), "2031-11-01"),
        ("a year earlier", periods.quarter(2031, 3, False), "2030-Q3"),
        ("a year earlier", periods.month(2031, 10, False), "2030-10"),
        ("two months later", periods.month(2031, 10, False), "2031-12"),
        ("a day earlier", periods.month(2031, 10, False), None),  # no day to count from
        ("the quarter", periods.quarter(2031, 2, False), "2031-Q2"),
        ("the following week", periods.day(date(2031, 10, 31)), "2031-W45"),
    ],
)
def test_discourse_resolves_against_the_reference_time(text, reference, value):
    got = discourse.resolve(text, reference, SUN)
    assert (got.value if got else None) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the 20th century", "19"),
        ("a 19th century", "18"),
        ("the 1990s", "199"),
        ("the late 1970s", "197"),
    ],
)
def test_normalize_centuries_and_decades(text, value):
    assert normalize(text, THU).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("coming months", "FUTURE_REF"), ("a later date", "FUTURE_REF"), ("now", "PRESENT_REF")],
)
def test_normalize_vague_references(text, value):
    assert normalize(text, THU).value == value


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TimeML marks each end of a range; MEANTIME adds the range as a duration
        (
            "Deliveries run from 2033 to 2035.",
            [
                ("2033 to 2035", "DURATION", "P2Y"),
                ("2033", "DATE", "2033"),
                ("2035", "DATE", "2035"),
            ],
        ),
        (
            "Net income for its fourth quarter ended Sept. 30 fell.",
            [("fourth quarter", "DATE", "2031-Q4"), ("Sept. 30", "DATE", "2031-09-30")],
        ),
        # the article of a noun a time modifies is the noun's, not the time's
        ("Stocks hit a five-year low.", [("five-year", "DURATION", "P5Y")]),
        ("She began a two-day visit.", [("two-day", "DURATION", "P2D")]),
        # a set word as an adjective of kind is no time
        ("The firm cut its quarterly dividend and its annual bonus.", []),
        (
            "Profit fell in each of the past three years.",
            [("the past three years", "DURATION", "P3Y")],
        ),
    ],
)
def test_times_spans_follow_timeml(nlp, text, expected):
    assert times_of(nlp, text, SUN) == expected


# periods named around the report: a part of the next year, the current quarter, halves,
# years in words (broadcast transcripts), named days, an approximate clock time
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("early next year", "2033"),
        ("late last month", "2031-12"),
        ("the current quarter", "2032-Q1"),
        ("the full year", "2032"),
        ("the last half of 2031", "2031-H2"),
        ("the first two quarters of 2031", "2031-H1"),
        ("nineteen ninety-four", "1994"),
        ("the winter of nineteen ninety-four", "1994-WI"),
        ("January nineteen eighty-one", "1981-01"),
        ("the year two thousand", "2000"),
        ("Thanksgiving Day", "2031-11-27"),
        ("last Christmas", "2031-12-25"),
        ("Election Day 2032", "2032-11-02"),
        ("about 10:35 a.m.", "2032-01-15T10:35"),
        ("nineteen", None),
        ("last Oct. 23", "2031-10-23"),
        ("the early summer", "2031-SU"),
        ("these days", "PRESENT_REF"),
        ("a week or so ago", "2032-W02"),
        ("the nineties", "199"),
        ("5 p.m. EST, Jan. 6", "2032-01-06T17:00"),
    ],
)
def test_normalize_periods_named_around_the_report(text, value):
    assert normalize(text, THU).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("about a decade", "P10Y"),
        ("the coming years", "PXY"),
        ("the past year", "P1Y"),
        ("year-long", "P1Y"),
        ("the fiscal year ended", "P1Y"),
        ("no more than sixty days", "P60D"),
        ("eight trading days", "P8D"),
        ("the latest nine months", "P9M"),
        ("at least 20 more years", "P20Y"),
    ],
)
def test_normalize_durations_not_sets(text, value):
    got = normalize(text, THU)
    assert (got.type, got.value) == ("DURATION", value)


# a weekday with no tense to go by is the nearest one, looking back on a near tie
@pytest.mark.parametrize(
    ("text", "value"),
    [("Friday", "2032-01-16"), ("Saturday", "2032-01-17"), ("Monday", "2032-01-12")],
)
def test_normalize_weekday_without_tense_is_the_nearest(text, value):
    assert normalize(text, THU, tense="none").value == value


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "time", "value"),
    [
        ("He has scheduled a news conference Friday.", "Friday", "2032-01-16"),
        ("Protesters planned a march on Saturday.", "Saturday", "2032-01-17"),
        ("On Friday, the city planned to pay the workers.", "Friday", "2032-01-09"),
        ("Shares ended near the record they set on Aug. 6.", "Aug. 6", "2031-08-06"),
        ("The group extended to Feb. 20 its offer.", "Feb. 20", "2032-02-20"),
        ("The paper said in an editorial on Saturday, Jan. 10:", "Saturday, Jan. 10", "2032-01-10"),
        ("The man was shot on Jan. 3. The shot came at 10 p.m.", "10 p.m.", "2032-01-03T22:00"),
        ("In nineteen ninety-six a bomb went off.", "nineteen ninety-six", "1996"),
        ("He will stay between now and Feb. 10.", "now", "PRESENT_REF"),
        ("He was found at sea on Thanksgiving Day.", "Thanksgiving Day", "2031-11-27"),
        ("For the year ended Aug. 31, it earned $5 million.", "the year", "P1Y"),
        (
            "Sales rose in the quarter ended Sept. 30. The latest period was good.",
            "The latest period",
            "2031-Q3",
        ),
        ("The plant made its first profit in at least 72 hours.", "at least 72 hours", "PT72H"),
        ("It runs four flights a week.", "a week", None),
        ("It will save $500 million a year.", "a year", None),
        ("The strike lasted a week.", "a week", "P1W"),
        ("It has 13 plants, up from seven a year ago.", "a year ago", "2031"),
        ("It will dilute earnings in both 2033 and 2034.", "2033", "2033"),
        ("Shares fell, down from the previous Friday.", "the previous Friday", None),
        ("It takes two to three weeks.", "two to three weeks", "PXW"),
        ("They marched in the annual March for Life.", "March", None),
        ("But a minute and a half later, a pilot called.", "a minute and a half later", "PT1M30S"),
        ("The cuts take effect in March.", "March", "2032-03"),
    ],
)
def test_times_by_class_in_running_text(nlp, text, time, value):
    found = {t: v for t, _, v in times_of(nlp, text, THU)}
    assert found.get(time) == value, found
