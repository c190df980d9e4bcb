"""Counties and districts (GeoNames ADM2) in the gazetteer, towns' counties, GeoNames ids
of first-level divisions, and names that only share a transliteration key."""

from __future__ import annotations

from storyline.records import NamedMention, haversine_km
from storyline.resolve.aliases import AliasTable
from storyline.resolve.gazetteer import Gazetteer, PlaceContext
from storyline.resolve.linker import DocumentLinker


def _ctx(countries: tuple[str, ...] = (), label: str | None = "GPE") -> PlaceContext:
    return PlaceContext(countries=set(countries), points=[], label=label)


def test_a_county_is_a_second_level_division_with_its_own_point(gazetteer: Gazetteer) -> None:
    found = [c for c in gazetteer.lookup("Fulton County") if c.feature == "A.ADM2"]
    georgia = next(c for c in found if c.country == "US" and c.admin1 == "GA")
    # near Atlanta, its seat, and carrying its GeoNames id
    assert haversine_km(georgia.lat, georgia.lon, 33.749, -84.388) < 60
    assert georgia.geonames_id is not None
    assert len({(c.admin1, c.geonames_id) for c in found}) >= 5  # one per state that has one


def test_the_county_of_the_state_the_document_names_is_chosen(gazetteer: Gazetteer) -> None:
    ctx = PlaceContext(countries={"US"}, points=[], label="GPE", divisions={("US", "KY")})
    got = gazetteer.resolve("Fulton County", ctx)
    assert got is not None and got.feature == "A.ADM2" and got.admin1 == "KY"


def test_a_town_carries_its_county(gazetteer: Gazetteer) -> None:
    atlanta = gazetteer.resolve("Atlanta", _ctx(("US",)))
    assert atlanta is not None and atlanta.admin1 == "GA" and atlanta.admin2 == "Fulton County"


def test_first_level_divisions_carry_a_geonames_id(gazetteer: Gazetteer) -> None:
    ontario = gazetteer.resolve("Ontario", _ctx(("CA",)))
    assert ontario is not None and ontario.feature == "A.ADM1"
    assert ontario.geonames_id is not None


def test_a_name_that_only_shares_a_transliteration_key_needs_the_document(gazetteer) -> None:
    # "Fears" folds like the Iranian province Fars; nothing in the text points to Iran
    assert gazetteer.resolve("Fears", _ctx(("US",))) is None
    fars = gazetteer.resolve("Fears", _ctx(("IR",)))
    assert fars is not None and fars.country == "IR"


def test_linker_gives_a_placed_town_its_county(gazetteer: Gazetteer) -> None:
    text = "Police in Atlanta, Georgia, said the road reopened."
    out = []
    for word in ("Atlanta", "Georgia"):
        start = text.index(word)
        out.append(NamedMention(start, start + len(word), word, "GPE", (), None))
    ents = DocumentLinker(gazetteer, AliasTable([], frozenset())).link(out, text)
    atlanta = next(e for e in ents if e.name == "Atlanta")
    assert atlanta.place is not None and atlanta.place.admin2 == "Fulton County"
    assert atlanta.place.to_dict()["admin2"] == "Fulton County"
