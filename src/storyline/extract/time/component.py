"""storyline_times: find time expressions, anchor them, and normalise them TIMEX3-style."""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from ...records import Tense, TimeNormalizer, TimeRef, TimeValue
from ..extensions import article_of, get_list
from . import discourse
from .anchor import ReportAnchors, ReportFrame
from .recognise import TimeRecogniser
from .tense import TenseReader


class TimesFinder(Pipe):
    """Fill ``doc._.sl_times`` with :class:`~storyline.records.TimeRef` records, ids t1, t2 ...

    Only expressions that get a TIMEX3 value are kept (``value`` is a required attribute of
    TIMEX3): what no pattern values is a fragment ("the night of"), a word that is no time
    here ("a second group", "Kellogg's year", "a six-year-old boy"), or a time too vague
    to place, and a record without a value would tell a reader nothing about when. In an
    undated text a relative time ("Monday") is kept without a value: a date would value it.
    """

    def __init__(self, nlp: Language, name: str, normalizer: TimeNormalizer) -> None:
        self.name = name
        self.normalizer = normalizer
        self.recogniser = TimeRecogniser(normalizer)
        self.anchors = ReportAnchors(normalizer)
        self.tenses = TenseReader(normalizer)

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            spans = self.match(doc)
            self.set_annotations(doc, spans)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's error-handler protocol
            return error_handler(self.name, self, [doc], e)

    def match(self, doc: Doc) -> list[Span]:
        """The time expressions of ``doc``, in text order, without overlaps."""
        return self.recogniser.match(doc)

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        """Resolve each span against its anchor and store the records."""
        article = article_of(doc)
        published = article.published if article else None
        quotes = sorted(get_list(doc, "sl_quotes"), key=lambda q: q.end - q.start)
        frames: list[ReportFrame] = []
        times = get_list(doc, "sl_times")
        reference: TimeValue | None = None  # the last calendar time the text named
        for span in spans:
            anchor_day, anchor_id = published, "published"
            report = self.anchors.report_anchor(doc, span, quotes, frames)
            if report is not None:
                anchor_day, anchor_id = report
            value = discourse.resolve(span.text, reference, anchor_day)
            if value is None:  # an anaphoric time is never the reference of the next one
                tense = self.tenses.tense(span)
                value = self._normalize(span, anchor_day, tense)
                if discourse.is_reference(value):
                    reference = value
            frame = self.anchors.report_frame(doc, span, value, frames)
            if frame is not None:
                frames.append(frame)
            if value.value is None and not self._valued_with_a_date(span, anchor_day):
                continue  # TIMEX3 requires a value: an expression without one is not reported
            times.append(
                _record(f"t{len(times) + 1}", span, value, anchor_id if anchor_day else None)
            )

    def _valued_with_a_date(self, span: Span, anchor: date | None) -> bool:
        """Would ``span`` get a value if the text were dated? ("Monday" in an undated text
        is a time still; "the night of" is none, dated or not.)"""
        return anchor is None and self._normalize(span, _ANY_DAY, "none").value is not None

    def _normalize(self, span: Span, anchor: date | None, tense: Tense) -> TimeValue:
        """Normalise ``span``; "the year" before "ended Sept. 30" is a year-long period (the
        end date is a time of its own)."""
        doc = span.doc
        if span.end < len(doc) and doc[span.end].lower_ in ("ended", "ending"):
            whole = self.normalizer.normalize(f"{span.text} ended", anchor, tense=tense)
            if whole.value is not None:
                return whole
        return self.normalizer.normalize(span.text, anchor, tense=tense)


_ANY_DAY = date(2000, 1, 3)  # a Monday: a stand-in anchor, only to ask whether a value exists


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


__all__ = ["TimesFinder", "make_times"]
