"""Normalise time expressions TIMEX3-style against an anchor date (no spaCy).

The grammar lives in ``data/time_expressions.json`` (loaded by :mod:`.grammar`): word
lists and patterns, each pattern with a ``kind`` that names its handler (in
:mod:`.absolute`, :mod:`.relative`, :mod:`.durations`, :mod:`.sets`, or here).
:func:`normalize` turns one expression into a :class:`~storyline.records.TimeValue`.

Relative expressions ("Monday", "four years ago", "the weekend") need an anchor: without
one their value stays ``None``; absolute ones ("January 10, 2019", "2014") resolve anyway.
Fuzzy ones get an ``earliest``/``latest`` interval beside their value ("mid-September" is
``2018-09`` from the 11th to the 20th).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from spacy.util import registry

from ...dates import parse_day
from ...records import Tense, TimeValue
from . import absolute, discourse, durations, periods, relative, sets
from .grammar import clean_expression, find_time_expressions, looks_like_time, time_lexicon

Groups = dict[str, str | None]
Handler = Callable[[Groups, date | None, Tense], TimeValue | None]


def normalize(text: str, anchor: date | None, *, tense: Tense = "past") -> TimeValue:
    """Normalise one time expression.

    Args:
        text: the expression as written ("last Thursday", "about six months").
        anchor: the date relative expressions are resolved against, or None.
        tense: the tense of the clause, which decides whether a bare "Monday" or
            "January 10" lies before the anchor ("past", "present") or after it ("future").

    Returns:
        The TIMEX3 type and value with ``earliest``/``latest``; ``value`` is None for an
        expression that cannot be resolved (or that is relative and has no anchor).
    """
    s = clean_expression(text)
    if not s:
        return TimeValue("DATE")
    for pat in time_lexicon().patterns:
        m = pat.whole.fullmatch(s)
        if m is None:
            continue
        result = HANDLERS[pat.kind](m.groupdict(), anchor, tense)
        if result is not None:
            return result
    approx = _approximation().match(s)
    if approx is not None:  # "about 10:35 a.m.", "shortly after noon": the time itself
        return normalize(s[approx.end() :], anchor, tense=tense)
    found = _fallback(s, anchor, tense)
    if found.value is None and "," in s:  # "this coming Sunday, March eighth": the first
        first = normalize(s.split(",")[0], anchor, tense=tense)
        if first.value is not None:
            return first
    return found


@lru_cache(maxsize=1)
def _approximation() -> re.Pattern[str]:
    """A leading word of approximation ("about", "around", "shortly after")."""
    words = [*time_lexicon().words("approx"), "shortly after", "shortly before", "just after"]
    words += ["the early hours of", "the small hours of", "the wee hours of"]
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r"(?:" + alternation + r")\s+")


def time_range(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "March to May 2018", "from 2001 to 2005": a duration from one time to the other."""
    a_text, b_text = g.get("a") or g.get("a2") or "", g.get("b") or g.get("b2") or ""
    year = re.search(r"\d{4}$", b_text)
    if year and not re.search(r"\d{4}", a_text):
        a_text = f"{a_text} {year[0]}"  # "March to May 2018"
    first = normalize(a_text, anchor, tense=tense)
    if first.earliest is None:
        return TimeValue("DURATION", relative=first.relative)
    if _deictic(b_text) and not _deictic(a_text) and anchor is not None:
        # "from Sept. 14 to Thursday": the report's Thursday ("from Monday to Thursday":
        # the Thursday after that Monday)
        second = normalize(b_text, anchor, tense=tense)
    else:
        second = normalize(b_text, first.earliest, tense="future")
    if second.latest is None or second.latest < first.earliest:
        return None
    value = None
    a, b = first.value or "", second.value or ""
    if re.fullmatch(r"\d{4}", a) and re.fullmatch(r"\d{4}", b):
        value = f"P{int(b) - int(a)}Y"
    elif re.fullmatch(r"\d{4}-\d\d", a) and re.fullmatch(r"\d{4}-\d\d", b):
        months = (int(b[:4]) - int(a[:4])) * 12 + int(b[5:]) - int(a[5:])
        value = f"P{months}M"
    elif re.fullmatch(r"\d{4}-\d\d-\d\d", a) and re.fullmatch(r"\d{4}-\d\d-\d\d", b):
        day_a, day_b = parse_day(a), parse_day(b)
        if day_a and day_b:
            value = f"P{(day_b - day_a).days}D"
    return TimeValue(
        "DURATION", value, first.earliest, second.latest, first.relative or second.relative
    )


