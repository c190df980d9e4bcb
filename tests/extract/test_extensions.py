"""Tests of the Doc extensions registry's shared helpers."""

from __future__ import annotations

import spacy

from storyline.extract.extensions import doc_text, set_doc_extensions


def test_doc_text_is_the_docs_text_joined_once() -> None:
    set_doc_extensions()
    doc = spacy.blank("en")("Gunmen attacked a convoy near Lakeview on Monday.  Two died.")
    assert doc._.sl_text is None
    assert doc_text(doc) == doc.text
    assert doc._.sl_text == doc.text  # kept for the next component
    doc._.sl_text = "kept"
    assert doc_text(doc) == "kept"  # read back, not joined again
