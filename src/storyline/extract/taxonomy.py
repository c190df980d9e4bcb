"""The event taxonomy (``data/event_taxonomy.json``): ACLED's types and the non-ACLED family.

ACLED's six event types and 25 sub-event types, each with its ``disorder_type``, and a
separate family of five kinds ACLED does not code (organised crime, natural and man-made
disasters, diplomatic events, attribution of responsibility), flagged ``acled=False``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import Errors, ExtractError

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "event_taxonomy.json"


@dataclass(frozen=True)
class Kind:
    """One sub-event type (or one kind of the non-ACLED family)."""

    type: str
    subtype: str
    disorder_type: str | None
    definition: str
    acled: bool


@dataclass(frozen=True)
class Taxonomy:
    """Every kind, looked up by ``(type, subtype)``."""

    kinds: tuple[Kind, ...]

    def get(self, etype: str, subtype: str | None) -> Kind | None:
        """The kind of an event, or None when ``(type, subtype)`` is not in the taxonomy."""
        for kind in self.kinds:
            if kind.type == etype and kind.subtype == (subtype or etype):
                return kind
        return None

    def is_acled(self, etype: str, subtype: str | None) -> bool:
        """Whether ACLED codes this kind (False for the non-ACLED family and unknown kinds)."""
        kind = self.get(etype, subtype)
        return kind is not None and kind.acled

    def disorder_type(self, etype: str, subtype: str | None) -> str | None:
        """ACLED's ``disorder_type`` of the kind; None outside ACLED."""
        kind = self.get(etype, subtype)
        return kind.disorder_type if kind is not None else None

    @property
    def acled_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k.type for k in self.kinds if k.acled))


@lru_cache(maxsize=2)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read the taxonomy (default: the packaged ``event_taxonomy.json``).

    Raises:
        ExtractError: E204 when the file is missing or malformed.
    """
    where = path or DATA_FILE
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        kinds = [
            Kind(t["name"], s["name"], s["disorder_type"], s["definition"], True)
            for t in data["event_types"]
            for s in t["sub_event_types"]
        ]
        kinds += [
            Kind(o["name"], o["name"], None, o["definition"], False)
            for o in data["other_family"]["types"]
        ]
        return Taxonomy(tuple(kinds))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ExtractError(Errors.E204.format(path=where, reason=err)) from err


__all__ = ["DATA_FILE", "Kind", "Taxonomy", "load_taxonomy"]
