"""Ingest: read text, HTML, JSON and JSONL input into :class:`storyline.records.Article`."""

from __future__ import annotations

from .clean import html_to_article
from .decode import decode_bytes
from .read import read_file, read_inputs

__all__ = ["decode_bytes", "html_to_article", "read_file", "read_inputs"]
