"""Knowledge-base benchmark: ingest N articles, then time entity pages and timelines.

Articles are built by recombining sentences of the shared data sets' texts (MEANTIME's
tokens joined per sentence, GeoVirus texts split into sentences), with a fixed seed, so that
names recur across articles. Analysis (the spaCy pipeline) and storage are timed apart; the
target is store time ÷ analysis time ≤ 0.1, and entity page and timeline p95 ≤ 50 ms. Then
every web page and paged API list is timed through the served site (``pages``: the first
and a later page, filtered by date, place and country), target p95 ≤ 200 ms.

The analysed records are cached in a pickle (``--cache``), so that the store can be timed
again, on each backend, without analysing again; a cache of more articles serves a smaller
``--n`` (the articles are the same, in the same order), its analysis time scaled per article.
Every ``--db`` is emptied first: a SQLite file is deleted, a PostgreSQL database is dropped
and created again (give it a database of its own).

Usage::

    python scripts/bench_store.py --n 10000 --db sqlite:////tmp/bench.db \
        --db postgresql+psycopg://postgres@127.0.0.1:5432/bench [--shared ../shared]
    python scripts/bench_store.py --n 10000 --db sqlite:///out/bench.db --postgres

``--postgres`` starts a throwaway PostgreSQL server (``fsync=off``) for the run, as
``make bench`` does.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import random
import re
import resource
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from storyline.records import AnalyzedDocument, Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def shared_sentences(shared: Path) -> list[str]:
    """Sentences of the MEANTIME and GeoVirus texts in ``shared/data``."""
    sentences: list[str] = []
    for path in sorted((shared / "data" / "meantime_dev").glob("**/*.xml")):
        by_sentence: dict[str, list[str]] = {}
        for tok in ET.parse(path).getroot().iter("token"):
            by_sentence.setdefault(tok.get("sentence", "0"), []).append(tok.text or "")
        for words in by_sentence.values():
            text = " ".join(words)
            text = re.sub(r" ([,.;:!?')])", r"\1", text).replace("( ", "(")
            if len(words) >= 6:
                sentences.append(text)
    for path in sorted((shared / "data" / "geovirus_dev").glob("*.xml")):
        for node in ET.parse(path).getroot().iter("text"):
            sentences += [s.strip() for s in _SPLIT.split(node.text or "") if len(s.split()) >= 6]
    return sentences


def build_articles(n: int, shared: Path, seed: int = 13) -> list[Article]:
    """``n`` articles of 5 to 12 recombined sentences, dated over two years (the first
    ``k`` of ``build_articles(n)`` are ``build_articles(k)``)."""
    rng = random.Random(seed)
    pool = shared_sentences(shared)
    start = date(2008, 1, 1)
    return [
        Article(
            id=f"bench-{i:05d}",
            text=" ".join(rng.sample(pool, rng.randint(5, 12))),
            published=start + timedelta(days=rng.randint(0, 730)),
            source=f"outlet-{rng.randint(1, 40)}",
        )
        for i in range(n)
    ]


def analysed(n: int, shared: Path, cache: Path | None) -> tuple[list[AnalyzedDocument], float]:
    """The analysed records of the first ``n`` articles and the analysis seconds they took
    (from the cache when it holds at least ``n``; else analysed now, and cached)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            held = pickle.load(f)
        if held["n"] >= n:
            docs = [d for d in held["docs"][:n] if isinstance(d, AnalyzedDocument)]
            return docs, held["analysis_s"] * n / held["n"]
    from storyline.extract.pipeline import analyze_articles, build_nlp

    articles = build_articles(n, shared)
    nlp = build_nlp()
    t0 = time.perf_counter()
    items = list(analyze_articles(articles, nlp))
    seconds = time.perf_counter() - t0
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump({"n": n, "analysis_s": seconds, "docs": items}, f)
    return [d for d in items if isinstance(d, AnalyzedDocument)], seconds


