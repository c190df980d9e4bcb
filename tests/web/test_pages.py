"""Each web page renders from the filled knowledge base, escaped, with its parts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

HTML = {"accept": "text/html"}


class _Collect(HTMLParser):
    """Tags with their attributes, to check markup without a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(html)
    return parser.tags


def classes(attrs: dict[str, str | None]) -> set[str]:
    return set((attrs.get("class") or "").split())


@pytest.mark.model
@pytest.mark.parametrize(
    ("path", "needles"),
    [
        ("/", ["Recent documents", "Base attacked near Timbuktu", "documents"]),
        ("/?q=reinforcements", ["1 result", "Families flee fighting"]),
        ("/documents/ledger-1", ["Quotes", "Times", "Events", "Conflicts", "The Daily Ledger"]),
        ("/entities/Amadou%20Traore", ["Aliases", "Mentions by article", "Quotes by"]),
        ("/timeline", ["Timeline", "report"]),
        ("/timeline?entity=Amadou%20Traore&from=2024-01-01", ["Timeline"]),
        ("/map", ["<svg", "graticule", "Bamako"]),
        ("/sources", ["<svg", "The Daily Ledger", "Sahel Wire"]),
    ],
)
def test_pages_render(served, path, needles):
    response = served.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    for needle in needles:
        assert needle in response.text, needle


@pytest.mark.model
def test_pages_document_highlights_entities_quotes_times(served):
    page = served.get("/documents/ledger-1", headers=HTML).text
    spans = [a for t, a in tags(page) if t == "span" and "hl" in classes(a)]
    labels = {c for a in spans for c in classes(a) if c.startswith("ent-")}
    assert {"ent-PERSON", "ent-GPE"} <= labels
    quoted = [a for a in spans if "q" in classes(a)]
    assert quoted and all(a.get("data-quote") and a.get("data-speaker") for a in quoted)
    assert any("Traore" in (a.get("data-speaker") or "") for a in quoted)
    assert any("tm" in classes(a) for a in spans)
    assert any("speaker: " in (a.get("title") or "") for a in quoted)


@pytest.mark.model
def test_pages_document_text_is_kept_whole(served):
    from tests.conftest import SERVE_ARTICLES

    page = served.get("/documents/ledger-1", headers=HTML).text
    body = re.search(r'<div class="text" id="text">(.*?)</div>', page, re.S)
    assert body
    plain = re.sub(r"<[^>]+>", "", body.group(1))
    import html

    assert html.unescape(plain) == SERVE_ARTICLES[0]["text"]


@pytest.mark.model
def test_pages_escape_what_articles_say(served):
    text = 'The mayor of <b>Ségou</b> said "<script>alert(1)</script>" was posted on Friday.'
    served.post("/api/documents", json={"id": "x<y>", "title": "<i>t</i>", "text": text})
    page = served.get("/documents/x%3Cy%3E", headers=HTML).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<i>t</i>" not in page
    index = served.get("/", headers=HTML).text
    assert "<i>t</i>" not in index and "&lt;i&gt;t&lt;/i&gt;" in index


@pytest.mark.model
def test_pages_map_draws_points_in_the_box(served):
    page = served.get("/map", headers=HTML).text
    circles = [a for t, a in tags(page) if t == "circle"]
    assert circles
    for a in circles:
        assert 0 <= float(a["cx"] or -1) <= 1000 and 0 <= float(a["cy"] or -1) <= 500
    assert any(t == "path" for t, _ in tags(page))


@pytest.mark.model
def test_pages_sources_links_outlets_to_speakers(served):
    page = served.get("/sources", headers=HTML).text
    groups = [a for t, a in tags(page) if t == "g" and "node" in classes(a)]
    kinds = {c for a in groups for c in classes(a)} - {"node"}
    assert {"outlet", "entity"} <= kinds
    assert "reports" in page


def test_pages_unknown_page_is_an_html_404(empty_client):
    response = empty_client.get("/no/such/page", headers=HTML)
    assert response.status_code == 404
    assert "E504" in response.text


@pytest.mark.parametrize(
    "path", ["/", "/timeline", "/map", "/sources", "/static/style.css", "/static/document.js"]
)
def test_pages_render_on_an_empty_knowledge_base(empty_client, path):
    response = empty_client.get(path, headers=HTML)
    assert response.status_code == 200, response.text


def test_pages_timeline_form_sent_with_empty_fields(empty_client):
    response = empty_client.get("/timeline?entity=&place=&from=&to=", headers=HTML)
    assert response.status_code == 200


def test_pages_timeline_bad_date_is_a_400_page(empty_client):
    response = empty_client.get("/timeline?from=someday", headers=HTML)
    assert response.status_code == 400
    assert "E501" in response.text and "someday" in response.text


