"""The gazetteer file's schema, its records and the helpers every part shares.

Schema::

    places(id, geonames_id, name, lat, lon, country, feature, population, admin1, admin2)
                                   admin1 = GeoNames admin1 code, admin2 = the name of a
                                   town's second-level division (county, district)
    names(key, place, spell, kind) kind 0 = the place's own name, 1 = alternate name,
                                   2 = code or abbreviation, matched only when written in capitals,
                                   3 = demonym ("Russian"), matched only by Gazetteer.demonym;
                                   spell = 16-bit hash of the folded spelling, to tell an exact
                                   spelling from a transliteration variant with the same key
    skeletons(skel, key)           blocking index for fuzzy lookups
    meta(key, value)
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from storyline.datafiles import read_text
from storyline.errors import ResolveError
from storyline.resolve.translit import fold

SCHEMA_VERSION = "2"
#: bump when the build changes what goes into the index (triggers a rebuild on open)
BUILD_VERSION = "7"
FUZZY_THRESHOLD = 0.85
NEAR_KM = 500.0
SMALL_PLACE = 15_000  # below this a town needs support from the document
STRICT_LABELS = frozenset({"PERSON", "ORG"})
PHYSICAL_PRIOR = 6.0  # a curated physical feature or region weighs like a city of a million
ADM1_PRIOR = 6.0

_KIND_NAME, _KIND_ALT, _KIND_CODE, _KIND_DEMONYM = 0, 1, 2, 3
_NON_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\u2018\u2019\u02B9-\u02BF]")
_HAS_DIGIT = re.compile(r"\d")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(
    id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL,
    admin1 TEXT, admin2 TEXT);
CREATE TABLE names(key TEXT NOT NULL, place INTEGER NOT NULL, spell INTEGER NOT NULL,
    kind INTEGER NOT NULL, PRIMARY KEY(key, place, spell)) WITHOUT ROWID;
CREATE TABLE skeletons(skel TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY(skel, key)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE UNIQUE INDEX places_geonames ON places(geonames_id) WHERE geonames_id IS NOT NULL;
"""


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry that a name may refer to.

    Attributes:
        geonames_id: The GeoNames id, when the entry comes from GeoNames data.
        name: The gazetteer's own name for the place.
        lat: Latitude in degrees.
        lon: Longitude in degrees.
        country: ISO 3166-1 alpha-2 code, None for places spanning several countries.
        feature: GeoNames ``class.code``: ``A.PCLI`` country, ``A.ADM1`` first-level division,
            ``A.ADM2`` second-level division (county, district),
            ``P.PPLC`` capital, ``P.PPL`` town, ``H.STM`` river, ``L.RGN`` region...
        population: Population (0 when unknown or not applicable).
        admin1: The GeoNames admin1 code of a town, when known.
        matched: The gazetteer name key that matched the query.
        evidence: Why :func:`resolve` chose it (``within``, ``division``, ``country``,
            ``near``, ``prior``, ``variant``), empty from a plain lookup.
        admin2: The name of a town's second-level division (county, district), when known.
    """

    geonames_id: int | None
    name: str
    lat: float
    lon: float
    country: str | None
    feature: str
    population: int
    admin1: str | None
    matched: str
    evidence: str = ""  # why it was chosen, a key of EVIDENCE_CONFIDENCE (set by resolve)
    admin2: str | None = None


@dataclass
class PlaceContext:
    """What the document says about where it is.

    Attributes:
        countries: ISO2 codes of the countries mentioned in the document.
        points: (lat, lon) of other places already resolved unambiguously.
        label: spaCy label of the mention (GPE, LOC, FAC, ORG, PERSON), if known.
        divisions: (country, admin1 code) of the first-level divisions the document names.
        within: (country, admin1 code or None) the mention is written inside ("Athens, Ga.":
            the town is in that state), or None.
        own: the countries of ``countries`` that only this mention names ("Palestine" in a
            story that names Texas and no other Middle East place).
        named_times: how many mentions name each of ``divisions`` (the more named wins
            among candidates of named divisions).
    """

    countries: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    label: str | None = None
    divisions: set[tuple[str, str]] = field(default_factory=set)
    within: tuple[str, str | None] | None = None
    own: set[str] = field(default_factory=set)
    named_times: dict[tuple[str, str], int] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


#: packaged files the index is built from: a change in any of them triggers a rebuild
DATA_FILES = (
    "country_aliases.tsv",
    "country_points.tsv",
    "demonyms.tsv",
    "physical_features.tsv",
    "province_abbreviations.tsv",
    "transliteration.json",
)


def data_fingerprint() -> str:
    """A short hash of the schema version and the packaged data the index is built from."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{BUILD_VERSION}".encode())
    for name in DATA_FILES:
        digest.update(read_text(name, ResolveError).encode("utf-8"))
    return digest.hexdigest()[:16]


def _tsv_rows(name: str) -> Iterator[list[str]]:
    """The non-comment rows of a data TSV file."""
    for line in read_text(name, ResolveError).splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _is_latin(name: str) -> bool:
    """True for a name written in Latin script, without digits (no codes or postcodes)."""
    return bool(name) and not _NON_LATIN.search(name) and not _HAS_DIGIT.search(name)


def _written_in_capitals(name: str) -> bool:
    """True for ``US``, ``U.S.`` or ``UAE``: the only way a code may match."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _spell(name: str) -> int:
    """A 16-bit hash of the folded spelling: same key, same spelling?"""
    return zlib.crc32(fold(name).encode("utf-8")) & 0xFFFF


@dataclass(frozen=True)
class _Match:
    """A candidate with how its name matched: the best kind and the spellings seen."""

    cand: Candidate
    kind: int
    spells: frozenset[int]
