"""storyline_quotes: direct quotes and reported speech, with speakers and source chains.

The component fills ``doc._.sl_quotes`` with :class:`~storyline.records.Quote` records, ids
"q1", "q2", ... in text order. It works in three linear passes over the parsed Doc:

1. direct quotes from the quotation marks (:mod:`..quote_marks`), minus scare quotes (a short
   quoted name or term with no speech around it);
2. reported speech: reporting cues (:mod:`..attribution`, lexicons in ``data/quote_cues.json``)
   with their content clauses, minus content that is itself a direct quote;
3. attribution in reading order, with a small memory of who spoke last, which outlet the
   article is reporting from and which witness that outlet's report is about: pronouns ("he
   said"), outlet nominals ("the newspaper"), anonymous sources, quotes that continue the
   previous speaker, ``via`` chains and certainty.

Between 2 and 3, the learned model (:mod:`.learned`, CRF taggers trained on PolNeAR) adds the
reported speech the rules miss and widens partial quotes to their clause (:mod:`.combine`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from ...records import Quote
from ..attribution import QuoteCues, load_cues
from ..extensions import get_list
from .extractor import Extractor
from .learned import load_taggers


class QuoteFinder(Pipe):
    """Finds direct quotes and reported speech and attributes them.

    Args:
        nlp: the pipeline (unused; spaCy's factory signature).
        name: the component name.
        cues_path: a JSON lexicon replacing the packaged ``data/quote_cues.json``.
        learned: whether the learned model adds to the rules (default yes).
    """

    def __init__(
        self, nlp: Language, name: str, cues_path: str | None = None, learned: bool = True
    ) -> None:
        self.name = name
        self.cues = load_cues(cues_path)
        self.learned = learned
        if learned:
            load_taggers()  # read the model once, at pipeline build time

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, extract_quotes(doc, self.cues, self.learned))
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol
            error_handler(self.name, self, [doc], err)
        return doc

    def set_annotations(self, doc: Doc, quotes: list[Quote]) -> None:
        """Store the quotes on the Doc."""
        get_list(doc, "sl_quotes").extend(quotes)


@Language.factory(
    "storyline_quotes",
    requires=["doc._.sl_entities", "token.dep", "token.lemma"],
    assigns=["doc._.sl_quotes"],
    default_config={"cues_path": None, "learned": True},
)
def make_quotes(nlp: Language, name: str, cues_path: str | None, learned: bool) -> QuoteFinder:
    """spaCy factory of :class:`QuoteFinder`."""
    return QuoteFinder(nlp, name, cues_path, learned)


def extract_quotes(doc: Doc, cues: QuoteCues | None = None, learned: bool = True) -> list[Quote]:
    """Quotes and reported speech of a parsed ``doc``, ids "q1", "q2", ... in text order.

    Args:
        doc: a Doc with a dependency parse; entities come from ``doc._.sl_entities`` and
            ``doc._.sl_entity_spans`` when the entities component ran.
        cues: the lexicons; default the packaged ones.
        learned: add the learned model's attributions to the rules'.
    """
    return Extractor(doc, cues or load_cues(), learned).run()


__all__ = ["QuoteFinder", "extract_quotes", "make_quotes"]
