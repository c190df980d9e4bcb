"""Hand corrections: merge two entities, split aliases off one; each kept as a rule (an
override) that the linker obeys at every later ingest. Events: "not an event" and "wrong
type", kept by trigger (``store/corrections.py``) and applied at every later ingest. And
the names a mistyped one may have meant, for the "no such entity" message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..errors import Errors, NotFound, Refused, StoreError
from ..resolve import linking as rl
from ..resolve.translit import name_key
from ..store import corrections as ec
from ..store import reads
from ..store.corrections import EventFix
from ..store.reads.records import Record
from ..store.repository import Repository

NEAR_NAME_SCORE = 80
"""rapidfuzz WRatio (0-100) a stored name needs to be suggested for a mistyped one: 80 keeps
one-letter typos and partial names ("Kidl", "Port") and drops unrelated names."""


@dataclass(frozen=True)
class Merged(Record):
    """A merge done: the entity kept, the name merged into it, the name keys now its own."""

    entity: str
    merged: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class SplitOff(Record):
    """An alias taken off an entity, now an entity of its own (``id``)."""

    name: str
    id: int | None


@dataclass(frozen=True)
class Split(Record):
    """A split done: the entity the aliases were taken off, and the entities they became."""

    entity: str
    split: tuple[SplitOff, ...]


def load_rules(repo: Repository) -> rl.Rules:
    """The hand corrections as the linker's rules (the newest of contradicting ones wins)."""
    merges, splits = repo.load_overrides()
    return rl.Rules(merges=merges, splits=frozenset(splits))


def merge(session: Session, repo: Repository, into: str, other: str) -> Merged:
    """Merge entity ``other`` into ``into`` and record the rule (see
    :meth:`~storyline.kb.KnowledgeBase.merge`)."""
    a = reads.find_entity(session, into, name_key(into))
    b = reads.find_entity(session, other, name_key(other))
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
    return Merged(target[0], other, tuple(sorted(k for k in keys if k)))


def split(session: Session, repo: Repository, name: str, aliases: Sequence[str]) -> Split:
    """Take ``aliases`` off entity ``name`` and record the rules (see
    :meth:`~storyline.kb.KnowledgeBase.split`)."""
    entity_id = reads.find_entity(session, name, name_key(name))
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
        new_id = repo.split_entity(entity_id, key, {"name": alias, "key": key, "label": current[2]})
        made.append(SplitOff(alias, new_id))
    return Split(current[0], tuple(made))


def event_kind(etype: str, subtype: str | None) -> tuple[str, str]:
    """The taxonomy's ``(type, subtype)`` for a correction's kind.

    Raises:
        Refused: E414 when the kind is not in the event taxonomy.
    """
    from ..extract.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    kind = taxonomy.get(etype, subtype)
    if kind is None:
        types = ", ".join(dict.fromkeys(k.type for k in taxonomy.kinds))
        raise Refused(Errors.E414.format(kind=f"{etype}/{subtype or ''}", types=types))
    return kind.type, kind.subtype


def correct_event(
    session: Session, repo: Repository, doc_key: str, event: str, fix: dict[str, Any]
) -> EventFix:
    """Keep a correction of report ``event`` of ``doc_key`` and apply it to the stored rows
    (see :meth:`~storyline.kb.KnowledgeBase.reject_event`)."""
    ref = f"{doc_key}#{event}"
    row = ec.stored_event(session, doc_key, event)
    if row is None:
        raise NotFound(Errors.E415.format(ref=ref))
    done = ec.record_fix(session, row, doc_key, fix)
    ec.correct_stored(repo, row, ref, done)
    repo.flush()
    return done


def unknown(session: Session, name: str) -> NotFound:
    """E402 for ``name``, naming the knowledge base's nearest names when there are any."""
    from rapidfuzz import fuzz, process, utils

    near = process.extract(
        name,
        reads.entity_names(session),
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=3,
        score_cutoff=NEAR_NAME_SCORE,
    )
    if not near:
        return NotFound(Errors.E402.format(name=name))
    names = ", ".join(f"'{n}'" for n, _, _ in near)
    return NotFound(Errors.E411.format(name=name, near=names))


__all__ = [
    "NEAR_NAME_SCORE",
    "Merged",
    "Split",
    "SplitOff",
    "correct_event",
    "event_kind",
    "load_rules",
    "merge",
    "split",
    "unknown",
]
