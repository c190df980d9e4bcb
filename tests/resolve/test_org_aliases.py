"""Validity checks for the organisation alias table src/storyline/data/org_aliases.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

TSV = Path(__file__).resolve().parents[2] / "src" / "storyline" / "data" / "org_aliases.tsv"
HEADER = ["canonical", "label", "kind", "aliases"]
LABELS = {"ORG", "NORP", "GPE"}
KINDS = {
    "intergovernmental",
    "militant",
    "armed_forces",
    "government_agency",
    "political_party",
    "news_outlet",
    "ngo",
    "company",
    "sports",
    "other",
}


def _read() -> tuple[list[str], list[list[str]]]:
    with TSV.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    table = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return table[0], table[1:]


def test_header() -> None:
    header, _ = _read()
    assert header == HEADER


def test_rows_are_valid() -> None:
    _, rows = _read()
    for row in rows:
        assert len(row) == 4, row
        canonical, label, kind, aliases = row
        assert canonical.strip() and canonical == canonical.strip(), row
        assert label in LABELS, row
        assert kind in KINDS, row
        for alias in aliases.split("|") if aliases else []:
            assert alias.strip() and alias == alias.strip(), row


def test_no_alias_maps_to_two_canonicals() -> None:
    _, rows = _read()
    owner: dict[str, str] = {}
    for canonical, _label, _kind, aliases in rows:
        names = [canonical] + (aliases.split("|") if aliases else [])
        for name in {n.casefold() for n in names}:
            assert owner.setdefault(name, canonical) == canonical, (
                f"{name!r} names both {owner[name]!r} and {canonical!r}"
            )


def test_row_count() -> None:
    _, rows = _read()
    assert len(rows) >= 500
