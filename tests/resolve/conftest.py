"""Fixtures for the resolve tests: one gazetteer built per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.resolve.gazetteer import Gazetteer, build_gazetteer


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gazetteer file, built once into a temporary folder (about 30 s)."""
    return build_gazetteer(tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path: Path) -> Iterator[Gazetteer]:
    """The opened session gazetteer."""
    gz = Gazetteer.open(gazetteer_path)
    yield gz
    gz.close()
