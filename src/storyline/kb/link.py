"""Linking orchestration: a document's entities against the known ones, and their rows.

The in-memory :class:`~storyline.resolve.index.EntityIndex` gives the candidates, the
resolver (:mod:`storyline.resolve.linking`) decides, and the decisions are queued as rows:
new entities, aliases, document entities, mentions, and each entity's recent context.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..records import AnalyzedDocument, Entity
from ..resolve import linking as rl
from ..resolve.index import CONTEXT_DOCS, EntityIndex
from ..resolve.translit import name_key
from ..store.repository import Repository


def link_entities(
    repo: Repository,
    index: EntityIndex,
    rules: rl.Rules,
    threshold: float,
    doc: AnalyzedDocument,
    doc_id: int,
) -> dict[str, int]:
    """Link the document's entities to known ones (or new ones); returns local → kb id."""
    records = entity_records(doc.entities)
    names = [n for r in records for n in r.all_names]
    block = rl.blocking_keys(names)
    targets = {rules.merges[k] for k in block.keys if k in rules.merges}
    candidates = index.candidates(block.keys | targets, block.skeletons, block.words)
    links = rl.link_entities(records, candidates, threshold, rules, index.positions(candidates))
    # the linked entities as they were when linked (renames compare against these)
    by_id = {lk.entity_id: index.candidate(lk.entity_id) for lk in links if lk.entity_id}
    fresh = [e for e, lk in zip(doc.entities, links, strict=True) if lk.entity_id is None]
    fresh_ids = repo.insert_entities([_entity_row(e) for e in fresh])
    new_ids = {e.id: i for e, i in zip(fresh, fresh_ids, strict=True)}
    for e, i in zip(fresh, fresh_ids, strict=True):
        lit = e.literal_place
        lat, lon = (lit.lat, lit.lon) if lit else (None, None)
        index.add_entity(i, e.name, e.label, lat, lon)
    local_to_kb: dict[str, int] = {}
    doc_rows: list[dict[str, Any]] = []
    new_aliases: list[dict[str, Any]] = []
    for entity, record, link in zip(doc.entities, records, links, strict=True):
        key = name_key(entity.name) or entity.name.casefold()
        if link.entity_id is None:
            kb_id = new_ids[entity.id]
            reason = "first seen"
        else:
            kb_id = link.entity_id
            reason = link.reason
            _maybe_rename(repo, index, by_id.get(kb_id), entity)
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


def _entity_row(e: Entity) -> dict[str, Any]:
    lit = e.literal_place
    return {
        "name": e.name,
        "key": name_key(e.name) or e.name.casefold(),
        "label": e.label,
        "lat": lit.lat if lit else None,
        "lon": lit.lon if lit else None,
        "country": lit.country if lit else None,
        "geonames_id": lit.geonames_id if lit else None,
        "feature": lit.feature if lit else None,
    }


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


def _alias_reason(entity: Entity, name: str) -> str:
    for alias in entity.aliases:
        if alias.name == name:
            return f"in-document: {alias.reason}"
    return "in-document: mention"


__all__ = ["entity_record", "entity_records", "link_entities"]
