"""A private, throwaway PostgreSQL server for ``storyline db dev-server`` (the tests and the
benchmark start theirs through it: ``tests/pg.py``, ``scripts/bench_store.py``).

Started from the machine's own PostgreSQL server binaries (``pg_config --bindir``, else the
newest ``/usr/lib/postgresql/*/bin``) in a temporary directory, on a free port, with
``fsync=off`` (nothing in it is meant to survive), and removed when done. ``initdb`` refuses
to run as root, so as root the server runs as the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def server_bindir() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl``, or None when none is installed."""
    pg_config = shutil.which("pg_config")
    candidates = []
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(out.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_server(bindir: Path) -> Iterator[str]:
    """Run a server until the block ends; yields its base URL (no database)."""
    # not under pytest's own temp dir: pytest keeps that private to root (0700)
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    data = root / "data"
    port = _free_port()
    as_root = os.geteuid() == 0

    def run(cmd: str, check: bool = True) -> None:
        full = ["su", "postgres", "-c", cmd] if as_root else ["bash", "-c", cmd]
        done = subprocess.run(full, capture_output=True, text=True, timeout=120, check=False)
        if check and done.returncode:
            raise RuntimeError(f"{cmd}: {done.stdout}{done.stderr}")

    if as_root:
        shutil.chown(root, "postgres")
    try:
        run(f"{bindir}/initdb -D {data} -A trust -U postgres")
        opts = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(f"{bindir}/pg_ctl -D {data} -o '{opts}' -l {root}/log -w start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        run(f"{bindir}/pg_ctl -D {data} -m fast -w stop", check=False)
        shutil.rmtree(root, ignore_errors=True)


def create_database(base: str, name: str) -> str:
    """Create the empty database ``name`` on the server at ``base``; returns its URL."""
    import psycopg
    from psycopg import sql

    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{base}/{name}"


__all__ = ["create_database", "server_bindir", "throwaway_server"]
