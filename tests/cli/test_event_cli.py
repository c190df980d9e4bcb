"""``storyline event reject|retype|kinds`` over a knowledge base of hand-built documents."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import StorylineError
from storyline.kb import KnowledgeBase

runner = CliRunner()
TOWN = (14.35, 1.45, "NE")
TEXT = "Gunmen attacked the garrison at Tillaberi on Monday, the ministry said."


def _kb(tmp_path, make_doc):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    kb = KnowledgeBase(url, create=True)
    kb.ingest(make_doc("r1", TEXT, [("Tillaberi", "GPE", TOWN)], [dict(place="Tillaberi")]))
    return url, kb


def _events(url):
    result = runner.invoke(app, ["export", "-f", "jsonl", "--db", url])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_event_cli_retype_then_reject_survive_reingest(tmp_path, make_doc):
    url, kb = _kb(tmp_path, make_doc)
    shown = runner.invoke(app, ["timeline", "--db", url])
    assert "r1#v1" in shown.stdout  # the timeline names each report as the commands do
    done = runner.invoke(
        app,
        ["event", "retype", "r1#v1", "--type", "Riots", "--sub-type", "Mob violence", "--db", url],
    )
    assert done.exit_code == 0, done.output
    assert "Riots / Mob violence, not Battles / Armed clash" in done.stdout
    (event,) = _events(url)
    assert (event["type"], event["subtype"]) == ("Riots", "Mob violence")

    done = runner.invoke(app, ["event", "reject", "r1#v1", "--db", url])
    assert done.exit_code == 0 and "is not an event" in done.stdout
    assert _events(url) == []
    edited = make_doc(
        "r1", TEXT + " Updated.", [("Tillaberi", "GPE", TOWN)], [dict(place="Tillaberi")]
    )
    assert kb.ingest(edited).status == "replaced"
    assert _events(url) == []


def test_event_cli_refusals_are_numbered(tmp_path, make_doc):
    url, _ = _kb(tmp_path, make_doc)
    for args, code in (
        (["event", "reject", "r1", "--db", url], "E415"),
        (["event", "reject", "r1#v5", "--db", url], "E415"),
        (
            ["event", "retype", "r1#v1", "--type", "Battles", "--sub-type", "Duel", "--db", url],
            "E414",
        ),
    ):
        result = runner.invoke(app, args)
        # main() prints the numbered message and exits 2 (tests/cli/test_bad_inputs.py)
        assert isinstance(result.exception, StorylineError), result.output
        assert result.exception.code == code
    assert len(_events(url)) == 1


def test_event_cli_kinds_lists_the_taxonomy():
    result = runner.invoke(app, ["event", "kinds"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Battles / Armed clash" in lines
    assert any(line.endswith("(not ACLED)") for line in lines)
