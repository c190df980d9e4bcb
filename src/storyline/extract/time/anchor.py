"""Anchoring: the date a time expression is resolved against.

Anchoring is what HeidelTime does not do: a time is resolved against the publication date,
unless it stands inside a quote taken from an earlier report whose date the article gives
("The Valley Courier reported on Monday ... Its correspondent wrote “... yesterday”"):
then it is resolved against that report's date, and its ``anchor`` is the quote's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from ...records import Quote, TimeNormalizer, TimeValue
from ..extensions import entity_by_id, entity_id_at

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


class ReportAnchors:
    """Find dated reports in a text and the report a quoted time comes from."""

    def __init__(self, normalizer: TimeNormalizer) -> None:
        self.report_verbs = frozenset(normalizer.words("report_verbs"))
        self.report_nouns = frozenset(normalizer.words("report_nouns"))
        self.referents = tuple(normalizer.words("report_referents"))

    def report_anchor(
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
            if quote.speaker and self.refers_to_report(quote.speaker.text):
                return reports[-1].day, quote.id
        return None

    def refers_to_report(self, words: str) -> bool:
        """Does a speaker's text name a report or its outlet ("the correspondent", "the paper")?"""
        low = " ".join(words.lower().replace("’", "'").split())
        if any(low.startswith(r) for r in self.referents):
            return True
        heads = {w.removesuffix("'s") for w in low.split()}
        return bool(heads & self.report_nouns) and not low.startswith(("a ", "an "))

    def report_frame(
        self, doc: Doc, span: Span, value: TimeValue, frames: list[ReportFrame]
    ) -> ReportFrame | None:
        """A report frame when ``span`` dates a report or statement ("X reported on Monday")."""
        if value.earliest is None or value.earliest != value.latest:
            return None
        found = self.report_verb(span)
        if found is None:
            return None
        verb, subject = found
        clause = doc[verb.left_edge.i : verb.right_edge.i + 1]
        phrase = doc[subject.left_edge.i : subject.i + 1]
        source = entity_id_at(doc, phrase.start_char, phrase.end_char)
        outlet = source is not None
        if source is None and self.refers_to_report(phrase.text):
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

    def report_verb(self, span: Span) -> tuple[Token, Token] | None:
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


def _name_key(doc: Doc, entity_id: str) -> str | None:
    """An entity's name without a leading article, to compare outlets by name."""
    entity = entity_by_id(doc, entity_id)
    if entity is None:
        return None
    name = entity.name.lower()
    for det in _DETERMINERS:
        name = name.removeprefix(det)
    return name


__all__ = ["ReportAnchors", "ReportFrame"]
