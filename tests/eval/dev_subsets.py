"""The development splits, in small fixed subsets, scored for the eval gate.

    python tests/eval/dev_subsets.py --shared ../shared --out out/dev_gate.json
    python tests/eval/dev_subsets.py --choose   # pick the subsets once (writes dev_subsets.json)

``make eval`` scores every document of every split (``../shared/eval/dev_report.py``); the gate
in ``make test`` needs minutes, not tens of them, so it scores a fixed subset of each split:
the documents listed in ``dev_subsets.json`` beside this file, chosen once by id (the first ones
in the order of the SHA-256 of their id, so no one picked them by content). All subsets go
through one ``storyline analyze --format jsonl`` call (the model loaded once) and each is scored
by ``../shared/eval/score.py``, the scorer of the held-out parts. The figures are written in the
shape of ``out/eval.json`` under the system ``dev`` (``dev:lgl-dev.acc161``) for ``eval_gate.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SUBSETS = HERE / "dev_subsets.json"
ROOT = HERE.parents[1]

#: set, task, documents in the subset, metrics kept (keys of score.py --json, dotted for nesting)
SETS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("conll2003-dev", "ner", 40, ("f1", "p", "r", "per_label_f1.ORG")),
    ("polnear-dev", "quotes", 40, ("f1", "p", "r", "recall_by_kind.indirect", "speaker_acc")),
    ("tbaq", "time", 40, ("value_f1", "strict_f1", "relaxed_f1", "type_f1")),
    ("geowebnews-dev", "geo", 40, ("acc161", "precision161")),
    ("lgl-dev", "geo", 40, ("acc161", "precision161")),
    ("trnews-dev", "geo", 40, ("acc161", "precision161")),
    # CASE snippets are a few sentences each, and macro-F1 runs over 30 labels
    ("case2021-dev", "eventtype", 120, ("macro_f1", "accuracy")),
)


def _data(shared: Path) -> Path:
    return shared / "data" / "eval_dev"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    # JSON Lines separate records by "\n" only (a raw U+2028 may sit inside a string)
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def choose(shared: Path) -> dict[str, Any]:
    """The subsets: for each set, its first ``n`` ids in SHA-256 order."""
    sets = {}
    for name, task, n, _ in SETS:
        ids = [r["id"] for r in _read_jsonl(_data(shared) / f"{name}.input.jsonl")]
        ids.sort(key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
        sets[name] = {"task": task, "ids": sorted(ids[:n])}
    return {
        "about": "Fixed subsets of the development splits for the eval gate: the first documents "
        "of each set in SHA-256 order of their id (tests/eval/dev_subsets.py --choose). Never "
        "edit by hand: floors in eval_baseline.json are figures on exactly these documents.",
        "sets": sets,
    }


def _pick(metrics: dict[str, Any], path: str) -> float | None:
    cur: Any = metrics
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return float(cur) if isinstance(cur, int | float) and not isinstance(cur, bool) else None


def score_subsets(shared: Path, workdir: Path, storyline: list[str]) -> dict[str, float]:
    """Analyse every subset in one call and score each; ``{"lgl-dev.acc161": 0.61, ...}``."""
    chosen = json.loads(SUBSETS.read_text(encoding="utf-8"))["sets"]
    lines: list[str] = []
    for name, _, _, _ in SETS:
        ids = set(chosen[name]["ids"])
        records = [r for r in _read_jsonl(_data(shared) / f"{name}.input.jsonl") if r["id"] in ids]
        if len(records) != len(ids):
            raise SystemExit(f"{name}: {len(ids) - len(records)} chosen ids are not in the split")
        lines += [json.dumps(r, ensure_ascii=False) for r in records]
        gold = json.loads((_data(shared) / f"{name}.gold.json").read_text(encoding="utf-8"))
        gold["docs"] = [d for d in gold["docs"] if d["id"] in ids]
        (workdir / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (workdir / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(workdir / "out.jsonl", "w", encoding="utf-8") as out:
        run = subprocess.run(
            [*storyline, "analyze", str(workdir / "in.jsonl"), "--format", "jsonl"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    if run.returncode not in (0, 1):  # 1: some documents failed; they score as empty
        raise SystemExit(f"storyline analyze exited {run.returncode}: {run.stderr[-500:]}")
    figures: dict[str, float] = {}
    scorer = shared / "eval" / "score.py"
    for name, task, _, keys in SETS:
        mfile = workdir / f"{name}.metrics.json"
        gold, pred = workdir / f"{name}.gold.json", workdir / "out.jsonl"
        cmd = [sys.executable, str(scorer), task, str(gold), str(pred), "--json", str(mfile)]
        sc = subprocess.run(cmd, capture_output=True, text=True)
        if sc.returncode != 0:
            raise SystemExit(f"score.py {task} {name} failed: {sc.stderr[-500:]}")
        metrics = json.loads(mfile.read_text(encoding="utf-8"))
        for key in keys:
            value = _pick(metrics, key)
            if value is not None:
                figures[f"{name}.{key}"] = value
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "dev_gate.json")
    ap.add_argument("--choose", action="store_true", help="pick the subsets (once) and stop")
    args = ap.parse_args(argv)
    shared = args.shared.resolve()
    if args.choose:
        SUBSETS.write_text(json.dumps(choose(shared), indent=1) + "\n", encoding="utf-8")
        print(f"subsets written to {SUBSETS}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        figures = score_subsets(shared, Path(tmp), [sys.executable, "-m", "storyline"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"metrics": {"dev": figures}}
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    for key, value in figures.items():
        print(f"  {key:40} {value:.3f}")
    print(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
