"""The knowledge-base commands through Typer's CliRunner, and a real kill -9 mid-ingest."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

ARTICLES = {
    "kidal.txt": (
        "Rebels attacked the town of Kidal in northern Mali on Monday, the army said. "
        '"We repelled the assault," said Colonel Souleymane Dembele, an army spokesman.'
    ),
    "kidal-2.txt": (
        "Fighters stormed Kidal on Monday according to local officials. "
        "Army spokesman Souleymane Dembele said the attackers had been pushed back."
    ),
    "bamako.txt": (
        "Protesters marched in Bamako on Friday against rising fuel prices. "
        "Opposition leader Ismael Sacko called the march peaceful."
    ),
}

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.model
@pytest.mark.slow
def test_kb_cli_ingest_search_entity_stats(db_url, corpus):
    invoke("ingest", str(corpus), "--db", db_url, "--published", "2024-05-08")
    stats = json.loads(invoke("stats", "--db", db_url, "--format", "json").stdout)
    assert stats["documents"] == 3
    for key in ("entities", "aliases", "quotes", "events", "conflicts"):
        assert isinstance(stats[key], int)
    again = invoke("ingest", str(corpus), "--db", db_url, "--published", "2024-05-08")
    assert "3 unchanged" in again.output
    assert json.loads(invoke("stats", "--db", db_url, "--format", "json").stdout) == stats
    hits = json.loads(invoke("search", "fuel prices", "--db", db_url, "--format", "json").stdout)
    assert [h["document"] for h in hits] == ["bamako"]
    page = json.loads(invoke("entity", "Dembele", "--db", db_url, "--format", "json").stdout)
    assert page["documents"] == 2
    assert {m["document"] for m in page["mentions"]} == {"kidal", "kidal-2"}
    assert "Souleymane Dembele" in invoke("entity", "Souleymane Dembele", "--db", db_url).stdout


@pytest.mark.model
@pytest.mark.slow
def test_kb_cli_ingest_batch_size_changes_transactions_not_contents(corpus, tmp_path):
    stats = []
    for batch in ("1", "2", "50"):
        url = f"sqlite:///{tmp_path / f'kb{batch}.db'}"
        out = invoke(
            "ingest", str(corpus), "--db", url, "--published", "2024-05-08", "--batch", batch
        )
        assert "3 added" in out.output
        stats.append(json.loads(invoke("stats", "--db", url, "--format", "json").stdout))
    assert stats[0] == stats[1] == stats[2]
    bad = runner.invoke(app, ["ingest", str(corpus), "--batch", "0", "--db", "sqlite:///x.db"])
    assert bad.exit_code == 2 and "batch" in bad.output


def test_kb_cli_unknown_entity_is_numbered_error(tmp_path):
    from storyline.kb import KnowledgeBase

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    KnowledgeBase(url, create=True)
    result = runner.invoke(app, ["entity", "Nobody Here", "--db", url])
    assert result.exit_code != 0
    assert "E402" in str(result.exception)


@pytest.fixture
def events_db(db_url, make_doc):
    from storyline.kb import KnowledgeBase

    kb = KnowledgeBase(db_url, create=True)
    town = (14.35, 1.45, "NE")
    kb.ingest(
        make_doc(
            "a",
            "Gunmen led by Issa Garba attacked Tillaberi on Monday. Nine soldiers were killed.",
            [("Issa Garba", "PERSON", None), ("Tillaberi", "GPE", town)],
            [dict(actors=["Issa Garba"], place="Tillaberi", date="2024-05-06", fatalities=9)],
        )
    )
    kb.ingest(
        make_doc(
            "b",
            "Fighters under Issa Garba attacked Tillaberi, killing seven soldiers, residents said.",
            [("Issa Garba", "PERSON", None), ("Tillaberi", "GPE", town)],
            [dict(actors=["Issa Garba"], place="Tillaberi", date="2024-05-06", fatalities=7)],
        )
    )
    return db_url


def test_kb_cli_timeline_and_exports(events_db):
    out = json.loads(
        invoke("timeline", "--db", events_db, "--entity", "Issa Garba", "-f", "json").stdout
    )
    assert len(out) == 1 and out[0]["report_count"] == 2
    assert out[0]["conflicts"][0]["about"] == "fatalities"
    text = invoke(
        "timeline", "--db", events_db, "--from", "2024-05-01", "--to", "2024-05-31"
    ).stdout
    assert "Battles" in text and "conflict" in text
    assert (
        invoke("timeline", "--db", events_db, "--from", "2024-06-01", "-f", "json").stdout.strip()
        == "[]"
    )

    lines = invoke("export", "--format", "jsonl", "--db", events_db).stdout.splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["Battles"]

    rows = list(
        csv.DictReader(io.StringIO(invoke("export", "-f", "csv", "--db", events_db).stdout))
    )
    assert rows[0]["event_type"] == "Battles"
    assert rows[0]["event_date"] == "2024-05-06"
    assert rows[0]["actor1"] == "Issa Garba"
    assert rows[0]["country"] == "Niger"
    assert rows[0]["reports"] == "2"
    acled = invoke("export", "-f", "csv", "--acled", "--db", events_db).stdout
    header = acled.splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and "reports" not in header
    assert header[-1] == "timestamp" and len(header) == 31

    geo = json.loads(invoke("export", "-f", "geojson", "--db", events_db).stdout)
    assert geo["type"] == "FeatureCollection"
    kinds = sorted(f["properties"]["kind"] for f in geo["features"])
    assert kinds == ["event"]  # events only: places are another export
    assert geo["features"][0]["geometry"]["coordinates"] == [1.45, 14.35]


def test_kb_cli_entity_merge_survives_reingest(db_url, make_doc):
    from storyline.kb import KnowledgeBase

    kb = KnowledgeBase(db_url, create=True)
    kb.ingest(make_doc("p", "Halima Osei opened a clinic.", [("Halima Osei", "PERSON", None)]))
    kb.ingest(make_doc("q", "Dr Mensah-Osei spoke.", [("Dr Mensah-Osei", "PERSON", None)]))
    assert (
        "merged"
        in invoke("entity", "merge", "Halima Osei", "Dr Mensah-Osei", "--db", db_url).stdout
    )
    kb.ingest(make_doc("q", "Dr Mensah-Osei spoke again.", [("Dr Mensah-Osei", "PERSON", None)]))
    page = json.loads(invoke("entity", "Dr Mensah-Osei", "--db", db_url, "-f", "json").stdout)
    assert page["name"] == "Halima Osei" and page["documents"] == 2
    stats = json.loads(invoke("stats", "--db", db_url, "-f", "json").stdout)
    assert stats["entities"] == 1


def _count_documents(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0
    finally:
        engine.dispose()


KILL_BATCH = 4


def _ingest_process(folder: Path, url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    env["STORYLINE_STORE_BATCH"] = str(KILL_BATCH)  # several transactions to kill between
    cmd = [sys.executable, "-m", "storyline", "ingest", str(folder), "--db", url]
    cmd += ["--published", "2024-05-08"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.model
@pytest.mark.slow
def test_kb_cli_kill9_mid_ingest_loses_and_duplicates_nothing(db_url, tmp_path):
    towns = ["Kidal", "Gao", "Mopti", "Segou", "Kayes", "Sikasso"]
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        town = towns[i % len(towns)]
        text = (
            f"Report {i}: fighters attacked a checkpoint near {town} on Monday, "
            f"officials said. Commander Boubacar Sylla{i % 5} said {i + 2} soldiers were hurt. "
            f"Residents of {towns[(i + 1) % len(towns)]} fled towards Bamako."
        )
        (folder / f"r{i:02d}.txt").write_text(text, encoding="utf-8")
    proc = _ingest_process(folder, db_url)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if 0 < _count_documents(db_url) < 40:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _count_documents(db_url)
    assert 0 < killed_at < 40
    assert killed_at % KILL_BATCH == 0, "a batch is stored whole or not at all"
    rerun = _ingest_process(folder, db_url)
    assert rerun.wait(timeout=300) == 0
    after = json.loads(invoke("stats", "--db", db_url, "-f", "json").stdout)

    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    assert _ingest_process(folder, clean).wait(timeout=300) == 0
    expected = json.loads(invoke("stats", "--db", clean, "-f", "json").stdout)
    assert after == expected
    assert after["documents"] == 40


def test_kb_cli_read_commands_never_create_a_database(tmp_path):
    path = tmp_path / "mistyped.db"
    for command in (["stats"], ["search", "police"], ["timeline"], ["entity", "Anyone"]):
        result = runner.invoke(app, [*command, "--db", f"sqlite:///{path}"])
        assert result.exit_code != 0
        assert "E412" in str(result.exception) and "mistyped.db" in str(result.exception)
        assert not path.exists()


def test_kb_cli_empty_timeline_says_what_was_searched(events_db):
    result = invoke("timeline", "--db", events_db, "--place", "Tillaberi", "--from", "2030-01-01")
    assert result.stdout.strip() == "No events for place 'Tillaberi', from '2030-01-01'."


def test_kb_cli_unknown_place_suggests_near_names(events_db):
    result = runner.invoke(app, ["timeline", "--db", events_db, "--place", "Tollaberi"])
    assert result.exit_code != 0
    assert "E411" in str(result.exception) and "'Tillaberi'" in str(result.exception)


def test_kb_cli_search_text_keeps_the_matched_words(events_db):
    result = invoke("search", "attacked Tillaberi", "--db", events_db)
    assert "[attacked] [Tillaberi]" in result.stdout
    none = invoke("search", "ceasefire", "--db", events_db)
    assert none.stdout.strip() == "No stored article has all of: ceasefire"


def test_kb_cli_timeline_prints_a_year_as_a_year(db_url, make_doc):
    from storyline.kb import KnowledgeBase

    kb = KnowledgeBase(db_url, create=True)
    kb.ingest(
        make_doc(
            "y",
            "Rebels attacked Tillaberi in 2005.",
            [("Tillaberi", "GPE", (14.35, 1.45, "NE"))],
            [dict(place="Tillaberi", date="2005")],
        )
    )
    out = invoke("timeline", "--db", db_url).stdout
    assert out.startswith("2005 Battles") and "2005-01-01" not in out


@pytest.mark.model
def test_kb_cli_reingest_of_unchanged_articles_skips_analysis(corpus, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    invoke("ingest", str(corpus), "--db", url, "--published", "2024-05-08")
    (corpus / "bamako.txt").write_text(ARTICLES["bamako.txt"] + " Shops stayed shut.")
    analysed: list[str] = []
    from storyline.extract import pipeline

    real = pipeline.analyze_articles

    def counting(items, nlp, batch_size=None):
        items = list(items)
        analysed.extend(i.id for i in items)
        return real(items, nlp, batch_size)

    monkeypatch.setattr(pipeline, "analyze_articles", counting)
    again = invoke("ingest", str(corpus), "--db", url, "--published", "2024-05-08")
    assert "1 replaced, 2 unchanged" in " ".join(again.output.split())
    assert analysed == ["bamako"]  # only the edited article went through the model


@pytest.mark.model
def test_kb_cli_ingest_workers_store_the_same_kb(corpus, tmp_path):
    views = []
    for workers in ("1", "2"):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        done = subprocess.run(
            [sys.executable, "-m", "storyline", "ingest", str(corpus), "--db", url,
             "--published", "2024-05-08", "--workers", workers],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        stats = json.loads(invoke("stats", "--db", url, "--format", "json").stdout)
        timeline = json.loads(invoke("timeline", "--db", url, "--format", "json").stdout)
        views.append((stats, timeline))
    assert views[0] == views[1]
