"""Who reports an event, and how certainly: the quote it is told in, a reporting verb's
subject, "according to X", and hedges ("reportedly", "allegedly")."""

from __future__ import annotations

from spacy.tokens import Token

from .context import DocContext
from .mentions import EventMention, unique


def fill_sources(ctx: DocContext, m: EventMention) -> None:
    """Set ``m.sources`` (quote or entity ids), ``m.quote`` and ``m.certainty``."""
    char = ctx.doc[m.start].idx
    q = ctx.quote_at(char)
    hedged = _hedged(ctx, m.head)
    if q is not None:
        m.quote = q
        m.sources = [q.id]
        m.certainty = "hedged" if hedged or q.certainty == "hedged" else q.certainty
        return
    found = reporters(ctx, m.head)
    if found is not None:
        m.sources = unique(e for t in found for e in ctx.np_entities(t))
        m.certainty = "hedged" if hedged else "reported"
        return
    m.certainty = "hedged" if hedged else "asserted"


def reporters(ctx: DocContext, head: Token) -> list[Token] | None:
    """Subjects of the reporting verbs that govern the trigger, or None if none does."""
    found: list[Token] | None = None
    for anc in [head, *head.ancestors]:
        if anc.lemma_.lower() in ctx.lex.reporting_verbs and anc.pos_ == "VERB":
            found = found or []
            subj = [c for c in anc.children if c.dep_ == "nsubj"]
            while (
                not subj and anc.dep_ in ("advcl", "xcomp", "conj", "acl") and anc.head.i != anc.i
            ):
                anc = anc.head  # "..., saying that ...": the subject of the main verb
                subj = [c for c in anc.children if c.dep_ == "nsubj"]
            found.extend(subj)
    for tok in ctx.sent_span(head):
        if tok.lower_ == "according":
            found = found or []
            found.extend(
                p for c in tok.children if c.lower_ == "to"
                for p in c.children if p.dep_ == "pobj"
            )  # fmt: skip
    return found


def speaker_token(ctx: DocContext, tok: Token) -> bool:
    """Subject of a reporting verb, or 'according to X'."""
    while tok.dep_ in ("compound", "flat", "conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in ctx.lex.reporting_verbs:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def _hedged(ctx: DocContext, head: Token) -> bool:
    for n, tok in enumerate([head, *head.ancestors]):
        if n > 5:
            break
        if (n > 0 and tok.lemma_.lower() in ctx.lex.hedges) or any(
            c.dep_ in ("aux", "advmod", "amod") and c.lemma_.lower() in ctx.lex.hedges
            for c in tok.children
        ):
            return True
    return False


__all__ = ["fill_sources", "reporters", "speaker_token"]
