"""The knowledge base service: analysed articles in, one merged, sourced record out.

:class:`KnowledgeBase` orchestrates the stages: it reads candidates from the store, asks
``resolve`` (entity linking, event clustering, near-duplicates) to decide, and writes the
decisions back. The CLI and the HTTP API call it.

Ingest stores a batch of articles per transaction (:meth:`KnowledgeBase.ingest_many`),
every article whole or not at all, and keeps the known entities in memory between
transactions (:class:`~storyline.resolve.index.EntityIndex`): linking an article's entities
reads no database, and its rows are written with the rest of the batch's. The index is read
again when the knowledge base's write version shows that another writer has been at work.

Typical use::

    kb = KnowledgeBase("sqlite:///storyline.db", create=True)
    kb.ingest_many(storyline.analyze_paths(["reports/"]))
    kb.entity("Example Name")
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .config import get_settings
from .errors import Errors, NotFound, StoreError
from .records import AnalyzedDocument, Article, Entity
from .resolve import clusters as rc
from .resolve import linking as rl
from .resolve.index import CANDIDATE_LIMIT, CONTEXT_DOCS, EntityIndex
from .resolve.translit import name_key
from .store import queries
from .store.ids import IdAllocator
from .store.repository import Repository
from .store.session import analyze, open_database, resolve_url, session_scope

Status = Literal["added", "replaced", "unchanged", "duplicate", "failed"]
ANALYZE_FIRST = 500
"""Articles stored by one writer before it first refreshes the planner's statistics (then
again each time the count doubles)."""
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n\s*\n")


@dataclass(frozen=True)
class _Refs:
    """Ids of an article's quotes and times (with the times), by local id, for its events."""

    quotes: dict[str, int]
    times: dict[str, tuple[Any, int]]


class _Stored:
    """The documents a batch may meet again: stored ones with one of its keys or texts,
    and those stored so far in the batch."""

    def __init__(self, rows: Sequence[tuple[int, str, str]]) -> None:
        self._by_key: dict[str, tuple[int, str]] = {}
        self._by_hash: dict[str, list[tuple[int, str]]] = {}
        for doc_id, key, digest in rows:
            self.add(doc_id, key, digest)

    def add(self, doc_id: int, key: str, digest: str) -> None:
        self._by_key[key] = (doc_id, digest)
        self._by_hash.setdefault(digest, []).append((doc_id, key))

    def drop(self, doc_id: int) -> None:
        self._by_key = {k: v for k, v in self._by_key.items() if v[0] != doc_id}
        self._by_hash = {
            h: [d for d in docs if d[0] != doc_id] for h, docs in self._by_hash.items()
        }

    def lookup(self, key: str, digest: str) -> tuple[tuple[int, str] | None, str | None]:
        """(id, content hash) of the document stored as ``key``, and the key of a document
        with exactly this text (itself if it is one), either None when there is none."""
        twins = [k for _, k in self._by_hash.get(digest, ())]
        twin = key if key in twins else (twins[0] if twins else None)
        return self._by_key.get(key), twin


