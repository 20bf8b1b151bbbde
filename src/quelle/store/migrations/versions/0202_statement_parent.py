"""Quoted fragments are part of their utterance: ``statements.parent_idx`` (issue 12).

A statement whose JSON has a ``parent`` (the index of the outer statement of the same document,
as the report keeps the nested form) is a quoted fragment of that utterance; the statement lists
show it inside that row. This adds the column and fills it from the stored statement JSON with
the rule of this revision, frozen here (not imported) so that later code cannot change it:
a ``parent`` counts when it is an integer naming another statement that has no parent itself.

Revision ID: 0202_statement_parent
Revises: 0201_said_on_dates
Create Date: 2026-12-02
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0202_statement_parent"
down_revision = "0201_said_on_dates"
branch_labels = None
depends_on = None


def _parent(data: str | None) -> int | None:
    try:
        value = json.loads(data or "null")
    except ValueError:
        return None
    parent = value.get("parent") if isinstance(value, dict) else None
    return parent if type(parent) is int else None


def parent_indices(rows: list[tuple[int, str | None]]) -> dict[int, int]:
    """``{idx: parent idx}`` for one document's statement rows ``(idx, data)``."""
    parents = {idx: _parent(data) for idx, data in rows}
    return {idx: p for idx, p in parents.items()
            if p is not None and p != idx and p in parents and parents[p] is None}


def upgrade() -> None:
    conn = op.get_bind()
    # a store stamped back to an older revision (tests of the earlier migrations) may have it already
    if "parent_idx" not in {c["name"] for c in sa.inspect(conn).get_columns("statements")}:
        with op.batch_alter_table("statements") as batch:
            batch.add_column(sa.Column("parent_idx", sa.Integer))
    statements = sa.Table("statements", sa.MetaData(), sa.Column("document_id", sa.Integer),
                          sa.Column("idx", sa.Integer), sa.Column("data", sa.Text),
                          sa.Column("parent_idx", sa.Integer))
    nested = conn.execute(sa.select(statements.c.document_id).distinct()
                          .where(statements.c.data.like('%"parent": %'))).scalars().all()
    for doc_id in nested:
        rows = conn.execute(sa.select(statements.c.idx, statements.c.data)
                            .where(statements.c.document_id == doc_id)).all()
        for idx, parent in parent_indices([(row.idx, row.data) for row in rows]).items():
            conn.execute(statements.update()
                         .where(statements.c.document_id == doc_id, statements.c.idx == idx)
                         .values(parent_idx=parent))


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("parent_idx")
