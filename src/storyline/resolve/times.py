"""Normalise time expressions TIMEX3-style against an anchor date (no spaCy).

The grammar lives in ``data/time_expressions.json`` (loaded by :mod:`.time_grammar`): word
lists and patterns, each pattern with a ``kind`` that names its normaliser here.
:func:`normalize` turns one expression into a :class:`TimeValue`;
:func:`find_time_expressions` finds candidate expressions in raw text for the extractor.

Relative expressions ("Monday", "four years ago", "the weekend") need an anchor: without
one their value stays ``None``; absolute ones ("January 10, 2019", "2014") resolve anyway.
Fuzzy ones get an ``earliest``/``latest`` interval beside their value ("mid-September" is
``2018-09`` from the 11th to the 20th).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from spacy.util import registry

from ..records import Tense, TimeValue
from .time_grammar import (
    TimeLexicon,
    TimePattern,
    clean_expression,
    find_time_expressions,
    looks_like_time,
    time_lexicon,
)

#: TIMEX3 unit letters of the data file's unit codes, and how to write n of them.
_DURATION_UNIT = {"S": "TS", "MIN": "TM", "H": "TH", "D": "D", "W": "W", "M": "M", "Y": "Y"}
_SMALLER = {"Y": (12, "M"), "M": (4, "W"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MIN")}
_PAST_RELS = {"last", "past", "previous", "preceding", "this past"}
_FUTURE_RELS = {"next", "coming", "following", "upcoming", "this coming"}


# --- normalization ----------------------------------------------------------------------


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
    lex = time_lexicon()
    for pat in lex.patterns:
        m = pat.whole.fullmatch(s)
        if m is None:
            continue
        result = _HANDLERS[pat.kind](m.groupdict(), anchor, tense)
        if result is not None:
            return result
    return _fallback(s, anchor, tense)


# helpers on dates


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    year, month = divmod(total, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (negative: back)."""
    if unit in ("S", "MIN", "H"):
        return d + timedelta(hours=n if unit == "H" else 0)
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "FN"):
        return d + timedelta(weeks=n * (2 if unit == "FN" else 1))
    months = {"M": 1, "Y": 12, "DE": 120, "CE": 1200}[unit]
    return _add_months(d, round(n * months))


def _day(d: date, relative: bool = True, suffix: str = "") -> TimeValue:
    return TimeValue("TIME" if suffix else "DATE", d.isoformat() + suffix, d, d, relative)


def _week(d: date, relative: bool = True) -> TimeValue:
    year, week, _ = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return TimeValue("DATE", f"{year}-W{week:02d}", monday, monday + timedelta(days=6), relative)


def _month(year: int, month: int, relative: bool, part: str | None = None) -> TimeValue:
    first, last = 1, calendar.monthrange(year, month)[1]
    if part:
        lo, hi = time_lexicon().words("part_days")[part]
        first, last = lo, min(hi, last)
    value = f"{year:04d}-{month:02d}"
    return TimeValue("DATE", value, date(year, month, first), date(year, month, last), relative)


def _year(year: int, relative: bool, part: str | None = None) -> TimeValue:
    lo, hi = (1, 12)
    if part:
        lo, hi = time_lexicon().words("part_months")[part]
    return TimeValue("DATE", f"{year:04d}", date(year, lo, 1), _month_end(year, hi), relative)


def _decade(first_year: int, relative: bool, part: str | None = None) -> TimeValue:
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


def _at_granularity(d: date, unit: str, relative: bool = True) -> TimeValue:
    """The day, week, month, year, decade or century holding ``d``."""
    if unit in ("S", "MIN", "H", "D"):
        return _day(d, relative)
    if unit in ("W", "FN"):
        return _week(d, relative)
    if unit == "M":
        return _month(d.year, d.month, relative)
    if unit == "Y":
        return _year(d.year, relative)
    if unit == "DE":
        return _decade(d.year - d.year % 10, relative)
    century = d.year // 100
    return TimeValue(
        "DATE",
        f"{century:02d}",
        date(century * 100, 1, 1),
        date(century * 100 + 99, 12, 31),
        relative,
    )


def _number(word: str | None) -> float | None:
    """The number a numeral stands for; None for a vague one ("several") or none."""
    if not word:
        return None
    w = " ".join(word.lower().split())
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    numbers: dict[str, float] = time_lexicon().words("numbers")
    if w in numbers:
        return float(numbers[w])
    if "-" in w:
        tens, _, ones = w.partition("-")
        if tens in numbers and ones in numbers:
            return float(numbers[tens] + numbers[ones])
    return None


