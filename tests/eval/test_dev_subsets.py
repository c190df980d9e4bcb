"""The gate's development subsets: chosen by id once, and still the ones on file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eval import dev_subsets

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not beside the repo")
def test_dev_subsets_on_file_are_the_ones_chosen_by_id() -> None:
    on_file = json.loads(dev_subsets.SUBSETS.read_text(encoding="utf-8"))
    assert on_file["sets"] == dev_subsets.choose(SHARED)["sets"]
    for name, _, n, _ in dev_subsets.SETS:
        assert len(on_file["sets"][name]["ids"]) == n


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("f1", 0.5),
        ("per_label_f1.ORG", 0.25),
        ("per_label_f1.PER", None),
        ("n", None),  # a flag, not a figure
        ("missing.deeper", None),
    ],
)
def test_dev_subsets_pick_reads_dotted_figures(path, expected) -> None:
    metrics = {"f1": 0.5, "per_label_f1": {"ORG": 0.25}, "n": True}
    assert dev_subsets._pick(metrics, path) == expected
