"""The API's lists page (``limit``, ``offset``, ``X-Total-Count``) and filter by place."""

from __future__ import annotations

import pytest

from storyline.kb import KnowledgeBase
from tests.conftest import make_client
from tests.store.test_pages import _reports


@pytest.fixture(scope="module")
def client(tmp_path_factory, make_doc):
    from storyline.site import create_site

    url = f"sqlite:///{tmp_path_factory.mktemp('paging') / 'kb.db'}"
    kb = KnowledgeBase(url, create=True)
    kb.ingest_many(_reports(make_doc, 12))
    with make_client(create_site(kb=kb)) as c:
        yield c


def test_api_timeline_pages_with_a_total(client):
    whole = client.get("/api/timeline")
    assert whole.headers["X-Total-Count"] == "12"
    page = client.get("/api/timeline", params={"limit": 5, "offset": 10})
    assert page.status_code == 200
    assert page.headers["X-Total-Count"] == "12"
    assert [e["id"] for e in page.json()] == [e["id"] for e in whole.json()[10:]]
    gao = client.get("/api/timeline", params={"place": "Gao", "limit": 1})
    assert gao.headers["X-Total-Count"] == "4" and len(gao.json()) == 1
    assert client.get("/api/timeline", params={"offset": -1}).status_code == 422


def test_api_places_filter_and_page(client):
    mali = client.get("/api/places", params={"country": "ML"})
    assert mali.headers["X-Total-Count"] == "2"
    assert {p["name"] for p in mali.json()} == {"Gao", "Mopti"}
    page = client.get("/api/places", params={"limit": 1, "offset": 1})
    assert page.headers["X-Total-Count"] == "3" and len(page.json()) == 1
    assert [p["name"] for p in client.get("/api/places", params={"name": "ti"}).json()] == [
        "Tillaberi"
    ]


def test_api_search_pages(client):
    page = client.get("/api/search", params={"q": "market", "limit": 5, "offset": 5})
    assert page.headers["X-Total-Count"] == "12" and len(page.json()) == 5
    rest = client.get("/api/search", params={"q": "market", "limit": 5, "offset": 10}).json()
    assert len(rest) == 2
    assert not {h["document"] for h in rest} & {h["document"] for h in page.json()}


def test_api_entity_mentions_offset(client):
    page = client.get("/api/entities/Tillaberi", params={"mentions_offset": 11}).json()
    assert page["documents"] == 12 and len(page["mentions"]) == 1
