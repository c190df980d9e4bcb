"""The guard: security headers everywhere, writes behind the token, Host checked, bodies
capped before they are read."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from storyline.api.app import create_app
from storyline.api.guard import host_name, is_loopback
from storyline.cli import app as cli
from storyline.config import Settings
from tests.conftest import API_TOKEN, make_client

ARTICLE = {"id": "g1", "text": "Rebels attacked a base near Port Elan on Monday."}


def client(tmp_path, remote=False, token=True, **settings):
    app = create_app(Settings(db=f"sqlite:///{tmp_path / 'kb.db'}", **settings))
    return make_client(app, remote=remote, token=token)


@pytest.mark.parametrize("path", ["/", "/timeline", "/api/stats", "/static/style.css", "/nope"])
def test_guard_sets_security_headers_on_pages_api_and_static(tmp_path, path):
    with client(tmp_path) as c:
        response = c.get(path, headers={"accept": "text/html"})
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_guard_refuses_writes_on_a_read_only_server(tmp_path):
    with client(tmp_path) as c:
        response = c.post("/api/documents", json=ARTICLE)
    assert response.status_code == 403
    assert response.json() == {
        "ok": False,
        "error": response.json()["error"],
        "code": "E509",
        "status": 403,
    }
    assert "STORYLINE_API_TOKEN" in response.json()["error"]


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", API_TOKEN, "Basic " + API_TOKEN])
def test_guard_writes_need_the_exact_token(tmp_path, header):
    with client(tmp_path, token=False, api_token=API_TOKEN) as c:
        headers = {"authorization": header} if header else {}
        response = c.post("/api/documents", json=ARTICLE, headers=headers)
    assert response.status_code == 401 and response.json()["code"] == "E508"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_guard_analyze_needs_the_token_beyond_loopback(tmp_path):
    with client(tmp_path, remote=True, token=False, api_token=API_TOKEN) as c:
        response = c.post("/api/analyze", json=ARTICLE)
    assert response.status_code == 401 and response.json()["code"] == "E508"


@pytest.mark.model
def test_guard_lets_loopback_analyze_and_the_token_store(tmp_path):
    with client(tmp_path, token=False, api_token=API_TOKEN) as c:
        assert c.post("/api/analyze", json=ARTICLE).status_code == 200
        stored = c.post(
            "/api/documents", json=ARTICLE, headers={"authorization": f"Bearer {API_TOKEN}"}
        )
        assert stored.status_code == 201, stored.text
    with client(tmp_path, remote=True, api_token=API_TOKEN) as c:
        assert c.post("/api/analyze", json=ARTICLE).status_code == 200


@pytest.mark.parametrize(
    ("host", "allowed", "status"),
    [
        ("localhost:8000", "", 200),
        ("127.0.0.1:8000", "", 200),
        ("[::1]:8000", "", 200),
        ("evil.example", "", 400),
        ("attacker.example:8000", "news.example.org", 400),
        ("news.example.org", "news.example.org, 10.1.2.3", 200),
    ],
)
def test_guard_checks_the_host_header(tmp_path, host, allowed, status):
    with client(tmp_path, allowed_hosts=allowed) as c:
        response = c.get("/api/stats", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert response.json()["code"] == "E510"


def test_guard_refuses_big_bodies_by_length_and_while_streaming(tmp_path):
    big = json.dumps({"text": "x" * 5000}).encode()
    with client(tmp_path, api_token=API_TOKEN, max_request_bytes=1000) as c:
        stated = c.post("/api/analyze", content=big, headers={"content-type": "application/json"})
        assert stated.status_code == 413 and stated.json()["code"] == "E511"

        def chunks():
            for i in range(0, len(big), 256):
                yield big[i : i + 256]

        streamed = c.post(
            "/api/analyze", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413 and streamed.json()["code"] == "E511"


@pytest.mark.parametrize(
    ("value", "name"),
    [("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("::1", "::1"), ("a.b", "a.b")],
)
def test_guard_host_name(value, name):
    assert host_name(value) == name


def test_guard_loopback_names():
    assert all(map(is_loopback, ["localhost", "127.0.0.1", "127.9.9.9", "::1", "[::1]"]))
    assert not any(map(is_loopback, ["0.0.0.0", "10.0.0.1", "example.org", ""]))


def test_serve_refuses_to_listen_beyond_loopback_without_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("STORYLINE_API_TOKEN", raising=False)
    result = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--db", f"sqlite:///{tmp_path / 'kb.db'}"]
    )
    assert result.exit_code != 0
    assert "E512" in str(result.exception) or "E512" in result.output


def _csp_allows(csp: str, directive: str, url: str) -> bool:
    sources = next(
        (d.split()[1:] for d in csp.split(";") if d.split()[:1] == [directive]),
        next(d.split()[1:] for d in csp.split(";") if d.split()[:1] == ["default-src"]),
    )
    if url.startswith("/") and not url.startswith("//"):
        return "'self'" in sources
    return any(s.endswith("/") and url.startswith(s) or url == s for s in sources)


def test_guard_docs_page_may_load_what_it_names(tmp_path):
    # every script, style sheet and icon the OpenAPI page names must pass its own CSP,
    # or the page stays blank in a browser
    with client(tmp_path) as c:
        response = c.get("/api/docs")
    csp = response.headers["content-security-policy"]
    html = response.text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    styles += re.findall(r'<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html)
    icons = re.findall(r'<link[^>]*rel="(?:shortcut )?icon"[^>]*href="([^"]+)"', html)
    assert scripts and styles
    for directive, urls in [("script-src", scripts), ("style-src", styles), ("img-src", icons)]:
        for url in urls:
            assert _csp_allows(csp, directive, url), (directive, url)


@pytest.mark.parametrize(
    ("listen", "given", "expected"),
    [
        ("10.1.2.3", "", "10.1.2.3"),
        ("10.1.2.3", "news.example.org", "news.example.org,10.1.2.3"),
        ("0.0.0.0", "news.example.org", "news.example.org"),
        ("::", "", ""),
        ("127.0.0.1", "", ""),
    ],
)
def test_serve_answers_to_the_address_it_listens_on(tmp_path, monkeypatch, listen, given, expected):
    import uvicorn

    seen = {}
    configured = Settings(api_token=API_TOKEN, allowed_hosts=given)
    monkeypatch.setattr("storyline.config.get_settings", lambda: configured)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(
        cli, ["serve", "--host", listen, "--db", f"sqlite:///{tmp_path / 'kb.db'}"]
    )
    assert result.exit_code == 0, result.output
    assert seen["app"].state.settings.allowed_hosts == expected
    if expected:
        with make_client(seen["app"]) as c:
            response = c.get("/api/stats", headers={"host": f"{expected.split(',')[-1]}:8000"})
        assert response.status_code == 200


def test_api_docs_page_works_offline(tmp_path):
    import re

    with client(tmp_path) as c:
        page = c.get("/api/docs")
        assert page.status_code == 200
        assert "cdn" not in page.text and "unpkg" not in page.text
        assets = re.findall(r"""(?:src|href)=["']?([^"' >]+)""", page.text)
        assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
        for asset in assets:
            assert asset.startswith("/"), asset  # nothing from another host
            assert c.get(asset).status_code == 200, asset
        assert "'unsafe-inline'" in page.headers["content-security-policy"]


def _kb_with_two_names(tmp_path, make_doc):
    from storyline.kb import KnowledgeBase

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    kb = KnowledgeBase(url, create=True)
    kb.ingest(make_doc("a", "Issa Garba spoke in Niamey.", [("Issa Garba", "PERSON", None)], []))
    kb.ingest(make_doc("b", "I. Garba spoke again.", [("I. Garba", "PERSON", None)], []))
    return url


def test_entity_corrections_through_the_api_need_the_token(tmp_path, make_doc):
    url = _kb_with_two_names(tmp_path, make_doc)
    app = create_app(Settings(db=url, api_token=API_TOKEN))
    with make_client(app, token=False) as c:
        refused = c.post("/api/entities/Issa Garba/merge", json={"other": "I. Garba"})
        assert refused.status_code == 401 and refused.json()["code"] == "E508"
    with make_client(app) as c:
        done = c.post("/api/entities/Issa Garba/merge", json={"other": "I. Garba"})
        assert done.status_code == 200, done.text
        names = {a["name"] for a in c.get("/api/entities/Issa Garba").json()["aliases"]}
        assert "I. Garba" in names
        split = c.post("/api/entities/Issa Garba/split", json={"aliases": ["I. Garba"]})
        assert split.status_code == 200, split.text
        names = {a["name"] for a in c.get("/api/entities/Issa Garba").json()["aliases"]}
        assert "I. Garba" not in names
        missing = c.post("/api/entities/Nobody/merge", json={"other": "I. Garba"})
        assert missing.status_code == 404 and missing.json()["code"] == "E402"
