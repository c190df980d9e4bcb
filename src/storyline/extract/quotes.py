"""storyline_quotes: placeholder component; fills ``doc._.sl_quotes`` with an empty list."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get_list


class QuotesFinder:
    """Placeholder until the real component lands."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        get_list(doc, "sl_quotes")
        return doc


@Language.factory("storyline_quotes", requires=["doc._.sl_entities"], assigns=["doc._.sl_quotes"])
def make_quotes(nlp: Language, name: str) -> QuotesFinder:
    return QuotesFinder(nlp, name)
