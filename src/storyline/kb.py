"""The knowledge base service: analysed articles in, one merged, sourced record out.

:class:`KnowledgeBase` orchestrates the stages: it reads candidates from the store, asks
``resolve`` (entity linking, event clustering, near-duplicates) to decide, and writes the
decisions back, one article per transaction. The CLI and the HTTP API call it.

Typical use::

    kb = KnowledgeBase("sqlite:///storyline.db", create=True)
    for doc in storyline.analyze_paths(["reports/"]):
        kb.ingest(doc)
    kb.entity("Example Name")
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .config import get_settings
from .errors import Errors, NotFound, StoreError
from .records import AnalyzedDocument, Entity
from .resolve import clusters as rc
from .resolve import duplicates as rd
from .resolve import linking as rl
from .resolve.translit import name_key
from .store import queries
from .store.repository import Repository
from .store.session import open_database, resolve_url, session_scope

Status = Literal["added", "replaced", "unchanged", "duplicate"]
CANDIDATE_CACHE = 50_000
"""How many candidate views :class:`KnowledgeBase` keeps between articles."""
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n\s*\n")


@dataclass(frozen=True)
class IngestResult:
    """What happened to one article: ``added``, ``replaced`` (edited), ``unchanged`` or
    ``duplicate`` (the same text under another id, stored once)."""

    doc_key: str
    status: Status
    entities: int = 0
    events: int = 0
    near_duplicate_of: str | None = None


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
        self._candidates: dict[tuple[Any, ...], rl.Candidate] = {}

    # ingest ------------------------------------------------------------------------------

    def ingest(self, doc: AnalyzedDocument) -> IngestResult:
        """Store one analysed article in one transaction (idempotent; edits replace)."""
        article = doc.article
        digest = content_hash(article.text)
        with session_scope(self.engine) as session:
            repo = Repository(session)
            found, twin = repo.find_document_or_twin(article.id, digest)
            if found is not None and found[1] == digest:
                return IngestResult(article.id, "unchanged")
            if found is None and twin is not None:
                return IngestResult(article.id, "duplicate", near_duplicate_of=twin)
            if found is not None:
                repo.delete_document(found[0], article.id)
            sig = rd.signature(article.text)
            bands = rd.bands(sig)
            dup_group, dup_score, dup_of = None, None, None
            for cid, other, group in repo.duplicate_candidates(bands):
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
                bands,
            )
            ids = self._link_entities(repo, doc, doc_id)
            n_events = self._store_rest(repo, doc, doc_id, ids)
            status: Status = "replaced" if found is not None else "added"
            twin_key = None
            if dup_of is not None:
                twin_key = str(dup_of)
            return IngestResult(article.id, status, len(ids), n_events, twin_key)

    def _link_entities(
        self, repo: Repository, doc: AnalyzedDocument, doc_id: int
    ) -> dict[str, int]:
        """Link the document's entities to known ones (or new ones); returns local → kb id."""
        records = [entity_record(e, doc.entities) for e in doc.entities]
        names = [n for r in records for n in r.all_names]
        merges, splits = repo.load_overrides()
        block = rl.blocking_keys(names)
        targets = {merges[k] for k in block.keys if k in merges}
        rows = repo.entity_candidates(block.keys | targets, block.skeletons, block.words)
        bare = [self._candidate(r) for r in rows]
        # context decides only where names come close: read it for those candidates alone
        index = rl.block_index(bare)
        contexts = repo.entity_contexts(rl.needing_context(records, bare, self.threshold, index))
        candidates = [
            self._candidate(r, contexts[r["id"]][0]) if r["id"] in contexts else c
            for r, c in zip(rows, bare, strict=True)
        ]
        rules = rl.Rules(merges=merges, splits=frozenset(splits))
        links = rl.link_entities(records, candidates, self.threshold, rules, index)
        by_id = {c.id: c for c in candidates}
        local_to_kb: dict[str, int] = {}
        doc_rows: list[dict[str, Any]] = []
        new_aliases: list[dict[str, Any]] = []
        # every linked entity is a candidate, its aliases already at hand
        have = {(r["id"], n.casefold()) for r in rows for n in r["names"]}
        fresh = [(e, lk) for e, lk in zip(doc.entities, links, strict=True) if lk.entity_id is None]
        fresh_ids = repo.insert_entities(
            [
                {
                    "name": e.name,
                    "key": name_key(e.name) or e.name.casefold(),
                    "label": e.label,
                    "lat": e.place.lat if e.place else None,
                    "lon": e.place.lon if e.place else None,
                    "country": e.place.country if e.place else None,
                    "geonames_id": e.place.geonames_id if e.place else None,
                    "feature": e.place.feature if e.place else None,
                }
                for e, _ in fresh
            ]
        )
        new_ids = {e.id: i for (e, _), i in zip(fresh, fresh_ids, strict=True)}
        for entity, record, link in zip(doc.entities, records, links, strict=True):
            key = name_key(entity.name) or entity.name.casefold()
            if link.entity_id is None:
                kb_id = new_ids[entity.id]
                reason = "first seen"
            else:
                kb_id = link.entity_id
                reason = link.reason
                self._maybe_rename(repo, by_id.get(kb_id), entity)
            local_to_kb[entity.id] = kb_id
            for name in record.all_names:
                k, skel, first, last = rl.key_parts(name)
                if not k or (kb_id, name.casefold()) in have:
                    continue
                have.add((kb_id, name.casefold()))
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
        # a manual merge links whatever the names: its target's context may be unread
        unread = {r["entity_id"] for r in doc_rows} - set(contexts) - set(new_ids.values())
        contexts.update(repo.entity_contexts(unread))
        repo.update_contexts(
            doc_id,
            [(r["entity_id"], r["key"]) for r in doc_rows],
            {eid: text for eid, (_, text) in contexts.items()},
        )
        mentions = [
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
        ]
        repo.insert_rows("mentions", mentions)
        return local_to_kb

    def _candidate(
        self, row: dict[str, Any], context: frozenset[str] = frozenset()
    ) -> rl.Candidate:
        """The linker's view of a stored entity (kept: the same entities come back as
        candidates article after article, and a candidate derives its keys when made)."""
        names = tuple(row["names"])
        key = (row["id"], row["name"], row["label"], row["lat"], row["lon"], names, context)
        found = self._candidates.get(key)
        if found is None:
            if len(self._candidates) >= CANDIDATE_CACHE:
                self._candidates.clear()
            found = self._candidates[key] = rl.Candidate(
                id=row["id"],
                name=row["name"],
                label=row["label"],
                names=names,
                context=context,
                lat=row["lat"],
                lon=row["lon"],
            )
        return found

    @staticmethod
    def _maybe_rename(repo: Repository, cand: rl.Candidate | None, entity: Entity) -> None:
        """A fuller form of the name becomes canonical ("Smith" → "Anna Smith")."""
        if cand is None:
            return
        old = set(name_key(cand.name).split())
        new = name_key(entity.name)
        if old and old < set(new.split()) and entity.label == cand.label:
            repo.rename_entity(cand.id, entity.name, new)

    def _store_rest(
        self, repo: Repository, doc: AnalyzedDocument, doc_id: int, ents: dict[str, int]
    ) -> int:
        """Quotes, times, events (clustered across articles) and conflicts."""
        key = doc.article.id
        # ids are needed only to link events to their quotes and times
        quote_ids = repo.insert_rows(
            "quotes",
            ids=bool(doc.events),
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
        quote_map = {q.id: qid for q, qid in zip(doc.quotes, quote_ids, strict=False)}
        time_ids = repo.insert_rows(
            "times",
            ids=bool(doc.events),
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
        times = {t.id: (t, tid) for t, tid in zip(doc.times, time_ids, strict=False)}
        places = {e.id: e for e in doc.entities}
        touched: set[int] = set()
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
                _fill_cluster(repo, cluster_id, cands, report, event.fatalities)
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
        repo.refresh_clusters(touched)
        return len(doc.events)

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
                raise NotFound(Errors.E402.format(name=name))
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
                        raise NotFound(Errors.E402.format(name=name))
                    ids[what] = found
            return queries.timeline(
                s,
                entity_id=ids["entity"],
                place_id=ids["place"],
                start=start.isoformat() if start else None,
                end=end.isoformat() if end else None,
                limit=limit,
            )

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
        with session_scope(self.engine) as s:
            a = queries.find_entity(s, into, name_key(into))
            b = queries.find_entity(s, other, name_key(other))
            for name, found in ((into, a), (other, b)):
                if found is None:
                    raise NotFound(Errors.E402.format(name=name))
            assert a is not None and b is not None
            if a == b:
                raise StoreError(Errors.E406.format(a=into, b=other))
            repo = Repository(s)
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
        with session_scope(self.engine) as s:
            entity_id = queries.find_entity(s, name, name_key(name))
            if entity_id is None:
                raise NotFound(Errors.E402.format(name=name))
            repo = Repository(s)
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
    names = [entity.name, *(a.name for a in entity.aliases)]
    names += [m.text for m in entity.mentions if len(m.text.split()) > 1]
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(name_key(n), n)
    context = frozenset(name_key(o.name) for o in others if o.id != entity.id) - {""}
    return rl.EntityRecord(
        local_id=entity.id,
        name=entity.name,
        label=entity.label,
        names=tuple(v for k, v in seen.items() if k),
        context=context,
        lat=entity.place.lat if entity.place else None,
        lon=entity.place.lon if entity.place else None,
    )


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
    fatalities: int | None,
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


__all__ = ["IngestResult", "KnowledgeBase", "content_hash", "entity_record", "sentence_at"]
