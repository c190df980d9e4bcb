"""The quotes' reporting chains: outlet, outer sources, speaker."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, case, cast, func, select
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


def source_counts(session: Session) -> list[dict[str, Any]]:
    """The reporting chains of :func:`source_chains` counted in SQL: one row per outlet,
    outer sources and speaker, with ``quotes``, how many quotes took that chain (a
    document of no named outlet is counted under its web site)."""
    url = case((Document.source.is_(None), Document.url), else_=None)
    speaker = func.coalesce(KbQuote.speaker_name, KbQuote.speaker_text)
    via = cast(KbQuote.via, String)
    rows = session.execute(
        select(
            Document.source,
            url,
            KbQuote.speaker_entity_id,
            speaker,
            KbQuote.anonymous,
            via,
            func.count(),
        )
        .join(Document, Document.id == KbQuote.document_id)
        .group_by(Document.source, url, KbQuote.speaker_entity_id, speaker, KbQuote.anonymous, via)
    ).all()
    vias = {r[5]: [int(v) for v in json.loads(r[5] or "[]")] for r in rows}
    wanted = {v for ids in vias.values() for v in ids} | {r[2] for r in rows if r[2] is not None}
    names = _names(session, sorted(wanted))
    counted: dict[tuple[Any, ...], dict[str, Any]] = {}
    for outlet, site, speaker_id, speaker_name, anonymous, via_text, n in rows:
        chain = _chain(names, vias[via_text], speaker_id, speaker_name)
        key = (outlet or outlet_of(site), chain[0], chain[1], bool(anonymous))
        row = counted.setdefault(
            key,
            {
                "outlet": key[0],
                "via": [{"id": v, "name": names[v][0], "label": names[v][1]} for v in chain[0]],
                "speaker": chain[2],
                "anonymous": key[3],
                "quotes": 0,
            },
        )
        row["quotes"] += int(n)
    return sorted(counted.values(), key=lambda r: (-r["quotes"], r["outlet"]))


def _names(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    names: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        for eid, name, label in session.execute(
            select(KbEntity.id, KbEntity.name, KbEntity.label).where(
                KbEntity.id.in_(ids[i : i + 500])
            )
        ):
            names[eid] = (name, label)
    return names


def _chain(
    names: dict[int, tuple[str, str]], via: list[int], speaker_id: int | None, speaker: str | None
) -> tuple[tuple[int, ...], tuple[Any, ...], dict[str, Any] | None]:
    """The known outer sources, a hashable key of the speaker, and the speaker."""
    known = tuple(v for v in via if v in names)
    if speaker_id is not None and speaker_id in names:
        name, label = names[speaker_id]
        return known, ("id", speaker_id), {"id": speaker_id, "name": name, "label": label}
    if speaker:
        return known, ("name", speaker), {"id": None, "name": speaker, "label": None}
    return known, ("none",), None


__all__ = ["UNKNOWN_OUTLET", "outlet_of", "source_chains", "source_counts"]
