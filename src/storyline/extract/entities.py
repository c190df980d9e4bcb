"""storyline_entities: turn the model's entity spans into document entities (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Entity, Mention
from .extensions import get_list

SKIP_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}


class EntityResolver:
    """Groups entity mentions by text (to be replaced by the full resolver)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        groups: dict[str, list[Mention]] = {}
        labels: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ in SKIP_LABELS:
                continue
            groups.setdefault(ent.text, []).append(Mention(ent.start_char, ent.end_char, ent.text))
            labels.setdefault(ent.text, ent.label_)
        entities = get_list(doc, "sl_entities")
        spans = get_list(doc, "sl_entity_spans")
        for i, (name, mentions) in enumerate(groups.items(), 1):
            eid = f"e{i}"
            entities.append(Entity(eid, name, labels[name], tuple(mentions)))
            spans.extend((m.start, m.end, eid) for m in mentions)
        return doc


@Language.factory(
    "storyline_entities",
    requires=["doc.ents"],
    assigns=["doc._.sl_entities", "doc._.sl_entity_spans"],
)
def make_entities(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)
