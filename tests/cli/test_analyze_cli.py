"""``storyline analyze`` end to end: formats, batches with bad documents, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

pytestmark = pytest.mark.model

ARTICLE = (
    "Rebels seized the northern town of Kidal on Sunday, officials in Mali said.\n\n"
    "The army said it would retake the town within weeks.\n"
)


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def test_analyze_cli_prints_contract_json(tmp_path: Path) -> None:
    path = tmp_path / "kidal.txt"
    path.write_text(ARTICLE)
    result = run("analyze", str(path), "--published", "2024-03-18")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "storyline/1"
    assert doc["document"] == {
        "id": "kidal",
        "title": None,
        "source": None,
        "url": None,
        "published": "2024-03-18",
        "language": "en",
        "text": ARTICLE,
    }
    for key in ("entities", "quotes", "times", "events", "conflicts"):
        assert isinstance(doc[key], list)
    mali = next(e for e in doc["entities"] if e["name"] == "Mali")
    assert mali["place"]["country"] == "ML"
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            assert ARTICLE[m["start"] : m["end"]] == m["text"]


def test_analyze_cli_batch_keeps_order_and_reports_bad_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_bytes(b"")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "c1", "text": "Protesters marched in Nairobi."}) + "\n{oops\n"
    )
    result = run(
        "analyze",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(corpus),
        "--format",
        "jsonl",
    )
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["document"]["id"] for d in lines] == ["a", "b", "c1", "c-2"]
    assert "error" not in lines[0] and "error" not in lines[2]
    assert lines[1]["error"]["code"] == "E102" and "b.txt" in lines[1]["error"]["message"]
    assert lines[3]["error"]["code"] == "E106" and "line 2" in lines[3]["error"]["message"]


def test_analyze_cli_text_summary_has_every_section(tmp_path: Path) -> None:
    path = tmp_path / "kidal.txt"
    path.write_text(ARTICLE)
    result = run("analyze", str(path), "--format", "text")
    assert result.exit_code == 0
    for section in ("Entities", "Places", "Quotes", "Times", "Events", "Conflicting accounts"):
        assert section in result.stdout
    assert "Kidal" in result.stdout


def test_analyze_cli_reads_stdin() -> None:
    result = run("analyze", "-", stdin=ARTICLE)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["id"] == "stdin"


def test_analyze_cli_bad_date_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    proc = subprocess.run(
        [sys.executable, "-m", "storyline", "analyze", str(path), "--published", "12/02/2019"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "E110" in proc.stderr and "Traceback" not in proc.stderr


def test_analyze_cli_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    proc = subprocess.run(
        [sys.executable, "-m", "storyline", "analyze", str(path), "--model", "no_such_model"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "E201" in proc.stderr and "Traceback" not in proc.stderr


def test_analyze_cli_output_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    out = tmp_path / "out.json"
    assert run("analyze", str(path), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["document"]["id"] == "a"


def test_cli_version_and_help() -> None:
    assert run("--version").stdout.startswith("storyline ")
    proc = subprocess.run(
        [sys.executable, "-m", "storyline", "--help"], capture_output=True, text=True, check=True
    )
    assert "analyze" in proc.stdout


def test_analyze_cli_workers_give_the_same_output_in_order(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"d{i}", "text": f"Rebels attacked Port Elan on Monday, killing {i} "
                    "soldiers, officials said."})
        for i in range(2, 22)
    ] + ["{oops"]  # fmt: skip
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        done = subprocess.run(
            [sys.executable, "-m", "storyline", "analyze", str(corpus), "--format", "jsonl",
             "--workers", workers, "--published", "2031-05-06", "--output", str(out)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 1  # the malformed line
        outs.append(out.read_text())
    assert outs[0] == outs[1]
    ids = [json.loads(line)["document"]["id"] for line in outs[1].splitlines()]
    assert ids == [f"d{i}" for i in range(2, 22)] + ["c-21"]
