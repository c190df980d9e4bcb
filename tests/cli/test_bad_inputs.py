"""Every bad input found by trying it as a tester would, in one batch with good documents:
each bad one is a numbered error record in its place, every good one lands, the run goes on
and exits 1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import get_settings

pytestmark = pytest.mark.model

GOOD = "Rebels attacked the town of Port Elan on Monday, officials said."
BAD_DATE = json.dumps({"id": "bd", "text": GOOD, "published": "2031-13-45"}).encode()
PAGE = f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>".encode()
LINES = json.dumps({"id": "j1", "text": f"{GOOD}\u2028Second line."}, ensure_ascii=False)
JSONL = (LINES + "\n{oops\n").encode()


def _bad_inputs(root: Path) -> list[tuple[str, str | None]]:
    """(path, expected error code or None for a good document), in input order."""
    cases: list[tuple[str, bytes | None, str | None]] = [
        ("good-1.txt", GOOD.encode(), None),
        ("empty.txt", b"", "E102"),
        ("blank.txt", b"  \n\t\n", "E102"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E103"),
        ("latin1.txt", "Caf\u00e9 in S\u00e9gou".encode("latin-1"), "E104"),
        ("nul.txt", b"Rebels\x00attacked", "E103"),
        ("big.txt", b"word " * 400, "E105"),
        ("unknown.pdf", b"%PDF-1.4", "E107"),
        ("no-text.jsonl", b'{"id": "nt", "title": "no text"}\n', "E108"),
        ("bad-date.jsonl", BAD_DATE, "E110"),
        ("empty-html.html", b"<html><head><title>t</title></head><body></body></html>", "E111"),
        ("list.json", b"[1, 2]", "E112"),
        ("good-2.html", PAGE, None),
        ("fifo.txt", None, "E113"),
        ("dangling.txt", None, "E109"),
        ("good-3.jsonl", JSONL, None),
    ]  # fmt: skip
    expected: list[tuple[str, str | None]] = []
    for name, data, code in cases:
        path = root / name
        if name == "fifo.txt":
            os.mkfifo(path)
        elif name == "dangling.txt":
            path.symlink_to(root / "removed.txt")
        else:
            path.write_bytes(data or b"")
        expected.append((str(path), code))
    return expected


def test_every_bad_input_is_reported_and_every_good_one_lands(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_MAX_BYTES", "1500")
    get_settings.cache_clear()
    try:
        cases = _bad_inputs(tmp_path)
        result = CliRunner().invoke(
            app,
            ["analyze", *[p for p, _ in cases], "--format", "jsonl", "--published", "2031-05-06"],
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    # JSON Lines: records end at "\n" only (a raw U+2028 sits inside one)
    records = [json.loads(line) for line in result.stdout.split("\n") if line]
    codes = [r.get("error", {}).get("code") for r in records]
    # the JSONL file holds a good record (with a raw U+2028) and a malformed line
    assert codes == [c for _, c in cases] + ["E106"]
    good = [r for r in records if "error" not in r]
    assert [r["document"]["id"] for r in good] == ["good-1", "good-2", "j1"]
    assert all(r["entities"] for r in good)
    for record, (path, code) in zip(records, cases, strict=False):
        if code:
            assert (
                Path(path).name in record["error"]["message"]
                or Path(path).stem in record["document"]["id"]
            )
