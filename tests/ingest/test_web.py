"""Pages, feeds and sitemaps into articles (the fetcher faked; its own tests use a server)."""

from __future__ import annotations

import json

import pytest

from storyline.errors import IngestError
from storyline.ingest.fetch import FakeFetcher
from storyline.ingest.web import feed_links, read_feed, read_url
from storyline.records import Article, FailedDocument

SITE = "https://news.example"

PAGE = (
    "<html><head><title>Dam breaks near Port Elan</title></head><body><article>"
    "<h1>Dam breaks near Port Elan</h1><p>A dam broke near Port Elan on Monday, flooding "
    "three villages, officials said. Rescue teams reached the area by boat.</p>"
    "<p>The regional governor said the dam had been inspected last year.</p>"
    "</article></body></html>"
)

RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Dam</title><link>{SITE}/2031/05/dam-breaks.html</link></item>
<item><title>Vote</title><link>{SITE}/2031/05/vote-count.html</link></item>
<item><title>Dam again</title><link>{SITE}/2031/05/dam-breaks.html</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>News</title><entry><title>Dam</title>
<link href="{SITE}/2031/05/dam-breaks.html"/></entry></feed>"""

SITEMAP_INDEX = f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{SITE}/sitemap-may.xml</loc></sitemap></sitemapindex>"""

SITEMAP = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{SITE}/2031/05/dam-breaks.html</loc></url>
<url><loc>{SITE}/2031/05/vote-count.html</loc></url></urlset>"""


def fake(**pages: tuple[str, str]) -> FakeFetcher:
    return FakeFetcher({f"{SITE}/{k.replace('_', '.')}": v for k, v in pages.items()})


def test_read_url_gives_the_article_with_its_url_as_id():
    item = read_url(f"{SITE}/a.html", fake(a_html=("text/html", PAGE)))
    assert isinstance(item, Article)
    assert item.id == item.url == f"{SITE}/a.html"
    assert item.title == "Dam breaks near Port Elan" and "three villages" in item.text


def test_read_url_failure_is_a_record_naming_the_url():
    item = read_url(f"{SITE}/gone.html", fake())
    assert isinstance(item, FailedDocument)
    assert item.code == "E137" and f"{SITE}/gone.html" in item.message


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        ("application/rss+xml", RSS, ["dam-breaks", "vote-count"]),
        ("application/atom+xml", ATOM, ["dam-breaks"]),
        (
            "application/feed+json",
            json.dumps(
                {
                    "version": "https://jsonfeed.org/version/1.1",
                    "items": [{"id": "1", "url": f"{SITE}/2031/05/vote-count.html"}],
                }
            ),
            ["vote-count"],
        ),
    ],
)
def test_feed_links_reads_rss_atom_and_json_feeds_in_order_without_repeats(kind, body, expected):
    links = feed_links(f"{SITE}/feed", FakeFetcher({f"{SITE}/feed": (kind, body)}))
    assert [link.rsplit("/", 1)[1].removesuffix(".html") for link in links] == expected


def test_feed_links_follows_a_sitemap_index():
    fetcher = fake(
        sitemap_xml=("application/xml", SITEMAP_INDEX),
        **{"sitemap-may_xml": ("application/xml", SITEMAP)},
    )
    links = feed_links(f"{SITE}/sitemap.xml", fetcher)
    assert links == [f"{SITE}/2031/05/dam-breaks.html", f"{SITE}/2031/05/vote-count.html"]


def test_feed_links_refuses_a_page_that_lists_nothing():
    with pytest.raises(IngestError) as err:
        feed_links(f"{SITE}/a.html", fake(a_html=("text/html", "<html><p>hi</p></html>")))
    assert err.value.code == "E133"


def test_read_feed_skips_known_articles_before_fetching_them():
    fetcher = FakeFetcher(
        {
            f"{SITE}/feed": ("application/rss+xml", RSS),
            f"{SITE}/2031/05/vote-count.html": ("text/html", PAGE),
        }
    )
    items = list(read_feed(f"{SITE}/feed", fetcher, skip=lambda u: "dam-breaks" in u))
    assert [i.id for i in items] == [f"{SITE}/2031/05/vote-count.html"]
    assert not any("dam-breaks" in u for u in fetcher.asked)
