"""Analysed documents read back from the contract: records as they were, errors named by
field; ``ingest`` of ``analyze``/``batch`` output stores without the model and builds the
knowledge base that ingesting the raw articles builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import IngestError
from storyline.ingest.contract import document_from_dict
from storyline.ingest.read import read_inputs
from storyline.records import AnalyzedDocument, FailedDocument

ARTICLES = [
    {"id": "a1", "published": "2031-05-06", "text": (
        "Rebels attacked the town of Port Elan on Monday, killing 12 soldiers, officials said. "
        "“We lost the town at dawn,” said Colonel Ada Mensah, an army spokesman.")},
    {"id": "a2", "published": "2031-05-07", "text": (
        "Fighters stormed Port Elan on Monday according to local officials. Colonel Ada Mensah "
        "said the attackers had been pushed back.")},
    {"id": "a3", "published": "2031-05-08", "text": (
        "Protesters marched in Kassala on Friday against the price of bread. The opposition "
        "leader Omar Sidi called the march peaceful.")},
]  # fmt: skip


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.model
def test_ingest_of_analysed_jsonl_needs_no_model_and_builds_the_same_kb(tmp_path, monkeypatch):
    raw = tmp_path / "raw.jsonl"
    raw.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n")
    analysed = tmp_path / "analysed.jsonl"
    run("analyze", str(raw), "--format", "jsonl", "--output", str(analysed))
    first, second = f"sqlite:///{tmp_path / 'raw.db'}", f"sqlite:///{tmp_path / 'analysed.db'}"
    run("ingest", str(raw), "--db", first)

    from storyline.extract import pipeline

    def no_model(*_a, **_k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(pipeline, "build_nlp", no_model)
    run("ingest", str(analysed), "--db", second)

    def view(db: str) -> tuple:
        stats = json.loads(run("stats", "--db", db, "-f", "json").stdout)
        timeline = json.loads(run("timeline", "--db", db, "-f", "json").stdout)
        person = json.loads(run("entity", "Ada Mensah", "--db", db, "-f", "json").stdout)
        return stats, timeline, person

    assert view(first) == view(second)


def test_contract_round_trip_keeps_every_record(tmp_path):
    doc = {
        "schema": "storyline/1",
        "document": {"id": "d", "title": None, "source": "Courier", "url": None,
                     "published": "2031-05-06", "language": "en", "text": "Rebels attacked Gao."},
        "entities": [{"id": "e1", "name": "Gao", "label": "GPE",
                      "mentions": [{"start": 16, "end": 19, "text": "Gao"}],
                      "place": {"lat": 16.27, "lon": -0.04, "country": "ML",
                                "geonames_id": 2457163, "feature": "P.PPLA"},
                      "aliases": [{"name": "Gao", "alias_reason": "canonical"}]}],
        "quotes": [], "times": [],
        "events": [{"id": "v1", "type": "Battles", "subtype": "Armed clash", "detail": None,
                    "trigger": {"start": 7, "end": 15, "text": "attacked"}, "actors": [],
                    "targets": [], "place": "e1", "time": None, "fatalities": None,
                    "fatalities_text": None, "sources": [], "certainty": "asserted",
                    "mentions": [{"start": 7, "end": 15, "text": "attacked"}],
                    "participants": ["e1"], "related": [], "fatality_reports": [],
                    "actor1": {"name": "rebels", "text": "Rebels", "entity": None,
                               "type": "Rebel groups", "inter": 2},
                    "actor2": None, "interaction": 20}],
        "conflicts": [],
    }  # fmt: skip
    record = document_from_dict(doc, "x.jsonl:1")
    assert record.to_dict() == doc


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (lambda d: d.update(schema="storyline/9"), "E116", None),
        (lambda d: d["document"].pop("text"), "E115", "document.text"),
        (lambda d: d["entities"][0]["mentions"][0].update(start="16"), "E115",
         "entities[0].mentions[0].start"),
        (lambda d: d["events"][0].update(certainty="sure"), "E115", "events[0].certainty"),
        (lambda d: d.pop("quotes"), "E115", "quotes"),
        (lambda d: d["events"][0].update(actor1={"name": "police", "text": "police",
                                                 "inter": "1"}),
         "E115", "events[0].actor1.inter"),
    ],
)  # fmt: skip
def test_contract_errors_name_the_field(change, code, field):
    doc = {
        "schema": "storyline/1",
        "document": {"id": "d", "text": "Rebels attacked Gao."},
        "entities": [{"id": "e1", "name": "Gao", "label": "GPE", "place": None,
                      "mentions": [{"start": 16, "end": 19, "text": "Gao"}]}],
        "quotes": [], "times": [], "conflicts": [],
        "events": [{"id": "v1", "type": "Battles", "subtype": None, "actors": [], "targets": [],
                    "trigger": {"start": 7, "end": 15, "text": "attacked"}, "place": None,
                    "time": None, "fatalities": None, "sources": [], "certainty": "asserted"}],
    }  # fmt: skip
    change(doc)
    with pytest.raises(IngestError) as err:
        document_from_dict(doc, "out.jsonl:3")
    assert err.value.code == code and "out.jsonl:3" in str(err.value)
    if field:
        assert f"'{field}'" in str(err.value)


def test_read_jsonl_gives_analysed_documents_and_error_records(tmp_path: Path):
    good = {"schema": "storyline/1", "document": {"id": "ok", "text": "Rain."}, "entities": [],
            "quotes": [], "times": [], "events": [], "conflicts": []}  # fmt: skip
    failed = {"schema": "storyline/1", "document": {"id": "bad"},
              "error": {"code": "E104", "message": "[E104] bad.txt: cannot decode"}}  # fmt: skip
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(failed) + "\n")
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], AnalyzedDocument) and items[0].article.id == "ok"
    assert isinstance(items[1], FailedDocument) and items[1].code == "E104"
