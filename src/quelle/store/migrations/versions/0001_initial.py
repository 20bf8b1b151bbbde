"""The first store: documents, raw pages, reports, evidence, statements, entities, errors, full text.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)

# SQLite: FTS5 tables over documents(title, text) and statements(text, speaker_name), external
# content (no copy of the text), kept in step by triggers.
_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE VIRTUAL TABLE statements_fts USING fts5(
        text, speaker_name, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER statements_fts_ai AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name); END""",
    """CREATE TRIGGER statements_fts_ad AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name); END""",
    """CREATE TRIGGER statements_fts_au AFTER UPDATE OF text, speaker_name ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
        INSERT INTO statements_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name); END""",
]

# PostgreSQL: tsvector columns filled by triggers: the 'simple' configuration (exact words, any
# language) plus the document language's stemming configuration.
_PG_FTS = [
    """CREATE FUNCTION quelle_regconfig(lang text) RETURNS regconfig LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE lang WHEN 'de' THEN 'german' WHEN 'en' THEN 'english' WHEN 'ru' THEN 'russian'
            WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian'
            ELSE 'simple' END::regconfig $$""",
    "ALTER TABLE documents ADD COLUMN tsv tsvector",
    "ALTER TABLE statements ADD COLUMN tsv tsvector",
    """CREATE FUNCTION quelle_documents_tsv() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        NEW.tsv := to_tsvector('simple', coalesce(NEW.title, '') || ' ' || coalesce(NEW.text, ''))
            || to_tsvector(quelle_regconfig(NEW.language), coalesce(NEW.title, '') || ' ' || coalesce(NEW.text, ''));
        RETURN NEW; END $$""",
    """CREATE TRIGGER documents_tsv BEFORE INSERT OR UPDATE OF title, text, language ON documents
        FOR EACH ROW EXECUTE FUNCTION quelle_documents_tsv()""",
    """CREATE FUNCTION quelle_statements_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE lang text; BEGIN
        SELECT language INTO lang FROM documents WHERE id = NEW.document_id;
        NEW.tsv := to_tsvector('simple', coalesce(NEW.text, '') || ' ' || coalesce(NEW.speaker_name, ''))
            || to_tsvector(quelle_regconfig(lang), coalesce(NEW.text, ''));
        RETURN NEW; END $$""",
    """CREATE TRIGGER statements_tsv BEFORE INSERT OR UPDATE OF text, speaker_name ON statements
        FOR EACH ROW EXECUTE FUNCTION quelle_statements_tsv()""",
    "CREATE INDEX ix_documents_tsv ON documents USING gin (tsv)",
    "CREATE INDEX ix_statements_tsv ON statements USING gin (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("published", sa.Date),
        sa.Column("fetched", sa.Date),
        sa.Column("media_type", sa.String(8)),
        sa.Column("encoding", sa.String(32)),
        sa.Column("origin_outlet", sa.Text),
        sa.Column("origin_edition", sa.Text),
        sa.Column("confidence", sa.Float),
        sa.Column("confidence_label", sa.String(32)),
        sa.Column("republished", sa.Boolean),
        sa.Column("translated_from", sa.String(16)),
        sa.Column("statement_count", sa.Integer, nullable=False),
        sa.Column("entity_count", sa.Integer, nullable=False),
        sa.Column("size", sa.Integer),
        sa.Column("raw_ref", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("created_at", _TZ),
        sa.UniqueConstraint("source_id", "content_hash", name="uq_documents_source"),
    )
    op.create_index("ix_documents_site", "documents", ["site"])
    op.create_index("ix_documents_origin_outlet", "documents", ["origin_outlet"])
    op.create_index("ix_documents_language", "documents", ["language"])
    op.create_index("ix_documents_published", "documents", ["published"])

    op.create_table(
        "raw_pages",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("schema", sa.String(64), nullable=False),
        sa.Column("quelle_version", sa.String(32)),
        sa.Column("created_at", _TZ),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("supports", sa.String(32)),
        sa.Column("kind", sa.String(64)),
        sa.Column("text", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("weight", sa.Float),
        sa.Column("in_source", sa.String(8)),
        sa.Column("outlet", sa.Text),
        sa.Column("edition", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("detail", sa.Text),
        sa.Column("data", sa.Text),
    )
    op.create_index("ix_evidence_document", "evidence", ["document_id"])
    op.create_index("ix_evidence_outlet", "evidence", ["outlet"])
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32)),
        sa.Column("text", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("cue", sa.Text),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_role", sa.Text),
        sa.Column("speaker_kind", sa.String(32)),
        sa.Column("speaker_entity", sa.Integer),
        sa.Column("said_on_start", sa.String(10)),
        sa.Column("said_on_end", sa.String(10)),
        sa.Column("data", sa.Text),
    )
    op.create_index("ix_statements_document", "statements", ["document_id"])
    op.create_index("ix_statements_speaker", "statements", ["speaker_name"])
    op.create_index("ix_statements_type", "statements", ["type"])
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32)),
        sa.Column("name", sa.Text),
        sa.Column("roles", sa.Text),
        sa.Column("mention_count", sa.Integer),
        sa.Column("data", sa.Text),
    )
    op.create_index("ix_entities_document", "entities", ["document_id"])
    op.create_index("ix_entities_name", "entities", ["name"])
    op.create_table(
        "errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("raw_ref", sa.Text),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("created_at", _TZ),
        sa.UniqueConstraint("source_id", "content_hash", name="uq_errors_source"),
    )
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_FTS if dialect == "sqlite" else _PG_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS statements_fts")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in ("errors", "entities", "statements", "evidence", "reports", "raw_pages", "documents"):
        op.drop_table(table)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS quelle_statements_tsv()")
        op.execute("DROP FUNCTION IF EXISTS quelle_documents_tsv()")
        op.execute("DROP FUNCTION IF EXISTS quelle_regconfig(text)")
