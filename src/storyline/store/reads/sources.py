"""The quotes' reporting chains: outlet, outer sources, speaker."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tables import Document, KbEntity, KbQuote

UNKNOWN_OUTLET = "outlet not given"


def outlet_of(url: str | None) -> str:
    """The outlet of a document with no ``source``: its web site (``news.example.org``), else
    one shared node for every document of no known outlet, never the document itself."""
    from urllib.parse import urlsplit

    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or UNKNOWN_OUTLET


def source_chains(session: Session, limit: int = 5000) -> list[dict[str, Any]]:
    """Each quote's reporting chain: the outlet that published it, the outer sources it came
    through (``via``, outermost first) and the speaker, as names with knowledge-base ids."""
    rows = session.execute(
        select(
            KbQuote.via,
            KbQuote.speaker_entity_id,
            KbQuote.speaker_name,
            KbQuote.speaker_text,
            KbQuote.anonymous,
            Document.doc_key,
            Document.source,
            Document.url,
        )
        .join(Document, Document.id == KbQuote.document_id)
        .order_by(KbQuote.id)
        .limit(limit)
    ).all()
    wanted = {v for r in rows for v in (r[0] or [])} | {r[1] for r in rows if r[1] is not None}
    names: dict[int, tuple[str, str]] = {}
    ids = sorted(wanted)
    for i in range(0, len(ids), 500):
        for eid, name, label in session.execute(
            select(KbEntity.id, KbEntity.name, KbEntity.label).where(
                KbEntity.id.in_(ids[i : i + 500])
            )
        ):
            names[eid] = (name, label)
    chains = []
    for via, speaker_id, speaker_name, speaker_text, anonymous, key, outlet, url in rows:
        speaker: dict[str, Any] | None
        if speaker_id is not None and speaker_id in names:
            speaker = {
                "id": speaker_id,
                "name": names[speaker_id][0],
                "label": names[speaker_id][1],
            }
        elif speaker_name or speaker_text:
            speaker = {"id": None, "name": speaker_name or speaker_text, "label": None}
        else:
            speaker = None
        chains.append(
            {
                "document": key,
                "outlet": outlet or outlet_of(url),
                "via": [
                    {"id": v, "name": names[v][0], "label": names[v][1]}
                    for v in (via or [])
                    if v in names
                ],
                "speaker": speaker,
                "anonymous": bool(anonymous),
            }
        )
    return chains


__all__ = ["UNKNOWN_OUTLET", "outlet_of", "source_chains"]
