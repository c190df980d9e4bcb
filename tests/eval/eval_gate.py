"""Quality gate: fail when an evaluation figure falls below its floor.

    python scripts/eval.py --shared ../shared              # writes out/eval.json
    python tests/eval/dev_subsets.py --shared ../shared    # writes out/dev_gate.json
    python tests/eval/eval_gate.py out/eval.json out/dev_gate.json           # exit 1 below a floor
    python tests/eval/eval_gate.py out/eval.json out/dev_gate.json --update  # raise the floors
    python tests/eval/eval_gate.py ... --update --allow-regression  # may lower them

Floors live in ``eval_baseline.json`` beside this file, keyed ``system:metric`` as in the
``metrics`` objects of the results files, which are merged (``storyline:ner.exact.f1`` from
``out/eval.json``, ``dev:lgl-dev.acc161`` from ``out/dev_gate.json``). A figure that is missing
from the results fails the gate too: a skipped evaluation proves nothing. ``--update`` never
lowers a floor unless ``--allow-regression`` is given, so a regression cannot be waved
through by refreshing the baseline.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).resolve().parent / "eval_baseline.json"
EPSILON = 1e-9


def figure(results: dict[str, Any], key: str) -> float | None:
    """The figure ``system:metric`` of an ``out/eval.json`` payload, None when absent."""
    system, _, metric = key.partition(":")
    value = (results.get("metrics") or {}).get(system, {}).get(metric)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return None
    return float(value)


def check(results: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """One message per floor that the results miss; empty when the gate passes."""
    failures = []
    for key, floor in floors.items():
        value = figure(results, key)
        if value is None:
            failures.append(f"{key}: missing from the results (floor {floor:.3f})")
        elif value < floor - EPSILON:
            failures.append(f"{key}: {value:.3f} is below the floor {floor:.3f}")
    return failures


def updated_floors(
    results: dict[str, Any], floors: dict[str, float], allow_regression: bool = False
) -> tuple[dict[str, float], list[str]]:
    """Floors moved to the current figures (rounded down to 3 decimals).

    Returns:
        The new floors and the refusals: floors that would go down without
        ``allow_regression``, or that have no figure. Refused floors keep their value.
    """
    new = dict(floors)
    refused = []
    for key, floor in floors.items():
        value = figure(results, key)
        if value is None:
            refused.append(f"{key}: missing from the results, floor kept at {floor:.3f}")
            continue
        target = math.floor(value * 1000 + EPSILON) / 1000
        if target < floor - EPSILON and not allow_regression:
            refused.append(
                f"{key}: {value:.3f} would lower the floor {floor:.3f}"
                " (pass --allow-regression to accept it)"
            )
            continue
        new[key] = target
    return new, refused


def merge(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """One results payload holding the ``metrics`` of all, system by system."""
    metrics: dict[str, dict[str, Any]] = {}
    for payload in payloads:
        for system, figures in (payload.get("metrics") or {}).items():
            metrics.setdefault(system, {}).update(figures)
    return {"metrics": metrics}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "results", type=Path, nargs="+", help="out/eval.json (scripts/eval.py), out/dev_gate.json"
    )
    ap.add_argument("--baseline", type=Path, default=BASELINE, help="the floors (JSON)")
    ap.add_argument("--update", action="store_true", help="move the floors to the figures")
    ap.add_argument("--allow-regression", action="store_true", help="let --update lower floors")
    args = ap.parse_args(argv)

    results = merge([json.loads(path.read_text(encoding="utf-8")) for path in args.results])
    baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    floors: dict[str, float] = baseline["floors"]

    if args.update:
        new, refused = updated_floors(results, floors, args.allow_regression)
        for line in refused:
            print(f"refused  {line}")
        for key in floors:
            if new[key] != floors[key]:
                print(f"floor    {key}: {floors[key]:.3f} -> {new[key]:.3f}")
        baseline["floors"] = new
        args.baseline.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
        return 1 if refused else 0

    failures = check(results, floors)
    for line in failures:
        print(f"FAIL  {line}")
    passed = len(floors) - len(failures)
    print(f"eval gate: {passed}/{len(floors)} floors hold")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
