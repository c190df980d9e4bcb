"""Speakers: names, pronouns, outlet nominals, colon introductions, outer sources and the
events (source frames, outlet names, named subjects) that the memory follows."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from ...records import Speaker
from ..attribution import is_outlet_nominal, speaker_np
from ..extensions import get_list, token_table
from .base import (
    GROUP_LABELS,
    OUTLET_LABELS,
    QUOTE_OPENERS,
    ExtractorBase,
    _Candidate,
    _Event,
    _Said,
)

#: marks that may close a quote, stripped before looking for a dash after it
QUOTE_CLOSERS = "\"'”‟»›’`"
#: the dashes that set a name after a quote as its source, as under an epigraph
ATTRIBUTION_DASHES = "―—"


class SpeakerResolver(ExtractorBase):
    """Who a cue's subject, a pronoun or a colon introduction stands for."""

    def _events(self) -> list[_Event]:
        """Source frames, outlet names and named subjects outside quotes, in text order."""
        events: list[_Event] = []
        cues = self.cues
        table = token_table(self.doc)
        for i, (lemma, pos, dep) in enumerate(zip(table.lemma, table.pos, table.dep, strict=True)):
            # only the tokens one of the three tests below can take are made into Tokens
            if self.in_direct[i] or not (
                (pos == "VERB" and lemma in cues.frame_verbs)
                or (pos == "NOUN" and lemma in cues.outlet_nouns)
                or (self.tok_ent[i] and dep in ("nsubj", "nsubjpass"))
            ):
                continue
            tok = self.doc[i]
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

    def _colon_speaker(self, cand: _Candidate) -> tuple[Speaker, bool, str] | None:
        """The speaker a colon introduces: "Minister Jane Roe: “...”", "X wrote: “..."."""
        if cand.kind != "direct":
            return None
        before = self.text[: cand.start].rstrip().rstrip(QUOTE_OPENERS).rstrip()
        if not before.endswith(":"):
            return None
        colon = len(before) - 1
        k = bisect_right(self.idxs, colon) - 1
        first = self._para(cand.start)
        if k < 0 or self._para(self.idxs[k]) not in (first - 1, first, cand.para):
            return None  # the colon ends the quote's first paragraph or the one before it
        sent = self.doc[k].sent
        subject = next((t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i < k and subject.tag_ != "PRP":
            speaker = self._speaker(subject, cand.key)
            if speaker[0].entity:
                return speaker
        people = [
            (start, end, eid)
            for start, end, eid in get_list(self.doc, "sl_entity_spans")
            if sent.start_char <= start and end <= colon and self._label(eid) == "PERSON"
        ]
        if not people:
            # a name the model did not tag: the capitalised proper nouns before the colon
            tail = [t for t in self.doc[max(sent.start, k - 2) : k] if t.pos_ == "PROPN"]
            if len(tail) == 2 and all(t.is_title for t in tail) and tail[-1].i == k - 1:
                name = f"{tail[0].text} {tail[1].text}"
                at = (tail[0].idx, tail[1].idx + len(tail[1]))
                return Speaker(self._entity_named(name), name, name, *at), False, "person"
            return None
        start, end, eid = max(people)
        name = self.entities[eid].name
        return Speaker(eid, self.text[start:end], name, start, end), False, "person"

    def _dash_speaker(self, cand: _Candidate) -> tuple[Speaker, bool, str] | None:
        """The name a dash sets after a quote, as under an epigraph: "“...” ― Jane Roe"."""
        if cand.kind != "direct":
            return None
        rest = self.text[cand.end : cand.end + 200]
        after = rest.lstrip(QUOTE_CLOSERS + " \u00a0\t.,")
        if not after or after[0] not in ATTRIBUTION_DASHES:
            return None
        at = cand.end + len(rest) - len(after) + 1
        at += len(self.text[at : at + 10]) - len(self.text[at : at + 10].lstrip(" \u00a0\t"))
        for start, end, eid in get_list(self.doc, "sl_entity_spans"):
            if start == at and self._label(eid) in ("PERSON", *GROUP_LABELS):
                category = "person" if self._label(eid) == "PERSON" else "group"
                name = self.entities[eid].name
                return Speaker(eid, self.text[start:end], name, start, end), False, category
        k = bisect_right(self.idxs, at) - 1
        if k < 0 or self.doc[k].idx != at:
            return None
        run: list[Token] = []
        for tok in self.doc[k : k + 5]:
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.is_sent_start and run:
                break
            run.append(tok)
        if len(run) < 2:
            return None
        start, end = run[0].idx, run[-1].idx + len(run[-1])
        name = self.text[start:end]
        return Speaker(self._entity_named(name), name, name, start, end), False, "person"

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
        at = (self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1]))
        bare = self._without_determiner(lo, hi)
        eid = self._speaker_entity(who)
        if eid:
            category = "person" if self._label(eid) == "PERSON" else "group"
            if eid == self.outlet:
                category = "outlet"
            return Speaker(eid, words, self.entities[eid].name, *at), False, category
        if eid is None and who.pos_ == "PROPN":
            # the model missed this mention of a name it found elsewhere ("Jobs" said)
            eid = self._entity_named(bare)
            if eid:
                category = "person" if self._label(eid) == "PERSON" else "group"
                return Speaker(eid, words, self.entities[eid].name, *at), False, category
        if is_outlet_nominal(who, cues):
            if self.outlet:
                return (
                    Speaker(self.outlet, words, self.entities[self.outlet].name, *at),
                    False,
                    "outlet",
                )
            return Speaker(None, words, bare, *at), False, "outlet"
        plural = who.tag_ in ("NNS", "NNPS")
        category = "group" if plural else "person"
        anonymous = who.lemma_.lower() in cues.anonymous_nouns or low in cues.anonymous_nouns
        return Speaker(None, words, bare, *at), anonymous, category

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
        at = (who.idx, who.idx + len(who))
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
            return (
                Speaker(resolved.entity, who.text, resolved.name, *at),
                said.anonymous,
                said.category,
            )
        if mention is not None and mention[1] in self.entities:
            return (
                Speaker(mention[1], who.text, self.entities[mention[1]].name, *at),
                False,
                category,
            )
        return Speaker(None, who.text, who.text, *at), False, category
