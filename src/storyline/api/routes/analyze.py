"""``POST /api/analyze``: the contract document for one article (nothing is stored)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...kb import content_hash
from ..deps import AnalyzerDep
from ..schemas import ArticleCreate, ErrorPublic

router = APIRouter(tags=["analyze"])


def default_id(body: ArticleCreate) -> str:
    """A document id from the content when the client gives none."""
    return "doc-" + content_hash(body.text or body.html or "")[:12]


@router.post(
    "/analyze",
    responses={400: {"model": ErrorPublic}, 422: {"model": ErrorPublic}},
)
def analyze(body: ArticleCreate, analyzer: AnalyzerDep) -> dict[str, Any]:
    """Analyse ``text`` or ``html`` and return the storyline document (docs/contract.md)."""
    article = analyzer.article(body, default_id(body))
    return analyzer.analyze(article).to_dict()
