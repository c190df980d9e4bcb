"""Pass 2b: the learned model's contents beside the rules' quotes.

The rules keep what they measure better at: a direct quote (its marks, scare quotes, quotes
left open or running over paragraphs) stays as the rules found it, and so does a rule's
reported clause. A learned content adds an attribution where the rules found none; one that
holds a single direct quote and is more than twice its length is a partial quote ('said the
plan was "dead on arrival"'), and replaces that quote by the whole reported clause. A learned
content never swallows two quotes and never runs past its paragraph.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..attribution import speaker_token, trim_span
from .base import ExtractorBase, _Candidate
from .learned import Tagged, tag_doc

#: a learned content shorter than this (words) is left out: too often a stray noun phrase
MIN_WORDS = 3
#: the links a content's head has to the rest of its sentence when it is what someone said
#: (a complement); a subject, a modifier or an apposition the model tagged is a stray phrase
COMPLEMENT_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "pobj", "pcomp", "prep", "oprd", "acl", "conj", "ROOT", "punct"}
)


class LearnedPass(ExtractorBase):
    """Candidates of the learned model, combined with the rules' candidates."""

    def _with_learned(
        self, directs: list[_Candidate], indirects: list[_Candidate]
    ) -> tuple[list[_Candidate], list[_Candidate]]:
        tagged = tag_doc(self.doc, self.cues, self.in_marks)
        directs = list(directs)
        added: list[_Candidate] = []
        for lo, hi in tagged.contents:
            span = trim_span(self.doc, lo, hi)
            if span is None or self._words(*span) < MIN_WORDS:
                continue
            lo, hi = span
            if self._para(self.doc[lo].idx) != self._para(self.doc[hi - 1].idx):
                continue
            inside = [d for d in directs if d.lo < hi and lo < d.hi]
            if inside:
                if len(inside) == 1 and self._is_partial(inside[0], lo, hi):
                    directs[directs.index(inside[0])] = self._candidate(
                        lo, hi, tagged, "direct", inside[0].cue
                    )
                continue
            if any(r.lo < hi and lo < r.hi for r in indirects + added):
                continue
            cand = self._candidate(lo, hi, tagged, "indirect", None)
            if self._attributed(cand, tagged):
                cand.learned = True
                added.append(cand)
        return directs, indirects + added

    def _attributed(self, cand: _Candidate, tagged: Tagged) -> bool:
        """Is a learned content someone's: a complement with a speaker, the subject of a cue
        the model tagged or a source the model tagged? A content with no one to say it is,
        on PolNeAR, wrong more often than right; one with a tagged source but no cue found for
        it (it hangs from a preposition: "called for X", "talked to her about X") is right
        about two times in three, as often as the rest."""
        if cand.root is None or cand.root.dep_ not in COMPLEMENT_DEPS:
            return False
        cue = cand.cue
        if cue is None:
            return cand.who is not None
        if not any(a <= cue.i < b for a, b in tagged.cues):
            return False
        return cand.who is not None or speaker_token(cue, self.cues) is not None

    def _words(self, lo: int, hi: int) -> int:
        return sum(not (t.is_punct or t.is_space) for t in self.doc[lo:hi])

    def _is_partial(self, direct: _Candidate, lo: int, hi: int) -> bool:
        """Does the learned ``[lo, hi)`` hold all of ``direct``, twice as much again, and no
        other quoted passage (a scare quote the rules left out is a quote all the same), and
        not the quote's own cue (a cue reports a clause, it does not stand in it: "Crowds
        marched, chanting “...”" is the quote alone)?"""
        if not (lo <= direct.lo and direct.hi <= hi + 1 and 2 * (direct.hi - direct.lo) < hi - lo):
            return False
        if direct.cue is not None and lo <= direct.cue.i < hi:
            return False
        marks = self.in_marks
        opened = sum(marks[i] and (i == lo or not marks[i - 1]) for i in range(lo, hi))
        return opened <= 1

    def _candidate(
        self, lo: int, hi: int, tagged: Tagged, kind: str, cue: Token | None
    ) -> _Candidate:
        doc = self.doc
        root = next((t for t in doc[lo:hi] if not lo <= t.head.i < hi), doc[lo])
        cue = cue or self._learned_cue(lo, hi, root, tagged)
        who = self._learned_source(lo, hi, tagged)
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        key = min(start, cue.idx) if cue is not None else start
        return _Candidate(
            "direct" if kind == "direct" else "indirect",
            start,
            end,
            lo,
            hi,
            cue,
            key,
            self._para(end),
            root,
            who,
        )

    def _learned_cue(self, lo: int, hi: int, root: Token, tagged: Tagged) -> Token | None:
        """The cue the model tagged next to the content in its sentence, else its governor."""
        sent = self.doc[lo].sent
        best: tuple[int, Token] | None = None
        for c_lo, c_hi in tagged.cues:
            if c_hi <= sent.start or c_lo >= sent.end or (lo <= c_lo < hi):
                continue
            head = next((t for t in self.doc[c_lo:c_hi] if not c_lo <= t.head.i < c_hi), None)
            if head is None:
                continue
            gap = lo - c_hi if c_hi <= lo else c_lo - hi
            rank = 0 if root.head.i == head.i else 1 + max(gap, 0)
            if best is None or rank < best[0]:
                best = (rank, head)
        if best is not None:
            return best[1]
        governor = root.head
        if governor.i != root.i and not lo <= governor.i < hi and governor.pos_ == "VERB":
            return governor
        return None

    def _learned_source(self, lo: int, hi: int, tagged: Tagged) -> Token | None:
        """The root of the nearest source the model tagged in the content's sentence."""
        sent = self.doc[lo].sent
        best: tuple[int, Token] | None = None
        for s_lo, s_hi in tagged.sources:
            if s_hi <= sent.start or s_lo >= sent.end or (lo <= s_lo < hi):
                continue
            head = next((t for t in self.doc[s_lo:s_hi] if not s_lo <= t.head.i < s_hi), None)
            gap = lo - s_hi if s_hi <= lo else s_lo - hi
            if head is not None and (best is None or gap < best[0]):
                best = (gap, head)
        return best[1] if best else None
