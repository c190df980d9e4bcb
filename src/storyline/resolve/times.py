"""Kept for installs made before time moved to :mod:`storyline.extract.time`.

Their package metadata names this module as the entry point of
``storyline.time_normalizer.v1``; ``pyproject.toml`` now names the new home, and this
module can go once every environment has been reinstalled.
"""

from __future__ import annotations

from ..extract.time.normalise import make_time_normalizer

__all__ = ["make_time_normalizer"]
