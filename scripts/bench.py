"""Throughput and memory of storyline against bare spaCy on real news texts.

    python scripts/bench.py                      # what `make bench` runs: 200 articles
    python scripts/bench.py --limit 400 --batch-size 16 --store 0

The texts are the MEANTIME and GeoVirus articles of ``../shared/data`` (through
``scripts/corpora.py``), cycled when ``--limit`` asks for more than there are. Each side runs
in its own subprocess with the model loaded once: storyline's full pipeline
(``analyze_articles`` on ``Article`` records, records out) and bare ``spacy.load(model)``
with ``nlp.pipe``, the same batch size, a warm-up batch first, then timed passes that
alternate between the two sides (so that load from elsewhere falls on both), best kept.
Peak RSS is each subprocess's ``ru_maxrss``. When ``scripts/bench_store.py`` provides
``bench_store(n, db_url)``, its figures are printed too.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.corpora import read_geovirus, read_meantime  # noqa: E402

TARGET_RATIO = 0.75
TARGET_RSS_MB = 600.0
SIDES = ("storyline", "spacy")


def load_texts(shared: Path, limit: int) -> tuple[list[tuple[str, str, Any]], int]:
    """``limit`` (id, text, published) triples, cycling the corpora; and how many are distinct."""
    items = [(d.id, d.text, d.published) for d in read_meantime(shared)]
    items += [(d.id, d.text, d.published) for d in read_geovirus(shared)]
    distinct = len(items)
    picked = list(islice(cycle(items), limit))
    return [(f"{i}-{n}", text, when) for n, (i, text, when) in enumerate(picked)], distinct


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports kB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def run_worker(side: str, shared: Path, limit: int, batch_size: int) -> None:
    """Serve timed passes of one side over stdin/stdout, one JSON line per answer.

    Prints ``{"ready": ...}`` once the model is loaded and warmed up, then answers each
    ``run`` line with ``{"seconds": ...}`` and the final ``stop`` line with the figures.
    """
    items, distinct = load_texts(shared, limit)
    started = time.perf_counter()
    if side == "storyline":
        from storyline.extract.pipeline import analyze_articles, build_nlp
        from storyline.records import Article, FailedDocument

        nlp = build_nlp()
        articles = [Article(id=i, text=t, published=p, origin=i) for i, t, p in items]

        def once(batch: list[Any]) -> int:
            out = list(analyze_articles(batch, nlp, batch_size=batch_size))
            return sum(isinstance(r, FailedDocument) for r in out)

        inputs: list[Any] = articles
    else:
        import spacy

        from storyline.config import get_settings

        nlp = spacy.load(get_settings().model)

        def once(batch: list[Any]) -> int:
            for _ in nlp.pipe(batch, batch_size=batch_size):
                pass
            return 0

        inputs = [t for _, t, _ in items]
    load_seconds = time.perf_counter() - started
    rss_loaded = peak_rss_mb()
    once(inputs[:batch_size])  # warm-up
    _say({"ready": side})
    times: list[float] = []
    cpu: list[float] = []
    failed = 0
    for line in sys.stdin:
        if line.strip() != "run":
            break
        t0, c0 = time.perf_counter(), time.process_time()
        failed = once(inputs)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        _say({"seconds": times[-1]})
    best = min(times) if times else float("nan")
    words = sum(len(t.split()) for _, t, _ in items)
    _say(
        {
            "side": side,
            "articles": len(items),
            "distinct": distinct,
            "words": words,
            "batch_size": batch_size,
            "seconds": times,
            "best_seconds": best,
            "cpu_seconds": cpu,
            "best_cpu_seconds": min(cpu) if cpu else float("nan"),
            "articles_per_s": len(items) / best,
            "words_per_s": words / best,
            "failed": failed,
            "load_seconds": load_seconds,
            "rss_after_load_mb": rss_loaded,
            "peak_rss_mb": peak_rss_mb(),
        }
    )


def _say(obj: dict[str, Any]) -> None:
    print(json.dumps(obj), flush=True)


class Worker:
    """One side's subprocess, driven pass by pass."""

    def __init__(self, side: str, args: argparse.Namespace) -> None:
        self.side = side
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            side,
            "--shared",
            str(args.shared),
            "--limit",
            str(args.limit),
            "--batch-size",
            str(args.batch_size),
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )

    def ask(self, line: str) -> dict[str, Any]:
        """Send a line (``""`` to just read) and return the JSON answer."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if line:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            self.proc.wait()
            raise SystemExit(f"bench: the {self.side} worker died (exit {self.proc.returncode})")
        return json.loads(answer)  # type: ignore[no-any-return]

    def finish(self) -> dict[str, Any]:
        figures = self.ask("stop")
        self.proc.wait()
        return figures


def run_pipelines(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Both sides loaded in their own processes; their timed passes alternate so that load
    from elsewhere on the machine falls on both alike."""
    workers = [Worker(side, args) for side in ("spacy", "storyline")]
    for w in workers:
        w.ask("")  # ready
    for _ in range(args.repeat):
        for w in workers:
            w.ask("run")
    return {w.side: w.finish() for w in workers}


