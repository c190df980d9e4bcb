"""TIMEX3 values of sets with a part of the day and of spans ahead of the report ("the next
decade"), on made-up expressions (TimeML: "every morning" is XXXX-XX-XXTMO)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.time import normalize

THU = date(2032, 1, 15)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("each morning", "XXXX-XX-XXTMO"),
        ("every night", "XXXX-XX-XXTNI"),
        ("every evening", "XXXX-XX-XXTEV"),
        ("every Monday", "XXXX-WXX-1"),
        ("every Monday morning", "XXXX-WXX-1TMO"),
        ("each Friday night", "XXXX-WXX-5TNI"),
        ("each weekend", "XXXX-WXX-WE"),
    ],
)
def test_normalize_sets_with_a_part_of_the_day(text, value):
    got = normalize(text, THU)
    assert (got.type, got.value) == ("SET", value)


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("the next decade", "past", "P10Y"),
        ("the next century", "none", "P100Y"),
        ("the next year", "future", "P1Y"),  # "will cut jobs over the next year"
        ("the next month", "future", "P1M"),
        ("the next year", "past", None),  # "the next year he left": after another time
        ("the next day", "future", None),  # the day after an event
        ("the following decade", "future", None),
    ],
)
def test_normalize_spans_ahead_of_the_report(text, tense, value):
    got = normalize(text, THU, tense=tense)
    assert got.value == value
    if value is not None:
        assert got.type == "DURATION"
        assert got.earliest == THU


# "N units from now": the mirror of "N units ago", at the granularity of the unit
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two weeks from now", "2032-W05"),
        ("a year from now", "2033"),
        ("three days from today", "2032-01-18"),
        ("about five years from now", "2037"),
        ("two years ago", "2030"),
    ],
)
def test_normalize_from_now(text, value):
    got = normalize(text, THU, tense="future")
    assert (got.type, got.value) == ("DATE", value)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "time", "value"),
    [
        ("The plant will open two weeks from now.", "two weeks from now", "2032-W05"),
        ("Police patrol the square every Friday night.", "every Friday night", "XXXX-WXX-5TNI"),
        ("The firm will cut 500 jobs over the next year.", "the next year", "P1Y"),
        ("Sales will double in the next decade.", "the next decade", "P10Y"),
    ],
)
def test_times_sets_and_spans_ahead_in_running_text(nlp, text, time, value):
    from storyline.extract.pipeline import make_doc
    from storyline.records import Article

    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=THU)))
    assert {t.text: t.value for t in doc._.sl_times}.get(time) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the near term", "FUTURE_REF"),
        ("in the short term", "FUTURE_REF"),
        ("the long term", "FUTURE_REF"),
        ("the near future", "FUTURE_REF"),
    ],
)
def test_normalize_terms_ahead_are_future_references(text, value):
    assert normalize(text, THU).value == value


@pytest.mark.model
def test_times_unit_long_modifiers_are_durations(nlp):
    from storyline.extract.pipeline import make_doc
    from storyline.records import Article

    text = "Lawyers left their third day-long meeting, ending a decades-long feud."
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published=THU)))
    assert [(t.text, t.value) for t in doc._.sl_times] == [
        ("day-long", "P1D"),
        ("decades-long", "PXY"),
    ]
