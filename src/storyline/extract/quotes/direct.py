"""Pass 1: direct quotes from the quotation marks, minus scare quotes."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from ..attribution import content_of, is_cue
from ..quote_marks import MarkedQuote
from .base import (
    _FRAME_WINDOW,
    _OPENING_MARKS,
    _SENTENCE_END,
    PARTIAL_MIN_WORDS,
    SCARE_MAX_WORDS,
    ExtractorBase,
    _Candidate,
)


class DirectPass(ExtractorBase):
    """Direct quote candidates and the cues that govern them."""

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

    def _widened(self, directs: list[_Candidate]) -> list[_Candidate]:
        """The direct quotes, each partial one widened to the clause its cue reports."""
        return [self._partial(cand) or cand for cand in directs]

    def _partial(self, cand: _Candidate) -> _Candidate | None:
        """A quote inside the clause its own cue reports ('said the plan “has failed”'), with
        words of that clause outside quotation marks, no other quote in it and all in one
        paragraph, is a partial quote: one attribution, whose content is the whole clause."""
        cue = cand.cue
        span = content_of(cue, self.cues) if cue is not None else None
        if cue is None or span is None:
            return None
        lo, hi, root = span
        if not (lo <= cand.lo and cand.hi <= hi + 1):
            return None
        marks = self.in_marks
        opened = sum(marks[i] and (i == lo or not marks[i - 1]) for i in range(lo, hi))
        own = sum(not (marks[t.i] or t.is_punct or t.is_space) for t in self.doc[lo:hi])
        start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
        if opened != 1 or own < PARTIAL_MIN_WORDS or self._para(start) != self._para(end):
            return None
        key = min(start, cue.idx)
        return _Candidate("direct", start, end, lo, hi, cue, key, self._para(end), root)
