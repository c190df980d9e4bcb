"""Shared state of one quote-extraction pass: token maps, entities, attribution memory."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...records import Entity, QuoteKind, Speaker
from ..attribution import QuoteCues
from ..extensions import doc_text, get_list, token_table
from ..quote_marks import paragraph_bounds

#: entity labels an outlet can carry ("The Daily Planet" is an ORG or a WORK_OF_ART).
OUTLET_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT"})
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
#: marks that may open a quote, stripped before looking for an introducing colon
QUOTE_OPENERS = "\"'“„‟«‹‘`"

#: a quote with no cue continues a speaker quoted at most this many paragraphs before.
CONTINUATION_PARAGRAPHS = 2
#: a direct quote of fewer words than this needs speech around it not to be a scare quote.
SCARE_MAX_WORDS = 4
#: a quote inside its cue's reported clause is a partial quote when the clause has this many
#: words outside quotation marks ('said the plan “has failed”')
PARTIAL_MIN_WORDS = 2
_FRAME_WINDOW = 8
_SENTENCE_END = frozenset({".", "!", "?"})
_OPENING_MARKS = frozenset({"“", "„", "‟", "«", "‹", "‘", "‚", "``"})


@dataclass
class _Candidate:
    """A quote found but not yet attributed."""

    kind: QuoteKind
    start: int
    end: int
    lo: int  # token range of the content
    hi: int
    cue: Token | None
    key: int  # where it sits in reading order
    para: int  # paragraph it ends in
    root: Token | None = None  # the content clause's head (reported speech)
    who: Token | None = None  # the source the model tagged, when the cue names none
    learned: bool = False  # added by the learned model: not remembered as the last speaker


@dataclass
class _Said:
    """A resolved speaker, remembered for pronouns and continued quotes."""

    speaker: Speaker
    anonymous: bool
    via: tuple[str, ...]
    category: str  # "person", "group" or "outlet"
    pos: int
    para: int


@dataclass
class _Event:
    """A source frame, an outlet name or an entity named as a subject, in reading order."""

    pos: int
    kind: str  # "frame", "outlet", "person", "group"
    entity: str | None = None
    witness: str | None = None


class ExtractorBase:
    """Token maps, entities and the attribution memory of one pass over one Doc."""

    def __init__(self, doc: Doc, cues: QuoteCues, learned: bool = True) -> None:
        self.doc = doc
        self.cues = cues
        self.learned = learned
        self.text = doc_text(doc)
        self.paragraphs = paragraph_bounds(self.text)
        self.para_starts = [a for a, _ in self.paragraphs]
        self.idxs = list(token_table(doc).idx)
        self.entities: dict[str, Entity] = {e.id: e for e in get_list(doc, "sl_entities")}
        self.tok_ent: list[str | None] = [None] * len(doc)
        for start, end, eid in get_list(doc, "sl_entity_spans"):
            span = doc.char_span(start, end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                self.tok_ent[i] = self.tok_ent[i] or eid
        self.in_marks = [False] * len(doc)
        self.in_direct = [False] * len(doc)
        self.in_content = [False] * len(doc)
        # attribution state
        self.outlet: str | None = None
        self.witness: str | None = None
        self.witness_pos = -1
        self.last: _Said | None = None
        self.last_person: _Said | None = None
        self.last_group: _Said | None = None
        self.person_mention: tuple[int, str] | None = None
        self.group_mention: tuple[int, str] | None = None

    def _tokens(self, start: int, end: int) -> tuple[int, int]:
        """Token range covering characters ``[start, end)``."""
        lo = bisect_left(self.idxs, start)
        if lo > 0 and self.idxs[lo - 1] + len(self.doc[lo - 1]) > start:
            lo -= 1
        return lo, max(lo, bisect_left(self.idxs, end))

    def _para(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def _np_entity(self, tok: Token, labels: frozenset[str] | None = None) -> str | None:
        """The entity a noun phrase head names: itself, a compound of it, or its apposition."""
        options = [tok] + [c for c in tok.children if c.dep_ in ("compound", "appos")]
        for option in options:
            eid = self.tok_ent[option.i]
            if eid and (labels is None or self._label(eid) in labels):
                return eid
        return None

    def _speaker_entity(self, tok: Token) -> str | None:
        """The entity a speaker's noun phrase names. The head noun decides: a name's compound
        counts only on a name ("President Jane Roe"), never on a common noun ("many Sri Lanka
        analysts" are analysts, not the country; "the Roe campaign" is not Roe)."""
        if self.tok_ent[tok.i]:
            return self.tok_ent[tok.i]
        links = ("compound", "appos") if tok.pos_ == "PROPN" else ("appos",)
        for child in tok.children:
            if child.dep_ in links and self.tok_ent[child.i]:
                return self.tok_ent[child.i]
        return None

    def _label(self, eid: str) -> str:
        entity = self.entities.get(eid)
        return entity.label if entity else ""

    def _without_determiner(self, lo: int, hi: int) -> str:
        """The phrase ``[lo, hi)`` without a leading determiner: "intelligence official"."""
        while lo < hi - 1 and self.doc[lo].lower_ in self.cues.determiners:
            lo += 1
        return self.doc[lo:hi].text
