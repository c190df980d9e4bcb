"""Publication dates as given by users and metadata."""

from __future__ import annotations

from datetime import date, datetime


def parse_date(value: object) -> date | None:
    """An ISO date (``YYYY-MM-DD``, or a timestamp starting with one), else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
