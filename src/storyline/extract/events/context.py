"""Per-document lookups every room of the event finder reads: tokens to entities, times,
quotes, sentences and paragraphs; and the small parse helpers they share."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

from ...records import Entity, Quote, TimeRef
from ..extensions import doc_text, get_list, token_table
from . import reality
from .lexicon import EventLexicon
from .mentions import EventMention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PERSON_LABELS = frozenset({"PERSON", "ORG"})
CLAUSE_POS = frozenset({"VERB", "AUX"})
_NO_DESCEND = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"})


class DocContext:
    """Per-document lookups: tokens to entities, times, quotes, sentences, paragraphs."""

    def __init__(self, doc: Doc, lexicon: EventLexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.reality = reality.rules_from(lexicon)
        self.entities: dict[str, Entity] = {e.id: e for e in get_list(doc, "sl_entities")}
        self.token_entity: dict[int, str] = {}
        for start, end, eid in get_list(doc, "sl_entity_spans"):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                for tok in span:
                    self.token_entity.setdefault(tok.i, eid)
        text = doc_text(doc)
        self.para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        # a paragraph break ends a sentence, whatever the parser made of it
        table = token_table(doc)
        idx = [*table.idx, len(text)]
        starts = {s.start for s in doc.sents} | {
            i
            for i in range(1, len(doc))
            if "\n" in text[idx[i - 1] : idx[i]] and not table.is_space[i]
        }
        self.sent_starts = sorted(starts | {0})
        bounds = [*self.sent_starts, len(doc)]
        self.sents: list[Span] = [doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        self.quotes: list[Quote] = sorted(get_list(doc, "sl_quotes"), key=lambda q: q.start)
        self.time_root: dict[int, TimeRef] = {}
        for t in get_list(doc, "sl_times"):
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and len(span):
                self.time_root.setdefault(span.root.i, t)

    def sent_span(self, tok: Token) -> Span:
        """The sentence holding ``tok``."""
        return self.sents[self.sent_of(tok.i)]

    def sent_of(self, i: int) -> int:
        """The sentence number of token ``i``."""
        return bisect.bisect_right(self.sent_starts, i) - 1

    def para_of(self, i: int) -> int:
        """The paragraph number of token ``i``."""
        return bisect.bisect_right(self.para_starts, self.doc[i].idx) - 1

    def quote_at(self, char: int) -> Quote | None:
        """The innermost quote whose span holds ``char``."""
        best: Quote | None = None
        for q in self.quotes:
            if q.start > char:
                break
            if q.start <= char < q.end and (
                best is None or q.end - q.start < best.end - best.start
            ):
                best = q
        return best

    def in_quote(self, m: EventMention, q: Quote) -> bool:
        """Whether mention ``m`` starts inside quote ``q``."""
        return q.start <= self.doc[m.start].idx < q.end

    def entity(self, tok: Token) -> Entity | None:
        """The entity ``tok`` belongs to, if any."""
        eid = self.token_entity.get(tok.i)
        return self.entities.get(eid) if eid else None

    def is_place(self, tok: Token) -> bool:
        """Whether ``tok`` names a place (a place entity, or "the village of X")."""
        ent = self.entity(tok)
        if ent is None:
            return False
        if ent.literal_place is not None or ent.label in PLACE_LABELS:
            return True
        # "the village of X": X is a place whatever the model labelled it
        head = tok
        while head.dep_ in ("compound", "flat") and head.head.i != head.i:
            head = head.head
        return (
            head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.head.head.lemma_.lower() in self.lex.place_nouns
        )

    def np_entities(self, tok: Token) -> list[str]:
        """Entity ids named by the noun phrase headed by ``tok``."""
        eid = self.token_entity.get(tok.i)
        if eid is None and tok.dep_ == "appos":
            eid = self.token_entity.get(tok.head.i)  # "X, a citizen who ...": X
        if eid is not None:
            return [eid]
        out, stack = [], np_children(tok)
        while stack:
            t = stack.pop(0)
            eid = self.token_entity.get(t.i)
            if eid is not None:
                out.append(eid)
            stack.extend(np_children(t))
        return list(dict.fromkeys(out))


def clause_head(tok: Token) -> Token:
    """The verb (or auxiliary) whose clause holds ``tok``."""
    t = tok
    while t.pos_ not in CLAUSE_POS and t.head.i != t.i:
        t = t.head
    return t


def np_children(tok: Token) -> list[Token]:
    """Children inside a noun phrase: modifiers and 'of' phrases, not clauses or locatives."""
    return [
        c for c in tok.children
        if c.dep_ not in _NO_DESCEND and (c.dep_ != "prep" or c.lower_ == "of")
    ]  # fmt: skip


def with_conj(tok: Token) -> list[Token]:
    """``tok`` and the conjuncts that follow it."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def np_tokens(tok: Token, modifiers_only: bool = False) -> list[Token]:
    """The head noun and its number/quantity modifiers (not clauses or prepositions)."""
    keep = ("nummod", "quantmod", "amod", "det", "compound", "advmod", "npadvmod")
    out = [tok]
    stack = [c for c in tok.children if c.dep_ in keep or (not modifiers_only and c.dep_ == "poss")]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in keep)
    return sorted(out, key=lambda t: t.i)


__all__ = [
    "CLAUSE_POS",
    "PERSON_LABELS",
    "PLACE_LABELS",
    "DocContext",
    "clause_head",
    "np_children",
    "np_tokens",
    "with_conj",
]
