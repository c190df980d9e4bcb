"""The one ISO day parser of the package.

Every stage that reads a day from text (a ``--published`` option, a stored ``earliest``, a
filter form, article metadata) reads it here, so that they agree on what a day is.
"""

from __future__ import annotations

from datetime import date, datetime


def parse_day(value: object) -> date | None:
    """An ISO day (``YYYY-MM-DD``, or a timestamp starting with one), else None.

    A ``date`` or ``datetime`` is taken as it is; anything else is read as text.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def require_day(value: str | None) -> date | None:
    """A day a person typed (``YYYY-MM-DD`` and nothing else); None when empty.

    Raises:
        ValueError: when ``value`` is given but is not a day.
    """
    if value is None or not value.strip():
        return None
    return date.fromisoformat(value.strip())


__all__ = ["parse_day", "require_day"]
