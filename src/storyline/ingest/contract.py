"""Analysed documents read back: the contract's JSON (``schema: storyline/1``) as records.

``storyline batch`` (Ray) and ``analyze --format jsonl`` write the contract; ``ingest`` reads
it back without the model, so that a corpus analysed on a cluster is stored at store speed
and never analysed twice. Each object is checked as it is turned into records: a missing or
mistyped field is E115 naming the field (``entities[3].mentions[0].start``), an unknown
schema E116. Fields the contract allows to be added are ignored.
"""

from __future__ import annotations

from typing import Any

from ..dates import parse_day as parse_date
from ..errors import Errors, IngestError
from ..records import (
    SCHEMA,
    Alias,
    AnalyzedDocument,
    Article,
    Conflict,
    Entity,
    Event,
    EventActor,
    FatalityReport,
    Mention,
    Place,
    Quote,
    Speaker,
    TimeRef,
)

CERTAINTIES = ("asserted", "reported", "hedged")


def is_contract(record: dict[str, Any]) -> bool:
    """Whether a JSON object is an analysed document (or an error record) of the contract."""
    return "schema" in record and isinstance(record.get("document"), dict)


class _Reader:
    """Typed access to one object, with the path of each field for error messages."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, expected: str) -> IngestError:
        return IngestError(Errors.E115.format(path=self.origin, field=where, expected=expected))

    def get(
        self, obj: Any, key: str, where: str, kind: type | tuple[type, ...], *, null: bool = False
    ) -> Any:
        if not isinstance(obj, dict) or (key not in obj and not null):
            raise self.fail(f"{where}.{key}".lstrip("."), _name(kind))
        value = obj.get(key)
        if value is None and null:
            return None
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(f"{where}.{key}".lstrip("."), _name(kind))
        if not isinstance(value, kind):
            raise self.fail(f"{where}.{key}".lstrip("."), _name(kind))
        return value

    def choice(self, obj: Any, key: str, where: str, options: tuple[str, ...]) -> Any:
        value = self.get(obj, key, where, str)
        if value not in options:
            raise self.fail(f"{where}.{key}".lstrip("."), " or ".join(options))
        return value

    def items(self, obj: Any, key: str, where: str) -> list[tuple[str, Any]]:
        values = self.get(obj, key, where, list)
        return [(f"{where}.{key}[{i}]".lstrip("."), v) for i, v in enumerate(values)]

    def strings(self, obj: Any, key: str, where: str) -> tuple[str, ...]:
        out = []
        for at, value in self.items(obj, key, where):
            if not isinstance(value, str):
                raise self.fail(at, "string")
            out.append(value)
        return tuple(out)

    def mention(self, obj: Any, where: str) -> Mention:
        return Mention(
            self.get(obj, "start", where, int),
            self.get(obj, "end", where, int),
            self.get(obj, "text", where, str),
        )


def _name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "object",
        bool: "true or false",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def document_from_dict(obj: dict[str, Any], origin: str) -> AnalyzedDocument:
    """The records of one contract object.

    Raises:
        IngestError: E116 for another schema, E115 for a missing or mistyped field.
    """
    r = _Reader(origin)
    if obj.get("schema") != SCHEMA:
        raise IngestError(Errors.E116.format(path=origin, schema=obj.get("schema"), known=SCHEMA))
    d = r.get(obj, "document", "", dict)
    published = r.get(d, "published", "document", str, null=True)
    article = Article(
        id=r.get(d, "id", "document", str),
        text=r.get(d, "text", "document", str),
        title=r.get(d, "title", "document", str, null=True),
        source=r.get(d, "source", "document", str, null=True),
        url=r.get(d, "url", "document", str, null=True),
        published=parse_date(published) if published else None,
        language=r.get(d, "language", "document", str, null=True) or "en",
        origin=origin,
    )
    if published and article.published is None:
        raise r.fail("document.published", "YYYY-MM-DD")
    return AnalyzedDocument(
        article=article,
        entities=tuple(_entity(r, e, at) for at, e in r.items(obj, "entities", "")),
        quotes=tuple(_quote(r, q, at) for at, q in r.items(obj, "quotes", "")),
        times=tuple(_time(r, t, at) for at, t in r.items(obj, "times", "")),
        events=tuple(_event(r, e, at) for at, e in r.items(obj, "events", "")),
        conflicts=tuple(
            Conflict(
                r.get(c, "id", at, str),
                r.get(c, "about", at, str),
                r.strings(c, "items", at),
                r.get(c, "note", at, str),
            )
            for at, c in r.items(obj, "conflicts", "")
        ),
    )


def _optional(r: _Reader, place: dict[str, Any], key: str, at: str, kind: Any) -> Any:
    """An optional key of a place (older records lack it)."""
    return r.get(place, key, f"{at}.place", kind, null=True) if key in place else None


def _entity(r: _Reader, e: Any, at: str) -> Entity:
    place = r.get(e, "place", at, dict, null=True)
    return Entity(
        id=r.get(e, "id", at, str),
        name=r.get(e, "name", at, str),
        label=r.get(e, "label", at, str),
        mentions=tuple(r.mention(m, where) for where, m in r.items(e, "mentions", at)),
        place=None
        if place is None
        else Place(
            lat=float(r.get(place, "lat", f"{at}.place", (int, float))),
            lon=float(r.get(place, "lon", f"{at}.place", (int, float))),
            country=r.get(place, "country", f"{at}.place", str, null=True),
            geonames_id=r.get(place, "geonames_id", f"{at}.place", int, null=True),
            feature=r.get(place, "feature", f"{at}.place", str, null=True),
            admin1=_optional(r, place, "admin1", at, str),
            admin2=_optional(r, place, "admin2", at, str),
            kind=_optional(r, place, "kind", at, str) or "literal",
            confidence=_optional(r, place, "confidence", at, (int, float)),
        ),
        aliases=tuple(
            Alias(r.get(a, "name", where, str), r.get(a, "alias_reason", where, str))
            for where, a in (r.items(e, "aliases", at) if "aliases" in e else [])
        ),
    )


def _quote(r: _Reader, q: Any, at: str) -> Quote:
    speaker = r.get(q, "speaker", at, dict, null=True)
    return Quote(
        id=r.get(q, "id", at, str),
        kind=r.choice(q, "kind", at, ("direct", "indirect")),
        start=r.get(q, "start", at, int),
        end=r.get(q, "end", at, int),
        text=r.get(q, "text", at, str),
        speaker=None
        if speaker is None
        else Speaker(
            r.get(speaker, "entity", f"{at}.speaker", str, null=True),
            r.get(speaker, "text", f"{at}.speaker", str),
            r.get(speaker, "name", f"{at}.speaker", str),
            r.get(speaker, "start", f"{at}.speaker", int, null=True),
            r.get(speaker, "end", f"{at}.speaker", int, null=True),
        ),
        cue=r.get(q, "cue", at, str, null=True),
        anonymous=bool(r.get(q, "anonymous", at, bool)),
        via=r.strings(q, "via", at),
        certainty=r.choice(q, "certainty", at, CERTAINTIES) if "certainty" in q else "reported",
        hedge=r.get(q, "hedge", at, str, null=True),
    )


def _time(r: _Reader, t: Any, at: str) -> TimeRef:
    return TimeRef(
        id=r.get(t, "id", at, str),
        start=r.get(t, "start", at, int),
        end=r.get(t, "end", at, int),
        text=r.get(t, "text", at, str),
        type=r.choice(t, "type", at, ("DATE", "TIME", "DURATION", "SET")),
        value=r.get(t, "value", at, str, null=True),
        earliest=r.get(t, "earliest", at, str, null=True),
        latest=r.get(t, "latest", at, str, null=True),
        anchor=r.get(t, "anchor", at, str, null=True),
    )


def _event(r: _Reader, e: Any, at: str) -> Event:
    return Event(
        id=r.get(e, "id", at, str),
        type=r.get(e, "type", at, str),
        subtype=r.get(e, "subtype", at, str, null=True),
        detail=e.get("detail") if isinstance(e, dict) else None,
        trigger=r.mention(r.get(e, "trigger", at, dict), f"{at}.trigger"),
        actors=r.strings(e, "actors", at),
        targets=r.strings(e, "targets", at),
        place=r.get(e, "place", at, str, null=True),
        time=r.get(e, "time", at, str, null=True),
        fatalities=r.get(e, "fatalities", at, int, null=True),
        fatalities_text=e.get("fatalities_text"),
        sources=r.strings(e, "sources", at),
        certainty=r.choice(e, "certainty", at, CERTAINTIES),
        mentions=tuple(r.mention(m, w) for w, m in r.items(e, "mentions", at))
        if "mentions" in e
        else (),
        participants=r.strings(e, "participants", at) if "participants" in e else (),
        related=r.strings(e, "related", at) if "related" in e else (),
        fatality_reports=tuple(
            FatalityReport(
                r.get(f, "count", w, int, null=True),
                r.get(f, "text", w, str),
                r.get(f, "source", w, str, null=True),
            )
            for w, f in (r.items(e, "fatality_reports", at) if "fatality_reports" in e else [])
        ),
        actor1=_event_actor(r, e, "actor1", at),
        actor2=_event_actor(r, e, "actor2", at),
        interaction=r.get(e, "interaction", at, int, null=True),
    )


def _event_actor(r: _Reader, e: Any, key: str, at: str) -> EventActor | None:
    a = r.get(e, key, at, dict, null=True)
    if a is None:
        return None
    w = f"{at}.{key}"
    return EventActor(
        name=r.get(a, "name", w, str),
        text=r.get(a, "text", w, str),
        entity=r.get(a, "entity", w, str, null=True),
        type=r.get(a, "type", w, str, null=True),
        inter=r.get(a, "inter", w, int, null=True),
    )


__all__ = ["document_from_dict", "is_contract"]
