"""Articles from the web: a page URL, or every article a feed or sitemap lists.

A page goes through the one fetcher (:mod:`storyline.ingest.fetch`) and trafilatura, like an
HTML file; its id is its URL, so a knowledge base knows it the next time before fetching it.
Feeds (RSS, Atom, JSON Feed) are read with trafilatura's feed parser; sitemaps (``urlset``
and ``sitemapindex``, one level of index followed) by their ``<loc>`` elements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urljoin, urlsplit

from ..errors import Errors, IngestError
from ..records import Article, FailedDocument
from .clean import html_to_article
from .fetch import Fetched, Fetcher, is_url

Item = Article | FailedDocument

MAX_FEED_LINKS = 1000
"""At most this many article URLs from one feed or sitemap."""


def read_url(url: str, fetcher: Fetcher, *, published: date | None = None) -> Item:
    """The article at ``url``, or a FailedDocument naming the URL and the reason."""
    try:
        page = fetcher.fetch(url)
        if page.content_type == "text/plain":
            return Article(id=url, text=page.text(), url=page.url, published=published, origin=url)
        return html_to_article(page.text(), url, url, published=published, url=page.url)
    except IngestError as err:
        return FailedDocument(id=url, code=err.code, message=err.message, origin=url)


def feed_links(url: str, fetcher: Fetcher) -> list[str]:
    """The article URLs a feed or sitemap at ``url`` lists, in its order, without repeats.

    Raises:
        IngestError: the fetcher's errors, or E133 when the page lists no articles.
    """
    page = fetcher.fetch(url)
    text = page.text()
    if _is_sitemap(text):
        links = _sitemap_links(text, fetcher)
    else:
        links = _feed_entries(text, page)
    if not links:
        raise IngestError(Errors.E133.format(url=url))
    return list(dict.fromkeys(links))[:MAX_FEED_LINKS]


def read_feed(
    url: str,
    fetcher: Fetcher,
    *,
    published: date | None = None,
    skip: Callable[[str], bool] = lambda _: False,
) -> Iterator[Item]:
    """Every article of the feed at ``url``; ``skip(article_url)`` true means not fetched
    (a knowledge base that already holds it). A feed that cannot be read is one
    FailedDocument."""
    try:
        links = feed_links(url, fetcher)
    except IngestError as err:
        yield FailedDocument(id=url, code=err.code, message=err.message, origin=url)
        return
    for link in links:
        if not skip(link):
            yield read_url(link, fetcher, published=published)


def _feed_entries(text: str, page: Fetched) -> list[str]:
    """The entries' links, made absolute. trafilatura's ``find_links`` parses the feed; its
    ``extract_links`` would also drop links by its crawler's heuristics (hosts given as
    addresses, short paths), which are a crawler's choice, not a reader's."""
    from trafilatura.feeds import FeedParameters, find_links

    parts = urlsplit(page.url)
    base = f"{parts.scheme}://{parts.netloc}"
    params = FeedParameters(base, parts.hostname or "", page.url, external=True)
    links = (urljoin(page.url, link) for link in find_links(text.strip(), params))
    return [link for link in links if is_url(link) and link != page.url]


def _is_sitemap(text: str) -> bool:
    head = text.lstrip()[:2000]
    return "<urlset" in head or "<sitemapindex" in head


def _sitemap_links(text: str, fetcher: Fetcher, depth: int = 0) -> list[str]:
    from lxml import etree

    try:
        root = etree.fromstring(
            text.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False)
        )
    except etree.XMLSyntaxError:
        return []
    locs = [str(el.text).strip() for el in root.iter("{*}loc") if el.text]
    if etree.QName(root).localname != "sitemapindex":
        return locs
    if depth:
        return []
    links: list[str] = []
    for child in locs:
        try:
            links += _sitemap_links(fetcher.fetch(child).text(), fetcher, depth + 1)
        except IngestError:
            continue
        if len(links) >= MAX_FEED_LINKS:
            break
    return links


__all__ = ["feed_links", "read_feed", "read_url"]
