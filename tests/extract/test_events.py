"""storyline_events on invented sentences, with entities, times and quotes set by hand."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract.events import EventFinder
from storyline.extract.events.lexicon import load_lexicon, normalize_fatalities
from storyline.records import Article, Event

from .annotate import annotate

pytestmark = pytest.mark.model


def _events(nlp, text, entities=(), times=(), quotes=()) -> tuple[list[Event], dict[str, str]]:
    doc = annotate(nlp, text, entities, times, quotes)
    EventFinder(nlp, "storyline_events")(doc)
    names = {e.id: e.name for e in doc._.sl_entities}
    names.update({t.id: t.text for t in doc._.sl_times})
    return doc._.sl_events, names


@pytest.mark.parametrize(
    ("text", "entities", "times", "expected"),
    [
        (
            "Witnesses said violent clashes between the Red Brigade and the Blue Legion broke out "
            "in mid-March in the hills outside the town of Tal Harbi.",
            [
                ("Red Brigade", "ORG"),
                ("Blue Legion", "ORG"),
                ("Tal Harbi", "GPE"),
            ],
            [("mid-March", "2021-03-11", "2021-03-20")],
            (
                "Battles",
                "Armed clash",
                {"Red Brigade", "Blue Legion"},
                "Tal Harbi",
                "mid-March",
                None,
            ),
        ),
        (
            "Officials said fighters of the Red Brigade exchanged fire with police on June 2 in "
            "Gao.",
            [("Red Brigade", "ORG"), ("Gao", "GPE")],
            [("June 2", "2021-06-02", "2021-06-02")],
            ("Battles", "Armed clash", {"Red Brigade"}, "Gao", "June 2", None),
        ),
        (
            "The Northern Alliance took control of the airport yesterday.",
            [("Northern Alliance", "ORG")],
            [("yesterday", "2021-05-01", "2021-05-01")],
            (
                "Battles",
                "Non-state actor overtakes territory",
                {"Northern Alliance"},
                None,
                "yesterday",
                None,
            ),
        ),
        (
            "Government troops recaptured the town of Marib from the Ansar Front.",
            [("Marib", "GPE"), ("Ansar Front", "ORG")],
            [],
            ("Battles", "Government regains territory", set(), "Marib", None, None),
        ),
        (
            "About 200 Ansar Front fighters surrendered to the army near Marib.",
            [("Ansar Front", "ORG"), ("Marib", "GPE")],
            [],
            (
                "Strategic developments",
                "Change to group/activity",
                {"Ansar Front"},
                "Marib",
                None,
                None,
            ),
        ),
        (
            "An air strike hit a fuel depot outside Hodeidah three years ago.",
            [("Hodeidah", "GPE")],
            [("three years ago", "2018-01-01", "2018-12-31")],
            (
                "Explosions/Remote violence",
                "Air/drone strike",
                set(),
                "Hodeidah",
                "three years ago",
                None,
            ),
        ),
        (
            "The Sura Cartel offered a reward for killing the judge Ali Dayo.",
            [("Sura Cartel", "ORG"), ("Ali Dayo", "PERSON")],
            [],
            ("Strategic developments", "Other", {"Sura Cartel"}, None, None, None),
        ),
        (
            "At least 12 people were killed in clashes between the army and rebels in Aleppo on "
            "March 3.",
            [("Aleppo", "GPE")],
            [("March 3", "2021-03-03", "2021-03-03")],
            ("Battles", "Armed clash", set(), "Aleppo", "March 3", 12),
        ),
        (
            "Gunmen killed five villagers in Borno.",
            [("Borno", "GPE")],
            [],
            ("Violence against civilians", "Attack", set(), "Borno", None, 5),
        ),
        (
            "Two soldiers and three civilians died when a roadside bomb exploded in Kandahar.",
            [("Kandahar", "GPE")],
            [],
            (
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
                set(),
                "Kandahar",
                None,
                5,
            ),
        ),
        (
            "Police arrested the activist Mary Oyelaran in Lagos.",
            [("Mary Oyelaran", "PERSON"), ("Lagos", "GPE")],
            [],
            ("Strategic developments", "Arrests", set(), "Lagos", None, None),
        ),
        (
            "Thousands of students joined a protest in Dhaka.",
            [("Dhaka", "GPE")],
            [],
            ("Protests", "Peaceful protest", set(), "Dhaka", None, None),
        ),
        (
            "Officers staged a failed coup in Bamako.",
            [("Bamako", "GPE")],
            [],
            ("Strategic developments", "Other", set(), "Bamako", None, None),
        ),
    ],
)
def test_events_types_arguments(nlp, text, entities, times, expected):
    events, names = _events(nlp, text, entities, times)
    assert len(events) == 1, [(e.type, e.subtype, e.trigger.text) for e in events]
    ev = events[0]
    etype, subtype, actors, place, time, fatalities = expected
    assert (ev.type, ev.subtype) == (etype, subtype)
    assert {names[a] for a in ev.actors} >= actors
    assert (names[ev.place] if ev.place else None) == place
    assert (names[ev.time] if ev.time else None) == time
    assert ev.fatalities == fatalities
    assert ev.id == "v1"
    assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text


@pytest.mark.parametrize(
    "text",
    [
        "The rebels did not clash with the army.",
        "The army is preparing for a battle with the rebels.",
        "The club seized the initiative in the second half.",
        "She won an award for her novel.",
        "Two cars were damaged in a collision on the motorway.",
        "The government said it would retake the town within weeks.",
        "The rebels could attack the capital, analysts warned.",
        "The minister vowed to seize the smugglers' weapons.",
        # a person moving or fleeing is no ACLED event
        "The general Peter Ondaro fled to Kenya in early May.",
        "The couple moved to Leeds last year.",
        "The singer escaped the crowd through a side door.",
    ],
)
def test_events_ignores_non_events(nlp, text):
    events, _ = _events(nlp, text)
    assert events == []


def test_events_targets_of_a_bounty(nlp):
    text = "The Sura Cartel offered a reward for killing the judge Ali Dayo."
    events, names = _events(nlp, text, [("Sura Cartel", "ORG"), ("Ali Dayo", "PERSON")])
    assert [names[t] for t in events[0].targets] == ["Ali Dayo"]


@pytest.mark.parametrize(
    ("text", "entities", "subtype", "detail"),
    [
        ("Officers staged a failed coup in Bamako.", [("Bamako", "GPE")], "Other",
         "coup attempt"),
        ("The Sura Cartel offered a reward for killing the judge Ali Dayo.",
         [("Sura Cartel", "ORG"), ("Ali Dayo", "PERSON")], "Other", "bounty or reward"),
        ("About 200 Ansar Front fighters surrendered to the army near Marib.",
         [("Ansar Front", "ORG"), ("Marib", "GPE")], "Change to group/activity", "surrender"),
    ],
)  # fmt: skip
def test_events_code_acled_sub_types_and_keep_the_finer_word(nlp, text, entities, subtype, detail):
    events, _ = _events(nlp, text, entities)
    assert [(e.type, e.subtype, e.detail) for e in events] == [
        ("Strategic developments", subtype, detail)
    ]


def test_events_a_coup_told_with_its_fighting_is_coded_as_the_fighting(nlp):
    text = (
        "Mutineers attempted a coup in Bamako on Monday: they clashed with the presidential "
        "guard for hours."
    )
    events, _ = _events(nlp, text, [("Bamako", "GPE")])
    assert [(e.type, e.subtype) for e in events] == [("Battles", "Armed clash")]


def test_events_bounties_and_coups_are_never_one_event(nlp):
    text = (
        "Officers staged a failed coup in Bamako. The junta later offered a reward for "
        "killing the officers' leader Ali Dayo."
    )
    events, _ = _events(nlp, text, [("Bamako", "GPE"), ("Ali Dayo", "PERSON")])
    assert sorted(e.detail or "" for e in events) == ["bounty or reward", "coup attempt"]


@pytest.mark.parametrize(
    ("phrase", "count"),
    [
        ("two deaths", 2),
        ("at least 12 killed", 12),
        ("dozens", 12),
        ("dozens of people", 12),
        ("a dozen soldiers", 12),
        ("two dozen", 24),
        ("scores of villagers", 20),
        ("hundreds", 100),
        ("thousands of civilians", 1000),
        ("10 to 15 dead", 10),
        ("1,200 people", 1200),
        ("one policeman", 1),
        ("many people were killed", None),
        ("several", None),
    ],
)
def test_events_fatality_normalization(phrase, count):
    assert normalize_fatalities(phrase, load_lexicon()) == count


@pytest.mark.parametrize(
    ("text", "count", "phrase"),
    [
        ("Many people were killed in the fighting near Tessit.", None, "Many people were killed"),
        ("The fighting near Tessit left dozens of people dead.", 12, None),
        ("There was a clash near Tessit and two deaths.", 2, None),
        ("Fighting broke out near Tessit. At least 7 fighters were killed.", 7, None),
    ],
)
def test_events_fatalities_from_neighbourhood(nlp, text, count, phrase):
    events, _ = _events(nlp, text, [("Tessit", "GPE")])
    battles = [e for e in events if e.type == "Battles"]
    assert len(battles) == 1
    assert battles[0].fatalities == count
    assert battles[0].fatalities_text == phrase


def test_events_fatalities_in_same_quote(nlp):
    text = (
        "A witness described the battle for Tessit.\n\n"
        "“The fighting was very fierce.\n\nMany people were killed,” he said."
    )
    quoted = "The fighting was very fierce.\n\nMany people were killed"
    events, _ = _events(nlp, text, [("Tessit", "GPE")], quotes=[(quoted, None)])
    assert [(e.type, e.fatalities_text) for e in events] == [("Battles", "Many people were killed")]
    assert events[0].sources == ("q1",)


def test_events_merges_mentions_of_one_happening(nlp):
    text = (
        "Clashes between the Red Brigade and the army broke out in Gao on June 2.\n\n"
        "The fighting lasted six hours, residents said."
    )
    events, _ = _events(
        nlp,
        text,
        [("Red Brigade", "ORG"), ("Gao", "GPE")],
        [("June 2", "2021-06-02", "2021-06-02")],
    )
    assert len(events) == 1
    assert [m.text for m in events[0].mentions] == ["Clashes", "fighting"]


@pytest.mark.parametrize(
    ("text", "times", "n"),
    [
        (
            "Clashes broke out in Gao on June 2. Further clashes broke out in Gao on August 9.",
            [("June 2", "2021-06-02", "2021-06-02"), ("August 9", "2021-08-09", "2021-08-09")],
            2,
        ),
        (
            "Clashes broke out in Gao on June 2. Later that day clashes broke out in Gao again.",
            [("June 2", "2021-06-02", "2021-06-02")],
            1,
        ),
    ],
)
def test_events_keeps_apart_incompatible_times(nlp, text, times, n):
    events, _ = _events(nlp, text, [("Gao", "GPE")], times)
    assert len([e for e in events if e.type == "Battles"]) == n


def test_events_keeps_apart_different_places(nlp):
    text = "Protesters marched in Dhaka. Another protest took place in Chittagong."
    events, _ = _events(nlp, text, [("Dhaka", "GPE"), ("Chittagong", "GPE")])
    assert len([e for e in events if e.type == "Protests"]) == 2


def test_events_anaphor_adds_time_and_place(nlp):
    text = (
        "The Herald reported details of the attack on the army camp, adding that the "
        "incident happened on May 4 in Kassala."
    )
    events, names = _events(
        nlp,
        text,
        [("Herald", "ORG"), ("Kassala", "GPE")],
        [("May 4", "2021-05-04", "2021-05-04")],
    )
    assert len(events) == 1
    ev = events[0]
    assert (ev.subtype, names[ev.time], names[ev.place]) == ("Armed clash", "May 4", "Kassala")
    assert [names[s] for s in ev.sources] == ["Herald"]


@pytest.mark.parametrize(
    ("text", "quotes", "certainty"),
    [
        ("Rebels attacked an army base in Gao.", [], "asserted"),
        ("The governor said rebels attacked an army base in Gao.", [], "reported"),
        ("Rebels reportedly attacked an army base in Gao.", [], "hedged"),
        (
            "Rebels attacked an army base in Gao, the governor said.",
            [("Rebels attacked an army base in Gao", "governor")],
            "reported",
        ),
    ],
)
def test_events_certainty(nlp, text, quotes, certainty):
    events, _ = _events(nlp, text, [("Gao", "GPE")], quotes=quotes)
    assert [e.certainty for e in events] == [certainty]


def test_events_report_date_is_not_event_date(nlp):
    text = "The Herald reported on Monday that clashes broke out in Gao."
    events, _ = _events(
        nlp, text, [("Herald", "ORG"), ("Gao", "GPE")], [("Monday", "2021-05-03", "2021-05-03")]
    )
    assert events[0].time is None


def test_events_narrative_time_from_related_event(nlp):
    text = (
        "The coup attempt in Bamako took place on May 4.\n\n"
        "Officials said mutineers then exchanged fire with the presidential guard."
    )
    events, names = _events(nlp, text, [("Bamako", "GPE")], [("May 4", "2021-05-04", "2021-05-04")])
    clash = next(e for e in events if e.type == "Battles")
    assert names[clash.time] == "May 4"


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        # figurative senses
        ("The senator faces an uphill battle in the primary.", []),
        ("The two firms are locked in a legal battle over the patent.", []),
        ("Mayor Ana Ruiz attacked Governor Leo Park, saying he had failed the city.",
         [("Ana Ruiz", "PERSON"), ("Leo Park", "PERSON")]),
        ("Leo Park blasted Ana Ruiz as a disgrace.",
         [("Ana Ruiz", "PERSON"), ("Leo Park", "PERSON")]),
        ("The unions are fighting to protect their pensions.", []),
        ("The campaign released an attack ad on Tuesday.", []),
        ("For years the battle lines in the coal debate have been clear.", []),
        # a crime named as a charge, a simulation, far-historical background
        ("The lawyer once defended a man accused of murder.", []),
        ("The navy simulated an attack on the island.", []),
    ],
)  # fmt: skip
def test_events_reality_filter_drops_what_did_not_happen(nlp, text, entities):
    events, _ = _events(nlp, text, entities)
    assert [(e.type, e.trigger.text) for e in events] == []


def test_events_far_historical_background_is_not_coded(nlp):
    text = "Rebels attacked the fort at Port Elan in 1917, historians say."
    doc_events, _ = _events(
        nlp, text, [("Port Elan", "GPE")], [("1917", "1917-01-01", "1917-12-31")]
    )
    assert doc_events == []


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a police post near Port Elan, killing two officers.",
        "Rebels attacked the town on Monday.",
        "Clashes broke out between the army and rebels near Lake Varo.",
        "Protesters clashed with police in the capital.",
    ],
)
def test_events_reality_filter_keeps_real_violence(nlp, text):
    events, _ = _events(nlp, text)
    assert events, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the means decides the sub-type
        ("The rebels attacked the town with chlorine gas on Monday.",
         ("Explosions/Remote violence", "Chemical weapon")),
        ("Warplanes attacked the village, killing six civilians.",
         ("Explosions/Remote violence", "Air/drone strike")),
        ("Militants fired dozens of rockets at the army base.",
         ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        # an attack on civilians is no armed clash; an attack on soldiers is
        ("Gunmen attacked a crowded mosque in the north.",
         ("Violence against civilians", "Attack")),
        ("Gunmen attacked a police post near the border.", ("Battles", "Armed clash")),
        # protests by what protesters did and what was done to them
        ("Protesters threw stones at police during a protest in the capital.",
         ("Riots", "Violent demonstration")),
        ("Police fired tear gas to disperse a protest in the capital.",
         ("Protests", "Protest with intervention")),
        ("Police shot dead two protesters at a peaceful protest in the capital.",
         ("Protests", "Excessive force against protesters")),
        ("An angry mob beat a suspected thief to death in the market.", ("Riots", "Mob violence")),
        # strategic developments and the non-ACLED family
        ("Turkish forces have set up a new military base near the border.",
         ("Strategic developments", "Headquarters or base established")),
        ("Police seized 40 rifles and 2,000 bullets in a raid.",
         ("Strategic developments", "Disrupted weapons use")),
        ("Police seized 50 kg of heroin from smugglers at the port.",
         ("Organized crime", "Organized crime")),
        ("A magnitude 6.1 earthquake struck the region on Sunday.",
         ("Natural disaster", "Natural disaster")),
        ("A fire at a garment factory killed 12 workers.",
         ("Man-made disaster", "Man-made disaster")),
        ("The government expelled four diplomats on Friday.",
         ("Diplomatic event", "Diplomatic event")),
        ("The group claimed responsibility for the bombing.",
         ("Attribution of responsibility", "Attribution of responsibility")),
    ],
)  # fmt: skip
def test_events_codes_sub_type_by_codebook(nlp, text, expected):
    events, _ = _events(nlp, text)
    assert events and (events[0].type, events[0].subtype) == expected


@pytest.mark.parametrize(
    "text",
    [
        "You walk down the street, you get shot.",
        "If the rebels attacked the town, the army would respond.",
        "Lawmakers killed the deal in committee.",
        "Industry experts fought for the contract for years.",
        "The senator attacked his opponent in the debate.",
        "Thousands of shootings are a national shame.",
        # ordinary crime, background, a topic, a trend, harm to oneself, a name
        "A teenager is charged with the murder of a woman in her home.",
        "The man fought with store employees before fleeing.",
        "Officials recalled the Bellmont Mall attack at the ceremony.",
        "Veterans spoke of five years of fighting.",
        "The panel made recommendations on the clashes.",
        "Attacks on the homeland stepped up after the election.",
        "The veteran shot himself in the parking lot.",
        "Rep. Mary Battle asked the first question.",
        "The city was shaken by two weeks of protests after the shooting.",
        # an illness, a lawsuit, a sport: figurative fights
        "The former mayor died on Sunday after a long battle with cancer.",
        "The mother lost her deportation battle in the High Court.",
        # an ordinary abduction; losing control of a car is no territory taken
        "A man abducted his former girlfriend from a shopping mall on Friday.",
        "The driver lost control of his pickup and hit a tree on Route 9.",
        # a disaster word as a modifier
        "Homeowners applied for free hurricane inspections.",
        # everyday accidents are no man-made disasters
        "A driver was hurt in a two-car crash on the highway on Friday.",
        "A kitchen fire damaged a family home on Elm Street on Tuesday.",
    ],
)
def test_events_reality_drops_generic_conditional_and_political(nlp, text):
    events, _ = _events(nlp, text)
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    dropped = violent | {"Man-made disaster", "Natural disaster", "Protests", "Riots"}
    assert [e.trigger.text for e in events if e.type in dropped] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Police arrested a man on drugs charges in the city.", False),
        ("Police arrested ten opposition activists after the rally.", True),
    ],
)
def test_events_arrests_coded_only_when_political(nlp, text, kept):
    events, _ = _events(nlp, text)
    assert any(e.subtype in ("Arrests", "Protest with intervention") for e in events) is kept


@pytest.mark.parametrize(
    "text",
    [
        "A passenger train crash killed 30 people near the station on Monday.",
        "A fire at a chemical factory injured 12 workers and forced residents to evacuate.",
    ],
)
def test_events_accidents_with_wider_harm_are_man_made_disasters(nlp, text):
    events, _ = _events(nlp, text)
    assert any(e.type == "Man-made disaster" for e in events)


def test_events_years_before_the_report_are_history(nlp):
    text = "Rebels attacked the fort at Port Elan in March 2019, killing six soldiers."
    doc = annotate(nlp, text, [("Port Elan", "GPE")], [("March 2019", "2019-03-01", "2019-03-31")])
    for published, kept in ((date(2019, 4, 2), True), (date(2025, 4, 2), False)):
        doc._.sl_article = Article(id="a", text=text, published=published)
        doc._.sl_events = None
        EventFinder(nlp, "storyline_events")(doc)
        assert bool(doc._.sl_events) is kept, published


def test_events_surrendering_a_passport_is_no_change_to_a_group(nlp):
    events, _ = _events(nlp, "He surrendered his passport to the court on Monday.")
    assert [e.subtype for e in events] == []
    events, _ = _events(nlp, "Forty rebel fighters surrendered to the army near the border.")
    assert "Change to group/activity" in [e.subtype for e in events]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The European Union imposed new sanctions on the regime on Monday.", True),
        ("The sanctions war has hurt both economies for years.", False),
        ("Diplomatic ties were restored between the two countries on Friday.", True),
        ("The two countries embark on a new era of diplomatic relations.", False),
    ],
)
def test_events_sanctions_and_ties_are_events_when_acted_on(nlp, text, kept):
    events, _ = _events(nlp, text)
    assert ("Diplomatic event" in [e.type for e in events]) is kept
