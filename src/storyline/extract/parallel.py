"""Analysis on several cores of one machine, results in input order (``--workers N``).

A pool of worker processes, each with the pipeline loaded once (forked from a parent that
has loaded it, so the model's memory is shared until written), analyses chunks of articles;
``imap`` hands results back in input order, so ``--workers 4`` writes the same JSONL as one
process. Failures and documents analysed already pass through without a trip to a worker.
Written on :mod:`multiprocessing` rather than spaCy's ``nlp.pipe(n_process=...)``, which
would start a new pool for every batch of the streaming loop; Ray stays the way to a
cluster (``storyline batch``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ..records import AnalyzedDocument, Article, FailedDocument

CHUNK = 8
"""Articles sent to a worker at a time (few enough to keep every worker busy to the end)."""

Item = Article | AnalyzedDocument | FailedDocument
_NLP: Any = None


def _init(model: str | None) -> None:
    global _NLP
    from .pipeline import build_nlp

    _NLP = build_nlp(model)


def _work(chunk: list[Item]) -> list[AnalyzedDocument | FailedDocument]:
    from .pipeline import analyze_articles

    return list(analyze_articles(chunk, _NLP))


def analyze_parallel(
    items: Iterable[Item], model: str | None, workers: int
) -> Iterator[AnalyzedDocument | FailedDocument]:
    """Analyse ``items`` on ``workers`` processes, yielding results in input order."""
    from .pipeline import build_nlp

    build_nlp(model)  # loaded before the fork: the workers share its pages
    context = multiprocessing.get_context("fork")
    source = iter(items)
    chunks = iter(lambda: list(islice(source, CHUNK)), [])
    with context.Pool(workers, initializer=_init, initargs=(model,)) as pool:
        for results in pool.imap(_work, chunks):
            yield from results


__all__ = ["analyze_parallel"]
