"""A real browser over ``storyline serve``: Debian's Chromium driven by Playwright.

The server runs as the CLI runs it (a subprocess on a free localhost port) over the
knowledge base the other tests filled. Skipped when ``/usr/bin/chromium`` is missing
(``.ci/run`` installs it); Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serving(url: str, log: Path, token: str | None = None) -> Iterator[str]:
    """``storyline serve`` over ``url`` in a subprocess (with a write token if given);
    yields its base URL."""
    import httpx

    port = _free_port()
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env.pop("STORYLINE_API_TOKEN", None)
    if token:
        env["STORYLINE_API_TOKEN"] = token
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "storyline", "serve", "--db", url, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"storyline serve exited: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"storyline serve did not start: {log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(served_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``storyline serve`` (read-only: no write token) over the knowledge base the API
    tests filled through the pipeline."""
    with _serving(served_url, tmp_path_factory.mktemp("serve-log") / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors  # a test that expects a refusal takes its own entry out
    yield page
    context.close()
    assert errors == [], errors


SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
"""Where the browser tests leave a 1280-px-wide screenshot of every page, for a person."""


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    _png(path)
    return path


def _png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 5000


def test_browser_document_page_highlights_and_shows_speaker(page, tmp_path):
    page.goto("/documents/ledger-1")
    assert page.locator("#text .ent").count() > 0
    assert page.locator("#text .ent-PERSON").count() > 0
    assert page.locator("#text .tm").count() > 0
    quote = page.locator("#text .q[data-speaker*='Traore']").first
    popup = page.locator("#popup")
    assert popup.is_hidden()
    quote.hover()
    popup.wait_for(state="visible", timeout=5000)
    assert "Traore" in popup.locator(".popup-speaker").inner_text()
    quote.click()
    qid = quote.get_attribute("data-quote")
    assert "active" in (page.locator(f"#quote-{qid}").get_attribute("class") or "")
    _shot(page, "document.png")


def test_browser_map_has_points(page, tmp_path):
    page.goto("/map")
    svg = page.locator("svg#worldmap")
    assert svg.is_visible()
    assert page.locator("#worldmap circle.pt").count() > 0
    assert page.locator("#worldmap .graticule line").count() > 10
    box = svg.bounding_box()
    assert box and box["width"] > 500
    # points can overlap (a town inside its country's dot) or be drawn as one cluster:
    # hover a visible point or cluster that is on top
    points = page.locator("#worldmap circle.pt:visible, #worldmap circle.cluster")
    for i in range(points.count() - 1, -1, -1):
        try:
            points.nth(i).hover(timeout=2000)
            break
        except Exception:  # noqa: BLE001 - covered by another point; try the next
            continue
    assert (
        "document" in page.locator("#maptip").inner_text()
        or "report" in page.locator("#maptip").inner_text()
    )
    _shot(page, "map.png")


@pytest.mark.parametrize(
    "path", ["/", "/entities/Amadou%20Traore", "/timeline", "/sources", "/api/docs"]
)
def test_browser_pages_load_without_errors(page, path, tmp_path):
    response = page.goto(path)
    assert response is not None and response.status == 200
    if not path.startswith("/api"):
        assert page.locator("header.top nav a").count() == 5
    else:  # Swagger UI draws itself from the package's script: wait for it
        page.locator(".swagger-ui .info .title").wait_for(timeout=20000)
        assert "storyline" in page.locator(".swagger-ui .info .title").inner_text()
    name = path.strip("/").split("/")[0] or "index"
    _shot(page, f"{name}.png")


def test_browser_map_zooms_and_clusters(page, tmp_path):
    page.goto("/map?whole=1")  # the whole world: nearby towns share one cluster
    svg = page.locator("svg#worldmap")
    before = svg.get_attribute("viewBox")
    assert page.locator("#worldmap .cluster").count() > 0
    clustered = int(page.locator("#worldmap .cluster-count").first.text_content() or 0)
    assert clustered > 1
    page.locator("[data-zoom-step='2']").click()
    page.locator("[data-zoom-step='2']").click()
    assert svg.get_attribute("viewBox") != before
    assert float(svg.get_attribute("data-zoom") or 0) == 4.0
    box = svg.bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    assert float(svg.get_attribute("data-zoom") or 0) > 4.0
    page.locator("[data-zoom-step='reset']").click()

    def numbers(box):
        return [float(v) for v in (box or "").split()]

    assert numbers(svg.get_attribute("viewBox")) == numbers(before)
    _shot(page, "map-world-clusters.png")


def test_browser_entity_page_sends_corrections_with_the_token(page):
    # the test server runs without a write token: the page must say it refused the merge
    page.goto("/entities/Amadou%20Traore")
    page.fill("#write-token", "some-token")
    page.fill("#merge-form input[name=other]", "United Nations")
    page.click("#merge-form button")
    result = page.locator("#correction-result")
    result.wait_for(state="visible")
    page.wait_for_function("document.getElementById('correction-result').textContent.length > 0")
    assert "E509" in result.inner_text() or "read-only" in result.inner_text()
    assert page.evaluate("sessionStorage.getItem('storyline-token')") == "some-token"
    page.console_errors[:] = [e for e in page.console_errors if "403 (Forbidden)" not in e]
    _shot(page, "entity-corrections.png")


WRITE_TOKEN = "browser-write-token"
CLASH = "Gunmen attacked the garrison at Tillaberi on Monday, the ministry said."
SPEECH = "The minister attacked the budget in a speech at Tillaberi on Monday."


@pytest.fixture
def writable(tmp_path, make_doc) -> Iterator[str]:
    """``storyline serve`` with a write token over its own small knowledge base: two
    reports of one event at Tillaberi, one of them a figure of speech."""
    from storyline.kb import KnowledgeBase

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    kb = KnowledgeBase(url, create=True)
    town = [("Tillaberi", "GPE", (14.21, 1.45, "NE"))]
    for key, text in (("clash", CLASH), ("speech", SPEECH)):
        kb.ingest(make_doc(key, text, town, [dict(place="Tillaberi", date="2024-05-06")]))
    kb.engine.dispose()
    with _serving(url, tmp_path / "serve.log", token=WRITE_TOKEN) as base:
        yield base


def test_browser_document_page_corrects_events_with_the_token(browser, writable):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=writable)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto("/timeline")
        assert "2 reports" in page.locator("main").inner_text()
        page.goto("/documents/speech")
        page.fill("#write-token", WRITE_TOKEN)
        form = page.locator("form.event-fix[data-event='v1']")
        form.locator("select").select_option("Strategic developments|Other")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        corrected = page.locator("ul.corrected li")
        assert corrected.count() == 1
        assert "Strategic developments / Other" in corrected.inner_text()
        assert "was Battles / Armed clash" in corrected.inner_text()
        # the token is kept for the tab: the next correction needs no typing
        assert page.input_value("#write-token") == WRITE_TOKEN
        _shot(page, "document-event-corrections.png")
        with page.expect_navigation():
            page.locator("form.event-fix[data-event='v1'] button.reject").click()
        assert page.locator("form.event-fix").count() == 0
        assert "not an event" in page.locator("ul.corrected").inner_text()
        page.goto("/timeline")
        shown = page.locator("main").inner_text()
        assert "in a speech" not in shown and "1 report," in shown and "garrison" in shown
        _shot(page, "timeline-after-correction.png")
    finally:
        context.close()
    assert errors == [], errors
