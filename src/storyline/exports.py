"""Write the knowledge base's events out: JSON Lines, CSV (ACLED's column names), GeoJSON.

The CSV uses ACLED's column names where they apply (``event_id_cnty``, ``event_date``,
``event_type``, ``sub_event_type``, ``actor1``, ``actor2``, ``country``, ``location``,
``latitude``, ``longitude``, ``geo_precision``, ``time_precision``, ``source``, ``notes``,
``fatalities``...), followed by storyline's own (reports, independent sources, conflicts),
which ``acled=True`` leaves out. GeoJSON holds a Point feature per located event and per
geocoded place, for GIS tools.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from .dates import parse_day

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
EXTRA_COLUMNS = ("reports", "independent_sources", "conflicts", "documents", "certainty")


def country_name(code: str | None) -> str:
    """The English name of an ISO 3166-1 alpha-2 country code (the code if unknown)."""
    if not code:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    return str(getattr(found, "name", code)) if found else code


def _time_precision(when: dict[str, Any]) -> int:
    first, last = when.get("earliest"), when.get("latest") or when.get("earliest")
    if not when.get("from_time") or not first or not last:
        return 3
    first_day, last_day = parse_day(first), parse_day(last)
    if first_day is None or last_day is None:
        return 3
    span = (last_day - first_day).days
    return 1 if span == 0 else 2 if span <= 7 else 3


def acled_row(event: dict[str, Any], *, acled: bool = False) -> dict[str, Any]:
    """One CSV row for an event cluster (see :data:`ACLED_COLUMNS`)."""
    reports = event["reports"]
    place = event.get("place") or {}
    actors = [a for r in reports for a in r["actors"]]
    targets = [t for r in reports for t in r["targets"]]
    actors = list(dict.fromkeys(actors))
    targets = list(dict.fromkeys(targets))
    first = event["date"].get("earliest") or ""
    country = place.get("country") or ""
    publishers = [r["publisher"] or r["document"] for r in reports]
    fatalities = [r["fatalities"] for r in reports if r["fatalities"] is not None]
    row: dict[str, Any] = {
        "event_id_cnty": f"{(country or 'XX').upper()}{event['id']}",
        "event_date": first,
        "year": first[:4],
        "time_precision": _time_precision(event["date"]),
        "event_type": event["type"],
        "sub_event_type": event["subtype"] or "",
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": "; ".join(actors[1:]),
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "country": country_name(country),
        "location": place.get("name") or "",
        "latitude": "" if place.get("lat") is None else round(place["lat"], 5),
        "longitude": "" if place.get("lon") is None else round(place["lon"], 5),
        "geo_precision": 1 if place.get("lat") is not None else "",
        "source": "; ".join(dict.fromkeys(publishers)),
        "notes": reports[0]["sentence"] if reports else "",
        "fatalities": min(fatalities) if fatalities else 0,
    }
    if not acled:
        row.update(
            reports=event["report_count"],
            independent_sources=event["independent_sources"],
            conflicts="; ".join(f"{c['about']}: {c['note']}" for c in event["conflicts"]),
            documents="; ".join(dict.fromkeys(r["document"] for r in reports)),
            certainty="; ".join(sorted({r["certainty"] for r in reports})),
        )
    return row


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One event cluster per line; returns how many were written."""
    n = 0
    for event in events:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[dict[str, Any]], out: TextIO, *, acled: bool = False) -> int:
    """ACLED-style CSV, one row per event cluster; returns how many rows were written."""
    columns = ACLED_COLUMNS if acled else ACLED_COLUMNS + EXTRA_COLUMNS
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(acled_row(event, acled=acled))
        n += 1
    return n


def geojson(events: Iterable[dict[str, Any]], places: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection: located events (``kind: event``) and places (``kind: place``)."""
    features: list[dict[str, Any]] = []
    for event in events:
        place = event.get("place") or {}
        if place.get("lat") is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {
                    "kind": "event",
                    "id": event["id"],
                    "event_type": event["type"],
                    "sub_event_type": event["subtype"],
                    "date": event["date"].get("earliest"),
                    "location": place.get("name"),
                    "reports": event["report_count"],
                    "independent_sources": event["independent_sources"],
                    "conflicts": len(event["conflicts"]),
                    "documents": sorted({r["document"] for r in event["reports"]}),
                },
            }
        )
    for p in places:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {
                    "kind": "place",
                    "id": p["id"],
                    "name": p["name"],
                    "label": p["label"],
                    "country": p["country"],
                    "geonames_id": p["geonames_id"],
                    "documents": p["documents"],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


__all__ = ["ACLED_COLUMNS", "acled_row", "country_name", "geojson", "write_csv", "write_jsonl"]
