"""How many quotes storyline attributes, on the shared corpora's texts (no gold needed).

    python scripts/quote_stats.py --shared ../shared

Prints quotes found (direct, indirect), the share with no speaker at all, the share whose
speaker is not linked to an entity, and the share marked anonymous. Issue target: under
10 % of quotes without a speaker.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.corpora import read_geovirus, read_meantime  # noqa: E402


def quote_stats(shared: Path) -> dict[str, float]:
    """Counts and shares over the MEANTIME and GeoVirus dev texts."""
    from storyline.extract.pipeline import analyze_articles, build_nlp
    from storyline.records import AnalyzedDocument, Article

    docs = [(d.id, d.text, d.published) for d in read_meantime(shared)]
    docs += [(d.id, d.text, d.published) for d in read_geovirus(shared)]
    articles = [Article(id=i, text=t, published=p) for i, t, p in docs]
    results = list(analyze_articles(articles, build_nlp()))
    quotes = [q for r in results if isinstance(r, AnalyzedDocument) for q in r.quotes]
    n = len(quotes) or 1
    return {
        "articles": len(articles),
        "failed": sum(not isinstance(r, AnalyzedDocument) for r in results),
        "quotes": len(quotes),
        "direct": sum(q.kind == "direct" for q in quotes),
        "indirect": sum(q.kind == "indirect" for q in quotes),
        "no speaker": sum(q.speaker is None for q in quotes) / n,
        "speaker not an entity": sum(
            q.speaker is not None and q.speaker.entity is None and not q.anonymous for q in quotes
        )
        / n,
        "anonymous": sum(q.anonymous for q in quotes) / n,
        "hedged": sum(q.certainty == "hedged" for q in quotes) / n,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    for key, value in quote_stats(args.shared.resolve()).items():
        print(f"{key:24} {value:.3f}" if isinstance(value, float) else f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
