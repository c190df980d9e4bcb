"""The event gold scorer (scripts/eval_events.py) on made-up records; the gold file's shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scripts import eval_events as ev

TEXT = "Police arrested ten protesters in Lisbon on Monday. The weather was mild. Talks began."


def _gold(sub: str, sentence: tuple[int, int], **kw: Any) -> dict[str, Any]:
    event = {
        "sentence_start": sentence[0],
        "sentence_end": sentence[1],
        "trigger": "x",
        "trigger_start": sentence[0],
        "sub_event_type": sub,
        "actor1": None,
        "place": None,
        "country": None,
        "date": None,
        "fatalities": 0,
    }
    return event | kw


def _doc(*events: dict[str, Any]) -> dict[str, Any]:
    entities = [
        {"id": "e1", "name": "police", "mentions": [{"start": 0, "end": 6, "text": "Police"}]},
        {
            "id": "e2",
            "name": "Lisbon",
            "mentions": [{"start": 36, "end": 42, "text": "Lisbon"}],
            "place": {"country": "PT"},
        },
        {
            "id": "e3",
            "name": "Portugal",
            "mentions": [],
            "place": {"country": "PT", "feature": "A.PCLI"},
        },
    ]
    times = [{"id": "t1", "value": "2024-03-04"}]
    return {"document": {"id": "d"}, "entities": entities, "times": times, "events": list(events)}


def _pred(sub: str, start: int, end: int, **kw: Any) -> dict[str, Any]:
    return {"subtype": sub, "trigger": {"start": start, "end": end}, "mentions": []} | kw


ARREST = (0, 51)  # "Police arrested ... on Monday."


def _figures(gold: list[dict[str, Any]], doc: dict[str, Any]) -> dict[str, Any]:
    return ev.evaluate([{"id": "d", "split": "s", "events": gold}], [doc])["all"]


def test_event_gold_matches_on_sentence_and_subtype():
    gold = [_gold("Arrests", ARREST)]
    right = _figures(gold, _doc(_pred("Arrests", 7, 15)))
    assert (right["precision"], right["recall"], right["subtype_accuracy"]) == (1.0, 1.0, 1.0)
    wrong_type = _figures(gold, _doc(_pred("Armed clash", 7, 15)))
    assert (wrong_type["matched"], wrong_type["subtype_accuracy"]) == (0, 0.0)
    wrong_sentence = _figures(gold, _doc(_pred("Arrests", 60, 67)))
    assert (wrong_sentence["precision"], wrong_sentence["recall"]) == (0.0, 0.0)


def test_event_gold_counts_violent_events_apart():
    gold = [_gold("Arrests", ARREST)]
    doc = _doc(_pred("Armed clash", 7, 15), _pred("Arrests", 7, 15), _pred("Attack", 60, 67))
    figures = _figures(gold, doc)
    assert (figures["violent_gold"], figures["violent_predicted"]) == (0, 2)


def test_event_gold_one_to_one_and_other_sentences_of_the_event():
    gold = [_gold("Arrests", ARREST, also=[[52, 73]])]
    doc = _doc(_pred("Arrests", 7, 15), _pred("Arrests", 56, 63))
    figures = _figures(gold, doc)
    assert (figures["matched"], figures["predicted"], figures["precision"]) == (1, 2, 0.5)
    # the second sentence alone evidences the same event
    assert _figures(gold, _doc(_pred("Arrests", 56, 63)))["recall"] == 1.0


def test_event_gold_attributes_of_matched_events():
    gold = [
        _gold(
            "Arrests",
            ARREST,
            actor1="Police Forces of Portugal",
            place="Lisbon",
            country="Portugal",
            date="2024-03",
            fatalities=0,
        )
    ]
    good = _pred("Arrests", 7, 15, actors=["e1"], place="e2", time="t1")
    f = _figures(gold, _doc(good))
    assert f["actor1_head_accuracy"] == 1.0
    assert f["place_accuracy"] == f["country_accuracy"] == f["date_accuracy"] == 1.0
    bad = _pred("Arrests", 7, 15, actors=["e2"], place="e3", fatalities=3)
    f = _figures(gold, _doc(bad))
    assert f["actor1_head_accuracy"] == 0.0  # Lisbon is neither police nor the state
    assert f["place_accuracy"] == 0.0 and f["country_accuracy"] == 1.0
    assert f["date_accuracy"] == 0.0 and f["fatalities_accuracy"] == 0.0


def test_event_gold_error_lines_name_misses_and_extras():
    gold = [{"id": "d", "split": "s", "events": [_gold("Arrests", ARREST)]}]
    doc = _doc(_pred("Peaceful protest", 74, 80))
    lines = ev.error_lines(gold, [doc], {"d": {"text": TEXT}})
    assert [line.split()[0] for line in lines] == ["missed", "extra"]
    assert "Police arrested ten protesters" in lines[0] and "'Talks '" in lines[1]


@pytest.mark.parametrize(
    ("actor", "strings", "countries", "right"),
    [
        ("Protesters (United States)", ["demonstrators"], set(), True),
        ("Protesters (United States)", ["United States"], {"US"}, False),
        ("Military Forces of Syria", ["Syrian"], {"SY"}, True),
        ("Military Forces of Syria", ["Turkish"], {"TR"}, False),
        ("PKK: Kurdistan Workers Party", ["the PKK"], set(), True),
        ("Civilians (Syria)", ["rebels"], set(), False),
    ],
)
def test_event_gold_actor_head_noun(actor, strings, countries, right):
    assert ev.actor_right(ev.parse_actor(actor), strings, countries) is right


@pytest.mark.parametrize(
    ("gold", "value", "right"),
    [
        ("2016-09-14", "2016-09-14", True),
        ("2016-09", "2016-09-14", True),
        ("2016-09-14", "2016-09", False),
        ("XXXX-01-23", "2018-01-23", True),
        ("2009-03", "2009-W10", True),
        ("2009-03-10", "2009-W11", False),
        ("2016-09", None, False),
    ],
)
def test_event_gold_date_at_gold_precision(gold, value, right):
    assert ev.date_right(gold, value) is right


def test_event_gold_file_is_well_formed():
    taxonomy = json.loads((Path(ev.DATA) / "event_taxonomy.json").read_text(encoding="utf-8"))
    subs = {s["name"]: t["name"] for t in taxonomy["event_types"] for s in t["sub_event_types"]}
    subs |= {t["name"]: t["name"] for t in taxonomy["other_family"]["types"]}
    gold = ev.read_jsonl(ev.GOLD)
    assert len(gold) >= 150 and len({g["id"] for g in gold}) == len(gold)
    for g in gold:
        assert "text" not in g
        for e in g["events"]:
            assert subs[e["sub_event_type"]] == e["event_type"]
            assert e["sentence_start"] <= e["trigger_start"] < e["sentence_end"]
            assert 0 <= e["inter1"] <= 8 and 0 <= e["inter2"] <= 8
            assert e["country"] is None or ev.country_codes()[ev.norm(e["country"])]
