"""The knowledge base schema (SQLAlchemy 2 declarative, ``Mapped[]``).

The same tables on SQLite and PostgreSQL; Alembic migrations in ``store/migrations`` create
them. Full-text search is backend-specific and lives in the migration: an FTS5 table
``documents_fts`` on SQLite, a generated ``tsvector`` column ``documents.search`` with a GIN
index on PostgreSQL.

Per-document rows (mentions, quotes, times, events, in-document conflicts) hang off
``documents`` with ``ON DELETE CASCADE``, so replacing an edited article is one delete.
Cross-document rows (entities, aliases, event clusters, cross-document conflicts) are
maintained by the knowledge-base service.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

CASCADE = "CASCADE"


class Base(DeclarativeBase):
    """Declarative base of every knowledge-base table."""


class Document(Base):
    """One stored article: its text, metadata, content hash and near-duplicate group."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(512), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(512), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    dup_group: Mapped[int | None] = mapped_column(Integer, index=True)
    """The id of the first document of its near-duplicate group (itself when original)."""
    dup_score: Mapped[float | None] = mapped_column(Float)


class DocumentBand(Base):
    """MinHash LSH band hashes, the blocking index for near-duplicate detection."""

    __tablename__ = "document_bands"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete=CASCADE), primary_key=True
    )
    band: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class KbEntity(Base):
    """A real-world entity across documents."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(512))
    key: Mapped[str] = mapped_column(String(512), index=True)
    label: Mapped[str] = mapped_column(String(32))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    feature: Mapped[str | None] = mapped_column(String(16))
    context_docs: Mapped[str | None] = mapped_column(Text)
    """Its most recent documents (at most five ids, space-separated, newest first)."""
    context: Mapped[str | None] = mapped_column(Text)
    """The name keys of the entities co-mentioned in each of ``context_docs``, kept at write
    time for the resolver: keys joined by the unit separator (0x1F), documents by the
    record separator (0x1E)."""


class KbAlias(Base):
    """A name an entity goes by, why it was merged in and with what score."""

    __tablename__ = "aliases"
    __table_args__ = (
        Index("ix_aliases_entity_key", "entity_id", "key"),
        Index("ix_aliases_skeleton", "skeleton"),
        Index("ix_aliases_first", "first"),
        Index("ix_aliases_last", "last"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete=CASCADE))
    name: Mapped[str] = mapped_column(String(512))
    key: Mapped[str] = mapped_column(String(512), index=True)
    skeleton: Mapped[str] = mapped_column(String(512))
    first: Mapped[str] = mapped_column(String(128))
    last: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(256))
    score: Mapped[float] = mapped_column(Float)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))


class DocEntity(Base):
    """An entity of one document and the knowledge-base entity it was linked to."""

    __tablename__ = "doc_entities"
    __table_args__ = (
        Index("ix_doc_entities_doc_local", "document_id", "local_id", unique=True),
        Index("ix_doc_entities_entity_doc", "entity_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete=CASCADE))
    local_id: Mapped[str] = mapped_column(String(64))
    # indexed by (entity_id, document_id) above; no lookup goes by the key alone
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    name: Mapped[str] = mapped_column(String(512))
    key: Mapped[str] = mapped_column(String(512))
    label: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(256))
    score: Mapped[float] = mapped_column(Float)


class KbMention(Base):
    """A span of a document's text that names an entity."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete=CASCADE), index=True
    )
    doc_entity_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete=CASCADE))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(512))


class KbQuote(Base):
    """A quote or reported speech, its speaker and the chain of sources (``via``)."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete=CASCADE), index=True
    )
    local_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    speaker_text: Mapped[str | None] = mapped_column(String(512))
    speaker_name: Mapped[str | None] = mapped_column(String(512))
    cue: Mapped[str | None] = mapped_column(String(128))
    anonymous: Mapped[bool] = mapped_column(default=False)
    via: Mapped[list[int]] = mapped_column(JSON, default=list)
    """Knowledge-base entity ids of the outer sources, outermost first."""
    certainty: Mapped[str] = mapped_column(String(16))
    hedge: Mapped[str | None] = mapped_column(String(128))


class KbTime(Base):
    """A normalised time expression of a document."""

    __tablename__ = "times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete=CASCADE), index=True
    )
    local_id: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(512))
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(64))
    earliest: Mapped[str | None] = mapped_column(String(10))
    latest: Mapped[str | None] = mapped_column(String(10))
    anchor: Mapped[str | None] = mapped_column(String(64))


TIME_FIELDS = ("start", "end", "text", "type", "value", "earliest", "latest", "anchor")
"""The fields a stored time shares with the contract's time (``TimeRef``, whose ``id`` is
``local_id`` here), in the contract's order."""


