"""Read user input into Articles: text, HTML, JSON, JSONL files, directories and stdin.

A bad file or line becomes a :class:`FailedDocument` in its place; reading goes on.
"""

from __future__ import annotations

import errno
import json
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from ..config import get_settings
from ..dates import parse_day as parse_date
from ..errors import Errors, IngestError
from ..records import AnalyzedDocument, Article, FailedDocument
from .clean import html_to_article
from .contract import document_from_dict, is_contract
from .decode import decode_bytes
from .fetch import is_url
from .web import read_url

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT

Item = Article | AnalyzedDocument | FailedDocument


def read_inputs(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
) -> Iterator[Item]:
    """Articles from each path in order; ``-`` reads standard input.

    Args:
        paths: files, directories (read recursively, sorted), ``http(s)://`` URLs (fetched
            by the settings' fetcher) or ``-``.
        published: a publication date that overrides every other source.
        stdin: the stream ``-`` reads (default ``sys.stdin.buffer``).
        max_bytes: size limit per document (default: the ``max_bytes`` setting).
    """
    limit = max_bytes or get_settings().max_bytes
    fetcher = None
    for raw in paths:
        if is_url(str(raw)):
            fetcher = fetcher or get_settings().fetcher()
            yield read_url(str(raw), fetcher, published=published)
            continue
        if str(raw) == "-":
            stream = stdin or sys.stdin.buffer
            yield from _guard("stdin", "<stdin>", lambda s=stream: _read_stdin(s, published, limit))
            continue
        path = Path(raw)
        if path.is_dir():
            for entry in _walk(path):
                if isinstance(entry, FailedDocument):
                    yield entry
                else:
                    yield from read_file(entry, published=published, max_bytes=limit)
        else:
            yield from read_file(path, published=published, max_bytes=limit)


def _walk(folder: Path) -> Iterator[Path | FailedDocument]:
    """The input files under ``folder``, sorted, without following links to folders (a link
    loop would never end); a link that leads nowhere, or in a circle, is an error record,
    not a silent skip."""
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            try:
                path.resolve(strict=True)
            except (OSError, RuntimeError) as err:
                reason = "a link in a loop" if _is_loop(err) else "a link to nothing"
                message = Errors.E114.format(path=path, reason=reason)
                yield FailedDocument(id=path.stem, code="E114", message=message, origin=str(path))
                continue
        if path.suffix.lower() in KNOWN_EXT and not path.is_dir():
            yield path


def _is_loop(err: BaseException) -> bool:
    return isinstance(err, RuntimeError) or getattr(err, "errno", None) == errno.ELOOP


def read_file(path: Path, *, published: date | None = None, max_bytes: int) -> Iterator[Item]:
    """Articles in one file (a JSONL file holds many)."""
    doc_id = path.stem or path.name
    yield from _guard(doc_id, str(path), lambda: _read_file(path, published, max_bytes))


def _guard(doc_id: str, origin: str, produce: Any) -> Iterator[Item]:
    try:
        yield from produce()
    except IngestError as err:
        yield FailedDocument(id=doc_id, code=err.code, message=err.message, origin=origin)


def _read_file(path: Path, published: date | None, limit: int) -> Iterator[Item]:
    ext = path.suffix.lower()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as err:
        raise IngestError(Errors.E109.format(path=path)) from err
    except OSError as err:
        reason = "a link in a loop" if _is_loop(err) else (err.strerror or str(err))
        raise IngestError(Errors.E101.format(path=path, reason=reason)) from err
    if not stat.S_ISREG(mode):
        # a FIFO or a device would block the read, or never end
        raise IngestError(Errors.E113.format(path=path, kind=_kind(mode)))
    if ext not in KNOWN_EXT:
        raise IngestError(Errors.E107.format(path=path, ext=ext or "(none)"))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(Errors.E101.format(path=path, reason=err.strerror or err)) from err
    if ext in JSONL_EXT:
        # JSONL may hold many documents: the size limit applies per line, not per file.
        text = decode_bytes(data, str(path), max(limit, len(data)))
        yield from _read_jsonl(text, path, published, limit)
        return
    text = decode_bytes(data, str(path), limit)
    if ext in HTML_EXT:
        yield html_to_article(text, path.stem, str(path), published=published)
    elif ext in JSON_EXT:
        yield from _read_json(text, path, published, limit)
    else:
        yield Article(
            id=path.stem, text=text, published=published, origin=str(path), title=headline(text)
        )


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISDIR, "folder"),
    ):
        if test(mode):
            return name
    return "special file"


