"""Writes to the knowledge base, and the candidate lookups the resolver needs.

:class:`Repository` wraps one SQLAlchemy session (one transaction). It speaks plain Python
values (dicts, tuples, ints) so that callers never touch SQLAlchemy. It joins the writes of
:mod:`storyline.store.writes`, one room per subject: the write queue (rows queued per table
and sent one statement per table, ids handed out beforehand), documents and their LSH
bands, entities (the index load, each entity's stored context), event clusters, and hand
corrections (overrides, merge and split). Reads are in :mod:`storyline.store.reads`.
"""

from __future__ import annotations

from .writes.clusters import cluster_dates
from .writes.context import decode_context
from .writes.corrections import CorrectionWrites
from .writes.documents import DocumentWrites
from .writes.queue import FLUSH_ORDER, TABLES


class Repository(DocumentWrites, CorrectionWrites):
    """Knowledge-base writes and resolver lookups inside one session (one transaction).

    Args:
        session: the transaction's session.
        ids: the writer's id allocator (kept between transactions).
        context_docs: how many of an entity's most recent documents its stored context
            keeps (the resolver's setting).
        candidate_limit: the most candidates (near-duplicate band members, event
            clusters) one lookup returns (the resolver's setting).
    """


__all__ = ["FLUSH_ORDER", "TABLES", "Repository", "cluster_dates", "decode_context"]
