"""storyline_paragraphs: a blank line ends a sentence, before the parser runs.

The parser otherwise runs sentences across paragraph breaks ("... he said.\\n\\n“I saw ..."),
and every later component reads sentences. The parser keeps boundaries set before it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ParagraphBreaker:
    """Marks the first token after a blank line as a sentence start."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        after_break = False
        for tok in doc:
            if tok.is_space and "\n\n" in tok.text.replace("\r", "").replace(" ", ""):
                after_break = True
                continue
            if after_break:
                tok.is_sent_start = True
                after_break = False
        return doc


@Language.factory("storyline_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaker:
    """The ``storyline_paragraphs`` component."""
    return ParagraphBreaker(nlp, name)
