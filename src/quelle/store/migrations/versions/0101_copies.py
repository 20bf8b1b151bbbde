"""Copies and stories: signatures, links between copies, stories, inherited provenance (issue 5).

Revision ID: 0101_copies
Revises: 0001_initial
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0101_copies"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)
_DOC = "documents.id"


def upgrade() -> None:
    op.create_table(
        "copy_signatures",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(_DOC, ondelete="CASCADE"), primary_key=True),
        sa.Column("language", sa.String(16)),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("shingles", sa.LargeBinary, nullable=False),
        sa.Column("xkeys", sa.Text),
        sa.Column("created_at", _TZ),
    )
    op.create_table(
        "copy_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("a_id", sa.Integer, sa.ForeignKey(_DOC, ondelete="CASCADE"), nullable=False),
        sa.Column("b_id", sa.Integer, sa.ForeignKey(_DOC, ondelete="CASCADE"), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("contained", sa.String(1)),
        sa.Column("evidence", sa.Text),
        sa.Column("passages", sa.Text),
        sa.Column("created_at", _TZ),
        sa.UniqueConstraint("a_id", "b_id", name="uq_copy_links_pair"),
    )
    op.create_index("ix_copy_links_b", "copy_links", ["b_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("earliest_id", sa.Integer, sa.ForeignKey(_DOC, ondelete="CASCADE"), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("languages", sa.Text),
        sa.Column("sites", sa.Integer),
        sa.Column("first_published", sa.Date),
        sa.Column("last_published", sa.Date),
        sa.Column("title", sa.Text),
        sa.Column("origin_outlet", sa.Text),
        sa.Column("updated_at", _TZ),
    )
    op.create_table(
        "story_members",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(_DOC, ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("via_id", sa.Integer),
        sa.Column("delay_days", sa.Float),
    )
    op.create_index("ix_story_members_story", "story_members", ["story_id"])
    op.create_table(
        "copy_inherited",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(_DOC, ondelete="CASCADE"), primary_key=True),
        sa.Column("from_id", sa.Integer, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("relation", sa.String(16)),
        sa.Column("published_inherited", sa.Boolean),
        sa.Column("created_at", _TZ),
    )


def downgrade() -> None:
    for table in ("copy_inherited", "story_members", "stories", "copy_links", "copy_signatures"):
        op.drop_table(table)
