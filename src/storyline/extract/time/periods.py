"""Calendar periods as TIMEX3 values, and the words of the grammar that name them.

A period is a :class:`~storyline.records.TimeValue`: its TIMEX3 value at its own
granularity ("2005", "2005-03", "2005-W10", "199" for the 1990s, "19" for the 20th century)
and the interval ``earliest``..``latest`` that it covers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from ...records import Tense, TimeValue
from .grammar import time_lexicon

PAST_RELS = frozenset({"last", "past", "previous", "preceding", "this past"})
FUTURE_RELS = frozenset({"next", "coming", "following", "upcoming", "this coming"})


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, clipped to the end of a shorter month."""
    total = d.year * 12 + d.month - 1 + n
    year, month = divmod(total, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (negative: back)."""
    if unit in ("S", "MIN", "H"):
        return d + timedelta(hours=n if unit == "H" else 0)
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "FN"):
        return d + timedelta(weeks=n * (2 if unit == "FN" else 1))
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit]
    return add_months(d, round(n * months))


def day(d: date, relative: bool = True, suffix: str = "") -> TimeValue:
    """A day, or a time of that day when ``suffix`` is given ("T14:30", "TNI")."""
    return TimeValue("TIME" if suffix else "DATE", d.isoformat() + suffix, d, d, relative)


def week(d: date, relative: bool = True) -> TimeValue:
    """The ISO week holding ``d``."""
    year, number, _ = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return TimeValue("DATE", f"{year}-W{number:02d}", monday, monday + timedelta(days=6), relative)


def month(year: int, number: int, relative: bool, part: str | None = None) -> TimeValue:
    """A month, or its start, middle or end (``part``)."""
    first, last = 1, calendar.monthrange(year, number)[1]
    if part:
        lo, hi = time_lexicon().words("part_days")[part]
        first, last = lo, min(hi, last)
    value = f"{year:04d}-{number:02d}"
    return TimeValue("DATE", value, date(year, number, first), date(year, number, last), relative)


def year(number: int, relative: bool, part: str | None = None) -> TimeValue:
    """A year, or its start, middle or end (``part``)."""
    lo, hi = (1, 12)
    if part:
        lo, hi = time_lexicon().words("part_months")[part]
    return TimeValue("DATE", f"{number:04d}", date(number, lo, 1), month_end(number, hi), relative)


def decade(first_year: int, relative: bool, part: str | None = None) -> TimeValue:
    """A decade ("199" for the 1990s), or its early, middle or late years."""
    lo, hi = 0, 9
    if part:
        lo, hi = time_lexicon().words("part_years")[part]
    return TimeValue(
        "DATE",
        f"{first_year // 10:03d}",
        date(first_year + lo, 1, 1),
        date(first_year + hi, 12, 31),
        relative,
    )


def century(number: int, relative: bool) -> TimeValue:
    """A century by its TIMEX3 value ("19" for the 20th century: the years 1900-1999)."""
    return TimeValue(
        "DATE",
        f"{number:02d}",
        date(number * 100, 1, 1) if number else None,
        date(number * 100 + 99, 12, 31),
        relative,
    )


def quarter(number_year: int, q: int, relative: bool) -> TimeValue:
    """A quarter of a year ("2005-Q3")."""
    start = date(number_year, 3 * q - 2, 1)
    return TimeValue(
        "DATE", f"{number_year:04d}-Q{q}", start, month_end(number_year, 3 * q), relative
    )


def at_granularity(d: date, unit: str, relative: bool = True) -> TimeValue:
    """The day, week, month, year, decade or century holding ``d``."""
    if unit in ("S", "MIN", "H", "D"):
        return day(d, relative)
    if unit in ("W", "FN"):
        return week(d, relative)
    if unit == "M":
        return month(d.year, d.month, relative)
    if unit == "Q":
        return quarter(d.year, (d.month - 1) // 3 + 1, relative)
    if unit == "Y":
        return year(d.year, relative)
    if unit == "DE":
        return decade(d.year - d.year % 10, relative)
    return century(d.year // 100, relative)


def pick_year(
    anchor: date, tense: Tense, span_of: Callable[[int], tuple[date, date]], rel: str | None
) -> int:
    """The year of a period given without one ("mid-September", "last summer").

    Past tense: the latest such period that has begun by the anchor; future: the first one
    that has not ended; present or no verb: the one nearest the anchor (the earlier on a
    tie). "last" wants one that has ended, "next" one that has not begun, "this" the
    anchor's year.
    """
    number = anchor.year
    if rel in ("this", "current"):
        return number
    if rel is None and tense in ("present", "none"):
        return min((number - 1, number, number + 1), key=lambda y: _distance(anchor, span_of(y)))
    if rel in PAST_RELS:
        while span_of(number)[1] >= anchor:
            number -= 1
        return number
    if rel in FUTURE_RELS:
        while span_of(number)[0] <= anchor:
            number += 1
        return number
    if tense == "future":
        while span_of(number)[1] < anchor:
            number += 1
        while span_of(number - 1)[1] >= anchor:
            number -= 1
        return number
    while span_of(number)[0] > anchor:
        number -= 1
    while span_of(number + 1)[0] <= anchor:
        number += 1
    return number


def _distance(anchor: date, span: tuple[date, date]) -> int:
    """Days from ``anchor`` to a period (0 inside it)."""
    first, last = span
    return max((first - anchor).days, (anchor - last).days, 0)


# the words of the grammar


def number(word: str | None) -> float | None:
    """The number a numeral stands for; None for a vague one ("several") or none."""
    if not word:
        return None
    w = " ".join(word.lower().split())
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if re.fullmatch(r"\d+ 1/2", w):  # "2 1/2 years"
        return float(w.split()[0]) + 0.5
    numbers: dict[str, float] = time_lexicon().words("numbers")
    if w in numbers:
        return float(numbers[w])
    if "-" in w or " " in w:  # "twenty-four", "twenty four"
        tens, _, ones = w.replace(" ", "-").partition("-")
        if tens in numbers and ones in numbers:
            return float(numbers[tens] + numbers[ones])
    return None


def unit(word: str) -> str:
    """The unit code of a unit word ("weeks" -> "W", "decade" -> "DE")."""
    return str(time_lexicon().words("units")[" ".join(word.lower().split())])


def part(word: str | None) -> str | None:
    """The part code of "early", "mid", "late" ... (START, MID, END), or None."""
    if not word:
        return None
    return str(time_lexicon().words("parts")[" ".join(word.lower().split())])


def month_number(word: str | None) -> int:
    """The number of a month name or abbreviation."""
    w = (word or "").lower()
    months: dict[str, int] = time_lexicon().words("months")
    return months.get(w) or months[w.rstrip(".")]


def day_part(word: str) -> str:
    """The TIMEX3 code of a part of the day ("morning" -> "MO")."""
    return str(time_lexicon().words("day_parts")[word.lower()])


__all__ = [
    "FUTURE_RELS",
    "PAST_RELS",
    "add_months",
    "at_granularity",
    "century",
    "day",
    "day_part",
    "decade",
    "month",
    "month_end",
    "month_number",
    "number",
    "part",
    "pick_year",
    "quarter",
    "shift",
    "unit",
    "week",
    "year",
]
