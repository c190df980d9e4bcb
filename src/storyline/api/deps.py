"""Dependencies of the route handlers: the knowledge base, its extra reads, the analyser.

``KBDep`` is the knowledge base the app was created with (one per process); ``AnalyzerDep``
loads the spaCy pipeline on first use, once per process, and runs one document at a time.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from ..config import Settings
from ..errors import Errors, ExtractError, IngestError
from ..kb import KnowledgeBase
from ..records import AnalyzedDocument, Article, FailedDocument
from ..store.reads import Reads
from .schemas import ArticleCreate


class Analyzer:
    """Analyse one article at a time with the pipeline loaded once (lazily).

    Args:
        settings: the ``model`` and ``max_bytes`` settings are used.
    """

    def __init__(self, settings: Settings) -> None:
        self.model = settings.model
        self.max_bytes = settings.max_bytes
        self._lock = threading.Lock()
        self._nlp: object | None = None

    @property
    def loaded(self) -> bool:
        """Whether the pipeline has been loaded yet."""
        return self._nlp is not None

    def _pipeline(self) -> object:
        from ..extract.pipeline import build_nlp

        if self._nlp is None:
            self._nlp = build_nlp(self.model)
        return self._nlp

    def article(self, body: ArticleCreate, default_id: str) -> Article:
        """The article a request body describes (HTML reduced to its text).

        Raises:
            IngestError: E105 when the text is over the size limit, E111 when the HTML holds
                no article text.
        """
        from ..ingest.clean import html_to_article

        doc_id = body.id or default_id
        raw = body.text if body.text and body.text.strip() else body.html or ""
        size = len(raw.encode("utf-8"))
        if size > self.max_bytes:
            raise IngestError(Errors.E105.format(path=doc_id, size=size, limit=self.max_bytes))
        if body.text and body.text.strip():
            return Article(
                id=doc_id,
                text=body.text,
                title=body.title,
                source=body.source,
                url=body.url,
                published=body.published,
                origin="api",
            )
        return html_to_article(
            raw,
            doc_id,
            "api",
            published=body.published,
            title=body.title,
            url=body.url,
            source=body.source,
        )

    def analyze(self, article: Article) -> AnalyzedDocument:
        """Run the pipeline over ``article``.

        Raises:
            ExtractError: E201 when the pipeline cannot be loaded, E202 when it fails.
        """
        from ..extract.pipeline import analyze_articles

        with self._lock:
            nlp = self._pipeline()
            (result,) = analyze_articles([article], nlp)  # type: ignore[arg-type]
        if isinstance(result, FailedDocument):
            raise ExtractError(result.message)
        return result


def get_kb(request: Request) -> KnowledgeBase:
    """The app's knowledge base."""
    kb: KnowledgeBase = request.app.state.kb
    return kb


KBDep = Annotated[KnowledgeBase, Depends(get_kb)]


def get_reads(kb: KBDep) -> Reads:
    """Reads the knowledge base does not offer itself (stored documents, source chains)."""
    return Reads(kb.engine)


ReadsDep = Annotated[Reads, Depends(get_reads)]


def get_analyzer(request: Request) -> Analyzer:
    """The app's analyser (pipeline loaded on first use)."""
    analyzer: Analyzer = request.app.state.analyzer
    return analyzer


AnalyzerDep = Annotated[Analyzer, Depends(get_analyzer)]

__all__ = ["Analyzer", "AnalyzerDep", "KBDep", "ReadsDep", "get_analyzer", "get_kb", "get_reads"]
