"""storyline_casing: read all-capital lines (headlines, datelines, table headings) in the case
the model was trained on.

The small English model reads word shape: "LEICESTERSHIRE BEAT SOMERSET" or "BAGHDAD 1996-08-22"
looks like nothing it saw in training, and it misses or mislabels most names there. This
component, placed after the model's ``ner``, truecases each all-capital line and runs the
model's ``ner`` again on that line alone, then puts the entities it finds back on the original
tokens. Only letter case changes, token for token, so every offset stays right; the original
text is never altered. Only those lines are read twice, so the cost is small on ordinary news.

How a word is truecased, from the document's own evidence first (the way a reader does it):

- the form the document uses for the same word in its mixed-case text, not at a sentence start
  ("Leicestershire" in the story body makes "LEICESTERSHIRE" in the headline "Leicestershire");
- otherwise a function word ("THE", "AT", "OF") is lower case, a word with dots ("U.S.") or
  without a vowel ("PCT") stays as it is, and anything else is title case ("BAGHDAD" ->
  "Baghdad"): a name is then read as a name, and a common word merely looks like a headline's.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .extensions import doc_text

VOWELS = frozenset("AEIOUY")
#: what follows the place in a dateline: "1996-08-22", "22/08/1996", "Aug 22", "Aug. 22, 2019"
DATE_LIKE = re.compile(
    r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2}(,?\s+\d{4})?)\s*[-–—:.]?$",
    re.IGNORECASE,
)
DASHES = frozenset({"-", "–", "—", "--"})
MIN_LETTERS = 3


def caps_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines whose cased letters are all capitals (three or more)."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        letters = [c for c in line if c.isalpha() and (c.isupper() or c.islower())]
        if len(letters) >= MIN_LETTERS and all(c.isupper() for c in letters):
            out.append((start, end))
        start = end + 1
    return out


def case_evidence(doc: Doc, skip: list[tuple[int, int]]) -> dict[str, str]:
    """Lower-cased word -> the form the document writes it in, outside ``skip`` and not at a
    sentence or line start (where a capital says nothing)."""
    forms: dict[str, Counter[str]] = {}
    skip_iter = iter(skip)
    current = next(skip_iter, None)
    prev: Token | None = None
    for tok in doc:
        while current is not None and tok.idx >= current[1]:
            current = next(skip_iter, None)
        inside = current is not None and current[0] <= tok.idx < current[1]
        line_start = prev is None or "\n" in prev.text or "\n" in prev.whitespace_
        prev = tok
        if inside or line_start or not tok.is_alpha or tok.is_upper:
            continue
        if tok.is_sent_start or tok.i == 0 or doc[tok.i - 1].text in {".", "!", "?", '"', "“"}:
            continue
        forms.setdefault(tok.lower_, Counter())[tok.text] += 1
    return {low: c.most_common(1)[0][0] for low, c in forms.items()}


def truecase_word(word: str, known: dict[str, str], stop_words: set[str], first: bool) -> str:
    """One word of an all-capital line in the case a reader would give it (same length)."""
    if not any(c.isalpha() for c in word):
        return word
    low = word.lower()
    form = known.get(low)
    if form is not None and len(form) == len(word):
        cased = form
    elif "." in word or not (set(word.upper()) & VOWELS) or len(word) == 1:
        cased = word
    elif low in stop_words:
        cased = low
    else:
        cased = word[:1].upper() + word[1:].lower()
        # "O'BRIEN" -> "O'Brien", "ONE-DAY" -> "One-Day"
        cased = "".join(
            c.upper() if i > 0 and cased[i - 1] in "-'’" else c for i, c in enumerate(cased)
        )
    if first and cased[:1].islower():
        cased = cased[:1].upper() + cased[1:]
    return cased if len(cased) == len(word) else word


class CaseRestorer:
    """Re-reads the all-capital lines of a document, truecased, with the model's ``ner``.

    Args:
        nlp: the pipeline; its ``ner`` component is the one run again.
        name: the component name.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.stop_words: set[str] = set(nlp.Defaults.stop_words)

    def __call__(self, doc: Doc) -> Doc:
        if "ner" not in self.nlp.pipe_names:
            return doc
        lines = caps_lines(doc_text(doc))
        if not lines:
            return doc
        known = case_evidence(doc, lines)
        pieces: list[list[Token]] = []
        for start, end in lines:
            toks = [t for t in doc if start <= t.idx < end and not t.is_space]
            pieces.extend(_segments(toks))
        if not pieces:
            return doc
        ner: Any = self.nlp.get_pipe("ner")
        line_docs = [self.line_doc(doc, toks, known) for toks in pieces]
        found: list[Span] = []
        for toks, line_doc in zip(pieces, ner.pipe(line_docs), strict=True):
            place = _dateline_place(line_doc)
            if place is not None:
                found.append(Span(doc, toks[0].i, toks[place - 1].i + 1, "GPE"))
            for ent in line_doc.ents:
                if place is None or ent.start >= place:
                    found.append(Span(doc, toks[ent.start].i, toks[ent.end - 1].i + 1, ent.label_))
        kept = [e for e in doc.ents if not _overlaps_any(e, lines)]
        doc.ents = filter_spans(kept + found)
        return doc

    def line_doc(self, doc: Doc, toks: list[Token], known: dict[str, str]) -> Doc:
        """A Doc of one line's tokens, truecased, with the same spacing."""
        words = [
            truecase_word(t.text, known, self.stop_words, first=(i == 0))
            for i, t in enumerate(toks)
        ]
        spaces = [bool(t.whitespace_) for t in toks]
        spaces[-1] = False
        return Doc(doc.vocab, words=words, spaces=spaces)


def _segments(toks: list[Token]) -> list[list[Token]]:
    """A line cut at free-standing dashes ("SOCCER - ROMANIA BEAT ..."): a headline's topic
    prefix is no part of its sentence, and the model reads the sentence better alone."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for tok in toks:
        if tok.text in DASHES and tok.i > 0 and tok.doc[tok.i - 1].whitespace_ and tok.whitespace_:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(tok)
    if cur:
        out.append(cur)
    return out


def _dateline_place(line: Doc) -> int | None:
    """End (token index) of the place that opens a dateline ("BAGHDAD 1996-08-22",
    "NEW YORK, Aug 22"): one to four words, then only the date."""
    n = 0
    while n < len(line) and n < 4 and line[n].is_alpha and line[n].ent_type_ != "DATE":
        n += 1
    if n == 0 or n == len(line):
        return None
    if line[n].text == ",":
        n_rest = n + 1
    else:
        n_rest = n
    rest = line[n_rest:].text
    if rest and DATE_LIKE.match(rest):
        return n
    return None


def _overlaps_any(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)


@Language.factory("storyline_casing", requires=["doc.ents"], assigns=["doc.ents"])
def make_casing(nlp: Language, name: str) -> CaseRestorer:
    """The ``storyline_casing`` component."""
    return CaseRestorer(nlp, name)


__all__ = ["CaseRestorer", "caps_lines", "case_evidence", "make_casing", "truecase_word"]
