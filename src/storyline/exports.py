"""Write the knowledge base's events out: JSON Lines, CSV (ACLED's columns), GeoJSON.

The CSV has ACLED's columns in ACLED's order (:data:`ACLED_COLUMNS`), filled from the record:
``disorder_type`` from the taxonomy; ``inter1``/``inter2`` from the actors' names by ACLED's
actor types and ``interaction`` from the two; ``iso`` (numeric ISO 3166-1) and ``region``
(ACLED's, ``data/event_regions.json``) from the place's country, ``admin1``/``admin2`` where
the place record has them; ``geo_precision`` by ACLED's rule; ``source`` the outlets that
reported it, never a document id. Storyline's own columns (reports, independent sources,
conflicts) follow, which ``acled=True`` leaves out. The events' GeoJSON holds a Point feature
per located event; the places' GeoJSON is another export.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlparse

from .datafiles import read_json
from .dates import parse_day

if TYPE_CHECKING:
    from .store.reads.records import KbPlace

#: ACLED's columns, in ACLED's order (codebook, "ACLED Data Columns at a Glance")
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
EXTRA_COLUMNS = ("reports", "independent_sources", "conflicts", "documents", "certainty")
REGIONS_FILE = "event_regions.json"
#: GeoNames feature codes of a whole country or a first-level division: never precision 1
_WIDE_FEATURES = ("A.PCL", "A.ADM1", "L.RGN", "L.CONT", "A.TERR", "A.ZN")


def country_name(code: str | None) -> str:
    """The English name of an ISO 3166-1 alpha-2 country code (the code if unknown)."""
    if not code:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    return str(getattr(found, "name", code)) if found else code


@cache
def _country_facts(code: str) -> tuple[str, str]:
    """(numeric ISO 3166-1 code, ACLED region) of an alpha-2 code; blanks when unknown."""
    from countrystatecity_countries import get_country_by_code

    regions = read_json(REGIONS_FILE)
    try:
        found = get_country_by_code(code.upper())
    except Exception:  # noqa: BLE001 - the package raises its own lookup errors
        found = None
    numeric = str(int(found.numeric_code)) if found and found.numeric_code else ""
    region = regions["countries"].get(code.upper()) or regions["subregions"].get(
        (found.subregion if found else "") or "", ""
    )
    return numeric, region


def geo_precision(place: dict[str, Any]) -> int | str:
    """ACLED's spatial precision: 1 a named town or village (a populated place), 2 a part
    of a region or a place near a town (a district, a spot, a natural feature), 3 a larger
    region or only the country. A country's centroid is never 1."""
    if place.get("lat") is None:
        return ""
    feature = place.get("feature") or place.get("kind_code") or ""
    name = (place.get("name") or "").strip().lower()
    country = country_name(place.get("country")).lower()
    if feature.startswith(_WIDE_FEATURES) or (name and name == country):
        return 3
    if feature.startswith("P."):
        return 1
    return 2


def _outlet(report: dict[str, Any]) -> str:
    """The outlet that published a report: its publisher, else the host of its address."""
    if report.get("publisher"):
        return str(report["publisher"])
    host = urlparse(report.get("url") or "").netloc
    return host[4:] if host.startswith("www.") else host


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
    from .extract.taxonomy import interaction, load_taxonomy

    taxonomy = load_taxonomy()
    reports = event["reports"]
    place = event.get("place") or {}
    actors = list(dict.fromkeys(a for r in reports for a in r["actors"]))
    targets = list(dict.fromkeys(t for r in reports for t in r["targets"]))
    first = event["date"].get("earliest") or ""
    country = place.get("country") or ""
    numeric, region = _country_facts(country) if country else ("", "")
    fatalities = [r["fatalities"] for r in reports if r["fatalities"] is not None]
    actor1 = event.get("actor1") or (actors[0] if actors else "")
    actor2 = event.get("actor2") or (targets[0] if targets else "")
    inter1 = event.get("inter1") or taxonomy.actor_inter(actor1)
    inter2 = event.get("inter2") or taxonomy.actor_inter(actor2)
    civilian = event["type"] == "Violence against civilians" or inter2 == 7
    published = [r.get("published") for r in reports if r.get("published")]
    row: dict[str, Any] = {
        "event_id_cnty": f"{(country or 'XX').upper()}{event['id']}",
        "event_date": first,
        "year": first[:4],
        "time_precision": _time_precision(event["date"]),
        "disorder_type": taxonomy.disorder_type(event["type"], event["subtype"]) or "",
        "event_type": event["type"],
        "sub_event_type": event["subtype"] or "",
        "actor1": actor1,
        "assoc_actor_1": "; ".join(a for a in actors if a != actor1),
        "inter1": inter1 or "",
        "actor2": actor2,
        "assoc_actor_2": "; ".join(t for t in targets if t != actor2),
        "inter2": inter2 or "",
        "interaction": interaction(inter1, inter2) or "",
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": place.get("iso") or numeric,
        "region": region,
        "country": country_name(country),
        "admin1": place.get("admin1") or "",
        "admin2": place.get("admin2") or "",
        "admin3": place.get("admin3") or "",
        "location": place.get("name") or "",
        "latitude": "" if place.get("lat") is None else round(place["lat"], 5),
        "longitude": "" if place.get("lon") is None else round(place["lon"], 5),
        "geo_precision": geo_precision(place),
        "source": "; ".join(o for o in dict.fromkeys(_outlet(r) for r in reports) if o),
        "source_scale": "",
        "notes": reports[0]["sentence"] if reports else "",
        "fatalities": min(fatalities) if fatalities else 0,
        "tags": "",
        "timestamp": max(published) if published else "",
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


def geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of the located events (``kind: event``); places are another export
    (:func:`places_geojson`)."""
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
                    "geo_precision": geo_precision(place),
                    "reports": event["report_count"],
                    "independent_sources": event["independent_sources"],
                    "conflicts": len(event["conflicts"]),
                    "documents": sorted({r["document"] for r in event["reports"]}),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def places_geojson(places: Iterable[KbPlace]) -> dict[str, Any]:
    """A FeatureCollection of the geocoded places (``kind: place``)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "kind": "place",
                "id": p.id,
                "name": p.name,
                "label": p.label,
                "country": p.country,
                "geonames_id": p.geonames_id,
                "documents": p.documents,
            },
        }
        for p in places
    ]
    return {"type": "FeatureCollection", "features": features}


__all__ = [
    "ACLED_COLUMNS",
    "acled_row",
    "country_name",
    "geo_precision",
    "geojson",
    "places_geojson",
    "write_csv",
    "write_jsonl",
]
