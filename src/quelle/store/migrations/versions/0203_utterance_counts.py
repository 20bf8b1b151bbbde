"""``documents.statement_count`` counts utterances, as every statement list shows them (issue 12).

Since 0202 a quoted fragment inside reported speech is a row of its outer statement
(``statements.parent_idx``), yet the stored count still counted the fragments, so a document
listed with "2 statements" showed one row. This recounts every document from its statement rows:
the statements that are not a fragment of another.

Revision ID: 0203_utterance_counts
Revises: 0202_statement_parent
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0203_utterance_counts"
down_revision = "0202_statement_parent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    documents = sa.Table("documents", sa.MetaData(), sa.Column("id", sa.Integer),
                         sa.Column("statement_count", sa.Integer))
    statements = sa.Table("statements", sa.MetaData(), sa.Column("document_id", sa.Integer),
                          sa.Column("parent_idx", sa.Integer))
    nested = sa.select(statements.c.document_id).where(statements.c.parent_idx.is_not(None)).distinct()
    utterances = (sa.select(sa.func.count()).select_from(statements)
                  .where(statements.c.document_id == documents.c.id, statements.c.parent_idx.is_(None))
                  .scalar_subquery())
    conn.execute(documents.update().where(documents.c.id.in_(nested)).values(statement_count=utterances))


def downgrade() -> None:
    conn = op.get_bind()
    documents = sa.Table("documents", sa.MetaData(), sa.Column("id", sa.Integer),
                         sa.Column("statement_count", sa.Integer))
    statements = sa.Table("statements", sa.MetaData(), sa.Column("document_id", sa.Integer))
    every = (sa.select(sa.func.count()).select_from(statements)
             .where(statements.c.document_id == documents.c.id).scalar_subquery())
    conn.execute(documents.update().values(statement_count=every))
