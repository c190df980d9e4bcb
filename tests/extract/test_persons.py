"""Persons from what the document says about them: surnames after full names, initials,
courtesy titles, cricket scorecards."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract.entities import EntityRecognizer
from storyline.extract.persons import missed_persons, person_keys, scorecard_names
from storyline.resolve.aliases import AliasTable
from storyline.resolve.linker import DocumentLinker


@pytest.fixture(scope="module")
def recognizer(blank_nlp: Language) -> EntityRecognizer:
    return EntityRecognizer(
        blank_nlp, "storyline_entities", DocumentLinker(None, AliasTable([], frozenset()))
    )


def make(nlp: Language, words: list[str], ents: list[str] | None = None) -> Doc:
    return Doc(nlp.vocab, words=words, ents=ents or ["O"] * len(words))


def labels(rec: EntityRecognizer, doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in rec.find_mentions(doc)]


def test_surname_alone_after_full_name_is_a_person(blank_nlp, recognizer):
    words = ["Tomas", "Vrbek", "scored", ".", "Later", ",", "Vrbek", "left", "and", "VRBEK", "won"]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 9
    got = labels(recognizer, make(blank_nlp, words, ents))
    assert got == [("Tomas Vrbek", "PERSON"), ("Vrbek", "PERSON"), ("VRBEK", "PERSON")]


def test_surname_the_model_calls_an_org_votes_person(blank_nlp, recognizer):
    words = ["Ilse", "Marent", "spoke", ".", "Marent", "said", "so", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O"]
    doc = recognizer(make(blank_nlp, words, ents))
    assert {e.label for e in doc._.sl_entities} == {"PERSON"}


def test_surname_inside_a_longer_name_is_not_taken(blank_nlp, recognizer):
    words = ["Ilse", "Marent", "spoke", "at", "Marent", "Hall", "."]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 5
    assert labels(recognizer, make(blank_nlp, words, ents)) == [("Ilse Marent", "PERSON")]


def test_word_written_lower_case_is_no_surname(blank_nlp):
    words = ["Anna", "Profit", "said", "profit", "rose", ".", "Anna", "Kell", "left"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O"]
    doc = make(blank_nlp, words, ents)
    assert person_keys(list(doc.ents), lambda name: False) == {"anna kell", "kell", "anna"}


def test_country_is_no_surname(blank_nlp):
    doc = make(
        blank_nlp, ["Pedro", "Chile", "and", "Chile", "."], ["B-PERSON", "I-PERSON", "O", "O", "O"]
    )
    assert person_keys(list(doc.ents), lambda name: name == "Chile") == {"pedro chile", "pedro"}


def test_initial_and_title_make_persons(blank_nlp):
    doc = make(blank_nlp, ["K.", "Vossler", "52", ",", "Mr", "Oduya", "said", "U.S.", "Open"])
    got = [(s.text, s.label_) for s in missed_persons(doc, [], set(), set())]
    assert got == [("K. Vossler", "PERSON"), ("Oduya", "PERSON")]


def test_scorecard_rows_name_players():
    text = (
        "A. Brill c Okoro b Tandy 13\nJ. Maro lbw b Tandy 4\nV. Sesh not out 46\n"
        "Bowling : Tandy 8-0-39-3 , de Wit 6-0-30-1 , Okoro\nThe match ended 3-1 ."
    )
    got = [text[s:e] for s, e in scorecard_names(text)]
    assert got == ["A. Brill", "Okoro", "Tandy", "J. Maro", "Tandy", "V. Sesh", "Tandy", "de Wit"]


def test_name_the_model_mostly_calls_a_nationality_is_no_surname(blank_nlp):
    words = ["Nova", "Velan", "army", ",", "Nova", "Velan", "navy", ",", "Nova", "Velan", "rule"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-NORP", "I-NORP", "O", "O", "B-GPE", "I-GPE", "O"]
    doc = make(blank_nlp, words, ents)
    assert person_keys(list(doc.ents), lambda name: False) == set()


def test_nationality_after_a_role_noun_stays_a_nationality(blank_nlp, recognizer):
    words = ["Ana", "Rell", "said", "the", "coach", "Nova", "Velan", "team", "won", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-NORP", "I-NORP", "O", "O", "O"]
    doc = recognizer(make(blank_nlp, words, ents))
    assert {(e.name, e.label) for e in doc._.sl_entities} == {
        ("Ana Rell", "PERSON"),
        ("Nova Velan", "NORP"),
    }


def test_family_name_first_alone_is_a_person(blank_nlp, recognizer):
    words = ["Police", "held", "Tan", "Weiming", ".", "Later", ",", "Tan", "left", "."]
    ents = ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-ORG", "O", "O"]
    doc = recognizer(make(blank_nlp, words, ents))
    assert {e.label for e in doc._.sl_entities} == {"PERSON"}
    assert sum(len(e.mentions) for e in doc._.sl_entities) == 2


def test_title_first_is_no_key(blank_nlp):
    doc = make(
        blank_nlp, ["Minister", "Ola", "Brann", "spoke"], ["B-PERSON", "I-PERSON", "I-PERSON", "O"]
    )
    assert person_keys(list(doc.ents), lambda name: False, {"minister"}) == {
        "minister ola brann",
        "brann",
    }
