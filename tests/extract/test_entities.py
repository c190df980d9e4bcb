"""The entities component on hand-built Docs (span cleanup, pattern places, evidence)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract.entities import EntityRecognizer
from storyline.records import NamedMention
from storyline.resolve.aliases import AliasTable
from storyline.resolve.linker import DocumentLinker

TABLE = AliasTable([("Hezbollah", "ORG", ["Hizbollah", "Hizballah"])], frozenset())


@pytest.fixture(scope="module")
def recognizer(blank_nlp: Language) -> EntityRecognizer:
    return EntityRecognizer(blank_nlp, "storyline_entities", DocumentLinker(None, TABLE))


def make(nlp: Language, words: list[str], ents: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words, ents=ents)


def found(rec: EntityRecognizer, doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in rec.find_mentions(doc)]


def test_entities_strip_quote_marks_and_the(blank_nlp, recognizer):
    doc = make(
        blank_nlp,
        ["by", "the", "“", "Free", "Army", "”", "today"],
        ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"],
    )
    assert found(recognizer, doc) == [("Free Army", "ORG")]


def test_entities_strip_possessive(blank_nlp, recognizer):
    doc = make(blank_nlp, ["Lagos", "’s", "governor"], ["B-GPE", "I-GPE", "O"])
    assert found(recognizer, doc) == [("Lagos", "GPE")]


def test_entities_trim_trailing_ing_word_named_elsewhere(blank_nlp, recognizer):
    doc = make(
        blank_nlp,
        ["Omar", "Khalil", "said", ".", "Omar", "Khalil", "Hiding", "there", "."],
        ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"],
    )
    assert [t for t, _ in found(recognizer, doc)] == ["Omar Khalil", "Omar Khalil"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["the", "village", "of", "Al", "zawiya", "near", "town"], "Al zawiya"),
        (["the", "town", "of", "Tal", "Abyad", "."], "Tal Abyad"),
        (["a", "city", "of", "millions"], None),
    ],
)
def test_entities_find_places_after_place_heads(blank_nlp, recognizer, words, expected):
    doc = make(blank_nlp, words, ["O"] * len(words))
    got = [(t, lab) for t, lab in found(recognizer, doc)]
    assert got == ([(expected, "GPE")] if expected else [])


def test_entities_find_alias_table_names_in_scare_quotes(blank_nlp, recognizer):
    doc = make(blank_nlp, ["fighters", "of", "“", "Hizballah", "”", "said"], ["O"] * 6)
    (mention,) = recognizer.find_mentions(doc)
    assert mention.text == "Hizballah" and mention.known_as == "Hezbollah"


def test_entities_age_is_person_evidence(blank_nlp, recognizer):
    doc = make(
        blank_nlp,
        ["Sami", "Haddad", ",", "41", ",", "said"],
        ["B-ORG", "I-ORG", "O", "O", "O", "O"],
    )
    (m,) = recognizer.find_mentions(doc)
    assert isinstance(m, NamedMention)
    assert any(e.label == "PERSON" and e.why == "followed by an age" for e in m.evidence)


def test_entities_set_corrected_labels_on_doc(blank_nlp, recognizer):
    doc = make(
        blank_nlp,
        ["the", "town", "of", "Marwa", ",", "and", "Marwa", "again"],
        ["O", "O", "O", "B-ORG", "O", "O", "B-PERSON", "O"],
    )
    doc = recognizer(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Marwa", "GPE"), ("Marwa", "GPE")]
    (ent,) = doc._.sl_entities
    assert ent.label == "GPE" and len(ent.mentions) == 2
    first = doc.text.index("Marwa")
    second = doc.text.index("Marwa", first + 1)
    assert doc._.sl_entity_spans == [(first, first + 5, "e1"), (second, second + 5, "e1")]


@pytest.mark.model
def test_entities_full_pipeline_places_countries(nlp):
    doc = nlp("Talks between Jordan and Egypt resumed in Amman on Monday, officials said.")
    placed = {e.name: e.place.country for e in doc._.sl_entities if e.place}
    assert placed.get("Jordan") == "JO" and placed.get("Egypt") == "EG"
    assert placed.get("Amman") == "JO"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Storms flooded Atlanta and Savannah, Georgia, on Monday.", "Georgia", "US"),
        ("Talks in Tbilisi, Georgia, resumed after the vote.", "Georgia", "GE"),
        ("Gunmen attacked an army base near Timbuktu on Monday.", "Timbuktu", "ML"),
    ],
)
def test_entities_places_follow_the_document(nlp, text, name, country):
    doc = nlp(text)
    placed = {e.name: e.place.country for e in doc._.sl_entities if e.place}
    assert placed.get(name) == country, placed
