"""Corrections of event reports through the API: the write token, the answers, and what the
other endpoints show afterwards (no model: documents are built by hand)."""

from __future__ import annotations

from storyline.api.app import create_app
from storyline.config import Settings
from storyline.kb import KnowledgeBase
from tests.conftest import API_TOKEN, make_client

TOWN = (14.35, 1.45, "NE")
TEXT = "Gunmen attacked the garrison at Tillaberi on Monday, the ministry said."


def _app(tmp_path, make_doc):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    kb = KnowledgeBase(url, create=True)
    doc = make_doc("report/1", TEXT, [("Tillaberi", "GPE", TOWN)], [dict(place="Tillaberi")])
    kb.ingest(doc)
    return create_app(Settings(db=url, api_token=API_TOKEN)), kb, doc


def test_api_event_corrections_need_the_token(tmp_path, make_doc):
    app, _, _ = _app(tmp_path, make_doc)
    with make_client(app, token=False) as c:
        refused = c.post("/api/documents/report%2F1/events/v1/reject")
        assert refused.status_code == 401 and refused.json()["code"] == "E508"
        assert len(c.get("/api/timeline").json()) == 1


def test_api_event_retype_then_reject(tmp_path, make_doc):
    app, kb, doc = _app(tmp_path, make_doc)
    with make_client(app) as c:
        done = c.post(
            "/api/documents/report/1/events/v1/retype",
            json={"type": "Violence against civilians", "subtype": "Attack"},
        )
        assert done.status_code == 200, done.text
        assert done.json()["was_type"] == "Battles"
        (event,) = c.get("/api/timeline").json()
        assert (event["type"], event["subtype"]) == ("Violence against civilians", "Attack")
        assert c.get("/api/documents/report/1").json()["events"][0]["type"] == event["type"]

        bad = c.post("/api/documents/report/1/events/v1/retype", json={"type": "Picnic"})
        assert bad.status_code == 400 and bad.json()["code"] == "E414"
        missing = c.post("/api/documents/report/1/events/v7/reject")
        assert missing.status_code == 404 and missing.json()["code"] == "E415"

        assert c.post("/api/documents/report/1/events/v1/reject").status_code == 200
        assert c.get("/api/timeline").json() == []
        assert c.get("/api/documents/report/1").json()["events"] == []
        kept = c.get("/api/documents/report/1/corrections").json()
        assert [(k["action"], k["was_type"]) for k in kept] == [("reject", "Battles")]
    # the same article stored again (batch output read back, say) stays corrected
    kb.ingest(
        make_doc(
            "report/1",
            TEXT + " More later.",
            [("Tillaberi", "GPE", TOWN)],
            [dict(place="Tillaberi")],
        )
    )
    assert kb.stats()["events"] == 0
