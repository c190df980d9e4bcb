"""Trigger words: every occurrence of a lexicon pattern that meets its rule's constraints
and the reality filter, plus definite event nouns that refer back ("the incident")."""

from __future__ import annotations

import bisect

from spacy.tokens import Span, Token

from ..extensions import token_table
from . import reality, usage
from .arguments import government_actor, objects
from .context import DocContext
from .lexicon import TriggerRule
from .mentions import NARRATIVE_SENTS, EventMention


def match_triggers(ctx: DocContext, fallback: bool = False) -> list[EventMention]:
    """Every trigger occurrence that meets its rule's constraints, plus anaphors.

    With ``fallback``, only the rules marked ``fallback`` (a document that reports violence
    with no other event word: "gunmen shot dead two men") are tried.
    """
    doc, found = ctx.doc, []
    covered = -1
    table = token_table(doc)
    by_first = ctx.lex.by_first
    for i, (lemma, lower) in enumerate(zip(table.lemma, table.lower, strict=True)):
        if i <= covered or (lemma not in by_first and lower not in by_first):
            continue
        tok = doc[i]
        for rule in by_first.get(lemma, ()) + (by_first.get(lower, ()) if lower != lemma else ()):
            if rule.fallback != fallback:
                continue
            idx = _match_at(ctx, tok.i, rule.pattern)
            if idx is None:
                continue
            head = doc[idx[rule.head]]
            kind = _check(ctx, rule, head, idx)
            if kind is None:
                continue
            found.append(_mention(ctx, idx[0], idx[-1] + 1, head, kind, rule))
            covered = idx[-1]
            break
    found = _drop_absorbed(ctx, sorted(found, key=lambda m: m.start))
    _add_anaphors(ctx, found)
    found.sort(key=lambda m: m.start)
    return found


def _match_at(ctx: DocContext, i: int, pattern: tuple[str, ...]) -> list[int] | None:
    doc, j = ctx.doc, i
    idx: list[int] = []
    for word in pattern:
        while j < len(doc) and doc[j].text == "-" and word != "-" and idx:
            j += 1
        if j >= len(doc) or word not in (doc[j].lemma_.lower(), doc[j].lower_):
            return None
        idx.append(j)
        j += 1
    return idx


def _mention(
    ctx: DocContext,
    start: int,
    end: int,
    head: Token,
    kind: tuple[str, str | None],
    rule: TriggerRule | None,
) -> EventMention:
    return EventMention(
        start=start, end=end, head=head, type=kind[0], subtype=kind[1], rule=rule,
        sent=ctx.sent_of(start), para=ctx.para_of(start),
        detail=rule.detail if rule is not None else None,
    )  # fmt: skip


def _check(
    ctx: DocContext, rule: TriggerRule, head: Token, idx: list[int]
) -> tuple[str, str | None] | None:
    """The (type, subtype) the rule gives here, or None when a constraint fails."""
    lex = ctx.lex
    if rule.pos and head.pos_ not in rule.pos:
        return None
    if reality.negated(head) or reality.irrealis(head, lex) or reality.is_party(head):
        return None
    s = ctx.sent_of(head.i)
    near = ctx.sents[max(0, s - 1) : s + 1]
    if reality.figurative(head, near, ctx.reality, reality.person_object(ctx, head)):
        return None
    if reality.legal_reference(head, ctx.reality):
        return None
    if reality.conditional(head, ctx.reality) or reality.generic(head, ctx.reality):
        return None
    if reality.in_name(head) or reality.descriptive(head):
        return None
    if _not_a_happening(ctx, rule, head, idx):
        return None
    if rule.context and not reality.in_context(
        ctx, head, lex.contexts.get(rule.context, frozenset())
    ):
        return None
    if rule.needs_sentence:
        words = lex.contexts.get(rule.needs_sentence, frozenset())
        if not any(t.lemma_.lower() in words for t in ctx.sent_span(head)):
            return None
    if rule.foreign and not _names_state_official(
        ctx, ctx.sent_span(head), lex.contexts.get("state_titles", frozenset())
    ):
        return None
    if rule.governors and head.head.lemma_.lower() not in rule.governors:
        return None
    if rule.not_governors and head.head.lemma_.lower() in rule.not_governors:
        return None
    if rule.not_context:
        words = lex.contexts.get(rule.not_context, frozenset())
        if any(t.lemma_.lower() in words for t in ctx.sent_span(head)):
            return None
    if rule.prep and not any(c.lower_ in rule.prep for c in head.children):
        return None
    if rule.object == "territory" or rule.by_actor == "government":
        objs = objects(ctx.doc[i] for i in idx)
        if _object_words(objs) & lex.contexts.get("not_territory", frozenset()):
            return None  # "control of the House", "seized the market"
        if rule.object == "territory" and not any(
            ctx.is_place(t) or t.lemma_.lower() in lex.territory_words for t in objs
        ):
            return None
    if rule.object is not None and rule.object != "territory":
        # the object (or a word of its noun phrase) is of a class: "seized weapons"
        words = lex.contexts.get(rule.object, frozenset())
        if not _object_words(objects(ctx.doc[i] for i in idx)) & words:
            return None
    kind: tuple[str, str | None] = (rule.type, rule.subtype)
    targets = (
        lex.civilian_words if rule.target == "civilian" else lex.contexts.get(rule.target or "")
    )
    if targets is not None and not _object_words(objects([head]) or _victims(ctx, head)) & targets:
        if rule.otherwise is None:
            return None
        kind = rule.otherwise
    if rule.by_actor == "government" and rule.government_subtype:
        if government_actor(ctx, head):
            kind = (rule.type, rule.government_subtype)
    return kind


