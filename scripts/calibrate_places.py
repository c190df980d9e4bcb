"""Calibrate the placer's confidences and abstain threshold on one half of the geo dev splits,
and check them on the other.

    storyline analyze ../shared/data/eval_dev/lgl-dev.input.jsonl --format jsonl \\
        --output out/geo/lgl-dev.jsonl          # and geowebnews-dev, trnews-dev
    python scripts/calibrate_places.py --shared ../shared --outputs out/geo

Half A is the even documents of each split, half B the odd ones. For each (kind, confidence)
of the placed mentions on a gold toponym it prints the share within 161 km on each half (the
values of ``EVIDENCE_CONFIDENCE`` in ``resolve/places.py``), then, for each threshold, Acc@161
and place precision (as ``score.py geo`` counts them) when places below it are withheld, and
the threshold with the best mean of the two on half A.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

SPLITS = ("geowebnews-dev", "lgl-dev", "trnews-dev")


def _evaluate(docs: list[tuple[dict[str, Any], dict[str, Any]]], t: float, score: Any) -> tuple:
    """Acc@161, precision and per-(kind, confidence) [placed, within 161 km] at threshold t."""
    g_n = g_ok = p_n = p_ok = 0
    per: dict[tuple[str, float | None], list[int]] = defaultdict(lambda: [0, 0])
    for gold, pred in docs:
        placed = [
            (m["start"], m["end"], e["place"])
            for e in pred.get("entities", [])
            if e.get("place")
            and (e["place"].get("confidence") is None or e["place"]["confidence"] >= t)
            for m in e["mentions"]
        ]
        for top in gold["toponyms"]:
            g_n += 1
            span = (top["start"], top["end"])
            cands = [x for x in placed if score.overlap(span, x[:2])]
            if cands:
                pl = max(cands, key=lambda x: score.overlap(span, x[:2]))[2]
                g_ok += score.km(top["lat"], top["lon"], pl["lat"], pl["lon"]) <= 161
        for s, e, pl in placed:
            p_n += 1
            near = [x for x in gold["toponyms"] if score.overlap((s, e), (x["start"], x["end"]))]
            ok = any(score.km(x["lat"], x["lon"], pl["lat"], pl["lon"]) <= 161 for x in near)
            p_ok += ok
            if near:
                key = (pl.get("kind") or "literal", pl.get("confidence"))
                per[key][0] += 1
                per[key][1] += ok
    return g_ok / max(g_n, 1), p_ok / max(p_n, 1), per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, required=True)
    ap.add_argument("--outputs", type=Path, required=True, help="folder of SPLIT.jsonl outputs")
    args = ap.parse_args()
    sys.path.insert(0, str(args.shared / "eval"))
    import score  # the shared scorer's distance and overlap

    halves: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]] = {0: [], 1: []}
    for split in SPLITS:
        gold = json.loads((args.shared / "data/eval_dev" / f"{split}.gold.json").read_text())
        lines = (args.outputs / f"{split}.jsonl").read_text().splitlines()
        pred = {p["document"]["id"]: p for p in map(json.loads, lines)}
        for i, doc in enumerate(gold["docs"]):
            halves[i % 2].append((doc, pred.get(doc["id"], {})))
    per_a, per_b = (_evaluate(halves[h], 0.0, score)[2] for h in (0, 1))
    print("(kind, confidence): half A placed, within 161 km | half B")
    for key in sorted(set(per_a) | set(per_b), key=str):
        a, b = per_a.get(key, [0, 0]), per_b.get(key, [0, 0])
        print(f"  {key}: {a[0]} {a[1] / max(a[0], 1):.3f} | {b[0]} {b[1] / max(b[0], 1):.3f}")
    levels = sorted({0.0} | {k[1] + 0.005 for k in per_a if k[1] is not None})
    best = (0.0, -1.0)
    print("threshold: half A Acc@161 precision mean | half B")
    for t in levels:
        a, b = _evaluate(halves[0], t, score)[:2], _evaluate(halves[1], t, score)[:2]
        print(
            f"  {t:.3f}: {a[0]:.3f} {a[1]:.3f} {sum(a) / 2:.3f} | "
            f"{b[0]:.3f} {b[1]:.3f} {sum(b) / 2:.3f}"
        )
        if sum(a) > best[1]:
            best = (t, sum(a))
    print(f"chosen on half A: {best[0]:.3f}")


if __name__ == "__main__":
    main()