def _read_stdin(stream: BinaryIO, published: date | None, limit: int) -> Iterator[Item]:
    data = stream.read()
    text = decode_bytes(data, "<stdin>", max(limit, len(data)))
    head = text.lstrip()[:200].lower()
    if head.startswith(("{", "[")):
        # JSON on standard input: one object, a list, or JSON Lines (one record a line)
        try:
            json.loads(text)
        except json.JSONDecodeError:
            yield from _read_jsonl(text, Path("stdin"), published, limit)
        else:
            yield from _read_json(text, Path("stdin"), published, limit)
        return
    if len(data) > limit:
        raise IngestError(Errors.E105.format(path="<stdin>", size=len(data), limit=limit))
    if head.startswith("<!doctype html") or head.startswith("<html"):
        yield html_to_article(text, "stdin", "<stdin>", published=published)
    else:
        yield Article(
            id="stdin", text=text, published=published, origin="<stdin>", title=headline(text)
        )


def _read_json(text: str, path: Path, published: date | None, limit: int) -> Iterator[Item]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(Errors.E106.format(path=path, line=err.lineno, reason=err.msg)) from err
    records = value if isinstance(value, list) else [value]
    if not all(isinstance(r, dict) for r in records):
        raise IngestError(Errors.E112.format(path=path))
    single = len(records) == 1
    for i, record in enumerate(records, 1):
        origin = str(path) if single else f"{path}#{i}"
        default_id = path.stem if single else f"{path.stem}-{i}"
        yield from _guard(
            str(record.get("id") or default_id),
            origin,
            lambda r=record, o=origin, d=default_id, n=i: iter(
                [_from_record(r, path, n, o, d, published, limit)]
            ),
        )


def _read_jsonl(text: str, path: Path, published: date | None, limit: int) -> Iterator[Item]:
    # JSON Lines separate records by "\n" alone: str.splitlines() would also cut at U+2028,
    # U+2029 and U+0085, which JSON strings may hold raw, and lose the record
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        default_id = f"{path.stem}-{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise IngestError(
                    Errors.E106.format(path=path, line=number, reason="not a JSON object")
                )
            if is_contract(record):  # analysed already (batch, analyze --format jsonl)
                yield _analysed(record, origin)
                continue
            yield _from_record(record, path, number, origin, default_id, published, limit)
        except json.JSONDecodeError as err:
            message = Errors.E106.format(path=path, line=number, reason=err.msg)
            yield FailedDocument(id=default_id, code="E106", message=message, origin=origin)
        except IngestError as err:
            doc_id = str(record.get("id") or default_id) if isinstance(record, dict) else default_id
            yield FailedDocument(id=doc_id, code=err.code, message=err.message, origin=origin)


def _analysed(record: dict[str, Any], origin: str) -> AnalyzedDocument | FailedDocument:
    """A contract object read back: its records, or the error record it holds."""
    error = record.get("error")
    if isinstance(error, dict):
        doc_id = str(record["document"].get("id") or origin)
        code, message = str(error.get("code") or "E000"), str(error.get("message") or "")
        return FailedDocument(id=doc_id, code=code, message=message, origin=origin)
    return document_from_dict(record, origin)


def _from_record(
    record: dict[str, Any],
    path: Path,
    line: int,
    origin: str,
    default_id: str,
    published: date | None,
    limit: int,
) -> Article:
    doc_id = str(record.get("id") or default_id)
    given = record.get("published")
    record_date = parse_date(given)
    if given not in (None, "") and record_date is None:
        raise IngestError(Errors.E110.format(path=origin, value=given))
    when = published or record_date
    text, html = record.get("text"), record.get("html")
    title = _str_or_none(record.get("title"))
    url = _str_or_none(record.get("url"))
    source = _str_or_none(record.get("source"))
    stated = record.get("language")
    language = stated.strip() if isinstance(stated, str) and stated.strip() else "en"
    if isinstance(text, str) and text.strip():
        if len(text.encode("utf-8")) > limit:
            raise IngestError(Errors.E105.format(path=origin, size=len(text.encode()), limit=limit))
        return Article(
            id=doc_id,
            text=text,
            published=when,
            origin=origin,
            title=title or headline(text),
            url=url,
            source=source,
            language=language,
        )
    if isinstance(html, str) and html.strip():
        article = html_to_article(
            html, doc_id, origin, published=when, title=title, url=url, source=source
        )
        return replace(article, language=language)
    raise IngestError(Errors.E108.format(path=path, line=line))


HEADLINE_WORDS = 15
"""A first line of at most this many words, standing alone, reads as the headline."""


def headline(text: str) -> str | None:
    """The first line of a plain text when it reads as a headline: short (at most
    :data:`HEADLINE_WORDS` words), on a line of its own with more text after it, and not a
    sentence (it does not end with a full stop or a colon)."""
    first, newline, rest = text.lstrip().partition("\n")
    line = first.strip()
    if not newline or not rest.strip() or not line:
        return None
    if len(line.split()) > HEADLINE_WORDS or line.endswith((".", ":", ",", ";")):
        return None
    return line


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


__all__ = ["KNOWN_EXT", "headline", "read_file", "read_inputs"]
