"""Recognition: the time expressions of a parsed text.

The model's DATE/TIME entities are joined with storyline's own patterns
(``data/time_expressions.json``: weekdays, "mid-September", "the weekend", "four years
ago", "in 2014", ranges ...); ages and plain numbers are dropped, and leading
prepositions trimmed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from ...records import TimeNormalizer
from ..extensions import doc_text, token_table

TIME_LABELS = frozenset({"DATE", "TIME"})
_NUMBER = re.compile(r"[\d.,\s]+|(?:\w+-)?\w+")
YEARLIKE = re.compile(r"(?:1[5-9]|20)\d\d")
_AGE = re.compile(r"\d+\s*-?\s*years?\s*-?\s*old|(?:early|mid|late)?[\s-]*\d0'?s", re.IGNORECASE)


class TimeRecogniser:
    """Find the time expressions of a ``Doc`` with the model's entities and the grammar."""

    def __init__(self, normalizer: TimeNormalizer) -> None:
        self.normalizer = normalizer
        self.set_adverbs = frozenset(normalizer.words("set_adverbs"))
        self.set_adjectives = frozenset(normalizer.words("set_adjectives"))
        self.age_cues = frozenset(normalizer.words("age_cues"))
        self.markers = frozenset(normalizer.words("discourse_markers"))
        self.number_words = frozenset(normalizer.words("numbers"))
        self.weekdays = frozenset(normalizer.words("weekdays"))
        self.seasons = frozenset(normalizer.words("seasons"))
        self.units = frozenset(w for w in normalizer.words("units") if not w.endswith("s"))
        self.months = frozenset(m.rstrip(".") for m in normalizer.words("months"))
        leading = "|".join(re.escape(w) for w in normalizer.words("leading_words"))
        self.leading = re.compile(r"^(?:" + leading + r")\s+", re.IGNORECASE)
        separators = sorted(normalizer.words("range_separators"), key=len, reverse=True)
        self.separator = re.compile(
            r"\s*(?<![\w-])(?:" + "|".join(re.escape(w) for w in separators) + r")(?![\w-])\s*",
            re.IGNORECASE,
        )

    def match(self, doc: Doc) -> list[Span]:
        """The time expressions of ``doc``, in text order, without overlaps."""
        candidates: list[tuple[int, int, bool]] = []  # token start, end, found by our patterns
        for ent in doc.ents:
            if ent.label_ in TIME_LABELS and not self.is_number_or_age(ent):
                candidates.append((ent.start, ent.end, False))
        for start, end, _kind in self.normalizer.find(doc_text(doc)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                candidates.append((span.start, span.end, True))
        table = token_table(doc)
        for i, (lower, pos) in enumerate(zip(table.lower, table.pos, strict=True)):
            if lower in self.set_adverbs and pos == "ADV":
                candidates.append((i, i + 1, True))
        merged: list[list[Any]] = []
        for start, end, ours in sorted(candidates):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
                merged[-1][2] = merged[-1][2] or ours
            else:
                merged.append([start, end, ours])
        spans = []
        for start, end, ours in _split_at_commas(doc, merged, self.weekdays, self.months):
            parts = self.split_range(doc[start:end])
            if len(parts) == 2 and self._is_range(doc[parts[0].start : parts[1].end]):
                parts.insert(0, doc[parts[0].start : parts[1].end])
            parts = [piece for part in parts for piece in self._split_of_year(part)]
            for part in parts:
                span = self.trim(part)
                if span is None or self.is_number_or_age(span) or self._kind_of_thing(span):
                    continue
                if self._rate(span) or self._in_a_name(span) or self._marker(span):
                    continue
                span = self._drop_stray_words(span)
                if not ours and not self.normalizer.looks_like_time(span.text):
                    continue  # a model DATE that is no time: "A380-800", "1.1.1"
                spans.append(span)
        return spans

    def split_range(self, span: Span) -> list[Span]:
        """The two ends of a range ("May 2 to May 9" -> "May 2", "May 9"), else ``span``.

        A span is cut at a separator when a time stands on either side of it, so "April
        24 and 25" and "weeks or months" stay whole.
        """
        text, base = span.text, span.start_char
        for m in self.separator.finditer(text):
            left, right = text[: m.start()], text[m.end() :]
            if not (left.strip() and right.strip()):
                continue
            if not (self.normalizer.looks_like_time(left) and self._complete(right)):
                continue
            if re.match(r"(?:a |one )?half\b", right.strip(), re.IGNORECASE):
                continue  # "a minute and a half later" is one time
            first = span.doc.char_span(base, base + m.start(), alignment_mode="contract")
            second = span.doc.char_span(base + m.end(), span.end_char, alignment_mode="contract")
            if first is None or second is None or not len(first) or not len(second):
                continue
            return [first, *self.split_range(second)]
        return [span]

    def _split_of_year(self, span: Span) -> list[Span]:
        """ "the first nine months of 1997": the duration and the year it lies in are two
        times (TimeML marks the anchor year apart), unless the whole names one calendar
        period ("the first two quarters of 1990" is 1990-H1); else ``span``."""
        m = _OF_YEAR.fullmatch(span.text)
        if m is None or self.normalizer.normalize(span.text, None).type != "DURATION":
            return [span]
        if self.normalizer.normalize(m["span"], None).type != "DURATION":
            return [span]
        base = span.start_char
        first = span.doc.char_span(base, base + m.end("span"), alignment_mode="contract")
        second = span.doc.char_span(
            base + m.start("year"), span.end_char, alignment_mode="contract"
        )
        if first is None or second is None or not len(first) or not len(second):
            return [span]
        return [first, second]

    def _is_range(self, span: Span) -> bool:
        """Is ``span`` a range of two times ("2009 to 2011", "May 2 to May 9")?

        A range is a duration of its own beside its two ends (MEANTIME's reading of
        TimeML's beginPoint/endPoint); a quarter "ended Sept. 30" is no range.
        """
        if not re.search(r"\s(?:to|and|through|until|till)\s|[-–]", span.text, re.IGNORECASE):
            return False
        return self.normalizer.normalize(span.text, None).type == "DURATION"

    def _kind_of_thing(self, span: Span) -> bool:
        """ "quarterly" in "a quarterly dividend": an adjective of kind, not a time."""
        word = span[0]
        return (
            len(span) == 1
            and word.lower_ in self.set_adjectives
            and word.pos_ == "ADJ"
            and word.head.i > word.i
            and word.head.pos_ in ("NOUN", "PROPN")
        )

    def _drop_stray_words(self, span: Span) -> Span:
        """ "seven a year ago", "both 1990", "coup d'etat last year": words the model took
        in before a time are dropped when the time resolves without them."""
        probe = date(2000, 1, 1)  # any day: only whether the words resolve matters
        if len(span) < 2 or self.normalizer.normalize(span.text, probe).value is not None:
            return span
        rest = span
        while len(rest) > 1 and not self.normalizer.looks_like_time(rest[0].text):
            first, second = rest[0], rest[1]
            if first.lower_ in _ARTICLES and second.lower_ in _ANAPHORIC:
                break  # "the previous Friday" counts from another time of the text
            if first.like_num and (second.like_num or second.lower_ in _RANGE_WORDS):
                break  # "two to three weeks", "two thousand years"
            rest = span.doc[rest.start + 1 : rest.end]
            if self.normalizer.normalize(rest.text, probe).value is not None:
                return rest
        return span

    def _marker(self, span: Span) -> bool:
        """ "Now, he says ...": a word that opens a sentence, comma after, as a discourse
        marker rather than a time."""
        doc = span.doc
        return (
            len(span) == 1
            and span[0].lower_ in self.markers
            and bool(span[0].is_sent_start)
            and span.end < len(doc)
            and doc[span.end].text == ","
        )

    def _in_a_name(self, span: Span) -> bool:
        """ "the March for Life", "Spring of Life": a month or season in a capitalised name."""
        doc = span.doc
        if len(span) != 1 or not span[0].text[0].isupper() or span.end + 1 >= len(doc):
            return False
        if span[0].lower_ not in self.months and span[0].lower_ not in self.seasons:
            return False
        link, name = doc[span.end], doc[span.end + 1]
        if name.lower_ == "the" and span.end + 2 < len(doc):
            name = doc[span.end + 2]
        return link.lower_ in ("of", "for") and name.text[:1].isupper()

    def _rate(self, span: Span) -> bool:
        """ "a week" in "four flights a week", "$1.76 a year": a rate per unit, no time."""
        if len(span) != 2 or span[0].lower_ not in ("a", "an", "per") or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        return span[1].lower_ in self.units and (
            before.like_num or before.tag_ in ("CD", "NN", "NNS", "$")
        )

    def _complete(self, text: str) -> bool:
        """Can ``text`` stand as a time by itself (not a bare day number, "25")?"""
        return (
            self.normalizer.looks_like_time(text)
            and not text.strip().isdigit()
            or bool(YEARLIKE.fullmatch(text.strip()))
        )

    def trim(self, span: Span) -> Span | None:
        """Drop leading prepositions and punctuation, and a trailing possessive or punctuation."""
        doc = span.doc
        while len(span):
            first = span[0]
            if first.is_punct or first.is_space:
                span = doc[span.start + 1 : span.end]
                continue
            m = self.leading.match(span.text)
            if m is None or re.match(r"(?:least|most)\b", span.text[m.end() :], re.IGNORECASE):
                break  # "at least 72 hours" keeps its "at"
            cut = doc.char_span(span.start_char + m.end(), span.end_char, alignment_mode="contract")
            if cut is None or cut.start == span.start:
                break
            span = cut
        while len(span) and (
            span[-1].is_punct or span[-1].is_space or span[-1].tag_ in ("POS", "CC")
        ):  # "between now and" (a range the model cut short)
            span = doc[span.start : span.end - 1]
        if len(span) > 1 and (
            span[0].lower_ in _POSSESSIVES or (span[0].lower_ in _ARTICLES and _modifies_noun(span))
        ):
            span = doc[span.start + 1 : span.end]  # "its third quarter", "a five-hour visit"
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


_OF_YEAR = re.compile(
    r"(?P<span>.*\b(?:days|weeks|months|quarters|years))\s+of\s+"
    r"(?P<year>(?:the|this|last|next)\s+year|(?:1[5-9]|20)\d\d)",
    re.IGNORECASE,
)
_ARTICLES = frozenset({"a", "an", "the"})
_RANGE_WORDS = frozenset({"to", "or", "and", "-", "–"})
_ANAPHORIC = frozenset({"previous", "preceding", "following", "next", "same"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our", "my", "your"})


def _modifies_noun(span: Span) -> bool:
    """Does ``span`` modify a noun after it ("a five-year low", "the two day rally")?

    Then its article belongs to that noun phrase, not to the time.
    """
    outside = [t for t in span if t.dep_ != "det" and not (span.start <= t.head.i < span.end)]
    if not outside:
        return False
    root = outside[-1]
    head = root.head
    return (
        head.i >= span.end
        and (head.pos_ in ("NOUN", "PROPN") or (head.pos_ == "ADJ" and head.i == span.end))
        and root.dep_ in ("compound", "amod", "nummod", "nmod", "npadvmod", "quantmod")
    )


def _split_at_commas(
    doc: Doc, merged: list[list[Any]], weekdays: frozenset[str], months: frozenset[str]
) -> list[tuple[int, int, bool]]:
    """Split spans such as "June 17, two days later" at commas not followed by a year, nor
    between a weekday and its date ("Saturday, April 25")."""
    out: list[tuple[int, int, bool]] = []
    for start, end, ours in merged:
        cut = start
        for i in range(start + 1, end - 1):
            dated = doc[i - 1].lower_ in weekdays and doc[i + 1].lower_.rstrip(".") in months
            year = YEARLIKE.fullmatch(doc[i + 1].text) and not YEARLIKE.fullmatch(doc[i - 1].text)
            if doc[i].text == "," and not year and not dated:  # "1994, 1995" are two
                out.append((cut, i, ours))
                cut = i + 1
        out.append((cut, end, ours))
    return out


__all__ = ["TIME_LABELS", "TimeRecogniser"]
