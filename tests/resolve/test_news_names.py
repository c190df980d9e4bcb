"""News-style place names: demonyms, state and province abbreviations, GeoNames' country
points, codes matched only as written, and what an ORG or PERSON mention may be."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.records import NamedMention
from storyline.resolve.aliases import AliasTable
from storyline.resolve.gazetteer import Gazetteer, PlaceContext
from storyline.resolve.linker import DocumentLinker
from storyline.resolve.places import EVIDENCE_CONFIDENCE


def _ctx(countries: tuple[str, ...] = (), label: str | None = "GPE") -> PlaceContext:
    return PlaceContext(countries=set(countries), points=[], label=label)


@pytest.mark.parametrize(
    ("word", "country", "feature"),
    [
        ("Russian", "RU", "A.PCLI"),
        ("Sri Lankan", "LK", "A.PCLI"),
        ("American", "US", "A.PCLI"),
        ("Argentine", "AR", "A.PCLI"),
        ("European", None, "L.CONT"),
    ],
)
def test_demonym_names_its_country(gazetteer: Gazetteer, word, country, feature) -> None:
    got = gazetteer.demonym(word)
    assert got is not None and got.country == country and got.feature == feature


@pytest.mark.parametrize("word", ["Russians", "russian", "Zorblattian"])
def test_demonym_abstains_on_plurals_lower_case_and_unknown_words(gazetteer, word) -> None:
    assert gazetteer.demonym(word) is None


def test_a_demonym_is_not_a_literal_place_name(gazetteer: Gazetteer) -> None:
    assert "RU" not in {c.country for c in gazetteer.lookup("Russian")}


@pytest.mark.parametrize(
    ("abbr", "countries", "country", "admin1"),
    [
        ("Ga.", ("US",), "US", "GA"),
        ("W.Va.", (), "US", "WV"),
        ("S.D.", ("US",), "US", "SD"),
        ("Neb.", (), "US", "NE"),
        ("Ont.", ("CA",), "CA", None),
        ("B.C.", ("CA",), "CA", None),
    ],
)
def test_state_and_province_abbreviations(gazetteer, abbr, countries, country, admin1) -> None:
    got = gazetteer.resolve(abbr, _ctx(countries))
    assert got is not None and got.feature == "A.ADM1" and got.country == country
    if admin1:
        assert got.admin1 == admin1


@pytest.mark.parametrize(("name", "lat", "lon"), [("Canada", 60.1, -113.6), ("US", 39.8, -98.5)])
def test_countries_sit_at_geonames_points(gazetteer: Gazetteer, name, lat, lon) -> None:
    got = gazetteer.resolve(name, _ctx())
    assert got is not None and abs(got.lat - lat) < 0.2 and abs(got.lon - lon) < 0.2


@pytest.mark.parametrize("code", ["TTC", "MW", "BA", "CNN"])
def test_codes_match_only_as_written(gazetteer: Gazetteer, code: str) -> None:
    assert "A.PCLI" not in {c.feature for c in gazetteer.lookup(code)}


def test_an_org_mention_is_a_division_but_not_a_town_by_an_acronym(gazetteer) -> None:
    texas = gazetteer.resolve("Texas", _ctx(label="ORG"))
    assert texas is not None and texas.feature == "A.ADM1"
    assert gazetteer.resolve("FBI", _ctx(("US",), "ORG")) is None


def _link(gazetteer: Gazetteer, *items: tuple[str, str]):
    out, pos = [], 0
    for text, label in items:
        out.append(NamedMention(pos, pos + len(text), text, label, (), None))
        pos += len(text) + 10
    return DocumentLinker(gazetteer, AliasTable([], frozenset())).link(out, "")


def test_linker_places_a_demonym_apart_from_literal_places(gazetteer: Gazetteer) -> None:
    ents = {e.name: e for e in _link(gazetteer, ("Ukraine", "GPE"), ("Russian", "NORP"))}
    assert ents["Ukraine"].place is not None and ents["Ukraine"].place.kind == "literal"
    dem = ents["Russian"].place
    assert dem is not None and dem.kind == "demonym" and dem.country == "RU"


def test_linker_never_places_a_person(gazetteer: Gazetteer) -> None:
    (ent,) = _link(gazetteer, ("Phoenix", "PERSON"))
    assert ent.place is None


def _link_text(gazetteer: Gazetteer, text: str, *items: tuple[str, str]):
    out = []
    for word, label in items:
        start = text.index(word)
        out.append(NamedMention(start, start + len(word), word, label, (), None))
    return DocumentLinker(gazetteer, AliasTable([], frozenset())).link(out, text)


def test_linker_places_a_town_inside_the_state_written_after_it(gazetteer) -> None:
    text = "Flooding closed roads in Athens, Ga., on Monday."
    ents = {e.name: e for e in _link_text(gazetteer, text, ("Athens", "GPE"), ("Ga.", "GPE"))}
    athens = next(e for e in ents.values() if e.mentions[0].text == "Athens")
    assert athens.place is not None and athens.place.country == "US"
    assert athens.place.admin1 == "Georgia"
    assert athens.place.confidence == EVIDENCE_CONFIDENCE["within"]


def test_linker_prefers_the_namesake_in_a_division_the_document_names(gazetteer) -> None:
    text = "The council of London met on Monday. Ontario will pay for the new bridge."
    ents = _link_text(gazetteer, text, ("London", "GPE"), ("Ontario", "GPE"))
    london = next(e for e in ents if e.mentions[0].text == "London")
    assert london.place is not None and london.place.country == "CA"


def test_is_current_tells_a_stale_build_from_a_current_one(gazetteer_path, tmp_path) -> None:
    import shutil
    import sqlite3

    from storyline.resolve.gazetteer import is_current

    assert is_current(gazetteer_path)
    stale = Path(shutil.copy(gazetteer_path, tmp_path / "stale.sqlite"))
    con = sqlite3.connect(stale)
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'data'")
    con.commit()
    con.close()
    assert not is_current(stale)
    assert not is_current(tmp_path / "missing.sqlite")
