"""Where an event took place: the place named in the trigger's clause, else its sentence's."""

from __future__ import annotations

from spacy.tokens import Token

from .context import CLAUSE_POS, DocContext, clause_head
from .mentions import EventMention

_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NEAR_PREPS = frozenset({"near", "outside", "around", "beyond", "towards", "toward", "close"})


def fill_place(ctx: DocContext, m: EventMention) -> None:
    """Set ``m.place`` (an entity id) and ``m.place_rank`` (lower is firmer)."""
    clause = clause_head(m.head)
    best: tuple[int, int, str] | None = None
    for tok in ctx.sents[m.sent]:
        eid = ctx.token_entity.get(tok.i)
        if eid is None or eid in m.actors or not ctx.is_place(tok):
            continue
        rank = _place_rank(tok, m.head, clause)
        if rank is None:
            continue
        key = (rank, abs(tok.i - m.head.i), eid)
        if best is None or key < best:
            best = key
    if best is None:
        # else the sentence's place: any place named in it
        for tok in ctx.sents[m.sent]:
            eid = ctx.token_entity.get(tok.i)
            if eid is not None and ctx.is_place(tok) and eid not in m.actors and (not _origin(tok)):
                key = (10, abs(tok.i - m.head.i), eid)
                if best is None or key < best:
                    best = key
    if best is not None:
        m.place_rank, m.place = best[0], best[2]


def _origin(tok: Token) -> bool:
    """A place naming where someone comes from ("militants from X")."""
    while tok.dep_ in ("compound", "flat", "conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ == "from"


def _place_rank(tok: Token, head: Token, clause: Token) -> int | None:
    """0: 'in/at/of' the trigger's clause; 1: 'near/outside'; 2: other; None: elsewhere.

    A place inside another argument ("militants from X took part") or another clause is
    not where the event happened.
    """
    preps: list[str] = []
    t = tok
    while t.i != head.i and t.i != clause.i:
        if t.dep_ == "prep":
            preps.append(t.lower_)
        if t.head.i == t.i or (t.i != tok.i and t.pos_ in CLAUSE_POS):
            return None
        if t.i != tok.i and t.dep_ in _ARGUMENT_DEPS:
            return None
        t = t.head
    if not preps or "from" in preps:
        return 2
    return 1 if _NEAR_PREPS & set(preps) else 0


__all__ = ["fill_place"]
