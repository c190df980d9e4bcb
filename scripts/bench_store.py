"""Knowledge-base benchmark: ingest N articles, then time entity pages and timelines.

Articles are built by recombining sentences of the shared data sets' texts (MEANTIME's
tokens joined per sentence, GeoVirus texts split into sentences), with a fixed seed, so that
names recur across articles. Analysis (the spaCy pipeline) and storage are timed apart; the
target is store time ÷ analysis time ≤ 0.1, and entity page and timeline p95 ≤ 50 ms.

Usage: python scripts/bench_store.py --n 1000 --db sqlite:///out/bench.db [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
import xml.etree.ElementTree as ET
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
    """``n`` articles of 5 to 12 recombined sentences, dated over two years."""
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


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def bench_store(n_articles: int, db_url: str, shared: Path = SHARED) -> dict[str, Any]:
    """Ingest ``n_articles`` recombined articles into ``db_url`` and time the queries.

    Returns analysis and store seconds, their ratio, and p95 milliseconds of entity pages
    and timelines for the most mentioned entities.
    """
    from storyline.extract.pipeline import analyze_articles, build_nlp
    from storyline.kb import KnowledgeBase

    articles = build_articles(n_articles, shared)
    kb = KnowledgeBase(db_url, create=True)
    nlp = build_nlp()
    analysis = store = 0.0
    results = analyze_articles(articles, nlp)
    done = 0
    while True:
        t0 = time.perf_counter()
        item = next(results, None)
        t1 = time.perf_counter()
        if item is None:
            break
        analysis += t1 - t0
        if isinstance(item, AnalyzedDocument):
            kb.ingest(item)
            done += 1
        store += time.perf_counter() - t1
    stats = kb.stats()
    names = _top_entities(kb, 50)
    page_times, timeline_times = [], []
    for name in names:
        t0 = time.perf_counter()
        kb.entity(name)
        t1 = time.perf_counter()
        kb.timeline(entity=name)
        t2 = time.perf_counter()
        page_times.append(t1 - t0)
        timeline_times.append(t2 - t1)
    return {
        "articles": n_articles,
        "stored": done,
        "backend": db_url.split(":", 1)[0],
        "analysis_s": round(analysis, 2),
        "store_s": round(store, 2),
        "store_over_analysis": round(store / analysis, 4) if analysis else None,
        "entity_page_p95_ms": round(_p95(page_times), 1),
        "entity_page_median_ms": round(statistics.median(page_times) * 1000, 1) if names else 0,
        "timeline_p95_ms": round(_p95(timeline_times), 1),
        "queries": len(names),
        "stats": stats,
    }


def _top_entities(kb: Any, n: int) -> list[str]:
    """Names of the entities in the most documents (what users look up most)."""
    from sqlalchemy import func, select

    from storyline.store.session import session_scope
    from storyline.store.tables import DocEntity, KbEntity

    with session_scope(kb.engine) as s:
        rows = s.execute(
            select(KbEntity.name)
            .join(DocEntity, DocEntity.entity_id == KbEntity.id)
            .group_by(KbEntity.id, KbEntity.name)
            .order_by(func.count().desc())
            .limit(n)
        )
        return [r[0] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--db", default="sqlite:///out/bench_store.db")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()
    if args.db.startswith("sqlite:///"):
        Path(args.db[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(bench_store(args.n, args.db, args.shared), indent=2))


if __name__ == "__main__":
    main()
