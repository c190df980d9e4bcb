"""A document's quotes, times and in-document conflicts as rows of the store's tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records import AnalyzedDocument, TimeRef
from ..store.repository import Repository
from ..store.tables import TIME_FIELDS


@dataclass(frozen=True)
class Refs:
    """Ids of an article's quotes and times (with the times), by local id, for its events."""

    quotes: dict[str, int]
    times: dict[str, tuple[TimeRef, int]]


def queue_rest(repo: Repository, doc: AnalyzedDocument, doc_id: int, ents: dict[str, int]) -> Refs:
    """Quotes, times and the document's own conflicts; returns the ids the events need."""
    key = doc.article.id
    quote_ids = repo.insert_rows(
        "quotes",
        ids=True,
        rows=[
            {
                "document_id": doc_id,
                "local_id": q.id,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker_entity_id": ents.get(q.speaker.entity or "") if q.speaker else None,
                "speaker_text": q.speaker.text if q.speaker else None,
                "speaker_name": q.speaker.name if q.speaker else None,
                "cue": q.cue,
                "anonymous": q.anonymous,
                "via": [ents[v] for v in q.via if v in ents],
                "certainty": q.certainty,
                "hedge": q.hedge,
            }
            for q in doc.quotes
        ],
    )
    time_ids = repo.insert_rows(
        "times",
        ids=True,
        rows=[
            {"document_id": doc_id, "local_id": t.id, **{f: getattr(t, f) for f in TIME_FIELDS}}
            for t in doc.times
        ],
    )
    conflicts: list[dict[str, Any]] = [
        {
            "document_id": doc_id,
            "cluster_id": None,
            "about": c.about,
            "items": [f"{key}#{i}" for i in c.items],
            "note": c.note,
        }
        for c in doc.conflicts
    ]
    repo.insert_rows("conflicts", conflicts)
    return Refs(
        quotes={q.id: qid for q, qid in zip(doc.quotes, quote_ids, strict=True)},
        times={t.id: (t, tid) for t, tid in zip(doc.times, time_ids, strict=True)},
    )


__all__ = ["Refs", "queue_rest"]
