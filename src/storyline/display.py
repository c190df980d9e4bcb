"""How dates read to a person: at the precision they have.

A stored date is an interval (``earliest``, ``latest``); a whole year reads ``2005``, never
``2005-01-01``, a whole month ``2005-03``, a day ``2005-03-04``, anything else
``2005-03-04 – 2005-03-09``. The CLI and the web pages both print dates through here.
"""

from __future__ import annotations

import calendar
from datetime import date

from .dates import parse_day


def date_label(earliest: str | date | None, latest: str | date | None = None) -> str:
    """The interval ``earliest``..``latest`` (ISO dates) at its own precision; ``""`` when
    there is no date. A lone ``earliest`` is that day."""
    first = parse_day(earliest)
    last = parse_day(latest) or first
    if first is None or last is None:
        return str(earliest or "")
    if first == last:
        return first.isoformat()
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    month_end = calendar.monthrange(first.year, first.month)[1]
    if (first.year, first.month) == (last.year, last.month) and (first.day, last.day) == (
        1,
        month_end,
    ):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.isoformat()} – {last.isoformat()}"


__all__ = ["date_label"]
