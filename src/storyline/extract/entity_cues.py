"""The word lists of the entity component, from ``data/entity_cues.json`` (read once)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..datafiles import read_json
from ..errors import ExtractError


@dataclass(frozen=True)
class Cues:
    """Word lists from ``data/entity_cues.json``."""

    place_heads: frozenset[str]
    place_suffixes: frozenset[str]
    place_prepositions: frozenset[str]
    facility_heads: frozenset[str]
    person_titles: frozenset[str]
    person_particles: frozenset[str]
    article_particles: frozenset[str]
    team_roles_after: frozenset[str]
    team_words_before: frozenset[str]

    @property
    def teams(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words after and before a name that make it a team."""
        return self.team_roles_after, self.team_words_before


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The entity cue lists (read once)."""
    raw: dict[str, Any] = read_json("entity_cues.json", ExtractError)
    return Cues(**{k: frozenset(raw[k]) for k in Cues.__dataclass_fields__})


__all__ = ["Cues", "load_cues"]
