"""Reading input: formats, metadata order, and clear errors for bad input."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from storyline.ingest.read import read_inputs
from storyline.records import Article, FailedDocument

HTML = """<!doctype html><html><head><title>Floods hit the delta</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2021-07-04T08:00:00Z">
<link rel="canonical" href="https://news.example.org/floods"></head>
<body><nav>Home | World</nav><article><h1>Floods hit the delta</h1>
<p>Heavy rain flooded dozens of villages in the delta on Saturday, local officials said.</p>
<p>"The water rose faster than anyone expected," a farmer told the agency by phone.</p>
<p>Rescue teams from the capital reached the area late on Sunday and began moving families
to higher ground, the regional governor said in a statement.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def read_all(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_read_text_is_kept_verbatim(tmp_path: Path) -> None:
    text = "  Line one.\r\n\r\nLine “two” – with marks.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    (doc,) = read_all(path)
    assert isinstance(doc, Article)
    assert doc.text == text and doc.id == "a" and doc.published is None


@pytest.mark.parametrize(
    "raw",
    [
        "Ünïcode text.".encode("utf-8-sig"),
        "Ünïcode text.".encode("utf-16"),
        "Ünïcode text.".encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
)
def test_read_decodes_boms(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(raw)
    (doc,) = read_all(path)
    assert isinstance(doc, Article) and doc.text == "Ünïcode text."


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E102"),
        ("blank.txt", b"  \n\n ", "E102"),
        ("binary.txt", bytes(range(256)) * 4, "E103"),
        ("latin1.txt", "caf\xe9 cr\xe8me au lait".encode("latin-1"), "E104"),
        ("page.pdf", b"%PDF-1.4", "E107"),
        ("bad.json", b"{not json", "E106"),
        ("list.json", b"[1, 2]", "E112"),
    ],
)
def test_read_bad_input_gives_numbered_error(tmp_path: Path, name: str, data: bytes, code: str):
    path = tmp_path / name
    path.write_bytes(data)
    (doc,) = read_all(path)
    assert isinstance(doc, FailedDocument)
    assert doc.code == code and name in doc.message


def test_read_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (doc,) = read_all(tmp_path / "nope.txt")
    assert isinstance(doc, FailedDocument) and doc.code == "E109"


def test_read_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    (doc,) = read_all(path, max_bytes=100)
    assert isinstance(doc, FailedDocument) and doc.code == "E105"


def test_read_jsonl_keeps_order_ids_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "First article.", "published": "2020-01-02"}),
        "{broken",
        json.dumps({"id": "x3", "title": "no body"}),
        json.dumps({"text": "Third article.", "source": "Wire", "url": "http://e.org/3"}),
        json.dumps({"id": "x5", "text": "Bad date.", "published": "yesterday"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs = read_all(path)
    assert [type(d).__name__ for d in docs] == [
        "Article",
        "FailedDocument",
        "FailedDocument",
        "Article",
        "FailedDocument",
    ]
    assert docs[0].id == "x1" and docs[0].published == date(2020, 1, 2)
    assert docs[1].code == "E106" and "line 2" in docs[1].message
    assert docs[2].code == "E108" and docs[2].id == "x3"
    assert docs[3].id == "corpus-4" and docs[3].source == "Wire"
    assert docs[4].code == "E110"


def test_read_published_option_wins_over_record(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "Body.", "published": "2020-01-02"}) + "\n")
    (doc,) = read_all(path, published=date(2021, 5, 6))
    assert doc.published == date(2021, 5, 6)


def test_read_html_extracts_article_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML)
    (doc,) = read_all(path)
    assert isinstance(doc, Article)
    assert "flooded dozens of villages" in doc.text
    assert "Copyright" not in doc.text and "Home | World" not in doc.text
    assert doc.title == "Floods hit the delta"
    assert doc.published == date(2021, 7, 4)
    assert doc.source == "Example News"


def test_read_directory_is_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two.")
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    docs = read_all(tmp_path)
    assert [d.id for d in docs] == ["a", "two"]


def test_read_stdin() -> None:
    (doc,) = list(read_inputs(["-"], stdin=io.BytesIO(b"From a pipe.")))
    assert isinstance(doc, Article) and doc.text == "From a pipe." and doc.id == "stdin"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_read_jsonl_splits_records_at_newlines_only(tmp_path: Path, separator: str) -> None:
    # a raw U+2028 (or U+2029, U+0085) is legal inside a JSON string
    records = [
        {"id": "a", "text": f"First line.{separator}Second line of the same story."},
        {"id": "b", "text": "Another story."},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path = tmp_path / "corpus.jsonl"
    path.write_text(lines[0] + "\r\n" + lines[1] + "\n{oops\n", encoding="utf-8")
    items = read_all(path)
    assert [i.id for i in items] == ["a", "b", "corpus-3"]
    assert isinstance(items[0], Article) and separator in items[0].text
    assert isinstance(items[2], FailedDocument) and "line 3" in items[2].message


def test_read_stdin_json_lines_and_objects() -> None:
    record = json.dumps({"id": "s1", "text": "Floods\u2028hit the delta."}, ensure_ascii=False)
    lines = (record + "\n" + json.dumps({"id": "s2", "text": "Rain."}) + "\n").encode()
    items = list(read_inputs(["-"], stdin=io.BytesIO(lines)))
    assert [(type(i).__name__, i.id) for i in items] == [("Article", "s1"), ("Article", "s2")]
    one = json.dumps({"text": "A single object.", "title": "T"}, indent=2).encode()
    (item,) = read_inputs(["-"], stdin=io.BytesIO(one))
    assert isinstance(item, Article) and (item.id, item.title) == ("stdin", "T")


def test_read_fifo_is_an_error_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    (tmp_path / "y.txt").write_text("A real article.")
    # nothing ever writes to the FIFO: reading it would block forever
    items = read_all(fifo, tmp_path)
    assert [(i.id, getattr(i, "code", None)) for i in items] == [
        ("x", "E113"),
        ("x", "E113"),
        ("y", None),
    ]
    assert "named pipe" in items[0].message


def test_read_folder_reports_dangling_links_and_loops(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A real article.")
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").symlink_to(folder)  # a folder that contains itself
    items = read_all(folder)
    got = {i.id: getattr(i, "code", "ok") for i in items}
    assert got == {"gone": "E114", "good": "ok", "loop": "E114"}
    messages = {i.id: i.message for i in items if isinstance(i, FailedDocument)}
    assert "a link to nothing" in messages["gone"] and "a link in a loop" in messages["loop"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Floods cut off Port Elan\n\nHeavy rain flooded the valley.", "Floods cut off Port Elan"),
        ("  Dam breaks\nWater rose fast.", "Dam breaks"),
        ("Heavy rain flooded the valley on Monday.\n\nRescuers arrived.", None),  # a sentence
        ("Officials said on Monday that the dam had broken and that the valley was flooded "
         "after days of rain\n\nMore.", None),  # too long for a headline
        ("Just one line", None),  # nothing after it
        ("Note:\nthe figures are provisional.", None),
    ],
)  # fmt: skip
def test_read_first_line_headline_becomes_the_title(tmp_path: Path, text, title) -> None:
    (tmp_path / "a.txt").write_text(text)
    (item,) = read_all(tmp_path / "a.txt")
    assert isinstance(item, Article) and item.title == title
    assert item.text == text


def test_read_record_title_wins_over_the_first_line(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "Dam breaks\n\nWater rose.", "title": "Given title"},
        {"id": "b", "text": "Dam breaks\n\nWater rose."},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines))
    assert [i.title for i in read_all(path)] == ["Given title", "Dam breaks"]
