"""Document writes: the stored documents a batch meets again, new documents with their
full-text row and LSH bands, and a document's removal with everything derived from it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ARRAY, String, bindparam, delete, func, or_, select, text, true, update

from ..tables import DocEntity, Document, DocumentBand, KbAlias, KbConflict, KbEvent
from .clusters import ClusterWrites
from .entities import EntityWrites
from .queue import in_list

_DOC: Any = Document.__table__
_BAND: Any = DocumentBand.__table__
_FIND = select(_DOC.c.id, _DOC.c.doc_key, _DOC.c.content_hash)


@lru_cache(maxsize=8)
def _statements(dialect: str, limit: int) -> dict[str, Any]:
    """The ingest path's statements that take lists, for one dialect and candidate limit
    (built once)."""
    if dialect == "postgresql":
        # per wanted band, an index lookup (LATERAL, at most ``limit`` documents):
        # PostgreSQL planned both a list test (``= ANY``) and a join to the list as scans
        # of all the bands, 0.02 to 0.2 s a batch at 10,000 articles
        bands = func.unnest(bindparam("bands", type_=ARRAY(String())))
        wanted = bands.table_valued("value").render_derived()
        per_band = (
            select(_BAND.c.document_id).where(_BAND.c.band == wanted.c.value).limit(limit).lateral()
        )
        band_members = (
            select(wanted.c.value, _DOC.c.id, _DOC.c.minhash, _DOC.c.dup_group)
            .select_from(wanted)
            .join(per_band, true())
            .join(_DOC, _DOC.c.id == per_band.c.document_id)
        )
    else:
        band_members = (
            select(_BAND.c.band, _DOC.c.id, _DOC.c.minhash, _DOC.c.dup_group)
            .join(_DOC, _DOC.c.id == _BAND.c.document_id)
            .where(in_list(_BAND.c.band, "bands", dialect))
        )
    find = _FIND.where(
        or_(
            in_list(_DOC.c.doc_key, "keys", dialect),
            in_list(_DOC.c.content_hash, "hashes", dialect),
        )
    )
    return {"band_members": band_members, "find": find}


class DocumentWrites(EntityWrites, ClusterWrites):
    """Documents in the transaction (their removal tidies entities and clusters)."""

    def find_documents(
        self, keys: Sequence[str], hashes: Sequence[str]
    ) -> list[tuple[int, str, str]]:
        """(id, key, content hash) of the stored documents with one of ``keys`` or
        ``hashes`` (one query for a batch of articles)."""
        self.flush()
        sql = _statements(self.dialect, self.candidate_limit)["find"]
        rows = self.conn.execute(sql, {"keys": list(keys), "hashes": list(hashes)})
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def insert_document(self, values: dict[str, Any], bands: Sequence[str]) -> int:
        """Queue a document (and its full-text row and LSH bands); returns its id. A
        document of no near-duplicate group starts its own (``dup_group`` its id)."""
        (doc_id,) = self.new_ids("documents", 1)
        values = {
            **values,
            "id": doc_id,
            "dup_group": values.get("dup_group") or doc_id,
            "ingested_at": datetime.now(UTC).replace(tzinfo=None),
        }
        self.queue("documents", [values])
        self.queue("document_bands", [{"document_id": doc_id, "band": b} for b in bands])
        if self.dialect == "sqlite":
            self.queue(
                "documents_fts",
                [{"id": doc_id, "title": values.get("title") or "", "text": values["text"]}],
            )
        return doc_id

    def band_members(self, bands: Iterable[str]) -> list[tuple[str, int, bytes, int]]:
        """(band, id, signature, near-duplicate group) of stored documents in ``bands``."""
        wanted = sorted(set(bands))
        if not wanted:
            return []
        self.flush()
        sql = _statements(self.dialect, self.candidate_limit)["band_members"]
        rows = self.conn.execute(sql, {"bands": wanted})
        return [(r[0], int(r[1]), r[2], int(r[3] or r[1])) for r in rows if r[2] is not None]

    def delete_document(self, doc_id: int, doc_key: str) -> None:
        """Remove a document and everything derived from it; tidy entities and clusters."""
        self.flush()
        s = self.session
        entity_ids = set(
            s.execute(select(DocEntity.entity_id).where(DocEntity.document_id == doc_id)).scalars()
        )
        cluster_ids = {
            int(c)
            for c in s.execute(
                select(KbEvent.cluster_id).where(KbEvent.document_id == doc_id)
            ).scalars()
            if c is not None
        }
        if self.dialect == "sqlite":
            s.execute(text("DELETE FROM documents_fts WHERE rowid = :id"), {"id": doc_id})
        # members of its near-duplicate group move to the next oldest document
        members = list(
            s.execute(
                select(Document.id)
                .where(Document.dup_group == doc_id, Document.id != doc_id)
                .order_by(Document.id)
            ).scalars()
        )
        s.execute(delete(Document).where(Document.id == doc_id))
        if members:
            s.execute(update(Document).where(Document.id.in_(members)).values(dup_group=members[0]))
        if cluster_ids:
            self._drop_conflicts_citing(cluster_ids, doc_key)
            self.refresh_clusters(cluster_ids)
        s.execute(update(KbAlias).where(KbAlias.document_id == doc_id).values(document_id=None))
        self.prune_entities(entity_ids)
        self.rebuild_contexts(entity_ids)

    def _drop_conflicts_citing(self, cluster_ids: Iterable[int], doc_key: str) -> None:
        rows = self.session.execute(
            select(KbConflict.id, KbConflict.items).where(KbConflict.cluster_id.in_(cluster_ids))
        )
        gone = [r[0] for r in rows if any(str(i).startswith(f"{doc_key}#") for i in r[1])]
        if gone:
            self.session.execute(delete(KbConflict).where(KbConflict.id.in_(gone)))


__all__ = ["DocumentWrites"]
