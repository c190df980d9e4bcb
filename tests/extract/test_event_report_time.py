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
