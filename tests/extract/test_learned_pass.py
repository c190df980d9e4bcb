"""The learned model's contents beside the rules (quotes/combine.py), with the taggers'
output fixed by hand so that only the combination is under test."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract.attribution import load_cues
from storyline.extract.quotes import combine, extract_quotes
from storyline.extract.quotes.learned import Tagged

from .test_quote_speakers import Row, parsed

CUES = load_cues()

# "Okoro called for free and fair elections." ("call" is no reporting verb: no rule fires)
ROWS: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 1, "nsubj"),
    ("called", "call", "VERB", "VBD", 1, "ROOT"),
    ("for", "for", "ADP", "IN", 1, "prep"),
    ("free", "free", "ADJ", "JJ", 6, "amod"),
    ("and", "and", "CCONJ", "CC", 3, "cc"),
    ("fair", "fair", "ADJ", "JJ", 3, "conj"),
    ("elections", "election", "NOUN", "NNS", 2, "pobj"),
    (".", ".", "PUNCT", ".", 1, "punct"),
]


def called_for(blank_nlp: Language) -> Doc:
    return parsed(blank_nlp, ROWS)


def test_a_content_with_a_tagged_source_and_no_cue_is_kept(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    tagged = Tagged(contents=((3, 7),), cues=(), sources=((0, 1),))
    monkeypatch.setattr(combine, "tag_doc", lambda *_: tagged)
    (quote,) = extract_quotes(called_for(blank_nlp), CUES, learned=True)
    assert (quote.kind, quote.text) == ("indirect", "free and fair elections")
    assert quote.speaker is not None and quote.speaker.text == "Okoro"


def test_a_content_with_no_source_and_no_cue_is_left_out(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    tagged = Tagged(contents=((3, 7),), cues=(), sources=())
    monkeypatch.setattr(combine, "tag_doc", lambda *_: tagged)
    assert extract_quotes(called_for(blank_nlp), CUES, learned=True) == []


# "Okoro walked in, chanting “troops leave now”."
CHANTING: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 1, "nsubj"),
    ("walked", "walk", "VERB", "VBD", 1, "ROOT"),
    ("in", "in", "ADP", "RP", 1, "prt"),
    (",", ",", "PUNCT", ",", 1, "punct"),
    ("chanting", "chant", "VERB", "VBG", 1, "advcl"),
    ("“", "“", "PUNCT", "``", 7, "punct"),
    ("troops", "troop", "NOUN", "NNS", 7, "nsubj"),
    ("leave", "leave", "VERB", "VBP", 4, "ccomp"),
    ("now", "now", "ADV", "RB", 7, "advmod"),
    ("”", "”", "PUNCT", "''", 7, "punct"),
    (".", ".", "PUNCT", ".", 1, "punct"),
]


def test_a_learned_clause_holding_the_quotes_own_cue_leaves_the_quote_as_it_is(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    tagged = Tagged(contents=((0, 10),), cues=((4, 5),), sources=((0, 1),))
    monkeypatch.setattr(combine, "tag_doc", lambda *_: tagged)
    quotes = extract_quotes(parsed(blank_nlp, CHANTING), CUES, learned=True)
    assert [(q.kind, q.text) for q in quotes] == [("direct", "troops leave now")]
