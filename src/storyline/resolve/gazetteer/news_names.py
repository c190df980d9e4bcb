"""Names news writing gives places beyond the gazetteers' own: demonyms, state and province
abbreviations, and the countries at GeoNames' points.

- Countries move to the point GeoNames gives them (``data/country_points.tsv``), the point the
  geoparsing corpora score against, where countryinfo's differs.
- Demonyms ("Russian", "Sri Lankan") from countryinfo's ``demonym`` field and
  ``data/demonyms.tsv`` become names of kind ``demonym``: never matched as a place name, only
  by :meth:`Gazetteer.demonym`, so that a nationality word is kept apart from a literal place.
- US states gain their AP Stylebook abbreviations ("Ga.", "W.Va.") from the ``us`` package,
  Canadian provinces their Canadian Press ones ("Ont.", "B.C.") from
  ``data/province_abbreviations.tsv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import _KIND_ALT, _KIND_DEMONYM, _is_latin, _tsv_rows

if TYPE_CHECKING:
    from .build import _Builder

_PID, _GID, _NAME, _LAT, _LON, _COUNTRY, _FEATURE, _POP, _ADMIN1 = range(9)


def _by_feature(b: _Builder, feature: str) -> list[tuple[object, ...]]:
    return [row for row in b.places if row[_FEATURE] == feature]


def apply_country_points(b: _Builder) -> None:
    """Move each listed country to GeoNames' point for it."""
    points = {iso: (float(lat), float(lon)) for iso, lat, lon in _tsv_rows("country_points.tsv")}
    for i, row in enumerate(b.places):
        if row[_FEATURE] == "A.PCLI" and row[_COUNTRY] in points:
            lat, lon = points[str(row[_COUNTRY])]
            b.places[i] = (*row[:_LAT], lat, lon, *row[_LON + 1 :])


def add_demonyms(b: _Builder) -> None:
    """Demonyms of countries (countryinfo and the table) and continents (the table)."""
    from countryinfo import CountryInfo

    countries = {str(r[_COUNTRY]): int(str(r[_PID])) for r in _by_feature(b, "A.PCLI")}
    continents = {b.key(str(r[_NAME])): int(str(r[_PID])) for r in _by_feature(b, "L.CONT")}
    for rec in CountryInfo.all().values():
        iso = (rec.get("ISO") or {}).get("alpha2")
        if iso not in countries:
            continue
        for dem in str(rec.get("demonym") or "").split(","):
            if _is_latin(dem.strip()):
                b.add_name(countries[iso], dem.strip(), _KIND_DEMONYM)
    for dem, place, feature in _tsv_rows("demonyms.tsv"):
        pid = countries.get(place) if feature == "A.PCLI" else continents.get(b.key(place))
        if pid is not None:
            b.add_name(pid, dem, _KIND_DEMONYM)


def add_division_abbreviations(b: _Builder) -> None:
    """AP abbreviations of US states, Canadian Press abbreviations of Canadian provinces."""
    import us

    divisions = _by_feature(b, "A.ADM1")
    us_states = {str(r[_ADMIN1]): int(str(r[_PID])) for r in divisions if r[_COUNTRY] == "US"}
    for st in us.states.STATES_AND_TERRITORIES:
        pid = us_states.get(st.abbr)
        if pid is not None and st.ap_abbr and st.ap_abbr != st.name:
            b.add_name(pid, st.ap_abbr, _KIND_ALT)
    by_name = {(str(r[_COUNTRY]), b.key(str(r[_NAME]))): int(str(r[_PID])) for r in divisions}
    for abbr, iso, name in _tsv_rows("province_abbreviations.tsv"):
        pid = by_name.get((iso, b.key(name)))
        if pid is not None:
            b.add_name(pid, abbr, _KIND_ALT)
