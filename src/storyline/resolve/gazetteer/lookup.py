"""Read-only access to the gazetteer: exact and fuzzy name lookups."""

from __future__ import annotations

import sqlite3
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from storyline.config import get_settings
from storyline.errors import Errors, ResolveError
from storyline.resolve.translit import name_key, skeleton

from .build import _build_in_child
from .disambiguate import _prior
from .schema import (
    _KIND_CODE,
    _KIND_DEMONYM,
    FUZZY_THRESHOLD,
    SCHEMA_VERSION,
    Candidate,
    PlaceContext,
    _Match,
    _spell,
    _written_in_capitals,
    data_fingerprint,
)

# --------------------------------------------------------------------------- querying


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
        data = con.execute("SELECT value FROM meta WHERE key='data'").fetchone()
        if (schema is None or schema[0] != SCHEMA_VERSION) or (
            data is None or data[0] != data_fingerprint()
        ):
            # built by another schema or from older packaged data (an upgrade): rebuild
            # once, then open that
            con.close()
            _build_in_child(path)
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                schema = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            except sqlite3.Error as exc:
                raise ResolveError(Errors.E301.format(path=path, reason=exc)) from exc
            if schema is None or schema[0] != SCHEMA_VERSION:
                con.close()
                raise ResolveError(Errors.E301.format(path=path, reason="unknown schema version"))
        return cls(con, path)

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    def _query(self, key: str) -> tuple[_Match, ...]:
        """All entries with this name key, best prior first (cached)."""
        rows = self._con.execute(
            "SELECT p.id, p.geonames_id, p.name, p.lat, p.lon, p.country, p.feature,"
            " p.population, p.admin1, n.kind, n.spell, p.admin2"
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
                    admin2=r[11],
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
        spell = _spell(name)
        # a code matches only as written ("TTC" is not "TC", though their keys agree)
        return [
            m
            for m in self._matches(key)
            if m.kind != _KIND_DEMONYM and (m.kind != _KIND_CODE or (caps and spell in m.spells))
        ]

    def demonym(self, name: str) -> Candidate | None:
        """The country or continent a demonym names ("Russian", "Sri Lankan"), if it is one.

        Plurals ("Russians") are people, not the place, and are not matched.

        Args:
            name: The word(s) as written; it must start with a capital.

        Returns:
            The country (or continent), or None.
        """
        text = name.strip()
        if not text[:1].isupper():
            return None
        key = name_key(text)
        if not key:
            return None
        # the demonym's own spelling: "Argentine" shares its key with "Argentina"
        rows = self._con.execute(
            "SELECT p.geonames_id, p.name, p.lat, p.lon, p.country, p.feature, p.population,"
            " p.admin1 FROM names n JOIN places p ON p.id = n.place"
            " WHERE n.key = ? AND n.kind = ? AND n.spell = ?",
            (key, _KIND_DEMONYM, _spell(text)),
        ).fetchall()
        found = [
            Candidate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], matched=key) for r in rows
        ]
        if not found:
            return None
        # "American" is the demonym of the United States before the Northern Mariana Islands
        return max(found, key=lambda c: (_prior(c, _KIND_DEMONYM), c.population))

    def admin1_name(self, country: str | None, code: str | None) -> str | None:
        """The name of the first-level division with this GeoNames admin1 code, if known."""
        if not country or not code:
            return None
        return self._admin1_names.get((country, code))

    @cached_property
    def _admin1_names(self) -> dict[tuple[str, str], str]:
        """Every first-level division's name by (country, admin1 code), read in one scan.

        The places table has no index on (feature, country, admin1), so a query per name
        scanned all of it (18 ms a call); the divisions are a few thousand rows.
        """
        rows = self._con.execute(
            "SELECT country, admin1, name FROM places WHERE feature = 'A.ADM1'"
            " AND country IS NOT NULL AND admin1 IS NOT NULL"
            " ORDER BY geonames_id IS NOT NULL, population, id DESC"
        ).fetchall()
        # written last, kept: GeoNames' own division of the code (a subdivision that lies in
        # it, "Kent" in England's ENG, has no GeoNames id), the most populous, the first stored
        return {(str(c), str(a)): str(n) for c, a, n in rows}

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
                if m.kind in (_KIND_CODE, _KIND_DEMONYM):
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
        """The place a mention most likely refers to (see :func:`.disambiguate.resolve`)."""
        from .disambiguate import resolve

        return resolve(self, name, context)
