"""The knowledge base's entities in memory, indexed by the keys the linker blocks on.

An ingest links every entity of every article against the entities already known. Asking
the database for candidates (and for their context) on every article cost more than the
linking itself, so the knowledge base keeps this index between transactions: loaded once,
updated with each decision, and read again only when another writer has changed the
database (see :class:`~storyline.store.tables.KbState`).

The index answers the question the store's candidate query answered (known entities with a
name whose key, skeleton, or first or last key word matches) with the same entities in the
same order, and gives the linker each candidate with its full context.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

from .linking import Candidate, key_parts

Entry = tuple[int, tuple[str, ...]]
"""One document of an entity's context: its id and the name keys co-mentioned there, sorted
(a tuple: a set would take several times the memory, and the union is made when read)."""
Probe = tuple[str, str]
"""A blocking value: ``("k", key)``, ``("s", skeleton)`` or ``("w", first or last word)``."""
CANDIDATE_LIMIT = 200
"""The most candidates one lookup retrieves: entities for one article's names (the lowest
ids first), and, in the store, near-duplicate band members and event clusters."""
CONTEXT_DOCS = 5
"""How many of an entity's most recent documents describe its context."""


@dataclass
class KnownEntity:
    """What the linker knows of a stored entity.

    Attributes:
        id: its knowledge-base id.
        name: canonical name.
        label: OntoNotes label.
        lat: latitude when it is a geocoded place.
        lon: longitude.
        names: its aliases, oldest first.
        context: (document id, name keys co-mentioned there) of its most recent documents,
            newest first.
    """

    id: int
    name: str
    label: str
    lat: float | None = None
    lon: float | None = None
    names: list[str] = field(default_factory=list)
    context: list[Entry] = field(default_factory=list)
    folded: set[str] = field(default_factory=set, repr=False)
    """The casefolded aliases (an alias is stored once per entity, whatever its case)."""


def probes_of(name: str) -> list[Probe]:
    """The blocking values of one name (none for a name without a key)."""
    key, skel, first, last = key_parts(name)
    if not key:
        return []
    return [("k", key), ("s", skel), ("w", first), ("w", last)]


