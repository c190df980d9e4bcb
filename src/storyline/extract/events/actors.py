"""ACLED's actor1 and actor2 of a mention, each with its actor type and ``inter`` code.

The sides come from the clause the arguments room read: actor1 from the agents (subject, "by"
agent, possessor, the first side of "clashes between"), actor2 from the patients (object,
passive subject, "against", the second side). An actor is an entity ("the Taliban", a
country) or a nominal ("police", "gunmen", "unidentified armed men"); its type is ACLED's,
from the head nouns of ``event_taxonomy.json``'s ``actor_types`` (a country acting is its state
forces). The codebook's rules by event type then apply: a demonstration's actor1 is its
protesters and a riot's its rioters, whoever the clause names (state forces named beside a
protest are its actor2); civilians are the victims of violence against civilians.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...records import EventActor
from ..taxonomy import Taxonomy, interaction
from .arguments import objects
from .context import DocContext, clause_head, np_tokens, with_conj
from .mentions import EventMention
from .officials import official_of, state_actor
from .sources import speaker_token

#: ACLED's inter codes the rules below name
STATE, PROTESTERS, RIOTERS, CIVILIANS = 1, 6, 5, 7
_COUNTRY_FEATURES = ("A.PCL",)
_SKIP_POS = frozenset({"PRON", "NUM", "DET"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: event types whose reporters are never their actors
_REPORTED = _VIOLENT | {"Natural disaster", "Man-made disaster"}
#: sub-types whose actor1 the codebook gives as state forces when the text names no one
_BY_STATE = frozenset({"Arrests", "Disrupted weapons use"})


def code_actors(ctx: DocContext, m: EventMention, taxonomy: Taxonomy) -> None:
    """Fill ``m.actor1``, ``m.actor2`` and ``m.interaction`` from its agents and patients."""
    agent_toks, patient_toks = _sides(ctx, m, taxonomy)
    agents = [a for t in agent_toks if (a := _actor(ctx, t, taxonomy))]
    patients = [a for t in patient_toks if (a := _actor(ctx, t, taxonomy))]
    if not agents:
        agents = [a for t in _clause_subjects(ctx, m) if (a := _actor(ctx, t, taxonomy))]
        agents = [a for a in agents if a.text not in {p.text for p in patients}]
    actor1 = agents[0] if agents else None
    rest = [a for a in agents[1:] + patients if actor1 is None or a.text != actor1.text]
    actor2 = next((a for a in rest if m.type != "Battles" or a in agents[1:]), None)
    if m.type == "Battles" and actor2 is None and patients:
        actor2 = next((a for a in patients if a.text != (actor1.text if actor1 else "")), None)
    actor1, actor2 = _by_codebook(m, actor1, actor2, agents + patients, taxonomy)
    m.actor1, m.actor2 = actor1, actor2
    m.interaction = interaction(actor1.inter if actor1 else None, actor2.inter if actor2 else None)


def _clause_subjects(ctx: DocContext, m: EventMention) -> list[Token]:
    """Who the trigger's clause, else its sentence, is about: the subjects of its verb and of
    the sentence's root ("Slovenia is recalling its ambassador", "NATO leaders met"); not
    who reports violence or a disaster ("a car bomb exploded ..., officials said": the
    officials did not; but "Obama said after meeting Putin": he met him)."""
    out: list[Token] = []
    reported = m.type in _REPORTED
    for verb in (clause_head(m.head), ctx.sents[m.sent].root):
        out += [
            c for c in verb.children
            if c.dep_ == "nsubj" and c.i != m.head.i and not (reported and speaker_token(ctx, c))
        ]  # fmt: skip
    return out


def _sides(ctx: DocContext, m: EventMention, taxonomy: Taxonomy) -> tuple[list[Token], list[Token]]:
    """The agent and patient tokens: the arguments room's, the other side of "clashed with",
    and, for a trigger noun with no agent of its own, its clause's: a trigger that names
    its actor ("a mob attacked two men", "fired tear gas at demonstrators") is a side."""
    head = m.head
    agents = [ctx.doc[i] for i in m.agent_tokens]
    patients = [ctx.doc[i] for i in m.patient_tokens]
    verb = head if head.pos_ == "VERB" else clause_head(head)
    if verb.pos_ == "VERB":
        patients += [
            p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
            for pc in c.children if pc.dep_ == "pobj" for p in with_conj(pc)
        ]  # fmt: skip
    if head.pos_ in ("NOUN", "PROPN") and not agents and not m.anaphor:
        named = taxonomy.actor_inter(head.text) is not None
        if named and head.dep_ in ("nsubj", "nsubjpass"):
            agents = [head]
            patients = [p for p in objects([verb]) if p.i != head.i] + patients
        elif verb.i != head.i:
            agents = [c for c in verb.children if c.dep_ == "nsubj"]
            if named:
                patients = [head, *patients]
    return agents, patients


def _by_codebook(
    m: EventMention,
    actor1: EventActor | None,
    actor2: EventActor | None,
    named: list[EventActor],
    taxonomy: Taxonomy,
) -> tuple[EventActor | None, EventActor | None]:
    """The codebook's fixed sides: protesters and rioters are actor1 of their events, the
    state forces that intervene actor2; the victims of violence against civilians are
    civilians."""
    if m.type in _VIOLENT and actor1 is not None and actor1.inter == CIVILIANS:
        actor1, actor2 = None, actor2 or actor1  # civilians are who violence is done to
    if m.subtype in _BY_STATE and (actor1 is None or actor1.inter != STATE):
        state = next((a for a in named if a.inter == STATE), None)
        patient = actor2 or actor1
        actor1 = state or EventActor("police", "", None, taxonomy.actor_type_name(STATE), STATE)
        return actor1, patient if patient is not state else None
    crowd = {"Protests": PROTESTERS, "Riots": RIOTERS}.get(m.type)
    if crowd is not None:
        state = next((a for a in named if a.inter == STATE), None)
        crowds = [a for a in named if a.inter in (PROTESTERS, RIOTERS)]
        side = crowds[0] if crowds else actor1 if actor1 and actor1.inter != STATE else None
        if side is None or side.inter != crowd:
            kind = "protesters" if crowd == PROTESTERS else "rioters"
            side = EventActor(
                name=kind,
                text=side.text if side else "",
                entity=side.entity if side else None,
                type=taxonomy.actor_type_name(crowd),
                inter=crowd,
            )
        other = state or next((a for a in named if a.text != side.text), None)
        if m.type == "Riots" and m.subtype == "Mob violence" and other is not None:
            other = _as_civilians(other, taxonomy)
        return side, other
    if m.type == "Violence against civilians" and actor2 is not None:
        actor2 = _as_civilians(actor2, taxonomy)
    return actor1, actor2


def _as_civilians(actor: EventActor, taxonomy: Taxonomy) -> EventActor:
    """A victim with no armed type is a civilian (ACLED codes the unarmed as civilians)."""
    if actor.inter not in (None, PROTESTERS):
        return actor
    return EventActor(
        actor.name, actor.text, actor.entity, taxonomy.actor_type_name(CIVILIANS), CIVILIANS
    )


def _actor(ctx: DocContext, tok: Token, taxonomy: Taxonomy) -> EventActor | None:
    """The actor a noun phrase names: an entity or a typed nominal; None for a pronoun, a
    place that is not a country, or a common noun of no actor type."""
    if tok.pos_ in _SKIP_POS or tok.tag_ in ("PRP", "WP"):
        return None
    words = phrase = np_tokens(tok, modifiers_only=True)
    text = " ".join(t.text for t in words if t.dep_ != "det")
    # ACLED names an actor by its kind, not its number: "three villagers" are villagers
    words = [t for t in words if t.dep_ in ("amod", "compound") or t.i == tok.i]
    ents = ctx.np_entities(tok)
    ent = next((e for i in ents if (e := ctx.entities[i]).label in _ACTOR_LABELS), None)
    inter = taxonomy.actor_inter(text)
    if ent is not None:
        place = ent.place
        country = place is not None and (
            place.kind == "demonym" or str(place.feature or "").startswith(_COUNTRY_FEATURES)
        )
        own = ctx.token_entity.get(tok.i) == ent.id
        official = (
            official_of(ctx, tok, ent, text, taxonomy)
            if own and ent.label == "PERSON"
            else state_actor(ctx, phrase, ent, text, taxonomy)
            if country and not own
            else None
        )
        if official is not None:
            return official  # "Russian officials", "Israeli President Shimon Peres"
        if place is not None and not country and inter is None:
            return None  # a town or a region: where, not who
        if inter is None and country:
            inter = STATE  # "Turkey shelled ...": the state's forces
        if inter is None and ent.label != "PERSON":  # a person's side is not in the name
            inter = taxonomy.actor_inter(ent.name)
        name = ent.name if own else text
        return EventActor(name, text, ent.id, taxonomy.actor_type_name(inter), inter)
    if inter is None:
        return None
    name = " ".join(t.lower_ for t in words)
    return EventActor(name, text, None, taxonomy.actor_type_name(inter), inter)


__all__ = ["code_actors"]
