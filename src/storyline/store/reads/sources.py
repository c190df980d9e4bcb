"""The quotes' reporting chains: outlet, outer sources, speaker."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from ...batches import batched
from ..tables import Document, KbEntity, KbQuote
from .records import CountedChain, SourceChain, SourceStep

UNKNOWN_OUTLET = "outlet not given"


def outlet_of(url: str | None) -> str:
    """The outlet of a document with no ``source``: its web site (``news.example.org``), else
    one shared node for every document of no known outlet, never the document itself."""
    from urllib.parse import urlsplit

    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or UNKNOWN_OUTLET


def source_chains(session: Session, limit: int = 5000) -> list[SourceChain]:
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
    names = _names(session, sorted(wanted))
    chains = []
    for via, speaker_id, speaker_name, speaker_text, anonymous, key, outlet, url in rows:
        speaker: SourceStep | None
        if speaker_id is not None and speaker_id in names:
            speaker = SourceStep(speaker_id, *names[speaker_id])
        elif speaker_name or speaker_text:
            speaker = SourceStep(None, speaker_name or speaker_text or "", None)
        else:
            speaker = None
        steps = tuple(SourceStep(v, *names[v]) for v in (via or []) if v in names)
        chains.append(SourceChain(key, outlet or outlet_of(url), steps, speaker, bool(anonymous)))
    return chains


def source_counts(
    session: Session, outlets: int | None = None, sources: int | None = None
) -> list[CountedChain]:
    """The reporting chains of :func:`source_chains` counted: one row per outlet, outer
    sources and speaker, with ``quotes``, how many quotes took that chain (a document of no
    named outlet is counted under its web site), most quotes first.

    With ``outlets`` and ``sources``, only the outlets and the sources (outer sources and
    speakers) most quotes pass through keep their names; the rest are counted as one outlet,
    :data:`OTHER_OUTLETS`, and one source, :data:`OTHER_SOURCES`, so the rows stay few
    however many quotes there are (names are read for the kept sources only).
    """
    url = case((Document.source.is_(None), Document.url), else_=None)
    # a linked speaker is one source whatever the words: its name is read once, by id
    speaker = case(
        (
            KbQuote.speaker_entity_id.is_(None),
            func.coalesce(KbQuote.speaker_name, KbQuote.speaker_text),
        ),
        else_=None,
    )
    via = cast(KbQuote.via, String)
    rows = session.execute(
        select(Document.source, url, KbQuote.speaker_entity_id, speaker, KbQuote.anonymous)
        .add_columns(via, func.count())
        .join(Document, Document.id == KbQuote.document_id)
        .group_by(Document.source, url, KbQuote.speaker_entity_id, speaker, KbQuote.anonymous, via)
    ).all()
    parsed: dict[str | None, tuple[Any, ...]] = {}
    counted: dict[_Key, int] = {}
    for outlet, site, speaker_id, name, anonymous, via_text, n in rows:
        if via_text not in parsed:
            parsed[via_text] = tuple(("id", int(v)) for v in json.loads(via_text or "[]"))
        who = ("id", speaker_id, name) if speaker_id is not None else ("name", name)
        spoke = who if name or speaker_id else _NONE
        key: _Key = (outlet or outlet_of(site), parsed[via_text], spoke, bool(anonymous))
        counted[key] = counted.get(key, 0) + int(n)
    if outlets is not None or sources is not None:
        counted = _fold(counted, outlets, sources)
    ids = {k[1] for key in counted for k in (*key[1], key[2]) if k[0] == "id"}
    names = _names(session, sorted(ids))
    chains = [
        CountedChain(
            outlet,
            tuple(step for v in via if (step := _step(v, names)) is not None),
            _step(who, names),
            anonymous,
            n,
        )
        for (outlet, via, who, anonymous), n in counted.items()
    ]
    return sorted(chains, key=lambda c: (-c.quotes, c.outlet))


_Key = tuple[str, tuple[Any, ...], tuple[Any, ...], bool]
_NONE: tuple[Any, ...] = ("none",)
_OTHER: tuple[Any, ...] = ("other",)
OTHER_OUTLETS = "other outlets"
OTHER_SOURCES = "other sources"


def _source(step: tuple[Any, ...]) -> tuple[Any, ...]:
    """A source's identity: its entity id, else its name (a speaker's name varies)."""
    return step[:2]


def _fold(counted: dict[_Key, int], outlets: int | None, sources: int | None) -> dict[_Key, int]:
    """``counted`` with every outlet and source outside the most quoted ones folded into
    one "other" each."""
    by_outlet: dict[str, int] = {}
    by_source: dict[tuple[Any, ...], int] = {}
    for (outlet, via, who, _), n in counted.items():
        by_outlet[outlet] = by_outlet.get(outlet, 0) + n
        for step in (*via, who):
            by_source[_source(step)] = by_source.get(_source(step), 0) + n
    keep_o = set(sorted(by_outlet, key=lambda k: (-by_outlet[k], k))[:outlets])
    keep_s = set(sorted(by_source, key=lambda k: (-by_source[k], str(k)))[:sources])
    folded: dict[_Key, int] = {}
    for (outlet, via, who, anonymous), n in counted.items():
        kept = _source(who) in keep_s
        key = (
            outlet if outlet in keep_o else OTHER_OUTLETS,
            tuple(v if _source(v) in keep_s else _OTHER for v in via),
            who if kept else _OTHER,
            anonymous and kept,
        )
        folded[key] = folded.get(key, 0) + n
    return folded


def _step(step: tuple[Any, ...], names: dict[int, tuple[str, str]]) -> SourceStep | None:
    """A chain's step as a name with its knowledge-base id (None: no speaker)."""
    if step == _OTHER:
        return SourceStep(None, OTHER_SOURCES, None)
    if step[0] == "id" and step[1] in names:
        return SourceStep(step[1], *names[step[1]])
    if len(step) > 2 and step[2] or step[0] == "name":
        return SourceStep(None, step[-1], None)
    return None


def _names(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    names: dict[int, tuple[str, str]] = {}
    for chunk in batched(ids, 500):
        for eid, name, label in session.execute(
            select(KbEntity.id, KbEntity.name, KbEntity.label).where(KbEntity.id.in_(chunk))
        ):
            names[eid] = (name, label)
    return names


__all__ = [
    "OTHER_OUTLETS",
    "OTHER_SOURCES",
    "UNKNOWN_OUTLET",
    "outlet_of",
    "source_chains",
    "source_counts",
]
