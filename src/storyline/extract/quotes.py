"""storyline_quotes: direct quotes and reported speech, with speakers and source chains.

The component fills ``doc._.sl_quotes`` with :class:`~storyline.records.Quote` records, ids
"q1", "q2", ... in text order. It works in three linear passes over the parsed Doc:

1. direct quotes from the quotation marks (:mod:`.quote_marks`), minus scare quotes (a short
   quoted name or term with no speech around it);
2. reported speech: reporting cues (:mod:`.attribution`, lexicons in ``data/quote_cues.json``)
   with their content clauses, minus content that is itself a direct quote;
3. attribution in reading order, with a small memory of who spoke last, which outlet the
   article is reporting from and which witness that outlet's report is about: pronouns ("he
   said"), outlet nominals ("the newspaper"), anonymous sources, quotes that continue the
   previous speaker, ``via`` chains and certainty.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Certainty, Entity, Quote, QuoteKind, Speaker
from .attribution import (
    QuoteCues,
    content_of,
    cue_text,
    hedge_in,
    is_cue,
    is_hedge,
    is_outlet_nominal,
    load_cues,
    outer_cues,
    speaker_np,
    speaker_token,
    trim_span,
)
from .extensions import get_list
from .quote_marks import MarkedQuote, find_quotes, paragraph_bounds

#: entity labels an outlet can carry ("The Daily Planet" is an ORG or a WORK_OF_ART).
OUTLET_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT"})
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
#: marks that may open a quote, stripped before looking for an introducing colon
QUOTE_OPENERS = "\"'“„‟«‹‘`"

#: a quote with no cue continues a speaker quoted at most this many paragraphs before.
CONTINUATION_PARAGRAPHS = 2
#: a direct quote of fewer words than this needs speech around it not to be a scare quote.
SCARE_MAX_WORDS = 4
_FRAME_WINDOW = 8
_SENTENCE_END = frozenset({".", "!", "?"})
_OPENING_MARKS = frozenset({"“", "„", "‟", "«", "‹", "‘", "‚", "``"})


@dataclass
class _Candidate:
    """A quote found but not yet attributed."""

    kind: QuoteKind
    start: int
    end: int
    lo: int  # token range of the content
    hi: int
    cue: Token | None
    key: int  # where it sits in reading order
    para: int  # paragraph it ends in
    root: Token | None = None  # the content clause's head (reported speech)


@dataclass
class _Said:
    """A resolved speaker, remembered for pronouns and continued quotes."""

    speaker: Speaker
    anonymous: bool
    via: tuple[str, ...]
    category: str  # "person", "group" or "outlet"
    pos: int
    para: int


@dataclass
class _Event:
    """A source frame, an outlet name or an entity named as a subject, in reading order."""

    pos: int
    kind: str  # "frame", "outlet", "person", "group"
    entity: str | None = None
    witness: str | None = None


class QuoteFinder:
    """Finds direct quotes and reported speech and attributes them.

    Args:
        nlp: the pipeline (unused; spaCy's factory signature).
        name: the component name.
        cues_path: a JSON lexicon replacing the packaged ``data/quote_cues.json``.
    """

    def __init__(self, nlp: Language, name: str, cues_path: str | None = None) -> None:
        self.name = name
        self.cues = load_cues(cues_path)

    def __call__(self, doc: Doc) -> Doc:
        get_list(doc, "sl_quotes").extend(extract_quotes(doc, self.cues))
        return doc


@Language.factory(
    "storyline_quotes",
    requires=["doc._.sl_entities", "token.dep", "token.lemma"],
    assigns=["doc._.sl_quotes"],
    default_config={"cues_path": None},
)
def make_quotes(nlp: Language, name: str, cues_path: str | None) -> QuoteFinder:
    """spaCy factory of :class:`QuoteFinder`."""
    return QuoteFinder(nlp, name, cues_path)


def extract_quotes(doc: Doc, cues: QuoteCues | None = None) -> list[Quote]:
    """Quotes and reported speech of a parsed ``doc``, ids "q1", "q2", ... in text order.

    Args:
        doc: a Doc with a dependency parse; entities come from ``doc._.sl_entities`` and
            ``doc._.sl_entity_spans`` when the entities component ran.
        cues: the lexicons; default the packaged ones.
    """
    return _Extractor(doc, cues or load_cues()).run()


class _Extractor:
    """One pass of quote extraction over one Doc."""

    def __init__(self, doc: Doc, cues: QuoteCues) -> None:
        self.doc = doc
        self.cues = cues
        self.text = doc.text
        self.paragraphs = paragraph_bounds(self.text)
        self.para_starts = [a for a, _ in self.paragraphs]
        self.idxs = [t.idx for t in doc]
        self.entities: dict[str, Entity] = {e.id: e for e in get_list(doc, "sl_entities")}
        self.tok_ent: list[str | None] = [None] * len(doc)
        for start, end, eid in get_list(doc, "sl_entity_spans"):
            span = doc.char_span(start, end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                self.tok_ent[i] = self.tok_ent[i] or eid
        self.in_marks = [False] * len(doc)
        self.in_direct = [False] * len(doc)
        self.in_content = [False] * len(doc)
        # attribution state
        self.outlet: str | None = None
        self.witness: str | None = None
        self.witness_pos = -1
        self.last: _Said | None = None
        self.last_person: _Said | None = None
        self.last_group: _Said | None = None
        self.person_mention: tuple[int, str] | None = None
        self.group_mention: tuple[int, str] | None = None

    # -- pass 1: direct quotes ------------------------------------------------------------

    def run(self) -> list[Quote]:
        marked = [q for q in find_quotes(self.text) if q.depth == 0]
        spans = [self._tokens(q.start, q.end) for q in marked]
        for lo, hi in spans:
            for i in range(lo, hi):
                self.in_marks[i] = True
        directs = [
            c for q, (lo, hi) in zip(marked, spans, strict=True) if (c := self._direct(q, lo, hi))
        ]
        for cand in directs:
            for i in range(cand.lo, cand.hi):
                self.in_direct[i] = True
        indirects = self._indirects(directs)
        for cand in indirects:
            for i in range(cand.lo, cand.hi):
                self.in_content[i] = True
        return self._attribute(directs + indirects)

    def _tokens(self, start: int, end: int) -> tuple[int, int]:
        """Token range covering characters ``[start, end)``."""
        lo = bisect_left(self.idxs, start)
        if lo > 0 and self.idxs[lo - 1] + len(self.doc[lo - 1]) > start:
            lo -= 1
        return lo, max(lo, bisect_left(self.idxs, end))

    def _para(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def _direct(self, q: MarkedQuote, lo: int, hi: int) -> _Candidate | None:
        """A candidate for a marked passage, or None for a scare quote."""
        if hi <= lo:
            return None
        cue, attached = self._direct_cue(q, lo, hi)
        para = self._para(q.open)
        if not attached and self._is_own_sentence(q, para):
            attached = True  # a quoted sentence of its own goes on from the last speaker
        if self._is_scare(q, lo, hi, attached):
            return None
        key = min(q.open, cue.idx) if cue is not None else q.open
        return _Candidate("direct", q.start, q.end, lo, hi, cue, key, self._para(q.end))

    def _is_own_sentence(self, q: MarkedQuote, para: int) -> bool:
        """Does the quote open its paragraph, or open a sentence and end one?"""
        p_start = self.paragraphs[para][0]
        if q.open == p_start:
            return True
        before = self.text[p_start : q.open].rstrip()
        return before[-1:] in _SENTENCE_END and self.text[q.end - 1 : q.end] in _SENTENCE_END

    def _direct_cue(self, q: MarkedQuote, lo: int, hi: int) -> tuple[Token | None, bool]:
        """The cue governing a quote and whether it is attached to it closely."""
        best: tuple[int, Token] | None = None
        for tok in self.doc[lo:hi]:
            node = tok.head
            if tok.is_punct or tok.is_space or lo <= node.i < hi:
                continue
            for steps in range(3):
                if self.in_marks[node.i]:
                    break
                if is_cue(node, self.cues):
                    if best is None or steps < best[0]:
                        best = (steps, node)
                    break
                if node.head.i == node.i:
                    break
                node = node.head
        if best is not None and best[0] <= 1:
            return best[1], True
        frame = self._trailing_cue(q) or self._leading_cue(q)
        if frame is not None:
            return frame, True
        return (best[1], False) if best else (None, False)

    def _trailing_cue(self, q: MarkedQuote) -> Token | None:
        """The cue of a frame right after the closing mark: ``”, he said.``"""
        if q.close is None:
            return None
        p_end = self.paragraphs[self._para(q.end)][1]
        first = bisect_left(self.idxs, q.outer_end)
        for tok in self.doc[first : first + _FRAME_WINDOW]:
            if tok.idx >= p_end or tok.text in _SENTENCE_END or tok.text in _OPENING_MARKS:
                return None
            if self.in_marks[tok.i]:
                return None
            if is_cue(tok, self.cues) and tok.pos_ == "VERB":
                return tok
            if tok.pos_ in ("VERB", "AUX"):
                return None
        return None

    def _leading_cue(self, q: MarkedQuote) -> Token | None:
        """The cue of a frame right before the opening mark: ``She added, “``."""
        p_start = self.paragraphs[self._para(q.open)][0]
        last = bisect_left(self.idxs, q.open) - 1
        for i in range(last, max(-1, last - _FRAME_WINDOW), -1):
            tok = self.doc[i]
            if tok.idx < p_start or tok.text in _SENTENCE_END or self.in_marks[tok.i]:
                return None
            if is_cue(tok, self.cues):
                return tok
            if tok.pos_ in ("VERB", "AUX") and not tok.is_quote:
                return None
        return None

    def _is_scare(self, q: MarkedQuote, lo: int, hi: int, attached: bool) -> bool:
        """A quoted name or term rather than speech: short, not clause-like, or unattached."""
        words = [t for t in self.doc[lo:hi] if not (t.is_punct or t.is_space)]
        has_verb = len(words) >= 2 and any(t.pos_ in ("VERB", "AUX") for t in words)
        utterance = has_verb or self.text[q.end - 1] in ".,!?;:…"
        if len(words) > SCARE_MAX_WORDS:
            return not (utterance or attached)
        return not (utterance and attached)

    # -- pass 2: reported speech ----------------------------------------------------------

    def _indirects(self, directs: list[_Candidate]) -> list[_Candidate]:
        """Reported speech: cues outside direct quotes with a content clause."""
        found: dict[tuple[int, int], _Candidate] = {}
        starts = sorted((c.lo, c.hi) for c in directs)
        for tok in self.doc:
            if self.in_direct[tok.i] or not is_cue(tok, self.cues):
                continue
            content = content_of(tok, self.cues)
            if content is None:
                continue
            lo, hi, root = content
            if self.in_direct[root.i] or (
                root.i != tok.i and is_cue(root, self.cues) and content_of(root, self.cues)
            ):
                continue  # the content is a direct quote, or more reported speech
            span = self._cut_at_direct(lo, hi, starts)
            if span is None or (lo, hi) in found:
                continue
            lo, hi = span
            start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
            key = min(tok.idx, start)
            found[(lo, hi)] = _Candidate(
                "indirect", start, end, lo, hi, tok, key, self._para(end), root
            )
        return list(found.values())

    def _cut_at_direct(
        self, lo: int, hi: int, directs: list[tuple[int, int]]
    ) -> tuple[int, int] | None:
        """The content ``[lo, hi)`` without a direct quote coordinated at its end, or None."""
        for d_lo, d_hi in directs:
            if d_hi <= lo or d_lo >= hi:
                continue
            if d_lo <= lo:
                return None
            top = next(
                (t for t in self.doc[d_lo:d_hi] if not (d_lo <= t.head.i < d_hi)), self.doc[d_lo]
            )
            if top.dep_ != "conj":
                return None
            cut = trim_span(self.doc, lo, d_lo)
            if cut is None or cut[1] - cut[0] < 3:
                return None
            return cut
        return (lo, hi) if hi - lo >= 2 else None

    # -- pass 3: attribution --------------------------------------------------------------

    def _attribute(self, candidates: list[_Candidate]) -> list[Quote]:
        events = self._events()
        order: list[tuple[int, int, _Event | _Candidate]] = [(e.pos, 0, e) for e in events]
        order += [(c.key, 1, c) for c in candidates]
        order.sort(key=lambda item: (item[0], item[1]))
        done: list[tuple[_Candidate, Quote]] = []
        for _, _, item in order:
            if isinstance(item, _Event):
                self._apply_event(item)
            else:
                done.append((item, self._resolve(item)))
        done.sort(key=lambda pair: (pair[1].start, pair[1].end))
        return [
            Quote(
                id=f"q{n}",
                kind=q.kind,
                start=q.start,
                end=q.end,
                text=q.text,
                speaker=q.speaker,
                cue=q.cue,
                anonymous=q.anonymous,
                via=q.via,
                certainty=q.certainty,
                hedge=q.hedge,
            )
            for n, (_, q) in enumerate(done, 1)
        ]

    def _events(self) -> list[_Event]:
        """Source frames, outlet names and named subjects outside quotes, in text order."""
        events: list[_Event] = []
        cues = self.cues
        for tok in self.doc:
            if self.in_direct[tok.i]:
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in cues.frame_verbs:
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    outlet = self._np_entity(subj, OUTLET_LABELS)
                    if outlet or is_outlet_nominal(subj, cues):
                        events.append(_Event(subj.idx, "frame", outlet, self._witness(tok)))
            elif lemma in cues.outlet_nouns and tok.pos_ == "NOUN":
                outlet = self._np_entity(tok, OUTLET_LABELS)
                if outlet:
                    events.append(_Event(tok.idx, "outlet", outlet))
            eid = self.tok_ent[tok.i]
            if eid and tok.dep_ in ("nsubj", "nsubjpass") and not self.in_content[tok.i]:
                label = self.entities[eid].label if eid in self.entities else ""
                if label == "PERSON":
                    events.append(_Event(tok.idx, "person", eid))
                elif label in GROUP_LABELS:
                    events.append(_Event(tok.idx, "group", eid))
        return events

    def _witness(self, verb: Token) -> str | None:
        """The person an outlet's report is about: "published a report on X"."""
        objects = self.cues.frame_objects
        heads = [verb] + [
            c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in objects
        ]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in self.cues.witness_preps:
                    continue
                for obj in prep.children:
                    eid = self.tok_ent[obj.i]
                    if obj.dep_ == "pobj" and eid and self._label(eid) == "PERSON":
                        return eid
        return None

    def _apply_event(self, event: _Event) -> None:
        if event.kind == "frame":
            outlet = event.entity or self.outlet
            if outlet:
                self.outlet = outlet
                self.witness = event.witness
                self.witness_pos = event.pos if event.witness else -1
        elif event.kind == "outlet" and event.entity != self.outlet:
            self.outlet, self.witness, self.witness_pos = event.entity, None, -1
        elif event.kind == "person" and event.entity:
            self.person_mention = (event.pos, event.entity)
        elif event.kind == "group" and event.entity:
            self.group_mention = (event.pos, event.entity)

    def _resolve(self, cand: _Candidate) -> Quote:
        """Attribute one candidate and remember its speaker."""
        para = cand.para
        speaker: Speaker | None = None
        anonymous = False
        category = "person"
        via: list[str] = []
        hedge: str | None = None
        cue_words: str | None = None
        if cand.cue is not None:
            cue_words = cue_text(cand.cue, self.cues)
            who = speaker_token(cand.cue, self.cues)
            if who is not None:
                speaker, anonymous, category = self._speaker(who, cand.key)
            for outer in outer_cues(cand.cue, self.cues):
                outer_who = speaker_token(outer, self.cues)
                if outer_who is not None:
                    eid = self._speaker(outer_who, cand.key)[0].entity
                    if eid:
                        via.append(eid)
                if hedge is None and is_hedge(outer, self.cues):
                    hedge = cue_text(outer, self.cues)
            via.extend(self._extra_sources(cand.cue))
            if is_hedge(cand.cue, self.cues):
                hedge = cue_words
        elif (introduced := self._colon_speaker(cand)) is not None:
            speaker, anonymous, category = introduced
        elif self.last is not None and para - self.last.para <= CONTINUATION_PARAGRAPHS:
            speaker, anonymous = self.last.speaker, self.last.anonymous
            category, via = self.last.category, list(self.last.via)
        own = speaker.entity if speaker else None
        if own and own == self.witness and self.outlet:
            via.insert(0, self.outlet)
        if cand.root is not None and hedge is None:
            hedge = hedge_in(self.doc, cand.lo, cand.hi, self.cues, cand.root)
        chain = tuple(dict.fromkeys(v for v in via if v != own))
        certainty: Certainty = "reported"
        if hedge:
            certainty = "hedged"
        elif own and own == self.outlet and not chain:
            certainty = "asserted"
        if speaker is not None:
            said = _Said(speaker, anonymous, chain, category, cand.key, para)
            self.last = said
            if category == "person":
                self.last_person = said
            elif category == "group":
                self.last_group = said
        return Quote(
            id="",
            kind=cand.kind,
            start=cand.start,
            end=cand.end,
            text=self.text[cand.start : cand.end],
            speaker=speaker,
            cue=cue_words,
            anonymous=anonymous,
            via=chain,
            certainty=certainty,
            hedge=hedge,
        )

    def _colon_speaker(self, cand: _Candidate) -> tuple[Speaker, bool, str] | None:
        """The speaker a colon introduces: "Minister Jane Roe: “...”", "X wrote: “..."."""
        if cand.kind != "direct":
            return None
        before = self.text[: cand.start].rstrip().rstrip(QUOTE_OPENERS).rstrip()
        if not before.endswith(":"):
            return None
        colon = len(before) - 1
        k = bisect_right(self.idxs, colon) - 1
        if k < 0 or self._para(self.idxs[k]) != cand.para:
            return None
        sent = self.doc[k].sent
        subject = next((t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i < k and subject.tag_ != "PRP":
            speaker = self._speaker(subject, cand.key)
            if speaker[0].entity:
                return speaker
        people = [
            (start, eid)
            for start, end, eid in get_list(self.doc, "sl_entity_spans")
            if sent.start_char <= start and end <= colon and self._label(eid) == "PERSON"
        ]
        if not people:
            # a name the model did not tag: the capitalised proper nouns before the colon
            tail = [t for t in self.doc[max(sent.start, k - 2) : k] if t.pos_ == "PROPN"]
            if len(tail) == 2 and all(t.is_title for t in tail) and tail[-1].i == k - 1:
                name = f"{tail[0].text} {tail[1].text}"
                return Speaker(self._entity_named(name), name, name), False, "person"
            return None
        start, eid = max(people)
        return Speaker(eid, self.entities[eid].name, self.entities[eid].name), False, "person"

    def _extra_sources(self, cue: Token) -> list[str]:
        """Outer sources named around the cue: "told the newspaper", "Y quoted X as saying"."""
        found: list[str] = []
        objects = [c for c in cue.children if c.dep_ in ("dative", "dobj")]
        for prep in cue.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                objects.extend(prep.children)
        for obj in objects:
            if is_outlet_nominal(obj, self.cues) and self.outlet:
                found.append(self.outlet)
            elif (eid := self._np_entity(obj, OUTLET_LABELS)) and eid == self.outlet:
                found.append(eid)
        head = cue.head
        if head.lower_ == self.cues.quote_prep and head.head.lemma_.lower() == self.cues.quote_verb:
            subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and (eid := self._speaker(subj, cue.idx)[0].entity):
                found.insert(0, eid)
        return found

    def _speaker(self, who: Token, pos: int) -> tuple[Speaker, bool, str]:
        """Speaker record, anonymity and category ("person", "group", "outlet") of ``who``."""
        cues = self.cues
        low = who.lower_
        if who.tag_ == "PRP" or low in cues.singular_pronouns | cues.plural_pronouns:
            return self._pronoun(who)
        lo, hi = speaker_np(who)
        words = self.doc[lo:hi].text
        bare = self._without_determiner(lo, hi)
        eid = self._np_entity(who)
        if eid:
            category = "person" if self._label(eid) == "PERSON" else "group"
            if eid == self.outlet:
                category = "outlet"
            return Speaker(eid, words, self.entities[eid].name), False, category
        if eid is None and who.pos_ == "PROPN":
            # the model missed this mention of a name it found elsewhere ("Jobs" said)
            eid = self._entity_named(bare)
            if eid:
                category = "person" if self._label(eid) == "PERSON" else "group"
                return Speaker(eid, words, self.entities[eid].name), False, category
        if is_outlet_nominal(who, cues):
            if self.outlet:
                return Speaker(self.outlet, words, self.entities[self.outlet].name), False, "outlet"
            return Speaker(None, words, bare), False, "outlet"
        plural = who.tag_ in ("NNS", "NNPS")
        category = "group" if plural else "person"
        anonymous = who.lemma_.lower() in cues.anonymous_nouns or low in cues.anonymous_nouns
        return Speaker(None, words, bare), anonymous, category

    def _entity_named(self, text: str) -> str | None:
        """The entity that goes by ``text`` elsewhere: one of its names, or a person's surname."""
        key = text.casefold()
        for eid, ent in self.entities.items():
            names = {m.text.casefold() for m in ent.mentions} | {ent.name.casefold()}
            if key in names:
                return eid
        surnames = [
            eid
            for eid, ent in self.entities.items()
            if ent.label == "PERSON"
            and len(ent.name.split()) > 1
            and ent.name.split()[-1].casefold() == key
        ]
        return surnames[0] if len(surnames) == 1 else None

    def _pronoun(self, who: Token) -> tuple[Speaker, bool, str]:
        """Resolve "he", "she", "they", "it" to the speaker or name they most likely stand for."""
        low = who.lower_
        said: _Said | None = None
        mention: tuple[int, str] | None = None
        category = "person"
        if low in self.cues.singular_pronouns:
            said, mention = self.last_person, self.person_mention
            if self.witness and (mention is None or self.witness_pos > mention[0]):
                mention = (self.witness_pos, self.witness)
        elif low in self.cues.plural_pronouns:
            said, mention, category = self.last_group, self.group_mention, "group"
        elif low in self.cues.neuter_pronouns:
            category = "outlet" if self.outlet else "group"
            mention = (0, self.outlet) if self.outlet else self.group_mention
        if said is not None and (mention is None or said.pos >= mention[0]):
            resolved = said.speaker
            return Speaker(resolved.entity, who.text, resolved.name), said.anonymous, said.category
        if mention is not None and mention[1] in self.entities:
            return Speaker(mention[1], who.text, self.entities[mention[1]].name), False, category
        return Speaker(None, who.text, who.text), False, category

    def _np_entity(self, tok: Token, labels: frozenset[str] | None = None) -> str | None:
        """The entity a noun phrase head names: itself, a compound of it, or its apposition."""
        options = [tok] + [c for c in tok.children if c.dep_ in ("compound", "appos")]
        for option in options:
            eid = self.tok_ent[option.i]
            if eid and (labels is None or self._label(eid) in labels):
                return eid
        return None

    def _label(self, eid: str) -> str:
        entity = self.entities.get(eid)
        return entity.label if entity else ""

    def _without_determiner(self, lo: int, hi: int) -> str:
        """The phrase ``[lo, hi)`` without a leading determiner: "intelligence official"."""
        while lo < hi - 1 and self.doc[lo].lower_ in self.cues.determiners:
            lo += 1
        return self.doc[lo:hi].text


__all__ = ["QuoteFinder", "extract_quotes", "make_quotes"]
