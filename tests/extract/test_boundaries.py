"""Name boundaries: cut at table numbers, dashes, brackets and line breaks; grow over hyphens
and "Jr."."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from storyline.extract.boundaries import NAME_PARTICLES, extend_name, split_name


def span_of(nlp: Language, text: str, start: int, end: int, label: str) -> Span:
    doc = nlp(text)
    return Span(doc, start, end, label=label)


@pytest.mark.parametrize(
    ("text", "start", "end", "label", "expected"),
    [
        ("Marlow 83 all out", 0, 2, "ORG", ["Marlow"]),
        ("J. Penrose 4-43 today", 0, 3, "PERSON", ["J. Penrose"]),
        ("Marlow 3 Fenwick 2 .", 0, 4, "ORG", ["Marlow", "Fenwick"]),
        ("Norland - Ada Pell scored", 0, 4, "ORG", ["Norland", "Ada Pell"]),
        ("Ada Pell ( Norland ) won", 0, 4, "PERSON", ["Ada Pell", "Norland"]),
        ("Ada Pell\nNorland won", 0, 4, "PERSON", ["Ada Pell", "Norland"]),
        ("the Vantor news agency said", 1, 4, "ORG", ["Vantor"]),
        ("Bank of Norland said", 0, 3, "ORG", ["Bank of Norland"]),
        ("the Euro 96 finals", 1, 3, "EVENT", ["Euro 96"]),
        ("Urus-Martan fell", 0, 3, "GPE", ["Urus-Martan"]),
    ],
)
def test_boundaries_split_name(blank_nlp, text, start, end, label, expected):
    span = span_of(blank_nlp, text, start, end, label)
    assert [p.text for p in split_name(span, NAME_PARTICLES)] == expected


@pytest.mark.parametrize(
    ("words", "start", "end", "label", "expected"),
    [
        (["Urus", "-", "Martan", "fell"], 0, 1, "GPE", "Urus-Martan"),
        (["Urus", "-", "Martan", "fell"], 2, 3, "GPE", "Urus-Martan"),
        (["Ken", "Dale", "Jr.", "won"], 0, 2, "PERSON", "Ken Dale Jr."),
        (["Ken", "Dale", ",", "Jr.", "won"], 0, 2, "PERSON", "Ken Dale , Jr."),
        (["Ken", "Dale", "III", "won"], 0, 2, "PERSON", "Ken Dale III"),
        (["Dale", "Jr.", "Co"], 0, 1, "ORG", "Dale"),  # only persons take "Jr."
    ],
)
def test_boundaries_extend_name(blank_nlp: Language, words, start, end, label, expected):
    spaces = [w not in {"Urus", "-"} for w in words]  # "Urus-Martan" is written without spaces
    doc = Doc(blank_nlp.vocab, words=words, spaces=spaces)
    assert extend_name(Span(doc, start, end, label=label)).text == expected
