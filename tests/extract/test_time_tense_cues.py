"""Direction by tense: plans made before a past time, plans in a past clause, postponements;
and days named inside a longer phrase ("the day Friday", "the early hours of Monday").
Made-up texts; the report is dated Monday 2032-01-12."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.pipeline import make_doc
from storyline.extract.time import discourse, normalize, periods
from storyline.records import Article

MON = date(2032, 1, 12)  # a Monday: the Friday before is 2032-01-09, the one after 01-16


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "time", "value"),
    [
        # a plan made before a past time (past perfect): the nearest such day
        ("The offer had been due to expire Friday.", "Friday", "2032-01-09"),
        ("The offer had been scheduled to expire Friday.", "Friday", "2032-01-09"),
        # still ahead when the plan stands now
        ("The offer is scheduled to expire Friday.", "Friday", "2032-01-16"),
        ("The offer is due to expire Friday.", "Friday", "2032-01-16"),
        # a plan in a past clause: the nearest such day
        ("The vote planned for Saturday was canceled.", "Saturday", "2032-01-10"),
        ("A march planned at the park for Saturday was called off.", "Saturday", "2032-01-10"),
        ("The vote planned for Saturday will go ahead.", "Saturday", "2032-01-17"),
        # what is postponed until a day lies ahead of the postponement
        ("Officials postponed until Thursday any action on the case.", "Thursday", "2032-01-15"),
        ("The judge delayed until Thursday a ruling on bail.", "Thursday", "2032-01-15"),
        # a deadline is the nearest such time, unless will/shall puts it ahead
        ("The airline will double its flights by July.", "July", "2032-07"),
        ("The airline doubled its flights by July.", "July", "2031-07"),
        ("It ordered the agency to return the boy by Jan. 10.", "Jan. 10", "2032-01-10"),
    ],
)
def test_times_direction_of_plans(nlp, text, time, value):
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=MON)))
    found = {t.text: t.value for t in doc._.sl_times}
    assert found.get(time) == value, found


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("the day Friday", "past", "2032-01-09"),
        ("during the day Friday", "future", "2032-01-16"),
        ("the early hours of Sunday", "past", "2032-01-11"),
        ("the early hours of Friday morning", "past", "2032-01-09TMO"),
        ("the small hours of Jan. 3", "past", "2032-01-03"),
        # a part of the day before the day it belongs to
        ("mid-afternoon yesterday", "past", "2032-01-11TAF"),
        ("late morning Friday", "past", "2032-01-09TMO"),
        ("early evening today", "none", "2032-01-12TEV"),
    ],
)
def test_normalize_days_inside_a_phrase(text, tense, value):
    assert normalize(text, MON, tense=tense).value == value


# "the year-ago period" when the last quarter named lies in a later year (a forecast): the last
# quarter ended, a year back
@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("the year-ago period", periods.quarter(2033, 3, True), "2030-Q4"),
        ("the year-ago quarter", periods.quarter(2033, 1, True), "2030-Q4"),
        ("the year-ago quarter", periods.quarter(2032, 2, True), "2031-Q2"),  # this year
        ("the year-ago quarter", periods.quarter(2031, 4, True), "2030-Q4"),
    ],
)
def test_discourse_year_ago_period_after_a_forecast(text, reference, value):
    found = discourse.resolve(text, reference, MON)
    assert found is not None and found.value == value


# a range whose second end is a day named from the report ("to Thursday") ends on the
# report's Thursday, not the Thursday after the first end
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("from Dec. 14 to Thursday", "P25D"),  # Thursday 2032-01-08, the last one
        ("from Monday to Thursday", "P3D"),
        ("May 2 to May 9", "P7D"),
    ],
)
def test_normalize_range_to_a_day_named_from_the_report(text, value):
    got = normalize(text, MON, tense="past")
    assert (got.type, got.value) == ("DURATION", value)


# a vague amount before earlier/later: a duration with no one amount (TimeML's X); it
# counts from no time named before it, where a number does ("two days later")
@pytest.mark.parametrize(
    ("text", "value", "after_may_4"),
    [
        ("a few days later", "PXD", None),
        ("several years earlier", "PXY", None),
        ("two days later", "P2D", "2031-05-06"),
        ("a few years ago", "PAST_REF", None),
    ],
)
def test_normalize_vague_shifts(text, value, after_may_4):
    assert normalize(text, MON).value == value
    resolved = discourse.resolve(text, periods.day(date(2031, 5, 4)), MON)
    assert (resolved.value if resolved else None) == after_may_4
