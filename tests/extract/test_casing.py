"""The casing component: all-capital lines truecased from the document's own spelling."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.extract.casing import caps_lines, case_evidence, truecase_word

STOP = {"the", "at", "of", "in", "to"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FLOODS HIT TOWN\nMore text here.", [(0, 15)]),
        ("Body line.\nOSLO 2001-03-04\n", [(11, 26)]),
        ("A B\nW L PCT\n", [(4, 11)]),  # "A B" has too few letters
        ("No capitals line here.", []),
    ],
)
def test_casing_finds_all_capital_lines(text, expected):
    assert caps_lines(text) == expected


@pytest.mark.parametrize(
    ("word", "first", "expected"),
    [
        ("MARLOWE", False, "Marlowe"),  # no evidence: title case
        ("TOWN", False, "town"),  # the document writes it in lower case
        ("THE", False, "the"),  # a function word
        ("THE", True, "The"),  # ... opening the line
        ("U.S.", False, "U.S."),  # dotted: kept
        ("PCT", False, "PCT"),  # no vowel: an abbreviation
        ("O'NEILL", False, "O'Neill"),
        ("ONE-DAY", False, "One-Day"),
        ("1999-01-02", False, "1999-01-02"),
        ("MCKAY", False, "McKay"),  # the document's own spelling
    ],
)
def test_casing_truecases_a_word_keeping_its_length(word, first, expected):
    known = {"town": "town", "mckay": "McKay"}
    cased = truecase_word(word, known, STOP, first)
    assert cased == expected
    assert len(cased) == len(word)


def test_casing_reads_evidence_outside_caps_lines_and_sentence_starts(blank_nlp: Language):
    text = "RIVERS RISE\nRivers rose and the Vantor river flooded Vantor town .\n"
    doc = blank_nlp(text)
    known = case_evidence(doc, caps_lines(text))
    assert known["vantor"] == "Vantor"
    assert known["river"] == "river"
    assert "rivers" not in known  # only seen at a line start


@pytest.mark.model
def test_casing_full_pipeline_reads_caps_headline_and_dateline(nlp: Language):
    text = (
        "FLOODS FORCE THOUSANDS FROM HOMES IN KELMARSH\n"
        "LONDON 2001-03-04\n"
        "Floods forced thousands of people from their homes in Kelmarsh on Sunday , "
        "police said .\n"
    )
    doc = nlp(text)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("LONDON", "GPE") in ents
    # offsets are the original text's: the headline keeps its capitals
    assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
