"""The event taxonomy (``data/event_taxonomy.json``): ACLED's types and the non-ACLED family.

ACLED's six event types and 25 sub-event types, each with its ``disorder_type``, and a
separate family of five kinds ACLED does not code (organised crime, natural and man-made
disasters, diplomatic events, attribution of responsibility), flagged ``acled=False``; and
ACLED's eight actor types with their ``inter`` codes, the words that name such actors in
news text, and the ``interaction`` code of two of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..datafiles import Source, read_json
from ..errors import Errors, ExtractError

DATA_FILE: Source = "event_taxonomy.json"
"""The packaged data file read unless another path is given."""


@dataclass(frozen=True)
class Kind:
    """One sub-event type (or one kind of the non-ACLED family)."""

    type: str
    subtype: str
    disorder_type: str | None
    definition: str
    acled: bool


@dataclass(frozen=True)
class ActorType:
    """One of ACLED's actor types: its ``inter`` code and the words that name one."""

    inter: int
    name: str
    definition: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class StateOffices:
    """Words of offices held for a state (``actor_types.state_offices``): officials, the
    state's military and police forces, and the modifiers of a past holder."""

    words: tuple[str, ...] = ()
    military: tuple[str, ...] = ()
    police: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()

    def force(self, text: str) -> str | None:
        """ACLED's name of the state's actor that ``text`` names ("Military Forces",
        "Police Forces", "Government"), or None when it names no state office."""
        words = " " + " ".join(re.findall(r"[a-z0-9'-]+", text.lower())) + " "
        for name, kind in (("Police Forces", self.police), ("Military Forces", self.military)):
            if any(f" {w} " in words for w in kind):
                return name
        return "Government" if any(f" {w} " in words for w in self.words) else None


#: ties between actor words of equal length go to the more specific type first
_INTER_ORDER = (3, 2, 4, 8, 5, 6, 1, 7)


@dataclass(frozen=True)
class Taxonomy:
    """Every kind, looked up by ``(type, subtype)``; and the actor types."""

    kinds: tuple[Kind, ...]
    actor_types: tuple[ActorType, ...] = ()
    unidentified: tuple[str, ...] = field(default=())
    offices: StateOffices = field(default_factory=lambda: StateOffices())

    def actor_inter(self, name: str | None) -> int | None:
        """ACLED's inter code for an actor named ``name`` ("Gunmen" -> 3, "police" -> 1,
        "protesters" -> 6), by the longest actor word it holds; None when no word fits."""
        if not name:
            return None
        words = re.findall(r"[a-z0-9'-]+", name.lower())
        text = " " + " ".join(words) + " " + " ".join(_singular(w) for w in words) + " "
        best: tuple[int, int, int] | None = None  # (-length, order, inter)
        candidates = [(w, 3) for w in self.unidentified] + [
            (w, t.inter) for t in self.actor_types for w in t.words
        ]
        for word, inter in candidates:
            if f" {word} " in text:
                key = (-len(word.split()), _INTER_ORDER.index(inter), inter)
                if best is None or key < best:
                    best = key
        return best[2] if best is not None else None

    def actor_type_name(self, inter: int | None) -> str | None:
        """The name of the actor type with this inter code ("State forces"), or None."""
        return next((t.name for t in self.actor_types if t.inter == inter), None)

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
        data = read_json(where, ExtractError)
        kinds = [
            Kind(t["name"], s["name"], s["disorder_type"], s["definition"], True)
            for t in data["event_types"]
            for s in t["sub_event_types"]
        ]
        kinds += [
            Kind(o["name"], o["name"], None, o["definition"], False)
            for o in data["other_family"]["types"]
        ]
        actors = data.get("actor_types", {})
        types = tuple(
            ActorType(
                int(t["inter"]), t["name"], t["definition"], tuple(w.lower() for w in t["words"])
            )
            for t in actors.get("types", ())
        )
        unidentified = tuple(w.lower() for w in actors.get("unidentified", ()))
        held = actors.get("state_offices", {})
        offices = StateOffices(
            *(
                tuple(w.lower() for w in held.get(k, ()))
                for k in ("words", "military", "police", "past", "heads")
            )
        )
        return Taxonomy(tuple(kinds), types, unidentified, offices)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ExtractError(Errors.E204.format(path=where, reason=err)) from err


def _singular(word: str) -> str:
    """A plural's singular, for matching actor words: soldiers, gunmen, militiamen."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (1 and 7: 17); one side
    only: its code and 0 (6: 60); None when the first side is unknown."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


__all__ = [
    "DATA_FILE",
    "ActorType",
    "Kind",
    "StateOffices",
    "Taxonomy",
    "interaction",
    "load_taxonomy",
]
