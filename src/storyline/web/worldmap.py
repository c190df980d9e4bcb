"""An offline world map: an equirectangular projection drawn as SVG, with a graticule and
country outlines from the ``countryinfo`` package's data (no tile server, no network).

:func:`world_map` returns what the template draws: the view box, graticule lines, country
paths and the points (places and events) in SVG coordinates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from ..store.reads.records import KbPlace, LocatedEvent, TimelineEvent

WIDTH = 1000.0
HEIGHT = 500.0


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection of ``(lat, lon)`` onto the ``WIDTH`` x ``HEIGHT`` box."""
    x = (max(-180.0, min(180.0, lon)) + 180.0) / 360.0 * WIDTH
    y = (90.0 - max(-90.0, min(90.0, lat))) / 180.0 * HEIGHT
    return round(x, 2), round(y, 2)


@dataclass(frozen=True)
class Point:
    """A dot on the map: a place or an event, with what its tooltip says."""

    kind: str
    name: str
    x: float
    y: float
    r: float
    title: str
    href: str | None
    lat: float
    lon: float


def graticule(step: int = 30) -> list[tuple[float, float, float, float]]:
    """Meridians and parallels every ``step`` degrees, as line segments."""
    lines = []
    for lon in range(-180, 181, step):
        x, _ = project(0, lon)
        lines.append((x, 0.0, x, HEIGHT))
    for lat in range(-90, 91, step):
        _, y = project(lat, 0)
        lines.append((0.0, y, WIDTH, y))
    return lines


def _ring_path(ring: Iterable[Iterable[float]]) -> str:
    points = [project(float(lat), float(lon)) for lon, lat, *_ in ring]
    if len(points) < 3:
        return ""
    head = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    return head + "".join(f"L{x:.1f},{y:.1f}" for x, y in points[1:]) + "Z"


@lru_cache(maxsize=1)
def country_paths() -> tuple[tuple[str, str], ...]:
    """``(country name, SVG path)`` of every country outline ``countryinfo`` ships (empty
    if its data cannot be read: the map then shows the graticule only)."""
    try:
        folder = resources.files("countryinfo") / "data"
        files = [f for f in folder.iterdir() if f.name.endswith(".json")]
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return ()
    out = []
    for file in sorted(files, key=lambda f: f.name):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        geo = data.get("geoJSON") or {}
        for feature in geo.get("features", []):
            geometry = feature.get("geometry") or {}
            coords = geometry.get("coordinates") or []
            polygons = coords if geometry.get("type") == "MultiPolygon" else [coords]
            path = "".join(_ring_path(ring) for polygon in polygons for ring in polygon)
            if path:
                out.append((str(data.get("name", file.name[:-5])), path))
    return tuple(out)


def frame(points: Iterable[Point], margin: float = 60.0) -> tuple[float, float, float, float]:
    """A view box ``(x, y, width, height)`` around ``points`` with ``margin`` SVG units
    around them, at the map's 2:1 aspect, at least a sixth of the world wide (the whole map
    when there are no points)."""
    xs = [p.x for p in points]
    ys = [p.y for p in points]
    if not xs:
        return (0.0, 0.0, WIDTH, HEIGHT)
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    width = max(x1 - x0, (y1 - y0) * WIDTH / HEIGHT, WIDTH / 6)
    width = min(width, WIDTH)
    height = width * HEIGHT / WIDTH
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(cx - width / 2, 0.0), WIDTH - width)
    y = min(max(cy - height / 2, 0.0), HEIGHT - height)
    return (round(x, 2), round(y, 2), round(width, 2), round(height, 2))


def world_map(
    places: Iterable[KbPlace],
    events: Iterable[LocatedEvent | TimelineEvent],
    *,
    fit: bool = True,
) -> dict[str, Any]:
    """Everything the map template draws.

    Args:
        places: geocoded entities (``KnowledgeBase.places()``).
        events: event clusters (``KnowledgeBase.located_events()`` or ``timeline()``); those
            with a place are drawn.
        fit: frame the view on the points (else the whole world).
    """
    points = []
    for p in places:
        if p.lat is None or p.lon is None:
            continue
        x, y = project(p.lat, p.lon)
        docs = p.documents or 0
        points.append(
            Point(
                kind="place",
                name=p.name,
                x=x,
                y=y,
                r=min(4.0 + docs, 10.0),
                title=f"{p.name} ({p.country or '?'}): {docs} document(s)",
                href="/entities/" + quote(p.name, safe=""),
                lat=p.lat,
                lon=p.lon,
            )
        )
    for e in events:
        place = e.place
        if place is None or place.lat is None or place.lon is None:
            continue
        x, y = project(place.lat, place.lon)
        when = e.date.earliest or "undated"
        points.append(
            Point(
                kind="event",
                name=e.type,
                x=x,
                y=y,
                r=min(4.0 + e.report_count, 10.0),
                title=f"{when} {e.type} at {place.name or '?'}: {e.report_count} report(s)",
                href=f"/timeline#event-{e.id}",
                lat=place.lat,
                lon=place.lon,
            )
        )
    view = frame(points) if fit else (0.0, 0.0, WIDTH, HEIGHT)
    scale = view[2] / WIDTH
    points = [
        Point(p.kind, p.name, p.x, p.y, round(p.r * scale, 3), p.title, p.href, p.lat, p.lon)
        for p in points
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "view": view,
        "font": round(12 * scale, 3),
        "labels": sum(p.kind == "place" for p in points) <= 40,
        "graticule": graticule(10 if scale < 0.5 else 30),
        "countries": country_paths(),
        "points": points,
    }


__all__ = [
    "HEIGHT",
    "WIDTH",
    "Point",
    "country_paths",
    "frame",
    "graticule",
    "project",
    "world_map",
]
