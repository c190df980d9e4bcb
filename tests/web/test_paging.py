"""The pages of long lists: timeline, map table, search and entity mentions link to the
previous and next pages with their filters; the map filters by date and country; the
source graph keeps to the outlets and sources most quotes pass through."""

from __future__ import annotations

import re

import pytest

from storyline.kb import KnowledgeBase
from storyline.store.reads.sources import OTHER_OUTLETS
from storyline.web import views
from tests.conftest import make_client
from tests.store.test_pages import _reports

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory, make_doc):
    from storyline.site import create_site

    url = f"sqlite:///{tmp_path_factory.mktemp('webpaging') / 'kb.db'}"
    kb = KnowledgeBase(url, create=True)
    kb.ingest_many(_reports(make_doc, 12))
    with make_client(create_site(kb=kb)) as c:
        yield c


def _links(html: str, rel: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(rf'rel="{rel}" href="([^"]+)"', html)]


def test_timeline_pages_keep_their_filters(client, monkeypatch):
    monkeypatch.setattr(views, "TIMELINE_PAGE", 5)
    first = client.get("/timeline", params={"from": "2024-05-01"}, headers=HTML).text
    assert "1–5 of 12 events" in first
    assert first.count('class="tl-event') == 5
    assert _links(first, "next")[0] == "/timeline?from=2024-05-01&offset=5"
    assert _links(first, "prev") == []
    last = client.get("/timeline?from=2024-05-01&offset=10", headers=HTML).text
    assert "11–12 of 12 events" in last and last.count('class="tl-event') == 2
    assert _links(last, "prev")[0] == "/timeline?from=2024-05-01&offset=5"
    assert _links(last, "next") == []


def test_map_filters_by_country_and_date_and_pages_its_table(client, monkeypatch):
    monkeypatch.setattr(views, "PLACES_PAGE", 2)
    page = client.get("/map", headers=HTML).text
    assert "1–2 of 3 places" in page and _links(page, "next")[0] == "/map?offset=2"
    mali = client.get("/map", params={"country": "ml"}, headers=HTML).text
    assert "Tillaberi</a></td>" not in mali and "Gao</a></td>" in mali
    assert "8 located events" in mali
    week = client.get("/map", params={"from": "2024-05-01", "to": "2024-05-03"}, headers=HTML)
    assert "3 located events" in week.text
    assert client.get("/map", params={"from": "soon"}, headers=HTML).status_code == 400


def test_search_results_page(client, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_PAGE", 5)
    page = client.get("/", params={"q": "market"}, headers=HTML).text
    assert "12 results" in page and page.count('class="snippet"') == 5
    assert _links(page, "next")[0] == "/?q=market&offset=5"


def test_entity_mentions_page(client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_LIMIT", 5)
    page = client.get("/entities/Tillaberi", params={"offset": 10}, headers=HTML).text
    assert "11–12 of 12 articles" in page
    assert _links(page, "prev")[0] == "/entities/Tillaberi?offset=5"


def test_sources_page_counts_every_quote(client, monkeypatch):
    page = client.get("/sources", headers=HTML).text
    assert "12 quotes" in page and "Amina Sow" in page and OTHER_OUTLETS not in page
    monkeypatch.setattr(views, "OUTLETS_DRAWN", 5)
    page = client.get("/sources", headers=HTML).text
    assert f"{OTHER_OUTLETS} (7)" in page and page.count('class="node outlet"') == 6
