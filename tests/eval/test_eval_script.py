"""scripts/eval.py's conversions from records and Docs to scored spans."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

import scripts.eval as eval_script
from scripts.scoring import GeoPred
from storyline.records import AnalyzedDocument, Article, Entity, Mention, Place


def _record(*entities: Entity) -> AnalyzedDocument:
    return AnalyzedDocument(article=Article(id="a", text="x"), entities=entities)


def test_eval_script_storyline_ner_maps_labels_per_mention():
    record = _record(
        Entity("e1", "Ana Ruiz", "PERSON", (Mention(0, 8, "Ana Ruiz"), Mention(20, 24, "Ruiz"))),
        Entity("e2", "Lisbon", "GPE", (Mention(30, 36, "Lisbon"),)),
        Entity("e3", "Portuguese", "NORP", (Mention(40, 50, "Portuguese"),)),
    )
    assert eval_script.storyline_ner(record) == [(0, 8, "PER"), (20, 24, "PER"), (30, 36, "LOC")]
    assert eval_script.storyline_ner(None) == []


def test_eval_script_storyline_places_keeps_unresolved_places():
    place = Place(lat=38.7, lon=-9.1, country="PT")
    record = _record(
        Entity("e1", "Lisbon", "GPE", (Mention(0, 6, "Lisbon"),), place=place),
        Entity("e2", "Upper Valley", "LOC", (Mention(10, 22, "Upper Valley"),)),
        Entity("e3", "Ana Ruiz", "PERSON", (Mention(30, 38, "Ana Ruiz"),)),
    )
    assert eval_script.storyline_places(record) == [GeoPred(0, 6, 38.7, -9.1), GeoPred(10, 22)]


def test_eval_script_spacy_ner_and_bare_document(blank_nlp):
    words = ["Ana", "Ruiz", "visited", "Lisbon", "and", "Lisbon", "."]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=[True, True, True, True, True, False, False],
        ents=["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-GPE", "O"],
    )
    assert eval_script.spacy_ner(doc) == [(0, 8, "PER"), (17, 23, "LOC"), (28, 34, "LOC")]
    shaped = eval_script.bare_document(doc, "d", "2024-01-02")
    assert [(e["name"], len(e["mentions"])) for e in shaped["entities"]] == [
        ("Ana Ruiz", 1),
        ("Lisbon", 2),
    ]
    assert shaped["quotes"] == [] and shaped["document"]["published"] == "2024-01-02"


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Paris", 48.85, 2.35), ("the Hague", 52.08, 4.30), ("NEW YORK", 40.71, -74.01)],
)
def test_eval_script_naive_geocode_most_populous(name, lat, lon):
    found = eval_script.naive_geocode(name)
    assert found == (pytest.approx(lat, abs=0.05), pytest.approx(lon, abs=0.05))


def test_eval_script_naive_geocode_unknown_and_countries():
    assert eval_script.naive_geocode("Qwxyzville") is None


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("ner.f1", 0.5, "0.500"),
        ("geo.mean_error_km", 1234.5, "1,234"),
        ("n", 3, "3"),
        ("x", None, "n/a"),
    ],
)
def test_eval_script_fmt(key, value, shown):
    assert eval_script.fmt(key, value) == shown
