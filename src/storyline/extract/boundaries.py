"""Where a name starts and ends: cut the model's spans where a name cannot go on, and extend
them over the pieces the tokenizer split off.

The small model glues names to what follows them in tables and lists ("Somerset 83",
"G. Kersey 4-43", "Romania - Cosmin Contra", "Scott Draper ( Australia", two lines run
together), and to a common noun after them ("Interfax news agency", "Kosevo stadium"). The
scorers of the field want exact spans, so:

- a name is cut at a line break, a free-standing dash, a bracket, a comma, and a number or a
  score (except in titles of works, events, laws and products: "Windows 95", "Euro 96");
- trailing lower-case words are dropped (a name's particles, "of", "de", "van", stay inside);
- a name goes on over a hyphen joined to a capitalised word ("Urus" + "-Martan"), and a
  person's name over "Jr." / "Sr." / "II" / "III";
- quote marks, a leading "the", possessives and edge punctuation are stripped, and a trailing
  "-ing" word is dropped when the rest is named elsewhere ("Omar Khalil Hiding").
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from .extensions import TokenTable, doc_text, token_table
from .persons import INITIAL

#: small words a name keeps inside it ("Bank of America", "Human Rights in China")
NAME_PARTICLES = frozenset(
    "of the de del della van der von da di la le du dos das y and & for in on al el bin ibn".split()
)
NUMBER = re.compile(r"^\d+(?:[-/.:]\d+)*$")
#: labels whose names may carry a number ("Euro 96", "Boeing 747", "Proposition 8")
NUMBERED_LABELS = frozenset({"EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
BREAKS = frozenset({"-", "–", "—", "(", ")", "[", "]", ",", ";", "/", "|"})
SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
QUOTE_CHARS = "\"'“”„‟«»‹›‘’`´"
EDGE_CHARS = QUOTE_CHARS + " .,;:()[]{}-–—"


def _is_break(words: TokenTable, i: int, label: str) -> bool:
    """Does token ``i`` end a name: a line break, a free-standing dash or bracket, a number?"""
    word = words.text[i]
    if "\n" in word:
        return True
    if word in BREAKS:
        # "Urus-Martan": a dash glued to both words is part of the name
        glued = i > 0 and not words.space_after[i] and not words.space_after[i - 1]
        return not (word in "-–—" and glued)
    return label not in NUMBERED_LABELS and bool(NUMBER.match(word))


def split_name(span: Span, particles: frozenset[str]) -> list[Span]:
    """The pieces of ``span`` that can be names, each with ``span``'s label."""
    label = span.label_
    pieces: list[Span] = []
    start = span.start
    doc = span.doc
    words, text = token_table(doc), doc_text(doc)
    for i in range(span.start, span.end):
        # (a line break is a token of its own: a token's trailing whitespace is one space)
        if _is_break(words, i, label):
            if i > start:
                pieces.append(Span(doc, start, i, label=label))
            start = i + 1
    if start < span.end:
        pieces.append(Span(doc, start, span.end, label=label))
    out = []
    for piece in pieces:
        end = piece.end
        while end > piece.start and _trailing_common(words, end - 1, particles):
            end -= 1
        while end > piece.start and words.lower[end - 1] in particles:
            end -= 1
        if end > piece.start and any(map(str.isupper, words.span_text(piece.start, end, text))):
            out.append(Span(doc, piece.start, end, label=label))
    return out


def _trailing_common(words: TokenTable, i: int, particles: frozenset[str]) -> bool:
    return words.is_alpha[i] and words.is_lower[i] and words.lower[i] not in particles


def extend_name(span: Span) -> Span:
    """``span`` grown over a glued hyphenated part and a person's "Jr." / "III"."""
    doc = span.doc
    start, end = span.start, span.end
    # "Urus" + "-" + "Martan" (no spaces): the model often tags only one side
    while (
        end + 1 < len(doc)
        and not doc[end - 1].whitespace_
        and doc[end].text == "-"
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].isupper()
    ):
        end += 2
    while (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
        and doc[start - 2].text[:1].isupper()
    ):
        start -= 2
    if span.label_ == "PERSON" and end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in SUFFIXES and nxt.text[:1].isupper():
            end += 1
        elif (
            nxt.text == ","
            and end + 1 < len(doc)
            and doc[end + 1].lower_ in SUFFIXES
            and doc[end + 1].text[:1].isupper()
            and doc[end + 1].lower_.startswith(("jr", "sr"))
        ):
            end += 2
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def clean_span(span: Span, text: str) -> Span | None:
    """``span`` without quote marks, a leading "the", possessives and edge punctuation
    (``text``: the document's text); None when no name is left."""
    doc = span.doc
    start, end = span.start_char, span.end_char
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in EDGE_CHARS:
            start, changed = start + 1, True
        while start < end and text[end - 1] in EDGE_CHARS:
            end, changed = end - 1, True
        for word in ("the ", "The "):
            if text.startswith(word, start) and end - start > len(word):
                start, changed = start + len(word), True
        for poss in ("’s", "'s"):
            if text.endswith(poss, start, end):
                end, changed = end - len(poss), True
    if end - start < 2:
        return None
    cleaned = doc.char_span(start, end, label=span.label_, alignment_mode="contract")
    cut = cleaned is None or cleaned.end_char < end
    if cut and end < span.end_char and text[end] == ".":
        # the period belongs to an abbreviation token ("Inc.", "U.S."): keep it
        cleaned = doc.char_span(start, end + 1, label=span.label_)
    if cleaned is None:
        return None
    name = text[cleaned.start_char : cleaned.end_char]  # cleaned.text, without a rejoin
    if not name.strip() or not any(map(str.isupper, name)):
        return None
    return cleaned


def trim_trailing(span: Span, texts: set[str]) -> Span:
    """Drop a trailing "-ing" word the model glued on when the rest is named elsewhere
    (``texts``: every mention's text)."""
    if len(span) > 1 and span[-1].text.lower().endswith("ing"):
        rest = span.doc[span.start : span.end - 1]
        if INITIAL.match(rest.text):
            return span  # "D. Fleming"
        if rest.text in texts or any(t.startswith(rest.text) for t in texts if t != span.text):
            return Span(span.doc, span.start, span.end - 1, label=span.label_)
    return span


__all__ = ["EDGE_CHARS", "clean_span", "extend_name", "split_name", "trim_trailing"]
