"""The quality gate: the full evaluation on the shared data must not fall below its floors.

Runs ``scripts/eval.py`` (storyline and bare spaCy on MEANTIME dev, GeoVirus dev and the
seed) and ``tests/eval/eval_gate.py`` on its figures, as CI's eval-gate step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import eval as evaluation
from tests.eval import eval_gate

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not beside the repo")
def test_quality_gate_holds_on_shared_data(tmp_path: Path, capsys) -> None:
    out = tmp_path / "eval.json"
    assert evaluation.main(["--shared", str(SHARED), "--out", str(out)]) == 0
    status = eval_gate.main([str(out)])
    printed = capsys.readouterr().out
    assert status == 0, printed[-3000:]
