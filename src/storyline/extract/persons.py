"""Persons the model misses or mislabels, found from what the document itself says.

News names a person in full once and by surname after that ("Alan Shearer ... Shearer
said"), writes initials in tables ("K. Curran 52"), and puts a title before a name ("Mr
Lebed"). The small model reads each mention alone, so it misses many of the short forms or
calls them places and organisations ("Jordan said", "Wang" as ORG). This room:

- finds the uncovered mentions a reader takes as persons: a surname (or full name) of a person
  the document names in full, an initial followed by a name, a courtesy title followed by a
  name;
- gives each mention that is such a short form label evidence, so that the linker's vote
  lets the whole entity be a person (one document, one label).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .extensions import doc_text, token_table

#: "K." or "J.-P." before a surname (not "U.S.": two letters with dots are mostly places)
INITIAL = re.compile(r"^[A-Z]\.$")
#: titles a person's name follows (the longer list in entity_cues.json also has roles)
COURTESY = frozenset({"mr", "mrs", "ms", "dr", "miss", "sir", "dame", "lord", "lady"})
MAX_NAME_TOKENS = 4
#: a player in a cricket scorecard: "S. Law", "de Silva", "Inzamam-ul-Haq", "T.O'Gorman"
_P = r"(?:[A-Z]\.\s?)*(?:(?:de|van|ul|du) )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?"
#: a batting row: "S. Law c Tillekeratne b Dharmasena 13", "A. Smith lbw b Gough 4",
#: "B. Jones st Moin b Mushtaq 5", "C. Hill c and b Reiffel 9", "D. Boon not out 46"
BATTING_ROW = re.compile(
    rf"^(?P<a>{_P}) (?:(?:c (?P<b>{_P}) |st (?P<c>{_P}) |lbw )?b (?P<d>{_P})|c and b (?P<e>{_P})"
    rf"|run out(?: \( (?P<f>{_P}) \))?|not out|retired hurt) \d+"
)
#: a bowling list: "Bowling : Gough 8-0-39-3 , Mullally 6-0-30-1" (and its follow-on lines)
BOWLING_ITEM = re.compile(rf"(?:^|, |: )({_P}) \d+(?:\.\d)?-\d+-\d+-\d+")


def _capitalised_word(text: str) -> bool:
    """A word written as a name: "Shearer", or "SHEARER" in an all-capital line."""
    return text[:1].isupper() and any(map(str.isalpha, text)) and len(text) >= 2


def person_keys(
    spans: Iterable[Span],
    is_place: Callable[[str], bool],
    skip: Collection[str] = (),
    is_city: Callable[[str], bool] = lambda name: False,
) -> set[str]:
    """Lower-cased full names and surnames of the persons named in full (two words or more).
    The first word is a key too: many names put the family name first ("Tan Weiming ...
    Tan said"), and a given name alone is a person as well; ``skip`` (titles, stop words)
    never is, nor a city's name (``is_city``) as the first word ("Eastby Brann" is a byline
    or a mis-split dateline more often than a person's name).

    ``is_place(name)``: whether a name is a country, a province or a feature; such a name
    (a country glued to a player's name in a team list) is no one's surname. Nor is a word the
    document also writes in lower case ("Profit"), nor a name the model calls a person in
    fewer than half of its mentions (a nationality read as PERSON once in ten).
    """
    named = list(spans)
    if not named:
        return set()
    # the gazetteer is asked once a name, not once a mention
    is_place, is_city = lru_cache(maxsize=None)(is_place), lru_cache(maxsize=None)(is_city)
    doc = named[0].doc
    table = token_table(doc)
    lower_words = {w for w, low in zip(table.text, table.is_lower, strict=True) if low}
    labels: dict[str, Counter[str]] = {}
    for span in named:
        labels.setdefault(span.text, Counter())[span.label_] += 1
    keys: set[str] = set()
    for span in named:
        if span.label_ != "PERSON" or len(span.text.split()) < 2 or span.text.isupper():
            continue
        if 2 * labels[span.text]["PERSON"] < labels[span.text].total():
            continue
        last = span[-1]
        if not last.is_alpha or len(last.text) < 3 or not last.is_title:
            continue
        if last.lower_ in lower_words or is_place(span.text):
            continue
        keys.add(span.text.lower())
        if _name_word(last, lower_words, skip) and not is_place(last.text):
            keys.add(last.lower_)
        first = span[0]
        if _name_word(first, lower_words, skip) and not is_place(first.text):
            if not is_city(first.text):
                keys.add(first.lower_)
    return keys


def _name_word(word: Token, lower_words: set[str], skip: Collection[str]) -> bool:
    """A word that can stand for a person alone: written as a name, never in lower case."""
    return (
        word.is_alpha
        and len(word.text) >= 3
        and word.is_title
        and word.lower_ not in lower_words
        and word.lower_ not in skip
    )


def missed_persons(doc: Doc, taken: list[Span], keys: set[str], stop_words: set[str]) -> list[Span]:
    """PERSON spans over tokens no other span covers: a known surname or full name, an
    initial with a name, a courtesy title's name."""
    covered: dict[int, Span] = {}
    for span in taken:
        for i in range(span.start, span.end):
            covered[i] = span
    found: list[Span] = []
    n = len(doc)
    table = token_table(doc)
    words, lowers, text = table.text, table.lower, doc_text(doc)
    i = 0
    while i < n:
        if i in covered:
            i += 1
            continue
        word = words[i]
        if INITIAL.match(word) and i + 1 < n:
            end = _name_run(doc, i + 1, covered)
            if end > i + 1:
                found.append(Span(doc, i, end, label="PERSON"))
                i = end
                continue
        if lowers[i].rstrip(".") in COURTESY and i + 1 < n:
            end = _name_run(doc, i + 1, covered)
            if end > i + 1:
                found.append(Span(doc, i + 1, end, label="PERSON"))
                i = end
                continue
        if keys and _capitalised_word(word) and lowers[i] not in stop_words:
            for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
                if any(k in covered for k in range(i, j)):
                    continue
                if table.span_text(i, j, text).lower() in keys and alone(doc, i, j, covered):
                    found.append(Span(doc, i, j, label="PERSON"))
                    i = j - 1
                    break
        i += 1
    return found


def scorecard_names(text: str) -> list[tuple[int, int]]:
    """Character ranges of the players a cricket scorecard names (batting rows, bowling
    figures): its layout says they are persons, whatever the words."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        m = BATTING_ROW.match(line)
        if m is not None:
            out.extend((pos + m.start(g), pos + m.end(g)) for g in "abcdef" if m.group(g))
        else:
            for b in BOWLING_ITEM.finditer(line):
                out.append((pos + b.start(1), pos + b.end(1)))
        pos += len(line) + 1
    return out


def _name_run(doc: Doc, start: int, covered: dict[int, Span]) -> int:
    """End of the capitalised words from ``start`` (or of the PERSON span starting there)."""
    if start in covered:
        span = covered[start]
        return span.end if span.label_ == "PERSON" and span.start == start else start
    table = token_table(doc)
    end = start
    while (
        end < len(doc)
        and end - start < MAX_NAME_TOKENS - 1
        and end not in covered
        and table.is_alpha[end]
        and table.is_title[end]
        and len(table.text[end]) >= 2
    ):
        end += 1
    return end


def alone(doc: Doc, start: int, end: int, covered: Collection[int]) -> bool:
    """No capitalised word glued on either side: "Jordan" alone, not in "Jordan Valley"."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    for tok in (before, after):
        if tok is not None and tok.i not in covered and tok.is_alpha and tok.is_title:
            if tok.i == start - 1 and tok.is_sent_start:
                continue
            return False
    return True


__all__ = ["alone", "missed_persons", "person_keys", "scorecard_names"]
