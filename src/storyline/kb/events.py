"""A document's events: each joined to an event cluster across articles (or a new one), with
the conflicts between the cluster's reports, its participants and sources.

The resolver (:mod:`storyline.resolve.clusters`) decides which cluster a report joins from
candidates the store finds by type and place, participant or bounding box.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..records import AnalyzedDocument, Entity, Event
from ..resolve import clusters as rc
from ..store.repository import Repository
from .rows import Refs

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n\s*\n")


def store_events(
    repo: Repository,
    doc: AnalyzedDocument,
    doc_id: int,
    ents: dict[str, int],
    refs: Refs,
    touched: set[int],
) -> None:
    """The document's events, each joined to a cluster across articles (or a new one);
    adds the clusters they join to ``touched``."""
    places = {e.id: e for e in doc.entities}
    for event in doc.events:
        report, cands = _report(repo, doc, event, ents, refs, places)
        choice = rc.assign_cluster(report, cands)
        if choice.cluster_id is None:
            cluster_id = repo.new_cluster(
                {
                    "type": event.type,
                    "subtype": event.subtype,
                    "earliest": report.earliest,
                    "latest": report.latest,
                    "place_entity_id": report.place_id,
                    "lat": report.lat,
                    "lon": report.lon,
                    "fatalities": event.fatalities,
                    "reports": 0,
                    "sources": 0,
                }
            )
        else:
            cluster_id = choice.cluster_id
            _join(repo, cluster_id, event, cands, report)
        touched.add(cluster_id)
        (event_id,) = repo.insert_rows(
            "events",
            ids=True,
            rows=[_event_row(doc, doc_id, event, cluster_id, choice.reason, report, refs)],
        )
        roles = {(ents[a], "actor") for a in event.actors if a in ents}
        roles |= {(ents[t], "target") for t in event.targets if t in ents}
        repo.insert_rows(
            "event_participants",
            [{"event_id": event_id, "entity_id": e, "role": r} for e, r in sorted(roles)],
        )
        repo.insert_rows(
            "sources",
            [
                {
                    "event_id": event_id,
                    "quote_id": refs.quotes.get(s),
                    "entity_id": ents.get(s) if s not in refs.quotes else None,
                }
                for s in event.sources
                if s in refs.quotes or s in ents
            ],
        )


def _report(
    repo: Repository,
    doc: AnalyzedDocument,
    event: Event,
    ents: dict[str, int],
    refs: Refs,
    places: dict[str, Entity],
) -> tuple[rc.Report, list[rc.ClusterCandidate]]:
    """The resolver's view of an event, and the clusters it might join."""
    time = refs.times.get(event.time or "")
    place_entity = places.get(event.place or "")
    place_id = ents.get(event.place or "")
    place = place_entity.place if place_entity else None
    lat = place.lat if place else None
    lon = place.lon if place else None
    participants = {ents[a] for a in (*event.actors, *event.targets) if a in ents}
    report = rc.Report(
        ref=f"{doc.article.id}#{event.id}",
        type=event.type,
        earliest=time[0].earliest if time else None,
        latest=time[0].latest if time else None,
        place_id=place_id,
        lat=lat,
        lon=lon,
        participants=frozenset(participants),
        fatalities=event.fatalities,
        place_name=place_entity.name if place_entity else None,
    )
    rows = repo.cluster_candidates(event.type, place_id, participants, _bbox(lat, lon))
    cands = [
        rc.ClusterCandidate(
            id=r["id"],
            type=r["type"],
            earliest=r["earliest"],
            latest=r["latest"],
            place_ids=frozenset(r["place_ids"]),
            lat=r["lat"],
            lon=r["lon"],
            participants=frozenset(r["participants"]),
        )
        for r in rows
    ]
    return report, cands


def _join(
    repo: Repository,
    cluster_id: int,
    event: Event,
    cands: Sequence[rc.ClusterCandidate],
    report: rc.Report,
) -> None:
    """A report joins a cluster: what it adds to the cluster, and where it disagrees with
    the reports before it."""
    others = [
        rc.Report(
            ref=o["ref"],
            type=event.type,
            place_id=o["place_id"],
            fatalities=o["fatalities"],
            place_name=o["place_name"],
        )
        for o in repo.cluster_reports(cluster_id)
    ]
    _fill_cluster(repo, cluster_id, cands, report)
    repo.insert_rows(
        "conflicts",
        [
            {
                "document_id": None,
                "cluster_id": cluster_id,
                "about": c.about,
                "items": list(c.items),
                "note": c.note,
            }
            for c in rc.cross_conflicts(report, others)
        ],
    )


def _event_row(
    doc: AnalyzedDocument,
    doc_id: int,
    event: Event,
    cluster_id: int,
    reason: str,
    report: rc.Report,
    refs: Refs,
) -> dict[str, Any]:
    time = refs.times.get(event.time or "")
    return {
        "document_id": doc_id,
        "cluster_id": cluster_id,
        "cluster_reason": reason,
        "local_id": event.id,
        "type": event.type,
        "subtype": event.subtype,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger_text": event.trigger.text,
        "place_entity_id": report.place_id,
        "time_id": time[1] if time else None,
        "earliest": report.earliest,
        "latest": report.latest,
        "fatalities": event.fatalities,
        "fatalities_text": event.fatalities_text,
        "certainty": event.certainty,
        "sentence": sentence_at(doc.article.text, event.trigger.start),
    }


def _bbox(lat: float | None, lon: float | None) -> tuple[float, float, float, float] | None:
    if lat is None or lon is None:
        return None
    dlat = rc.MAX_KM / 111.0
    return (lat - dlat, lat + dlat, lon - 2 * dlat, lon + 2 * dlat)


def _fill_cluster(
    repo: Repository,
    cluster_id: int,
    cands: Sequence[rc.ClusterCandidate],
    report: rc.Report,
) -> None:
    """Fill what the cluster does not know yet (time, place) from a new report."""
    cand = next((c for c in cands if c.id == cluster_id), None)
    if cand is None:
        return
    values: dict[str, Any] = {}
    if cand.earliest is None and report.earliest:
        values.update(earliest=report.earliest, latest=report.latest)
    if cand.lat is None and report.lat is not None:
        values.update(lat=report.lat, lon=report.lon, place_entity_id=report.place_id)
    if values:
        repo.update_cluster(cluster_id, values)


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` that holds ``offset``.

    The contract carries no sentence boundaries (the parser's stay inside ``extract``), so
    the stored event's sentence is cut here, at sentence-final punctuation or a blank line.
    """
    start = 0
    for boundary in _SENTENCE_END.finditer(text, 0, offset):
        start = boundary.end()
    after = _SENTENCE_END.search(text, offset)
    end = after.start() if after else len(text)
    return text[start:end].strip()[:1000]


__all__ = ["sentence_at", "store_events"]
