"""Handlers for times relative to the anchor: days, weekdays, weeks, clock times, "ago".

"yesterday", "Monday", "last week", "this weekend", "four years ago", "3 p.m.", "now":
without an anchor their value stays None.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...records import Tense, TimeValue
from . import periods as p
from .grammar import time_lexicon

Groups = dict[str, str | None]


def day_word(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "today", "yesterday morning", "tonight"."""
    word = " ".join((g["day"] or "").lower().split())
    part = (g.get("daypart") or "").lower()
    if word == "tonight":
        part = "night"
    suffix = "T" + p.day_part(part) if part else ""
    if anchor is None:
        return TimeValue("TIME" if suffix else "DATE", relative=True)
    offset = int(time_lexicon().words("day_words")[word])
    return p.day(anchor + timedelta(days=offset), suffix=suffix if word != "tonight" else "TNI")


def day_part(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "this morning", "last night", "tomorrow evening"."""
    rel = " ".join((g["rel"] or "").lower().split())
    part = (g["daypart"] or "").lower()
    suffix = "T" + p.day_part(part)
    if anchor is None:
        return TimeValue("TIME", relative=True)
    back = rel in ("last", "yesterday", "late last")
    offset = -1 if back else (1 if rel == "tomorrow" else 0)
    return p.day(anchor + timedelta(days=offset), suffix=suffix)


def weekday(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "Monday", "last Friday", "next Tuesday", "Monday of last week", "Friday night"."""
    wd = int(time_lexicon().words("weekdays")[(g["weekday"] or "").lower()])
    part = (g.get("daypart") or "").lower()
    suffix = "T" + p.day_part(part) if part else ""
    if anchor is None:
        return TimeValue("TIME" if suffix else "DATE", relative=True)
    rel = " ".join((g.get("rel") or "").lower().split())
    week = (g.get("week") or "").lower()
    today = anchor.weekday()
    if week:
        monday = anchor - timedelta(days=today) + timedelta(weeks=-1 if week == "last" else 1)
        d = monday + timedelta(days=wd)
    elif rel in p.PAST_RELS:
        d = anchor - timedelta(days=(today - wd) % 7 or 7)
    elif rel in p.FUTURE_RELS:
        d = anchor + timedelta(days=(wd - today) % 7 or 7)
    elif rel == "this":
        d = anchor - timedelta(days=today) + timedelta(days=wd)
    elif tense in ("future", "present"):  # "talks resume Monday"
        d = anchor + timedelta(days=(wd - today) % 7)
    elif tense == "none" and 0 < (wd - today) % 7 <= 2:
        # "could fly home Thursday": the nearest, but news looks back on a near tie
        d = anchor + timedelta(days=(wd - today) % 7)
    else:
        d = anchor - timedelta(days=(today - wd) % 7)
    return p.day(d, suffix=suffix)


def weekend(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "the weekend", "last weekend", "this weekend" ("2005-W10-WE")."""
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g.get("rel") or "").lower()
    today = anchor.weekday()
    monday = anchor - timedelta(days=today)
    if rel in ("this", "current"):
        saturday = monday + timedelta(days=5)
    elif rel in p.PAST_RELS:
        sunday = anchor - timedelta(days=(today - 6) % 7 or 7)
        saturday = sunday - timedelta(days=1)
    elif rel in p.FUTURE_RELS:
        saturday = monday + timedelta(days=5 + (7 if today >= 5 else 0))
    elif tense in ("future", "present"):
        saturday = (
            anchor - timedelta(days=1) if today == 6 else anchor + timedelta(days=(5 - today) % 7)
        )
    else:
        saturday = anchor - timedelta(days=(today - 5) % 7)
    year, number, _ = saturday.isocalendar()
    return TimeValue(
        "DATE", f"{year}-W{number:02d}-WE", saturday, saturday + timedelta(days=1), True
    )


def part_unit(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "early this year", "later this month", "mid-week"."""
    if anchor is None:
        return TimeValue("DATE", relative=True)
    part = p.part(g.get("part"))
    unit = (g.get("unit") or "").lower()
    step = int(time_lexicon().words("relatives")[(g.get("rel") or "this").lower()])
    day = p.shift(anchor, step, p.unit(unit))  # "early next year", "late last week"
    if unit == "year":
        return p.year(day.year, True, part)
    if unit == "month":
        return p.month(day.year, day.month, True, part)
    return p.week(day)


def around_unit(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "earlier this week", "later this year"."""
    if anchor is None:
        return TimeValue("DATE", relative=True)
    unit = p.unit(g["unit"] or "")
    whole = p.at_granularity(anchor, unit)
    if (g.get("when") or "").lower() in ("earlier", "early"):
        return TimeValue("DATE", whole.value, whole.earliest, anchor, True)
    return TimeValue("DATE", whole.value, anchor, whole.latest, True)


def rel_unit(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "last week", "next month", "this year", "last quarter"."""
    if anchor is None:
        return TimeValue("DATE", relative=True)
    rel = (g.get("rel") or g.get("rel2") or "").lower()
    step = int(time_lexicon().words("relatives").get(rel, 0))  # "the full year": this one
    unit_word = (g.get("unit") or g.get("unit2") or "").lower()
    if unit_word == "quarter":
        current = (anchor.month - 1) // 3 + step
        year, q = anchor.year + (current // 4), current % 4 + 1
        return p.quarter(year, q, True)
    unit = p.unit(unit_word)
    return p.at_granularity(p.shift(anchor, step, unit), unit)


def ago(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "four years ago" (the year four years before the anchor), "years ago" (PAST_REF);
    "two weeks from now" (the week two weeks after it)."""
    unit = p.unit(g["unit"] or "")
    n = p.number(g.get("n")) if g.get("n") else None
    if anchor is None:
        return TimeValue("DATE", relative=True)
    if n is None:
        return TimeValue("DATE", "PAST_REF", None, anchor, True)
    return p.at_granularity(p.shift(anchor, n if g.get("ahead") else -n, unit), unit)


def vague_ago(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "long ago", "some time ago"."""
    return TimeValue("DATE", "PAST_REF", None, anchor, True)


def reference(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "now", "currently", "recently", "the future"."""
    value = str(time_lexicon().words("references")[" ".join((g["ref"] or "").lower().split())])
    if value == "PRESENT_REF":
        return TimeValue("DATE", value, anchor, anchor, True)
    if value == "PAST_REF":
        return TimeValue("DATE", value, None, anchor, True)
    return TimeValue("DATE", value, anchor, None, True)


def clock(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """ "3 p.m.", "10:30 GMT", "noon", "midnight" on the anchor's day."""
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
    return p.day(anchor, suffix=suffix)


HANDLERS = {
    "day_word": day_word,
    "day_part": day_part,
    "weekday": weekday,
    "weekend": weekend,
    "part_unit": part_unit,
    "around_unit": around_unit,
    "rel_unit": rel_unit,
    "ago": ago,
    "from_now": ago,
    "vague_ago": vague_ago,
    "reference": reference,
    "clock": clock,
}

__all__ = ["HANDLERS"]
