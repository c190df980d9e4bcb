"""Cross-document event clustering and conflicts."""

from __future__ import annotations

import pytest

from storyline.resolve.clusters import (
    ClusterCandidate,
    Report,
    assign_cluster,
    cross_conflicts,
    times_compatible,
)

BASE = ClusterCandidate(
    1, "Battles", "2024-05-06", "2024-05-06", frozenset({10}), 14.35, 1.45, frozenset({20})
)


@pytest.mark.parametrize(
    ("report", "joins"),
    [
        (Report("x#v1", "Battles", "2024-05-06", "2024-05-06", 10, 14.35, 1.45), True),
        (Report("x#v1", "Battles", "2024-05-07", "2024-05-07", 11, 14.40, 1.50), True),
        (Report("x#v1", "Battles", None, None, None, None, None, frozenset({20})), False),
        (Report("x#v1", "Battles", "2024-05-06", None, None, None, None, frozenset({20})), True),
        (Report("x#v1", "Protests", "2024-05-06", "2024-05-06", 10, 14.35, 1.45), False),
        (Report("x#v1", "Battles", "2024-06-20", "2024-06-20", 10, 14.35, 1.45), False),
        (Report("x#v1", "Battles", "2024-05-06", "2024-05-06", 12, 16.0, 3.0), False),
    ],
    ids=["same", "near-next-day", "actor-only", "time-and-actor", "type", "month-later", "far"],
)
def test_clusters_assign_report(report, joins):
    assert (assign_cluster(report, [BASE]).cluster_id == 1) is joins


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("2024-05-01", "2024-05-31"), ("2024-05-06", "2024-05-06"), True),
        (("2024-05-01", "2024-05-01"), ("2024-05-02", "2024-05-02"), True),
        (("2024-05-01", "2024-05-01"), ("2024-05-05", "2024-05-05"), False),
        ((None, None), ("2024-05-05", "2024-05-05"), None),
    ],
)
def test_clusters_times_compatible(a, b, expected):
    assert times_compatible(a, b, 1) is expected


def test_clusters_cross_conflicts_fatalities_and_place():
    new = Report("b#v1", "Battles", fatalities=14, place_id=11, place_name="Upper Town")
    old = Report("a#v1", "Battles", fatalities=11, place_id=10, place_name="Lower Town")
    same = Report("c#v1", "Battles", fatalities=14, place_id=11)
    found = cross_conflicts(new, [old, same])
    assert [(c.about, c.items) for c in found] == [
        ("fatalities", ("a#v1", "b#v1")),
        ("place", ("a#v1", "b#v1")),
    ]
