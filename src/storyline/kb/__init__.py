"""The knowledge base service: analysed articles in, one merged, sourced record out.

:class:`KnowledgeBase` orchestrates the stages: it reads candidates from the store, asks
``resolve`` (entity linking, event clustering, near-duplicates) to decide, and writes the
decisions back. The CLI and the HTTP API call it. Its rooms:

- :mod:`.facade`: :class:`KnowledgeBase`, the one door (ingest, reads, corrections);
- :mod:`.batch`: a batch of articles per transaction, retried one by one on failure;
- :mod:`.dedupe`: exact (key, content hash) and near (MinHash LSH) duplicates;
- :mod:`.link`: linking a document's entities against the known ones;
- :mod:`.rows`: a document's quotes, times and conflicts as rows;
- :mod:`.events`: event clustering across articles, and the conflicts between reports;
- :mod:`.corrections`: merge and split, kept as rules; event corrections (reject, retype).

Ingest stores a batch of articles per transaction (:meth:`KnowledgeBase.ingest_many`),
every article whole or not at all, and keeps the known entities in memory between
transactions (:class:`~storyline.resolve.index.EntityIndex`): linking an article's entities
reads no database, and its rows are written with the rest of the batch's. The index is read
again when the knowledge base's write version shows that another writer has been at work.

Typical use::

    kb = KnowledgeBase("sqlite:///storyline.db", create=True)
    kb.ingest_many(storyline.analyze_paths(["reports/"]))
    kb.entity("Example Name")
"""

from __future__ import annotations

from .batch import IngestResult
from .dedupe import content_hash
from .events import sentence_at
from .facade import KnowledgeBase, parse_day
from .link import entity_record, entity_records

__all__ = [
    "IngestResult",
    "KnowledgeBase",
    "content_hash",
    "entity_record",
    "entity_records",
    "parse_day",
    "sentence_at",
]
