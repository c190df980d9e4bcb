"""First-level divisions: GeoNames' own division names its admin1 code, never a subdivision
that lies in it; aliases that are only other words are left out; a small division needs the
document's support. Made-up sources: a country "ZZ" with two provinces and a borough."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.records import haversine_km
from storyline.resolve.gazetteer import Gazetteer, PlaceContext
from storyline.resolve.gazetteer.build import _Builder
from storyline.resolve.gazetteer.divisions import _Division
from storyline.resolve.gazetteer.first_level import Sources, _Point, place_first_level
from storyline.resolve.gazetteer.schema import SCHEMA_VERSION, data_fingerprint


def _sources(b: _Builder) -> Sources:
    divisions = {
        1: _Division(
            "Northmoor", "ZZ.01", 900001, ["Northmore", "Luwa", "Northmoor Oblast"], 1, "ZZ-NM"
        ),
        2: _Division("Southfen", "ZZ.02", 900002, [], 1, "ZZ-SF"),
        3: _Division("Tinyvale", "ZZ.03", 900003, [], 1, "ZZ-TV"),
        # a borough ISO lists and GeoNames does not: no GeoNames code, in Northmoor
        4: _Division("Eastby", "", None, [], 2, "ZZ-EB", parent=1),
    }
    groups = {
        ("ZZ", "01"): [10.0, 20.0, 5_000_000.0],
        ("ZZ", "02"): [30.0, 40.0, 2_000_000.0],
        ("ZZ", "03"): [50.0, 60.0, 3_000.0],
    }
    points = [
        _Point("ZZ", "ZZ-NM", "Northmoor", "", 10.5, 20.5),
        _Point("ZZ", "ZZ-EB", "Eastby", "", 10.1, 20.1),
    ]
    # pycountry and countryinfo list the borough without a parent, as a province
    names = [("ZZ", "ZZ-NM", "Northmoor Province"), ("ZZ", "", "Eastby")]
    towns = {("ZZ", b.key("Eastby")): (90_000, "01")}
    return Sources(divisions, groups, points, names, towns)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    b = _Builder()
    place_first_level(b, _sources(b))
    path = Path(tmp_path_factory.mktemp("tiny")) / "gazetteer.sqlite"
    b.write(path, {"schema": SCHEMA_VERSION, "data": data_fingerprint()})
    return Gazetteer.open(path)


def test_the_geonames_division_names_its_code_not_a_borough_in_it(tiny: Gazetteer) -> None:
    assert tiny.admin1_name("ZZ", "01") == "Northmoor"
    assert tiny.admin1_name("ZZ", "02") == "Southfen"
    north = [c for c in tiny.lookup("Northmoor") if c.feature == "A.ADM1"]
    assert [(c.geonames_id, c.admin1) for c in north] == [(900001, "01")]
    # at countrystatecity's point when it has one, else amid its towns
    assert haversine_km(north[0].lat, north[0].lon, 10.5, 20.5) < 1
    south = tiny.lookup("Southfen")[0]
    assert haversine_km(south.lat, south.lon, 30.0, 40.0) < 1


def test_a_parentless_borough_lies_in_its_division_without_an_id(tiny: Gazetteer) -> None:
    east = tiny.lookup("Eastby")
    assert len(east) == 1 and east[0].geonames_id is None and east[0].admin1 == "01"
    assert haversine_km(east[0].lat, east[0].lon, 10.1, 20.1) < 1


def test_aliases_that_spell_the_name_or_say_what_it_is_are_kept(tiny: Gazetteer) -> None:
    for name in ("Northmore", "Northmoor Oblast", "Northmoor Province"):
        assert [c.geonames_id for c in tiny.lookup(name)] == [900001], name
    assert tiny.lookup("Luwa") == []  # another word, not a spelling of the name


def test_a_small_division_needs_the_document(tiny: Gazetteer) -> None:
    assert tiny.resolve("Tinyvale", PlaceContext(label="GPE")) is None
    got = tiny.resolve("Tinyvale", PlaceContext(countries={"ZZ"}, label="GPE"))
    assert got is not None and got.geonames_id == 900003
    big = tiny.resolve("Southfen", PlaceContext(label="GPE"))
    assert big is not None and big.geonames_id == 900002
