"""The stored form of an entity's context: its recent documents' ids, and the name keys
co-mentioned in each, in two text columns.

Document ids are space-separated, newest first; each document's keys are sorted and joined
by a unit separator, the documents' entries by a record separator. Compact, and split in C
when the linker's index is loaded (a JSON column took longer to decode than the rest of the
load).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

_ENTRY = "\x1e"
_KEY = "\x1f"


def entry(keys: Iterable[str]) -> str:
    """One document's context entry: its name keys, sorted, joined by a unit separator."""
    clean = [
        k.replace(_KEY, " ").replace(_ENTRY, " ") if _KEY in k or _ENTRY in k else k for k in keys
    ]
    return _KEY.join(sorted(clean))


@lru_cache(maxsize=65536)
def _frozen_entry(keys: frozenset[str] | tuple[str, ...]) -> str:
    # the same document's entry is written again each time a later one pushes it down
    return entry(keys)


def stored_entry(keys: Iterable[str]) -> str:
    """:func:`entry`, cached for the immutable key sets the index hands out."""
    return _frozen_entry(keys) if isinstance(keys, frozenset | tuple) else entry(keys)


def encode_context(entries: Sequence[tuple[str, str]], eid: int) -> dict[str, Any]:
    """Parameters of the context update: ``eid``, ``docs`` (ids) and ``ctx`` (entries)."""
    return {
        "eid": eid,
        "docs": " ".join(d for d, _ in entries),
        "ctx": _ENTRY.join(e for _, e in entries),
    }


def decode_context(docs: str | None, ctx: str | None) -> list[tuple[int, tuple[str, ...]]]:
    """A stored context as (document id, co-mentioned name keys, sorted), newest first."""
    # interned: the same names recur in the context of entity after entity
    return [
        (int(d), tuple(sys.intern(k) for k in e.split(_KEY) if k))
        for d, e in zip((docs or "").split(), (ctx or "").split(_ENTRY), strict=False)
    ]


__all__ = ["decode_context", "encode_context", "entry", "stored_entry"]
