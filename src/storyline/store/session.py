"""Engines, sessions and migrations of the knowledge base.

``open_engine(url)`` accepts ``sqlite:///path`` and ``postgresql+psycopg://...`` URLs;
``upgrade(url)`` runs the packaged Alembic migrations (``storyline db upgrade``) through
Alembic's Python API, so that it works from an installed wheel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..config import get_settings
from ..errors import Errors, MissingExtra, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str | None) -> str:
    """The database URL: ``url`` if given, else the ``db`` setting (``STORYLINE_DB``)."""
    return url or get_settings().db


SQLITE_PAGE_SIZE = 2048
"""Page size of new SQLite files. An article's ingest touches some hundred pages at random
(index entries of its mentions, its entities' rows, its LSH bands) and each is written to
the WAL whole: 2 KiB pages write half the bytes of the 4 KiB default (measured: ingest
about 10 % faster), while an article's text still fits a page or two. It takes effect
only when the file is created (before the first table); existing files keep theirs."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA wal_autocheckpoint=20000")
    cur.close()


@lru_cache(maxsize=16)
def open_engine(url: str) -> Engine:
    """An engine for ``url`` (cached per URL).

    Raises:
        StoreError: E401 when the URL is malformed or the server cannot be reached.
        MissingExtra: E405 when the PostgreSQL driver is not installed.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreError(Errors.E401.format(url=url, reason=err)) from err
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ModuleNotFoundError, NoSuchModuleError) as err:
        raise MissingExtra(Errors.E405.format(extra="postgres")) from err
    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(url: str, revision: str = "head") -> str:
    """Migrate the knowledge base at ``url`` to ``revision``; returns the revision reached."""
    from alembic import command

    engine = open_engine(url)
    cfg = _alembic_config(engine)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except OperationalError as err:
        raise StoreError(Errors.E401.format(url=_safe(url), reason=err.orig)) from err
    return current_revision(engine) or ""


def head_revision() -> str:
    """The newest migration shipped with this version of storyline."""
    from alembic.script import ScriptDirectory

    cfg_script = ScriptDirectory(str(MIGRATIONS))
    return cfg_script.get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as err:
        raise StoreError(Errors.E401.format(url=_safe(str(engine.url)), reason=err.orig)) from err


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _checked(url: str) -> bool:
    """Raise unless ``url`` holds a knowledge base at the newest schema, creating nothing:
    a mistyped SQLite path must not leave an empty file behind (connecting creates one)."""
    if url in _CHECKED:
        return True
    path = _sqlite_file(url)
    if path is not None and not path.exists():
        raise StoreError(Errors.E412.format(url=_safe(url)))
    revision = current_revision(open_engine(url))
    if revision is None:
        raise StoreError(Errors.E412.format(url=_safe(url)))
    if revision != head_revision():
        raise StoreError(Errors.E403.format(url=_safe(url)))
    _CHECKED.add(url)
    return True


_CHECKED: set[str] = set()
"""URLs already checked in this process (the check costs a connection and a query)."""


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_database(url: str | None = None, *, create: bool = False) -> Engine:
    """The engine of a migrated knowledge base.

    Args:
        url: database URL; default the ``db`` setting.
        create: migrate to the newest schema first (what ``ingest`` does).

    Raises:
        StoreError: E403 when the schema is not at the newest migration and ``create`` is off.
    """
    real = resolve_url(url)
    if create:
        if current_revision(open_engine(real)) != head_revision():
            upgrade(real)
    else:
        _checked(real)
    return open_engine(real)


@lru_cache(maxsize=16)
def _factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    with _factory(engine)() as session, session.begin():
        yield session


def analyze(engine: Engine) -> None:
    """Refresh the query planner's statistics (PostgreSQL ``ANALYZE``, outside any
    transaction; SQLite plans from its indexes alone, and is left as it is)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def table_names(engine: Engine) -> list[str]:
    """The tables present (for checks and tests)."""
    return sorted(inspect(engine).get_table_names())


__all__ = [
    "MIGRATIONS",
    "current_revision",
    "head_revision",
    "open_database",
    "open_engine",
    "resolve_url",
    "session_scope",
    "table_names",
    "upgrade",
]
