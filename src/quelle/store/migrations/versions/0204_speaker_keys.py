"""Indexed person keys of each statement's speaker name: ``statements.speaker_key``/``speaker_key_de``.

The speaker page looks every spelling of a person up (Rjabkow, Ryabkov, Рябков); without these
columns it had to read every distinct stored name. The keys come from ``quelle.translit``,
which a migration must not import (later code could change it), so this adds the empty columns
and their indexes; ``quelle.store.speaker_keys.backfill`` fills the rows of an older store when
it is opened.

Revision ID: 0204_speaker_keys
Revises: 0203_utterance_counts
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0204_speaker_keys"
down_revision = "0203_utterance_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    present = {c["name"] for c in sa.inspect(conn).get_columns("statements")}
    with op.batch_alter_table("statements") as batch:
        for name in ("speaker_key", "speaker_key_de"):
            if name not in present:
                batch.add_column(sa.Column(name, sa.String(64)))
    indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("statements")}
    for name, column in (("ix_statements_speaker_key", "speaker_key"),
                         ("ix_statements_speaker_key_de", "speaker_key_de")):
        if name not in indexes:
            op.create_index(name, "statements", [column])


def downgrade() -> None:
    op.drop_index("ix_statements_speaker_key_de", "statements")
    op.drop_index("ix_statements_speaker_key", "statements")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("speaker_key_de")
        batch.drop_column("speaker_key")
