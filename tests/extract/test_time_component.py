"""storyline_times on parsed text: recognition, filtering, tense and report anchoring."""

from __future__ import annotations

import re
from datetime import date

import pytest

from storyline.extract.extensions import entity_id_at
from storyline.extract.pipeline import make_doc
from storyline.records import Article, Entity, Mention, Quote, Speaker

pytestmark = pytest.mark.model

WED = date(2020, 3, 4)  # a Wednesday


def analyze(nlp, text, published=WED):
    return nlp(make_doc(nlp, Article(id="t", text=text, published=published)))


def rerun_with_quotes(nlp, doc, quotes):
    """Run storyline_times again on ``doc`` with hand-made quotes (as the quote stage would)."""
    doc._.sl_quotes = quotes
    doc._.sl_times = None
    nlp.get_pipe("storyline_times")(doc)
    return {t.text: t for t in doc._.sl_times}


def quote(doc, qid, inner, speaker, *, kind="direct", entity_words=None, via_words=()):
    text = doc.text
    start = text.index(inner)

    def eid(words):
        i = text.index(words)
        return entity_id_at(doc, i, i + len(words))

    speaker_entity = eid(entity_words) if entity_words else None
    via = tuple(v for v in (eid(w) for w in via_words) if v)
    return Quote(
        id=qid,
        kind=kind,
        start=start,
        end=start + len(inner),
        text=inner,
        speaker=Speaker(speaker_entity, speaker, speaker),
        via=via,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rebels attacked the base on Monday and withdrew over the weekend.",
            [("Monday", "2020-03-02"), ("the weekend", "2020-W09-WE")],
        ),
        (
            "Flood water reached the valley in mid-September after rising for about six months.",
            [("mid-September", "2019-09"), ("about six months", "P6M")],
        ),
        (
            "The bridge has been shut since 2014 and was last repaired four years ago.",
            [("2014", "2014"), ("four years ago", "2016")],
        ),
        (
            "Prices rose daily during the past three weeks, traders said last Thursday.",
            [("daily", "P1D"), ("the past three weeks", "P3W"), ("last Thursday", "2020-02-27")],
        ),
        (
            "The trade pact of January 10 replaced one that ran for nearly two years "
            "until early January.",
            [
                ("January 10", "2020-01-10"),
                ("nearly two years", "P2Y"),
                ("early January", "2020-01"),
            ],
        ),
    ],
)
def test_times_finds_and_normalizes(nlp, text, expected):
    doc = analyze(nlp, text)
    assert [(t.text, t.value) for t in doc._.sl_times] == expected
    assert [t.id for t in doc._.sl_times] == [f"t{i}" for i in range(1, len(expected) + 1)]


def test_times_gives_fuzzy_intervals(nlp):
    doc = analyze(nlp, "The clashes broke out in mid-September and ended late October.")
    got = {t.text: (t.earliest, t.latest) for t in doc._.sl_times}
    assert got["mid-September"] == ("2019-09-11", "2019-09-20")
    assert got["late October"] == ("2019-10-21", "2019-10-31")


@pytest.mark.parametrize(
    "text",
    [
        "Maria Oduya, 53, a teacher from the village, said 500 people had left.",
        "A 47-year-old farmer and his son, aged 12, were among the dead.",
    ],
)
def test_times_drops_ages_and_plain_numbers(nlp, text):
    doc = analyze(nlp, text)
    assert [t.text for t in doc._.sl_times] == []


def test_times_uses_future_tense_for_bare_weekdays(nlp):
    doc = analyze(nlp, "The talks will resume on Monday, the envoy said on Tuesday.")
    got = {t.text: t.value for t in doc._.sl_times}
    assert got == {"Monday": "2020-03-09", "Tuesday": "2020-03-03"}


