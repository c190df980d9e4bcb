"""storyline_entities: clean the model's name spans, find the ones it missed, gather label evidence,
and hand them to the document linker, which merges aliases into entities.

What the small English model gets wrong on news, and what this component does about it:

- towns tagged ORG or PERSON, one person tagged ORG and PERSON in turns: each mention collects
  label evidence (gazetteer, "village of", titles, ages, name particles, the alias table), and
  the linker lets all mentions of an entity agree on one label by weight of evidence;
- quote marks, "the" and possessives inside spans, trailing words ("X Hiding"): cleaned here;
- places it misses (lowercase or rare spellings after "village of"), well-known organisations
  written in scare quotes: added from patterns and the alias table;
- names glued to table numbers, dashes, brackets or the next line ("Somerset 83"): cut, and
  hyphenated or "Jr." names grown whole (``boundaries.py``);
- clubs named after their town in results lines and after "beat": teams (``teams.py``), and
  the evidence spreads to the name's other mentions (one document, one label).

The steps are rooms: ``candidates.py`` finds the spans (:class:`NameCandidates`),
``evidence.py`` turns them into :class:`NamedMention` records with their label evidence, the
linker makes entities of them, and this component writes them back on the ``Doc``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..records import Entity, EntityLinker, Evidence, NamedMention
from .candidates import NAME_LABELS, CandidateFinder
from .entity_cues import load_cues
from .evidence import named_mentions
from .extensions import doc_text, get_list


class ExactTextLinker:
    """Fallback linker: one entity per distinct mention text, no places. Used without a resolver."""

    def place_evidence(self, name: str) -> Evidence | None:
        return None

    def known_name(self, name: str) -> tuple[str, str] | None:
        return None

    def known_name_length(self, word: str) -> int:
        return 0

    def link(self, mentions: Any, text: str) -> list[Entity]:
        from ..records import Mention

        groups: dict[str, list[NamedMention]] = {}
        for m in mentions:
            groups.setdefault(m.text, []).append(m)
        return [
            Entity(f"e{i}", name, ms[0].label, tuple(Mention(m.start, m.end, m.text) for m in ms))
            for i, (name, ms) in enumerate(groups.items(), 1)
        ]


class EntityRecognizer:
    """Finds and cleans name mentions, then links them into document entities.

    Args:
        nlp: the pipeline (its vocab).
        name: the component name.
        linker: groups mentions into entities; ``storyline.document_linker.v1`` by default.
    """

    def __init__(self, nlp: Language, name: str, linker: EntityLinker | None = None) -> None:
        self.name = name
        self.linker: EntityLinker = linker or ExactTextLinker()
        self.cues = load_cues()
        self.finder = CandidateFinder(self.cues, self.linker, set(nlp.Defaults.stop_words))

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            mentions = self.find_mentions(doc)
            entities = self.linker.link(mentions, doc_text(doc))
            self.set_annotations(doc, mentions, entities)
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol
            error_handler(self.name, self, [doc], err)
        return doc

    def get_error_handler(self) -> Any:
        from spacy.util import raise_error

        return getattr(self, "_error_handler", raise_error)

    def set_error_handler(self, handler: Any) -> None:
        self._error_handler = handler

    def find_mentions(self, doc: Doc) -> list[NamedMention]:
        """Cleaned model spans, pattern places and alias-table names, without overlaps, with
        their label evidence."""
        return named_mentions(doc, self.finder.find(doc), self.cues, self.linker)

    def set_annotations(
        self, doc: Doc, mentions: list[NamedMention], entities: list[Entity]
    ) -> None:
        """Store the entities and make ``doc.ents`` carry the corrected spans and labels."""
        label_at: dict[tuple[int, int], str] = {}
        spans_ext = get_list(doc, "sl_entity_spans")
        for ent in entities:
            for m in ent.mentions:
                label_at[(m.start, m.end)] = ent.label
                spans_ext.append((m.start, m.end, ent.id))
        get_list(doc, "sl_entities").extend(entities)
        new_ents = [e for e in doc.ents if e.label_ not in NAME_LABELS]
        for named in mentions:
            label = label_at.get((named.start, named.end), named.label)
            span = doc.char_span(named.start, named.end, label=label)
            if span is not None:
                new_ents.append(span)
        doc.ents = filter_spans(new_ents)


@Language.factory(
    "storyline_entities",
    default_config={"linker": {"@misc": "storyline.document_linker.v1"}},
    requires=["doc.ents", "token.is_title"],
    assigns=["doc.ents", "doc._.sl_entities", "doc._.sl_entity_spans"],
)
def make_entities(nlp: Language, name: str, linker: EntityLinker | None) -> EntityRecognizer:
    """The ``storyline_entities`` component (linker from the spaCy registry)."""
    return EntityRecognizer(nlp, name, linker)


__all__ = ["EntityRecognizer", "ExactTextLinker", "load_cues", "make_entities"]
