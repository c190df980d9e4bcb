"""Pure scoring functions for the evaluation harness: span P/R/F1 and geocoding accuracy.

Spans are ``(start, end, label)`` character offsets, end exclusive. Counts add up across
documents (:class:`SpanCounts` supports ``+``), so corpus figures are micro-averaged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Span = tuple[int, int, str]
Region = tuple[int, int]
Mode = Literal["exact", "partial"]

#: Distance under which a toponym counts as resolved (100 miles, the geoparsing convention).
ACCURACY_KM = 161.0
EARTH_DIAMETER_KM = 12742.0

#: spaCy (OntoNotes) labels to the PER/ORG/LOC of news NER; the rest are not scored.
SPACY_TO_NER: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}

#: spaCy labels of places, for toponym recognition.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def map_label(label: str) -> str | None:
    """The PER/ORG/LOC label for a spaCy label, None when NER scoring ignores it."""
    return SPACY_TO_NER.get(label)


@dataclass(frozen=True)
class SpanCounts:
    """Matched and total predictions and gold spans; precision and recall follow."""

    pred_hit: int = 0
    pred: int = 0
    gold_hit: int = 0
    gold: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.pred_hit + other.pred_hit,
            self.pred + other.pred,
            self.gold_hit + other.gold_hit,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        return self.pred_hit / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _inside(span: Region, regions: Iterable[Region]) -> bool:
    return any(r0 <= span[0] and span[1] <= r1 for r0, r1 in regions)


def score_spans(
    gold: Iterable[Span],
    pred: Iterable[Span],
    mode: Mode = "exact",
    *,
    typed: bool = True,
    ignore: Iterable[Region] = (),
) -> SpanCounts:
    """Match predicted spans against gold spans of one document.

    Args:
        gold: the gold spans (duplicates count once).
        pred: the predicted spans (duplicates count once).
        mode: ``"exact"``: same start and end; ``"partial"``: the spans overlap. Each gold
            span matches at most one prediction and the reverse, largest overlap first.
        typed: labels must be equal too.
        ignore: regions where the gold is not exhaustive: a prediction that matches no gold
            span and lies inside one of them is left out of the counts.

    Returns:
        The counts; ``precision``, ``recall`` and ``f1`` are properties of it.
    """
    golds = sorted(set(gold))
    preds = sorted(set(pred))
    regions = list(ignore)
    pairs: list[tuple[int, int, int]] = []  # (-overlap, gold index, pred index)
    for gi, (g0, g1, gl) in enumerate(golds):
        for pi, (p0, p1, pl) in enumerate(preds):
            if typed and gl != pl:
                continue
            if mode == "exact":
                if (g0, g1) == (p0, p1):
                    pairs.append((-(g1 - g0), gi, pi))
            else:
                ov = _overlap(g0, g1, p0, p1)
                if ov > 0:
                    pairs.append((-ov, gi, pi))
    pairs.sort()
    gold_hit: set[int] = set()
    pred_hit: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in gold_hit and pi not in pred_hit:
            gold_hit.add(gi)
            pred_hit.add(pi)
    counted = [
        pi
        for pi, (p0, p1, _) in enumerate(preds)
        if pi in pred_hit or not _inside((p0, p1), regions)
    ]
    return SpanCounts(len(pred_hit), len(counted), len(gold_hit), len(golds))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return EARTH_DIAMETER_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class GeoGold:
    """A gold toponym: its span and where it is."""

    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True)
class GeoPred:
    """A predicted place mention; no coordinates when it was recognised but not resolved."""

    start: int
    end: int
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class GeoCounts:
    """Toponym resolution counts; add them across documents."""

    gold: int = 0
    recognised: int = 0
    resolved: int = 0  # recognised and given coordinates
    correct: int = 0  # resolved within ``ACCURACY_KM``
    error_km: tuple[float, ...] = ()  # one per resolved toponym

    def __add__(self, other: GeoCounts) -> GeoCounts:
        return GeoCounts(
            self.gold + other.gold,
            self.recognised + other.recognised,
            self.resolved + other.resolved,
            self.correct + other.correct,
            self.error_km + other.error_km,
        )

    @property
    def accuracy(self) -> float:
        """End to end: correct toponyms among all gold ones."""
        return self.correct / self.gold if self.gold else 0.0

    @property
    def recognition_recall(self) -> float:
        return self.recognised / self.gold if self.gold else 0.0

    @property
    def accuracy_recognised(self) -> float:
        """Correct toponyms among the recognised ones."""
        return self.correct / self.recognised if self.recognised else 0.0

    @property
    def mean_error_km(self) -> float | None:
        return sum(self.error_km) / len(self.error_km) if self.error_km else None


def score_geocoding(
    gold: Sequence[GeoGold], pred: Sequence[GeoPred], within_km: float = ACCURACY_KM
) -> GeoCounts:
    """Score toponym recognition and resolution in one document.

    A gold toponym is recognised when a predicted place overlaps its span. Its error is the
    distance to the coordinates of the overlapping prediction that has some (the largest
    overlap first); it is correct when that error is at most ``within_km``.
    """
    recognised = resolved = correct = 0
    errors: list[float] = []
    for g in gold:
        hits = [
            (_overlap(g.start, g.end, p.start, p.end), i, p)
            for i, p in enumerate(pred)
            if _overlap(g.start, g.end, p.start, p.end) > 0
        ]
        if not hits:
            continue
        recognised += 1
        placed = [(ov, i, p) for ov, i, p in hits if p.lat is not None and p.lon is not None]
        if not placed:
            continue
        _, _, best = max(placed, key=lambda h: (h[0], -h[1]))
        assert best.lat is not None and best.lon is not None
        err = haversine_km(g.lat, g.lon, best.lat, best.lon)
        resolved += 1
        errors.append(err)
        correct += err <= within_km
    return GeoCounts(len(gold), recognised, resolved, correct, tuple(errors))


__all__ = [
    "ACCURACY_KM",
    "PLACE_LABELS",
    "SPACY_TO_NER",
    "GeoCounts",
    "GeoGold",
    "GeoPred",
    "SpanCounts",
    "haversine_km",
    "map_label",
    "score_geocoding",
    "score_spans",
]