class _BandMembers:
    """Documents by LSH band: those read from the store, and those stored in the batch."""

    def __init__(self, rows: Sequence[tuple[str, int, bytes, int]]) -> None:
        self._by_band: dict[str, dict[int, tuple[Any, int]]] = {}
        for band, doc_id, sig, group in rows:
            self._by_band.setdefault(band, {})[doc_id] = (sig, group)

    def add(self, doc_id: int, sig: Any, group: int, bands: Sequence[str]) -> None:
        for band in bands:
            self._by_band.setdefault(band, {})[doc_id] = (sig, group)

    def sharing(self, bands: Sequence[str]) -> list[tuple[int, Any, int]]:
        """(id, signature, group) of the documents sharing a band, oldest first (at most
        ``CANDIDATE_LIMIT``)."""
        found: dict[int, tuple[Any, int]] = {}
        for band in bands:
            found.update(self._by_band.get(band, {}))
        return [(i, *found[i]) for i in sorted(found)[:CANDIDATE_LIMIT]]


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
        self._ids = IdAllocator()
        # one writer at a time in this process (the HTTP API serves requests on threads):
        # the entities in memory and the ids handed out belong to one transaction at a time
        self._writing = threading.RLock()
        self._stored = 0
        self._analyze_at = ANALYZE_FIRST
        self._index: EntityIndex | None = None
        self._rules = rl.Rules()
        self._version = -1

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
        batch = list(docs)
        if not batch:
            return []
        with self._writing:
            try:
                return self._store_batch(batch)
            except Exception as err:  # noqa: BLE001 - one bad article must not lose its batch
                self._forget()
                if len(batch) > 1:
                    return [r for doc in batch for r in self.ingest_many([doc])]
                return [IngestResult(batch[0].article.id, "failed", error=_reason(err))]

    def _repo(self, session: Any) -> Repository:
        """The store's writes and lookups in ``session``, with the resolver's limits."""
        return Repository(
            session, self._ids, context_docs=CONTEXT_DOCS, candidate_limit=CANDIDATE_LIMIT
        )

    def _forget(self) -> None:
        """Drop the entities kept in memory (read again at the next transaction)."""
        self._index = None

    def _load(self, repo: Repository) -> EntityIndex:
        """Read the known entities and the hand corrections into memory."""
        index = EntityIndex()
        for row in repo.index_rows():
            index.add_entity(
                row["id"], row["name"], row["label"], row["lat"], row["lon"], row["context"]
            )
            for name in row["names"]:
                index.add_name(row["id"], name)
        merges, splits = repo.load_overrides()
        self._rules = rl.Rules(merges=merges, splits=frozenset(splits))
        self._index = index
        return index

    def _store_batch(self, docs: list[AnalyzedDocument]) -> list[IngestResult]:
        # imported here: datasketch brings SciPy (half a second), which reads never need
        from .resolve import duplicates as rd

        # hashed before the transaction: no write lock held meanwhile
        digests = [content_hash(d.article.text) for d in docs]
        sigs = [rd.signature(d.article.text) for d in docs]
        bands = [rd.bands(sig) for sig in sigs]
        all_bands = {b for bs in bands for b in bs}
        with session_scope(self.engine) as session:
            repo = self._repo(session)
            version = repo.bump_version()  # first: the write lock, and whether to reload
            index = self._index
            if version <= self._version:  # a database made again: its sequences too
                self._ids.forget()
            if index is None or version != self._version + 1:
                index = self._load(repo)
            stored = _Stored(repo.find_documents([d.article.id for d in docs], digests))
            members: _BandMembers | None = None
            results: list[IngestResult] = []
            later: list[tuple[AnalyzedDocument, int, dict[str, int], _Refs]] = []
            for doc, digest, sig, doc_bands in zip(docs, digests, sigs, bands, strict=True):
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
                    members = _BandMembers(repo.band_members(all_bands))
                dup_group, dup_score, dup_of = None, None, None
                for cid, other, group in members.sharing(doc_bands):
                    score = rd.estimate_jaccard(sig, other)
                    if score >= rd.THRESHOLD and (dup_score is None or score > dup_score):
                        dup_group, dup_score, dup_of = group, score, cid
                doc_id = repo.insert_document(
                    {
                        "doc_key": article.id,
                        "content_hash": digest,
                        "title": article.title,
                        "source": article.source,
                        "url": article.url,
                        "published": article.published,
                        "language": article.language,
                        "text": article.text,
                        "origin": article.origin,
                        "minhash": sig,
                        "dup_group": dup_group,
                        "dup_score": dup_score,
                    },
                    doc_bands,
                )
                stored.add(doc_id, article.id, digest)
                members.add(doc_id, sig, dup_group or doc_id, doc_bands)
                ids = self._link_entities(repo, index, doc, doc_id)
                later.append((doc, doc_id, ids, self._queue_rest(repo, doc, doc_id, ids)))
                status: Status = "replaced" if found is not None else "added"
                twin_key = str(dup_of) if dup_of is not None else None
                results.append(
                    IngestResult(article.id, status, len(ids), len(doc.events), twin_key)
                )
            # events last: clustering reads the events stored before, these included
            touched: set[int] = set()
            for doc, doc_id, ids, refs in later:
                self._store_events(repo, doc, doc_id, ids, refs, touched)
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

    def _link_entities(
        self, repo: Repository, index: EntityIndex, doc: AnalyzedDocument, doc_id: int
    ) -> dict[str, int]:
        """Link the document's entities to known ones (or new ones); returns local → kb id."""
        records = entity_records(doc.entities)
        names = [n for r in records for n in r.all_names]
        rules = self._rules
        block = rl.blocking_keys(names)
        targets = {rules.merges[k] for k in block.keys if k in rules.merges}
        candidates = index.candidates(block.keys | targets, block.skeletons, block.words)
        links = rl.link_entities(
            records, candidates, self.threshold, rules, index.positions(candidates)
        )
        # the linked entities as they were when linked (renames compare against these)
        by_id = {lk.entity_id: index.candidate(lk.entity_id) for lk in links if lk.entity_id}
        local_to_kb: dict[str, int] = {}
        doc_rows: list[dict[str, Any]] = []
        new_aliases: list[dict[str, Any]] = []
        fresh = [e for e, lk in zip(doc.entities, links, strict=True) if lk.entity_id is None]
        fresh_ids = repo.insert_entities(
            [
                {
                    "name": e.name,
                    "key": name_key(e.name) or e.name.casefold(),
                    "label": e.label,
                    "lat": e.literal_place.lat if e.literal_place else None,
                    "lon": e.literal_place.lon if e.literal_place else None,
                    "country": e.literal_place.country if e.literal_place else None,
                    "geonames_id": e.literal_place.geonames_id if e.literal_place else None,
                    "feature": e.literal_place.feature if e.literal_place else None,
                }
                for e in fresh
            ]
        )
        new_ids = {e.id: i for e, i in zip(fresh, fresh_ids, strict=True)}
        for e, i in zip(fresh, fresh_ids, strict=True):
            lit = e.literal_place
            lat, lon = (lit.lat, lit.lon) if lit else (None, None)
            index.add_entity(i, e.name, e.label, lat, lon)
        for entity, record, link in zip(doc.entities, records, links, strict=True):
            key = name_key(entity.name) or entity.name.casefold()
            if link.entity_id is None:
                kb_id = new_ids[entity.id]
                reason = "first seen"
            else:
                kb_id = link.entity_id
                reason = link.reason
                self._maybe_rename(repo, index, by_id.get(kb_id), entity)
            local_to_kb[entity.id] = kb_id
            for name in record.all_names:
                if index.has_name(kb_id, name):
                    continue
                k, skel, first, last = rl.key_parts(name)
                if not k:
                    continue
                index.add_name(kb_id, name)
                in_doc = name != entity.name
                new_aliases.append(
                    {
                        "entity_id": kb_id,
                        "name": name,
                        "key": k,
                        "skeleton": skel,
                        "first": first,
                        "last": last,
                        "reason": _alias_reason(entity, name) if in_doc else reason,
                        "score": 1.0 if in_doc or link.entity_id is None else link.score,
                        "document_id": doc_id,
                    }
                )
            doc_rows.append(
                {
                    "document_id": doc_id,
                    "local_id": entity.id,
                    "entity_id": kb_id,
                    "name": entity.name,
                    "key": key,
                    "label": entity.label,
                    "reason": reason,
                    "score": link.score,
                }
            )
        repo.insert_aliases(new_aliases)
        de_ids = repo.insert_doc_entities(doc_rows)
        # the document comes first in the context of every entity it names
        for eid in {r["entity_id"] for r in doc_rows}:
            others = frozenset(r["key"] for r in doc_rows if r["entity_id"] != eid and r["key"])
            repo.set_context(eid, index.push_context(eid, doc_id, others, CONTEXT_DOCS))
        repo.insert_rows(
            "mentions",
            [
                {
                    "document_id": doc_id,
                    "doc_entity_id": de_id,
                    "entity_id": local_to_kb[entity.id],
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                }
                for entity, de_id in zip(doc.entities, de_ids, strict=True)
                for m in entity.mentions
            ],
        )
        return local_to_kb

    @staticmethod
    def _maybe_rename(
        repo: Repository, index: EntityIndex, cand: rl.Candidate | None, entity: Entity
    ) -> None:
        """A fuller form of the name becomes canonical ("Smith" → "Anna Smith")."""
        if cand is None:
            return
        old = set(name_key(cand.name).split())
        new = name_key(entity.name)
        if old and old < set(new.split()) and entity.label == cand.label:
            repo.rename_entity(cand.id, entity.name, new)
            index.rename(cand.id, entity.name)

    @staticmethod
    def _queue_rest(
        repo: Repository, doc: AnalyzedDocument, doc_id: int, ents: dict[str, int]
    ) -> _Refs:
        """Quotes, times and the document's own conflicts; returns the ids the events need."""
        key = doc.article.id
        quote_ids = repo.insert_rows(
            "quotes",
            ids=True,
            rows=[
                {
                    "document_id": doc_id,
                    "local_id": q.id,
                    "kind": q.kind,
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "speaker_entity_id": ents.get(q.speaker.entity or "") if q.speaker else None,
                    "speaker_text": q.speaker.text if q.speaker else None,
                    "speaker_name": q.speaker.name if q.speaker else None,
                    "cue": q.cue,
                    "anonymous": q.anonymous,
                    "via": [ents[v] for v in q.via if v in ents],
                    "certainty": q.certainty,
                    "hedge": q.hedge,
                }
                for q in doc.quotes
            ],
        )
        time_ids = repo.insert_rows(
            "times",
            ids=True,
            rows=[
                {
                    "document_id": doc_id,
                    "local_id": t.id,
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                    "earliest": t.earliest,
                    "latest": t.latest,
                    "anchor": t.anchor,
                }
                for t in doc.times
            ],
        )
        repo.insert_rows(
            "conflicts",
            [
                {
                    "document_id": doc_id,
                    "cluster_id": None,
                    "about": c.about,
                    "items": [f"{key}#{i}" for i in c.items],
                    "note": c.note,
                }
                for c in doc.conflicts
            ],
        )
        return _Refs(
            quotes={q.id: qid for q, qid in zip(doc.quotes, quote_ids, strict=True)},
            times={t.id: (t, tid) for t, tid in zip(doc.times, time_ids, strict=True)},
        )

    @staticmethod
    def _store_events(
        repo: Repository,
        doc: AnalyzedDocument,
        doc_id: int,
        ents: dict[str, int],
        refs: _Refs,
        touched: set[int],
    ) -> None:
        """The document's events, each joined to a cluster across articles (or a new one);
        adds the clusters they join to ``touched``."""
        key = doc.article.id
        quote_map, times = refs.quotes, refs.times
        places = {e.id: e for e in doc.entities}
        for event in doc.events:
            time = times.get(event.time or "")
            earliest = time[0].earliest if time else None
            latest = time[0].latest if time else None
            place_entity = places.get(event.place or "")
            place_id = ents.get(event.place or "")
            lat = place_entity.place.lat if place_entity and place_entity.place else None
            lon = place_entity.place.lon if place_entity and place_entity.place else None
            participants = {ents[a] for a in (*event.actors, *event.targets) if a in ents}
            report = rc.Report(
                ref=f"{key}#{event.id}",
                type=event.type,
                earliest=earliest,
                latest=latest,
                place_id=place_id,
                lat=lat,
                lon=lon,
                participants=frozenset(participants),
                fatalities=event.fatalities,
                place_name=place_entity.name if place_entity else None,
            )
            rows = repo.cluster_candidates(event.type, place_id, participants, _bbox(lat, lon))
            cands = [
                rc.ClusterCandidate(
                    id=r["id"],
                    type=r["type"],
                    earliest=r["earliest"],
                    latest=r["latest"],
                    place_ids=frozenset(r["place_ids"]),
                    lat=r["lat"],
                    lon=r["lon"],
                    participants=frozenset(r["participants"]),
                )
                for r in rows
            ]
            choice = rc.assign_cluster(report, cands)
            if choice.cluster_id is None:
                cluster_id = repo.new_cluster(
                    {
                        "type": event.type,
                        "subtype": event.subtype,
                        "earliest": earliest,
                        "latest": latest,
                        "place_entity_id": place_id,
                        "lat": lat,
                        "lon": lon,
                        "fatalities": event.fatalities,
                        "reports": 0,
                        "sources": 0,
                    }
                )
            else:
                cluster_id = choice.cluster_id
                others = [
                    rc.Report(
                        ref=o["ref"],
                        type=event.type,
                        place_id=o["place_id"],
                        fatalities=o["fatalities"],
                        place_name=o["place_name"],
                    )
                    for o in repo.cluster_reports(cluster_id)
                ]
                _fill_cluster(repo, cluster_id, cands, report)
                repo.insert_rows(
                    "conflicts",
                    [
                        {
                            "document_id": None,
                            "cluster_id": cluster_id,
                            "about": c.about,
                            "items": list(c.items),
                            "note": c.note,
                        }
                        for c in rc.cross_conflicts(report, others)
                    ],
                )
            touched.add(cluster_id)
            (event_id,) = repo.insert_rows(
                "events",
                ids=True,
                rows=[
                    {
                        "document_id": doc_id,
                        "cluster_id": cluster_id,
                        "cluster_reason": choice.reason,
                        "local_id": event.id,
                        "type": event.type,
                        "subtype": event.subtype,
                        "trigger_start": event.trigger.start,
                        "trigger_end": event.trigger.end,
                        "trigger_text": event.trigger.text,
                        "place_entity_id": place_id,
                        "time_id": time[1] if time else None,
                        "earliest": earliest,
                        "latest": latest,
                        "fatalities": event.fatalities,
                        "fatalities_text": event.fatalities_text,
                        "certainty": event.certainty,
                        "sentence": sentence_at(doc.article.text, event.trigger.start),
                    }
                ],
            )
            roles = {(ents[a], "actor") for a in event.actors if a in ents}
            roles |= {(ents[t], "target") for t in event.targets if t in ents}
            repo.insert_rows(
                "event_participants",
                [{"event_id": event_id, "entity_id": e, "role": r} for e, r in sorted(roles)],
            )
            repo.insert_rows(
                "sources",
                [
                    {
                        "event_id": event_id,
                        "quote_id": quote_map.get(s),
                        "entity_id": ents.get(s) if s not in quote_map else None,
                    }
                    for s in event.sources
                    if s in quote_map or s in ents
                ],
            )

    # reads -------------------------------------------------------------------------------

    def _read(self) -> Any:
        return session_scope(self.engine)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents matching ``text`` (full-text), best first, with a snippet."""
        with self._read() as s:
            return queries.search(s, text, limit)

    def entity(self, name: str) -> dict[str, Any]:
        """The entity page: canonical name, aliases with merge reasons, mentions by article,
        quotes by and about, events.

        Raises:
            NotFound: E402 when no entity goes by ``name``.
        """
        with self._read() as s:
            entity_id = queries.find_entity(s, name, name_key(name))
            if entity_id is None:
                raise _unknown(s, name)
            return queries.entity_page(s, entity_id)

    def timeline(
        self,
        *,
        entity: str | None = None,
        place: str | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events in time order, each with its reports, sources and conflicts."""
        with self._read() as s:
            ids: dict[str, int | None] = {"entity": None, "place": None}
            for what, name in (("entity", entity), ("place", place)):
                if name:
                    found = queries.find_entity(s, name, name_key(name))
                    if found is None:
                        raise _unknown(s, name)
                    ids[what] = found
            return queries.timeline(
                s,
                entity_id=ids["entity"],
                place_id=ids["place"],
                start=start.isoformat() if start else None,
                end=end.isoformat() if end else None,
                limit=limit,
            )

    def unchanged(self, articles: Sequence[Article]) -> set[str]:
        """Ids of the ``articles`` stored under their id with the same text: ingesting them
        again would change nothing, so they need no analysis (one query per call)."""
        if not articles:
            return set()
        digests = {a.id: content_hash(a.text) for a in articles}
        with self._read() as s:
            rows = self._repo(s).find_documents(list(digests), [])
        return {key for _, key, digest in rows if digests.get(key) == digest}

    def has_document(self, key: str) -> bool:
        """Whether an article is stored under ``key`` (checked before fetching a URL)."""
        with self._read() as s:
            return queries.has_document(s, key)

    def stats(self) -> dict[str, int]:
        """Counts: documents, entities, aliases, quotes, events, conflicts (and more)."""
        with self._read() as s:
            return queries.stats(s)

    def export_events(self) -> list[dict[str, Any]]:
        """Every event cluster with its reports (the shape ``export`` writes)."""
        with self._read() as s:
            return queries.timeline(s)

    def places(self) -> list[dict[str, Any]]:
        """Every geocoded entity with its coordinates and mention count."""
        with self._read() as s:
            return queries.places(s)

    # hand corrections -------------------------------------------------------------------

    def merge(self, into: str, other: str) -> dict[str, Any]:
        """Merge entity ``other`` into ``into``; kept as a rule that survives re-ingest."""
        with self._writing, session_scope(self.engine) as s:
            self._forget()  # what this changes is read again at the next ingest
            repo = self._repo(s)
            repo.bump_version()
            a = queries.find_entity(s, into, name_key(into))
            b = queries.find_entity(s, other, name_key(other))
            for name, found in ((into, a), (other, b)):
                if found is None:
                    raise NotFound(Errors.E402.format(name=name))
            assert a is not None and b is not None
            if a == b:
                raise StoreError(Errors.E406.format(a=into, b=other))
            target = repo.entity_names(a)
            assert target is not None
            by_key = repo.doc_entity_ids_by_key(b)
            keys = set(by_key) | {name_key(other)}
            for key in keys:
                if key:
                    repo.add_override("merge", key, target[1])
            repo.move_entity(b, a)
            return {"entity": target[0], "merged": other, "keys": sorted(k for k in keys if k)}

    def split(self, name: str, aliases: Sequence[str]) -> dict[str, Any]:
        """Take ``aliases`` off entity ``name`` into entities of their own, for good."""
        with self._writing, session_scope(self.engine) as s:
            self._forget()  # what this changes is read again at the next ingest
            repo = self._repo(s)
            repo.bump_version()
            entity_id = queries.find_entity(s, name, name_key(name))
            if entity_id is None:
                raise NotFound(Errors.E402.format(name=name))
            current = repo.entity_names(entity_id)
            assert current is not None
            made = []
            for alias in aliases:
                key = name_key(alias)
                if not key or key == current[1]:
                    raise StoreError(Errors.E407.format(alias=alias, name=current[0]))
                repo.add_override("split", key, current[1])
                new_id = repo.split_entity(
                    entity_id, key, {"name": alias, "key": key, "label": current[2]}
                )
                made.append({"name": alias, "id": new_id})
            return {"entity": current[0], "split": made}


