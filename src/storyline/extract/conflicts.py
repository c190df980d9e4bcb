"""storyline_conflicts: placeholder component; fills ``doc._.sl_conflicts`` with an empty list."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get_list


class ConflictsFinder:
    """Placeholder until the real component lands."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        get_list(doc, "sl_conflicts")
        return doc


@Language.factory("storyline_conflicts", requires=["doc._.sl_events"], assigns=["doc._.sl_conflicts"])
def make_conflicts(nlp: Language, name: str) -> ConflictsFinder:
    return ConflictsFinder(nlp, name)
