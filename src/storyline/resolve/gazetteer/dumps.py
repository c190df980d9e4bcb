"""Adding GeoNames dumps (``allCountries.txt``, ``SY.txt``, zipped or not) to a built gazetteer."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import Errors, ResolveError
from storyline.resolve.translit import name_key, skeleton

from .schema import _KIND_ALT, _KIND_NAME, _is_latin, _spell

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
