"""storyline_events: placeholder component; fills ``doc._.sl_events`` with an empty list."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get_list


class EventsFinder:
    """Placeholder until the real component lands."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        get_list(doc, "sl_events")
        return doc


@Language.factory("storyline_events", requires=["doc._.sl_entities", "doc._.sl_times", "doc._.sl_quotes"], assigns=["doc._.sl_events"])
def make_events(nlp: Language, name: str) -> EventsFinder:
    return EventsFinder(nlp, name)
