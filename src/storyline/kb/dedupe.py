"""Exact and near duplicates: which documents a batch meets again, by key, text or LSH band.

An article stored under its key with the same text is ``unchanged``; its text stored under
another key makes it a ``duplicate`` (stored once); an article whose MinHash signature
comes close enough to a stored one's joins that document's near-duplicate group (a copy of
one report is no independent source).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from ..records import Article
from ..resolve.index import CANDIDATE_LIMIT


def content_hash(text: str) -> str:
    """SHA-256 of the article text (what makes re-ingest idempotent)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoredDocs:
    """The documents a batch may meet again: stored ones with one of its keys or texts,
    and those stored so far in the batch."""

    def __init__(self, rows: Sequence[tuple[int, str, str]]) -> None:
        self._by_key: dict[str, tuple[int, str]] = {}
        self._by_hash: dict[str, list[tuple[int, str]]] = {}
        for doc_id, key, digest in rows:
            self.add(doc_id, key, digest)

    def add(self, doc_id: int, key: str, digest: str) -> None:
        self._by_key[key] = (doc_id, digest)
        self._by_hash.setdefault(digest, []).append((doc_id, key))

    def drop(self, doc_id: int) -> None:
        self._by_key = {k: v for k, v in self._by_key.items() if v[0] != doc_id}
        self._by_hash = {
            h: [d for d in docs if d[0] != doc_id] for h, docs in self._by_hash.items()
        }

    def lookup(self, key: str, digest: str) -> tuple[tuple[int, str] | None, str | None]:
        """(id, content hash) of the document stored as ``key``, and the key of a document
        with exactly this text (itself if it is one), either None when there is none."""
        twins = [k for _, k in self._by_hash.get(digest, ())]
        twin = key if key in twins else (twins[0] if twins else None)
        return self._by_key.get(key), twin


class BandMembers:
    """Documents by LSH band: those read from the store, and those stored in the batch."""

    def __init__(self, rows: Sequence[tuple[str, int, bytes, int]]) -> None:
        self._by_band: dict[str, dict[int, tuple[Any, int]]] = {}
        for band, doc_id, sig, group in rows:
            self._by_band.setdefault(band, {})[doc_id] = (sig, group)

    def add(self, doc_id: int, sig: Any, group: int, bands: Sequence[str]) -> None:
        for band in bands:
            self._by_band.setdefault(band, {})[doc_id] = (sig, group)

    def sharing(self, bands: Sequence[str]) -> list[tuple[int, Any, int]]:
        """(id, signature, group) of the documents sharing a band, oldest first (at most
        ``CANDIDATE_LIMIT``)."""
        found: dict[int, tuple[Any, int]] = {}
        for band in bands:
            found.update(self._by_band.get(band, {}))
        return [(i, *found[i]) for i in sorted(found)[:CANDIDATE_LIMIT]]


class Fingerprints:
    """A batch's content hashes, MinHash signatures and LSH bands, made before its
    transaction (no write lock held meanwhile)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        # imported here: datasketch brings SciPy (half a second), which reads never need
        from ..resolve import duplicates as rd

        self._rd = rd
        self.digests = [content_hash(a.text) for a in articles]
        self.sigs = [rd.signature(a.text) for a in articles]
        self.bands = [rd.bands(sig) for sig in self.sigs]
        self.all_bands = {b for bs in self.bands for b in bs}

    def nearest(
        self, sig: Any, members: BandMembers, bands: Sequence[str]
    ) -> tuple[int | None, float | None, int | None]:
        """(group, estimated Jaccard, id) of the closest document past the near-duplicate
        threshold among those sharing a band (the oldest of equals), all None without one."""
        rd = self._rd
        dup_group, dup_score, dup_of = None, None, None
        for cid, other, group in members.sharing(bands):
            score = rd.estimate_jaccard(sig, other)
            if score >= rd.THRESHOLD and (dup_score is None or score > dup_score):
                dup_group, dup_score, dup_of = group, score, cid
        return dup_group, dup_score, dup_of


def document_row(
    article: Article, digest: str, sig: Any, group: int | None, score: float | None
) -> dict[str, Any]:
    """The ``documents`` row of an article."""
    return {
        "doc_key": article.id,
        "content_hash": digest,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "origin": article.origin,
        "minhash": sig,
        "dup_group": group,
        "dup_score": score,
    }


__all__ = ["BandMembers", "Fingerprints", "StoredDocs", "content_hash", "document_row"]
