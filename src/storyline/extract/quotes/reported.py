"""Pass 2: reported speech, reporting cues with their content clauses, and the claims of
"Name: claim" lines."""

from __future__ import annotations

from ..attribution import content_of, is_cue, trim_span
from ..extensions import get_list
from .base import ExtractorBase, _Candidate

#: the most characters a person's name may take before the colon of a "Name: claim" line
HEADLINE_NAME_CHARS = 40


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
        taken = list(found)
        for cand in self._headline_claims():
            if not any(lo < cand.hi and cand.lo < hi for lo, hi in taken):
                found[(cand.lo, cand.hi)] = cand
        return list(found.values())

    def _headline_claims(self) -> list[_Candidate]:
        """A paragraph that opens with a person's name and a colon ("Jane Roe: the dam will
        hold", as headlines put it) is what that person claims: the rest of its first
        sentence, unless a quotation mark opens it (a direct quote, which the colon's speaker
        rule attributes) or it holds a direct quote."""
        people = {
            start: end
            for start, end, eid in get_list(self.doc, "sl_entity_spans")
            if self._label(eid) == "PERSON"
        }
        found: list[_Candidate] = []
        for p_start, p_end in self.paragraphs:
            line = self.text[p_start:p_end]
            at = p_start + len(line) - len(line.lstrip())
            end = people.get(at)
            if end is None or end - at > HEADLINE_NAME_CHARS or self.text[end : end + 1] != ":":
                continue
            lo, hi = self._tokens(end + 1, p_end)
            span = trim_span(self.doc, lo, min(hi, self.doc[lo].sent.end)) if lo < hi else None
            if span is None or span[1] - span[0] < 3:
                continue
            lo, hi = span
            if self.in_marks[lo] or any(self.in_direct[i] for i in range(lo, hi)):
                continue
            who = self.doc[self._tokens(at, end)[1] - 1]
            start, stop = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
            root = next((t for t in self.doc[lo:hi] if not lo <= t.head.i < hi), self.doc[lo])
            found.append(
                _Candidate("indirect", start, stop, lo, hi, None, at, self._para(stop), root, who)
            )
        return found

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
