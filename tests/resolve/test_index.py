"""The in-memory entity index: the candidates the store's query gave, and their context."""

from __future__ import annotations

import random

import pytest

from storyline.resolve.index import EntityIndex, probes_of
from storyline.resolve.linking import (
    EntityRecord,
    block_index,
    blocking_keys,
    key_parts,
    link_entities,
)
from storyline.resolve.translit import name_key


def index_of(
    entities: dict[int, list[str]], label: str = "PERSON", limit: int = 200
) -> EntityIndex:
    index = EntityIndex(limit=limit)
    for eid, names in entities.items():
        index.add_entity(eid, names[0], label)
        for name in names:
            index.add_name(eid, name)
    return index


def ids(index: EntityIndex, names: list[str]) -> list[int]:
    block = blocking_keys(names)
    return [c.id for c in index.candidates(block.keys, block.skeletons, block.words)]


def store_query(entities: dict[int, list[str]], names: list[str], limit: int = 200) -> list[int]:
    """What the store's candidate query selects: an alias whose key is one of the keys or
    words, whose skeleton is one of the skeletons, or whose first or last word is a word."""
    block = blocking_keys(names)
    hits = set()
    for eid, aliases in entities.items():
        for alias in aliases:
            key, skel, first, last = key_parts(alias)
            if not key:
                continue
            if (
                key in block.keys | block.words
                or skel in block.skeletons
                or first in block.words
                or last in block.words
            ):
                hits.add(eid)
    return sorted(hits)[:limit]


KNOWN = {
    1: ["Amadou Diallo"],
    2: ["Fatou Kone", "Fatoumata Kone"],
    3: ["Jean Marie Traore"],
    4: ["Diallo"],
    5: ["Ministry of Defence", "Defence Ministry"],
}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Amadou Diallo"], [1, 4]),  # same key; the one-word name shares the last word
        (["Amidou Diallo"], [1, 4]),  # a spelling variant: the last word
        (["Fatoumata Kone"], [2]),  # the second alias
        (["Kone"], [2]),  # a word of the names as a whole key
        (["Jean Mario Traore"], [3]),  # the first word
        (["Nobody Known"], []),
    ],
)
def test_index_candidates_match_what_the_store_query_selects(names, expected):
    index = index_of(KNOWN)
    assert ids(index, names) == expected == store_query(KNOWN, names)


def test_index_candidates_match_the_store_query_on_random_names():
    rng = random.Random(3)
    words = ["Amadou", "Amidou", "Diallo", "Kone", "Traore", "Fatou", "Ali", "Hassan", "Bank"]
    known = {
        i: [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(2)] for i in range(1, 60)
    }
    index = index_of(known)
    for _ in range(200):
        names = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(3)]
        assert ids(index, names) == store_query(known, names)


def test_index_candidates_keep_the_lowest_ids_up_to_the_limit():
    known = {i: [f"Diallo {w}"] for i, w in enumerate(["Awa", "Binta", "Coumba", "Dieynaba"], 1)}
    assert ids(index_of(known, limit=2), ["Diallo"]) == [1, 2]


def test_index_a_name_is_added_once_whatever_its_case():
    index = index_of(KNOWN)
    assert not index.add_name(1, "AMADOU DIALLO")
    assert index.has_name(1, "amadou diallo")
    assert index.add_name(1, "Amadou Diallo Sr")
    assert index.candidate(1).names == ("Amadou Diallo", "Amadou Diallo Sr")
    assert ids(index, ["Diallo Sr"]) == [1, 4]  # filed under its new words


def test_index_rename_changes_the_view_and_keeps_the_old_names():
    index = index_of(KNOWN)
    index.rename(4, "Amadou Diallo")
    view = index.candidate(4)
    assert view.name == "Amadou Diallo" and view.names == ("Diallo",)


def test_index_context_keeps_the_newest_documents_and_their_union():
    index = index_of(KNOWN)
    for doc in range(1, 8):
        index.push_context(1, doc, frozenset({f"place {doc}"}), keep=5)
    known = index.known(1)
    assert [d for d, _ in known.context] == [7, 6, 5, 4, 3]
    assert index.candidate(1).context == frozenset(f"place {d}" for d in (3, 4, 5, 6, 7))


def test_index_positions_read_like_a_block_index_of_the_candidates():
    rng = random.Random(5)
    words = ["Amadou", "Amidou", "Diallo", "Kone", "Traore", "Fatou", "Ali", "Hassan"]
    known = {i: [" ".join(rng.sample(words, rng.randint(1, 3)))] for i in range(1, 40)}
    index = index_of(known)
    for _ in range(50):
        names = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(3)]
        records = [EntityRecord(f"e{i}", n, "PERSON", (n,)) for i, n in enumerate(names)]
        block = blocking_keys(names)
        candidates = index.candidates(block.keys, block.skeletons, block.words)
        built = link_entities(records, candidates, 0.88, index=block_index(candidates))
        read = link_entities(records, candidates, 0.88, index=index.positions(candidates))
        assert read == built


def test_index_probes_of_a_name_without_a_key_are_none():
    assert probes_of("!!!") == []
    key = name_key("Amadou Diallo")
    assert ("k", key) in probes_of("Amadou Diallo")
