"""Names found once and missed where the document uses them again."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from storyline.extract.repeats import missed_repeats, name_labels

STOP = {"the", "and", "men"}


def make(nlp: Language, words: list[str], ents: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words, ents=ents)


def test_repeats_uncovered_occurrence_takes_the_name_label(blank_nlp):
    words = ["Rain", "hit", "Loamshire", "Rovers", ",", "then", "Loamshire", "Rovers", "won", "."]
    ents = ["O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O"]
    doc = make(blank_nlp, words, ents)
    got = [(s.text, s.label_, s.start) for s in missed_repeats(doc, list(doc.ents), STOP)]
    assert got == [("Loamshire Rovers", "ORG", 6)]


def test_repeats_name_glued_to_another_capitalised_word_is_not_taken(blank_nlp):
    words = ["Rain", "hit", "Marlow", ".", "Then", "Marlow", "Hall", "shut", "."]
    ents = ["O", "O", "B-GPE"] + ["O"] * 6
    doc = make(blank_nlp, words, ents)
    assert missed_repeats(doc, list(doc.ents), STOP) == []


def test_repeats_name_seen_only_at_line_starts_is_not_spread(blank_nlp):
    words = ["Results", ":", "\n", "Mixed", "relay", "\n", "The", "Mixed", "team", "ran"]
    doc = Doc(blank_nlp.vocab, words=words, spaces=[True] * len(words))
    spans = [Span(doc, 3, 4, label="ORG")]
    assert name_labels(spans, STOP) == {}
    assert missed_repeats(doc, spans, STOP) == []


def test_repeats_majority_label_wins(blank_nlp):
    words = ["a", "Fenwick", ",", "b", "Fenwick", ",", "c", "Fenwick", ",", "d", "Fenwick"]
    ents = ["O", "B-GPE", "O", "O", "B-GPE", "O", "O", "B-ORG", "O", "O", "O"]
    doc = make(blank_nlp, words, ents)
    got = [(s.text, s.label_) for s in missed_repeats(doc, list(doc.ents), STOP)]
    assert got == [("Fenwick", "GPE")]
