"""The document placer: places named inside other names, titles that are no toponyms, and a
country's name read as a town of a division the document names."""

from __future__ import annotations

from storyline.records import NamedMention
from storyline.resolve.aliases import AliasTable
from storyline.resolve.gazetteer import Gazetteer
from storyline.resolve.linker import DocumentLinker
from storyline.resolve.places import inner_names, is_toponym_form


def _link(gazetteer: Gazetteer, text: str, *items: tuple[str, str]):
    out = []
    for word, label in items:
        start = text.index(word)
        out.append(NamedMention(start, start + len(word), word, label, (), None))
    ents = DocumentLinker(gazetteer, AliasTable([], frozenset())).link(out, text)
    return {e.mentions[0].text: e for e in ents}


def test_inner_names_are_capitalised_runs_longest_first() -> None:
    assert inner_names("Madison County Health Department")[:1] == ["Madison County Health"]
    assert "Madison County" in inner_names("Madison County Health Department")
    assert inner_names("Fargo-Moorhead") == ["Fargo", "Moorhead"]
    assert "Rochester" in inner_names("University of Rochester")
    assert inner_names("Ohio") == []


def test_titles_months_and_days_are_not_toponym_forms() -> None:
    assert not is_toponym_form("Capt")
    assert not is_toponym_form("Gov.")
    assert not is_toponym_form("March")
    assert is_toponym_form("Paris")


def test_an_organisation_named_by_its_state_is_placed_there_as_embedded(gazetteer) -> None:
    text = "The Minnesota Department of Transportation closed the bridge on Monday."
    ents = _link(gazetteer, text, ("Minnesota Department of Transportation", "ORG"))
    place = ents["Minnesota Department of Transportation"].place
    assert place is not None and place.kind == "embedded" and place.admin1 == "Minnesota"
    # never an event's place: only literal places are
    assert ents["Minnesota Department of Transportation"].literal_place is None


def test_a_town_inside_a_name_needs_its_own_mention(gazetteer: Gazetteer) -> None:
    text = "The Fargo Police said the Moorhead Rotary Club met. Fargo lies in North Dakota."
    out = []
    for word, label, nth in [
        ("Fargo Police", "ORG", 0),
        ("Moorhead Rotary Club", "ORG", 0),
        ("Fargo", "GPE", 1),
        ("North Dakota", "GPE", 0),
    ]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        out.append(NamedMention(start, start + len(word), word, label, (), None))
    ents2 = DocumentLinker(gazetteer, AliasTable([], frozenset())).link(out, text)
    by = {e.mentions[0].text: e for e in ents2}
    police = by["Fargo Police"].place
    assert police is not None and police.kind == "embedded" and police.admin1 == "North Dakota"
    assert by["Moorhead Rotary Club"].place is None  # Moorhead is named nowhere else


def test_a_title_is_never_placed(gazetteer: Gazetteer) -> None:
    ents = _link(gazetteer, "Capt said the ship left.", ("Capt", "GPE"))
    assert ents["Capt"].place is None


def test_a_country_name_is_the_town_of_the_state_the_document_names(gazetteer) -> None:
    text = "A fire in Palestine destroyed a barn, the Texas fire marshal said."
    ents = _link(gazetteer, text, ("Palestine", "GPE"), ("Texas", "GPE"))
    place = ents["Palestine"].place
    assert place is not None and place.country == "US" and place.admin1 == "Texas"
    alone = _link(gazetteer, "Talks on Palestine resumed.", ("Palestine", "GPE"))
    assert alone["Palestine"].place is not None and alone["Palestine"].place.country == "PS"


def test_part_words_and_name_openers_alone_are_not_toponym_forms() -> None:
    assert not is_toponym_form("East")
    assert not is_toponym_form("Metro")
    assert not is_toponym_form("St.")
    assert is_toponym_form("East Texas")


def test_a_dateline_gives_the_document_its_division(gazetteer: Gazetteer) -> None:
    # the dateline's town lies in Georgia: a Georgia town of the name beats a bigger one
    text = "Storm damage. ATLANTA - Crews in Albany cleared trees on Monday."
    ents = _link(gazetteer, text, ("ATLANTA", "GPE"), ("Albany", "GPE"))
    place = ents["Albany"].place
    assert place is not None and place.country == "US" and place.admin1 == "Georgia"
    # without the dateline, Albany is the biggest of its name
    plain = _link(gazetteer, "Storm damage. Crews in Albany cleared trees.", ("Albany", "GPE"))
    assert plain["Albany"].place is not None and plain["Albany"].place.admin1 != "Georgia"


def test_names_in_a_list_of_counties_are_the_counties(gazetteer: Gazetteer) -> None:
    text = "Schools in Barrow and Jackson counties closed, Georgia officials said."
    ents = _link(gazetteer, text, ("Barrow", "ORG"), ("Jackson", "PERSON"), ("Georgia", "GPE"))
    for name in ("Barrow", "Jackson"):
        place = ents[name].place
        assert place is not None and place.feature == "A.ADM2" and place.admin1 == "Georgia"
        assert ents[name].label == "GPE"


