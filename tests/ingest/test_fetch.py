"""The fetcher against a real local server: what it fetches, and everything it refuses."""

from __future__ import annotations

import socket

import pytest

from storyline.errors import IngestError
from storyline.ingest.fetch import USER_AGENT, FakeFetcher, HttpFetcher

PAGE = "<html><head><title>Flood in Port Elan</title></head><body><p>Water rose.</p></body></html>"


def local(**kwargs) -> HttpFetcher:
    return HttpFetcher(allow_private=True, timeout=5, **kwargs)


def code(err: pytest.ExceptionInfo[IngestError]) -> str:
    return err.value.code


def test_fetch_reads_a_page_and_follows_a_redirect(news_site):
    news_site.add("/flood.html", PAGE, "text/html; charset=utf-8")
    moved = news_site.add("/old", "", status=301, Location="/flood.html")
    page = local().fetch(moved)
    assert page.url.endswith("/flood.html")
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert "Water rose." in page.text()


def test_fetch_refuses_loopback_private_link_local_and_mapped_addresses(monkeypatch):
    fetcher = HttpFetcher(respect_robots=False)
    for address in (
        "127.0.0.1",
        "10.2.3.4",
        "192.168.1.9",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "fd00::1",
        "224.0.0.1",
        "0.0.0.0",
    ):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        monkeypatch.setattr(
            socket, "getaddrinfo", lambda *a, f=family, ip=address, **k: [(f, 1, 6, "", (ip, 80))]
        )
        with pytest.raises(IngestError) as err:
            fetcher.fetch("http://news.example/story")
        assert code(err) == "E132" and address in str(err.value)


def test_fetch_checks_every_redirect_hop(news_site):
    # the site itself is allowed (an intranet), the metadata address it redirects to is not
    news_site.add("/story", "", status=302, Location="http://169.254.169.254/latest/meta-data/")
    fetcher = HttpFetcher(allow_networks=("127.0.0.0/8",), respect_robots=False, timeout=5)
    with pytest.raises(IngestError) as err:
        fetcher.fetch(news_site.base + "/story")
    assert code(err) == "E132" and "169.254.169.254" in str(err.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example/a", "javascript:x"])
def test_fetch_refuses_other_schemes(url):
    with pytest.raises(IngestError) as err:
        HttpFetcher().fetch(url)
    assert code(err) == "E130"


def test_fetch_respects_robots_txt_and_sends_its_user_agent(news_site):
    news_site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    news_site.add("/private/memo.html", PAGE)
    news_site.add("/public.html", PAGE)
    fetcher = local()
    with pytest.raises(IngestError) as err:
        fetcher.fetch(news_site.base + "/private/memo.html")
    assert code(err) == "E134"
    assert "/private/memo.html" not in news_site.hits
    assert "Water" in fetcher.fetch(news_site.base + "/public.html").text()
    assert news_site.hits["/robots.txt"] == 1  # asked once per site
    assert USER_AGENT.startswith("storyline/")


def test_fetch_refuses_big_bodies_by_header_and_while_reading(news_site):
    news_site.add("/big.html", "x" * 5000)
    with pytest.raises(IngestError) as err:
        local(max_bytes=1000).fetch(news_site.base + "/big.html")
    assert code(err) == "E135"
    # a server that states no length is cut off at the limit while streaming
    news_site.add("/stream.html", "x" * 5000, **{"Content-Length": ""})
    with pytest.raises(IngestError) as err:
        local(max_bytes=1000).fetch(news_site.base + "/stream.html")
    assert code(err) == "E135"
    assert len(local(max_bytes=6000).fetch(news_site.base + "/stream.html").body) == 5000


def test_fetch_refuses_non_page_content_and_error_statuses(news_site):
    news_site.add("/photo.jpg", b"\xff\xd8\xff", "image/jpeg")
    with pytest.raises(IngestError) as err:
        local().fetch(news_site.base + "/photo.jpg")
    assert code(err) == "E136" and "image/jpeg" in str(err.value)
    with pytest.raises(IngestError) as err:
        local().fetch(news_site.base + "/missing.html")
    assert code(err) == "E137" and "404" in str(err.value)


def test_fetch_names_unreachable_and_unresolvable_hosts():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    with pytest.raises(IngestError) as err:
        local().fetch(f"http://127.0.0.1:{port}/a")
    assert code(err) == "E138"
    with pytest.raises(IngestError) as err:
        HttpFetcher().fetch("http://no-such-host.invalid/a")
    assert code(err) == "E131"


def test_fake_fetcher_serves_canned_pages_and_records_requests():
    fake = FakeFetcher({"https://news.example/a": ("text/html", PAGE)})
    assert "Water" in fake.fetch("https://news.example/a").text()
    with pytest.raises(IngestError):
        fake.fetch("https://news.example/b")
    assert fake.asked == ["https://news.example/a", "https://news.example/b"]