def fresh_database(url: str) -> None:
    """Empty the benchmark database: delete the SQLite file, or drop and create the
    PostgreSQL database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.database
    server = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')


def _ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000, 1)


def _timed(calls: list[Callable[[], Any]]) -> dict[str, float]:
    """Wall-clock p50/p95 of the calls, and the same of this process's CPU time (on a
    machine other work keeps busy the wall clock waits for the CPU; the CPU time is what
    the call costs, the wall time it would take on a quiet core, for SQLite in-process)."""
    times, cpu = [], []
    for call in calls:
        t0, c0 = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "n": len(times),
        "p50_ms": _ms(times, 0.5),
        "p95_ms": _ms(times, 0.95),
        "cpu_p50_ms": _ms(cpu, 0.5),
        "cpu_p95_ms": _ms(cpu, 0.95),
    }


def bench_backend(
    docs: list[AnalyzedDocument], analysis_s: float, db_url: str, queries: int = 100
) -> dict[str, Any]:
    """Ingest ``docs`` into a fresh ``db_url``, then time entity pages and timelines over a
    sample of the stored entity names (half the most mentioned, half at random) and places."""
    from storyline.config import get_settings
    from storyline.kb import KnowledgeBase
    from storyline.store.session import open_engine

    fresh_database(db_url)
    kb = KnowledgeBase(db_url, create=True)
    size = get_settings().store_batch  # as `storyline ingest` stores them
    store = 0.0
    for i in range(0, len(docs), size):
        t0 = time.perf_counter()
        failed = [r for r in kb.ingest_many(docs[i : i + size]) if r.status == "failed"]
        store += time.perf_counter() - t0
        if failed:
            raise SystemExit(f"not stored: {failed[0].doc_key}: {failed[0].error}")
    names, places, days = _sample(kb, queries)
    # warm the caches once, as a running service would be
    for name in names[:5]:
        kb.entity(name)
    result = {
        "backend": db_url.split(":", 1)[0].split("+", 1)[0],
        "store_s": round(store, 2),
        "store_over_analysis": round(store / analysis_s, 4) if analysis_s else None,
        "store_ms_per_article": round(1000 * store / max(1, len(docs)), 2),
        "entity_page": _timed([lambda n=n: kb.entity(n) for n in names]),
        "timeline_entity": _timed([lambda n=n: kb.timeline(entity=n) for n in names]),
        "timeline_place": _timed([lambda p=p: kb.timeline(place=p) for p in places]),
        "timeline_dates": _timed(
            [lambda d=d: kb.timeline(start=d, end=d + timedelta(days=6)) for d in days]
        ),
        "pages": bench_pages(kb, names, places, days, queries),
        "stats": kb.stats(),
    }
    open_engine(kb.url).dispose()
    return result


PAGE_TARGET_MS = 200.0
"""Every page's p95 at 10,000 articles (issue 17)."""


def page_paths(
    kb: Any, names: list[str], places: list[str], days: list[date], n: int
) -> dict[str, list[str]]:
    """The pages to time, each with ``n`` URLs over the sampled names, places and weeks."""
    from urllib.parse import quote, urlencode

    rng = random.Random(11)
    events = kb.timeline_page(limit=1).total
    words = ["police", "said", "government", "killed", "city", "president", "war", "water"]
    countries = sorted({p.country for p in kb.places(limit=500) if p.country}) or ["US"]

    def pick(items: list[Any]) -> list[Any]:
        return [items[i % len(items)] for i in range(n)] if items else []

    def week(d: date) -> str:
        return urlencode({"from": d.isoformat(), "to": (d + timedelta(days=6)).isoformat()})

    return {
        "/": ["/"] * n,
        "/?q=": [f"/?q={w}" for w in pick(words)],
        "/timeline": ["/timeline"] * n,
        "/timeline?offset=": [
            f"/timeline?offset={rng.randrange(max(1, events))}" for _ in range(n)
        ],
        "/timeline?from=&to=": [f"/timeline?{week(d)}" for d in pick(days)],
        "/timeline?place=": [f"/timeline?place={quote(p)}" for p in pick(places)],
        "/map": ["/map"] * n,
        "/map?country=": [f"/map?country={c}" for c in pick(countries)],
        "/map?from=&to=": [f"/map?{week(d)}" for d in pick(days)],
        "/sources": ["/sources"] * n,
        "/entities/NAME": [f"/entities/{quote(x, safe='')}" for x in pick(names)],
        "/entities/NAME?offset=": [
            f"/entities/{quote(x, safe='')}?offset=100" for x in pick(names[:5])
        ],
        "/api/timeline?limit=50": [f"/api/timeline?limit=50&{week(d)}" for d in pick(days)],
        "/api/places?limit=100": [f"/api/places?limit=100&offset={100 * i}" for i in range(n)],
        "/api/search?q=": [f"/api/search?q={w}" for w in pick(words)],
    }


