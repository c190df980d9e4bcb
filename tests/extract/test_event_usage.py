"""storyline_events: words that name an event without the text telling one (``usage``), and
what ACLED leaves out (references to a dropped event, old recalls)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.events import EventFinder
from storyline.records import Article, Place

from .annotate import annotate

pytestmark = pytest.mark.model


def _subtypes(nlp, text, entities=(), times=(), published=None) -> list[str | None]:
    doc = annotate(nlp, text, entities, times)
    if published is not None:
        doc._.sl_article = Article(id="a", text=text, published=published)
    EventFinder(nlp, "storyline_events")(doc)
    return [e.subtype for e in doc._.sl_events]


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        # a modifier of a noun that is no event word names a kind of thing
        ("Most of them are held in detention centers near the coast.", "Arrests"),
        # a habit, not one happening
        ("The minister makes frequent visits to the embassy for talks with diplomats.",
         "Diplomatic event"),
        # a state a person is in
        ("She was released from house arrest in the capital.", "Arrests"),
        # a person's own misfortune
        ("The singer's hospital stay followed her sudden collapse at the stadium.",
         "Man-made disaster"),
        # an example of a kind
        ("Farmers face problems like drought in the valley.", "Natural disaster"),
        # what is forecast or possible
        ("Heavy rain is forecast in the province.", "Natural disaster"),
        ("Residents fear a potential record flood in the valley.", "Natural disaster"),
        # a present-tense state
        ("About 100 soldiers are deployed to the border with the military.",
         "Change to group/activity"),
    ],
)  # fmt: skip
def test_events_usage_drops_words_that_tell_no_happening(nlp, text, dropped):
    assert dropped not in _subtypes(nlp, text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Police arrested the opposition leader in the capital on Monday.", "Arrests"),
        ("The opposition leader was placed under house arrest on Monday.", "Arrests"),
        ("A landslide hit the village on Friday, killing ten people.", "Natural disaster"),
        ("The minister's visit to the embassy for talks with diplomats ended on Monday.",
         "Diplomatic event"),
    ],
)  # fmt: skip
def test_events_usage_keeps_happenings(nlp, text, kept):
    assert kept in _subtypes(nlp, text)


def test_events_a_reference_back_to_a_dropped_crime_is_dropped(nlp):
    text = "A man robbed a shop and shot the owner dead. The incident happened at noon."
    assert _subtypes(nlp, text) == []


def test_events_a_month_as_a_date_is_no_protest_cue(nlp):
    text = "Detectives investigated the March 7 fire that led to his arrest for arson."
    assert "Protest with intervention" not in _subtypes(nlp, text)


def test_events_a_recall_from_last_year_is_context_but_old_violence_is_kept(nlp):
    visit = "The president visited the embassy for talks with diplomats in March 2018."
    times = [("March 2018", "2018-03-01", "2018-03-31")]
    for published, kept in ((date(2018, 4, 2), True), (date(2019, 4, 2), False)):
        got = _subtypes(nlp, visit, times=times, published=published)
        assert ("Diplomatic event" in got) is kept, published
    attack = "Rebels attacked the fort at Port Elan in March 2018, killing six soldiers."
    got = _subtypes(nlp, attack, [("Port Elan", "GPE")], times, published=date(2020, 4, 2))
    assert got, "political violence two years back stays in the record"


def test_events_meetings_and_calls_of_states_officials_are_diplomatic_events(nlp):
    ents = [("Russian", "NORP", Place(61.5, 105.0, "RU", feature="A.PCLI", kind="demonym"))]
    text = "The senator met Russian Foreign Minister Ivan Petrov in Geneva on Monday."
    assert "Diplomatic event" in _subtypes(nlp, text, ents)
    call = "Prime Minister Ana Ruiz spoke by telephone with her Russian counterpart on Friday."
    assert "Diplomatic event" in _subtypes(nlp, call, ents)
    # a meeting with no state's official is domestic business
    local = "The mayor met the county commissioners on Monday."
    assert "Diplomatic event" not in _subtypes(nlp, local)
