"""Reads of the knowledge base, by subject: :mod:`.documents`, :mod:`.entities`,
:mod:`.timeline`, :mod:`.places`, :mod:`.sources`, :mod:`.search` and :mod:`.stats`.

Each is a plain function of a SQLAlchemy session, a handful of batched queries whatever the
size of the knowledge base. :class:`Reads` opens sessions on the knowledge base's engine for
the reads the HTTP API and the web pages need beyond :class:`~storyline.kb.KnowledgeBase`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ...errors import Errors, NotFound
from ..session import session_scope
from ..tables import KbState
from .documents import document, has_document, recent_documents
from .entities import entity_names, entity_page, find_entity
from .places import located_events, places, places_count
from .records import (
    CountedChain,
    DocumentSummary,
    EntityPage,
    KbPlace,
    Page,
    SearchHit,
    SourceChain,
    TimelineEvent,
)
from .search import search, search_count
from .sources import UNKNOWN_OUTLET, outlet_of, source_chains, source_counts
from .stats import stats
from .timeline import timeline, timeline_count

_COUNTED: dict[tuple[Any, ...], list[CountedChain]] = {}
"""The source counts of the last few (knowledge base, write version, sizes); read only."""


class Reads:
    """The extra reads, over the knowledge base's own engine.

    Args:
        engine: the engine of an open knowledge base (``KnowledgeBase.engine``).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def document(self, key: str) -> dict[str, Any]:
        """The stored document ``key`` in the contract's shape, plus knowledge-base links.

        Raises:
            NotFound: E404 when no document has that id.
        """
        with session_scope(self.engine) as s:
            found = document(s, key)
        if found is None:
            raise NotFound(Errors.E404.format(what="document", key=key))
        return found

    def recent(self, limit: int = 20) -> list[DocumentSummary]:
        """The documents most recently published (then ingested), newest first."""
        with session_scope(self.engine) as s:
            return recent_documents(s, limit)

    def source_chains(self, limit: int = 5000) -> list[SourceChain]:
        """Every quote's chain of sources: outlet, outer sources (``via``), speaker."""
        with session_scope(self.engine) as s:
            return source_chains(s, limit)

    def source_counts(
        self, outlets: int | None = None, sources: int | None = None
    ) -> list[CountedChain]:
        """The quotes' reporting chains counted: outlet, ``via``, speaker, ``quotes``; with
        ``outlets``/``sources``, the rest folded into "other outlets"/"other sources"."""
        with session_scope(self.engine) as s:
            # the counts change only when the knowledge base does: kept per write version
            version = s.execute(select(KbState.version).where(KbState.id == 1)).scalar()
            key = (str(self.engine.url), version, outlets, sources)
            if version is None or key not in _COUNTED:
                counted = source_counts(s, outlets, sources)
                if version is None:
                    return counted
                if len(_COUNTED) >= 8:
                    _COUNTED.pop(next(iter(_COUNTED)))
                _COUNTED[key] = counted
            return _COUNTED[key]


__all__ = [
    "UNKNOWN_OUTLET",
    "CountedChain",
    "DocumentSummary",
    "EntityPage",
    "KbPlace",
    "Page",
    "Reads",
    "document",
    "entity_names",
    "entity_page",
    "find_entity",
    "has_document",
    "located_events",
    "outlet_of",
    "places",
    "places_count",
    "recent_documents",
    "SearchHit",
    "SourceChain",
    "TimelineEvent",
    "search",
    "search_count",
    "source_chains",
    "source_counts",
    "stats",
    "timeline",
    "timeline_count",
]
