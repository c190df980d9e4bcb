"""Times relative to another time of the text: "a year earlier", "the following day".

TimeML resolves such anaphoric expressions against the reference time, the last time the
text has named, not against the publication date: after "the quarter ended Sept. 30",
"a year earlier" is 1988-09-30; after "third-quarter profit", "the year-ago quarter" and
"a year ago" are the third quarter of the year before; after "May 22, 1995", "the
following year" is 1996. Without a reference the handlers give way (None), and the
expression is resolved against the anchor as any other.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...records import Tense, TimeValue
from . import periods as p
from . import relative
from .absolute import season_span
from .durations import duration_value
from .grammar import clean_expression, time_lexicon

Groups = dict[str, str | None]
_CALENDAR = re.compile(
    r"(?P<y>\d{4})(?P<rest>(?:-(?:Q[1-4]|H[12]|SP|SU|FA|WI|W\d\d|\d\d(?:-\d\d)?))?)"
)
# granularity ranks: a reference can serve a unit as coarse as itself or coarser
_RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}
_STEPS = {
    "following": 1,
    "next": 1,
    "previous": -1,
    "preceding": -1,
    "same": 0,
    "that": 0,
    "the": 0,
}


def is_reference(value: TimeValue) -> bool:
    """Can ``value`` serve later expressions as their reference time (a calendar time)?"""
    return (
        value.type in ("DATE", "TIME")
        and value.value is not None
        and bool(_CALENDAR.match(value.value))
    )


def resolve(text: str, reference: TimeValue | None, anchor: date | None) -> TimeValue | None:
    """``text`` resolved against ``reference`` when it is anaphoric, else None."""
    if reference is None or anchor is None:
        return None
    s = clean_expression(text)
    for pat in time_lexicon().patterns:
        if pat.kind in HANDLERS_WITH_REFERENCE:
            m = pat.whole.fullmatch(s)
            if m is not None:
                found = HANDLERS_WITH_REFERENCE[pat.kind](m.groupdict(), anchor, reference)
                if found is not None:
                    return found
    return None


def _granularity(value: str) -> tuple[int, str] | None:
    """The year and granularity letter of a calendar value ("1998-10" -> (1998, "M"))."""
    m = _CALENDAR.match(value)
    if m is None:
        return None
    rest = m["rest"]
    if not rest:
        return int(m["y"]), "Y"
    if rest[1] in "QH" or rest[1:] in ("SP", "SU", "FA", "WI"):
        return int(m["y"]), "Q"
    if rest[1] == "W":
        return int(m["y"]), "W"
    return int(m["y"]), ("D" if len(rest) > 3 else "M")


def shift(reference: TimeValue, n: int, unit: str) -> TimeValue | None:
    """``reference`` moved by ``n`` units, at its own granularity ("1989-Q3" - 1Y = "1988-Q3")."""
    value = reference.value or ""
    found = _granularity(value)
    if found is None or reference.earliest is None:
        return None
    year, grain = found
    if _RANK.get(unit, 0) < _RANK[grain] and not (unit == "M" and grain == "Q" and n % 3 == 0):
        return None  # "a day earlier" than "October" names no day
    rest = value[4:]
    if unit == "Y" and grain in ("Y", "Q") and rest[1:2] in ("", "Q", "H", "S", "F", "W"):
        if not rest:
            return p.year(year + n, True)
        if rest[1] == "Q":
            return p.quarter(year + n, int(rest[2]), True)
        if rest[1] == "H":
            lo, hi = (1, 6) if rest[2] == "1" else (7, 12)
            first, last = date(year + n, lo, 1), p.month_end(year + n, hi)
            return TimeValue("DATE", f"{year + n:04d}{rest}", first, last, True)
        start, end = season_span(year + n, rest[1:], None)
        return TimeValue("DATE", f"{year + n:04d}{rest}", start, end, True)
    if grain == "Q" and rest[1] == "Q" and unit == "M":
        q = (year * 4 + int(rest[2]) - 1) + n // 3
        return p.quarter(q // 4, q % 4 + 1, True)
    if grain == "W":
        return p.week(p.shift(reference.earliest, n, unit))
    moved = p.shift(reference.earliest, n, unit)
    if grain == "M":
        return p.month(moved.year, moved.month, True)
    return p.day(moved)


def _with_reference_shift(g: Groups, anchor: date, reference: TimeValue) -> TimeValue | None:
    """ "a year earlier", "two days later", "the year-ago quarter", "a year ago" (of quarters)."""
    unit = p.unit(g.get("unit") or "year")
    n = p.number(g.get("n")) if g.get("n") else 1.0
    if n is None or n != int(n) or unit not in _RANK:
        return None
    direction = (g.get("dir") or "").lower()
    if direction == "ago":
        # "a year ago", "the year-ago quarter" count from the report; a quarter (or half)
        # of the report's year under discussion gives the granularity
        quarter = re.fullmatch(r"(\d{4})-[QH][1-4]", reference.value or "")
        if quarter is not None and int(quarter[1]) == anchor.year:
            return shift(reference, -int(n), unit)
        day = reference.earliest
        recent = day is not None and 0 <= (anchor - day).days <= 366
        if g.get("of") and recent and day is not None and unit == "Y":
            # "the year-ago quarter" after "the quarter ended Sept. 30"
            return p.quarter(day.year - int(n), (day.month - 1) // 3 + 1, True)
        if g.get("of"):  # "the year-ago period" after a quarter ahead: the last one ended
            return _shift_as_duration(g, anchor, "past")
        if g.get("n") or unit != "Y":
            return None
        return p.year(anchor.year - int(n), True)
    return shift(reference, -int(n) if direction == "earlier" else int(n), unit)


def _with_reference_unit(g: Groups, anchor: date, reference: TimeValue) -> TimeValue | None:
    """ "the following year", "the next day", "that year", "later that day", "the next morning"."""
    word = (g.get("unit") or "").lower()
    step = _STEPS.get((g.get("rel") or "that").lower().split()[-1], 0)
    found = _granularity(reference.value or "")
    if found is None or reference.earliest is None:
        return None
    year, grain = found
    if word == "year":
        return p.year(year + step, True)
    if word == "quarter":
        return shift(reference, 3 * step, "M") if grain == "Q" else None
    if word == "month":
        return (
            shift(p.month(reference.earliest.year, reference.earliest.month, True), step, "M")
            if grain in ("D", "M")
            else None
        )
    if word == "week":
        return p.week(reference.earliest + timedelta(weeks=step)) if grain in ("D", "W") else None
    if grain != "D":
        return None
    day = reference.earliest + timedelta(days=step)
    if word == "day":
        return p.day(day)
    return p.day(day, suffix="T" + p.day_part(word))


def _with_reference_quarter(g: Groups, anchor: date, reference: TimeValue) -> TimeValue | None:
    """ "the quarter", "the latest period": the quarter under discussion."""
    if re.fullmatch(r"\d{4}-Q[1-4]", reference.value or ""):
        return reference
    found = _granularity(reference.value or "")
    day = reference.earliest
    if found is not None and found[1] in "DM" and day and 0 <= (anchor - day).days <= 366:
        quarter = p.quarter(day.year, (day.month - 1) // 3 + 1, True)  # "... ended Sept. 30"
        if quarter.latest is not None and quarter.latest < anchor:  # reported once ended
            return quarter
    return None


def _with_reference_weekday(g: Groups, anchor: date, reference: TimeValue) -> TimeValue | None:
    """ "the previous Friday", "the following Monday": counted from the reference day."""
    found = _granularity(reference.value or "")
    if found is None or found[1] != "D" or reference.earliest is None:
        return None
    wd = int(time_lexicon().words("weekdays")[(g.get("weekday") or "").lower()])
    day = reference.earliest
    if (g.get("rel") or "").lower().split()[-1] in ("previous", "preceding"):
        return p.day(day - timedelta(days=(day.weekday() - wd) % 7 or 7))
    return p.day(day + timedelta(days=(wd - day.weekday()) % 7 or 7))


def _last_quarter(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the quarter", "the latest period" with no quarter named before: the last one that
    has ended."""
    if anchor is None or (g.get("unit") or g.get("unit2") or "").lower() not in _QUARTERS:
        return None
    current = (anchor.month - 1) // 3 + 1
    year, q = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
    return p.quarter(year, q, True)


