"""A blank line ends a sentence, whatever the parser thinks."""

from __future__ import annotations

import pytest

from storyline.extract.paragraphs import ParagraphBreaker


@pytest.mark.parametrize(
    ("text", "first_after_break"),
    [
        ("It was late, he said\n\nThe army left.", "The"),
        ("First.\n \n“Second”", "“"),
        ("One line\nwrapped here.", None),
    ],
)
def test_paragraphs_break_sentences_at_blank_lines(blank_nlp, text, first_after_break):
    doc = ParagraphBreaker(blank_nlp, "p")(blank_nlp.make_doc(text))
    starts = [t.text for t in doc if t.i > 0 and t.is_sent_start]
    assert starts == ([first_after_break] if first_after_break else [])


@pytest.mark.model
def test_paragraphs_hold_through_the_parser(nlp):
    text = "“The roads were closed”, she said\n\n“We waited for two days."
    doc = nlp(text)
    brk = text.index("\n\n")
    assert not any(s.start_char < brk and s.end_char > brk + 2 for s in doc.sents)
