"""The one ISO day parser: lenient for stored values, strict for what a person typed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storyline.dates import parse_day, require_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2031-07-04", date(2031, 7, 4)),
        ("2031-07-04T09:30:00Z", date(2031, 7, 4)),
        (" 2031-07-04 ", date(2031, 7, 4)),
        (datetime(2031, 7, 4, 9, 30), date(2031, 7, 4)),
        (date(2031, 7, 4), date(2031, 7, 4)),
        ("2031-02-30", None),
        ("July 4", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_day_reads_days_and_timestamps(value, expected):
    assert parse_day(value) == expected


def test_require_day_rejects_a_malformed_day_and_passes_an_empty_one():
    assert require_day("2031-07-04") == date(2031, 7, 4)
    assert require_day("  ") is None
    with pytest.raises(ValueError):
        require_day("2031-07-04T09:30")
    with pytest.raises(ValueError):
        require_day("04/07/2031")
