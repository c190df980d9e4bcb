"""Find quoted passages in plain text by their quotation marks.

Marks are matched by type, never by counting: a closing ``”`` closes the innermost open mark of
its family, an apostrophe inside a word (``don’t``, ``Ma’an``) is not a mark, and a mark left
open never runs past its paragraph unless newspaper conventions say it goes on:

* the next paragraph opens with a mark of the same family (each continued paragraph of a long
  quote opens with a mark, only the last one closes), or
* the next paragraphs hold no mark of the family until a closing one (a quote whose continued
  paragraphs were left without an opening mark).

Anything else left open ends at the end of its paragraph, so one stray mark cannot swallow the
rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["open", "close", "either"]

#: mark -> family; a closing mark closes an open mark of its own family only.
FAMILIES: dict[str, str] = {
    "“": "double",
    "”": "double",
    "„": "double",
    "‟": "double",
    "«": "guillemet",
    "»": "guillemet",
    "‹": "single_guillemet",
    "›": "single_guillemet",
    "‘": "single",
    "’": "single",
    "‚": "single",
    '"': "straight",
    "``": "tex",
    "''": "tex",
    "'": "straight_single",
}

#: families whose quotes are dropped when left open: too often apostrophes or typos.
_FRAGILE = {"straight_single"}
#: how many paragraphs a quote left open may look ahead for its closing mark.
MAX_CONTINUED_PARAGRAPHS = 4

_MARK_RE = re.compile(r"``|''|[“”„‟«»‹›‘’‚\"']")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE_RE = re.compile(r"\n\s*")
_OPEN_CONTEXT = set("([{—–-/") | {"“", "„", "‟", "«", "‹", "‘", "‚"}
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…") | {"”", "»", "›", "’"}


@dataclass(frozen=True)
class Mark:
    """One quotation mark in the text and what its context says it does."""

    pos: int
    mark: str
    role: Role

    @property
    def family(self) -> str:
        return FAMILIES[self.mark]


@dataclass(frozen=True)
class MarkedQuote:
    """A quoted passage: ``text[start:end]`` is the content, without the marks.

    ``close`` is the offset of the closing mark, or None when the quote was never closed (it
    then ends at its paragraph's end). ``depth`` is 0 for a top-level quote, 1 for a quote
    inside it, and so on. ``paragraphs`` counts the paragraphs it runs over.
    """

    open: int
    start: int
    end: int
    close: int | None
    mark: str
    depth: int = 0
    paragraphs: int = 1

    @property
    def outer_end(self) -> int:
        """Offset just after the closing mark (or the content end when never closed)."""
        if self.close is None:
            return self.end
        return self.close + (2 if self.mark in ("``", "''") else 1)


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, trailing white space excluded.

    Paragraphs are separated by blank lines; a text with no blank line at all is taken to have
    one paragraph per line.
    """
    splitter = _BLANK_LINE_RE if _BLANK_LINE_RE.search(text) else _NEWLINE_RE
    bounds: list[tuple[int, int]] = []
    pos = 0
    for match in splitter.finditer(text):
        _add_paragraph(text, pos, match.start(), bounds)
        pos = match.end()
    _add_paragraph(text, pos, len(text), bounds)
    return bounds


def _add_paragraph(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    """Append ``text[start:end]`` stripped of white space, when not empty."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        bounds.append((start + lead, start + lead + len(stripped)))


def classify_marks(text: str, start: int = 0, end: int | None = None) -> list[Mark]:
    """Every quotation mark in ``text[start:end]`` with the role its neighbours suggest."""
    stop = len(text) if end is None else end
    marks: list[Mark] = []
    for match in _MARK_RE.finditer(text, start, stop):
        mark = match.group()
        prev = text[match.start() - 1] if match.start() > start else ""
        nxt = text[match.end()] if match.end() < stop else ""
        role = _role(mark, prev, nxt)
        if role is not None:
            marks.append(Mark(match.start(), mark, role))
    return marks


def _role(mark: str, prev: str, nxt: str) -> Role | None:
    """What a mark does given the characters before and after it (None: not a quote mark)."""
    open_side = not prev or prev.isspace() or prev in _OPEN_CONTEXT
    close_side = not nxt or nxt.isspace() or nxt in _CLOSE_CONTEXT
    word_before = prev.isalnum()
    word_after = nxt.isalnum()
    if open_side and close_side and mark in ("“", "”", "„", "‟", "‘", "’", "‚"):
        return None  # a mark standing alone between spaces
    if mark in ("„", "‟", "«", "‹", "``"):
        return "open"
    if mark in ("»", "›"):
        return "close"
    if mark == "“":
        return "either" if close_side and not open_side else "open"
    if mark == "”":
        return "either" if open_side and not close_side else "close"
    if mark == "‚":
        return "open" if open_side and not word_before else None
    if mark == "‘":
        if word_before:
            # an ayn (Mu‘az), or the closing mark of German ‚...‘
            return None if word_after else "close"
        return "open" if not nxt.isspace() and nxt else None
    if mark == "’":
        if word_before and word_after:
            return None  # don’t, Ma’an
        if open_side and word_after:
            return None  # ’90s, ’em
        return "close" if not open_side else None
    if mark in ('"', "''"):
        if open_side and close_side:
            return None
        if open_side:
            return "open"
        if close_side:
            return "close"
        return "either"
    # straight single quote
    if word_before and word_after:
        return None
    if open_side and word_after:
        return "open"
    if close_side and not open_side:
        return "close"
    return None


@dataclass
class _Open:
    mark: str
    pos: int


def find_quotes(text: str) -> list[MarkedQuote]:
    """Every quoted passage of ``text``, nested ones included, in order of their start.

    Returns:
        Quotes with ``depth`` 0 for top-level ones; the content offsets exclude the marks and
        the white space just inside them.
    """
    paragraphs = paragraph_bounds(text)
    marks = [classify_marks(text, a, b) for a, b in paragraphs]
    found: list[MarkedQuote] = []
    carried: _Open | None = None
    skip_first = False
    for index, (_, p_end) in enumerate(paragraphs):
        stack: list[_Open] = [carried] if carried else []
        para_marks = marks[index]
        if skip_first and para_marks:
            para_marks = para_marks[1:]
        carried, skip_first = None, False
        for mark in para_marks:
            _apply(text, mark, stack, found)
        if not stack:
            continue
        bottom = stack[0]
        span = _continues(text, paragraphs, marks, index, FAMILIES[bottom.mark])
        if span and FAMILIES[bottom.mark] not in _FRAGILE:
            carried, skip_first = bottom, span == "reopened"
            continue
        for depth, entry in enumerate(stack):
            if depth == 0 and FAMILIES[entry.mark] not in _FRAGILE:
                found.append(_make(text, entry, p_end, None, 0))
    found.sort(key=lambda q: (q.start, q.depth))
    return found


def _apply(text: str, mark: Mark, stack: list[_Open], found: list[MarkedQuote]) -> None:
    """Open or close quotes on ``stack`` for one mark."""
    family = mark.family
    if mark.mark == "“" and stack and stack[-1].mark == "„":
        _close(text, len(stack) - 1, mark.pos, stack, found)
        return
    match = next(
        (i for i in range(len(stack) - 1, -1, -1) if FAMILIES[stack[i].mark] == family), None
    )
    if mark.role == "open" or (mark.role == "either" and match is None):
        stack.append(_Open(mark.mark, mark.pos))
        return
    if match is not None:
        _close(text, match, mark.pos, stack, found)


def _close(text: str, index: int, pos: int, stack: list[_Open], found: list[MarkedQuote]) -> None:
    """Close ``stack[index]`` at ``pos``; marks opened inside it and left open are dropped."""
    entry = stack[index]
    del stack[index:]
    found.append(_make(text, entry, pos, pos, index))


def _make(text: str, entry: _Open, end: int, close: int | None, depth: int) -> MarkedQuote:
    """A MarkedQuote for ``entry`` ending at ``end``, white space inside the marks trimmed."""
    start = entry.pos + len(entry.mark)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    breaks = "\n\n" if _BLANK_LINE_RE.search(text) else "\n"
    spanned = text.count(breaks, entry.pos, end) + 1
    return MarkedQuote(entry.pos, start, end, close, entry.mark, depth, spanned)


def _continues(
    text: str,
    paragraphs: list[tuple[int, int]],
    marks: list[list[Mark]],
    index: int,
    family: str,
) -> Literal["reopened", "closed_later", ""]:
    """Does a quote of ``family`` left open at the end of paragraph ``index`` go on?"""
    for ahead in range(index + 1, min(index + 1 + MAX_CONTINUED_PARAGRAPHS, len(paragraphs))):
        own = [m for m in marks[ahead] if m.family == family]
        if not own:
            continue
        first = own[0]
        if first.pos == paragraphs[ahead][0] and first.role in ("open", "either"):
            return "reopened" if ahead == index + 1 else ""
        return "closed_later" if first.role in ("close", "either") else ""
    return ""


__all__ = [
    "FAMILIES",
    "MAX_CONTINUED_PARAGRAPHS",
    "Mark",
    "MarkedQuote",
    "classify_marks",
    "find_quotes",
    "paragraph_bounds",
]
