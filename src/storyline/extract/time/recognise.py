"""Recognition: the time expressions of a parsed text.

The model's DATE/TIME entities are joined with storyline's own patterns
(``data/time_expressions.json``: weekdays, "mid-September", "the weekend", "four years
ago", "in 2014", ranges ...); ages and plain numbers are dropped, and leading
prepositions trimmed.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

from ...records import TimeNormalizer

TIME_LABELS = frozenset({"DATE", "TIME"})
_NUMBER = re.compile(r"[\d.,\s]+|(?:\w+-)?\w+")
YEARLIKE = re.compile(r"(?:1[5-9]|20)\d\d")
_AGE = re.compile(r"\d+\s*-?\s*years?\s*-?\s*old|(?:early|mid|late)?[\s-]*\d0'?s", re.IGNORECASE)


class TimeRecogniser:
    """Find the time expressions of a ``Doc`` with the model's entities and the grammar."""

    def __init__(self, normalizer: TimeNormalizer) -> None:
        self.normalizer = normalizer
        self.set_adverbs = frozenset(normalizer.words("set_adverbs"))
        self.age_cues = frozenset(normalizer.words("age_cues"))
        self.number_words = frozenset(normalizer.words("numbers"))
        leading = "|".join(re.escape(w) for w in normalizer.words("leading_words"))
        self.leading = re.compile(r"^(?:" + leading + r")\s+", re.IGNORECASE)

    def match(self, doc: Doc) -> list[Span]:
        """The time expressions of ``doc``, in text order, without overlaps."""
        candidates: list[tuple[int, int, bool]] = []  # token start, end, found by our patterns
        for ent in doc.ents:
            if ent.label_ in TIME_LABELS and not self.is_number_or_age(ent):
                candidates.append((ent.start, ent.end, False))
        for start, end, _kind in self.normalizer.find(doc.text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                candidates.append((span.start, span.end, True))
        for token in doc:
            if token.lower_ in self.set_adverbs and token.pos_ == "ADV":
                candidates.append((token.i, token.i + 1, True))
        merged: list[list[Any]] = []
        for start, end, ours in sorted(candidates):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
                merged[-1][2] = merged[-1][2] or ours
            else:
                merged.append([start, end, ours])
        spans = []
        for start, end, ours in _split_at_commas(doc, merged):
            span = self.trim(doc[start:end])
            if span is None or self.is_number_or_age(span):
                continue
            if not ours and not self.normalizer.looks_like_time(span.text):
                continue  # a model DATE that is no time: "A380-800", "1.1.1"
            spans.append(span)
        return spans

    def trim(self, span: Span) -> Span | None:
        """Drop leading prepositions and punctuation, and a trailing possessive or punctuation."""
        doc = span.doc
        while len(span):
            first = span[0]
            if first.is_punct or first.is_space:
                span = doc[span.start + 1 : span.end]
                continue
            m = self.leading.match(span.text)
            if m is None:
                break
            cut = doc.char_span(span.start_char + m.end(), span.end_char, alignment_mode="contract")
            if cut is None or cut.start == span.start:
                break
            span = cut
        while len(span) and (span[-1].is_punct or span[-1].is_space or span[-1].tag_ == "POS"):
            span = doc[span.start : span.end - 1]
        return span if len(span) and any(c.isalnum() for c in span.text) else None

    def is_number_or_age(self, span: Span) -> bool:
        """A plain number ("53" after a name, "500") or an age ("53-year-old", "aged 53")."""
        text = span.text.strip()
        low = text.lower()
        if _NUMBER.fullmatch(low) and (
            low.replace(",", "").strip().isdigit() or low in self.number_words
        ):
            return not YEARLIKE.fullmatch(low.strip())
        if re.match(r"(?:the )?ages? of\b", low):
            return True
        if _AGE.fullmatch(low):
            before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            if "old" in low or before in ("his", "her", "their", "aged", "age"):
                return True
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        after = span.doc[span.end : span.end + 2].text.lower()
        if before in self.age_cues and span[0].like_num:
            return True
        return bool(re.match(r"-?\s*old\b", after)) and span[-1].lower_.startswith("year")


def _split_at_commas(doc: Doc, merged: list[list[Any]]) -> list[tuple[int, int, bool]]:
    """Split spans such as "June 17, two days later" at commas not followed by a year."""
    out: list[tuple[int, int, bool]] = []
    for start, end, ours in merged:
        cut = start
        for i in range(start + 1, end - 1):
            if doc[i].text == "," and not YEARLIKE.fullmatch(doc[i + 1].text):
                out.append((cut, i, ours))
                cut = i + 1
        out.append((cut, end, ours))
    return out


__all__ = ["TIME_LABELS", "TimeRecogniser"]
