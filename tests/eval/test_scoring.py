"""The evaluation harness's scoring functions, on tiny hand-made gold and prediction tables."""

from __future__ import annotations

import pytest

from scripts.scoring import (
    GeoCounts,
    GeoGold,
    GeoPred,
    SpanCounts,
    haversine_km,
    map_label,
    score_geocoding,
    score_spans,
)


@pytest.mark.parametrize(
    ("gold", "pred", "mode", "expected"),
    [
        # identical spans
        ([(0, 5, "PER")], [(0, 5, "PER")], "exact", (1, 1, 1, 1)),
        # same span, wrong type
        ([(0, 5, "PER")], [(0, 5, "ORG")], "exact", (0, 1, 0, 1)),
        # one boundary off: wrong exactly, right partially
        ([(0, 5, "PER")], [(0, 7, "PER")], "exact", (0, 1, 0, 1)),
        ([(0, 5, "PER")], [(0, 7, "PER")], "partial", (1, 1, 1, 1)),
        # touching is not overlapping
        ([(0, 5, "LOC")], [(5, 9, "LOC")], "partial", (0, 1, 0, 1)),
        # one prediction cannot match two gold spans
        ([(0, 5, "ORG"), (6, 9, "ORG")], [(0, 9, "ORG")], "partial", (1, 1, 1, 2)),
        # duplicates count once
        ([(0, 5, "ORG")], [(0, 5, "ORG"), (0, 5, "ORG")], "exact", (1, 1, 1, 1)),
        # nothing predicted
        ([(0, 5, "ORG")], [], "exact", (0, 0, 0, 1)),
    ],
)
def test_scoring_score_spans_counts(gold, pred, mode, expected):
    counts = score_spans(gold, pred, mode)
    assert (counts.pred_hit, counts.pred, counts.gold_hit, counts.gold) == expected


def test_scoring_score_spans_untyped_ignores_labels():
    counts = score_spans([(0, 5, "PER")], [(0, 5, "ORG")], "exact", typed=False)
    assert counts.f1 == 1.0


def test_scoring_partial_prefers_largest_overlap():
    # the long prediction overlaps both, but the short gold has its own exact match
    gold = [(0, 10, "LOC"), (12, 15, "LOC")]
    pred = [(0, 13, "LOC"), (12, 15, "LOC")]
    counts = score_spans(gold, pred, "partial")
    assert (counts.pred_hit, counts.gold_hit) == (2, 2)


@pytest.mark.parametrize(
    ("pred", "expected_pred"),
    [
        ([(2, 4, "ORG")], 0),  # inside an ignore region, matching nothing: not counted
        ([(2, 12, "ORG")], 1),  # sticks out of it: a false positive
        ([(20, 25, "ORG")], 1),  # elsewhere: a false positive
        ([(0, 10, "ORG")], 0),  # the region itself
    ],
)
def test_scoring_score_spans_ignore_regions(pred, expected_pred):
    counts = score_spans([(30, 35, "PER")], pred, "exact", ignore=[(0, 10)])
    assert counts.pred == expected_pred
    assert counts.gold == 1


def test_scoring_ignore_region_keeps_matches():
    counts = score_spans([(2, 4, "ORG")], [(2, 4, "ORG")], "exact", ignore=[(0, 10)])
    assert (counts.pred_hit, counts.pred) == (1, 1)


def test_scoring_span_counts_add_and_prf():
    total = SpanCounts(1, 2, 1, 4) + SpanCounts(1, 2, 2, 4)
    assert total == SpanCounts(2, 4, 3, 8)
    assert total.precision == pytest.approx(0.5)
    assert total.recall == pytest.approx(0.375)
    assert total.f1 == pytest.approx(2 * 0.5 * 0.375 / 0.875)


def test_scoring_span_counts_empty_is_zero():
    assert (SpanCounts().precision, SpanCounts().recall, SpanCounts().f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.2),  # one degree of longitude at the equator
        ((0.0, 0.0), (1.0, 0.0), 111.2),
        ((90.0, 0.0), (-90.0, 0.0), 20015.1),  # pole to pole
        ((10.0, 179.5), (10.0, -179.5), 109.5),  # across the date line
    ],
)
def test_scoring_haversine_km(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.2)


def test_scoring_geocoding_counts():
    gold = [
        GeoGold(0, 5, 10.0, 10.0),  # resolved within 161 km
        GeoGold(10, 15, 10.0, 10.0),  # resolved 3 degrees away: wrong
        GeoGold(20, 25, 10.0, 10.0),  # recognised, no coordinates
        GeoGold(30, 35, 10.0, 10.0),  # missed
    ]
    pred = [
        GeoPred(0, 5, 10.5, 10.0),
        GeoPred(11, 15, 13.0, 10.0),
        GeoPred(18, 22),
        GeoPred(40, 45, 10.0, 10.0),  # a place that is not gold
    ]
    counts = score_geocoding(gold, pred)
    assert (counts.gold, counts.recognised, counts.resolved, counts.correct) == (4, 3, 2, 1)
    assert counts.accuracy == pytest.approx(0.25)
    assert counts.recognition_recall == pytest.approx(0.75)
    assert counts.accuracy_recognised == pytest.approx(1 / 3)
    assert counts.mean_error_km == pytest.approx((55.6 + 333.6) / 2, abs=0.5)


def test_scoring_geocoding_takes_largest_overlap_with_coordinates():
    gold = [GeoGold(0, 10, 0.0, 0.0)]
    pred = [GeoPred(0, 8, 0.0, 5.0), GeoPred(8, 10, 0.0, 0.1), GeoPred(0, 10)]
    counts = score_geocoding(gold, pred)
    assert counts.correct == 0  # the 8-character one, 556 km away, wins over the 2-character one
    assert counts.error_km == (pytest.approx(556.0, abs=1.0),)


def test_scoring_geocoding_threshold_is_inclusive():
    gold = [GeoGold(0, 5, 0.0, 0.0)]
    pred = [GeoPred(0, 5, 0.0, 1.0)]
    assert score_geocoding(gold, pred, within_km=111.3).correct == 1
    assert score_geocoding(gold, pred, within_km=111.1).correct == 0


def test_scoring_geo_counts_add_and_empty():
    total = GeoCounts(2, 1, 1, 1, (5.0,)) + GeoCounts(2, 2, 1, 0, (300.0,))
    assert total == GeoCounts(4, 3, 2, 1, (5.0, 300.0))
    assert total.mean_error_km == pytest.approx(152.5)
    assert GeoCounts().mean_error_km is None
    assert GeoCounts().accuracy == 0.0


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("PERSON", "PER"),
        ("ORG", "ORG"),
        ("GPE", "LOC"),
        ("LOC", "LOC"),
        ("FAC", "LOC"),
        ("NORP", None),
        ("DATE", None),
        ("PRODUCT", None),
    ],
)
def test_scoring_map_label(label, expected):
    assert map_label(label) == expected
