"""Shared fixtures: the spaCy pipeline is loaded once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full storyline pipeline on the default model."""
    from storyline.extract.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """A blank English pipeline, for building Docs by hand."""
    import spacy

    from storyline.extract.extensions import set_doc_extensions

    set_doc_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="session")
def ray_local():
    """Ray started once on this machine (2 CPUs, no dashboard), shut down after the session."""
    import os

    os.environ.setdefault("RAY_DISABLE_USAGE_STATS", "1")
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    yield ray
    ray.shutdown()
