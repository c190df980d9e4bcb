"""The article text cut into runs for highlighting: entity mentions, quotes, times and event
triggers may overlap, so the text is cut at every span boundary and each run knows which
spans cover it (the innermost of each kind)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Run:
    """A stretch of text and the annotations covering it (ids into the document's lists)."""

    start: int
    end: int
    text: str
    entity: str | None = None
    label: str | None = None
    quote: str | None = None
    time: str | None = None
    event: str | None = None

    @property
    def plain(self) -> bool:
        """Whether nothing covers the run."""
        return not (self.entity or self.quote or self.time or self.event)


Span = tuple[int, int, str]


class _Sweep:
    """The spans of one kind covering a moving position (spans open at their start)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.by_start: dict[int, list[Span]] = {}
        for span in spans:
            self.by_start.setdefault(span[0], []).append(span)
        self.active: list[Span] = []

    def at(self, start: int, end: int) -> str | None:
        """The innermost span covering ``[start, end)``."""
        self.active = [s for s in self.active if s[1] > start]
        self.active += self.by_start.get(start, [])
        covering = [s for s in self.active if s[1] >= end]
        if not covering:
            return None
        return min(covering, key=lambda s: (s[1] - s[0], s[0]))[2]


def text_runs(doc: Mapping[str, Any]) -> list[Run]:
    """Cut ``doc["document"]["text"]`` into runs covered by the same annotations.

    Args:
        doc: a storyline document (the contract's shape).
    """
    text: str = doc["document"]["text"]
    n = len(text)

    def clip(items: Sequence[tuple[int, int, str]]) -> list[Span]:
        return [(max(0, s), min(n, e), i) for s, e, i in items if 0 <= s < e and s < n]

    labels = {e["id"]: e["label"] for e in doc.get("entities", [])}
    mentions = clip(
        [(m["start"], m["end"], e["id"]) for e in doc.get("entities", []) for m in e["mentions"]]
    )
    quotes = clip([(q["start"], q["end"], q["id"]) for q in doc.get("quotes", [])])
    times = clip([(t["start"], t["end"], t["id"]) for t in doc.get("times", [])])
    events = clip(
        [(v["trigger"]["start"], v["trigger"]["end"], v["id"]) for v in doc.get("events", [])]
    )
    cuts = {0, n}
    for spans in (mentions, quotes, times, events):
        for s, e, _ in spans:
            cuts.update((s, e))
    bounds = sorted(cuts)
    sweeps = [_Sweep(spans) for spans in (mentions, quotes, times, events)]
    runs = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        entity, quote, time, event = (sweep.at(start, end) for sweep in sweeps)
        runs.append(
            Run(
                start=start,
                end=end,
                text=text[start:end],
                entity=entity,
                label=labels.get(entity) if entity else None,
                quote=quote,
                time=time,
                event=event,
            )
        )
    return runs


__all__ = ["Run", "text_runs"]
