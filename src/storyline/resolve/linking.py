"""Cross-document entity resolution: does an entity of a new article name one already known?

Pure functions over plain records, so that the knowledge base (which fetches candidates and
writes links) and the evaluation script share one implementation.

A pair is scored from four kinds of evidence:

* **name**: the best :func:`~storyline.resolve.translit.similarity` over both entities'
  names (transliteration-aware keys, rapidfuzz ratios), or a partial-name or acronym match;
* **context**: how many co-mentioned entities (and places) the two share, as an overlap
  coefficient of their name keys;
* **label**: the same label, a compatible one (GPE/LOC/FAC), or a clash that halves the score;
* **place**: two geocoded places far apart are not the same place.

``score = name - 0.1 + 0.2 * context`` (then the label and place factors, clipped to 0..1):
an identical name with no shared context scores 0.9, a merely similar one needs shared
context to pass the threshold. The threshold (setting ``resolve_threshold``) trades precision
for recall: higher keeps more entities apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..records import haversine_km
from .translit import fold, name_key, similarity, skeleton

#: Labels that may name the same thing.
COMPATIBLE = (frozenset({"GPE", "LOC", "FAC"}), frozenset({"ORG", "NORP"}))
NAME_WEIGHT_OFFSET = 0.1
CONTEXT_WEIGHT = 0.2
PARTIAL_SCORE = 0.9
ACRONYM_SCORE = 0.9
LABEL_CLASH = 0.5
COMPATIBLE_LABEL = 0.97
FAR_PLACES_KM = 100.0
NEAR_PLACES_KM = 25.0
NEAR_PLACE_BONUS = 0.05


@dataclass(frozen=True)
class EntityRecord:
    """An entity of the article being linked.

    Attributes:
        local_id: its id within the document.
        name: canonical name in the document.
        label: OntoNotes label.
        names: every name it goes by in the document (canonical first).
        context: name keys of the other entities of the document.
        lat: latitude when it is a geocoded place.
        lon: longitude.
    """

    local_id: str
    name: str
    label: str
    names: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None
    # derived once (``functools.cached_property`` takes a lock on every read in Python 3.11,
    # and the linker reads these for every candidate pair)
    all_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    keys: frozenset[str] = field(init=False, repr=False, compare=False)
    """The name keys of :attr:`all_names`."""

    def __post_init__(self) -> None:
        names = (self.name, *[n for n in self.names if n != self.name])
        object.__setattr__(self, "all_names", names)
        object.__setattr__(self, "keys", _keys(names))


@dataclass(frozen=True)
class Candidate:
    """A known entity: its names, and the name keys of entities seen with it."""

    id: int
    name: str
    label: str
    names: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None
    all_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    keys: frozenset[str] = field(init=False, repr=False, compare=False)
    block: BlockingKeys = field(init=False, repr=False, compare=False)
    probes: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    """Its entries in a :data:`BlockIndex`."""

    def __post_init__(self) -> None:
        names = (self.name, *self.names)
        object.__setattr__(self, "all_names", names)
        object.__setattr__(self, "keys", _keys(names))
        object.__setattr__(self, "block", _block(names))
        object.__setattr__(self, "probes", _probes(names))


@dataclass(frozen=True)
class Rules:
    """Hand corrections: ``merges`` maps a name key to the key of the entity it belongs to;
    ``splits`` holds (name key, entity key) pairs that must stay apart."""

    merges: dict[str, str] = field(default_factory=dict)
    splits: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Link:
    """The decision for one entity: the known entity it joins (None: a new one), and why."""

    local_id: str
    entity_id: int | None
    score: float
    reason: str


@dataclass(frozen=True)
class BlockingKeys:
    """What candidate retrieval looks up: full keys, skeletons, first and last key words."""

    keys: frozenset[str]
    skeletons: frozenset[str]
    words: frozenset[str]


def shares_block(a: BlockingKeys, b: BlockingKeys) -> bool:
    """Whether two entities' names could match: a shared key or skeleton, a shared first or
    last word (a spelling variant elsewhere), or a one-word name that is a word of the other's
    names (a partial name)."""
    return bool(
        a.keys & b.keys
        or a.skeletons & b.skeletons
        or a.words & b.words
        or a.keys & b.words
        or b.keys & a.words
    )


def blocking_keys(names: Iterable[str]) -> BlockingKeys:
    """The lookup keys of a set of names (for the store's candidate query)."""
    keys: set[str] = set()
    skels: set[str] = set()
    words: set[str] = set()
    for name in names:
        key = name_key(name)
        if not key:
            continue
        keys.add(key)
        skels.add(skeleton(name))
        parts = key.split()
        words.update({parts[0], parts[-1]})
    return BlockingKeys(frozenset(keys), frozenset(skels), frozenset(words))


@lru_cache(maxsize=65536)
def _block(names: tuple[str, ...]) -> BlockingKeys:
    # known entities come back as candidates article after article, with the same names
    return blocking_keys(names)


@lru_cache(maxsize=65536)
def _probes(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    block = _block(names)
    return (
        *[("k", v) for v in block.keys],
        *[("s", v) for v in block.skeletons],
        *[("w", v) for v in block.words],
    )


@lru_cache(maxsize=65536)
def _keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(name_key(n) for n in names)


def key_parts(name: str) -> tuple[str, str, str, str]:
    """(key, skeleton, first word, last word) of a name, as the alias table stores them."""
    key = name_key(name)
    parts = key.split() or [""]
    return key, skeleton(name), parts[0], parts[-1]


def _is_acronym(short: str, long: str) -> bool:
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()):
        return False
    initials = "".join(w[0] for w in fold(long).split() if w and w not in {"of", "the", "and"})
    return initials == letters.lower()


def name_evidence(a_names: Sequence[str], b_names: Sequence[str]) -> tuple[float, str]:
    """The best name match between two sets of names, and what kind of match it is."""
    return _name_evidence(tuple(a_names), tuple(b_names))


@lru_cache(maxsize=131072)
def _name_evidence(a_names: tuple[str, ...], b_names: tuple[str, ...]) -> tuple[float, str]:
    # the same entities meet article after article (and twice per article: once to decide
    # whose context to read, once to link)
    best, reason = 0.0, "different names"
    for a in a_names:
        for b in b_names:
            score, why = _pair_evidence(a, b)
            # the first best pair wins, except that a same-name match beats a transliteration
            if score > best or (score == best == 1.0 and why == "same name"):
                best, reason = score, why
    return best, reason


@lru_cache(maxsize=262144)
def _pair_evidence(a: str, b: str) -> tuple[float, str]:
    """The name evidence of one pair of names (the same names meet again and again)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0, "different names"
    if ka == kb:
        return 1.0, "same name" if fold(a) == fold(b) else "transliteration"
    best, reason = 0.0, "different names"
    sim = similarity(a, b)
    if sim > best:
        best, reason = sim, f"similar spelling {sim:.2f}"
    wa, wb = set(ka.split()), set(kb.split())
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    if short and short < long_ and all(len(w) > 2 for w in short):
        if PARTIAL_SCORE > best:
            best, reason = PARTIAL_SCORE, "partial name"
    if (_is_acronym(a, b) or _is_acronym(b, a)) and ACRONYM_SCORE > best:
        best, reason = ACRONYM_SCORE, "acronym"
    return best, reason


def context_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient of two sets of co-mentioned name keys (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _context_without(a: frozenset[str], b: frozenset[str], own: frozenset[str]) -> float:
    """:func:`context_overlap` of ``a - own`` and ``b - own``, without making either (a
    known entity's context is the union of several documents': large, and read often)."""
    if not a or not b:
        return 0.0
    len_a = len(a) - len(a & own) if own else len(a)
    len_b = len(b) - len(b & own) if own else len(b)
    if not len_a or not len_b:
        return 0.0
    shared = a & b
    if own and shared:
        shared = shared - own
    return len(shared) / min(len_a, len_b)


def label_factor(a: str, b: str) -> tuple[float, str]:
    """How much the labels agree: 1 (same), slightly less (compatible), or a clash."""
    if a == b:
        return 1.0, "same label"
    if any(a in group and b in group for group in COMPATIBLE):
        return COMPATIBLE_LABEL, f"labels {a}/{b} compatible"
    return LABEL_CLASH, f"labels {a}/{b} differ"


def score_pair(
    record: EntityRecord,
    candidate: Candidate,
    *,
    explain: bool = True,
    evidence: tuple[float, str] | None = None,
) -> tuple[float, str]:
    """Score one (new entity, known entity) pair in 0..1, with a readable reason (an empty
    one without ``explain``: the linker words the reason of the winning pair alone).
    ``evidence`` is :func:`name_evidence` of the pair, when the caller has it already."""
    name, why = evidence or _name_evidence(record.all_names, candidate.all_names)
    if name <= 0.0:
        return 0.0, why
    ctx = _context_without(record.context, candidate.context, record.keys | candidate.keys)
    score = name - NAME_WEIGHT_OFFSET + CONTEXT_WEIGHT * ctx
    factor, label_why = label_factor(record.label, candidate.label)
    score *= factor
    parts = [why, f"context {ctx:.2f}", label_why] if explain else []
    if None not in (record.lat, record.lon, candidate.lat, candidate.lon):
        km = haversine_km(record.lat, record.lon, candidate.lat, candidate.lon)  # type: ignore[arg-type]
        if km > FAR_PLACES_KM:
            score *= LABEL_CLASH
            parts.append(f"places {km:.0f} km apart")
        elif km <= NEAR_PLACES_KM:
            score += NEAR_PLACE_BONUS
            parts.append(f"places {km:.0f} km apart")
    return max(0.0, min(1.0, score)), "; ".join(parts)


def name_floor(threshold: float) -> float:
    """The least name evidence with which a pair can reach ``threshold``: the most that
    shared context and nearby places add (labels and distant places only take away)."""
    return threshold - CONTEXT_WEIGHT + NAME_WEIGHT_OFFSET - NEAR_PLACE_BONUS - 1e-9


def link_entity(
    record: EntityRecord,
    candidates: Sequence[Candidate],
    threshold: float,
    rules: Rules | None = None,
) -> Link:
    """Link one entity to the best candidate above ``threshold``, or to a new entity.

    Hand corrections win: a merged name joins its target whatever the score, and a split
    pair is never linked.
    """
    return _link(record, candidates, threshold, rules or Rules(), blocked=False)


def _link(
    record: EntityRecord,
    candidates: Sequence[Candidate],
    threshold: float,
    rules: Rules,
    *,
    blocked: bool,
) -> Link:
    """:func:`link_entity`; ``blocked``: every candidate is known to share a block."""
    keys = record.keys - {""}
    for key in keys:
        target = rules.merges.get(key)
        if target is None:
            continue
        for cand in candidates:
            if target in cand.keys:
                return Link(record.local_id, cand.id, 1.0, "manual merge")
    best: tuple[float, Candidate] | None = None
    mine = _block(record.all_names)
    floor = name_floor(threshold)
    for cand in candidates:
        if not blocked and not shares_block(mine, cand.block):
            continue
        if rules.splits and any((k, t) in rules.splits for k in keys for t in cand.keys):
            continue
        evidence = _name_evidence(record.all_names, cand.all_names)
        if evidence[0] < floor:
            continue  # no context can lift it to the threshold: not worth scoring
        score = score_pair(record, cand, explain=False, evidence=evidence)[0]
        if best is None or score > best[0] or (score == best[0] and cand.id < best[1].id):
            best = (score, cand)
    if best is not None and best[0] >= threshold:
        score, reason = score_pair(record, best[1])
        return Link(record.local_id, best[1].id, round(score, 4), reason)
    return Link(record.local_id, None, 1.0, "new entity")


BlockIndex = dict[tuple[str, str], list[int]]
"""Candidate positions by blocking value (``("k", key)``, ``("s", skeleton)``, ``("w", word)``)."""
BlockLookup = Mapping[tuple[str, str], Sequence[int]]
"""What the linker reads of a :data:`BlockIndex` (or of the knowledge base's in-memory
:class:`~storyline.resolve.index.EntityIndex`, which keeps one for every known entity)."""


def block_index(candidates: Sequence[Candidate]) -> BlockIndex:
    """Index candidates by their blocking keys (positions in ``candidates``); build it once
    per document and pass it to :func:`link_entities`."""
    index: BlockIndex = defaultdict(list)
    for i, cand in enumerate(candidates):
        for probe in cand.probes:
            index[probe].append(i)
    return index


def _in_block(record: EntityRecord, index: BlockLookup) -> set[int]:
    """Positions of the candidates that share a block with ``record`` (:func:`shares_block`)."""
    mine = _block(record.all_names)
    probes = [("k", k) for k in mine.keys] + [("w", k) for k in mine.keys]
    probes += [("s", s) for s in mine.skeletons]
    probes += [("w", w) for w in mine.words] + [("k", w) for w in mine.words]
    return {i for p in probes for i in index.get(p, ())}


def link_entities(
    records: Sequence[EntityRecord],
    candidates: Sequence[Candidate],
    threshold: float,
    rules: Rules | None = None,
    index: BlockLookup | None = None,
) -> list[Link]:
    """Link every entity of one document (see :func:`link_entity`).

    The candidates are indexed by their blocking keys once, so that each entity is scored
    against the candidates it shares a block with, not against all of them. ``index`` is
    :func:`block_index` of ``candidates`` (or of candidates in the same order with the same
    names), when the caller has built it already.
    """
    if index is None:
        index = block_index(candidates)
    out = []
    for record in records:
        hits = _in_block(record, index)
        if rules and rules.merges:
            # a manual merge may name a candidate outside the blocks
            targets = {rules.merges[k] for k in record.keys if k in rules.merges}
            hits |= {i for i, c in enumerate(candidates) if targets & c.keys}
        pool = [candidates[i] for i in sorted(hits)]
        # without merges, the pool is what shares a block (merge targets may not)
        blocked = not (rules and rules.merges)
        out.append(_link(record, pool, threshold, rules or Rules(), blocked=blocked))
    return out


__all__ = [
    "BlockIndex",
    "BlockLookup",
    "BlockingKeys",
    "Candidate",
    "EntityRecord",
    "Link",
    "Rules",
    "block_index",
    "blocking_keys",
    "shares_block",
    "context_overlap",
    "key_parts",
    "label_factor",
    "link_entities",
    "link_entity",
    "name_evidence",
    "name_floor",
    "score_pair",
]
