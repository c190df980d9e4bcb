"""Batches of articles per transaction, the in-memory entity index, and other writers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import text
from test_kb import NEAR_TOWN, REPORT_A, TOWN, doc_a, doc_b, doc_other

from storyline.errors import StoreError
from storyline.kb import KnowledgeBase
from storyline.store.ids import IdAllocator
from storyline.store.session import open_engine, session_scope

NAMES = ["Abdelkader Ould Mahmoud", "Tillaberi", "Mariam Diallo", "Sikasso", "Amina Diallo"]


def articles(make_doc: Any) -> list[Any]:
    """Articles that link across each other, rename an entity, cluster events, repeat a text
    and edit an article within the batch."""
    return [
        doc_a(make_doc),
        doc_b(make_doc),
        doc_other(make_doc),
        make_doc(
            "d", "Diallo spoke in Sikasso.", [("Diallo", "PERSON", None), ("Sikasso", "GPE", None)]
        ),
        make_doc(
            "e",
            "Mariam Diallo and Amina Diallo met in Sikasso.",
            [("Mariam Diallo", "PERSON", None), ("Amina Diallo", "PERSON", None)],
        ),
        doc_a(make_doc, key="a-again"),  # the same text under another id
        doc_a(make_doc, text=REPORT_A + " Roads were closed.", key="a"),  # edited in the batch
        make_doc(
            "f",
            "Gunmen attacked Tillaberi on Monday, residents said.",
            [("Tillaberi", "GPE", NEAR_TOWN)],
            [dict(place="Tillaberi", date="2024-05-06", fatalities=12)],
        ),
    ]


IDS = {"id", "copy_group"}


def _no_ids(value: Any) -> Any:
    """``value`` without database ids (they differ between backends and runs)."""
    if isinstance(value, dict):
        return {k: _no_ids(v) for k, v in value.items() if k not in IDS and not k.endswith("_id")}
    if isinstance(value, list):
        return [_no_ids(v) for v in value]
    return value


def contents(kb: KnowledgeBase) -> dict[str, Any]:
    pages = {}
    for name in NAMES:
        page = kb.entity(name)
        pages[name] = {
            "name": page.name,
            "aliases": sorted(a.name for a in page.aliases),
            "documents": page.documents,
            "links": sorted((lk.document, lk.reason) for lk in page.links),
        }
    return {
        "stats": kb.stats(),
        "pages": pages,
        "timeline": _no_ids([e.to_dict() for e in kb.export_events()]),
    }


def test_kb_batch_stores_what_one_article_per_transaction_stores(db_url, tmp_path, make_doc):
    batched = KnowledgeBase(db_url, create=True)
    results = batched.ingest_many(articles(make_doc))
    statuses = [r.status for r in results]
    assert statuses == ["added"] * 5 + ["duplicate", "replaced", "added"]
    single = KnowledgeBase(f"sqlite:///{tmp_path / 'single.db'}", create=True)
    assert [single.ingest(d).status for d in articles(make_doc)] == statuses
    got, expected = contents(batched), contents(single)
    assert got == expected
    assert got["pages"]["Abdelkader Ould Mahmoud"]["aliases"] == [
        "Abdelkader Ould Mahmoud",
        "Abdulqadir Ould Mahmud",
    ]
    assert got["pages"]["Mariam Diallo"]["aliases"] == ["Diallo", "Mariam Diallo"]  # renamed


def test_kb_batch_reingest_changes_nothing(kb_pair, make_doc):
    kb, _ = kb_pair
    unedited = [d for d in articles(make_doc) if d.article.text != REPORT_A + " Roads were closed."]
    kb.ingest_many(unedited)
    before = contents(kb)
    again = kb.ingest_many(unedited)
    assert [r.status for r in again] == ["unchanged"] * 5 + ["duplicate", "unchanged"]
    assert contents(kb) == before


def test_kb_bad_article_fails_alone_and_its_batch_is_kept(kb_pair, make_doc):
    kb, _ = kb_pair
    good = articles(make_doc)[:3]
    bad = make_doc("bad", "Kidal and Gao.", [("Kidal", "GPE", None), ("Gao", "GPE", None)])
    # two entities under one local id: the store's unique (document, local id) refuses it
    bad = replace(bad, entities=tuple(replace(e, id="e1") for e in bad.entities))
    results = kb.ingest_many([good[0], bad, *good[1:]])
    assert [r.status for r in results] == ["added", "failed", "added", "added"]
    assert results[1].doc_key == "bad" and results[1].error
    assert kb.stats()["documents"] == 3
    with pytest.raises(StoreError, match="E410.*'bad'"):
        kb.ingest(bad)


def test_kb_sees_what_another_writer_stored(kb_pair, make_doc):
    first, second = kb_pair
    first.ingest(make_doc("p", "Halima Osei spoke in Tamale.", [("Halima Osei", "PERSON", None)]))
    second.ingest(
        make_doc(
            "q",
            "Halima Osei and Kofi Boateng met in Tamale.",
            [("Halima Osei", "PERSON", None), ("Kofi Boateng", "PERSON", None)],
        )
    )
    # the first writer's entities in memory lack Kofi Boateng: it must read them again
    first.ingest(make_doc("r", "Kofi Boateng left Tamale.", [("Kofi Boateng", "PERSON", None)]))
    assert first.stats()["entities"] == 2
    assert first.entity("Kofi Boateng").documents == 2
    assert first.entity("Halima Osei").documents == 2


def test_kb_hand_merge_is_used_by_the_next_batch(kb_pair, make_doc):
    kb, _ = kb_pair
    kb.ingest(make_doc("p", "Halima Osei opened a clinic.", [("Halima Osei", "PERSON", None)]))
    kb.ingest(make_doc("q", "H. Mensah-Osei spoke.", [("H. Mensah-Osei", "PERSON", None)]))
    kb.merge("Halima Osei", "H. Mensah-Osei")
    kb.ingest(make_doc("r", "H. Mensah-Osei spoke again.", [("H. Mensah-Osei", "PERSON", None)]))
    assert kb.stats()["entities"] == 1
    assert kb.entity("Halima Osei").documents == 3


def test_kb_write_version_rises_with_each_writing_transaction(kb_pair, make_doc):
    kb, _ = kb_pair

    def version() -> int:
        with session_scope(kb.engine) as s:
            return int(s.execute(text("SELECT version FROM kb_state")).scalar_one())

    start = version()
    kb.ingest_many(articles(make_doc)[:3])
    kb.ingest(doc_other(make_doc))  # unchanged: still a transaction that may write
    assert version() == start + 2
    kb.entity("Tillaberi")
    assert version() == start + 2  # reads leave it


def test_ids_are_handed_out_once_and_the_database_never_repeats_them(db_url):
    engine = open_engine(db_url)
    KnowledgeBase(db_url, create=True)
    ids = IdAllocator()
    with session_scope(engine) as s:
        conn = s.connection()
        taken = ids.take(conn, "entities", 3) + ids.take(conn, "entities", 2)
        assert taken == sorted(set(taken)) and len(taken) == 5
        for i in taken:
            conn.execute(
                text("INSERT INTO entities (id, name, key, label) VALUES (:i, 'n', 'n', 'X')"),
                {"i": i},
            )
        made = conn.execute(
            text("INSERT INTO entities (name, key, label) VALUES ('m', 'm', 'X') RETURNING id")
        ).scalar_one()
        assert made not in taken
    with session_scope(engine) as s:
        conn = s.connection()
        ids.begin()
        later = ids.take(conn, "entities", 2)
        assert not set(later) & {*taken, made}
    with pytest.raises(ValueError):
        ids.take(engine.connect(), "mentions", 1)


@pytest.fixture
def kb_pair(db_url: str) -> tuple[KnowledgeBase, KnowledgeBase]:
    """Two writers on one knowledge base (two processes would be the same: each keeps its
    own entities in memory)."""
    return KnowledgeBase(db_url, create=True), KnowledgeBase(db_url)


__all__ = ["TOWN"]


def test_entity_records_of_a_document_are_each_entity_record(make_doc):
    from storyline.kb import entity_record, entity_records
    from storyline.resolve.translit import name_key

    doc = make_doc(
        "p",
        "Diallo met Diallo's brother and Awa Kone in Mopti.",
        [("Diallo", "PERSON", None), ("Diallo", "PERSON", None), ("Awa Kone", "PERSON", None)],
    )
    ents = tuple(replace(e, id=f"x{i}") for i, e in enumerate(doc.entities))
    assert entity_records(ents) == [entity_record(e, ents) for e in ents]
    assert name_key("Diallo") in entity_records(ents)[0].context  # the other Diallo


@pytest.mark.postgres
def test_kb_refreshes_planner_statistics_as_it_grows(db_url, make_doc, monkeypatch):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's planner statistics")
    import storyline.kb.batch as kb_module

    monkeypatch.setattr(kb_module, "ANALYZE_FIRST", 2)
    kb = KnowledgeBase(db_url, create=True)

    def analysed_rows() -> float:
        with session_scope(kb.engine) as s:
            sql = "SELECT reltuples FROM pg_class WHERE relname = 'documents'"
            return float(s.execute(text(sql)).scalar_one())

    kb.ingest(doc_a(make_doc))
    assert analysed_rows() <= 0  # never analysed yet (-1), or empty
    kb.ingest_many([doc_b(make_doc), doc_other(make_doc)])
    assert analysed_rows() == 3


def test_kb_ingests_from_many_threads_as_from_one(db_url, tmp_path, make_doc):
    from concurrent.futures import ThreadPoolExecutor

    people = ["Halima Osei", "Kofi Boateng", "Ama Mensah", "Yaw Darko"]

    def doc(i: int) -> Any:
        a, b = people[i % 4], people[(i + 1) % 4]
        text = f"{a} met {b} in Tamale on day {i}."
        return make_doc(f"t{i}", text, [(a, "PERSON", None), (b, "PERSON", None)])

    docs = [doc(i) for i in range(48)]
    shared = KnowledgeBase(db_url, create=True)  # one per process, as the HTTP API keeps it
    batches = [docs[i : i + 6] for i in range(0, len(docs), 6)]
    retried = []
    store = shared._writer.store_batch

    def counted(batch: list[Any]) -> Any:
        try:
            return store(batch)
        except Exception:
            retried.append(len(batch))  # a failed transaction, stored again article by article
            raise

    shared._writer.store_batch = counted  # type: ignore[method-assign]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [r for rs in pool.map(shared.ingest_many, batches) for r in rs]
    assert [r.status for r in results] == ["added"] * len(docs)
    assert retried == []
    alone = KnowledgeBase(f"sqlite:///{tmp_path / 'alone.db'}", create=True)
    alone.ingest_many(docs)
    assert shared.stats() == alone.stats()
    assert shared.stats()["entities"] == len(people)
