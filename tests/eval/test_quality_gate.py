"""The quality gate: the figures on the shared data must not fall below their floors.

Runs ``scripts/eval.py`` (MEANTIME dev, GeoVirus dev, the seed article) and
``tests/eval/dev_subsets.py`` (fixed subsets of every development split, scored by
``../shared/eval/score.py``), then ``tests/eval/eval_gate.py`` on the figures of both, as CI's
eval-gate step. ``make eval`` prints the full development table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import eval as evaluation
from tests.eval import dev_subsets, eval_gate

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not beside the repo")
def test_quality_gate_holds_on_shared_data(tmp_path: Path, capsys) -> None:
    meantime, dev = tmp_path / "eval.json", tmp_path / "dev.json"
    assert evaluation.main(["--shared", str(SHARED), "--out", str(meantime)]) == 0
    assert dev_subsets.main(["--shared", str(SHARED), "--out", str(dev)]) == 0
    status = eval_gate.main([str(meantime), str(dev)])
    printed = capsys.readouterr().out
    assert status == 0, printed[-3000:]