class EventCluster(Base):
    """One event across articles: every report of it, and how many independent sources."""

    __tablename__ = "event_clusters"
    __table_args__ = (
        Index("ix_event_clusters_type_time", "type", "earliest"),
        Index("ix_event_clusters_date", "date_first", "date_last"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    subtype: Mapped[str | None] = mapped_column(String(64))
    earliest: Mapped[str | None] = mapped_column(String(10))
    latest: Mapped[str | None] = mapped_column(String(10))
    place_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    """Independent sources: documents counted once per near-duplicate group."""
    date_first: Mapped[str | None] = mapped_column(String(10))
    """The cluster's date range (YYYY-MM-DD): its known time, else the day its first report
    was published; kept at write time so that timelines filter and sort in SQL."""
    date_last: Mapped[str | None] = mapped_column(String(10))


class KbEvent(Base):
    """One report of an event in one document."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete=CASCADE), index=True
    )
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("event_clusters.id"), index=True)
    cluster_reason: Mapped[str | None] = mapped_column(String(256))
    local_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(64))
    subtype: Mapped[str | None] = mapped_column(String(64))
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(String(256))
    place_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    time_id: Mapped[int | None] = mapped_column(ForeignKey("times.id", ondelete="SET NULL"))
    earliest: Mapped[str | None] = mapped_column(String(10), index=True)
    latest: Mapped[str | None] = mapped_column(String(10))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_text: Mapped[str | None] = mapped_column(String(256))
    certainty: Mapped[str] = mapped_column(String(16))
    sentence: Mapped[str | None] = mapped_column(Text)
    """The sentence the trigger stands in, so that every fact can be traced to its words."""


class EventParticipant(Base):
    """An actor or target of an event report."""

    __tablename__ = "event_participants"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete=CASCADE), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class EventSource(Base):
    """Who reports an event in its document: a quote or an entity."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete=CASCADE), index=True)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id", ondelete=CASCADE))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))


class KbConflict(Base):
    """Accounts that disagree: within one document, or across the reports of one event."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete=CASCADE), index=True
    )
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_clusters.id", ondelete=CASCADE), index=True
    )
    about: Mapped[str] = mapped_column(String(64))
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Event, quote or time references: ``doc_key#local_id``."""
    note: Mapped[str] = mapped_column(Text)


class Override(Base):
    """A hand correction of the resolver, kept by name keys so that it survives re-ingest.

    ``merge``: names with ``key`` belong to the entity named ``target_key``.
    ``split``: names with ``key`` never join the entity named ``target_key``.
    """

    __tablename__ = "overrides"
    __table_args__ = (Index("ix_overrides_key", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(512))
    target_key: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EventCorrection(Base):
    """A hand correction of an event report, kept by document key and trigger so that it
    survives re-ingest: ingest applies it to the analysis before storing.

    ``reject``: the report is not an event (nothing is stored for it).
    ``retype``: the report is an event of ``type``/``subtype``, not of ``was_type``.
    A report is found again by its trigger's words in the same sentence (an edit elsewhere
    in the article moves offsets, not sentences; an edited sentence is another report).
    """

    __tablename__ = "event_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(512), index=True)
    event: Mapped[str] = mapped_column(String(64))
    """The report's local id when it was corrected (``v3``)."""
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(String(256))
    sentence: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))
    type: Mapped[str | None] = mapped_column(String(64))
    subtype: Mapped[str | None] = mapped_column(String(64))
    was_type: Mapped[str] = mapped_column(String(64))
    was_subtype: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class KbState(Base):
    """One row: the knowledge base's write version, raised by every transaction that writes.

    A writer that keeps an in-memory view of the entities (:class:`~storyline.kb.
    KnowledgeBase`) raises it first thing in its transaction, which also makes writers take
    turns; when the version it gets is not its own last one plus one, another writer has
    been at work, and it reads its view again.
    """

    __tablename__ = "kb_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


__all__ = [
    "Base",
    "DocEntity",
    "Document",
    "DocumentBand",
    "EventCluster",
    "EventCorrection",
    "EventParticipant",
    "EventSource",
    "KbAlias",
    "KbConflict",
    "KbEntity",
    "KbEvent",
    "KbMention",
    "KbQuote",
    "KbState",
    "KbTime",
    "Override",
    "TIME_FIELDS",
]
