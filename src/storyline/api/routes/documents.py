"""``/api/documents``: analyse and store an article; read a stored one back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from ..deps import AnalyzerDep, KBDep, ReadsDep
from ..schemas import ArticleCreate, DocumentSummaryPublic, ErrorPublic, IngestPublic
from .analyze import default_id

router = APIRouter(tags=["documents"])


@router.post(
    "/documents",
    status_code=201,
    responses={200: {"model": IngestPublic}, 400: {"model": ErrorPublic}},
)
def create_document(
    body: ArticleCreate, analyzer: AnalyzerDep, kb: KBDep, response: Response
) -> IngestPublic:
    """Analyse an article and ingest it into the knowledge base (idempotent: the same text
    again is ``unchanged``, an edited text under the same id ``replaced``). Answers 201 when
    the document was added, 200 otherwise."""
    doc = analyzer.analyze(analyzer.article(body, default_id(body)))
    result = kb.ingest(doc)  # raises E410 (500) rather than answer "failed"
    assert result.status != "failed"
    if result.status != "added":
        response.status_code = 200
    return IngestPublic(
        status=result.status,
        document=result.doc_key,
        entities=result.entities,
        events=result.events,
        near_duplicate_of=result.near_duplicate_of,
        analysis=doc.to_dict(),
    )


@router.get("/documents")
def list_documents(
    reads: ReadsDep, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> list[DocumentSummaryPublic]:
    """The most recent documents, newest first."""
    return [DocumentSummaryPublic(**d.to_dict()) for d in reads.recent(limit)]


@router.get("/documents/{key:path}", responses={404: {"model": ErrorPublic}})
def get_document(key: str, reads: ReadsDep) -> dict[str, Any]:
    """A stored document with its analysis (the contract's shape; entities also name the
    knowledge-base entity they were linked to), for highlighting."""
    return reads.document(key)
