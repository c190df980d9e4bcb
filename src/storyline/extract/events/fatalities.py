"""Deaths stated near violent mentions, counted as ACLED counts them (the lowest stated)."""

from __future__ import annotations

from spacy.tokens import Token

from ...records import FatalityReport
from ..extensions import token_table
from .context import DocContext, np_tokens, with_conj
from .lexicon import normalize_fatalities
from .mentions import EventMention
from .reality import negated
from .sources import reporters


def attach_fatalities(ctx: DocContext, mentions: list[EventMention]) -> None:
    """Deaths stated near violent mentions: same sentence, else same quote or paragraph."""
    violent = [m for m in mentions if m.type in ctx.lex.violent_types]
    if not violent:
        return
    table = token_table(ctx.doc)
    for i, (lemma, pos) in enumerate(zip(table.lemma, table.pos, strict=True)):
        if lemma not in ctx.lex.death_lemmas or pos not in ("VERB", "NOUN", "ADJ"):
            continue
        tok = ctx.doc[i]
        if negated(tok):
            continue
        count = _death_count(ctx, tok)
        if count is None:
            continue
        value, text = count
        target = _fatality_owner(ctx, tok, violent)
        if target is None:
            continue
        q = ctx.quote_at(tok.idx)
        found = reporters(ctx, tok)
        source = q.id if q is not None else None
        if source is None and found:
            ents = [e for t in found for e in ctx.np_entities(t)]
            source = ents[0] if ents else None
        target.fatalities.append(FatalityReport(count=value, text=text, source=source))


def _fatality_owner(
    ctx: DocContext, tok: Token, violent: list[EventMention]
) -> EventMention | None:
    s = ctx.sent_of(tok.i)
    same = [m for m in violent if m.sent == s]
    if same:
        return min(same, key=lambda m: abs(m.head.i - tok.i))
    q = ctx.quote_at(tok.idx)
    p = ctx.para_of(tok.i)
    before = [
        m for m in violent
        if m.start < tok.i and (m.para == p or (q is not None and ctx.in_quote(m, q)))
    ]  # fmt: skip
    return before[-1] if before else None


def _death_count(ctx: DocContext, tok: Token) -> tuple[int | None, str] | None:
    """(count, phrase) for a death word: "12 people were killed" -> (12, ...); else None."""
    lex = ctx.lex
    lemma = tok.lemma_.lower()
    nps: list[Token] = []
    if tok.pos_ == "VERB":
        deps = ("nsubjpass",) if lemma not in ("die", "perish") else ("nsubj",)
        nps = [c for c in tok.children if c.dep_ in deps]
        if not nps and lemma not in ("die", "perish"):
            nps = [c for c in tok.children if c.dep_ == "dobj"]
    else:
        nps = [tok]
        if tok.pos_ == "ADJ" and tok.head.i != tok.i and tok.dep_ in ("amod", "acomp", "oprd"):
            nps.append(tok.head if tok.dep_ == "amod" else tok)
            # "12 were dead", "left 12 people dead"
            wanted = {"nsubj", "dobj"} if tok.dep_ == "oprd" else {"nsubj"}
            nps += [c for c in tok.head.children if c.dep_ in wanted]
    for np in nps:
        for member in with_conj(np):
            # a year is no count ("the 1999 shooting death")
            words = [t for t in np_tokens(member, modifiers_only=True) if t.ent_type_ != "DATE"]
            phrase = " ".join(t.text for t in words)
            value = normalize_fatalities(phrase, lex)
            vague = any(t.lower_ in lex.vague for t in words)
            if value is None and not vague:
                if tok.pos_ == "NOUN" and np.i == tok.i:
                    # "the deaths of three soldiers"
                    of = [p for c in tok.children if c.lower_ == "of" for p in c.children]
                    inner = [_death_count_np(ctx, p) for p in of]
                    if any(v is not None for v in inner):
                        value = min(v for v in inner if v is not None)
                if value is None:
                    continue
            lo = min(t.i for t in [*words, tok])
            hi = max(t.i for t in [*words, tok])
            text = ctx.doc[lo : hi + 1].text
            total = value
            if value is not None:
                others = [_death_count_np(ctx, c) for c in member.conjuncts if c.i > member.i]
                total = value + sum(v for v in others if v is not None)
            return total, text
    return None


def _death_count_np(ctx: DocContext, np: Token) -> int | None:
    words = np_tokens(np, modifiers_only=True)
    return normalize_fatalities(" ".join(t.text for t in words), ctx.lex)


__all__ = ["attach_fatalities"]
