"""storyline_times: placeholder component; fills ``doc._.sl_times`` with an empty list."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get_list


class TimesFinder:
    """Placeholder until the real component lands."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        get_list(doc, "sl_times")
        return doc


@Language.factory("storyline_times", requires=["doc._.sl_quotes"], assigns=["doc._.sl_times"])
def make_times(nlp: Language, name: str) -> TimesFinder:
    return TimesFinder(nlp, name)