def _deictic(text: str) -> bool:
    """Does ``text`` name a day by its place from the report ("Thursday", "yesterday")?"""
    lex = time_lexicon()
    words = clean_expression(text).split()
    return len(words) == 1 and (words[0] in lex.weekday_words or words[0] in lex.words("day_words"))


def quarter_ended(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the quarter ended Sept. 30", "its fiscal fourth quarter ended June 30"."""
    end = normalize(g.get("end") or "", anchor, tense="past")
    if end.latest is None:
        return TimeValue("DATE", relative=end.relative)
    q = (end.latest.month - 1) // 3 + 1
    if g.get("q"):
        q = int(time_lexicon().words("quarters")[(g["q"] or "").lower()])
    return periods.quarter(end.latest.year, q, end.relative)


def months_ended(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the nine months ended Sept. 30": a duration."""
    n = periods.number(g.get("n"))
    return TimeValue("DURATION", durations.duration_value(n, periods.unit(g["unit"] or "")))


def clock_day(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "10 p.m. Wednesday", "noon Thursday", "Friday at 9 a.m.": the time on that day."""
    day = normalize(g.get("day") or "", anchor, tense=tense)
    clock = normalize(g.get("clock") or "", anchor, tense=tense)
    if day.earliest is None or clock.value is None or "T" not in clock.value:
        return TimeValue("TIME", relative=True)
    suffix = clock.value[clock.value.index("T") :]
    return periods.day(day.earliest, relative=day.relative, suffix=suffix)


def week_of(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the week of March 6": the ISO week that holds the day."""
    day = normalize(g.get("day") or "", anchor, tense=tense)
    if day.earliest is None or day.earliest != day.latest:
        return TimeValue("DATE", relative=day.relative)
    return periods.week(day.earliest, day.relative)


def ordinal_day(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the eighth day" (of a strike, an offensive): counted from an event's start, which
    the text seldom dates; in the present tense ("today is the eighth day", "it is the
    second day of talks") it is the day of the report."""
    if tense != "present" or anchor is None:
        return TimeValue("DATE", relative=True)
    return periods.day(anchor)


HANDLERS: dict[str, Handler] = {
    "range": time_range,
    "week_of": week_of,
    "ordinal_day": ordinal_day,
    "quarter_ended": quarter_ended,
    "months_ended": months_ended,
    "clock_day": clock_day,
    **absolute.HANDLERS,
    **relative.HANDLERS,
    **durations.HANDLERS,
    **sets.HANDLERS,
    **discourse.HANDLERS,
}


def _fallback(s: str, anchor: date | None, tense: Tense) -> TimeValue:
    """dateparser, for explicit dates the grammar does not cover ("the 10th of Jan")."""
    lex = time_lexicon()
    words = set(re.findall(r"[a-z]+", s))
    has_month = bool(words & lex.month_words)
    has_year = bool(re.search(r"\b(?:1[5-9]|20)\d\d\b", s))
    if not has_month or (anchor is None and not has_year):
        return TimeValue("DATE", relative=not has_year)
    import dateparser  # slow to import; only a few expressions get here

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if tense == "future" else "past",
        "REQUIRE_PARTS": ["month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(s, languages=["en"], settings=settings)
    if parsed is None:
        return TimeValue("DATE", relative=not has_year)
    has_day = bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", s)))
    if has_day:
        return periods.day(parsed.date(), relative=not has_year)
    return periods.month(parsed.year, parsed.month, not has_year)


class PatternTimeNormalizer:
    """:class:`storyline.records.TimeNormalizer` over the patterns of ``time_expressions.json``."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return find_time_expressions(text)

    def looks_like_time(self, text: str) -> bool:
        return looks_like_time(text)

    def words(self, name: str) -> Any:
        return time_lexicon().words(name)

    def normalize(self, text: str, anchor: date | None, *, tense: Tense = "past") -> TimeValue:
        return normalize(text, anchor, tense=tense)


@registry.misc("storyline.time_normalizer.v1")  # type: ignore[untyped-decorator]
def make_time_normalizer() -> PatternTimeNormalizer:
    """The default time normalizer (an entry point in ``pyproject.toml``)."""
    return PatternTimeNormalizer()


__all__ = ["HANDLERS", "PatternTimeNormalizer", "make_time_normalizer", "normalize"]
