"""Pydantic models of the HTTP API's bodies, in the ``XBase``/``XCreate``/``XPublic`` pattern.

``XBase`` holds the fields a resource shares, ``XCreate`` what a client sends, ``XPublic``
what the API answers; a list's ``XPublic`` is the store's typed record of it, validated (its
fields are the record's own). Pages whose shape is the knowledge base's own (the contract
document; entity pages and timelines, the store's typed records as ``to_dict`` gives them)
are passed through as JSON objects and documented in docs/serve.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.dataclasses import dataclass

from ..store.reads.records import DocumentSummary, KbPlace, SearchHit


class ArticleBase(BaseModel):
    """An article's metadata, as a client gives it."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=512, description="The document id.")
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="The outlet that published it.")
    published: date | None = Field(
        default=None, description="YYYY-MM-DD; relative times are resolved against it."
    )


class ArticleCreate(ArticleBase):
    """``POST /api/analyze`` and ``POST /api/documents``: the text or the HTML of an article."""

    text: str | None = None
    html: str | None = None

    @model_validator(mode="after")
    def _text_or_html(self) -> ArticleCreate:
        has_text = bool(self.text and self.text.strip())
        has_html = bool(self.html and self.html.strip())
        if has_text == has_html:
            raise ValueError("give exactly one of 'text' or 'html', not empty")
        return self


class MergeCreate(BaseModel):
    """``POST /api/entities/{name}/merge``: the entity to merge into ``name``."""

    model_config = ConfigDict(extra="forbid")

    other: str = Field(min_length=1, max_length=512)


class SplitCreate(BaseModel):
    """``POST /api/entities/{name}/split``: the names to take off ``name``."""

    model_config = ConfigDict(extra="forbid")

    aliases: list[str] = Field(min_length=1, max_length=100)


class RetypeCreate(BaseModel):
    """``POST /api/documents/{key}/events/{event}/retype``: the event's right kind (a type of
    the taxonomy, and one of its sub-types unless the type has none)."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=64)
    subtype: str | None = Field(default=None, max_length=64)


class IngestPublic(BaseModel):
    """What ``POST /api/documents`` did: ``added``, ``replaced``, ``unchanged`` or
    ``duplicate``, with counts and the analysis (the contract document)."""

    status: Literal["added", "replaced", "unchanged", "duplicate"]
    document: str
    entities: int
    events: int
    near_duplicate_of: str | None = None
    analysis: dict[str, Any]


@dataclass(frozen=True)
class SearchHitPublic(SearchHit):
    """A document matching a search, with a snippet (matches in ``[brackets]``)."""


@dataclass(frozen=True)
class DocumentSummaryPublic(DocumentSummary):
    """A stored document in a list."""


@dataclass(frozen=True)
class PlacePublic(KbPlace):
    """A geocoded entity and how many documents mention it."""


class HealthPublic(BaseModel):
    """``GET /api/health``."""

    ok: bool
    version: str
    database: str
    documents: int
    model: str
    model_loaded: bool


class ErrorPublic(BaseModel):
    """The one error shape of every endpoint."""

    ok: Literal[False] = False
    error: str
    code: str
    status: int


__all__ = [
    "ArticleBase",
    "ArticleCreate",
    "DocumentSummaryPublic",
    "ErrorPublic",
    "HealthPublic",
    "IngestPublic",
    "PlacePublic",
    "SearchHitPublic",
]
