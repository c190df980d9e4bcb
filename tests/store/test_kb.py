"""The knowledge base on both backends (SQLite file, PostgreSQL), with hand-built documents."""

from __future__ import annotations

import pytest

from storyline.errors import NotFound, StoreError
from storyline.kb import KnowledgeBase
from storyline.store.session import open_engine, table_names

TOWN = (14.35, 1.45, "NE")
NEAR_TOWN = (14.40, 1.50, "NE")
FAR_CITY = (12.0, -8.0, "ML")

REPORT_A = (
    "Gunmen loyal to Abdelkader Ould Mahmoud attacked the garrison at Tillaberi on Monday. "
    "Eleven soldiers were killed, the defence ministry said."
)
REPORT_B = (
    "Fighters commanded by Abdulqadir Ould Mahmud attacked Tillaberi early on Monday, "
    "killing fourteen soldiers, according to residents reached by phone."
)
COPY_OF_A = REPORT_A + " The ministry gave no further details."
OTHER = "Farmers in Sikasso protested on Friday against the price of seed, Mariam Diallo said."


def doc_a(make_doc, text=REPORT_A, key="a"):
    return make_doc(
        key,
        text,
        [("Abdelkader Ould Mahmoud", "PERSON", None), ("Tillaberi", "GPE", TOWN)],
        [
            dict(
                actors=["Abdelkader Ould Mahmoud"],
                place="Tillaberi",
                date="2024-05-06",
                fatalities=11,
            )
        ],
    )


def doc_b(make_doc):
    return make_doc(
        "b",
        REPORT_B,
        [("Abdulqadir Ould Mahmud", "PERSON", None), ("Tillaberi", "GPE", NEAR_TOWN)],
        [
            dict(
                actors=["Abdulqadir Ould Mahmud"],
                place="Tillaberi",
                date="2024-05-06",
                fatalities=14,
            )
        ],
    )


def doc_other(make_doc):
    return make_doc(
        "c",
        OTHER,
        [("Sikasso", "GPE", FAR_CITY), ("Mariam Diallo", "PERSON", None)],
        [
            dict(
                type="Protests",
                subtype="Peaceful protest",
                trigger="protested",
                place="Sikasso",
                date="2024-05-03",
            )
        ],
    )


@pytest.fixture
def kb(db_url: str) -> KnowledgeBase:
    return KnowledgeBase(db_url, create=True)


def test_kb_migration_creates_every_table(kb):
    names = set(table_names(open_engine(kb.url)))
    assert {
        "documents",
        "mentions",
        "entities",
        "aliases",
        "quotes",
        "times",
        "events",
        "event_clusters",
        "sources",
        "conflicts",
        "overrides",
        "alembic_version",
    } <= names


def test_kb_migrations_match_the_models(kb):
    # the tables the migrations build are the ones the code declares (columns, indexes)
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storyline.store.tables import Base

    with open_engine(kb.url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the full-text structures live outside the models (FTS5 table, generated tsvector)
    diff = [d for d in diff if "fts" not in str(d) and "search" not in str(d)]
    assert diff == []


def test_kb_sqlite_file_uses_small_pages(tmp_path):
    from storyline.store.session import SQLITE_PAGE_SIZE

    url = f"sqlite:///{tmp_path / 'pages.db'}"
    KnowledgeBase(url, create=True)
    with open_engine(url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == SQLITE_PAGE_SIZE
    open_engine(url).dispose()


def test_kb_refuses_unmigrated_database(tmp_path):
    from storyline.store.session import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    with pytest.raises(StoreError) as err:
        KnowledgeBase(url)
    assert err.value.code == "E403"


def test_kb_refuses_missing_or_empty_database_without_creating_it(tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError) as err:
        KnowledgeBase(f"sqlite:///{missing}")
    assert err.value.code == "E412" and not missing.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError) as err:
        KnowledgeBase(f"sqlite:///{empty}")
    assert err.value.code == "E412"


def test_kb_reingest_same_text_changes_nothing(kb, make_doc):
    assert kb.ingest(doc_a(make_doc)).status == "added"
    before = kb.stats()
    assert kb.ingest(doc_a(make_doc)).status == "unchanged"
    assert kb.ingest(doc_a(make_doc, key="a-again")).status == "duplicate"
    assert kb.stats() == before


def test_kb_edited_article_replaces_old_version(kb, make_doc):
    kb.ingest(doc_a(make_doc))
    kb.ingest(doc_other(make_doc))
    edited = make_doc(
        "c",
        "Farmers in Sikasso protested on Friday, Oumar Traore said.",
        [("Sikasso", "GPE", FAR_CITY), ("Oumar Traore", "PERSON", None)],
    )
    assert kb.ingest(edited).status == "replaced"
    stats = kb.stats()
    assert stats["documents"] == 2
    assert stats["events"] == 1  # the protest report went with the old version
    with pytest.raises(NotFound):
        kb.entity("Mariam Diallo")
    assert kb.entity("Oumar Traore").documents == 1


def test_kb_links_transliterated_names_across_articles_with_reason(kb, make_doc):
    kb.ingest(doc_a(make_doc))
    kb.ingest(doc_b(make_doc))
    page = kb.entity("Abdulqadir Ould Mahmud")
    assert page.name == "Abdelkader Ould Mahmoud"
    assert page.documents == 2
    aliases = {a.name: a for a in page.aliases}
    assert "Abdulqadir Ould Mahmud" in aliases
    assert "spelling" in aliases["Abdulqadir Ould Mahmud"].reason
    assert 0.88 <= aliases["Abdulqadir Ould Mahmud"].score <= 1.0
    assert [m.document for m in page.mentions] == ["b", "a"]


def test_kb_clusters_reports_and_flags_fatality_conflict(kb, make_doc):
    kb.ingest(doc_a(make_doc))
    kb.ingest(doc_b(make_doc))
    kb.ingest(doc_other(make_doc))
    events = kb.timeline()
    assert [e.type for e in events] == ["Protests", "Battles"]
    battle = events[1]
    assert battle.report_count == 2
    assert battle.independent_sources == 2
    assert {r.document for r in battle.reports} == {"a", "b"}
    assert any(r.sentence.startswith("Gunmen loyal") for r in battle.reports)
    assert [c.about for c in battle.conflicts] == ["fatalities"]
    assert kb.stats()["conflicts"] == 1


def test_kb_wire_copy_counts_as_one_source(kb, make_doc):
    kb.ingest(doc_a(make_doc))
    kb.ingest(doc_a(make_doc, text=COPY_OF_A, key="a-copy"))
    (battle,) = kb.timeline()
    assert battle.report_count == 2
    assert battle.independent_sources == 1
    assert kb.stats()["near_duplicates"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("soldiers killed", {"a", "b"}),
        ("protest", {"c"}),
        ("seed price", {"c"}),
        ("nothing", set()),
    ],
)
def test_kb_search_full_text(kb, make_doc, query, expected):
    for doc in (doc_a(make_doc), doc_b(make_doc), doc_other(make_doc)):
        kb.ingest(doc)
    assert {h.document for h in kb.search(query)} == expected


