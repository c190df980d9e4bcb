"""storyline: a sourced record of what happened, from news reports.

Python quickstart::

    import storyline
    doc = storyline.analyze_text("Rebels seized Kidal on Monday.", published="2024-05-07")
    doc.to_dict()   # the JSON contract, docs/contract.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .errors import StorylineError
from .records import AnalyzedDocument, Article, FailedDocument

__version__ = "0.1.0"


def analyze_text(
    text: str,
    *,
    published: date | str | None = None,
    doc_id: str = "doc",
    model: str | None = None,
) -> AnalyzedDocument:
    """Analyse one plain-text article and return its document record."""
    from .dates import parse_day as parse_date
    from .extract.pipeline import analyze_articles, build_nlp

    when = parse_date(published)
    article = Article(id=doc_id, text=text, published=when, origin=doc_id)
    (result,) = analyze_articles([article], build_nlp(model))
    if isinstance(result, FailedDocument):
        raise StorylineError(result.message)
    return result


def analyze_paths(
    paths: Iterable[str],
    *,
    published: date | None = None,
    model: str | None = None,
    workers: int = 1,
) -> Iterator[AnalyzedDocument | FailedDocument]:
    """Analyse files, directories or ``-`` (stdin), in input order, loading the model once
    (``workers`` > 1: on that many processes, same results, same order)."""
    from .extract.pipeline import analyze_articles, build_nlp
    from .ingest.read import read_inputs

    items = read_inputs(paths, published=published)
    if workers > 1:
        from .extract.parallel import analyze_parallel

        yield from analyze_parallel(items, model, workers)
        return
    yield from analyze_articles(items, build_nlp(model))


__all__ = [
    "AnalyzedDocument",
    "Article",
    "FailedDocument",
    "StorylineError",
    "__version__",
    "analyze_paths",
    "analyze_text",
]
