"""Pass 2: reported speech, reporting cues with their content clauses."""

from __future__ import annotations

from ..attribution import content_of, is_cue, trim_span
from .base import ExtractorBase, _Candidate


class ReportedPass(ExtractorBase):
    """Reported-speech candidates outside the direct quotes."""

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