def test_a_division_an_organisation_is_named_after_is_the_story_s_region(gazetteer) -> None:
    text = "Truro police closed the road. Nova Scotia Power crews restored the lines."
    ents = _link(gazetteer, text, ("Truro", "GPE"), ("Nova Scotia Power", "ORG"))
    town = ents["Truro"].place
    assert town is not None and town.country == "CA" and town.admin1 == "Nova Scotia"
    alone = _link(gazetteer, "Truro police closed the road.", ("Truro", "GPE"))["Truro"].place
    assert alone is None or alone.country != "CA"


def _tiny(tmp_path, *places: tuple) -> Gazetteer:
    """A gazetteer of made-up places: (id, name, lat, country, feature, population, admin1,
    admin2)."""
    from storyline.resolve.gazetteer.build import _Builder
    from storyline.resolve.gazetteer.schema import SCHEMA_VERSION, data_fingerprint

    b = _Builder()
    for gid, name, lat, country, feature, population, admin1, admin2 in places:
        b.add_place(
            geonames_id=gid,
            name=name,
            lat=lat,
            lon=20.0,
            country=country,
            feature=feature,
            population=population,
            admin1=admin1,
            admin2=admin2,
        )
    path = tmp_path / "gazetteer.sqlite"
    b.write(path, {"schema": SCHEMA_VERSION, "data": data_fingerprint()})
    return Gazetteer.open(path)


_ZEDLAND = (
    (1, "Zedland", 0.0, "ZZ", "A.PCLI", 0, None, None),
    (2, "Northmoor", 10.0, "ZZ", "A.ADM1", 5_000_000, "01", None),
    (3, "Southfen", 30.0, "ZZ", "A.ADM1", 5_000_000, "02", None),
    # the big Millford lies in Southfen (02); the small one in Northmoor (01)
    (4, "Millford", 30.1, "ZZ", "P.PPL", 400_000, "02", None),
    (5, "Millford", 10.1, "ZZ", "P.PPL", 20_000, "01", "Eastby County"),
)


def test_a_county_an_organisation_is_named_after_places_its_towns(tmp_path) -> None:
    tiny = _tiny(
        tmp_path, *_ZEDLAND, (6, "Eastby County", 10.2, "ZZ", "A.ADM2", 60_000, "01", None)
    )
    text = "Millford police closed the road, the Eastby County Sheriff's Office said."
    ents = _link(tiny, text, ("Millford", "GPE"), ("Eastby County Sheriff's Office", "ORG"))
    town = ents["Millford"].place
    assert town is not None and town.geonames_id == 5
    alone = _link(tiny, "Millford police closed the road.", ("Millford", "GPE"))["Millford"]
    assert alone.place is not None and alone.place.geonames_id == 4


def test_a_county_and_a_town_it_holds_name_their_state(tmp_path) -> None:
    # two Eastby Counties: only Northmoor's holds a Millford
    tiny = _tiny(
        tmp_path,
        *_ZEDLAND,
        (6, "Eastby County", 10.2, "ZZ", "A.ADM2", 60_000, "01", None),
        (7, "Eastby County", 30.2, "ZZ", "A.ADM2", 90_000, "02", None),
    )
    text = "A Millford man was arrested at an Eastby County home."
    ents = _link(tiny, text, ("Millford", "GPE"), ("Eastby County", "GPE"))
    assert ents["Millford"].place is not None and ents["Millford"].place.geonames_id == 5
    county = ents["Eastby County"].place
    assert county is not None and county.geonames_id == 6


def test_of_namesake_counties_in_named_states_the_more_named_state_s_wins(tmp_path) -> None:
    tiny = _tiny(
        tmp_path,
        # the divisions' points far from the counties: nearness decides nothing here
        (2, "Northmoor", 60.0, "ZZ", "A.ADM1", 5_000_000, "01", None),
        (3, "Southfen", -60.0, "ZZ", "A.ADM1", 5_000_000, "02", None),
        (6, "Eastby County", 10.2, "ZZ", "A.ADM2", 60_000, "01", None),
        (7, "Eastby County", 30.2, "ZZ", "A.ADM2", 900_000, "02", None),
    )
    text = (
        "Northmoor jobs grew. Eastby County lost jobs, Northmoor officials said; "
        "Southfen grew too. Northmoor expects more."
    )
    out = []
    for word, label in (("Northmoor", "GPE"), ("Eastby County", "GPE"), ("Southfen", "GPE")):
        start = 0
        while (start := text.find(word, start)) >= 0:
            out.append(NamedMention(start, start + len(word), word, label, (), None))
            start += len(word)
    ents = {e.name: e for e in DocumentLinker(tiny, AliasTable([], frozenset())).link(out, text)}
    county = ents["Eastby County"].place
    assert county is not None and county.geonames_id == 6


def test_an_organisation_named_like_a_country_and_a_state_is_the_state_s(tmp_path) -> None:
    # "Northmoor" is a country too; the story's places lie in Zedland, where it is a state
    tiny = _tiny(tmp_path, *_ZEDLAND, (8, "Northmoor", 50.0, "QQ", "A.PCLI", 0, None, None))
    text = "Millford police and the Northmoor Bureau of Investigation arrested a man."
    ents = _link(tiny, text, ("Millford", "GPE"), ("Northmoor Bureau of Investigation", "ORG"))
    town = ents["Millford"].place
    assert town is not None and town.geonames_id == 5