def run_store(n: int, db_url: str | None) -> dict[str, Any] | None:
    """``scripts/bench_store.py:bench_store(n, db_url)`` when it exists; None otherwise."""
    try:
        mod = importlib.import_module("scripts.bench_store")
    except ModuleNotFoundError as err:
        if err.name in ("scripts.bench_store", "scripts"):
            return None
        raise
    func = getattr(mod, "bench_store", None)
    if func is None:
        return None
    if db_url is None:
        tmp = tempfile.mkdtemp(prefix="storyline-bench-")
        db_url = f"sqlite:///{tmp}/bench.db"
    result = func(n, db_url)
    return dict(result) if isinstance(result, dict) else {"result": result}


def report(figures: dict[str, dict[str, Any]], store: dict[str, Any] | None, note: str) -> None:
    from rich.console import Console
    from rich.table import Table

    sl, sp = figures["storyline"], figures["spacy"]
    ratio = sl["articles_per_s"] / sp["articles_per_s"]
    table = Table(
        title=f"storyline bench - {sl['articles']} articles ({sl['distinct']} distinct), "
        f"{sl['words']:,} words, batch size {sl['batch_size']}"
    )
    table.add_column("")
    table.add_column("storyline", justify="right")
    table.add_column("bare spaCy", justify="right")
    table.add_column("target", justify="right")
    table.add_row("articles/s", f"{sl['articles_per_s']:.1f}", f"{sp['articles_per_s']:.1f}", "")
    table.add_row("words/s", f"{sl['words_per_s']:,.0f}", f"{sp['words_per_s']:,.0f}", "")
    table.add_row(
        "passes (s)",
        " ".join(f"{t:.2f}" for t in sl["seconds"]),
        " ".join(f"{t:.2f}" for t in sp["seconds"]),
        "best kept",
    )
    table.add_row("model load (s)", f"{sl['load_seconds']:.1f}", f"{sp['load_seconds']:.1f}", "")
    table.add_row(
        "RSS after load (MB)",
        f"{sl['rss_after_load_mb']:.0f}",
        f"{sp['rss_after_load_mb']:.0f}",
        "",
    )
    ok_rss = sl["peak_rss_mb"] <= TARGET_RSS_MB
    table.add_row(
        "peak RSS (MB)",
        f"{sl['peak_rss_mb']:.0f}",
        f"{sp['peak_rss_mb']:.0f}",
        f"<= {TARGET_RSS_MB:.0f} {'ok' if ok_rss else 'MISSED'}",
    )
    cpu_ratio = sp["best_cpu_seconds"] / sl["best_cpu_seconds"]
    table.add_row(
        "CPU s per pass (best)",
        f"{sl['best_cpu_seconds']:.2f}",
        f"{sp['best_cpu_seconds']:.2f}",
        "",
    )
    ok_ratio = ratio >= TARGET_RATIO
    table.add_row(
        "ratio storyline/bare",
        f"{ratio:.2f}",
        "1.00",
        f">= {TARGET_RATIO} {'ok' if ok_ratio else 'MISSED'}",
    )
    table.add_row("ratio by CPU time", f"{cpu_ratio:.2f}", "1.00", "steadier on a busy machine")
    if sl["failed"]:
        table.add_row("failed documents", str(sl["failed"]), "", "0")
    console = Console()
    console.print(table)
    if store is not None:
        store_table = Table(title="store (scripts/bench_store.py)")
        store_table.add_column("figure")
        store_table.add_column("value", justify="right")
        for key, value in store.items():
            shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
            store_table.add_row(str(key), shown)
        console.print(store_table)
    console.print(f"[dim]note: {note}[/dim]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    ap.add_argument("--limit", type=int, default=200, help="articles per pass (cycled)")
    ap.add_argument("--batch-size", type=int, default=8, help="documents per nlp.pipe batch")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per side (best kept)")
    ap.add_argument("--store", type=int, default=1000, help="bench_store articles (0: skip)")
    ap.add_argument(
        "--db", default=None, help="database URL for bench_store (default: temp sqlite)"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench.json", help="figures as JSON")
    ap.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.shared = args.shared.resolve()
    args.repeat = max(2, args.repeat)

    if args.worker:
        run_worker(args.worker, args.shared, args.limit, args.batch_size)
        return 0

    figures = run_pipelines(args)
    notes = (
        "each side in its own process, warm-up batch first, timed passes alternating between "
        "the sides, best kept"
    )
    store = None
    if args.store > 0:
        try:
            store = run_store(args.store, args.db)
        except Exception as err:  # noqa: BLE001 - the pipeline figures stand on their own
            notes += f"; bench_store failed: {err!r}"
        if store is None and "bench_store failed" not in notes:
            notes += "; scripts/bench_store.py not available"
    report(figures, store, notes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"pipeline": figures, "store": store}
    args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    sl, sp = figures["storyline"], figures["spacy"]
    ok = sl["articles_per_s"] / sp["articles_per_s"] >= TARGET_RATIO
    ok = ok and sl["peak_rss_mb"] <= TARGET_RSS_MB
    print(f"figures written to {args.out}" + ("" if ok else " (a target was missed)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
