"""Reads a page at a time: the timeline, places, search and entity mentions page with a
total, filter by date and place; the quotes' chains are counted in the store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.kb import KnowledgeBase
from storyline.records import Quote, Speaker
from storyline.store.reads import Page, Reads
from storyline.store.reads.records import CountedChain, SourceStep
from storyline.store.reads.sources import OTHER_OUTLETS, OTHER_SOURCES

TOWNS = [
    ("Tillaberi", (14.2, 1.45, "NE")),
    ("Gao", (16.27, -0.04, "ML")),
    ("Mopti", (14.5, -4.2, "ML")),
]


def _reports(make_doc, n: int) -> list:
    """``n`` reports of attacks, one a day from 2024-05-01, over three towns in turn; the
    first town is named in every report."""
    docs = []
    for i in range(n):
        town, where = TOWNS[i % 3]
        day = f"2024-05-{i + 1:02d}"
        text = (
            f"Gunmen attacked the market of {town} on day {i}. "
            f"Residents of Tillaberi fled; Amina Sow said the road was cut."
        )
        names = [(town, "GPE", where)]
        if town != "Tillaberi":
            names.append(("Tillaberi", "GPE", TOWNS[0][1]))
        names.append(("Amina Sow", "PERSON", None))
        doc = make_doc(f"r{i:02d}", text, names, [dict(place=town, date=day)], published=day)
        start = text.index("the road")
        speaker = Speaker(f"e{len(names)}", "Amina Sow", "Amina Sow")
        quote = Quote("q1", "indirect", start, start + 16, "the road was cut", speaker)
        docs.append(replace(doc, quotes=(quote,)))
    return docs


@pytest.fixture
def kb(db_url: str, make_doc) -> KnowledgeBase:
    kb = KnowledgeBase(db_url, create=True)
    kb.ingest_many(_reports(make_doc, 12))
    return kb


def test_timeline_pages_cover_the_whole_in_order(kb):
    whole = kb.timeline()
    assert len(whole) == 12
    first = kb.timeline_page(limit=5)
    second = kb.timeline_page(limit=5, offset=5)
    last = kb.timeline_page(limit=5, offset=10)
    assert [p.total for p in (first, second, last)] == [12, 12, 12]
    assert [e.id for e in first.items + second.items + last.items] == [e.id for e in whole]
    assert (first.prev_offset, first.next_offset) == (None, 5)
    assert (last.prev_offset, last.next_offset, last.first, last.last) == (5, None, 11, 12)


def test_timeline_page_counts_what_the_filters_keep(kb):
    page = kb.timeline_page(place="Gao", limit=2)
    assert page.total == 4 and len(page.items) == 2
    assert {e.place.name for e in page.items} == {"Gao"}
    from datetime import date

    dated = kb.timeline_page(start=date(2024, 5, 3), end=date(2024, 5, 6), limit=50)
    assert dated.total == 4
    assert [e.date.earliest for e in dated.items] == [f"2024-05-0{d}" for d in (3, 4, 5, 6)]


def test_places_filter_by_country_and_name_and_page(kb):
    assert kb.places_count() == 3
    assert {p.name for p in kb.places(country="ml")} == {"Gao", "Mopti"}
    assert [p.name for p in kb.places(name="mo")] == ["Mopti"]
    page = kb.places_page(limit=2)
    assert page.total == 3 and page.next_offset == 2
    # most mentioned first: Tillaberi is named in every report
    assert page.items[0].name == "Tillaberi" and page.items[0].documents == 12
    assert [p.name for p in kb.places_page(limit=2, offset=2).items] == ["Mopti"]


def test_located_events_filter_by_date_and_country(kb):
    from datetime import date

    located = kb.located_events()
    assert len(located) == 12 and all(e.place.lat is not None for e in located)
    in_mali = kb.located_events(country="ML")
    assert len(in_mali) == 8 and {e.place.country for e in in_mali} == {"ML"}
    week = kb.located_events(start=date(2024, 5, 1), end=date(2024, 5, 7), limit=3)
    assert len(week) == 3
    assert all("2024-05-01" <= e.date.earliest <= "2024-05-07" for e in week)


def test_search_pages_with_a_total(kb):
    whole = kb.search("gunmen market", limit=100)
    assert len(whole) == 12
    page = kb.search_page("gunmen market", limit=5, offset=10)
    assert page.total == 12 and len(page.items) == 2
    assert [h.document for h in page.items] == [h.document for h in whole[10:]]
    assert kb.search_page("zeppelin").total == 0


def test_entity_mentions_page_from_an_offset(kb):
    page = kb.entity("Tillaberi")
    assert page.documents == 12 and len(page.mentions) == 12
    rest = kb.entity("Tillaberi", mentions_offset=10)
    assert [m.document for m in rest.mentions] == [m.document for m in page.mentions[10:]]


def test_source_counts_group_the_chains(kb):
    counted = Reads(kb.engine).source_counts()
    chains = Reads(kb.engine).source_chains()
    assert len(chains) == 12
    # every report is its own outlet (make_doc's source is the key), one speaker
    assert len(counted) == 12 and {c.quotes for c in counted} == {1}
    assert {c.speaker.name for c in counted} == {"Amina Sow"}
    assert sum(c.quotes for c in counted) == len(chains)


def test_source_counts_fold_all_but_the_most_quoted(kb):
    folded = Reads(kb.engine).source_counts(outlets=5, sources=1)
    outlets = [c.outlet for c in folded]
    assert len(outlets) == 6 and outlets[0] == OTHER_OUTLETS
    assert folded[0].quotes == 7 and sum(c.quotes for c in folded) == 12
    assert {c.speaker.name for c in folded} == {"Amina Sow"}
    none_kept = Reads(kb.engine).source_counts(outlets=0, sources=0)
    assert none_kept == [
        CountedChain(OTHER_OUTLETS, (), SourceStep(None, OTHER_SOURCES, None), False, 12)
    ]
    assert none_kept[0].to_dict() == {
        "outlet": OTHER_OUTLETS,
        "via": [],
        "speaker": {"id": None, "name": OTHER_SOURCES, "label": None},
        "anonymous": False,
        "quotes": 12,
    }


def test_page_offsets():
    page = Page(list(range(10)), 25, 10, 10)
    assert (page.prev_offset, page.next_offset, page.first, page.last) == (0, 20, 11, 20)
    assert Page([], 0, 0, 10).first == 0
    assert Page(list(range(5)), 25, 20, 10).next_offset is None


def test_source_counts_are_read_again_after_a_write(kb, make_doc):
    reads = Reads(kb.engine)
    assert sum(c.quotes for c in reads.source_counts(12, 24)) == 12
    kb.ingest_many([_reports(make_doc, 13)[12]])
    assert sum(c.quotes for c in reads.source_counts(12, 24)) == 13
