"""The store's tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

The Alembic migrations in ``migrations/versions`` create these tables; this module is what
the code queries. Full-text indexes differ per backend and live only in the migrations:
SQLite gets FTS5 tables ``documents_fts`` and ``statements_fts`` (external content, kept in
step by triggers); PostgreSQL gets a ``tsv`` column on documents and statements, filled by
triggers with the ``simple`` configuration plus the document language's own (german,
english, russian, ...), so both exact words and stems match.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("url", Text),
    Column("site", Text),
    Column("title", Text),
    Column("language", String(16)),
    Column("published", Date),
    Column("fetched", Date),
    Column("media_type", String(8)),
    Column("encoding", String(32)),
    Column("origin_outlet", Text),
    Column("origin_edition", Text),
    Column("confidence", Float),
    Column("confidence_label", String(32)),
    Column("republished", Boolean),
    Column("translated_from", String(16)),
    Column("statement_count", Integer, nullable=False, default=0),
    Column("entity_count", Integer, nullable=False, default=0),
    Column("size", Integer),
    Column("raw_ref", Text),
    Column("text", Text),
    Column("created_at", DateTime(timezone=True)),
    UniqueConstraint("source_id", "content_hash", name="uq_documents_source"),
)
Index("ix_documents_site", documents.c.site)
Index("ix_documents_origin_outlet", documents.c.origin_outlet)
Index("ix_documents_language", documents.c.language)
Index("ix_documents_published", documents.c.published)

raw_pages = Table(
    "raw_pages",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("compression", String(16), nullable=False),
    Column("content", LargeBinary, nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("quelle_version", String(32)),
    Column("created_at", DateTime(timezone=True)),
    Column("body", Text, nullable=False),  # the report as JSON (quelle.report/1)
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("supports", String(32)),
    Column("kind", String(64)),
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("weight", Float),
    Column("in_source", String(8)),
    Column("outlet", Text),
    Column("edition", Text),
    Column("language", String(16)),
    Column("detail", Text),
    Column("data", Text),  # the whole evidence item as JSON, so new fields are kept
)
Index("ix_evidence_document", evidence.c.document_id)
Index("ix_evidence_outlet", evidence.c.outlet)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("type", String(32)),
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("cue", Text),
    Column("speaker_name", Text),
    Column("speaker_role", Text),
    Column("speaker_kind", String(32)),
    Column("speaker_entity", Integer),
    Column("said_on_start", String(10)),
    Column("said_on_end", String(10)),
    Column("data", Text),  # the whole statement as JSON
    # a quoted fragment of the statement ``idx == parent_idx`` of the same document (its ``parent``):
    # part of that utterance, so the statement lists show it inside that row, not as a row
    Column("parent_idx", Integer),
    # the speaker name's person keys (``quelle.translit.name_keys``): the speaker page finds every
    # spelling of a person (Rjabkow, Ryabkov, Рябков) by index instead of reading every name
    Column("speaker_key", String(64)),
    Column("speaker_key_de", String(64)),
)
Index("ix_statements_document", statements.c.document_id)
Index("ix_statements_speaker", statements.c.speaker_name)
Index("ix_statements_speaker_key", statements.c.speaker_key)
Index("ix_statements_speaker_key_de", statements.c.speaker_key_de)
Index("ix_statements_type", statements.c.type)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("kind", String(32)),
    Column("name", Text),
    Column("roles", Text),  # JSON list
    Column("mention_count", Integer),
    Column("data", Text),
)
Index("ix_entities_document", entities.c.document_id)
Index("ix_entities_name", entities.c.name)

errors = Table(
    "errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),  # "" when the bytes could not be read
    Column("url", Text),
    Column("site", Text),
    Column("raw_ref", Text),
    Column("kind", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Column("detail", Text),
    Column("created_at", DateTime(timezone=True)),
    UniqueConstraint("source_id", "content_hash", name="uq_errors_source"),
)
