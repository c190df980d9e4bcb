"""``storyline db dev-server``: a real throwaway PostgreSQL server, used, then gone."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.postgres


def test_db_dev_server_serves_a_migrated_database_until_interrupted():
    from storyline.cli.devserver import server_bindir

    if server_bindir() is None:
        pytest.skip("no PostgreSQL server binaries; .ci/run installs them")
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline", "db", "dev-server", "--name", "trial"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("postgresql+psycopg://") and url.endswith("/trial")
        stats = subprocess.run(
            [sys.executable, "-m", "storyline", "stats", "--db", url, "--format", "json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["documents"] == 0
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "gone" in err
    after = subprocess.run(
        [sys.executable, "-m", "storyline", "stats", "--db", url], capture_output=True, text=True
    )
    assert after.returncode != 0 and "E401" in after.stdout + after.stderr
