"""storyline_conflicts: disagreeing accounts in invented articles, and its rules on records."""

from __future__ import annotations

import pytest

from storyline.extract.conflicts import ConflictFinder, find_conflicts
from storyline.extract.events import EventFinder
from storyline.records import Event, Mention, Place, Quote, Speaker, TimeRef

from .annotate import annotate

GAO = Place(16.27, -0.04, "ML", feature="P.PPLA")
TIMBUKTU = Place(16.77, -3.01, "ML", feature="P.PPLA")


def _run(nlp, text, entities=(), times=(), quotes=()):
    doc = annotate(nlp, text, entities, times, quotes)
    EventFinder(nlp, "storyline_events")(doc)
    ConflictFinder(nlp, "storyline_conflicts")(doc)
    return doc


@pytest.mark.model
def test_conflicts_witness_and_officials_date_one_raid_differently(nlp):
    text = (
        "The Valley Courier reported on Monday new details of the fighting at the border post "
        "of Tal Harbi.\n\n"
        "A trader, Karim Loutfi, said that clashes between smugglers and the border police "
        "broke out in mid-March at the post.\n\n"
        "Customs officials said the incident happened on May 4 near the town of Kassala."
    )
    witness = "clashes between smugglers and the border police broke out in mid-March at the post"
    officials = "the incident happened on May 4 near the town of Kassala"
    doc = _run(
        nlp,
        text,
        [("Valley Courier", "ORG"), ("Karim Loutfi", "PERSON"), ("Tal Harbi", "GPE"),
         ("Kassala", "GPE")],
        [("Monday", "2021-05-24", "2021-05-24"), ("mid-March", "2021-03-11", "2021-03-20"),
         ("May 4", "2021-05-04", "2021-05-04")],
        [(witness, "Karim Loutfi"), (officials, "Customs officials")],
    )  # fmt: skip
    conflicts = doc._.sl_conflicts
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.id, c.about) == ("c1", "time")
    assert {"t2", "t3"} <= set(c.items)
    events = {e.id: e for e in doc._.sl_events}
    dated = {events[i].time for i in c.items if i in events}
    assert dated == {"t2", "t3"}
    assert "'mid-March' (per Valley Courier, Karim Loutfi)" in c.note
    assert "'May 4' (per Customs officials)" in c.note


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "times", "quotes"),
    [
        (  # one voice telling two clashes on two dates: two happenings, no dispute
            "Clashes between the Red Brigade and the army broke out in Gao on June 2. "
            "Clashes between the Red Brigade and the army broke out in Gao on August 9.",
            [("June 2", "2021-06-02", "2021-06-02"), ("August 9", "2021-08-09", "2021-08-09")],
            [],
        ),
        (  # two sources, overlapping dates: they agree
            "Karim Loutfi said clashes between the Red Brigade and the army broke out in Gao in "
            "early June. Officials said the clashes between the Red Brigade and the army broke "
            "out in Gao on June 2.",
            [("early June", "2021-06-01", "2021-06-10"), ("June 2", "2021-06-02", "2021-06-02")],
            [("clashes between the Red Brigade and the army broke out in Gao in early June",
              "Karim Loutfi"),
             ("the clashes between the Red Brigade and the army broke out in Gao on June 2",
              "Officials")],
        ),
        (  # different kinds of event
            "Karim Loutfi said a protest by the Red Brigade took place in Gao on June 2. "
            "Officials said an air strike hit the Red Brigade in Gao on August 9.",
            [("June 2", "2021-06-02", "2021-06-02"), ("August 9", "2021-08-09", "2021-08-09")],
            [("a protest by the Red Brigade took place in Gao on June 2", "Karim Loutfi"),
             ("an air strike hit the Red Brigade in Gao on August 9", "Officials")],
        ),
    ],
)  # fmt: skip
def test_conflicts_none_when_accounts_agree_or_differ_in_kind(nlp, text, times, quotes):
    doc = _run(nlp, text, [("Red Brigade", "ORG"), ("Gao", "GPE"), ("Karim Loutfi", "PERSON")],
               times, quotes)  # fmt: skip
    assert doc._.sl_conflicts == []