def _not_a_happening(ctx: DocContext, rule: TriggerRule, head: Token, idx: list[int]) -> bool:
    """The word names a kind, a habit, a state or a person's misfortune (``usage``)."""
    rules = ctx.reality
    if (
        len(idx) == 1
        and rule.type not in usage.VIOLENT_OR_CROWD
        and usage.modifier(head, ctx.lex.by_first.keys())
    ):
        return True  # violence is left to the parse's head: "a tank attack officials blamed"
    if usage.habitual(head, rules) or usage.status(head, rules):
        return True
    if usage.personal(head, rule.type) or usage.example(head):
        return True
    return usage.state_or_topic(head)


def _names_state_official(ctx: DocContext, sent: Span, titles: frozenset[str]) -> bool:
    """Whether ``sent`` names a state's official: a country (or its demonym) followed within
    four words by a title ("Russian Foreign Minister", "Burma's de facto leader")."""
    for tok in sent:
        ent = ctx.entity(tok)
        feature = ent.place.feature if ent is not None and ent.place is not None else None
        if feature and feature.startswith("A.PCL"):
            after = ctx.doc[tok.i + 1 : min(tok.i + 5, sent.end)]
            if any(t.lemma_.lower() in titles for t in after):
                return True
    return False


def _object_words(toks: list[Token]) -> set[str]:
    """Lemmas and forms of objects, their modifiers, and the noun of "a number of X"."""
    out: set[str] = set()
    for t in toks:
        of = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        for w in [t, *t.children, *of]:
            out.update((w.lemma_.lower(), w.lower_))
    return out


def _victims(ctx: DocContext, head: Token) -> list[Token]:
    """Who was killed or wounded in the trigger's sentence ("soldiers were killed in attacks")."""
    hurt = ctx.lex.death_lemmas | {"wound", "injure"}
    return [
        c for t in ctx.sent_span(head) if t.pos_ == "VERB" and t.lemma_.lower() in hurt
        for c in t.children if c.dep_ in ("nsubjpass", "dobj")
    ]  # fmt: skip


def _add_anaphors(ctx: DocContext, found: list[EventMention]) -> None:
    """Definite event nouns ("the incident") that refer back to an event already told."""
    lex = ctx.lex
    taken = {i for m in found for i in range(m.start, m.end)}
    by_pos = sorted(found, key=lambda m: m.start)
    starts = [m.start for m in by_pos]
    table = token_table(ctx.doc)
    for i, (pos, lemma) in enumerate(zip(table.pos, table.lemma, strict=True)):
        if i in taken or pos != "NOUN" or lemma not in lex.anaphor_lemmas:
            continue
        tok = ctx.doc[i]
        if not any(c.dep_ == "det" and c.lower_ in lex.anaphor_determiners for c in tok.children):
            continue
        k = bisect.bisect_left(starts, tok.i) - 1
        if tok.lemma_.lower() in lex.violent_anaphors:
            while k >= 0 and by_pos[k].type not in lex.violent_types:
                k -= 1  # "the attack" after a summit refers to an attack told before it
        if k < 0:
            continue
        ante = by_pos[k]
        if ctx.sent_of(tok.i) - ante.sent > NARRATIVE_SENTS or reality.irrealis(tok, lex):
            continue
        m = _mention(ctx, tok.i, tok.i + 1, tok, (ante.type, ante.subtype), None)
        m.anaphor = True
        m.antecedent = ante
        m.detail = ante.detail
        found.append(m)


def _drop_absorbed(ctx: DocContext, mentions: list[EventMention]) -> list[EventMention]:
    """Drop 'absorbed' triggers ("people were killed") told beside another violent event."""
    keep = []
    for m in mentions:
        if m.rule is not None and m.rule.absorbed:
            q = ctx.quote_at(ctx.doc[m.start].idx)
            if any(
                o is not m
                and o.type in ctx.lex.absorbing_types
                and not (o.rule is not None and o.rule.absorbed)
                and (o.sent == m.sent or o.para == m.para or (q is not None and ctx.in_quote(o, q)))
                for o in mentions
            ):
                continue
        keep.append(m)
    return keep


__all__ = ["match_triggers"]
