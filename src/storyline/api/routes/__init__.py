"""One router per resource of the HTTP API."""

from __future__ import annotations

from fastapi import APIRouter

from . import analyze, documents, entities, events, places, search, stats, timeline

ROUTERS: tuple[APIRouter, ...] = (
    analyze.router,
    events.router,  # before documents: /documents/{key:path} would take its paths
    documents.router,
    search.router,
    entities.router,
    timeline.router,
    places.router,
    stats.router,
)

__all__ = ["ROUTERS"]
