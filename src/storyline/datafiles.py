"""The one reader of the package's data files (``storyline/data/``, provenance in its README).

Every stage reads its word lists, tables, rules and models here, by name (or from a path a
caller was given instead), so that a missing or unreadable file fails one way: the caller's
error class (``ExtractError``, ``ResolveError``...) with E204 and the file's name. What a
file means is its reader's business; a file several readers share is read once
(:func:`read_json` keeps what it parsed of a packaged file: never change what it returns).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Errors, StorylineError

Source = str | Path
"""A packaged data file's name (``entity_cues.json``), or the path of a file of one's own."""


def _read(source: Source, error: type[StorylineError] | None) -> bytes:
    try:
        if isinstance(source, Path):
            return source.read_bytes()
        return resources.files("storyline").joinpath("data", source).read_bytes()
    except OSError as err:
        if error is None:
            raise
        raise error(Errors.E204.format(path=source, reason=err)) from err


def read_bytes(source: Source, error: type[StorylineError] = StorylineError) -> bytes:
    """The bytes of a data file (a packaged name, or a path).

    Raises:
        error: E204 when the file cannot be read.
    """
    return _read(source, error)


def read_text(source: Source, error: type[StorylineError] = StorylineError) -> str:
    """The UTF-8 text of a data file (a packaged name, or a path).

    Raises:
        error: E204 when the file cannot be read or is not UTF-8.
    """
    raw = _read(source, error)
    try:  # newlines as a file opened for text reads them
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as err:
        raise error(Errors.E204.format(path=source, reason=err)) from err


def read_json(source: Source, error: type[StorylineError] = StorylineError) -> Any:
    """A JSON data file parsed (a packaged name, read once per process; or a path).

    Raises:
        error: E204 when the file cannot be read or is not JSON.
    """
    try:
        if isinstance(source, Path):  # a file of one's own may change: read it every time
            return json.loads(_read(source, None).decode("utf-8"))
        return _parsed(source)
    except (OSError, ValueError) as err:
        raise error(Errors.E204.format(path=source, reason=err)) from err


@lru_cache(maxsize=32)
def _parsed(source: str) -> Any:
    return json.loads(_read(source, None).decode("utf-8"))


def table_lines(source: Source, error: type[StorylineError] = StorylineError) -> list[str]:
    """The lines of a data table (TSV), without blank lines and ``#`` comments.

    Raises:
        error: E204 when the file cannot be read.
    """
    text = read_text(source, error)
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


__all__ = ["Source", "read_bytes", "read_json", "read_text", "table_lines"]
