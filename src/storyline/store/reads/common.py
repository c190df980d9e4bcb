"""What the reads share: the page size, ISO dates, event cluster columns."""

from __future__ import annotations

from typing import Any

from ..tables import EventCluster

PAGE_LIMIT = 100
"""The most rows one list of an entity page holds."""


def iso(value: Any) -> str | None:
    """A date or datetime as ISO text (text and None as they are)."""
    if value is None or isinstance(value, str):
        return value
    return str(value.isoformat())


def cluster_columns(place: Any) -> tuple[Any, ...]:
    """The columns of an event cluster the timeline and the map both draw, with its
    place's name and country (``place`` an alias of the entity table)."""
    return (
        EventCluster.id,
        EventCluster.type,
        EventCluster.subtype,
        EventCluster.earliest,
        EventCluster.latest,
        EventCluster.lat,
        EventCluster.lon,
        EventCluster.reports,
        EventCluster.sources,
        place.name,
        place.country,
    )


__all__ = ["PAGE_LIMIT", "cluster_columns", "iso"]
