"""storyline_times: find time expressions, anchor them, and normalise them TIMEX3-style.

Recognition joins the model's DATE/TIME entities with storyline's own patterns
(``data/time_expressions.json``: weekdays, "mid-September", "the weekend", "four years
ago", "in 2014", ranges ...), drops ages and plain numbers, and trims leading prepositions.

Anchoring is what HeidelTime does not do: a time is resolved against the publication date,
unless it stands inside a quote taken from an earlier report whose date the article gives
("The Valley Courier reported on Monday ... Its correspondent wrote “... yesterday”"):
then it is resolved against that report's date, and its ``anchor`` is the quote's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, Token

from ..records import Quote, Tense, TimeNormalizer, TimeRef, TimeValue
from .extensions import article_of, entity_by_id, entity_id_at, get_list

TIME_LABELS = frozenset({"DATE", "TIME"})
_NUMBER = re.compile(r"[\d.,\s]+|(?:\w+-)?\w+")
_YEARLIKE = re.compile(r"(?:1[5-9]|20)\d\d")
_AGE = re.compile(r"\d+\s*-?\s*years?\s*-?\s*old|(?:early|mid|late)?[\s-]*\d0'?s", re.IGNORECASE)
_DETERMINERS = ("the ", "a ", "an ", "its ", "their ")


@dataclass(frozen=True)
class ReportFrame:
    """A dated report or statement: "X reported on Monday", "a report published ...".

    ``source`` is the entity id of the outlet or person (for a nominal such as "the
    newspaper", the source of the report before it); ``outlet`` is False for a speaker that
    is neither an entity nor a report ("On Friday, a farmer said ..."), whose date then
    only serves the quotes of that very clause. ``start``/``end`` are the time expression's
    offsets and ``clause_start``/``clause_end`` those of the reporting verb's clause.
    """

    start: int
    end: int
    source: str | None
    day: date
    outlet: bool
    clause_start: int
    clause_end: int


class TimesFinder(Pipe):
    """Fill ``doc._.sl_times`` with :class:`~storyline.records.TimeRef` records, ids t1, t2 ..."""

    def __init__(self, nlp: Language, name: str, normalizer: TimeNormalizer) -> None:
        self.name = name
        self.normalizer = normalizer
        lex = normalizer
        self.set_adverbs = frozenset(lex.words("set_adverbs"))
        self.future_aux = frozenset(lex.words("future_auxiliaries"))
        self.future_verbs = frozenset(lex.words("future_verbs"))
        self.report_verbs = frozenset(lex.words("report_verbs"))
        self.report_nouns = frozenset(lex.words("report_nouns"))
        self.referents = tuple(lex.words("report_referents"))
        self.age_cues = frozenset(lex.words("age_cues"))
        self.number_words = frozenset(lex.words("numbers"))
        leading = "|".join(re.escape(w) for w in lex.words("leading_words"))
        self.leading = re.compile(r"^(?:" + leading + r")\s+", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            spans = self.match(doc)
            self.set_annotations(doc, spans)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's error-handler protocol
            return error_handler(self.name, self, [doc], e)

    # recognition

    def match(self, doc: Doc) -> list[Span]:
        """The time expressions of ``doc``, in text order, without overlaps."""
        candidates: list[tuple[int, int, bool]] = []  # token start, end, found by our patterns
        for ent in doc.ents:
            if ent.label_ in TIME_LABELS and not self._is_number_or_age(ent):
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
            span = self._trim(doc[start:end])
            if span is None or self._is_number_or_age(span):
                continue
            if not ours and not self.normalizer.looks_like_time(span.text):
                continue  # a model DATE that is no time: "A380-800", "1.1.1"
            spans.append(span)
        return spans

    def _trim(self, span: Span) -> Span | None:
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

    def _is_number_or_age(self, span: Span) -> bool:
        """A plain number ("53" after a name, "500") or an age ("53-year-old", "aged 53")."""
        text = span.text.strip()
        low = text.lower()
        if _NUMBER.fullmatch(low) and (
            low.replace(",", "").strip().isdigit() or low in self.number_words
        ):
            return not _YEARLIKE.fullmatch(low.strip())
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

    # anchoring and normalization

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        """Resolve each span against its anchor and store the records."""
        article = article_of(doc)
        published = article.published if article else None
        quotes = sorted(get_list(doc, "sl_quotes"), key=lambda q: q.end - q.start)
        frames: list[ReportFrame] = []
        times = get_list(doc, "sl_times")
        for i, span in enumerate(spans, 1):
            anchor_day, anchor_id = published, "published"
            report = self._report_anchor(doc, span, quotes, frames)
            if report is not None:
                anchor_day, anchor_id = report
            value = self.normalizer.normalize(span.text, anchor_day, tense=self._tense(span))
            frame = self._report_frame(doc, span, value, frames)
            if frame is not None:
                frames.append(frame)
            times.append(_record(f"t{i}", span, value, anchor_id if anchor_day else None))

    def _report_anchor(
        self, doc: Doc, span: Span, quotes: list[Quote], frames: list[ReportFrame]
    ) -> tuple[date, str] | None:
        """The date of the report a quote holding ``span`` comes from, and that quote's id.

        A quote whose own reporting clause is dated ("He said on Friday that ...") takes
        that date; else a quote whose speaker or ``via`` is a dated outlet takes the date of
        that outlet's latest report; else a quote whose speaker is a nominal for a report
        ("its correspondent", "the article's writer") takes the latest report's date.
        """
        for quote in quotes:  # innermost first
            if not (quote.start <= span.start_char and span.end_char <= quote.end):
                continue
            earlier = [
                f
                for f in frames
                if f.start < span.start_char and not (quote.start <= f.start < quote.end)
            ]
            for frame in reversed(earlier):
                if frame.clause_start <= quote.start and quote.end <= frame.clause_end:
                    return frame.day, quote.id
            reports = [f for f in earlier if f.outlet]
            if not reports:
                continue
            speaker = quote.speaker.entity if quote.speaker else None
            sources = {s for s in (speaker, *quote.via) if s}
            names = {_name_key(doc, s) for s in sources} - {None}
            for frame in reversed(reports):
                if frame.source and (
                    frame.source in sources or _name_key(doc, frame.source) in names
                ):
                    return frame.day, quote.id
            if quote.speaker and self._refers_to_report(quote.speaker.text):
                return reports[-1].day, quote.id
        return None

    def _refers_to_report(self, words: str) -> bool:
        """Does a speaker's text name a report or its outlet ("the correspondent", "the paper")?"""
        low = " ".join(words.lower().replace("’", "'").split())
        if any(low.startswith(r) for r in self.referents):
            return True
        heads = {w.removesuffix("'s") for w in low.split()}
        return bool(heads & self.report_nouns) and not low.startswith(("a ", "an "))

    def _report_frame(
        self, doc: Doc, span: Span, value: TimeValue, frames: list[ReportFrame]
    ) -> ReportFrame | None:
        """A report frame when ``span`` dates a report or statement ("X reported on Monday")."""
        if value.earliest is None or value.earliest != value.latest:
            return None
        found = self._report_verb(span)
        if found is None:
            return None
        verb, subject = found
        clause = doc[verb.left_edge.i : verb.right_edge.i + 1]
        phrase = doc[subject.left_edge.i : subject.i + 1]
        source = entity_id_at(doc, phrase.start_char, phrase.end_char)
        outlet = source is not None
        if source is None and self._refers_to_report(phrase.text):
            outlets = [f for f in frames if f.outlet]
            source, outlet = (outlets[-1].source if outlets else None), True
        return ReportFrame(
            span.start_char,
            span.end_char,
            source,
            value.earliest,
            outlet,
            clause.start_char,
            clause.end_char,
        )

    def _report_verb(self, span: Span) -> tuple[Token, Token] | None:
        """The reporting verb that ``span`` modifies, with its subject, walking up the parse.

        The walk goes through report nouns ("in an editorial printed on Friday") and
        reporting verbs without a subject, and stops at any other verb: in "the army
        withdrew on Monday, the paper said", Monday dates the withdrawal, not the report.
        """
        token = span.root
        in_report = False
        for _ in range(6):
            head = token.head
            if head.i == token.i:
                return None
            token = head
            lemma = token.lemma_.lower()
            if token.pos_ in ("VERB", "AUX"):
                if lemma not in self.report_verbs:
                    return None
                in_report = True
                for child in token.children:
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        return token, child
            elif token.pos_ in ("NOUN", "PROPN") and lemma in self.report_nouns:
                in_report = True
            elif in_report and token.pos_ not in ("ADP", "NOUN", "PROPN"):
                return None
        return None

    def _tense(self, span: Span) -> Tense:
        """The tense of the verb that governs ``span``.

        Future with will/shall/going to, an infinitive or a verb of planning; present for a
        present-tense verb other than a reporting one; else past.
        """
        token = span.root
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            return "past"
        for child in token.children:
            if child.dep_ in ("aux", "auxpass"):
                low = child.lower_
                if low in self.future_aux:
                    return "future"
                if child.tag_ in ("VBD", "VBN") or low in ("has", "have", "had"):
                    return "past"
                if child.tag_ == "TO":
                    return "future"  # "to be held on October 12"
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in self.future_verbs:
            return "future"
        if token.tag_ in ("VBZ", "VBP") and token.lemma_.lower() not in self.report_verbs:
            return "present"
        return "past"


def _split_at_commas(doc: Doc, merged: list[list[Any]]) -> list[tuple[int, int, bool]]:
    """Split spans such as "June 17, two days later" at commas not followed by a year."""
    out: list[tuple[int, int, bool]] = []
    for start, end, ours in merged:
        cut = start
        for i in range(start + 1, end - 1):
            if doc[i].text == "," and not _YEARLIKE.fullmatch(doc[i + 1].text):
                out.append((cut, i, ours))
                cut = i + 1
        out.append((cut, end, ours))
    return out


def _name_key(doc: Doc, entity_id: str) -> str | None:
    """An entity's name without a leading article, to compare outlets by name."""
    entity = entity_by_id(doc, entity_id)
    if entity is None:
        return None
    name = entity.name.lower()
    for det in _DETERMINERS:
        name = name.removeprefix(det)
    return name


def _record(time_id: str, span: Span, value: TimeValue, anchor: str | None) -> TimeRef:
    return TimeRef(
        id=time_id,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        type=value.type,
        value=value.value,
        earliest=value.earliest.isoformat() if value.earliest else None,
        latest=value.latest.isoformat() if value.latest else None,
        anchor=anchor if value.relative else None,
    )


@Language.factory(
    "storyline_times",
    default_config={"normalizer": {"@misc": "storyline.time_normalizer.v1"}},
    requires=["doc._.sl_quotes"],
    assigns=["doc._.sl_times"],
)
def make_times(nlp: Language, name: str, normalizer: TimeNormalizer) -> TimesFinder:
    """Build the ``storyline_times`` component (normalizer from the spaCy registry)."""
    return TimesFinder(nlp, name, normalizer)


__all__ = ["ReportFrame", "TimesFinder", "make_times"]
