"""Batch transactions: a batch of articles per transaction, each whole or not at all.

:class:`Writer` is one process's writer. It keeps the known entities in memory between
transactions (:class:`~storyline.resolve.index.EntityIndex`) and reads them again when the
knowledge base's write version shows that another writer has been at work. A failed
transaction is retried article by article, so that a bad article fails alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from sqlalchemy.engine import Engine

from ..records import AnalyzedDocument
from ..resolve import linking as rl
from ..resolve.index import CANDIDATE_LIMIT, CONTEXT_DOCS, EntityIndex
from ..store import corrections as ec
from ..store.ids import IdAllocator
from ..store.repository import Repository
from ..store.session import analyze, session_scope
from .corrections import load_rules
from .dedupe import BandMembers, Fingerprints, StoredDocs, document_row
from .events import sentence_at, store_events
from .link import link_entities
from .rows import Refs, queue_rest

Status = Literal["added", "replaced", "unchanged", "duplicate", "failed"]
ANALYZE_FIRST = 500
"""Articles stored by one writer before it first refreshes the planner's statistics (then
again each time the count doubles)."""


@dataclass(frozen=True)
class IngestResult:
    """What happened to one article: ``added``, ``replaced`` (edited), ``unchanged``,
    ``duplicate`` (the same text under another id, stored once) or ``failed`` (not stored;
    ``error`` says why)."""

    doc_key: str
    status: Status
    entities: int = 0
    events: int = 0
    near_duplicate_of: str | None = None
    error: str | None = None


class Writer:
    """One process's writes to the knowledge base (thread-safe: one transaction at a time).

    Args:
        engine: the knowledge base's engine.
        threshold: the entity-resolution threshold.
    """

    def __init__(self, engine: Engine, threshold: float) -> None:
        self.engine = engine
        self.threshold = threshold
        self.ids = IdAllocator()
        # one writer at a time in this process (the HTTP API serves requests on threads):
        # the entities in memory and the ids handed out belong to one transaction at a time
        self.lock = threading.RLock()
        self._stored = 0
        self._analyze_at = ANALYZE_FIRST
        self._index: EntityIndex | None = None
        self._rules = rl.Rules()
        self._version = -1

    def repo(self, session: Any) -> Repository:
        """The store's writes and lookups in ``session``, with the resolver's limits."""
        return Repository(
            session, self.ids, context_docs=CONTEXT_DOCS, candidate_limit=CANDIDATE_LIMIT
        )

    def forget(self) -> None:
        """Drop the entities kept in memory (read again at the next transaction)."""
        self._index = None

    def ingest_many(self, docs: Iterable[AnalyzedDocument]) -> list[IngestResult]:
        """Store analysed articles in one transaction, each whole or not at all; when it
        fails, each article again in a transaction of its own (a bad one ``failed``)."""
        batch = list(docs)
        if not batch:
            return []
        with self.lock:
            try:
                return self.store_batch(batch)
            except Exception as err:  # noqa: BLE001 - one bad article must not lose its batch
                self.forget()
                if len(batch) > 1:
                    return [r for doc in batch for r in self.ingest_many([doc])]
                return [IngestResult(batch[0].article.id, "failed", error=_reason(err))]

    def _load(self, repo: Repository) -> EntityIndex:
        """Read the known entities and the hand corrections into memory."""
        index = EntityIndex()
        for row in repo.index_rows():
            index.add_entity(
                row["id"], row["name"], row["label"], row["lat"], row["lon"], row["context"]
            )
            for name in row["names"]:
                index.add_name(row["id"], name)
        self._rules = load_rules(repo)
        self._index = index
        return index

    def store_batch(self, docs: list[AnalyzedDocument]) -> list[IngestResult]:
        """Store ``docs`` in one transaction (raises when it fails)."""
        prints = Fingerprints([d.article for d in docs])
        with session_scope(self.engine) as session:
            repo = self.repo(session)
            version = repo.bump_version()  # first: the write lock, and whether to reload
            index = self._index
            if version <= self._version:  # a database made again: its sequences too
                self.ids.forget()
            if index is None or version != self._version + 1:
                index = self._load(repo)
            stored = StoredDocs(repo.find_documents([d.article.id for d in docs], prints.digests))
            fixes = ec.load_fixes(session, (d.article.id for d in docs))
            members: BandMembers | None = None
            results: list[IngestResult] = []
            later: list[tuple[AnalyzedDocument, int, dict[str, int], Refs]] = []
            for doc, digest, sig, doc_bands in zip(
                docs, prints.digests, prints.sigs, prints.bands, strict=True
            ):
                article = doc.article
                found, twin = stored.lookup(article.id, digest)
                if found is not None and found[1] == digest:
                    results.append(IngestResult(article.id, "unchanged"))
                    continue
                if found is None and twin is not None:
                    results.append(IngestResult(article.id, "duplicate", near_duplicate_of=twin))
                    continue
                if found is not None:
                    repo.delete_document(found[0], article.id)
                    stored.drop(found[0])
                    index = self._load(repo)
                    members = None
                if members is None:
                    members = BandMembers(repo.band_members(prints.all_bands))
                if article.id in fixes:  # hand corrections of its events, kept by trigger
                    doc = ec.apply_fixes(doc, fixes[article.id], partial(sentence_at, article.text))
                dup_group, dup_score, dup_of = prints.nearest(sig, members, doc_bands)
                doc_id = repo.insert_document(
                    document_row(article, digest, sig, dup_group, dup_score), doc_bands
                )
                stored.add(doc_id, article.id, digest)
                members.add(doc_id, sig, dup_group or doc_id, doc_bands)
                ids = link_entities(repo, index, self._rules, self.threshold, doc, doc_id)
                later.append((doc, doc_id, ids, queue_rest(repo, doc, doc_id, ids)))
                status: Status = "replaced" if found is not None else "added"
                twin_key = str(dup_of) if dup_of is not None else None
                results.append(
                    IngestResult(article.id, status, len(ids), len(doc.events), twin_key)
                )
            # events last: clustering reads the events stored before, these included
            touched: set[int] = set()
            for doc, doc_id, ids, refs in later:
                store_events(repo, doc, doc_id, ids, refs, touched)
            repo.refresh_clusters(touched)
            repo.flush()
        self._version = version
        self._stored += sum(r.status in ("added", "replaced") for r in results)
        if self._stored >= self._analyze_at:
            # the planner's statistics, once the knowledge base has doubled: PostgreSQL's
            # autovacuum comes to a table only a minute or more after a bulk load began,
            # and plans made for an empty table (scans) make every batch slower until then
            analyze(self.engine)
            self._analyze_at = max(ANALYZE_FIRST, 2 * self._stored)
        return results


def _reason(err: Exception) -> str:
    """An error's first line, named by its type."""
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0]}" if text else type(err).__name__


__all__ = ["ANALYZE_FIRST", "IngestResult", "Status", "Writer"]
