"""Handlers for calendar dates: days, months, seasons, quarters, halves, years, decades.

Each handler takes the pattern's named groups, the anchor and the tense, and returns a
:class:`~storyline.records.TimeValue`, or None to let the next pattern try. A date given
without its year ("March 30", "October", "last summer") takes its year from the anchor
and the tense (:func:`.periods.pick_year`).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ...records import Tense, TimeValue
from . import periods as p
from .grammar import time_lexicon

Groups = dict[str, str | None]


def iso_date(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """2019-02-12."""
    try:
        d = date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
    except ValueError:
        return None
    return p.day(d, relative=False)


def month_day(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "March 30", "Friday, March 30", "March 30, 2018", "30 March"."""
    month = p.month_number(g["month"])
    number = int(re.sub(r"\D", "", g["d"] or ""))
    if g.get("y"):
        try:
            return p.day(date(int(g["y"] or 0), month, number), relative=False)
        except ValueError:
            return None
    if anchor is None:
        return TimeValue("DATE", relative=True)
    weekday = g.get("weekday")
    if weekday:
        wd = time_lexicon().words("weekdays")[weekday.lower()]
        for year in (anchor.year, anchor.year - 1, anchor.year + 1):
            try:
                if date(year, month, number).weekday() == wd:
                    return p.day(date(year, month, number))
            except ValueError:
                continue

    def span_of(year: int) -> tuple[date, date]:
        d = date(year, month, min(number, calendar.monthrange(year, month)[1]))
        return d, d

    rel = " ".join((g.get("rel") or "").lower().split()) or None  # "last Oct. 23"
    year = p.pick_year(anchor, tense, span_of, rel)
    try:
        return p.day(date(year, month, number))
    except ValueError:
        return None


