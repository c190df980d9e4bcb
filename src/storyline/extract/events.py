"""storyline_events: ACLED-typed events with actors, targets, place, time, fatalities, sources.

One linear pass finds trigger words from ``data/event_triggers.json`` (lemmas and multiword
phrases, with constraints such as "needs a violence context"); the dependency parse gives each
trigger its arguments; mentions of one happening are then merged into one event, unless their
times, places or actors are incompatible (``storyline_conflicts`` reports those that are likely
one happening told differently).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, Token

from ..records import Entity, Event, FatalityReport, Quote, TimeRef
from . import reality
from .event_lexicon import EventLexicon, TriggerRule, load_lexicon, normalize_fatalities
from .event_merge import (
    LEVEL_CLAUSE,
    LEVEL_PARA,
    LEVEL_SENT,
    NARRATIVE_SENTS,
    TIME_TYPES,
    EventMention,
    cluster_to_event,
    merge_mentions,
    time_range,
    times_compatible,
    unique,
)
from .extensions import get_list

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PERSON_LABELS = frozenset({"PERSON", "ORG"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_NEAR_PREPS = frozenset({"near", "outside", "around", "beyond", "towards", "toward", "close"})
_NO_DESCEND = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"})


class EventFinder(Pipe):
    """Find ACLED-typed events in a Doc and write ``records.Event`` to ``doc._.sl_events``.

    Reads ``doc._.sl_entities``/``sl_entity_spans`` (actors, targets, places),
    ``doc._.sl_times`` (when) and ``doc._.sl_quotes`` (who reports it, how certainly).
    """

    def __init__(self, nlp: Language, name: str, lexicon: EventLexicon | None = None) -> None:
        self.name = name
        self.lexicon = lexicon or load_lexicon()

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
        ctx = _DocContext(doc, self.lexicon)
        mentions = ctx.match_triggers()
        for m in mentions:
            ctx.fill_arguments(m)
        article = doc._.sl_article
        published = article.published if article is not None else None
        mentions = [m for m in mentions if not reality.historical(m.time, published, ctx.reality)]
        ctx.attach_fatalities(mentions)
        clusters = merge_mentions(mentions, self.lexicon)
        return [cluster_to_event(f"v{i}", c, clusters) for i, c in enumerate(clusters, 1)]


class _DocContext:
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
        text = doc.text
        self.para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        # a paragraph break ends a sentence, whatever the parser made of it
        starts = {s.start for s in doc.sents} | {
            t.i for t in doc if t.i and "\n" in doc[t.i - 1].text_with_ws and not t.is_space
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

    # -- positions ---------------------------------------------------------------------------

    def sent_span(self, tok: Token) -> Span:
        return self.sents[self.sent_of(tok.i)]

    def sent_of(self, i: int) -> int:
        return bisect.bisect_right(self.sent_starts, i) - 1

    def para_of(self, i: int) -> int:
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

    def entity(self, tok: Token) -> Entity | None:
        eid = self.token_entity.get(tok.i)
        return self.entities.get(eid) if eid else None

    def is_place(self, tok: Token) -> bool:
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

    # -- triggers ----------------------------------------------------------------------------

    def match_triggers(self) -> list[EventMention]:
        """Every trigger occurrence that meets its rule's constraints, plus anaphors."""
        doc, found = self.doc, []
        covered = -1
        for tok in doc:
            if tok.i <= covered:
                continue
            for rule in self.lex.by_first.get(tok.lemma_.lower(), ()) + (
                self.lex.by_first.get(tok.lower_, ()) if tok.lower_ != tok.lemma_.lower() else ()
            ):
                idx = self._match_at(tok.i, rule.pattern)
                if idx is None:
                    continue
                head = doc[idx[rule.head]]
                kind = self._check(rule, head, idx)
                if kind is None:
                    continue
                found.append(self._mention(idx[0], idx[-1] + 1, head, kind, rule))
                covered = idx[-1]
                break
        found = self._drop_absorbed(sorted(found, key=lambda m: m.start))
        self._add_anaphors(found)
        found.sort(key=lambda m: m.start)
        return found

    def _match_at(self, i: int, pattern: tuple[str, ...]) -> list[int] | None:
        doc, j = self.doc, i
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
        self,
        start: int,
        end: int,
        head: Token,
        kind: tuple[str, str | None],
        rule: TriggerRule | None,
    ) -> EventMention:
        return EventMention(
            start=start, end=end, head=head, type=kind[0], subtype=kind[1], rule=rule,
            sent=self.sent_of(start), para=self.para_of(start),
            detail=rule.detail if rule is not None else None,
        )  # fmt: skip

    def _check(
        self, rule: TriggerRule, head: Token, idx: list[int]
    ) -> tuple[str, str | None] | None:
        """The (type, subtype) the rule gives here, or None when a constraint fails."""
        lex = self.lex
        if rule.pos and head.pos_ not in rule.pos:
            return None
        if self._negated(head) or self._irrealis(head) or self._is_party(head):
            return None
        s = self.sent_of(head.i)
        near = self.sents[max(0, s - 1) : s + 1]
        if reality.figurative(head, near, self.reality, self._person_object(head)):
            return None
        if reality.legal_reference(head, self.reality):
            return None
        if rule.context and not self._context(head, lex.contexts.get(rule.context, frozenset())):
            return None
        if rule.needs_sentence:
            words = lex.contexts.get(rule.needs_sentence, frozenset())
            if not any(t.lemma_.lower() in words for t in self.sent_span(head)):
                return None
        if rule.governors and head.head.lemma_.lower() not in rule.governors:
            return None
        if rule.prep and not any(c.lower_ in rule.prep for c in head.children):
            return None
        if rule.object == "territory" and not any(
            self.is_place(t) or t.lemma_.lower() in lex.territory_words
            for t in self._objects(self.doc[i] for i in idx)
        ):
            return None
        kind: tuple[str, str | None] = (rule.type, rule.subtype)
        if rule.target == "civilian" and not any(
            t.lemma_.lower() in lex.civilian_words for t in self._objects([head])
        ):
            if rule.otherwise is None:
                return None
            kind = rule.otherwise
        if rule.by_actor == "government" and rule.government_subtype:
            if self._government_actor(head):
                kind = (rule.type, rule.government_subtype)
        return kind

    def _person_object(self, head: Token) -> bool:
        """Whether the trigger's object is a person: a PERSON entity, a pronoun, "my wife"."""
        for c in head.children:
            if c.dep_ not in ("dobj", "pobj") and not (c.dep_ == "prep" and c.lower_ == "on"):
                continue
            obj = next((g for g in c.children if g.dep_ == "pobj"), c) if c.dep_ == "prep" else c
            eid = self.token_entity.get(obj.i)
            if eid is not None and self.entities[eid].label == "PERSON":
                return True
            if obj.tag_ == "PRP" or any(g.tag_ == "PRP$" for g in obj.children):
                return True
        return False

    def _negated(self, head: Token) -> bool:
        gov = head.head if head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else head
        return any(c.dep_ == "neg" for c in head.children) or any(
            c.dep_ == "neg" for c in gov.children
        )

    def _irrealis(self, head: Token) -> bool:
        """Planned, threatened, hoped-for or modal: not (yet) something that happened.

        ACLED codes events that took place; "would retake", "could attack", "plans to
        seize", "is ready to support the operation" are not events.
        """
        chain = [head, *list(head.ancestors)[:4]]
        if any(tok.lemma_.lower() in self.lex.irrealis for tok in chain[1:]):
            return True
        for n, tok in enumerate(chain):
            if (n == 0 or tok.pos_ in ("VERB", "AUX", "ADJ")) and any(
                c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" and c.lower_ in self.lex.modals
                for c in tok.children
            ):
                return True
            if tok.pos_ == "VERB" and tok.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "acl"):
                break  # modals further up govern another clause
        return False

    def _is_party(self, head: Token) -> bool:
        """A trigger word naming a side ("clashes between the coup and the guards")."""
        tok = head
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "pobj" and tok.head.lower_ == "between"

    def _context(self, head: Token, words: frozenset[str]) -> bool:
        s = self.sent_of(head.i)
        for sent in self.sents[max(0, s - 2) : s + 1]:
            if any(t.i != head.i and t.lemma_.lower() in words for t in sent):
                return True
        return False

    def _objects(self, heads: Iterable[Token]) -> list[Token]:
        """Patients of trigger words: objects, passive subjects, 'of'/'against'/'on' nouns."""
        out: list[Token] = []
        for h in heads:
            for c in h.children:
                if c.dep_ in ("dobj", "nsubjpass", "obj"):
                    out.extend(_with_conj(c))
                elif c.dep_ == "prep" and c.lower_ in ("of", "against", "on", "over"):
                    out.extend(p for pc in c.children if pc.dep_ == "pobj" for p in _with_conj(pc))
                elif c.dep_ == "xcomp" or c.dep_ == "acl":
                    out.extend(self._objects([c]))
        return out

    def _government_actor(self, head: Token) -> bool:
        for tok in self._agents(head):
            words = {t.lemma_.lower() for t in _np_tokens(tok)}
            ent = self.entity(tok)
            if words & self.lex.government_words or (ent is not None and ent.label == "GPE"):
                return True
        return False

    def _agents(self, head: Token) -> list[Token]:
        """Who acted: subject or 'by' agent of a verb, possessor of a noun, light verb's subject."""
        out: list[Token] = []
        verb = head
        while (
            verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in _CLAUSE_POS and verb.pos_ == "VERB"
        ):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                break
            verb = verb.head
        for c in list(head.children) + (list(verb.children) if verb.i != head.i else []):
            if c.dep_ in ("nsubj", "poss") and not (c.dep_ == "nsubj" and head.pos_ == "NOUN"):
                if c.lower_ in _RELATIVE and c.head.dep_ == "relcl":
                    c = c.head.head  # "a citizen who escaped": the citizen
                out.extend(_with_conj(c))
            elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                out.extend(p for pc in c.children if pc.dep_ == "pobj" for p in _with_conj(pc))
            elif c.dep_ == "prep" and c.lower_ == "between":
                out.extend(p for pc in c.children if pc.dep_ == "pobj" for p in _with_conj(pc))
        if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "attr", "nsubjpass"):
            # a noun trigger as the object of a light verb: "X announced the control of ..."
            out.extend(c for c in head.head.children if c.dep_ == "nsubj")
        return out

    def _add_anaphors(self, found: list[EventMention]) -> None:
        """Definite event nouns ("the incident") that refer back to an event already told."""
        taken = {i for m in found for i in range(m.start, m.end)}
        by_pos = sorted(found, key=lambda m: m.start)
        starts = [m.start for m in by_pos]
        for tok in self.doc:
            if (
                tok.i in taken
                or tok.pos_ != "NOUN"
                or tok.lemma_.lower() not in self.lex.anaphor_lemmas
            ):
                continue
            if not any(
                c.dep_ == "det" and c.lower_ in self.lex.anaphor_determiners for c in tok.children
            ):
                continue
            k = bisect.bisect_left(starts, tok.i) - 1
            if k < 0:
                continue
            ante = by_pos[k]
            if self.sent_of(tok.i) - ante.sent > NARRATIVE_SENTS or self._irrealis(tok):
                continue
            m = self._mention(tok.i, tok.i + 1, tok, (ante.type, ante.subtype), None)
            m.anaphor = True
            m.detail = ante.detail
            found.append(m)

    def _drop_absorbed(self, mentions: list[EventMention]) -> list[EventMention]:
        """Drop 'absorbed' triggers ("people were killed") told beside another violent event."""
        keep = []
        for m in mentions:
            if m.rule is not None and m.rule.absorbed:
                q = self.quote_at(self.doc[m.start].idx)
                if any(
                    o is not m
                    and o.type in self.lex.violent_types
                    and not (o.rule is not None and o.rule.absorbed)
                    and (
                        o.sent == m.sent
                        or o.para == m.para
                        or (q is not None and self._in_quote(o, q))
                    )
                    for o in mentions
                ):
                    continue
            keep.append(m)
        return keep

    def _in_quote(self, m: EventMention, q: Quote) -> bool:
        return q.start <= self.doc[m.start].idx < q.end

    # -- arguments ---------------------------------------------------------------------------

    def fill_arguments(self, m: EventMention) -> None:
        """Actors, targets, place, time, sources and certainty of one mention."""
        heads = [self.doc[i] for i in range(m.start, m.end)]
        intransitive = m.rule is not None and m.rule.intransitive
        agents = self._agents(m.head)
        patients = self._objects(heads if not m.anaphor else [m.head])
        if intransitive:
            # "the surrender of X to Y": X acted; Y received
            agents += [p for p in patients if p.head.lower_ == "of"]
            patients = [p for p in patients if p.head.lower_ != "of"]
            patients += [
                p for c in m.head.children if c.dep_ == "prep" and c.lower_ == "to"
                for pc in c.children if pc.dep_ == "pobj" for p in _with_conj(pc)
                if not self.is_place(p)  # "fled to X": a destination, not a target
            ]  # fmt: skip
        if m.rule is not None and m.rule.object == "territory":
            # "retook the town from X": X lost it
            patients += [
                p for c in m.head.children if c.dep_ == "prep" and c.lower_ == "from"
                for pc in c.children if pc.dep_ == "pobj" for p in _with_conj(pc)
            ]  # fmt: skip
        if m.rule is not None and m.rule.needs_sentence:
            patients += self._wanted(self.sents[m.sent])
        m.actors = unique(e for t in agents for e in self._np_entities(t))
        m.targets = unique(e for t in patients for e in self._np_entities(t) if e not in m.actors)
        self._fill_place(m)
        self._fill_time(m)
        self._fill_sources(m)
        sources = set(m.sources)
        m.participants = unique(
            [*m.actors, *m.targets]
            + [
                eid
                for t in self.sents[m.sent]
                if (eid := self.token_entity.get(t.i)) is not None
                and eid not in sources
                and self.entities[eid].label in PERSON_LABELS
                and not self._speaker_token(t)
            ]
        )

    def _wanted(self, sent: Span) -> list[Token]:
        """Who a bounty is on: objects of 'kill', 'capture', 'deliver' ... in the sentence."""
        words = self.lex.contexts.get("bounty", frozenset())
        return [
            c for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in words
            for c in t.children if c.dep_ in ("dobj", "obj")
        ]  # fmt: skip

    def _np_entities(self, tok: Token) -> list[str]:
        """Entity ids named by the noun phrase headed by ``tok``."""
        eid = self.token_entity.get(tok.i)
        if eid is None and tok.dep_ == "appos":
            eid = self.token_entity.get(tok.head.i)  # "X, a citizen who ...": X
        if eid is not None:
            return [eid]
        out, stack = [], _np_children(tok)
        while stack:
            t = stack.pop(0)
            eid = self.token_entity.get(t.i)
            if eid is not None:
                out.append(eid)
            stack.extend(_np_children(t))
        return unique(out)

    def _speaker_token(self, tok: Token) -> bool:
        """Subject of a reporting verb, or 'according to X'."""
        while tok.dep_ in ("compound", "flat", "conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if (
            tok.dep_ in ("nsubj", "nsubjpass")
            and tok.head.lemma_.lower() in self.lex.reporting_verbs
        ):
            return True
        return (
            tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"
        )

    def _clause_head(self, tok: Token) -> Token:
        t = tok
        while t.pos_ not in _CLAUSE_POS and t.head.i != t.i:
            t = t.head
        return t

    def _fill_place(self, m: EventMention) -> None:
        clause = self._clause_head(m.head)
        best: tuple[int, int, str] | None = None
        for tok in self.sents[m.sent]:
            eid = self.token_entity.get(tok.i)
            if eid is None or eid in m.actors or not self.is_place(tok):
                continue
            rank = self._place_rank(tok, m.head, clause)
            if rank is None:
                continue
            key = (rank, abs(tok.i - m.head.i), eid)
            if best is None or key < best:
                best = key
        if best is None:
            # else the sentence's place: any place named in it
            for tok in self.sents[m.sent]:
                eid = self.token_entity.get(tok.i)
                if (
                    eid is not None
                    and self.is_place(tok)
                    and eid not in m.actors
                    and (not self._origin(tok))
                ):
                    key = (10, abs(tok.i - m.head.i), eid)
                    if best is None or key < best:
                        best = key
        if best is not None:
            m.place_rank, m.place = best[0], best[2]

    def _origin(self, tok: Token) -> bool:
        """A place naming where someone comes from ("militants from X")."""
        while tok.dep_ in ("compound", "flat", "conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "pobj" and tok.head.lower_ == "from"

    def _place_rank(self, tok: Token, head: Token, clause: Token) -> int | None:
        """0: 'in/at/of' the trigger's clause; 1: 'near/outside'; 2: other; None: elsewhere.

        A place inside another argument ("militants from X took part") or another clause is
        not where the event happened.
        """
        preps: list[str] = []
        t = tok
        while t.i != head.i and t.i != clause.i:
            if t.dep_ == "prep":
                preps.append(t.lower_)
            if t.head.i == t.i or (t.i != tok.i and t.pos_ in _CLAUSE_POS):
                return None
            if t.i != tok.i and t.dep_ in _ARGUMENT_DEPS:
                return None
            t = t.head
        if not preps or "from" in preps:
            return 2
        return 1 if _NEAR_PREPS & set(preps) else 0

    def _fill_time(self, m: EventMention) -> None:
        clause = self._clause_head(m.head)
        sent = self.sents[m.sent]
        cands: list[tuple[int, int, TimeRef]] = []
        for root_i, t in self.time_root.items():
            if not (sent.start <= root_i < sent.end) or not self._usable_time(t, root_i):
                continue
            tok = self.doc[root_i]
            attached = self._clause_head(tok).i == clause.i or m.head in tok.ancestors
            level = LEVEL_CLAUSE if attached else LEVEL_SENT
            cands.append((level, abs(root_i - m.head.i), t))
        if not cands:
            # else the paragraph's: earlier sentences of it first, nearest first
            for root_i, t in self.time_root.items():
                if self.para_of(root_i) == m.para and self._usable_time(t, root_i):
                    before = root_i < m.start
                    cands.append((LEVEL_PARA, (0 if before else 10_000) + abs(root_i - m.start), t))
        if cands:
            level, _, t = min(cands, key=lambda c: (c[0], c[1]))
            m.time, m.time_level = t, level

    def _usable_time(self, t: TimeRef, root_i: int) -> bool:
        """A date that can place an event: not a duration without bounds, not a report's date."""
        if t.type not in TIME_TYPES and not (t.earliest and t.latest):
            return False
        head = self._clause_head(self.doc[root_i])
        return head.lemma_.lower() not in self.lex.time_report_verbs

    def _fill_sources(self, m: EventMention) -> None:
        char = self.doc[m.start].idx
        q = self.quote_at(char)
        hedged = self._hedged(m.head)
        if q is not None:
            m.quote = q
            m.sources = [q.id]
            m.certainty = "hedged" if hedged or q.certainty == "hedged" else q.certainty
            return
        reporters = self._reporters(m.head)
        if reporters is not None:
            m.sources = unique(e for t in reporters for e in self._np_entities(t))
            m.certainty = "hedged" if hedged else "reported"
            return
        m.certainty = "hedged" if hedged else "asserted"

    def _reporters(self, head: Token) -> list[Token] | None:
        """Subjects of the reporting verbs that govern the trigger, or None if none does."""
        found: list[Token] | None = None
        for anc in [head, *head.ancestors]:
            if anc.lemma_.lower() in self.lex.reporting_verbs and anc.pos_ == "VERB":
                found = found or []
                subj = [c for c in anc.children if c.dep_ == "nsubj"]
                while (
                    not subj
                    and anc.dep_ in ("advcl", "xcomp", "conj", "acl")
                    and anc.head.i != anc.i
                ):
                    anc = anc.head  # "..., saying that ...": the subject of the main verb
                    subj = [c for c in anc.children if c.dep_ == "nsubj"]
                found.extend(subj)
        for tok in self.sent_span(head):
            if tok.lower_ == "according":
                found = found or []
                found.extend(
                    p for c in tok.children if c.lower_ == "to"
                    for p in c.children if p.dep_ == "pobj"
                )  # fmt: skip
        return found

    def _hedged(self, head: Token) -> bool:
        for n, tok in enumerate([head, *head.ancestors]):
            if n > 5:
                break
            if (n > 0 and tok.lemma_.lower() in self.lex.hedges) or any(
                c.dep_ in ("aux", "advmod", "amod") and c.lemma_.lower() in self.lex.hedges
                for c in tok.children
            ):
                return True
        return False

    # -- fatalities --------------------------------------------------------------------------

    def attach_fatalities(self, mentions: list[EventMention]) -> None:
        """Deaths stated near violent mentions: same sentence, else same quote or paragraph."""
        violent = [m for m in mentions if m.type in self.lex.violent_types]
        if not violent:
            return
        for tok in self.doc:
            if tok.lemma_.lower() not in self.lex.death_lemmas or tok.pos_ not in (
                "VERB",
                "NOUN",
                "ADJ",
            ):
                continue
            if self._negated(tok):
                continue
            count = self._death_count(tok)
            if count is None:
                continue
            value, text = count
            target = self._fatality_owner(tok, violent)
            if target is None:
                continue
            q = self.quote_at(tok.idx)
            reporters = self._reporters(tok)
            source = q.id if q is not None else None
            if source is None and reporters:
                ents = [e for t in reporters for e in self._np_entities(t)]
                source = ents[0] if ents else None
            target.fatalities.append(FatalityReport(count=value, text=text, source=source))

    def _fatality_owner(self, tok: Token, violent: list[EventMention]) -> EventMention | None:
        s = self.sent_of(tok.i)
        same = [m for m in violent if m.sent == s]
        if same:
            return min(same, key=lambda m: abs(m.head.i - tok.i))
        q = self.quote_at(tok.idx)
        p = self.para_of(tok.i)
        before = [
            m for m in violent
            if m.start < tok.i and (m.para == p or (q is not None and self._in_quote(m, q)))
        ]  # fmt: skip
        return before[-1] if before else None

    def _death_count(self, tok: Token) -> tuple[int | None, str] | None:
        """(count, phrase) for a death word: "12 people were killed" -> (12, ...); else None."""
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
            for member in _with_conj(np):
                words = [t for t in _np_tokens(member, modifiers_only=True)]
                phrase = " ".join(t.text for t in words)
                value = normalize_fatalities(phrase, self.lex)
                vague = any(t.lower_ in self.lex.vague for t in words)
                if value is None and not vague:
                    if tok.pos_ == "NOUN" and np.i == tok.i:
                        # "the deaths of three soldiers"
                        of = [p for c in tok.children if c.lower_ == "of" for p in c.children]
                        inner = [self._death_count_np(p) for p in of]
                        if any(v is not None for v in inner):
                            value = min(v for v in inner if v is not None)
                    if value is None:
                        continue
                lo = min(t.i for t in [*words, tok])
                hi = max(t.i for t in [*words, tok])
                text = self.doc[lo : hi + 1].text
                total = value
                if value is not None:
                    others = [self._death_count_np(c) for c in member.conjuncts if c.i > member.i]
                    total = value + sum(v for v in others if v is not None)
                return total, text
        return None

    def _death_count_np(self, np: Token) -> int | None:
        words = _np_tokens(np, modifiers_only=True)
        return normalize_fatalities(" ".join(t.text for t in words), self.lex)


def _np_children(tok: Token) -> list[Token]:
    """Children inside a noun phrase: modifiers and 'of' phrases, not clauses or locatives."""
    return [
        c for c in tok.children
        if c.dep_ not in _NO_DESCEND and (c.dep_ != "prep" or c.lower_ == "of")
    ]  # fmt: skip


def _with_conj(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _np_tokens(tok: Token, modifiers_only: bool = False) -> list[Token]:
    """The head noun and its number/quantity modifiers (not clauses or prepositions)."""
    keep = ("nummod", "quantmod", "amod", "det", "compound", "advmod", "npadvmod")
    out = [tok]
    stack = [c for c in tok.children if c.dep_ in keep or (not modifiers_only and c.dep_ == "poss")]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in keep)
    return sorted(out, key=lambda t: t.i)


@Language.factory(
    "storyline_events",
    requires=["doc._.sl_entities", "doc._.sl_times", "doc._.sl_quotes"],
    assigns=["doc._.sl_events"],
)
def make_events(nlp: Language, name: str) -> EventFinder:
    """Build the ``storyline_events`` component."""
    return EventFinder(nlp, name)


__all__ = ["EventFinder", "make_events", "time_range", "times_compatible"]
