"""ACLED codes an event from the reports of its time: one told with a date of its own in its
paragraph months before the report is context (political violence stays in the record)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.events import EventFinder
from storyline.records import Article

from .annotate import annotate

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("published", "kept"), [(date(2018, 4, 2), True), (date(2019, 4, 2), False)]
)
def test_events_a_visit_dated_in_its_paragraph_a_year_before_is_context(nlp, published, kept):
    text = (
        "In March 2018 the relations of the two states were at their best. "
        "The president visited the embassy for talks with diplomats."
    )
    doc = annotate(nlp, text, times=[("March 2018", "2018-03-01", "2018-03-31")])
    doc._.sl_article = Article(id="a", text=text, published=published)
    EventFinder(nlp, "storyline_events")(doc)
    found = [e.subtype for e in doc._.sl_events]
    assert ("Diplomatic event" in found) is kept, found


@pytest.mark.parametrize(
    ("published", "kept"), [(date(2018, 4, 20), True), (date(2018, 3, 2), False)]
)
def test_events_a_protest_dated_weeks_after_the_report_is_planned(nlp, published, kept):
    text = "Thousands of students protested in the capital on April 9, 2018."
    doc = annotate(nlp, text, times=[("April 9, 2018", "2018-04-09", "2018-04-09")])
    doc._.sl_article = Article(id="a", text=text, published=published)
    EventFinder(nlp, "storyline_events")(doc)
    found = [e.type for e in doc._.sl_events]
    assert ("Protests" in found) is kept, found