def bench_pages(
    kb: Any, names: list[str], places: list[str], days: list[date], queries: int
) -> dict[str, dict[str, float]]:
    """p50/p95 of each web page and paged API list, through the served site (routing,
    reads, templates: what a browser waits for), over ``queries // 4`` URLs each."""
    from fastapi.testclient import TestClient

    from storyline.site import create_site

    n = max(5, queries // 4)
    timed: dict[str, dict[str, float]] = {}
    with TestClient(create_site(kb=kb), base_url="http://localhost") as client:
        for page, urls in page_paths(kb, names, places, days, n).items():
            client.get(urls[0], headers={"accept": "text/html"})  # warm
            calls = [
                lambda u=u: _ok(client.get(u, headers={"accept": "text/html"}), u) for u in urls
            ]
            timed[page] = _timed(calls)
    return timed


def _ok(response: Any, url: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")


def _sample(kb: Any, n: int) -> tuple[list[str], list[str], list[date]]:
    """Entity names (the most mentioned and a random sample), place names, and week starts."""
    from sqlalchemy import func, select

    from storyline.store.session import session_scope
    from storyline.store.tables import DocEntity, KbEntity

    rng = random.Random(7)
    with session_scope(kb.engine) as s:
        counted = (
            select(KbEntity.name, KbEntity.lat)
            .join(DocEntity, DocEntity.entity_id == KbEntity.id)
            .group_by(KbEntity.id, KbEntity.name, KbEntity.lat)
            .order_by(func.count().desc(), KbEntity.id)
        )
        top = [r[0] for r in s.execute(counted.limit(n // 2))]
        every = [r[0] for r in s.execute(select(KbEntity.name).order_by(KbEntity.id))]
        place_rows = list(s.execute(counted.where(KbEntity.lat.is_not(None))))
    names = top + rng.sample(every, min(len(every), n - len(top)))
    all_places = [r[0] for r in place_rows]
    places = all_places[: n // 2] + rng.sample(all_places, min(len(all_places), n // 2))
    start = date(2008, 1, 1)
    days = [start + timedelta(days=rng.randint(0, 730)) for _ in range(n)]
    return names, places, days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument(
        "--db", action="append", help="database URL (repeat for each backend); emptied first"
    )
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--cache", type=Path, default=None, help="pickle of analysed records")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also time a throwaway PostgreSQL server started from this machine's binaries",
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        urls = list(args.db or ["sqlite:///out/bench_store.db"])
        if args.postgres:
            from storyline.cli.devserver import create_database, server_bindir, throwaway_server

            bindir = server_bindir()
            if bindir is None:
                raise SystemExit("--postgres: no PostgreSQL server binaries (pg_config --bindir)")
            urls.append(create_database(stack.enter_context(throwaway_server(bindir)), "bench"))
        run(args, urls)


def run(args: argparse.Namespace, urls: list[str]) -> None:
    """Analyse (or read the cache), then time each backend and print the figures."""
    docs, analysis_s = analysed(args.n, args.shared, args.cache)
    # the cached records stay in memory for every backend: freeze them out of the cyclic
    # garbage collector, which would otherwise scan them again and again during the ingest
    # (a streaming ingest does not hold them)
    gc.collect()
    gc.freeze()
    out: dict[str, Any] = {
        "articles": args.n,
        "analysed": len(docs),
        "analysis_s": round(analysis_s, 2),
        "analysis_ms_per_article": round(1000 * analysis_s / max(1, args.n), 2),
        "backends": [],
    }
    for url in urls:
        out["backends"].append(bench_backend(docs, analysis_s, url, args.queries))
        print(json.dumps(out["backends"][-1]), flush=True)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=2))
    print(_table(out))


def _table(out: dict[str, Any]) -> str:
    lines = [
        f"articles {out['articles']}, analysis {out['analysis_s']} s, "
        f"peak RSS {out['peak_rss_mb']} MB",
        "backend     store s  ratio   page p50/p95  entity tl p50/p95  place tl p50/p95"
        "  dates tl p50/p95 (ms)",
    ]
    for b in out["backends"]:
        cells = [
            f"{b[k]['p50_ms']}/{b[k]['p95_ms']}"
            for k in ("entity_page", "timeline_entity", "timeline_place", "timeline_dates")
        ]
        lines.append(
            f"{b['backend']:<10} {b['store_s']:>8} {b['store_over_analysis']:>6}   "
            + "  ".join(f"{c:>15}" for c in cells)
        )
    for b in out["backends"]:
        lines.append(
            f"{b['backend']} pages, ms: wall p50 p95, CPU p50 p95 "
            f"(target p95 <= {PAGE_TARGET_MS:.0f} ms; load {out['load_average']})"
        )
        for page, t in b["pages"].items():
            ok = "ok" if t["p95_ms"] <= PAGE_TARGET_MS else "OVER TARGET"
            lines.append(
                f"  {page:<24} {t['p50_ms']:>7} {t['p95_ms']:>7}  "
                f"{t['cpu_p50_ms']:>7} {t['cpu_p95_ms']:>7}  {ok}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
