"""The one reader of the data files: packaged names and paths, one error for every failure."""

from __future__ import annotations

import pytest

from storyline.datafiles import read_bytes, read_json, read_text, table_lines
from storyline.errors import ExtractError, ResolveError


def test_a_packaged_json_file_is_read_once_and_shared():
    first = read_json("entity_cues.json", ExtractError)
    assert "org_generics" in first
    assert read_json("entity_cues.json", ResolveError) is first


def test_a_file_of_ones_own_is_read_again_when_it_changes(tmp_path):
    path = tmp_path / "lexicon.json"
    path.write_text('{"words": ["a"]}', encoding="utf-8")
    assert read_json(path) == {"words": ["a"]}
    path.write_text('{"words": ["b"]}', encoding="utf-8")
    assert read_json(path) == {"words": ["b"]}


@pytest.mark.parametrize("error", [ExtractError, ResolveError])
def test_a_missing_file_fails_with_the_callers_error(tmp_path, error):
    with pytest.raises(error, match=r"\[E204\].*no_such_file\.json"):
        read_json("no_such_file.json", error)
    with pytest.raises(error, match=r"\[E204\]"):
        read_bytes(tmp_path / "absent.bin", error)


def test_malformed_json_and_text_fail_with_e204(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"words": [', encoding="utf-8")
    with pytest.raises(ExtractError, match=r"\[E204\]"):
        read_json(broken, ExtractError)
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("caf\xe9\n".encode("latin-1"))
    with pytest.raises(ResolveError, match=r"\[E204\]"):
        read_text(latin, ResolveError)


def test_table_lines_leave_out_blank_lines_and_comments(tmp_path):
    table = tmp_path / "table.tsv"
    table.write_bytes(b"# name\tcode\r\nAlpha\tA\r\n\r\n  \nBeta\tB\n")
    assert table_lines(table) == ["Alpha\tA", "Beta\tB"]
    assert read_text(table).count("\r") == 0
