"""Dates read at the precision they have (a year is 2005, never 2005-01-01)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.display import date_label


@pytest.mark.parametrize(
    ("earliest", "latest", "label"),
    [
        ("2005-01-01", "2005-12-31", "2005"),
        ("2031-02-01", "2031-02-28", "2031-02"),
        ("2032-02-01", "2032-02-29", "2032-02"),
        ("2031-02-01", "2031-02-27", "2031-02-01 – 2031-02-27"),
        ("2031-05-06", "2031-05-06", "2031-05-06"),
        ("2031-05-06", None, "2031-05-06"),
        (date(2031, 5, 6), date(2031, 5, 9), "2031-05-06 – 2031-05-09"),
        ("2004-01-01", "2005-12-31", "2004-01-01 – 2005-12-31"),
        (None, None, ""),
        ("", "", ""),
    ],
)
def test_date_label(earliest, latest, label):
    assert date_label(earliest, latest) == label
