"""``GET /api/stats`` and ``GET /api/health``."""

from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ..deps import AnalyzerDep, KBDep
from ..schemas import HealthPublic

router = APIRouter(tags=["stats"])


@router.get("/stats")
def stats(kb: KBDep) -> dict[str, int]:
    """Counts: documents, entities, aliases, mentions, quotes, events, clusters, conflicts."""
    return kb.stats()


@router.get("/health")
def health(kb: KBDep, analyzer: AnalyzerDep) -> HealthPublic:
    """Whether the knowledge base answers; which model analyses (and whether it is loaded)."""
    counts = kb.stats()
    return HealthPublic(
        ok=True,
        version=__version__,
        database=kb.engine.dialect.name,
        documents=counts.get("documents", 0),
        model=analyzer.model,
        model_loaded=analyzer.loaded,
    )
