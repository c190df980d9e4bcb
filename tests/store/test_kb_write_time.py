"""Structures the store keeps at write time: each entity's recent context, each event
cluster's date range. They must always equal what the stored rows define."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import select

from storyline.kb import KnowledgeBase
from storyline.resolve.index import CANDIDATE_LIMIT, CONTEXT_DOCS
from storyline.resolve.translit import name_key
from storyline.store.repository import Repository
from storyline.store.session import session_scope
from storyline.store.tables import DocEntity, EventCluster

PEOPLE = ["Ines Valdivia", "Tomasz Wierzba", "Oluwaseun Adeyemi", "Mirela Constantin"]
TOWNS = ["Portoviejo", "Zielonka", "Ogbomoso"]


@pytest.fixture
def kb(db_url: str) -> KnowledgeBase:
    return KnowledgeBase(db_url, create=True)


def _doc(make_doc, key: str, names: list[str], town: str):
    text = " and ".join(names) + f" met in {town} (report {key})."
    return make_doc(key, text, [(n, "PERSON", None) for n in names] + [(town, "GPE", None)])


def _expected_contexts(kb: KnowledgeBase) -> dict[int, list[tuple[int, set[str]]]]:
    """The definition: for each entity, its most recent documents (highest ids first) and
    the name keys of the other entities linked in each."""
    with session_scope(kb.engine) as s:
        rows = s.execute(select(DocEntity.document_id, DocEntity.entity_id, DocEntity.key)).all()
    by_doc: dict[int, list[tuple[int, str]]] = defaultdict(list)
    docs_of: dict[int, set[int]] = defaultdict(set)
    for doc_id, entity_id, key in rows:
        by_doc[doc_id].append((entity_id, key))
        docs_of[entity_id].add(doc_id)
    return {
        eid: [
            (d, {k for e, k in by_doc[d] if e != eid and k})
            for d in sorted(docs, reverse=True)[:CONTEXT_DOCS]
        ]
        for eid, docs in docs_of.items()
    }


def _stored_contexts(kb: KnowledgeBase, ids: list[int]) -> dict[int, list[tuple[int, set[str]]]]:
    with session_scope(kb.engine) as s:
        return Repository(
            s, context_docs=CONTEXT_DOCS, candidate_limit=CANDIDATE_LIMIT
        ).stored_contexts(ids)


def _assert_contexts_exact(kb: KnowledgeBase) -> None:
    expected = _expected_contexts(kb)
    assert expected
    assert _stored_contexts(kb, list(expected)) == expected


def test_kb_context_matches_definition_after_ingest_merge_split_and_reingest(kb, make_doc):
    kb.ingest(_doc(make_doc, "d1", PEOPLE[:2], TOWNS[0]))
    kb.ingest(_doc(make_doc, "d2", PEOPLE[1:3], TOWNS[1]))
    kb.ingest(_doc(make_doc, "d3", [PEOPLE[0], PEOPLE[3]], TOWNS[0]))
    kb.ingest(_doc(make_doc, "d4", ["Tomasz Wierzbo", PEOPLE[2]], TOWNS[2]))
    _assert_contexts_exact(kb)
    kb.merge(PEOPLE[3], PEOPLE[2])
    _assert_contexts_exact(kb)
    kb.split(PEOPLE[1], ["Tomasz Wierzbo"])
    _assert_contexts_exact(kb)
    # an edited article replaces the old version: its entities' contexts lose it
    kb.ingest(_doc(make_doc, "d2", [PEOPLE[1]], TOWNS[2]))
    _assert_contexts_exact(kb)
    kb.ingest(_doc(make_doc, "d5", PEOPLE, TOWNS[1]))
    _assert_contexts_exact(kb)


@pytest.mark.parametrize("n_docs", [1, CONTEXT_DOCS, CONTEXT_DOCS + 3])
def test_kb_context_keeps_most_recent_documents(kb, make_doc, n_docs):
    for i in range(n_docs):
        kb.ingest(_doc(make_doc, f"k{i}", [PEOPLE[0], PEOPLE[1 + i % 3]], TOWNS[i % 3]))
    _assert_contexts_exact(kb)
    page = kb.entity(PEOPLE[0])
    (context,) = _stored_contexts(kb, [page.id]).values()
    assert len(context) == min(n_docs, CONTEXT_DOCS)
    newest = context[0][1]
    last = n_docs - 1
    assert newest == {name_key(PEOPLE[1 + last % 3]), name_key(TOWNS[last % 3])}


def _event_doc(make_doc, key: str, town: str, day: str | None, published: str):
    text = f"Gunmen attacked a market in {town}."
    spec = {"place": town, "date": day} if day else {"place": town}
    return make_doc(key, text, [(town, "GPE", None)], [spec], published=published)


def test_kb_cluster_dates_kept_at_write_time(kb, make_doc):
    kb.ingest(_event_doc(make_doc, "a", TOWNS[0], "2024-03-02", "2024-03-04"))
    kb.ingest(_event_doc(make_doc, "b", TOWNS[1], None, "2024-06-10"))
    with session_scope(kb.engine) as s:
        got = set(s.execute(select(EventCluster.date_first, EventCluster.date_last)).all())
    # a known time, else the day the first report was published
    assert got == {("2024-03-02", "2024-03-02"), ("2024-06-10", "2024-06-10")}


@pytest.mark.parametrize(
    ("start", "end", "limit", "expected"),
    [
        (None, None, None, ["a", "b", "c"]),
        (date(2024, 3, 1), None, None, ["a", "b", "c"]),
        (date(2024, 3, 3), None, None, ["b", "c"]),
        (None, date(2024, 6, 9), None, ["a"]),
        (date(2024, 6, 10), date(2024, 6, 10), None, ["b"]),
        (None, None, 2, ["a", "b"]),
        (date(2025, 1, 1), None, None, []),
    ],
)
def test_kb_timeline_dates_filtered_sorted_and_limited(kb, make_doc, start, end, limit, expected):
    kb.ingest(_event_doc(make_doc, "c", TOWNS[2], "2024-09-01", "2024-09-02"))
    kb.ingest(_event_doc(make_doc, "a", TOWNS[0], "2024-03-02", "2024-03-04"))
    kb.ingest(_event_doc(make_doc, "b", TOWNS[1], None, "2024-06-10"))
    events = kb.timeline(start=start, end=end, limit=limit)
    assert [e.reports[0].document for e in events] == expected
