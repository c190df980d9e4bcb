"""Event clusters: the candidates a new report may join, a cluster's reports, and its
counts and date range kept at write time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update

from ..tables import Document, EventCluster, EventParticipant, KbConflict, KbEntity, KbEvent
from .queue import WriteQueue


class ClusterWrites(WriteQueue):
    """Cluster lookups and writes in the transaction."""

    def cluster_candidates(
        self,
        type_: str,
        place_id: int | None,
        participants: Iterable[int],
        bbox: tuple[float, float, float, float] | None,
    ) -> list[dict[str, Any]]:
        """Clusters of ``type_`` that share the place, a participant, or lie in ``bbox``.

        Returns dicts with ``id type earliest latest lat lon place_ids participants``.
        """
        self.flush()
        s = self.session
        parts = list(set(participants))
        via: list[Any] = []  # selects of cluster ids
        if place_id is not None:
            via.append(select(KbEvent.cluster_id).where(KbEvent.place_entity_id == place_id))
        if parts:
            via.append(
                select(KbEvent.cluster_id)
                .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
                .where(EventParticipant.entity_id.in_(parts))
            )
        conds: list[Any] = [
            EventCluster.id.in_(v.where(KbEvent.type == type_).limit(self.candidate_limit))
            for v in via
        ]
        if bbox is not None:
            lat0, lat1, lon0, lon1 = bbox
            conds.append(
                and_(EventCluster.lat.between(lat0, lat1), EventCluster.lon.between(lon0, lon1))
            )
        if not conds:
            return []
        rows = s.execute(
            select(
                EventCluster.id,
                EventCluster.type,
                EventCluster.earliest,
                EventCluster.latest,
                EventCluster.lat,
                EventCluster.lon,
            )
            .where(EventCluster.type == type_, or_(*conds))
            .order_by(EventCluster.id)  # ties go to the oldest cluster, on every backend
            .limit(self.candidate_limit)
        ).all()
        out: dict[Any, dict[str, Any]] = {
            r[0]: {
                "id": r[0],
                "type": r[1],
                "earliest": r[2],
                "latest": r[3],
                "lat": r[4],
                "lon": r[5],
                "place_ids": set(),
                "participants": set(),
            }
            for r in rows
        }
        if not out:
            return []
        for cid, pid in s.execute(
            select(KbEvent.cluster_id, KbEvent.place_entity_id).where(
                KbEvent.cluster_id.in_(list(out)), KbEvent.place_entity_id.is_not(None)
            )
        ):
            out[cid]["place_ids"].add(pid)
        for cid, eid in s.execute(
            select(KbEvent.cluster_id, EventParticipant.entity_id)
            .join(EventParticipant, EventParticipant.event_id == KbEvent.id)
            .where(KbEvent.cluster_id.in_(list(out)))
        ):
            out[cid]["participants"].add(eid)
        return list(out.values())

    def cluster_reports(self, cluster_id: int) -> list[dict[str, Any]]:
        """The reports of a cluster: ``ref fatalities place_id place_name document_id``."""
        self.flush()
        rows = self.session.execute(
            select(
                Document.doc_key,
                KbEvent.local_id,
                KbEvent.fatalities,
                KbEvent.place_entity_id,
                KbEntity.name,
                KbEvent.document_id,
            )
            .join(Document, Document.id == KbEvent.document_id)
            .outerjoin(KbEntity, KbEntity.id == KbEvent.place_entity_id)
            .where(KbEvent.cluster_id == cluster_id)
            .order_by(KbEvent.id)
        )
        return [
            {
                "ref": f"{r[0]}#{r[1]}",
                "fatalities": r[2],
                "place_id": r[3],
                "place_name": r[4],
                "document_id": r[5],
            }
            for r in rows
        ]

    def new_cluster(self, values: dict[str, Any]) -> int:
        """Queue a new event cluster; returns its id."""
        (cluster_id,) = self.new_ids("event_clusters", 1)
        self.queue("event_clusters", [{**values, "id": cluster_id}])
        return cluster_id

    def update_cluster(self, cluster_id: int, values: dict[str, Any]) -> None:
        """Set fields of a cluster."""
        self.flush()
        self.session.execute(
            update(EventCluster).where(EventCluster.id == cluster_id).values(**values)
        )

    def refresh_clusters(self, cluster_ids: Iterable[int]) -> None:
        """Recount reports and independent sources of clusters, and set their date range
        (known time, else the first report's publication day); delete empty ones."""
        ids = list(set(cluster_ids))
        if not ids:
            return
        self.flush()
        params: list[dict[str, Any]] = []
        rows = self.session.execute(
            select(
                EventCluster.id,
                EventCluster.earliest,
                EventCluster.latest,
                func.count(func.distinct(KbEvent.document_id)),
                func.count(func.distinct(Document.dup_group)),
                func.min(Document.published),
            )
            .join(KbEvent, KbEvent.cluster_id == EventCluster.id)
            .join(Document, Document.id == KbEvent.document_id)
            .where(EventCluster.id.in_(ids))
            .group_by(EventCluster.id, EventCluster.earliest, EventCluster.latest)
        )
        for cid, earliest, latest, reports, sources, published in rows:
            first, last = cluster_dates(earliest, latest, published)
            params.append(
                {"cid": cid, "reports": reports, "sources": sources, "first": first, "last": last}
            )
        seen = {p["cid"] for p in params}
        empty = [i for i in ids if i not in seen]
        if empty:
            self.session.execute(delete(KbConflict).where(KbConflict.cluster_id.in_(empty)))
            self.session.execute(delete(EventCluster).where(EventCluster.id.in_(empty)))
        if params:
            core: Any = EventCluster.__table__
            self.session.execute(
                update(core)
                .where(core.c.id == bindparam("cid"))
                .values(
                    reports=bindparam("reports"),
                    sources=bindparam("sources"),
                    date_first=bindparam("first"),
                    date_last=bindparam("last"),
                ),
                params,
            )


def cluster_dates(
    earliest: str | None, latest: str | None, published: Any
) -> tuple[str | None, str | None]:
    """A cluster's date range: its known time range, else the day its first report was
    published (the event happened by then)."""
    if earliest:
        return earliest, latest or earliest
    day = published.isoformat() if isinstance(published, date) else published
    day = str(day)[:10] if day else None
    return day, day


__all__ = ["ClusterWrites", "cluster_dates"]