class EntityIndex:
    """Known entities by blocking value, with the linker's view of each."""

    def __init__(self, limit: int = CANDIDATE_LIMIT) -> None:
        self.limit = limit
        self._known: dict[int, KnownEntity] = {}
        self._probes: dict[Probe, set[int]] = {}
        self._views: dict[int, Candidate] = {}

    def known(self, entity_id: int) -> KnownEntity:
        """The entity ``entity_id`` (KeyError when unknown)."""
        return self._known[entity_id]

    # changes ----------------------------------------------------------------------------

    def add_entity(
        self,
        entity_id: int,
        name: str,
        label: str,
        lat: float | None = None,
        lon: float | None = None,
        context: Sequence[Entry] = (),
    ) -> None:
        """A new (or newly loaded) entity, without aliases yet."""
        self._known[entity_id] = KnownEntity(entity_id, name, label, lat, lon, [], list(context))
        self._file(entity_id, name)

    def add_name(self, entity_id: int, name: str) -> bool:
        """Give an entity an alias; False when it has that name already (in any case)."""
        known = self._known[entity_id]
        folded = name.casefold()
        if folded in known.folded:
            return False
        known.folded.add(folded)
        known.names.append(name)
        self._file(entity_id, name)
        self._views.pop(entity_id, None)
        return True

    def has_name(self, entity_id: int, name: str) -> bool:
        """Whether the entity has an alias ``name`` (in any case)."""
        return name.casefold() in self._known[entity_id].folded

    def rename(self, entity_id: int, name: str) -> None:
        """A new canonical name."""
        self._known[entity_id].name = name
        self._file(entity_id, name)
        self._views.pop(entity_id, None)

    def push_context(
        self, entity_id: int, doc_id: int, keys: Iterable[str], keep: int
    ) -> list[Entry]:
        """Put a document first in an entity's context (keeping ``keep`` documents); returns
        the context now."""
        known = self._known[entity_id]
        known.context = [(doc_id, tuple(sorted(keys))), *known.context[: keep - 1]]
        self._views.pop(entity_id, None)
        return known.context

    def _file(self, entity_id: int, name: str) -> None:
        for probe in probes_of(name):
            self._probes.setdefault(probe, set()).add(entity_id)

    # lookups ----------------------------------------------------------------------------

    def candidates(
        self, keys: Iterable[str], skeletons: Iterable[str], words: Iterable[str]
    ) -> LazyCandidates:
        """Known entities with a name whose key is one of ``keys`` or ``words``, whose
        skeleton is one of ``skeletons``, or whose first or last key word is one of
        ``words``: the lowest :attr:`limit` ids, in id order (each made into a
        :class:`Candidate` when read: the linker reads only those in a block)."""
        found: set[int] = set()
        probes = self._probes
        for kind, values in (("k", keys), ("s", skeletons), ("w", words), ("k", words)):
            for value in values:
                hit = probes.get((kind, value))
                if hit:
                    found |= hit
        return LazyCandidates(self, sorted(found)[: self.limit])

    def candidate(self, entity_id: int) -> Candidate:
        """The linker's view of a known entity, with its full context."""
        view = self._views.get(entity_id)
        if view is None:
            known = self._known[entity_id]
            context = frozenset().union(*[keys for _, keys in known.context])
            view = self._views[entity_id] = Candidate(
                id=known.id,
                name=known.name,
                label=known.label,
                names=tuple(known.names),
                context=context,
                lat=known.lat,
                lon=known.lon,
            )
        return view

    def positions(self, candidates: LazyCandidates) -> BlockPositions:
        """The blocking index of ``candidates`` (as :func:`~storyline.resolve.linking.
        block_index` builds it), read from this index instead of built."""
        return BlockPositions(self._probes, {c: i for i, c in enumerate(candidates.ids)})


class LazyCandidates(Sequence[Candidate]):
    """Candidates by id, each made (or taken from the index's views) when first read."""

    def __init__(self, index: EntityIndex, ids: list[int]) -> None:
        self._known = index
        self.ids = ids

    @overload
    def __getitem__(self, i: int) -> Candidate: ...
    @overload
    def __getitem__(self, i: slice) -> list[Candidate]: ...
    def __getitem__(self, i: int | slice) -> Candidate | list[Candidate]:
        if isinstance(i, slice):
            return [self._known.candidate(e) for e in self.ids[i]]
        return self._known.candidate(self.ids[i])

    def __len__(self) -> int:
        return len(self.ids)


class BlockPositions(Mapping[Probe, Sequence[int]]):
    """Positions in one article's candidate list by blocking value: a view of an
    :class:`EntityIndex`, read like the :data:`~storyline.resolve.linking.BlockIndex` of
    those candidates (the linker asks only for the values of the article's names, so only
    those are worked out)."""

    def __init__(self, probes: dict[Probe, set[int]], at: dict[int, int]) -> None:
        self._probes = probes
        self._at = at

    def __getitem__(self, probe: Probe) -> Sequence[int]:
        found = self.get(probe)
        if not found:
            raise KeyError(probe)
        return found

    def get(self, probe: Probe, default: Sequence[int] = ()) -> Sequence[int]:  # type: ignore[override]
        ids = self._probes.get(probe)
        if not ids:
            return default
        at = self._at
        # a common word names many known entities, an article's candidates are few
        return [at[i] for i in at.keys() & ids] or default

    def __iter__(self) -> Iterator[Probe]:
        return (p for p, ids in self._probes.items() if any(i in self._at for i in ids))

    def __len__(self) -> int:
        return sum(1 for _ in self)


__all__ = [
    "CANDIDATE_LIMIT",
    "CONTEXT_DOCS",
    "Entry",
    "BlockPositions",
    "EntityIndex",
    "KnownEntity",
    "LazyCandidates",
    "Probe",
    "probes_of",
]