def test_kb_timeline_filters(kb, make_doc):
    for doc in (doc_a(make_doc), doc_b(make_doc), doc_other(make_doc)):
        kb.ingest(doc)
    from datetime import date

    assert [e.type for e in kb.timeline(entity="Ould Mahmoud")] == ["Battles"]
    assert [e.type for e in kb.timeline(place="Sikasso")] == ["Protests"]
    assert [e.type for e in kb.timeline(start=date(2024, 5, 5))] == ["Battles"]
    assert [e.type for e in kb.timeline(end=date(2024, 5, 4))] == ["Protests"]


def test_kb_stats_counts(kb, make_doc):
    kb.ingest(doc_other(make_doc))
    stats = kb.stats()
    for key in ("documents", "entities", "aliases", "quotes", "events", "conflicts"):
        assert key in stats
    assert (stats["documents"], stats["entities"], stats["events"]) == (1, 2, 1)


def test_kb_merge_survives_reingest(kb, make_doc):
    a = make_doc("p", "Halima Osei opened the clinic in Tamale.", [("Halima Osei", "PERSON", None)])
    b = make_doc(
        "q", "The minister, H. Mensah-Osei, spoke in Accra.", [("H. Mensah-Osei", "PERSON", None)]
    )
    kb.ingest(a)
    kb.ingest(b)
    assert kb.stats()["entities"] == 2
    kb.merge("Halima Osei", "H. Mensah-Osei")
    assert kb.stats()["entities"] == 1
    assert kb.entity("H. Mensah-Osei").name == "Halima Osei"
    edited = make_doc(
        "q", "The minister, H. Mensah-Osei, spoke in Kumasi.", [("H. Mensah-Osei", "PERSON", None)]
    )
    assert kb.ingest(edited).status == "replaced"
    page = kb.entity("Halima Osei")
    assert page.documents == 2
    assert any(link.reason == "manual merge" for link in page.links)


def test_kb_split_survives_reingest(kb, make_doc):
    def doc(key, name, town):
        text = f"{name} spoke in {town}."
        return make_doc(key, text, [(name, "PERSON", None), (town, "GPE", None)])

    kb.ingest(doc("p", "Kwame Asante Owusu", "Accra"))
    kb.ingest(doc("q", "Kwame Asante Owusa", "Accra"))
    assert kb.entity("Kwame Asante Owusa").name == "Kwame Asante Owusu"
    kb.split("Kwame Asante Owusu", ["Kwame Asante Owusa"])
    assert kb.entity("Kwame Asante Owusa").name == "Kwame Asante Owusa"
    assert kb.entity("Kwame Asante Owusu").documents == 1
    kb.ingest(doc("q", "Kwame Asante Owusa", "Kumasi"))
    kb.ingest(doc("r", "Kwame Asante Owusa", "Accra"))
    assert kb.entity("Kwame Asante Owusu").documents == 1
    assert kb.entity("Kwame Asante Owusa").documents == 2


def test_kb_document_gives_back_the_times_as_the_contract_has_them(kb, make_doc):
    from dataclasses import fields, replace

    from storyline.records import TimeRef
    from storyline.store.reads import Reads
    from storyline.store.tables import TIME_FIELDS

    assert TIME_FIELDS == tuple(f.name for f in fields(TimeRef))[1:]
    doc = doc_a(make_doc)
    (first, *_) = doc.times
    anchored = replace(first, value="2024-05-06", anchor="published")
    kb.ingest(replace(doc, times=(anchored, *doc.times[1:])))
    stored = Reads(kb.engine).document("a")["times"]
    assert stored == [t.to_dict() for t in (anchored, *doc.times[1:])]
