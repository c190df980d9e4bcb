"""Cross-document event clustering: do two reports describe the same event?

Reports join a cluster when they share the event type and enough of: compatible times
(date ranges that overlap, give or take ``slack_days``), places within ``max_km`` (or the
same place entity), and shared actors or targets. A clash on any of them (times that cannot
overlap, places too far apart) keeps them apart. Disagreements between the reports of one
cluster (fatality counts, places) become conflicts, as within one article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from ..dates import parse_day
from ..records import haversine_km

MAX_KM = 50.0
SLACK_DAYS = 1
MIN_EVIDENCE = 2


@dataclass(frozen=True)
class Report:
    """One event report, as clustering sees it (entity ids are knowledge-base ids)."""

    ref: str  # "doc_key#event_id", for conflicts
    type: str
    earliest: str | None = None
    latest: str | None = None
    place_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    participants: frozenset[int] = frozenset()
    fatalities: int | None = None
    place_name: str | None = None


@dataclass(frozen=True)
class ClusterCandidate:
    """An existing event cluster: its type, time range, place and participants."""

    id: int
    type: str
    earliest: str | None = None
    latest: str | None = None
    place_ids: frozenset[int] = frozenset()
    lat: float | None = None
    lon: float | None = None
    participants: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Assignment:
    """The cluster a report joins (None: a new cluster), its score and reason."""

    cluster_id: int | None
    score: float
    reason: str


@dataclass(frozen=True)
class CrossConflict:
    """Reports of one event that disagree."""

    about: str
    items: tuple[str, ...]
    note: str


def times_compatible(
    a: tuple[str | None, str | None], b: tuple[str | None, str | None], slack_days: int
) -> bool | None:
    """Whether two date ranges can be the same time (None when either is unknown)."""
    a0, a1 = parse_day(a[0]), parse_day(a[1] or a[0])
    b0, b1 = parse_day(b[0]), parse_day(b[1] or b[0])
    if None in (a0, a1, b0, b1):
        return None
    slack = timedelta(days=slack_days)
    return a0 <= b1 + slack and b0 <= a1 + slack  # type: ignore[operator]


def score_cluster(
    report: Report, cand: ClusterCandidate, max_km: float = MAX_KM, slack_days: int = SLACK_DAYS
) -> tuple[float, str]:
    """How strongly ``report`` belongs to ``cand`` (0: it cannot), and why."""
    if report.type != cand.type:
        return 0.0, "different types"
    evidence = 0
    parts = ["same type"]
    when = times_compatible(
        (report.earliest, report.latest), (cand.earliest, cand.latest), slack_days
    )
    if when is False:
        return 0.0, "times do not overlap"
    if when:
        evidence += 1
        parts.append("times overlap")
    where = False
    if report.place_id is not None and report.place_id in cand.place_ids:
        where = True
        parts.append("same place")
    elif None not in (report.lat, report.lon, cand.lat, cand.lon):
        km = haversine_km(report.lat, report.lon, cand.lat, cand.lon)  # type: ignore[arg-type]
        if km > max_km:
            return 0.0, f"places {km:.0f} km apart"
        where = True
        parts.append(f"places {km:.0f} km apart")
    shared = len(report.participants & cand.participants)
    if shared:
        parts.append(f"{shared} shared actor(s)")
    evidence += int(where) + int(shared > 0)
    if evidence < MIN_EVIDENCE or not (where or shared):
        return 0.0, "; ".join(parts) + "; too little evidence"
    return evidence / 3.0, "; ".join(parts)


def assign_cluster(
    report: Report,
    candidates: Sequence[ClusterCandidate],
    max_km: float = MAX_KM,
    slack_days: int = SLACK_DAYS,
) -> Assignment:
    """The best cluster for ``report`` among ``candidates``, or a new one."""
    best: Assignment | None = None
    for cand in candidates:
        score, reason = score_cluster(report, cand, max_km, slack_days)
        if score > 0 and (best is None or score > best.score):
            best = Assignment(cand.id, round(score, 4), reason)
    return best or Assignment(None, 1.0, "new event")


def cross_conflicts(report: Report, others: Sequence[Report]) -> list[CrossConflict]:
    """Disagreements between a new report and the other reports of its cluster."""
    found: list[CrossConflict] = []
    for other in others:
        if (
            report.fatalities is not None
            and other.fatalities is not None
            and report.fatalities != other.fatalities
        ):
            found.append(
                CrossConflict(
                    "fatalities",
                    (other.ref, report.ref),
                    f"{other.fatalities} vs {report.fatalities} killed",
                )
            )
        if (
            report.place_id is not None
            and other.place_id is not None
            and report.place_id != other.place_id
        ):
            note = f"{other.place_name or other.place_id} vs {report.place_name or report.place_id}"
            found.append(CrossConflict("place", (other.ref, report.ref), note))
    return found


__all__ = [
    "Assignment",
    "ClusterCandidate",
    "CrossConflict",
    "Report",
    "assign_cluster",
    "cross_conflicts",
    "score_cluster",
    "times_compatible",
]
