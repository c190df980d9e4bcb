"""Links between the pages of a long list: where this page stands, the previous and next."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ..store.reads.records import Page


def pager(
    page: Page[Any], path: str, params: dict[str, Any], name: str = "offset"
) -> dict[str, Any]:
    """What the ``pager`` macro draws: rows ``first``-``last`` of ``total``, and the links
    to the previous and next pages (``path`` with ``params``, empty ones left out, and the
    page's offset as ``name``)."""

    def link(offset: int | None) -> str | None:
        if offset is None:
            return None
        kept = {k: v for k, v in params.items() if v not in (None, "", False)}
        if offset:
            kept[name] = offset
        return path + ("?" + urlencode(kept) if kept else "")

    return {
        "first": page.first,
        "last": page.last,
        "total": page.total,
        "prev": link(page.prev_offset),
        "next": link(page.next_offset),
    }


__all__ = ["pager"]
