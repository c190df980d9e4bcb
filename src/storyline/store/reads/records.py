"""Typed records of the store's reads: search hits, document summaries, geocoded places,
and a page of a list with where it stands in the whole. The HTTP API and the CLI serialise
them (``to_dict``: the fields in order, as JSON takes them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """``items``, the rows ``offset`` to ``offset + limit`` of a list of ``total`` rows."""

    items: list[T]
    total: int
    offset: int = 0
    limit: int | None = None

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts (None on the last page)."""
        end = self.offset + len(self.items)
        return end if self.limit and end < self.total else None

    @property
    def prev_offset(self) -> int | None:
        """Where the previous page starts (None on the first page)."""
        if not self.offset:
            return None
        return max(0, self.offset - (self.limit or self.offset))

    @property
    def first(self) -> int:
        """The 1-based number of the page's first row (0 when the page is empty)."""
        return self.offset + 1 if self.items else 0

    @property
    def last(self) -> int:
        """The 1-based number of the page's last row."""
        return self.offset + len(self.items)


class _Record:
    """A read's row as a JSON object, its fields in order."""

    def to_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = asdict(self)  # type: ignore[call-overload]
        return row


@dataclass(frozen=True)
class SearchHit(_Record):
    """A document matching a search, with a snippet (matched words in ``[brackets]``)."""

    document: str
    title: str | None
    published: str | None
    source: str | None
    snippet: str


@dataclass(frozen=True)
class DocumentSummary(_Record):
    """A stored document in a list: its id, title, outlet, day and first words."""

    document: str
    title: str | None
    source: str | None
    published: str | None
    lead: str


@dataclass(frozen=True)
class KbPlace(_Record):
    """A geocoded knowledge-base entity and how many documents mention it."""

    id: int
    name: str
    label: str
    lat: float
    lon: float
    country: str | None
    geonames_id: int | None
    documents: int


__all__ = ["DocumentSummary", "KbPlace", "Page", "SearchHit"]
