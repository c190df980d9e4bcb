"""Every endpoint of the JSON API over a knowledge base filled through the real pipeline
(``served``: two invented reports posted to ``/api/documents``)."""

from __future__ import annotations

import pytest

from tests.conftest import SERVE_ARTICLES

pytestmark = pytest.mark.model

CONTRACT_KEYS = {"schema", "document", "entities", "quotes", "times", "events", "conflicts"}


def test_api_analyze_returns_the_contract_document(served):
    response = served.post(
        "/api/analyze",
        json={"id": "probe", "text": SERVE_ARTICLES[0]["text"], "published": "2024-03-05"},
    )
    assert response.status_code == 200, response.text
    doc = response.json()
    assert set(doc) >= CONTRACT_KEYS
    assert doc["schema"] == "storyline/1"
    assert doc["document"]["id"] == "probe"
    assert doc["document"]["published"] == "2024-03-05"
    assert doc["document"]["text"] == SERVE_ARTICLES[0]["text"]
    text = doc["document"]["text"]
    for q in doc["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    speakers = {q["speaker"]["name"] for q in doc["quotes"] if q["speaker"]}
    assert any("Traore" in s for s in speakers)


def test_api_analyze_stores_nothing(served):
    before = served.get("/api/stats").json()["documents"]
    served.post("/api/analyze", json={"text": "Protesters marched in Niamey on Friday."})
    assert served.get("/api/stats").json()["documents"] == before


def test_api_analyze_reads_html(served):
    html = (
        "<html><head><title>Port closed</title></head><body><nav>Home | World</nav><article>"
        "<h1>Port closed</h1><p>Dock workers went on strike in Dakar on Thursday, the union "
        "said. &quot;We will not return until wages rise,&quot; said Ousmane Ndiaye, the "
        "union's leader.</p></article></body></html>"
    )
    response = served.post("/api/analyze", json={"html": html, "published": "2024-04-04"})
    assert response.status_code == 200, response.text
    doc = response.json()
    assert "Dock workers" in doc["document"]["text"]
    assert "Home | World" not in doc["document"]["text"]
    assert doc["document"]["id"].startswith("doc-")


def test_api_documents_post_is_idempotent(served):
    first = SERVE_ARTICLES[0]
    response = served.post("/api/documents", json=first)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "unchanged"
    assert body["document"] == first["id"]


def test_api_documents_post_adds_then_replaces(served):
    article = {
        "id": "brief-1",
        "text": "Police arrested 3 people in Mopti on Sunday.",
        "published": "2024-03-10",
    }
    added = served.post("/api/documents", json=article)
    assert added.status_code == 201 and added.json()["status"] == "added"
    assert set(added.json()["analysis"]) >= CONTRACT_KEYS
    edited = served.post("/api/documents", json={**article, "text": article["text"] + " Two fled."})
    assert edited.status_code == 200 and edited.json()["status"] == "replaced"
    assert "Two fled." in served.get("/api/documents/brief-1").json()["document"]["text"]


def test_api_documents_get_has_the_analysis_for_highlighting(served):
    response = served.get("/api/documents/ledger-1")
    assert response.status_code == 200
    doc = response.json()
    assert set(doc) >= CONTRACT_KEYS
    assert doc["document"]["source"] == "The Daily Ledger"
    text = doc["document"]["text"]
    assert text == SERVE_ARTICLES[0]["text"]
    assert doc["entities"] and doc["quotes"] and doc["times"]
    for e in doc["entities"]:
        assert e["kb_name"]
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    ids = {e["id"] for e in doc["entities"]}
    for q in doc["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
        assert set(q["via"]) <= ids
        if q["speaker"] and q["speaker"]["entity"]:
            assert q["speaker"]["entity"] in ids
    for t in doc["times"]:
        assert text[t["start"] : t["end"]] == t["text"]


def test_api_documents_list_newest_first(served):
    docs = served.get("/api/documents?limit=50").json()
    keys = [d["document"] for d in docs]
    assert {"ledger-1", "wire-1"} <= set(keys)
    published = [d["published"] for d in docs if d["published"]]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize(
    ("q", "expected"),
    [("Timbuktu", {"ledger-1", "wire-1"}), ("reinforcements", {"wire-1"}), ("dawn", {"ledger-1"})],
)
def test_api_search_finds_words(served, q, expected):
    hits = served.get("/api/search", params={"q": q}).json()
    assert {h["document"] for h in hits} == expected
    assert all("[" in h["snippet"] for h in hits)


def test_api_search_no_match_is_empty_list(served):
    assert served.get("/api/search?q=zeppelin").json() == []


@pytest.mark.parametrize("name", ["Amadou Traore", "Traore", "amadou traore"])
def test_api_entities_by_any_name(served, name):
    page = served.get(f"/api/entities/{name}").json()
    assert page["name"] == "Amadou Traore"
    assert page["label"] == "PERSON"
    assert {"aliases", "mentions", "quotes_by", "quotes_about", "events"} <= set(page)
    assert any(m["document"] == "ledger-1" for m in page["mentions"])


def test_api_timeline_orders_events_with_sources(served):
    events = served.get("/api/timeline").json()
    assert events
    dates = [e["date"]["earliest"] or "9999" for e in events]
    assert dates == sorted(dates)
    for e in events:
        assert e["reports"] and all(r["document"] for r in e["reports"])


def test_api_timeline_filters(served):
    everything = served.get("/api/timeline").json()
    late = served.get("/api/timeline", params={"from": "2030-01-01"}).json()
    assert late == []
    early = served.get("/api/timeline", params={"to": "2000-01-01"}).json()
    assert early == []
    by_person = served.get("/api/timeline", params={"entity": "Amadou Traore"}).json()
    assert len(by_person) <= len(everything)


def test_api_places_are_geocoded(served):
    places = served.get("/api/places").json()
    names = {p["name"] for p in places}
    assert "Bamako" in names
    for p in places:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180


def test_api_events_geojson(served):
    response = served.get("/api/events.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in body["features"]}
    assert kinds <= {"event"}  # events only: places have their own endpoint
    for f in body["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_api_stats_counts(served):
    stats = served.get("/api/stats").json()
    assert stats["documents"] >= 2
    assert stats["quotes"] >= 3
    assert stats["entities"] >= 4


def test_api_health(served):
    health = served.get("/api/health").json()
    assert health["ok"] is True
    assert health["database"] == "sqlite"
    assert health["documents"] >= 2