def test_times_without_publication_date_resolves_only_absolute(nlp):
    doc = analyze(nlp, "Rebels struck on Monday, as they had on 10 January 2019.", published=None)
    got = {t.text: (t.value, t.anchor) for t in doc._.sl_times}
    assert got == {"Monday": (None, None), "10 January 2019": ("2019-01-10", None)}


def test_times_anchor_published_for_relative_only(nlp):
    doc = analyze(nlp, "The bridge, built in 1998, was destroyed yesterday.")
    got = {t.text: t.anchor for t in doc._.sl_times}
    assert got == {"1998": None, "yesterday": "published"}


REPORT = (
    "The Daily Ledger reported on Monday that rebels had seized the town. "
    "Its correspondent said “the army withdrew yesterday”. "
    "A shopkeeper said “the shelling stopped yesterday”."
)


def test_times_anchors_quote_of_report_author_to_report_date(nlp):
    doc = analyze(nlp, REPORT)
    times = rerun_with_quotes(
        nlp,
        doc,
        [
            quote(doc, "q1", "the army withdrew yesterday", "Its correspondent"),
            quote(doc, "q2", "the shelling stopped yesterday", "A shopkeeper"),
        ],
    )
    assert times["Monday"].value == "2020-03-02"
    by_quote = {t.anchor: t.value for t in doc._.sl_times if t.text == "yesterday"}
    assert by_quote == {"q1": "2020-03-01", "published": "2020-03-03"}


def test_times_anchors_quote_whose_speaker_or_via_is_the_outlet(nlp):
    text = (
        "The Daily Ledger reported on Monday that rebels had seized the town. "
        "According to the Daily Ledger, a commander said “we arrived yesterday”."
    )
    doc = analyze(nlp, text)
    # the outlet as an entity, built by hand: the test is of anchoring, not of the tagger
    spans = [(m.start(), m.end()) for m in re.finditer("(?i)the daily ledger", text)]
    mentions = tuple(Mention(a, b, text[a:b]) for a, b in spans)
    doc._.sl_entities = [Entity("e0", "The Daily Ledger", "ORG", mentions)]
    doc._.sl_entity_spans = [(a, b, "e0") for a, b in spans]
    times = rerun_with_quotes(
        nlp,
        doc,
        [quote(doc, "q1", "we arrived yesterday", "a commander", via_words=["The Daily Ledger"])],
    )
    assert (times["yesterday"].value, times["yesterday"].anchor) == ("2020-03-01", "q1")


def test_times_anchors_indirect_speech_of_dated_report(nlp):
    text = (
        "In an editorial printed last Thursday, the Morning Courier said the talks collapsed. "
        "The newspaper said the envoy had left the capital on Tuesday."
    )
    doc = analyze(nlp, text)
    times = rerun_with_quotes(
        nlp,
        doc,
        [
            quote(
                doc,
                "q1",
                "the envoy had left the capital on Tuesday",
                "The newspaper",
                kind="indirect",
            )
        ],
    )
    assert times["last Thursday"].value == "2020-02-27"
    assert (times["Tuesday"].value, times["Tuesday"].anchor) == ("2020-02-25", "q1")


def test_times_anchors_quote_to_its_dated_reporting_clause(nlp):
    text = "On Friday, a farmer said “they came back yesterday”."
    doc = analyze(nlp, text)
    times = rerun_with_quotes(nlp, doc, [quote(doc, "q1", "they came back yesterday", "a farmer")])
    assert (times["yesterday"].value, times["yesterday"].anchor) == ("2020-02-27", "q1")


def test_times_event_date_is_not_a_report_date(nlp):
    text = (
        "The army withdrew on Monday, the Ledger reported. "
        "The paper said “the envoy left yesterday”."
    )
    doc = analyze(nlp, text)
    times = rerun_with_quotes(nlp, doc, [quote(doc, "q1", "the envoy left yesterday", "The paper")])
    assert (times["yesterday"].value, times["yesterday"].anchor) == ("2020-03-03", "published")
