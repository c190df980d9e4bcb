"""The events' exports: ACLED's CSV columns in ACLED's order, GeoJSON of events only."""

from __future__ import annotations

import csv
import io

import pytest

from storyline import exports
from storyline.extract.taxonomy import interaction, load_taxonomy


def _event(place=None, actors=("Gunmen",), targets=("villagers",), **kw):
    report = {
        "document": "doc-17",
        "publisher": None,
        "url": "https://www.example-news.com/a/1",
        "published": "2024-05-07",
        "sentence": "Gunmen attacked villagers near the town.",
        "certainty": "asserted",
        "fatalities": 4,
        "actors": list(actors),
        "targets": list(targets),
    }
    event = {
        "id": 7,
        "type": "Violence against civilians",
        "subtype": "Attack",
        "date": {"earliest": "2024-05-06", "latest": "2024-05-06", "from_time": True},
        "place": place,
        "reports": [report],
        "report_count": 1,
        "independent_sources": 1,
        "conflicts": [],
    }
    event.update(kw)
    return event


def test_exports_acled_csv_has_acleds_columns_in_order():
    out = io.StringIO()
    exports.write_csv([_event()], out, acled=True)
    header = out.getvalue().splitlines()[0].split(",")
    assert header == list(exports.ACLED_COLUMNS)
    assert header[:5] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type"]
    assert header[-3:] == ["fatalities", "tags", "timestamp"]


def test_exports_row_fills_codes_region_and_outlet():
    place = {"name": "Gao", "lat": 16.27, "lon": -0.04, "country": "ML", "feature": "P.PPLA"}
    row = exports.acled_row(_event(place=place), acled=True)
    assert row["disorder_type"] == "Political violence"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (3, 7, 37)
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == ("466", "Western Africa", "Mali")
    assert row["geo_precision"] == 1
    assert row["source"] == "example-news.com"  # the outlet, not the document id
    assert "doc-17" not in row["source"]
    assert row["fatalities"] == 4


@pytest.mark.parametrize(
    ("place", "precision"),
    [
        ({"name": "Gao", "lat": 16.2, "lon": -0.04, "country": "ML", "feature": "P.PPL"}, 1),
        ({"name": "Kidal", "lat": 19.0, "lon": 1.0, "country": "ML", "feature": "A.ADM1"}, 3),
        ({"name": "Mali", "lat": 17.0, "lon": -4.0, "country": "ML", "feature": "A.PCLI"}, 3),
        ({"name": "Mali", "lat": 17.0, "lon": -4.0, "country": "ML"}, 3),  # a country centroid
        ({"name": "Niger River", "lat": 14.0, "lon": -4.0, "country": "ML", "feature": "H.STM"}, 2),
    ],
)  # fmt: skip
def test_exports_geo_precision_by_acleds_rule(place, precision):
    assert exports.geo_precision(place) == precision


def test_exports_region_follows_acleds_groupings():
    place = {"name": "Tehran", "lat": 35.7, "lon": 51.4, "country": "IR", "feature": "P.PPLC"}
    assert exports.acled_row(_event(place=place))["region"] == "Middle East"


def test_exports_geojson_holds_events_only():
    place = {"name": "Gao", "lat": 16.27, "lon": -0.04, "country": "ML", "feature": "P.PPL"}
    geo = exports.geojson([_event(place=place), _event(place=None)])
    assert [f["properties"]["kind"] for f in geo["features"]] == ["event"]
    assert geo["features"][0]["geometry"]["coordinates"] == [-0.04, 16.27]


def test_exports_csv_reads_back():
    out = io.StringIO()
    exports.write_csv([_event()], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["sub_event_type"] == "Attack" and rows[0]["reports"] == "1"


@pytest.mark.parametrize(
    ("name", "inter"),
    [
        ("Gunmen", 3),
        ("unidentified armed men", 3),
        ("police", 1),
        ("security forces", 1),
        ("rebel forces", 2),
        ("protesters", 6),
        ("an angry mob", 5),
        ("civilians", 7),
        ("UN peacekeepers", 8),
        ("Acme Holdings", None),
    ],
)
def test_taxonomy_actor_inter_codes(name, inter):
    assert load_taxonomy().actor_inter(name) == inter


def test_taxonomy_interaction_code():
    assert interaction(1, 7) == 17 and interaction(7, 1) == 17
    assert interaction(6, None) == 60 and interaction(None, 1) is None
