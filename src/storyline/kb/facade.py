"""The knowledge base service: analysed articles in, one merged, sourced record out.

:class:`KnowledgeBase` is the one door: ingest (:mod:`.batch`), reads (the store's,
:mod:`storyline.store.reads`), and hand corrections (:mod:`.corrections`). The CLI and the
HTTP API call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..config import get_settings
from ..dates import require_day
from ..errors import Errors, StoreError
from ..records import AnalyzedDocument, Article
from ..resolve.translit import name_key
from ..store import reads
from ..store.corrections import EventFix, document_fixes
from ..store.reads.records import (
    EntityPage,
    KbPlace,
    LocatedEvent,
    Page,
    SearchHit,
    TimelineEvent,
)
from ..store.session import open_database, resolve_url, session_scope
from . import corrections
from .batch import IngestResult, Writer
from .dedupe import content_hash


class KnowledgeBase:
    """Articles merged into one record, every fact traceable to its sentence and source.

    Args:
        url: database URL (``sqlite:///path`` or ``postgresql+psycopg://...``); default the
            ``db`` setting (``STORYLINE_DB``).
        threshold: entity-resolution threshold; default the ``resolve_threshold`` setting.
        create: migrate the database to the newest schema first.

    Raises:
        StoreError: E401 when the database cannot be opened, E403 when it needs migrating.
    """

    def __init__(
        self, url: str | None = None, *, threshold: float | None = None, create: bool = False
    ) -> None:
        self.url = resolve_url(url)
        self.engine = open_database(self.url, create=create)
        settings = get_settings()
        self.threshold = settings.resolve_threshold if threshold is None else threshold
        self._writer = Writer(self.engine, self.threshold)

    # ingest ------------------------------------------------------------------------------

    def ingest(self, doc: AnalyzedDocument) -> IngestResult:
        """Store one analysed article in one transaction (idempotent; edits replace).

        Raises:
            StoreError: E410 when the article cannot be stored.
        """
        (result,) = self.ingest_many([doc])
        if result.status == "failed":
            raise StoreError(Errors.E410.format(key=result.doc_key, reason=result.error))
        return result

    def ingest_many(self, docs: Iterable[AnalyzedDocument]) -> list[IngestResult]:
        """Store analysed articles in one transaction, each whole or not at all (idempotent;
        edits replace); one result per article, in order.

        When the transaction fails, each article is stored again in a transaction of its
        own, so that a bad article fails alone (status ``failed``) and the others are kept.
        """
        return self._writer.ingest_many(docs)

    def unchanged(self, articles: Sequence[Article]) -> set[str]:
        """Ids of the ``articles`` stored under their id with the same text: ingesting them
        again would change nothing, so they need no analysis (one query per call)."""
        if not articles:
            return set()
        digests = {a.id: content_hash(a.text) for a in articles}
        with self._read() as s:
            rows = self._writer.repo(s).find_documents(list(digests), [])
        return {key for _, key, digest in rows if digests.get(key) == digest}

    # reads -------------------------------------------------------------------------------

    def _read(self) -> Any:
        return session_scope(self.engine)

    def search(self, text: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Documents matching ``text`` (full-text), best first, with a snippet."""
        with self._read() as s:
            return reads.search(s, text, limit, offset)

    def search_page(self, text: str, limit: int = 20, offset: int = 0) -> Page[SearchHit]:
        """One page of :meth:`search`, with the number of documents found in all."""
        with self._read() as s:
            hits = reads.search(s, text, limit, offset)
            return Page(hits, reads.search_count(s, text), offset, limit)

    def entity(self, name: str, mentions_offset: int = 0) -> EntityPage:
        """The entity page: canonical name, aliases with merge reasons, mentions by article
        (a page of them from ``mentions_offset``), quotes by and about, events.

        Raises:
            NotFound: E402 when no entity goes by ``name``.
        """
        with self._read() as s:
            entity_id = reads.find_entity(s, name, name_key(name))
            page = None if entity_id is None else reads.entity_page(s, entity_id, mentions_offset)
            if page is None:
                raise corrections.unknown(s, name)
            return page

    def timeline(
        self,
        *,
        entity: str | None = None,
        place: str | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[TimelineEvent]:
        """Events in time order, each with its reports, sources and conflicts."""
        with self._read() as s:
            return reads.timeline(
                s, **self._filters(s, entity, place, start, end), limit=limit, offset=offset
            )

    def timeline_page(
        self,
        *,
        entity: str | None = None,
        place: str | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[TimelineEvent]:
        """One page of :meth:`timeline`, with the number of events in all."""
        with self._read() as s:
            filters = self._filters(s, entity, place, start, end)
            events = reads.timeline(s, **filters, limit=limit, offset=offset)
            return Page(events, reads.timeline_count(s, **filters), offset, limit)

    def _filters(
        self,
        s: Session,
        entity: str | None,
        place: str | None,
        start: date | None,
        end: date | None,
    ) -> dict[str, Any]:
        """The timeline's filters as the reads take them (entity and place ids).

        Raises:
            NotFound: E402 when no entity goes by the name of ``entity`` or ``place``.
        """
        ids: dict[str, int | None] = {"entity": None, "place": None}
        for what, name in (("entity", entity), ("place", place)):
            if name:
                found = reads.find_entity(s, name, name_key(name))
                if found is None:
                    raise corrections.unknown(s, name)
                ids[what] = found
        return {
            "entity_id": ids["entity"],
            "place_id": ids["place"],
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
        }

    def has_document(self, key: str) -> bool:
        """Whether an article is stored under ``key`` (checked before fetching a URL)."""
        with self._read() as s:
            return reads.has_document(s, key)

    def stats(self) -> dict[str, int]:
        """Counts: documents, entities, aliases, quotes, events, conflicts (and more)."""
        with self._read() as s:
            return reads.stats(s)

    def export_events(self) -> list[TimelineEvent]:
        """Every event cluster with its reports (the shape ``export`` writes)."""
        with self._read() as s:
            return reads.timeline(s)

    def places(
        self,
        *,
        country: str | None = None,
        name: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[KbPlace]:
        """Geocoded entities with their coordinates and mention counts, by id; ``country``
        (ISO code) and ``name`` (a prefix) filter them."""
        with self._read() as s:
            return reads.places(s, country=country, name=name, limit=limit, offset=offset)

    def places_count(self, *, country: str | None = None, name: str | None = None) -> int:
        """How many places :meth:`places` finds with these filters, unpaged."""
        with self._read() as s:
            return reads.places_count(s, country=country, name=name)

    def places_page(
        self,
        *,
        country: str | None = None,
        name: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[KbPlace]:
        """One page of the places, most mentioned first, with the number of places in all."""
        with self._read() as s:
            found = reads.places(
                s, country=country, name=name, by_documents=True, limit=limit, offset=offset
            )
            return Page(found, reads.places_count(s, country=country, name=name), offset, limit)

    def located_events(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        country: str | None = None,
        limit: int | None = None,
    ) -> list[LocatedEvent]:
        """Event clusters with coordinates (no reports), most reported first."""
        with self._read() as s:
            return reads.located_events(
                s,
                start=start.isoformat() if start else None,
                end=end.isoformat() if end else None,
                country=country,
                limit=limit,
            )

    # hand corrections -------------------------------------------------------------------

    def merge(self, into: str, other: str) -> corrections.Merged:
        """Merge entity ``other`` into ``into``; kept as a rule that survives re-ingest."""
        with self._writer.lock, session_scope(self.engine) as s:
            self._writer.forget()  # what this changes is read again at the next ingest
            repo = self._writer.repo(s)
            repo.bump_version()
            return corrections.merge(s, repo, into, other)

    def split(self, name: str, aliases: Sequence[str]) -> corrections.Split:
        """Take ``aliases`` off entity ``name`` into entities of their own, for good."""
        with self._writer.lock, session_scope(self.engine) as s:
            self._writer.forget()  # what this changes is read again at the next ingest
            repo = self._writer.repo(s)
            repo.bump_version()
            return corrections.split(s, repo, name, aliases)

    def reject_event(self, doc_key: str, event: str) -> EventFix:
        """Mark report ``event`` (``v2``) of document ``doc_key`` as not an event, for good.

        Raises:
            NotFound: E415 when there is no such report.
        """
        return self._correct_event(doc_key, event, {"action": "reject"})

    def retype_event(
        self, doc_key: str, event: str, etype: str, subtype: str | None = None
    ) -> EventFix:
        """Give report ``event`` of ``doc_key`` the kind ``etype``/``subtype``, for good.

        Raises:
            Refused: E414 when the kind is not in the event taxonomy.
            NotFound: E415 when there is no such report.
        """
        etype, sub = corrections.event_kind(etype, subtype)
        return self._correct_event(
            doc_key, event, {"action": "retype", "type": etype, "subtype": sub}
        )

    def _correct_event(self, doc_key: str, event: str, fix: dict[str, Any]) -> EventFix:
        with self._writer.lock, session_scope(self.engine) as s:
            repo = self._writer.repo(s)
            repo.bump_version()
            return corrections.correct_event(s, repo, doc_key, event, fix)

    def event_corrections(self, doc_key: str) -> list[EventFix]:
        """The corrections kept for the events of one document, oldest first."""
        with self._read() as s:
            return document_fixes(s, doc_key)


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD option as a date (None when absent)."""
    if not value:
        return None
    try:
        return require_day(value)
    except ValueError as err:
        raise StoreError(Errors.E408.format(value=value)) from err


__all__ = ["KnowledgeBase", "parse_day"]
