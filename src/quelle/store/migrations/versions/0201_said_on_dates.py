"""Statement dates: ``said_on.start``/``end`` are the date's bounds again (issue 11).

Until this revision the statement stage and the copy stage overwrote the bounds that
``quelle.dates`` resolved with the character offsets of the date words, so the store kept
"94" as ``said_on_start``. This moves the offsets to ``text_start``/``text_end`` in the report
and statement JSON, puts the days back (the words resolved again against the document's
publication date, else derived from ``value``), and rewrites the two columns.

Revision ID: 0201_said_on_dates
Revises: 0102_copy_stories_incremental
Create Date: 2026-12-02
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0201_said_on_dates"
down_revision = "0102_copy_stories_incremental"
branch_labels = None
depends_on = None

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _bounds_from_value(value: str) -> tuple[str, str] | tuple[None, None]:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = int(value[:4]), int(value[5:])
        if 1 <= month <= 12:
            return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    return None, None


def fixed_said_on(said_on: dict, published: date | None, language: str) -> dict | None:
    """The repaired ``said_on``, or None when it needs no repair (its bounds are days)."""
    start = said_on.get("start")
    if start is None or (isinstance(start, str) and _DAY.fullmatch(start[:10])):
        return None
    fixed = dict(said_on)
    fixed["text_start"], fixed["text_end"] = said_on.get("start"), said_on.get("end")
    resolved = None
    try:
        from quelle.dates import resolve_relative_date

        resolved = resolve_relative_date(said_on.get("text") or "", published, language)
    except Exception:  # noqa: BLE001 - a migration must not die on one odd row; value still gives bounds
        resolved = None
    if resolved and resolved.get("value") == said_on.get("value"):
        fixed["start"], fixed["end"] = resolved["start"], resolved["end"]
    else:
        fixed["start"], fixed["end"] = _bounds_from_value(str(said_on.get("value") or ""))
    return fixed


def upgrade() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    documents = sa.Table("documents", meta, sa.Column("id", sa.Integer), sa.Column("published", sa.Date),
                         sa.Column("language", sa.String))
    reports = sa.Table("reports", meta, sa.Column("document_id", sa.Integer), sa.Column("body", sa.Text))
    statements = sa.Table("statements", meta, sa.Column("document_id", sa.Integer), sa.Column("idx", sa.Integer),
                          sa.Column("said_on_start", sa.String), sa.Column("said_on_end", sa.String),
                          sa.Column("data", sa.Text))
    broken = conn.execute(sa.select(statements.c.document_id).distinct()
                          .where(statements.c.said_on_start.is_not(None),
                                 sa.not_(statements.c.said_on_start.like("____-__-__%")))).scalars().all()
    for doc_id in broken:
        row = conn.execute(sa.select(reports.c.body, documents.c.published, documents.c.language)
                           .join(documents, documents.c.id == reports.c.document_id)
                           .where(reports.c.document_id == doc_id)).first()
        if row is None:
            continue
        body = json.loads(row.body)
        published = row.published if isinstance(row.published, date) or row.published is None \
            else date.fromisoformat(str(row.published)[:10])
        for idx, statement in enumerate(body.get("statements") or []):
            said_on = statement.get("said_on")
            fixed = fixed_said_on(said_on, published, row.language or "") if isinstance(said_on, dict) else None
            if fixed is None:
                continue
            statement["said_on"] = fixed
            conn.execute(statements.update()
                         .where(statements.c.document_id == doc_id, statements.c.idx == idx)
                         .values(said_on_start=fixed["start"], said_on_end=fixed["end"],
                                 data=json.dumps(statement, ensure_ascii=False)))
        conn.execute(reports.update().where(reports.c.document_id == doc_id)
                     .values(body=json.dumps(body, ensure_ascii=False)))


def downgrade() -> None:
    """Nothing to undo: the old offsets stay in ``text_start``/``text_end``."""
