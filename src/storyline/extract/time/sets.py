"""Sets (TIMEX3 ``SET``): "daily", "every Monday", "each week", "twice a year"."""

from __future__ import annotations

from datetime import date

from ...records import Tense, TimeValue
from . import periods as p
from .durations import duration_value
from .grammar import time_lexicon

Groups = dict[str, str | None]


def recurrence(g: Groups, anchor: date | None, tense: Tense) -> TimeValue | None:
    """A set's value: P1D for "daily", XXXX-WXX-1 for "every Monday", XXXX-XX-XXTMO for
    "every morning"."""
    if g.get("word"):
        return TimeValue("SET", time_lexicon().words("sets")[(g["word"] or "").lower()])
    if g.get("weekday"):  # "every Monday", "each Friday night" (XXXX-WXX-5TNI)
        wd = int(time_lexicon().words("weekdays")[(g["weekday"] or "").lower()])
        part = (g.get("daypart") or "").lower()
        return TimeValue("SET", f"XXXX-WXX-{wd + 1}" + ("T" + p.day_part(part) if part else ""))
    if g.get("month"):  # "each July"
        return TimeValue("SET", f"XXXX-{p.month_number(g['month']):02d}")
    if g.get("season"):  # "every summer"
        return TimeValue(
            "SET", "XXXX-" + time_lexicon().words("seasons")[(g["season"] or "").lower()]
        )
    unit_word = (g.get("unit") or g.get("unit2") or "").lower()
    if unit_word == "weekend":
        return TimeValue("SET", "XXXX-WXX-WE")
    if unit_word in ("morning", "evening", "night"):
        return TimeValue("SET", "XXXX-XX-XXT" + p.day_part(unit_word))  # TimeML's "every morning"
    n = p.number(g.get("n")) if g.get("n") else 1.0
    return TimeValue("SET", duration_value(n, p.unit(unit_word)))


HANDLERS = {"set": recurrence}

__all__ = ["HANDLERS"]
