"""Every error of the API has one JSON shape: ``{"ok": false, "error", "code", "status"}``
(like datasette's tests/test_error_shape.py). None of these needs the model: bodies are
validated before anything is analysed."""

from __future__ import annotations

import re

import pytest

from storyline.api.errors import error_body

SHAPE = {"ok", "error", "code", "status"}


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    assert body["ok"] is False
    assert body["status"] == status
    assert body["code"] == code
    assert re.fullmatch(r"E\d{3}", body["code"])
    assert body["error"].startswith(f"[{code}]")
    return body


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("get", "/api/entities/Nobody%20Known", {}, 404, "E402"),
        ("get", "/api/documents/no-such-doc", {}, 404, "E404"),
        ("get", "/api/timeline?entity=Nobody%20Known", {}, 404, "E402"),
        ("get", "/api/timeline?from=yesterday", {}, 422, "E503"),
        ("get", "/api/search", {}, 422, "E503"),
        ("get", "/api/search?q=", {}, 422, "E503"),
        ("get", "/api/search?q=x&limit=0", {}, 422, "E503"),
        ("post", "/api/analyze", {"json": {}}, 422, "E503"),
        ("post", "/api/analyze", {"json": {"text": "   "}}, 422, "E503"),
        ("post", "/api/analyze", {"json": {"text": "a", "html": "<p>b</p>"}}, 422, "E503"),
        ("post", "/api/analyze", {"json": {"text": "Hi.", "published": "soon"}}, 422, "E503"),
        ("post", "/api/analyze", {"json": {"text": "Hi.", "colour": "red"}}, 422, "E503"),
        ("post", "/api/analyze", {"json": ["text"]}, 422, "E503"),
        (
            "post",
            "/api/analyze",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "E507",
        ),
        ("post", "/api/documents", {"json": {"title": "no text"}}, 422, "E503"),
        ("get", "/api/no-such-endpoint", {}, 404, "E504"),
        ("delete", "/api/stats", {}, 405, "E505"),
        ("get", "/api/analyze", {}, 405, "E505"),
    ],
)
def test_error_shape_every_error(empty_client, method, path, kwargs, status, code):
    response = getattr(empty_client, method)(path, **kwargs)
    assert_error_shape(response, status, code)


def test_error_shape_validation_names_the_field(empty_client):
    body = empty_client.post("/api/analyze", json={"text": "Hi.", "published": "soon"}).json()
    assert "published" in body["error"]


def test_error_shape_oversized_text_is_ingest_error(tmp_path):
    from storyline.api.app import create_app
    from storyline.config import Settings
    from tests.conftest import make_client

    settings = Settings(db=f"sqlite:///{tmp_path / 'kb.db'}", max_bytes=10)
    with make_client(create_app(settings)) as client:
        response = client.post("/api/analyze", json={"text": "far more than ten bytes"})
    assert_error_shape(response, 400, "E105")


def test_error_shape_unexpected_error_is_e506(empty_client, monkeypatch):
    from storyline.kb import KnowledgeBase

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(KnowledgeBase, "stats", broken)
    body = assert_error_shape(empty_client.get("/api/stats"), 500, "E506")
    assert "disk on fire" not in body["error"]


def test_error_shape_html_pages_get_an_html_error(empty_client):
    response = empty_client.get("/entities/Nobody%20Known", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "E402" in response.text
    assert "Nobody Known" in response.text


def test_error_shape_pages_asked_as_json_get_the_json_shape(empty_client):
    response = empty_client.get("/entities/Nobody%20Known", headers={"accept": "application/json"})
    assert_error_shape(response, 404, "E402")


def test_error_shape_body_helper():
    assert error_body("[E402] x", "E402", 404) == {
        "ok": False,
        "error": "[E402] x",
        "code": "E402",
        "status": 404,
    }


def test_error_shape_openapi_documents_the_error_model(empty_client):
    schema = empty_client.get("/api/openapi.json").json()
    assert "ErrorPublic" in schema["components"]["schemas"]
    assert set(schema["components"]["schemas"]["ErrorPublic"]["properties"]) == SHAPE
