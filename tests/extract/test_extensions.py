"""Tests of the Doc extensions registry's shared helpers."""

from __future__ import annotations

import spacy

from storyline.extract.extensions import doc_text, set_doc_extensions, token_table


def test_doc_text_is_the_docs_text_joined_once() -> None:
    set_doc_extensions()
    doc = spacy.blank("en")("Gunmen attacked a convoy near Lakeview on Monday.  Two died.")
    assert doc._.sl_text is None
    assert doc_text(doc) == doc.text
    assert doc._.sl_text == doc.text  # kept for the next component
    doc._.sl_text = "kept"
    assert doc_text(doc) == "kept"  # read back, not joined again


def test_token_table_holds_each_tokens_word_offset_and_flags() -> None:
    set_doc_extensions()
    doc = spacy.blank("en")("Mr Okonkwo left the Town Hall.\n\nHE said so.")
    table = token_table(doc)
    assert table.text == [t.text for t in doc]
    assert table.lower == [t.lower_ for t in doc]
    assert table.idx == [t.idx for t in doc]
    assert table.is_title == [t.is_title for t in doc]
    assert table.is_lower == [t.is_lower for t in doc]
    assert table.is_space == [t.is_space for t in doc]
    assert table.is_stop == [t.is_stop for t in doc]
    assert table.dep == [t.dep_ for t in doc]
    assert table.lemma == [t.lemma_.lower() for t in doc]
    assert table.space_after == [t.whitespace_ == " " for t in doc]
    assert table.span_text(4, 6, doc_text(doc)) == doc[4:6].text == "Town Hall"
    assert token_table(doc) is table  # kept on the Doc


def test_token_table_is_made_again_for_a_retokenized_doc() -> None:
    set_doc_extensions()
    doc = spacy.blank("en")("New York is big.")
    first = token_table(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    again = token_table(doc)
    assert again is not first
    assert again.text == ["New York", "is", "big", "."]


def test_make_doc_shares_the_articles_text_with_the_doc() -> None:
    from storyline.extract.pipeline import make_doc
    from storyline.records import Article

    nlp = spacy.blank("en")
    text = "  Rain fell on Lakeview.\n\nTwo roads  closed. "
    doc = make_doc(nlp, Article(id="a1", text=text))
    assert doc._.sl_text is text  # the article's string, not a join of the tokens
    assert doc_text(doc) == doc.text == text
    empty = make_doc(nlp, Article(id="a2", text=""))
    assert doc_text(empty) == ""
