"""Typed records of the store's reads: a page of a list, with where it stands in the whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

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


__all__ = ["Page"]