_QUARTERS = frozenset({"quarter", "period"})


def _no_reference(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    return None


def _shift_as_duration(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "a day earlier", "a minute and a half later" with nothing to count from: a duration;
    "the quarter a year ago", "the year-earlier quarter": the last quarter ended, a year back."""
    if g.get("of") and anchor is not None:
        last = _last_quarter({"unit": "quarter"}, anchor, tense)
        return shift(last, -1, "Y") if last is not None else None
    if (g.get("dir") or "").lower() not in ("earlier", "later") or not g.get("unit"):
        return None
    n = p.number(g.get("n")) if g.get("n") else 1.0
    if n is not None and (g.get("half") or ""):
        n += 0.5
    return TimeValue("DURATION", duration_value(n, p.unit(g["unit"] or "")))


def _clock_on_reference_day(g: Groups, anchor: date, reference: TimeValue) -> TimeValue | None:
    """ "at 10 p.m." after "on Oct. 23": a clock time without a day is on the day under
    discussion."""
    found = _granularity(reference.value or "")
    if found is None or found[1] != "D" or reference.earliest is None:
        return None
    return relative.clock(g, reference.earliest, "past")


HANDLERS_WITH_REFERENCE = {
    "clock": _clock_on_reference_day,
    "anaphor_shift": _with_reference_shift,
    "anaphor_unit": _with_reference_unit,
    "anaphor_quarter": _with_reference_quarter,
    "anaphor_weekday": _with_reference_weekday,
}
#: for :func:`.normalise.normalize`, which has no reference: give way to the next pattern
HANDLERS = {
    "anaphor_shift": _shift_as_duration,
    "anaphor_unit": _no_reference,
    "anaphor_quarter": _last_quarter,
    "anaphor_weekday": _no_reference,
}

__all__ = ["HANDLERS", "is_reference", "resolve", "shift"]
