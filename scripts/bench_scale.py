"""Cores and nodes: one process against local workers (``analyze --workers N``) against Ray
(``storyline batch``, local mode, N workers), and the store's speed on analysed JSONL.

    python scripts/bench_scale.py                  # what `make bench` runs: 120 articles, N=2
    python scripts/bench_scale.py --limit 60 --workers 2

Each figure is the wall time of the CLI command as a user runs it (model load included),
on the first ``--limit`` articles of the polnear and GeoWebNews dev splits (news articles);
the outputs are checked to be the same documents in the same order. Targets on 2 cores:
local workers >= 1.6x one process, Ray >= 0.8 of local workers. Other load on the machine
falls on every side; run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("polnear-dev", "geowebnews-dev", "lgl-dev")
TARGET_LOCAL = 1.6
TARGET_RAY = 0.8


def articles(shared: Path, limit: int, out: Path) -> int:
    """The first ``limit`` dev articles as one JSONL file; returns how many."""
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for split in SPLITS:
            path = shared / "data" / "eval_dev" / f"{split}.input.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines():
                if n >= limit:
                    return n
                if line.strip():
                    handle.write(line + "\n")
                    n += 1
    return n


def timed(cmd: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "RAY_DISABLE_USAGE_STATS": "1"}
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return took


def ids(path: Path) -> list[str]:
    return [json.loads(line)["document"]["id"] for line in path.read_text("utf-8").splitlines()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=120, help="articles")
    ap.add_argument("--workers", type=int, default=2, help="local workers and Ray workers")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench_scale.json")
    args = ap.parse_args(argv)
    cli = [sys.executable, "-m", "storyline"]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        src = work / "in.jsonl"
        n = articles(args.shared, args.limit, src)
        outs = {k: work / f"{k}.jsonl" for k in ("one", "local", "ray")}
        base = [*cli, "analyze", str(src), "--format", "jsonl", "--output"]
        t_one = timed([*base, str(outs["one"])])
        t_local = timed([*base, str(outs["local"]), "--workers", str(args.workers)])
        t_ray = timed(
            [*cli, "batch", str(src), "-o", str(outs["ray"]), "--workers", str(args.workers)]
        )
        same = ids(outs["one"]) == ids(outs["local"]) == ids(outs["ray"])
        t_store = timed([*cli, "ingest", str(outs["one"]), "--db", f"sqlite:///{work / 'kb.db'}"])
    figures = {
        "articles": n,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "one_process_s": round(t_one, 2),
        "local_workers_s": round(t_local, 2),
        "ray_s": round(t_ray, 2),
        "local_speedup": round(t_one / t_local, 2),
        "ray_vs_local": round(t_local / t_ray, 2),
        "analysis_per_core_articles_s": round(n / t_one, 2),
        "store_one_writer_articles_s": round(n / t_store, 1),
        "same_documents_in_order": same,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    load = figures["load_average"]
    print(f"{n} articles, {args.workers} workers, {os.cpu_count()} CPUs (load {load})")
    rate = figures["analysis_per_core_articles_s"]
    print(f"  one process        {t_one:7.1f} s  ({rate} articles/s)")
    ok = "ok" if figures["local_speedup"] >= TARGET_LOCAL else "BELOW TARGET"
    print(
        f"  analyze --workers  {t_local:7.1f} s  {figures['local_speedup']}x one process "
        f"(target >= {TARGET_LOCAL}: {ok})"
    )
    ok = "ok" if figures["ray_vs_local"] >= TARGET_RAY else "BELOW TARGET"
    print(
        f"  batch (Ray)        {t_ray:7.1f} s  {figures['ray_vs_local']} of local workers "
        f"(target >= {TARGET_RAY}: {ok})"
    )
    store = figures["store_one_writer_articles_s"]
    print(f"  ingest analysed    {store} articles/s, one writer (SQLite)")
    print(f"  outputs: same documents in the same order: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
