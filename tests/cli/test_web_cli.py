"""``analyze URL``, ``ingest --feed URL`` and ``ingest --watch DIR`` end to end, against a
real local web server (the fetcher's loopback refusal lifted by its setting)."""

from __future__ import annotations

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
from storyline.config import get_settings

pytestmark = pytest.mark.model

PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{text}</p><p>Officials in Port Elan said more rain was expected on Tuesday.</p>"
    "</article></body></html>"
)


@pytest.fixture
def allow_loopback(monkeypatch):
    monkeypatch.setenv("STORYLINE_FETCH_ALLOW_PRIVATE", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("STORYLINE_FETCH_ALLOW_PRIVATE")
    get_settings.cache_clear()


def _story(site, path: str, title: str, text: str) -> str:
    return site.add(path, PAGE.format(title=title, text=text), "text/html; charset=utf-8")


def test_analyze_a_url_gives_its_document(news_site, allow_loopback):
    url = _story(news_site, "/dam.html", "Dam breaks", "A dam broke near Port Elan on Monday.")
    result = CliRunner().invoke(app, ["analyze", url, "--published", "2031-05-06"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["document"]
    assert doc["id"] == url and doc["url"] == url and doc["title"] == "Dam breaks"


def test_analyze_a_loopback_url_is_refused_without_the_switch(news_site):
    get_settings.cache_clear()
    url = _story(news_site, "/dam.html", "Dam breaks", "A dam broke near Port Elan on Monday.")
    result = CliRunner().invoke(app, ["analyze", url, "--format", "jsonl"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "E132"
    assert "/dam.html" not in news_site.hits


def test_ingest_feed_stores_its_articles_and_skips_them_next_time(
    news_site, allow_loopback, tmp_path
):
    links = [
        _story(news_site, "/a.html", "Dam breaks", "A dam broke near Port Elan on Monday."),
        _story(news_site, "/b.html", "Vote counted", "The vote in Lake Varo was counted."),
    ]
    items = "".join(f"<item><link>{u}</link></item>" for u in links)
    feed = news_site.add(
        "/feed.xml", f"<rss><channel>{items}</channel></rss>", "application/rss+xml"
    )
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    first = CliRunner().invoke(app, ["ingest", "--feed", feed, "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 added" in first.output
    again = CliRunner().invoke(app, ["ingest", "--feed", feed, "--db", db])
    assert "2 already stored (not fetched)" in " ".join(again.output.split())
    assert news_site.hits["/a.html"] == news_site.hits["/b.html"] == 1
    stats = CliRunner().invoke(app, ["stats", "--db", db, "--format", "json"])
    assert json.loads(stats.stdout)["documents"] == 2


@pytest.mark.slow
def test_ingest_watch_stores_files_that_appear_until_interrupted(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "first.txt").write_text("Floods hit Port Elan on Monday, officials said.\n")
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storyline",
            "ingest",
            str(drop),
            "--db",
            db,
            "--watch",
            "--interval",
            "0.5",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        _wait_for(lambda: _documents(db) == 1)
        (drop / "second.txt").write_text("Rescuers reached Lake Varo by boat on Tuesday.\n")
        _wait_for(lambda: _documents(db) == 2)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "watching" in err and "stopped watching" in err


def _documents(db: str) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "storyline", "stats", "--db", db, "--format", "json"],
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)["documents"] if out.returncode == 0 else 0


def _wait_for(check, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_ingest_without_inputs_is_a_usage_error():
    result = CliRunner().invoke(app, ["ingest"])
    assert result.exit_code == 2


def test_ingest_watch_needs_a_folder(tmp_path: Path):
    file = tmp_path / "a.txt"
    file.write_text("Floods hit Port Elan on Monday.\n")
    result = CliRunner().invoke(
        app, ["ingest", str(file), "--db", f"sqlite:///{tmp_path / 'kb.db'}", "--watch"]
    )
    assert result.exit_code == 2 and "folder" in result.output
