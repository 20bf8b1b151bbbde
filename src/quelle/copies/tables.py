"""The copy stage's tables (created by the store migration ``0101_copies``), for queries."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

signatures = Table(
    "copy_signatures", metadata,
    Column("document_id", Integer, primary_key=True),
    Column("language", String(16)),
    Column("minhash", LargeBinary),
    Column("shingles", LargeBinary),
    Column("xkeys", Text),
    Column("created_at", DateTime(timezone=True)),
)
links = Table(
    "copy_links", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("a_id", Integer), Column("b_id", Integer),
    Column("relation", String(16)), Column("score", Float), Column("contained", String(1)),
    Column("evidence", Text), Column("passages", Text),
    Column("created_at", DateTime(timezone=True)),
    Column("in_story", Boolean, nullable=False, default=False),  # migration 0102: the stories include it
)
stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("earliest_id", Integer), Column("size", Integer), Column("languages", Text), Column("sites", Integer),
    Column("first_published", Date), Column("last_published", Date), Column("title", Text),
    Column("origin_outlet", Text), Column("updated_at", DateTime(timezone=True)),
)
members = Table(
    "story_members", metadata,
    Column("document_id", Integer, primary_key=True),
    Column("story_id", Integer), Column("relation", String(16)), Column("via_id", Integer),
    Column("delay_days", Float),
)
inherited = Table(
    "copy_inherited", metadata,
    Column("document_id", Integer, primary_key=True),
    Column("from_id", Integer), Column("outlet", Text), Column("relation", String(16)),
    Column("published_inherited", Boolean), Column("created_at", DateTime(timezone=True)),
)
