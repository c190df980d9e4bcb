"""The eval gate: floors hold, fail, and are never lowered without --allow-regression."""

from __future__ import annotations

import json

import pytest

from tests.eval.eval_gate import check, main, updated_floors


def _results(**figures):
    return {"metrics": {"storyline": figures}}


@pytest.mark.parametrize(
    ("figures", "failures"),
    [
        ({"ner.f1": 0.8, "seed.all": 0.5}, 0),
        ({"ner.f1": 0.7, "seed.all": 0.5}, 1),  # below a floor
        ({"ner.f1": 0.8}, 1),  # missing
        ({"ner.f1": 0.75, "seed.all": None}, 1),  # n/a counts as missing
        ({"ner.f1": 0.75, "seed.all": 0.4999999999999}, 0),  # at the floor, to rounding
    ],
)
def test_eval_gate_check_counts_failures(figures, failures):
    floors = {"storyline:ner.f1": 0.75, "storyline:seed.all": 0.5}
    assert len(check(_results(**figures), floors)) == failures


def test_eval_gate_update_raises_and_rounds_down():
    new, refused = updated_floors(_results(a=0.81279), {"storyline:a": 0.5})
    assert new == {"storyline:a": 0.812}
    assert refused == []


def test_eval_gate_update_refuses_to_lower():
    floors = {"storyline:a": 0.5, "storyline:b": 0.5}
    new, refused = updated_floors(_results(a=0.4, b=0.6), floors)
    assert new == {"storyline:a": 0.5, "storyline:b": 0.6}
    assert len(refused) == 1 and "storyline:a" in refused[0]


def test_eval_gate_update_lowers_when_allowed():
    new, refused = updated_floors(_results(a=0.4), {"storyline:a": 0.5}, allow_regression=True)
    assert new == {"storyline:a": 0.4}
    assert refused == []


def test_eval_gate_main_exit_codes(tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"storyline:a": 0.5}}))
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(_results(a=0.6)))
    bad.write_text(json.dumps(_results(a=0.3)))
    assert main([str(good), "--baseline", str(baseline)]) == 0
    assert main([str(bad), "--baseline", str(baseline)]) == 1
    assert main([str(bad), "--baseline", str(baseline), "--update"]) == 1
    assert json.loads(baseline.read_text())["floors"] == {"storyline:a": 0.5}
    assert main([str(good), "--baseline", str(baseline), "--update"]) == 0
    assert json.loads(baseline.read_text())["floors"] == {"storyline:a": 0.6}
    assert "FAIL" in capsys.readouterr().out


def test_eval_gate_merges_results_files_by_system(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(_results(a=0.9)), encoding="utf-8")
    second.write_text(json.dumps({"metrics": {"dev": {"x.f1": 0.2}}}), encoding="utf-8")
    baseline = tmp_path / "floors.json"
    baseline.write_text(json.dumps({"floors": {"storyline:a": 0.5, "dev:x.f1": 0.3}}))
    assert main([str(first), "--baseline", str(baseline)]) == 1  # dev:x.f1 missing
    assert main([str(first), str(second), "--baseline", str(baseline)]) == 1  # 0.2 < 0.3
    second.write_text(json.dumps({"metrics": {"dev": {"x.f1": 0.31}}}), encoding="utf-8")
    assert main([str(first), str(second), "--baseline", str(baseline)]) == 0