def numeric_date(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """12/02/2019, 2.12.19 (day first when the first number cannot be a month)."""
    a, b, y = int(g["a"] or 0), int(g["b"] or 0), int(g["y"] or 0)
    if y < 100:
        y += 2000 if y < 50 else 1900
    month, number = (b, a) if a > 12 else (a, b)
    try:
        return p.day(date(y, month, number), relative=False)
    except ValueError:
        return None


def month(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "October", "mid-September", "January next year", "June 2005"."""
    number = p.month_number(g["month"])
    part = p.part(g.get("part"))
    if g.get("y"):
        return p.month(int(g["y"] or 0), number, False, part)
    if anchor is None:
        return TimeValue("DATE", relative=True)
    if g.get("rel2"):  # "January next year"
        step = int(time_lexicon().words("relatives")[(g["rel2"] or "").lower()])
        return p.month(anchor.year + step, number, True, part)
    rel = (g.get("rel") or "").lower() or None
    year = p.pick_year(anchor, tense, lambda y: (date(y, number, 1), p.month_end(y, number)), rel)
    return p.month(year, number, True, part)


def season_span(year: int, code: str, part: str | None) -> tuple[date, date]:
    """The months of a season ("WI" runs into the next year), or one of them."""
    lo, hi = time_lexicon().words("season_months")[code]
    start = date(year, lo, 1)
    end_year = year + 1 if hi < lo else year
    if part:
        months = [p.add_months(start, i) for i in range(3)]
        pick = {"START": 0, "MID": 1, "END": 2}[part]
        return months[pick], p.month_end(months[pick].year, months[pick].month)
    return start, p.month_end(end_year, hi)


def season(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "last summer", "the spring of 2005", "late autumn"."""
    word = (g.get("season") or g.get("season2") or "").lower()
    code = str(time_lexicon().words("seasons")[word])
    part = p.part(g.get("part"))
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
            year = p.pick_year(anchor, tense, lambda y: season_span(y, code, None), rel)
    lo, hi = season_span(year, code, part)
    return TimeValue("DATE", f"{year:04d}-{code}", lo, hi, relative)


def quarter(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the third quarter", "Q3 2005", "the last quarter", "next year's first quarter"."""
    word = (g.get("q") or "").lower()
    if g.get("qn"):
        return p.quarter(int(g["y"] or 0), int(g["qn"] or 0), False)
    if word == "last" and not g.get("y") and not g.get("rel"):
        if anchor is None:
            return TimeValue("DATE", relative=True)
        current = (anchor.month - 1) // 3 + 1
        year, q = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
        return p.quarter(year, q, True)
    q = 4 if word == "last" else int(time_lexicon().words("quarters")[word])
    if g.get("y"):
        return p.quarter(int(g["y"] or 0), q, False)
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g.get("rel") or "").lower()
    year = anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    if g.get("fiscal") and not rel:
        pass  # a fiscal quarter is named by the fiscal year the report is in
    elif not rel or rel == "the":
        # results are reported after a quarter ends: the nearest such quarter, whatever
        # the tense ("expects to report a profit for the third quarter" in October)
        year = p.pick_year(
            anchor, "none", lambda y: (date(y, 3 * q - 2, 1), p.month_end(y, 3 * q)), None
        )
    return p.quarter(year, q, True)


def half(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the first half", "the second half of 2005"."""
    h = 1 if (g.get("h") or g.get("hq") or "").lower() == "first" else 2
    if g.get("y"):
        year, relative = int(g["y"] or 0), False
    elif anchor is None:
        return TimeValue("DATE", relative=True)
    else:
        year, relative = anchor.year, True
    start = date(year, 1 if h == 1 else 7, 1)
    end = p.month_end(year, 6 if h == 1 else 12)
    return TimeValue("DATE", f"{year:04d}-H{h}", start, end, relative)


def year_part(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "early 2005", "mid-2005"."""
    return p.year(int(g["y"] or 0), False, p.part(g.get("part")))


def decade(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the 1990s", "the late '80s", "the '60s" (the latest such decade by the anchor)."""
    part = p.part(g.get("part"))
    if g.get("dec"):
        return p.decade(int(g["dec"] or 0), False, part)
    words = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties")
    decw = (g.get("decw") or "").lower()  # "the nineties"
    two = (words + ("nineties",)).index(decw) * 10 + 20 if decw else int(g.get("dec2") or 0)
    limit = anchor.year if anchor else 2100
    first = 2000 + two if 2000 + two <= limit else 1900 + two
    return p.decade(first, False, part)


def century(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the 20th century" is TIMEX3 "19": the years 1900-1999."""
    return p.century(int(g["c"] or 0) - 1, False)


def year(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "2005", "in 2005"."""
    return p.year(int(g["y"] or 0), False)


def year_end(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "by year-end", "since year-end": the last day of a year, by the tense."""
    if anchor is None:
        return TimeValue("DATE", relative=True)
    year = p.pick_year(anchor, tense, lambda y: (date(y, 12, 31), date(y, 12, 31)), None)
    return p.day(date(year, 12, 31))


def holiday(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "Thanksgiving", "last Christmas", "Election Day 2004": the named day of that year."""
    rule = time_lexicon().words("holidays")[" ".join((g.get("holiday") or "").lower().split())]

    def on(year: int) -> date:
        d = date(year, rule[0], rule[1])
        return d + timedelta(days=(rule[2] - d.weekday()) % 7) if len(rule) > 2 else d

    if g.get("y"):
        return p.day(on(int(g["y"] or 0)), relative=False)
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g.get("rel") or "").lower() or None
    return p.day(on(p.pick_year(anchor, tense, lambda y: (on(y), on(y)), rel)))


HANDLERS = {
    "holiday": holiday,
    "year_end": year_end,
    "iso_date": iso_date,
    "date": month_day,
    "numeric_date": numeric_date,
    "month": month,
    "season": season,
    "quarter": quarter,
    "half": half,
    "year_part": year_part,
    "decade": decade,
    "century": century,
    "year": year,
}

__all__ = ["HANDLERS", "season_span"]
