"""Tests of the offline gazetteer and place disambiguation."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from storyline.errors import ResolveError
from storyline.resolve.gazetteer import Gazetteer, PlaceContext, import_geonames_dump

TEXAS = (31.0, -99.0)


def _ctx(countries: tuple[str, ...] = (), points=(), label: str | None = None) -> PlaceContext:
    return PlaceContext(countries=set(countries), points=list(points), label=label)


@pytest.mark.parametrize(
    ("name", "countries", "points", "label", "country", "feature"),
    [
        ("US", (), (), "GPE", "US", "A.PCLI"),
        ("U.S.", (), (), "GPE", "US", "A.PCLI"),
        ("the United States", (), (), "GPE", "US", "A.PCLI"),
        ("Britain", (), (), "GPE", "GB", "A.PCLI"),
        ("UK", (), (), "GPE", "GB", "A.PCLI"),
        ("Holland", (), (), "GPE", "NL", "A.PCLI"),
        ("Texas", (), (), "GPE", "US", "A.ADM1"),
        ("California", (), (), "GPE", "US", "A.ADM1"),
        ("Paris", ("FR",), (), "GPE", "FR", "P.PPLC"),
        ("Paris", ("US",), (TEXAS,), "GPE", "US", "P.PPL"),
        ("Tripoli", ("LY",), (), "GPE", "LY", "P.PPLC"),
        ("Tripoli", ("LB",), (), "GPE", "LB", "P.PPL"),
        ("Georgia", ("US",), (), "GPE", "US", "A.ADM1"),
        ("Georgia", (), (), "GPE", "GE", "A.PCLI"),
        ("Jordan", (), (), "GPE", "JO", "A.PCLI"),
        ("Aleppo", (), (), "GPE", "SY", None),
        ("Halab", (), (), "GPE", "SY", None),
        ("Benghazi", (), (), "GPE", "LY", None),
        ("the Sahel", (), (), "LOC", None, "L.RGN"),
        ("Africa", (), (), "LOC", None, "L.CONT"),
    ],
)
def test_gazetteer_resolve_picks_the_expected_place(
    gazetteer: Gazetteer, name, countries, points, label, country, feature
) -> None:
    got = gazetteer.resolve(name, _ctx(countries, points, label))
    assert got is not None
    assert got.country == country
    if feature is not None:
        assert got.feature == feature


def test_gazetteer_resolve_paris_texas_is_near_texas(gazetteer: Gazetteer) -> None:
    got = gazetteer.resolve("Paris", _ctx(("US",), (TEXAS,), "GPE"))
    assert got is not None and 30 < got.lat < 37 and -100 < got.lon < -93


@pytest.mark.parametrize(
    ("name", "countries", "label"),
    [
        ("Zorblattistan", (), "GPE"),  # made up
        ("Hope", (), "GPE"),  # only villages and small towns bear this common word
        ("Jordan", ("US",), "PERSON"),  # a person-like name with no support
        ("paris", (), None),  # lower case: a word, not a name
        ("", (), "GPE"),
    ],
)
def test_gazetteer_resolve_abstains(gazetteer: Gazetteer, name, countries, label) -> None:
    assert gazetteer.resolve(name, _ctx(countries, (), label)) is None


@pytest.mark.parametrize(
    ("name", "country"),
    [("Aleppo", "SY"), ("Halab", "SY"), ("Benghazi", "LY"), ("Tripoli", "LY")],
)
def test_gazetteer_lookup_finds_names_and_alternate_names(
    gazetteer: Gazetteer, name: str, country: str
) -> None:
    assert country in {c.country for c in gazetteer.lookup(name)}


@pytest.mark.parametrize(
    ("name", "expected"), [("US", True), ("Aleppo", True), ("Qwzxv Plorth", False)]
)
def test_gazetteer_is_place_name_matches_known_names(
    gazetteer: Gazetteer, name: str, expected: bool
) -> None:
    assert gazetteer.is_place_name(name) is expected


def test_gazetteer_lookup_matches_codes_only_in_capitals(gazetteer: Gazetteer) -> None:
    assert "A.PCLI" in {c.feature for c in gazetteer.lookup("USA")}
    assert "A.PCLI" not in {c.feature for c in gazetteer.lookup("Usa")}


@pytest.mark.parametrize(("name", "country"), [("Benghazi", "LY"), ("Tripolli", "LY")])
def test_gazetteer_fuzzy_lookup_finds_variants(gazetteer: Gazetteer, name, country) -> None:
    found = gazetteer.fuzzy_lookup(name)
    assert found and all(score >= 0.85 for _, score in found)
    assert country in {c.country for c, _ in found}


_ROWS = [
    # geonameid name asciiname alternatenames lat lon class code cc cc2 admin1 admin2 admin3
    # admin4 population elevation dem timezone modified
    "99000001|Qaryat Zumurrud|Qaryat Zumurrud|Zumurrud,Zmourod|35.1|38.2|P|PPL|SY||04|||"
    "|120||300|Asia/Damascus|2024-01-01",
    "99000002|Wadi Fayruz|Wadi Fayruz|Wadi Fairouz|34.2|37.9|H|WAD|SY||||||0||500"
    "|Asia/Damascus|2024-01-01",
    "99000003|Tall Yaqut|Tall Yaqut||36.0|40.5|T|HLL|SY||||||0||350|Asia/Damascus|2024-01-01",
]


def _write_dump(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(r.replace("|", "\t") + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture()
def gazetteer_copy(gazetteer_path: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(gazetteer_path, tmp_path / "copy.sqlite"))


@pytest.mark.parametrize("zipped", [False, True])
def test_import_geonames_dump_adds_places(gazetteer_copy: Path, tmp_path: Path, zipped) -> None:
    dump = _write_dump(tmp_path / "SY.txt", _ROWS)
    if zipped:
        with zipfile.ZipFile(tmp_path / "SY.zip", "w") as zf:
            zf.write(dump, "SY.txt")
        dump = tmp_path / "SY.zip"
    assert import_geonames_dump(gazetteer_copy, dump) == 3
    assert import_geonames_dump(gazetteer_copy, dump) == 0  # already there
    gz = Gazetteer.open(gazetteer_copy)
    try:
        found = gz.lookup("Zmourod")
        assert found and found[0].geonames_id == 99000001
        assert (found[0].lat, found[0].lon, found[0].feature) == (35.1, 38.2, "P.PPL")
        assert gz.lookup("Wadi Fairouz")[0].feature == "H.WAD"
        assert gz.resolve("Qaryat Zumurrud", _ctx(("SY",), (), "GPE")) is not None
    finally:
        gz.close()


@pytest.mark.parametrize(
    "content",
    ["just some text\nnot geonames\n", "1\tA\tA\t\tnorth\teast" + "\tx" * 13 + "\n"],
)
def test_import_geonames_dump_rejects_malformed_files(
    gazetteer_copy: Path, tmp_path: Path, content: str
) -> None:
    dump = tmp_path / "bad.txt"
    dump.write_text(content, encoding="utf-8")
    with pytest.raises(ResolveError) as info:
        import_geonames_dump(gazetteer_copy, dump)
    assert info.value.code == "E302"


def test_gazetteer_open_rejects_a_file_that_is_not_a_gazetteer(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ResolveError) as info:
        Gazetteer.open(bad)
    assert info.value.code == "E301"


def test_gazetteer_resolve_spelling_variant_needs_its_country(
    gazetteer_copy: Path, tmp_path: Path
) -> None:
    # a made-up village across the border from the story, written with another spelling
    row = (
        "99000010|Qaryat Zahrun|Qaryat Zahrun||33.6|36.0|P|PPL|LB||11|||"
        "|900||900|Asia/Beirut|2024-01-01"
    )
    import_geonames_dump(gazetteer_copy, _write_dump(tmp_path / "LB.txt", [row]))
    gz = Gazetteer.open(gazetteer_copy)
    try:
        assert gz.lookup("Qaryat Zahrin") == []  # not the same key: only a fuzzy match
        near = ((33.51, 36.29),)
        assert gz.resolve("Qaryat Zahrin", _ctx(("SY",), near, "GPE")) is None
        found = gz.resolve("Qaryat Zahrin", _ctx(("LB",), near, "GPE"))
        assert found is not None and found.geonames_id == 99000010
    finally:
        gz.close()


@pytest.mark.parametrize(
    ("name", "countries", "country", "admin1"),
    [
        # a hamlet of a country the story names is no rival to a city 300 times its size
        ("Cairo", ("US",), "EG", None),
        ("Moscow", ("US",), "RU", None),
        # a written state abbreviation is the state, not a town of that old name
        ("Pa.", (), "US", "PA"),
        ("Ga.", ("US",), "US", "GA"),
    ],
)
def test_gazetteer_resolve_weighs_size_and_abbreviations(
    gazetteer: Gazetteer, name, countries, country, admin1
) -> None:
    got = gazetteer.resolve(name, _ctx(countries, (), "GPE"))
    assert got is not None and got.country == country
    if admin1 is not None:
        assert got.admin1 == admin1


NORTHERN_ILLINOIS = (41.9, -88.3)
WESTERN_KENTUCKY = (37.0, -88.6)


@pytest.mark.parametrize(
    ("name", "countries", "point", "admin1"),
    [
        # a larger foreign namesake does not: the town near the story's places wins
        ("Batavia", (), NORTHERN_ILLINOIS, "IL"),
        # nor does one of the same country about as large
        ("Smyrna", ("US",), WESTERN_KENTUCKY, "TN"),
    ],
)
def test_gazetteer_resolve_weighs_nearness_against_size_in_one_country(
    gazetteer: Gazetteer, name, countries, point, admin1
) -> None:
    got = gazetteer.resolve(name, _ctx(countries, (point,), "GPE"))
    assert got is not None and (got.country, got.admin1) == ("US", admin1)


@pytest.mark.parametrize(
    ("country", "code", "name"),
    [
        ("US", "TX", "Texas"),
        ("US", "CA", "California"),
        ("US", "ZZ", None),
        (None, "TX", None),
        # GeoNames' division of the code, not an ISO subdivision inside it
        ("GB", "ENG", "England"),
        ("GB", "WLS", "Wales"),
        ("FR", "84", "Auvergne-Rhône-Alpes"),
    ],
)
def test_admin1_name_reads_first_level_divisions(gazetteer: Gazetteer, country, code, name) -> None:
    assert gazetteer.admin1_name(country, code) == name
