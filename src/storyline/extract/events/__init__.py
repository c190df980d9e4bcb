"""storyline_events: ACLED-typed events with actors, targets, place, time, fatalities, sources.

One linear pass finds trigger words from ``data/event_triggers.json`` (lemmas and multiword
phrases, with constraints such as "needs a violence context"); the dependency parse gives each
trigger its arguments; mentions of one happening are then merged into one event, unless their
times, places or actors are incompatible (``storyline_conflicts`` reports those that are likely
one happening told differently).

The rooms: ``triggers`` (trigger words and their constraints), ``reality`` (the reality
filter: negated, planned, figurative, legal, far-historical), ``usage`` (a word that names
an event without telling one: a modifier, a habit, a state, an example), ``scope`` (ordinary crimes,
non-political arrests, everyday accidents), ``arguments`` (actors and
targets), ``place``, ``time``, ``sources`` (who reports it, how certainly), ``fatalities``,
``coding`` (the codebook's sub-type rules: means, sides), ``actors`` (ACLED's actor1 and
actor2 with their actor types and interaction code), ``officials`` (a state's officials
named by their state: "Government of"), ``mentions`` (merging mentions
into events); ``context`` holds the per-document lookups and
``lexicon`` the trigger data file.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from ...records import Event
from ..extensions import get_list
from ..taxonomy import Taxonomy, load_taxonomy
from . import reality, scope
from .actors import code_actors
from .arguments import agents, fill_arguments, objects
from .coding import Coding, code_mentions, load_coding
from .context import DocContext
from .fatalities import attach_fatalities
from .lexicon import EventLexicon, load_lexicon
from .mentions import (
    LEVEL_CLAUSE,
    LEVEL_PARA,
    LEVEL_SENT,
    EventMention,
    cluster_to_event,
    merge_mentions,
    time_range,
    times_compatible,
)
from .time import planned
from .triggers import match_triggers


class EventFinder(Pipe):
    """Find ACLED-typed events in a Doc and write ``records.Event`` to ``doc._.sl_events``.

    Reads ``doc._.sl_entities``/``sl_entity_spans`` (actors, targets, places),
    ``doc._.sl_times`` (when) and ``doc._.sl_quotes`` (who reports it, how certainly).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        lexicon: EventLexicon | None = None,
        coding: Coding | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self.name = name
        self.lexicon = lexicon or load_lexicon()
        self.coding = coding or load_coding()
        self.taxonomy = taxonomy or load_taxonomy()

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            events = self.find(doc)
            self.set_annotations(doc, events)
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol
            error_handler(self.name, self, [doc], err)
        return doc

    def set_annotations(self, doc: Doc, events: list[Event]) -> None:
        """Store the events on the Doc."""
        get_list(doc, "sl_events").extend(events)

    def find(self, doc: Doc) -> list[Event]:
        """The events of ``doc``, ids ``v1``, ``v2``, ... in order of first mention."""
        ctx = DocContext(doc, self.lexicon)
        article = doc._.sl_article
        published = article.published if article is not None else None
        mentions: list[EventMention] = []
        for fallback in (False, True):
            if mentions:
                break
            mentions = match_triggers(ctx, fallback=fallback)
            for m in mentions:
                fill_arguments(ctx, m)
            mentions = [
                m
                for m in mentions
                if not reality.historical(m.time, published, ctx.reality, own=_recalled(m))
                and not reality.dated_name(m.head, published, ctx.reality)
                and not planned(m, published, ctx.reality.future_days)
                and not _unanchored(m, self.lexicon, ctx.reality)
            ]
        code_mentions(ctx, mentions, self.coding)
        mentions = [m for m in mentions if m.anaphor or not _out_of_scope(ctx, m)]
        mentions = _with_antecedents(mentions)
        for m in mentions:
            code_actors(ctx, m, self.taxonomy)
        attach_fatalities(ctx, mentions)
        places = {eid: e.place for eid, e in ctx.entities.items() if e.place is not None}
        clusters = merge_mentions(mentions, self.lexicon, places)
        return [cluster_to_event(f"v{i}", c, clusters) for i, c in enumerate(clusters, 1)]


