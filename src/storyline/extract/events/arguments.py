"""The arguments of a trigger read off the parse: who acted (agents), on whom (patients),
and the people named beside it; then its place, time and sources."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from .context import CLAUSE_POS, PERSON_LABELS, DocContext, np_tokens, with_conj
from .mentions import EventMention, unique
from .place import fill_place
from .sources import fill_sources, speaker_token
from .time import fill_time

_RELATIVE = frozenset({"who", "which", "that", "whom"})


def fill_arguments(ctx: DocContext, m: EventMention) -> None:
    """Actors, targets, place, time, sources and certainty of one mention."""
    heads = [ctx.doc[i] for i in range(m.start, m.end)]
    intransitive = m.rule is not None and m.rule.intransitive
    agent_toks = agents(m.head)
    patients = objects(heads if not m.anaphor else [m.head])
    if intransitive:
        # "the surrender of X to Y": X acted; Y received
        agent_toks += [p for p in patients if p.head.lower_ == "of"]
        patients = [p for p in patients if p.head.lower_ != "of"]
        patients += [
            p for c in m.head.children if c.dep_ == "prep" and c.lower_ == "to"
            for pc in c.children if pc.dep_ == "pobj" for p in with_conj(pc)
            if not ctx.is_place(p)  # "fled to X": a destination, not a target
        ]  # fmt: skip
    if m.rule is not None and m.rule.object == "territory":
        # "retook the town from X": X lost it
        patients += [
            p for c in m.head.children if c.dep_ == "prep" and c.lower_ == "from"
            for pc in c.children if pc.dep_ == "pobj" for p in with_conj(pc)
        ]  # fmt: skip
    if m.rule is not None and m.rule.needs_sentence:
        patients += _wanted(ctx, ctx.sents[m.sent])
    m.agent_tokens = [t.i for t in agent_toks]
    m.patient_tokens = [t.i for t in patients]
    m.actors = unique(e for t in agent_toks for e in ctx.np_entities(t))
    m.targets = unique(e for t in patients for e in ctx.np_entities(t) if e not in m.actors)
    fill_place(ctx, m)
    fill_time(ctx, m)
    fill_sources(ctx, m)
    sources = set(m.sources)
    m.participants = unique(
        [*m.actors, *m.targets]
        + [
            eid
            for t in ctx.sents[m.sent]
            if (eid := ctx.token_entity.get(t.i)) is not None
            and eid not in sources
            and ctx.entities[eid].label in PERSON_LABELS
            and not speaker_token(ctx, t)
        ]
    )


def objects(heads: Iterable[Token]) -> list[Token]:
    """Patients of trigger words: objects, passive subjects, 'of'/'against'/'on' nouns."""
    out: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ in ("dobj", "nsubjpass", "obj"):
                out.extend(with_conj(c))
            elif c.dep_ == "prep" and c.lower_ in ("of", "against", "on", "over"):
                out.extend(p for pc in c.children if pc.dep_ == "pobj" for p in with_conj(pc))
            elif c.dep_ == "xcomp" or c.dep_ == "acl":
                out.extend(objects([c]))
    return out


def agents(head: Token) -> list[Token]:
    """Who acted: subject or 'by' agent of a verb, possessor of a noun, light verb's subject."""
    out: list[Token] = []
    verb = head
    while verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in CLAUSE_POS and verb.pos_ == "VERB":
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break
        verb = verb.head
    for c in list(head.children) + (list(verb.children) if verb.i != head.i else []):
        if c.dep_ in ("nsubj", "poss") and not (c.dep_ == "nsubj" and head.pos_ == "NOUN"):
            if c.lower_ in _RELATIVE and c.head.dep_ == "relcl":
                c = c.head.head  # "a citizen who escaped": the citizen
            out.extend(with_conj(c))
        elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            out.extend(p for pc in c.children if pc.dep_ == "pobj" for p in with_conj(pc))
        elif c.dep_ == "prep" and c.lower_ == "between":
            out.extend(p for pc in c.children if pc.dep_ == "pobj" for p in with_conj(pc))
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "attr", "nsubjpass"):
        # a noun trigger as the object of a light verb: "X announced the control of ..."
        out.extend(c for c in head.head.children if c.dep_ == "nsubj")
    return out


def government_actor(ctx: DocContext, head: Token) -> bool:
    """Whether an agent of the trigger is a state force (a government word or a country)."""
    for tok in agents(head):
        words = {t.lemma_.lower() for t in np_tokens(tok)}
        ent = ctx.entity(tok)
        if words & ctx.lex.government_words or (ent is not None and ent.label == "GPE"):
            return True
    return False


def _wanted(ctx: DocContext, sent: Span) -> list[Token]:
    """Who a bounty is on: objects of 'kill', 'capture', 'deliver' ... in the sentence."""
    words = ctx.lex.contexts.get("bounty", frozenset())
    return [
        c for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in words
        for c in t.children if c.dep_ in ("dobj", "obj")
    ]  # fmt: skip


__all__ = ["agents", "fill_arguments", "government_actor", "objects"]
