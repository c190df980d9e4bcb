"""Test databases on a throwaway PostgreSQL server (the server is ``storyline db
dev-server``'s, :mod:`storyline.cli.devserver`): a fresh database with a random name per
test."""

from __future__ import annotations

import uuid

from storyline.cli.devserver import create_database


def new_database(base: str, prefix: str = "t") -> str:
    """A fresh, empty database with a random name on the server at ``base``; returns its URL."""
    return create_database(base, f"{prefix}_{uuid.uuid4().hex[:12]}")


__all__ = ["new_database"]
