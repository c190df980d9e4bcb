"""A state's officials named as ACLED names them: the state's, not the person's.

ACLED codes what an official does for a state as that state's actor: "U.S. Secretary of State
Hillary Clinton met ..." and "Russian officials said ..." are the ``Government of`` the
country, "Turkish police" its ``Police Forces``, "Syrian troops" its ``Military Forces``
(state forces, inter 1). An office counts only where the text ties it to a country: a
country or its demonym in the same noun phrase, before the name ("Israeli President Shimon
Peres") or in an apposition ("Shimon Peres, Israel's president"); a person's office is read
at the mention the event names or, failing that, at another mention of the same person. A
past holder ("former Secretary of State") acts for no state. The office words are
``event_taxonomy.json``'s ``actor_types.state_offices``.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...records import Entity, EventActor
from ..taxonomy import Taxonomy
from .context import DocContext

STATE = 1
#: words that may stand inside a title before a name ("Secretary of State")
_TITLE_POS = frozenset({"PROPN", "NOUN", "ADJ", "NUM"})
_MAX_TITLE = 8


def state_actor(
    ctx: DocContext, words: list[Token], country: Entity, text: str, taxonomy: Taxonomy
) -> EventActor | None:
    """``Government of X`` (or its police or military forces) for a noun phrase of a state
    office beside country ``country`` ("Russian officials"); None when it names no office or
    a past holder."""
    lowered = {t.lower_ for t in words}
    if lowered & set(taxonomy.offices.past):
        return None
    force = taxonomy.offices.force(" ".join(t.text for t in words))
    if force is None or country.place is None:
        return None
    name = f"{force} of {country.place.name or country.name}"
    return EventActor(name, text, country.id, taxonomy.actor_type_name(STATE), STATE)


def official_of(
    ctx: DocContext, tok: Token, person: Entity, text: str, taxonomy: Taxonomy
) -> EventActor | None:
    """The state a person acts for, from the office the text gives them with a country;
    None when no mention gives one."""
    heads = [tok] + [t for t in _mention_heads(ctx, person) if t.i != tok.i]
    for head in heads:
        found = _titled(ctx, head, taxonomy)
        if found is not None:
            words, country = found
            actor = state_actor(ctx, words, country, text, taxonomy)
            if actor is not None:
                return EventActor(actor.name, text, person.id, actor.type, actor.inter)
    return None


def _mention_heads(ctx: DocContext, person: Entity) -> list[Token]:
    out = []
    for m in person.mentions:
        span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append(span[-1])
    return out


def _titled(ctx: DocContext, head: Token, taxonomy: Taxonomy) -> tuple[list[Token], Entity] | None:
    """The title words and the country of the name ``head`` ends: the words before the name
    in its noun phrase, or an apposition after it."""
    name_start = head.i
    while name_start > 0 and ctx.token_entity.get(name_start - 1) == ctx.token_entity.get(head.i):
        name_start -= 1
    before: list[Token] = []
    i = name_start - 1
    sent_start = ctx.sents[ctx.sent_of(head.i)].start
    while i >= sent_start and len(before) < _MAX_TITLE:
        t = ctx.doc[i]
        if not (t.pos_ in _TITLE_POS or t.lower_ in ("of", "'s", "-")):
            if t.lower_ in taxonomy.offices.past:
                before.append(t)
            break
        before.append(t)
        i -= 1
    before.reverse()
    appos = [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
    for words in (before, appos):
        country = _country(ctx, words)
        if words and country is not None:
            return words, country
    # "President Shimon Peres": a head of state or government with no country is the
    # country's the article is about, when one is
    capital = [t for t in before if t.text[:1].isupper()]
    if not capital or taxonomy.offices.force(" ".join(t.text for t in capital)) != "Government":
        return None
    if any(ctx.entity(t) is not None for t in before) or not _heads_state(capital, taxonomy):
        return None
    country = _main_country(ctx)
    return (before, country) if country is not None else None


def _heads_state(words: list[Token], taxonomy: Taxonomy) -> bool:
    text = " " + " ".join(t.lower_ for t in words) + " "
    return any(f" {w} " in text for w in taxonomy.offices.heads)


def _main_country(ctx: DocContext) -> Entity | None:
    """The country the article names most often (by mentions of it or its demonym), when
    one is named more often than any other."""
    counts: dict[str, int] = {}
    first: dict[str, Entity] = {}
    for ent in ctx.entities.values():
        place = ent.place
        if place is None or not place.country or not _is_country(ent):
            continue
        counts[place.country] = counts.get(place.country, 0) + len(ent.mentions)
        if place.kind != "demonym" or place.country not in first:
            first[place.country] = ent
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return first[ranked[0][0]]


def _is_country(ent: Entity) -> bool:
    place = ent.place
    return place is not None and (
        place.kind == "demonym" or str(place.feature or "").startswith("A.PCL")
    )


def _country(ctx: DocContext, words: list[Token]) -> Entity | None:
    """The country (a country's name or its demonym) among ``words``."""
    for t in words:
        ent = ctx.entity(t)
        if ent is not None and _is_country(ent):
            return ent
    return None


__all__ = ["official_of", "state_actor"]