def test_pages_map_whole_world(empty_client):
    page = empty_client.get("/map?whole=1", headers=HTML).text
    assert 'viewBox="0.0 0.0 1000.0 500.0"' in page


def test_pages_document_lists_conflicts_and_quote_chains(tmp_path, make_doc):
    """A hand-built document (no model) with a source chain and a conflict."""
    from dataclasses import replace

    from storyline.config import Settings
    from storyline.kb import KnowledgeBase
    from storyline.records import Conflict, Quote, Speaker
    from storyline.site import create_site as create_app
    from tests.conftest import make_client

    text = (
        "Rebels attacked Tillaberi on Monday, Mariam Diallo told the Sahel Monitor. "
        "Eleven died, she said; residents said fourteen died."
    )
    doc = make_doc(
        "hand-1",
        text,
        [
            ("Tillaberi", "GPE", (14.2, 1.45, "NE")),
            ("Mariam Diallo", "PERSON", None),
            ("Sahel Monitor", "ORG", None),
        ],
        [dict(place="Tillaberi", date="2024-05-06", fatalities=11)],
    )
    start = text.index("Eleven died")
    quote = Quote(
        "q1",
        "indirect",
        start,
        start + len("Eleven died"),
        "Eleven died",
        speaker=Speaker("e2", "she", "Mariam Diallo"),
        cue="said",
        via=("e3",),
    )
    conflict = Conflict("c1", "fatalities", ("v1", "q1"), "11 or 14 dead")
    doc = replace(doc, quotes=(quote,), conflicts=(conflict,))
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    KnowledgeBase(url, create=True).ingest(doc)
    with make_client(create_app(Settings(db=url))) as client:
        page = client.get("/documents/hand-1", headers=HTML).text
        api = client.get("/api/documents/hand-1").json()
        sources = client.get("/sources", headers=HTML).text
    assert "11 or 14 dead" in page and "v1, q1" in page
    assert 'data-speaker="Mariam Diallo"' in page
    assert "via Sahel Monitor" in page
    assert api["quotes"][0]["via"] == ["e3"] and api["quotes"][0]["via_names"] == ["Sahel Monitor"]
    assert api["conflicts"][0]["items"] == ["v1", "q1"]
    assert "Sahel Monitor reports Mariam Diallo" in sources


@pytest.mark.model
@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(document.cookie)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<b>x</b>", False),
        ("https://news.example/2031/flood.html", True),
    ],
)
def test_pages_link_only_web_addresses(served, url, linked):
    doc_id = f"link-{len(url)}"
    text = f"Rain fell for {len(url)} hours in Port Elan."  # a text of its own: no duplicate
    answer = served.post("/api/documents", json={"id": doc_id, "text": text, "url": url})
    assert answer.status_code == 201, answer.text
    page = served.get(f"/documents/{doc_id}", headers=HTML).text
    hrefs = [a.get("href") or "" for t, a in tags(page) if t == "a"]
    assert (url in hrefs) is linked
    assert not any(h.lower().startswith(("javascript:", "file:", "data:")) for h in hrefs)
    if not linked:
        assert "not a web link" in page


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.news.example.org/2031/a.html", "news.example.org"),
        ("http://wire.example/x", "wire.example"),
        (None, "outlet not given"),
        ("not a url", "outlet not given"),
    ],
)
def test_source_graph_outlet_without_source_metadata(url, outlet):
    from storyline.store.reads import outlet_of

    assert outlet_of(url) == outlet


@pytest.mark.model
def test_pages_sources_draw_a_site_not_a_document_when_the_outlet_is_unknown(served):
    text = "Officials in Port Elan said the bridge had reopened on Tuesday."
    answer = served.post(
        "/api/documents", json={"id": "no-source", "text": text, "url": "https://paper.example/b"}
    )
    assert answer.status_code == 201, answer.text
    page = served.get("/sources", headers=HTML).text
    assert "paper.example" in page and ">no-source" not in page


def test_pages_timeline_prints_a_year_as_a_year(tmp_path, make_doc):
    """The contract: an event dated to a year reads 2005 on the page, never 2005-01-01."""
    from storyline.config import Settings
    from storyline.kb import KnowledgeBase
    from storyline.site import create_site as create_app
    from tests.conftest import make_client

    doc = make_doc(
        "year-1",
        "Rebels attacked Tillaberi in 2005.",
        [("Tillaberi", "GPE", (14.2, 1.45, "NE"))],
        [dict(place="Tillaberi", date="2005")],
    )
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    KnowledgeBase(url, create=True).ingest(doc)
    with make_client(create_app(Settings(db=url))) as client:
        page = client.get("/timeline", headers=HTML).text
    assert re.search(r'class="when">(?:by )?2005<', page), page[:2000]
    assert "2005-01-01" not in page
