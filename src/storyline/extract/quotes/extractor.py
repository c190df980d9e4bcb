"""One pass of quote extraction over one Doc: the three passes in order."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ...records import Certainty, Quote, Speaker
from ..attribution import cue_text, hedge_in, is_hedge, is_relative, outer_cues, speaker_token
from ..quote_marks import find_quotes
from .base import CONTINUATION_PARAGRAPHS, _Candidate, _Event, _Said
from .combine import LearnedPass
from .direct import DirectPass
from .reported import ReportedPass
from .speakers import SpeakerResolver


class Extractor(DirectPass, ReportedPass, LearnedPass, SpeakerResolver):
    """One pass of quote extraction over one Doc."""

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
        directs = self._widened(directs)
        if self.learned:
            directs, indirects = self._with_learned(directs, indirects)
        for cand in indirects:
            for i in range(cand.lo, cand.hi):
                self.in_content[i] = True
        return self._attribute(directs + indirects)

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
            who = speaker_token(cand.cue, self.cues) or cand.who
            if who is not None:
                speaker, anonymous, category = self._speaker(who, cand.key)
                stand = speaker_token(cand.cue, self.cues, relative=False)
                if stand is not None and stand.i != who.i and is_relative(stand):
                    speaker = self._relative_speaker(speaker, stand)
            inner: tuple[Speaker, bool, str] | None = None
            for outer in outer_cues(cand.cue, self.cues):
                outer_who = speaker_token(outer, self.cues)
                if outer_who is not None:
                    inner = self._speaker(outer_who, cand.key)
                    if inner[0].entity:
                        via.append(inner[0].entity)
                if hedge is None and is_hedge(outer, self.cues):
                    hedge = cue_text(outer, self.cues)
            if inner is not None and who is not None and who.lower_ in self.cues.neuter_pronouns:
                # "X said it would show that ...": the thing shows, X says so
                speaker, anonymous, category = inner
            via.extend(self._extra_sources(cand.cue))
            if is_hedge(cand.cue, self.cues):
                hedge = cue_words
        elif cand.who is not None:
            speaker, anonymous, category = self._speaker(cand.who, cand.key)
        elif (introduced := self._colon_speaker(cand)) is not None:
            speaker, anonymous, category = introduced
        elif (signed := self._dash_speaker(cand)) is not None:
            speaker, anonymous, category = signed
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
        if speaker is not None and not cand.learned:
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

    @staticmethod
    def _relative_speaker(speaker: Speaker, pronoun: Token) -> Speaker:
        """The speaker as its relative pronoun ("who" of "officials, who said") stands for
        it: the words and place of the pronoun, the name and entity of its antecedent."""
        start = pronoun.idx
        return replace(speaker, text=pronoun.text, start=start, end=start + len(pronoun))