def _out_of_scope(ctx: DocContext, m: EventMention) -> bool:
    """An ordinary crime, a non-political arrest or an everyday accident (``scope``)."""
    lemma = m.head.lemma_.lower()
    near = ctx.sents[max(0, m.sent - 1) : m.sent + 2]
    if m.type == "Man-made disaster":
        return scope.everyday_accident(lemma, near, ctx.reality)
    if scope.outside_conflict(m.subtype, near, ctx.reality):
        return True
    # an arrest is political by whom it holds: the sentence that tells it, or the one before
    around = ctx.sents[max(0, m.sent - 1) : m.sent + 1] if m.subtype == "Arrests" else None
    window = around or ctx.sents[max(0, m.sent - 2) : m.sent + 3]
    return scope.ordinary_crime(m.type, m.subtype, window, ctx.reality, trigger=lemma)


def _recalled(m: EventMention) -> bool:
    """Whether an old date of its own (in its clause, sentence or paragraph) makes ``m``
    context (``reality.historical``): for all but political violence, whose past attacks a
    conflict's record keeps within ``historical_years`` ("the air strike that wounded him
    four years ago")."""
    return m.time_level <= LEVEL_PARA and m.type not in _ARMED_VIOLENCE


def _with_antecedents(mentions: list[EventMention]) -> list[EventMention]:
    """Drop references back ("the incident") whose event was filtered out: a reference to
    an ordinary crime or a background attack is no more an event than what it refers to."""
    kept = {id(m) for m in mentions if not m.anaphor}
    return [m for m in mentions if not m.anaphor or id(m.antecedent) in kept]


_ORDINALS = frozenset({"first", "second", "third", "last", "latest", "previous"})
_ARMED_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_CROWDS = frozenset({"Protests", "Riots"})
_KINDS = frozenset({"Natural disaster", "Man-made disaster", "Strategic developments"})


def _unanchored(m: EventMention, lex: EventLexicon, rules: reality.RealityRules) -> bool:
    """A violent event named as a kind ("terrorist attacks", "police shootings") with no place
    or date of its own, or told as background: ACLED codes happenings, not kinds of them."""
    if m.type in _CROWDS and reality.background(m.head, rules):
        return True  # "two weeks of protests", "the Selma protest march"
    if m.type in _KINDS and not m.anaphor and m.place is None and m.time_level > LEVEL_SENT:
        return reality.bare_plural(m.head)  # "deadly droughts", "signed agreements": kinds
    if m.type not in _ARMED_VIOLENCE:
        return False
    if reality.background(m.head, rules):
        return True
    if (
        m.head.pos_ == "NOUN"
        and not m.anaphor
        and m.place is None
        and m.time_level > LEVEL_SENT
        and not (m.actors or m.targets or agents(m.head) or objects([m.head]))
        and not any(t.lemma_.lower() in lex.death_lemmas for t in m.head.sent)
        and not (
            m.head.dep_ in ("nsubj", "nsubjpass")
            and m.head.head.tag_ in ("VBD", "VBN")
            and not any(
                c.dep_ == "amod" and c.tag_ == "JJ" and c.lower_ in _ORDINALS
                for c in m.head.children
            )
        )
    ):
        return True  # "the ethnic clashes", "the first attack": no who, where or when
    return reality.bare_plural(m.head) and m.place_rank > 2 and m.time_level > LEVEL_CLAUSE


@Language.factory(
    "storyline_events",
    requires=["doc._.sl_entities", "doc._.sl_times", "doc._.sl_quotes"],
    assigns=["doc._.sl_events"],
)
def make_events(nlp: Language, name: str) -> EventFinder:
    """Build the ``storyline_events`` component."""
    return EventFinder(nlp, name)


__all__ = ["EventFinder", "make_events", "time_range", "times_compatible"]
