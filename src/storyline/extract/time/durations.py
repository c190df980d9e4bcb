"""Durations (TIMEX3 ``P...`` values): "three weeks", "the past six months", "2.5 years".

A duration anchored to the report ("the past six months") also gets the interval it covers.
"""

from __future__ import annotations

from datetime import date

from ...records import Tense, TimeValue
from . import periods as p

#: TIMEX3 unit letters of the data file's unit codes, and how to write n of them.
_DURATION_UNIT = {
    "S": "TS",
    "MIN": "TM",
    "H": "TH",
    "D": "D",
    "W": "W",
    "M": "M",
    "Q": "Q",
    "Y": "Y",
}
_SMALLER = {"Y": (12, "M"), "M": (4, "W"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MIN")}

Groups = dict[str, str | None]


def duration_value(n: float | None, unit: str) -> str:
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
    # a fraction of a clock unit is written in the next smaller one ("PT1M30S"); of a
    # calendar unit, as a decimal ("P2.5Y", as MEANTIME writes it)
    if n is not None and n != int(n) and unit in ("H", "MIN"):
        factor, smaller = _SMALLER.get(unit, (60, "S"))
        rest = (n - int(n)) * factor if n is not None else 0.5
        if rest and rest == int(rest):
            return _join(_part(int(n or 0), unit), _part(int(rest), smaller))
    return _join(_part(n, unit))


def _part(n: float | None, unit: str) -> str:
    """One amount of one unit: "3W", "T30M" (a time unit carries its T)."""
    letters = _DURATION_UNIT[unit]
    amount = "X" if n is None else (str(int(n)) if n == int(n) else f"{n:g}")
    return f"T{amount}{letters[1:]}" if letters.startswith("T") else f"{amount}{letters}"


def _join(*parts: str) -> str:
    """P and the parts, with one T before the first time unit ("P1DT12H", "PT1M30S")."""
    out, timed = "P", False
    for part in parts:
        if part.startswith("T"):
            out += part if not timed else part[1:]
            timed = True
        else:
            out += part
    return out


def past_n(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the past six months", "the next two weeks", "the last year"."""
    rel = (g["rel"] or "").lower()
    unit_word = (g["unit"] or "").lower()
    unit = p.unit(unit_word)
    if not g.get("n") and rel in ("next", "following", "previous", "preceding"):
        ahead = rel == "next" and (unit in ("DE", "CE") or (tense == "future" and unit != "D"))
        if not unit_word.endswith("s") and not ahead:
            # "the next day": relative to an event; "the next decade", "will cut jobs over
            # the next year" (no time named before it) lie ahead of the report
            return TimeValue("DATE", relative=True)
    if g.get("n"):
        n = p.number(g.get("n"))
    else:  # "the past year" is one; "the coming years" some
        n = None if unit_word.endswith("s") else 1.0
    value = duration_value(n, unit)
    if anchor is None or n is None:
        return TimeValue("DURATION", value, relative=anchor is None)
    if rel in p.FUTURE_RELS:
        return TimeValue("DURATION", value, anchor, p.shift(anchor, n, unit), True)
    return TimeValue("DURATION", value, p.shift(anchor, -n, unit), anchor, True)


def duration(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "three weeks", "about six months", "two and a half years", "hours"."""
    unit = p.unit(g["unit"] or "")
    n = p.number(g.get("n")) if g.get("n") else None
    if not g.get("n") and not (g["unit"] or "").lower().endswith(("s", "ies")):
        n = 1.0  # "a year-long strike", "the year ended Sept. 30"
    if n is not None and (g.get("half") or g.get("half2")):
        n += 0.5
    return TimeValue("DURATION", duration_value(n, unit))


def duration_range(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "two to three weeks", "the next 12 to 18 months": a span of time whose length is
    not one number, written with an unspecified amount (TimeML's "PXW")."""
    return TimeValue("DURATION", duration_value(None, p.unit(g["unit"] or "")))


HANDLERS = {"past_n": past_n, "duration": duration, "duration_range": duration_range}

__all__ = ["HANDLERS", "duration_value"]
