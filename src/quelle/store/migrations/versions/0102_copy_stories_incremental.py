"""Stories kept up to date incrementally: which links the stories already include (issue 14).

``copy_links.in_story`` is false for a link the stories do not reflect yet. The copy stage
writes new links with false and, in the same transaction that rewrites the stories those links
touch, sets it to true; so a stage killed in between finds its pending links on the next run.
Links of a store made before this revision start as pending: the first run rebuilds every story
once, as the old code did after each batch.

Revision ID: 0102_copy_stories_incremental
Revises: 0101_copies
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0102_copy_stories_incremental"
down_revision = "0101_copies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("copy_links") as batch:
        batch.add_column(sa.Column("in_story", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_copy_links_pending", "copy_links", ["in_story"])
    # a small index, so that SQLite counts the signatures (done after every batch) without reading
    # the large rows themselves
    op.create_index("ix_copy_signatures_language", "copy_signatures", ["language"])


def downgrade() -> None:
    op.drop_index("ix_copy_signatures_language", table_name="copy_signatures")
    op.drop_index("ix_copy_links_pending", table_name="copy_links")
    with op.batch_alter_table("copy_links") as batch:
        batch.drop_column("in_story")
