"""One router per resource of the HTTP API."""

from __future__ import annotations

from fastapi import APIRouter

from . import analyze, documents, entities, places, search, stats, timeline

ROUTERS: tuple[APIRouter, ...] = (
    analyze.router,
    documents.router,
    search.router,
    entities.router,
    timeline.router,
    places.router,
    stats.router,
)

__all__ = ["ROUTERS"]