def _unit(word: str) -> str:
    return str(time_lexicon().words("units")[" ".join(word.lower().split())])


def _duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P3W, PT30M, P2.5Y, PXY for a vague amount."""
    if unit == "FN":
        n, unit = (None if n is None else n * 2), "W"
    elif unit in ("DE", "CE"):
        n, unit = (None if n is None else n * (10 if unit == "DE" else 100)), "Y"
    while n is not None and n < 1 and unit in _SMALLER:
        factor, smaller = _SMALLER[unit]
        if (n * factor) != int(n * factor) and smaller not in _SMALLER:
            break
        n, unit = n * factor, smaller
    letters = _DURATION_UNIT[unit]
    amount = "X" if n is None else (str(int(n)) if n == int(n) else f"{n:g}")
    return f"PT{amount}{letters[1:]}" if letters.startswith("T") else f"P{amount}{letters}"


def _pick_year(
    anchor: date, tense: Tense, span_of: Callable[[int], tuple[date, date]], rel: str | None
) -> int:
    """The year of a period given without one ("mid-September", "last summer").

    Past tense: the latest such period that has begun by the anchor; future: the first one
    that has not ended; present: the anchor's year. "last" wants one that has ended, "next"
    one that has not begun, "this" the anchor's year.
    """
    year = anchor.year
    if rel in ("this", "current") or (rel is None and tense == "present"):
        return year
    if rel in _PAST_RELS:
        while span_of(year)[1] >= anchor:
            year -= 1
        return year
    if rel in _FUTURE_RELS:
        while span_of(year)[0] <= anchor:
            year += 1
        return year
    if tense == "future":
        while span_of(year)[1] < anchor:
            year += 1
        while span_of(year - 1)[1] >= anchor:
            year -= 1
        return year
    while span_of(year)[0] > anchor:
        year -= 1
    while span_of(year + 1)[0] <= anchor:
        year += 1
    return year


def _part(word: str | None) -> str | None:
    if not word:
        return None
    return str(time_lexicon().words("parts")[" ".join(word.lower().split())])


# handlers: groupdict, anchor, tense -> TimeValue, or None to try the next pattern

Groups = dict[str, str | None]


def _h_iso_date(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    try:
        d = date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
    except ValueError:
        return None
    return _day(d, relative=False)


def _month_number(word: str | None) -> int:
    w = (word or "").lower()
    months: dict[str, int] = time_lexicon().words("months")
    return months.get(w) or months[w.rstrip(".")]


def _h_date(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    month = _month_number(g["month"])
    day = int(re.sub(r"\D", "", g["d"] or ""))
    if g.get("y"):
        try:
            return _day(date(int(g["y"] or 0), month, day), relative=False)
        except ValueError:
            return None
    if anchor is None:
        return TimeValue("DATE", relative=True)
    weekday = g.get("weekday")
    if weekday:
        wd = time_lexicon().words("weekdays")[weekday.lower()]
        for year in (anchor.year, anchor.year - 1, anchor.year + 1):
            try:
                if date(year, month, day).weekday() == wd:
                    return _day(date(year, month, day))
            except ValueError:
                continue

    def span_of(year: int) -> tuple[date, date]:
        d = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        return d, d

    year = _pick_year(anchor, tense, span_of, None)
    try:
        return _day(date(year, month, day))
    except ValueError:
        return None


def _h_numeric_date(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    a, b, y = int(g["a"] or 0), int(g["b"] or 0), int(g["y"] or 0)
    if y < 100:
        y += 2000 if y < 50 else 1900
    month, day = (b, a) if a > 12 else (a, b)
    try:
        return _day(date(y, month, day), relative=False)
    except ValueError:
        return None


def _h_month(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    month = _month_number(g["month"])
    part = _part(g.get("part"))
    if g.get("y"):
        return _month(int(g["y"] or 0), month, False, part)
    if anchor is None:
        return TimeValue("DATE", relative=True)
    if g.get("rel2"):  # "January next year"
        step = int(time_lexicon().words("relatives")[(g["rel2"] or "").lower()])
        return _month(anchor.year + step, month, True, part)
    rel = (g.get("rel") or "").lower() or None
    year = _pick_year(anchor, tense, lambda y: (date(y, month, 1), _month_end(y, month)), rel)
    return _month(year, month, True, part)


def _season_span(year: int, code: str, part: str | None) -> tuple[date, date]:
    lo, hi = time_lexicon().words("season_months")[code]
    start = date(year, lo, 1)
    end_year = year + 1 if hi < lo else year
    if part:
        months = [_add_months(start, i) for i in range(3)]
        pick = {"START": 0, "MID": 1, "END": 2}[part]
        return months[pick], _month_end(months[pick].year, months[pick].month)
    return start, _month_end(end_year, hi)


def _h_season(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    word = (g.get("season") or g.get("season2") or "").lower()
    code = str(time_lexicon().words("seasons")[word])
    part = _part(g.get("part"))
    rel = (g.get("rel") or "").lower() or None
    if g.get("y"):
        year, relative = int(g["y"] or 0), False
    elif anchor is None:
        return TimeValue("DATE", relative=True)
    else:
        relative = True
        if rel in ("this", "current"):
            year = anchor.year - (1 if code == "WI" and anchor.month <= 2 else 0)
        else:
            year = _pick_year(anchor, tense, lambda y: _season_span(y, code, None), rel)
    lo, hi = _season_span(year, code, part)
    return TimeValue("DATE", f"{year:04d}-{code}", lo, hi, relative)


def _quarter(year: int, q: int, relative: bool) -> TimeValue:
    start = date(year, 3 * q - 2, 1)
    return TimeValue("DATE", f"{year:04d}-Q{q}", start, _month_end(year, 3 * q), relative)


def _h_quarter(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    word = (g.get("q") or "").lower()
    if g.get("qn"):
        return _quarter(int(g["y"] or 0), int(g["qn"] or 0), False)
    if word == "last" and not g.get("y") and not g.get("rel"):
        if anchor is None:
            return TimeValue("DATE", relative=True)
        current = (anchor.month - 1) // 3 + 1
        year, q = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
        return _quarter(year, q, True)
    q = 4 if word == "last" else int(time_lexicon().words("quarters")[word])
    if g.get("y"):
        return _quarter(int(g["y"] or 0), q, False)
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g.get("rel") or "").lower()
    year = anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    if not rel or rel == "the":
        year = _pick_year(
            anchor, tense, lambda y: (date(y, 3 * q - 2, 1), _month_end(y, 3 * q)), None
        )
    return _quarter(year, q, True)


def _h_half(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    h = 1 if (g.get("h") or "").lower() == "first" else 2
    if g.get("y"):
        year, relative = int(g["y"] or 0), False
    elif anchor is None:
        return TimeValue("DATE", relative=True)
    else:
        year, relative = anchor.year, True
    start = date(year, 1 if h == 1 else 7, 1)
    end = _month_end(year, 6 if h == 1 else 12)
    return TimeValue("DATE", f"{year:04d}-H{h}", start, end, relative)


def _h_year_part(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    return _year(int(g["y"] or 0), False, _part(g.get("part")))


def _h_decade(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    part = _part(g.get("part"))
    if g.get("dec"):
        return _decade(int(g["dec"] or 0), False, part)
    two = int(g.get("dec2") or 0)
    limit = anchor.year if anchor else 2100
    first = 2000 + two if 2000 + two <= limit else 1900 + two
    return _decade(first, False, part)


def _h_century(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    c = int(g["c"] or 0) - 1
    return TimeValue(
        "DATE", f"{c:02d}", date(c * 100, 1, 1) if c else None, date(c * 100 + 99, 12, 31), False
    )


def _h_year(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    return _year(int(g["y"] or 0), False)


def _h_day_word(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    word = " ".join((g["day"] or "").lower().split())
    part = (g.get("daypart") or "").lower()
    if word == "tonight":
        part = "night"
    suffix = "T" + time_lexicon().words("day_parts")[part] if part else ""
    if anchor is None:
        return TimeValue("TIME" if suffix else "DATE", relative=True)
    offset = int(time_lexicon().words("day_words")[word])
    return _day(anchor + timedelta(days=offset), suffix=suffix if word != "tonight" else "TNI")


def _h_day_part(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    rel = " ".join((g["rel"] or "").lower().split())
    part = (g["daypart"] or "").lower()
    suffix = "T" + time_lexicon().words("day_parts")[part]
    if anchor is None:
        return TimeValue("TIME", relative=True)
    back = rel in ("last", "yesterday", "late last") or (rel == "last" and part == "night")
    offset = -1 if back else (1 if rel == "tomorrow" else 0)
    return _day(anchor + timedelta(days=offset), suffix=suffix)


def _h_weekday(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    wd = int(time_lexicon().words("weekdays")[(g["weekday"] or "").lower()])
    part = (g.get("daypart") or "").lower()
    suffix = "T" + time_lexicon().words("day_parts")[part] if part else ""
    if anchor is None:
        return TimeValue("TIME" if suffix else "DATE", relative=True)
    rel = " ".join((g.get("rel") or "").lower().split())
    week = (g.get("week") or "").lower()
    today = anchor.weekday()
    if week:
        monday = anchor - timedelta(days=today) + timedelta(weeks=-1 if week == "last" else 1)
        d = monday + timedelta(days=wd)
    elif rel in _PAST_RELS:
        d = anchor - timedelta(days=(today - wd) % 7 or 7)
    elif rel in _FUTURE_RELS:
        d = anchor + timedelta(days=(wd - today) % 7 or 7)
    elif rel == "this":
        d = anchor - timedelta(days=today) + timedelta(days=wd)
    elif tense in ("future", "present"):  # "talks resume Monday"
        d = anchor + timedelta(days=(wd - today) % 7)
    else:
        d = anchor - timedelta(days=(today - wd) % 7)
    return _day(d, suffix=suffix)


def _h_weekend(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g.get("rel") or "").lower()
    today = anchor.weekday()
    monday = anchor - timedelta(days=today)
    if rel in ("this", "current"):
        saturday = monday + timedelta(days=5)
    elif rel in _PAST_RELS:
        sunday = anchor - timedelta(days=(today - 6) % 7 or 7)
        saturday = sunday - timedelta(days=1)
    elif rel in _FUTURE_RELS:
        saturday = monday + timedelta(days=5 + (7 if today >= 5 else 0))
    elif tense in ("future", "present"):
        saturday = (
            anchor - timedelta(days=1) if today == 6 else anchor + timedelta(days=(5 - today) % 7)
        )
    else:
        saturday = anchor - timedelta(days=(today - 5) % 7)
    year, week, _ = saturday.isocalendar()
    return TimeValue("DATE", f"{year}-W{week:02d}-WE", saturday, saturday + timedelta(days=1), True)


def _h_part_unit(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    if anchor is None:
        return TimeValue("DATE", relative=True)
    part = _part(g.get("part"))
    unit = (g.get("unit") or "").lower()
    if unit == "year":
        return _year(anchor.year, True, part)
    if unit == "month":
        return _month(anchor.year, anchor.month, True, part)
    return _week(anchor)


def _h_around_unit(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    if anchor is None:
        return TimeValue("DATE", relative=True)
    unit = _unit(g["unit"] or "")
    whole = _at_granularity(anchor, unit)
    if (g.get("when") or "").lower() in ("earlier", "early"):
        return TimeValue("DATE", whole.value, whole.earliest, anchor, True)
    return TimeValue("DATE", whole.value, anchor, whole.latest, True)


def _h_past_n(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    rel = (g["rel"] or "").lower()
    unit_word = (g["unit"] or "").lower()
    unit = _unit(unit_word)
    if not g.get("n") and rel in ("next", "following", "previous", "preceding"):
        if not unit_word.endswith("s"):
            return TimeValue("DATE", relative=True)  # "the next day": relative to an event
    n = _number(g.get("n")) if g.get("n") else 1.0
    value = _duration_value(n, unit)
    if anchor is None or n is None:
        return TimeValue("DURATION", value, relative=anchor is None)
    if rel in _FUTURE_RELS:
        return TimeValue("DURATION", value, anchor, _shift(anchor, n, unit), True)
    return TimeValue("DURATION", value, _shift(anchor, -n, unit), anchor, True)


def _h_rel_unit(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g["rel"] or "").lower()
    step = int(time_lexicon().words("relatives")[rel])
    unit_word = (g["unit"] or "").lower()
    if unit_word == "quarter":
        current = (anchor.month - 1) // 3 + step
        year, q = anchor.year + (current // 4), current % 4 + 1
        return _quarter(year, q, True)
    unit = _unit(unit_word)
    return _at_granularity(_shift(anchor, step, unit), unit)


def _h_ago(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    unit = _unit(g["unit"] or "")
    n = _number(g.get("n")) if g.get("n") else None
    if anchor is None:
        return TimeValue("DATE", relative=True)
    if n is None:
        return TimeValue("DATE", "PAST_REF", None, anchor, True)
    return _at_granularity(_shift(anchor, -n, unit), unit)


def _h_vague_ago(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    return TimeValue("DATE", "PAST_REF", None, anchor, True)


def _h_set(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    if g.get("word"):
        return TimeValue("SET", time_lexicon().words("sets")[(g["word"] or "").lower()])
    if g.get("weekday"):
        wd = int(time_lexicon().words("weekdays")[(g["weekday"] or "").lower()])
        return TimeValue("SET", f"XXXX-WXX-{wd + 1}")
    unit_word = (g.get("unit") or g.get("unit2") or "").lower()
    if unit_word == "weekend":
        return TimeValue("SET", "XXXX-WXX-WE")
    if unit_word in ("morning", "evening", "night"):
        return TimeValue("SET", "T" + time_lexicon().words("day_parts")[unit_word])
    n = _number(g.get("n")) if g.get("n") else 1.0
    return TimeValue("SET", _duration_value(n, _unit(unit_word)))


def _h_duration(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    unit = _unit(g["unit"] or "")
    n = _number(g.get("n")) if g.get("n") else None
    if n is not None and (g.get("half") or g.get("half2")):
        n += 0.5
    return TimeValue("DURATION", _duration_value(n, unit))


def _h_reference(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    value = str(time_lexicon().words("references")[" ".join((g["ref"] or "").lower().split())])
    if value == "PRESENT_REF":
        return TimeValue("DATE", value, anchor, anchor, True)
    if value == "PAST_REF":
        return TimeValue("DATE", value, None, anchor, True)
    return TimeValue("DATE", value, anchor, None, True)


def _h_clock(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    word = (g.get("word") or "").lower()
    if word:
        hour, minute = (0, 0) if word == "midnight" else (12, 0)
    else:
        hour, minute = int(g["h"] or 0), int(g.get("mi") or 0)
        ampm = (g.get("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    tz = (g.get("tz") or "").lower()
    suffix = f"T{hour:02d}:{minute:02d}" + ("Z" if tz in ("gmt", "utc") else "")
    if anchor is None:
        return TimeValue("TIME", relative=True)
    return _day(anchor, suffix=suffix)


def _h_range(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    a_text, b_text = g.get("a") or g.get("a2") or "", g.get("b") or g.get("b2") or ""
    year = re.search(r"\d{4}$", b_text)
    if year and not re.search(r"\d{4}", a_text):
        a_text = f"{a_text} {year[0]}"  # "March to May 2018"
    first = normalize(a_text, anchor, tense=tense)
    if first.earliest is None:
        return TimeValue("DURATION", relative=first.relative)
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
        value = f"P{(date.fromisoformat(b) - date.fromisoformat(a)).days}D"
    return TimeValue(
        "DURATION", value, first.earliest, second.latest, first.relative or second.relative
    )


_HANDLERS: dict[str, Callable[[Groups, date | None, Tense], TimeValue | None]] = {
    "iso_date": _h_iso_date,
    "range": _h_range,
    "date": _h_date,
    "numeric_date": _h_numeric_date,
    "month": _h_month,
    "season": _h_season,
    "quarter": _h_quarter,
    "half": _h_half,
    "year_part": _h_year_part,
    "decade": _h_decade,
    "century": _h_century,
    "year": _h_year,
    "day_word": _h_day_word,
    "day_part": _h_day_part,
    "weekday": _h_weekday,
    "weekend": _h_weekend,
    "part_unit": _h_part_unit,
    "around_unit": _h_around_unit,
    "past_n": _h_past_n,
    "rel_unit": _h_rel_unit,
    "ago": _h_ago,
    "vague_ago": _h_vague_ago,
    "set": _h_set,
    "duration": _h_duration,
    "reference": _h_reference,
    "clock": _h_clock,
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
        return _day(parsed.date(), relative=not has_year)
    return _month(parsed.year, parsed.month, not has_year)


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


__all__ = [
    "PatternTimeNormalizer",
    "TimeLexicon",
    "TimePattern",
    "TimeValue",
    "clean_expression",
    "find_time_expressions",
    "looks_like_time",
    "make_time_normalizer",
    "normalize",
    "time_lexicon",
]