def content_hash(text: str) -> str:
    """SHA-256 of the article text (what makes re-ingest idempotent)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entity_record(entity: Entity, others: Sequence[Entity]) -> rl.EntityRecord:
    """The linker's view of a document entity: its names and co-mentioned entities."""
    context = frozenset(name_key(o.name) for o in others if o.id != entity.id) - {""}
    return _record(entity, context)


def entity_records(entities: Sequence[Entity]) -> list[rl.EntityRecord]:
    """:func:`entity_record` of every entity of a document (each name keyed once)."""
    keys = [name_key(e.name) for e in entities]
    counts = Counter(keys)
    every = frozenset(counts) - {""}
    return [
        _record(e, every - {key} if counts[key] == 1 else every)
        for e, key in zip(entities, keys, strict=True)
    ]


def _record(entity: Entity, context: frozenset[str]) -> rl.EntityRecord:
    names = [entity.name, *(a.name for a in entity.aliases)]
    names += [m.text for m in entity.mentions if len(m.text.split()) > 1]
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(name_key(n), n)
    return rl.EntityRecord(
        local_id=entity.id,
        name=entity.name,
        label=entity.label,
        names=tuple(v for k, v in seen.items() if k),
        context=context,
        lat=entity.place.lat if entity.place else None,
        lon=entity.place.lon if entity.place else None,
    )