@pytest.mark.model
def test_conflicts_place(nlp):
    text = (
        "Karim Loutfi said clashes between the Red Brigade and the army broke out in Gao on "
        "June 2.\n\nOfficials said the clashes between the Red Brigade and the army took place "
        "in Timbuktu on June 2."
    )
    doc = _run(
        nlp,
        text,
        [("Red Brigade", "ORG"), ("Gao", "GPE", GAO), ("Timbuktu", "GPE", TIMBUKTU),
         ("Karim Loutfi", "PERSON")],
        [("June 2", "2021-06-02", "2021-06-02")],
        [("clashes between the Red Brigade and the army broke out in Gao on June 2",
          "Karim Loutfi"),
         ("the clashes between the Red Brigade and the army took place in Timbuktu on June 2",
          "Officials")],
    )  # fmt: skip
    assert [c.about for c in doc._.sl_conflicts] == ["place"]
    assert "'Gao' (per Karim Loutfi)" in doc._.sl_conflicts[0].note
    assert "'Timbuktu' (per Officials)" in doc._.sl_conflicts[0].note


@pytest.mark.model
def test_conflicts_fatalities(nlp):
    text = (
        "Police said 12 people were killed in clashes between the Red Brigade and the army in "
        "Gao.\n\nWitnesses said the fighting in Gao killed at least 20 people."
    )
    doc = _run(
        nlp,
        text,
        [("Red Brigade", "ORG"), ("Gao", "GPE")],
        [],
        [
            (
                "12 people were killed in clashes between the Red Brigade and the army in Gao",
                "Police",
            ),
            ("the fighting in Gao killed at least 20 people", "Witnesses"),
        ],
    )
    events = doc._.sl_events
    assert len(events) == 1 and events[0].fatalities == 12
    assert [c.about for c in doc._.sl_conflicts] == ["fatalities"]
    assert "per Police" in doc._.sl_conflicts[0].note
    assert "per Witnesses" in doc._.sl_conflicts[0].note


def _time(tid: str, text: str, earliest: str, latest: str, ttype: str = "DATE") -> TimeRef:
    return TimeRef(tid, 0, 1, text, ttype, None, earliest, latest)  # type: ignore[arg-type]


def _event(
    eid, subtype, time, source, actors=(), participants=("e9",), type_="Battles", detail=None
):
    return Event(eid, type_, subtype, Mention(0, 1, "x"), actors=actors, time=time,
                 sources=(source,) if source else (), participants=participants,
                 detail=detail)  # fmt: skip


QUOTES = [
    Quote("q1", "indirect", 0, 1, "x", Speaker("e1", "he", "Ann Dale")),
    Quote("q2", "indirect", 0, 1, "x", Speaker(None, "officials", "officials"), anonymous=True),
    Quote("q3", "indirect", 0, 1, "x", Speaker("e1", "she", "Ann Dale")),
]
TIMES = [
    _time("t1", "in April", "2021-04-01", "2021-04-30"),
    _time("t2", "on June 2", "2021-06-02", "2021-06-02"),
    _time("t3", "in early June", "2021-06-01", "2021-06-10"),
    _time("t4", "for six months", "2021-01-01", "2021-06-30", "DURATION"),
]


@pytest.mark.parametrize(
    ("a", "b", "n"),
    [
        (_event("v1", "Armed clash", "t1", "q1"), _event("v2", "Armed clash", "t2", "q2"), 1),
        (_event("v1", "Armed clash", "t3", "q1"), _event("v2", "Armed clash", "t2", "q2"), 0),
        (_event("v1", "Armed clash", "t1", "q1"), _event("v2", "Armed clash", "t2", "q3"), 0),
        (_event("v1", "Armed clash", "t1", None), _event("v2", "Armed clash", "t2", None), 0),
        (_event("v1", "Armed clash", "t4", "q1"), _event("v2", "Armed clash", "t2", "q2"), 0),
        (_event("v1", "Armed clash", "t1", "q1"),  # a coup attempt told with its clashes
         _event("v2", "Other", "t2", "q2", type_="Strategic developments",
                detail="coup attempt"), 1),
        (_event("v1", "Armed clash", "t1", "q1"),  # a bounty is never the same happening
         _event("v2", "Other", "t2", "q2", type_="Strategic developments",
                detail="bounty or reward"), 0),
        (_event("v1", "Armed clash", "t1", "q1"),
         _event("v2", "Change to group/activity", "t2", "q2", type_="Strategic developments",
                detail="surrender"), 0),
        (_event("v1", "Armed clash", "t1", "q1", participants=("e7",)),
         _event("v2", "Armed clash", "t2", "q2", participants=("e8",)), 0),
        (_event("v1", "Armed clash", "t1", "q1", actors=("e5",)),
         _event("v2", "Armed clash", "t2", "q2", actors=("e6",)), 0),
    ],
)  # fmt: skip
def test_conflicts_time_rules(a, b, n):
    conflicts = find_conflicts([a, b], TIMES, QUOTES, [])
    assert len(conflicts) == n
    if n:
        assert conflicts[0].about == "time"
        assert conflicts[0].items == ("v1", "v2", a.time, b.time)