def _reason(err: Exception) -> str:
    """An error's first line, named by its type."""
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0]}" if text else type(err).__name__


def _alias_reason(entity: Entity, name: str) -> str:
    for alias in entity.aliases:
        if alias.name == name:
            return f"in-document: {alias.reason}"
    return "in-document: mention"


def _bbox(lat: float | None, lon: float | None) -> tuple[float, float, float, float] | None:
    if lat is None or lon is None:
        return None
    dlat = rc.MAX_KM / 111.0
    return (lat - dlat, lat + dlat, lon - 2 * dlat, lon + 2 * dlat)


def _fill_cluster(
    repo: Repository,
    cluster_id: int,
    cands: Sequence[rc.ClusterCandidate],
    report: rc.Report,
) -> None:
    """Fill what the cluster does not know yet (time, place) from a new report."""
    cand = next((c for c in cands if c.id == cluster_id), None)
    if cand is None:
        return
    values: dict[str, Any] = {}
    if cand.earliest is None and report.earliest:
        values.update(earliest=report.earliest, latest=report.latest)
    if cand.lat is None and report.lat is not None:
        values.update(lat=report.lat, lon=report.lon, place_entity_id=report.place_id)
    if values:
        repo.update_cluster(cluster_id, values)


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` that holds ``offset``."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text, 0, offset):
        start = boundary.end()
    after = _SENTENCE_END.search(text, offset)
    end = after.start() if after else len(text)
    return text[start:end].strip()[:1000]


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD option as a date (None when absent)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise StoreError(Errors.E408.format(value=value)) from err


__all__ = [
    "IngestResult",
    "KnowledgeBase",
    "content_hash",
    "entity_record",
    "entity_records",
    "sentence_at",
]


def _unknown(session: Any, name: str) -> NotFound:
    """E402 for ``name``, naming the knowledge base's nearest names when there are any."""
    from rapidfuzz import fuzz, process, utils

    near = process.extract(
        name,
        queries.entity_names(session),
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=3,
        score_cutoff=NEAR_NAME_SCORE,
    )
    if not near:
        return NotFound(Errors.E402.format(name=name))
    names = ", ".join(f"'{n}'" for n, _, _ in near)
    return NotFound(Errors.E411.format(name=name, near=names))


NEAR_NAME_SCORE = 80
"""rapidfuzz WRatio (0-100) a stored name needs to be suggested for a mistyped one: 80 keeps
one-letter typos and partial names ("Kidl", "Port") and drops unrelated names."""
