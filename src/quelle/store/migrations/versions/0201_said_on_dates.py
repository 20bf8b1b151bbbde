"""Statement dates: ``said_on.start``/``end`` are the date's bounds again (issue 11).

Until this revision the statement stage and the copy stage overwrote the bounds that
``quelle.dates`` resolved with the character offsets of the date words, so the store kept
"94" as ``said_on_start``. This moves the offsets to ``text_start``/``text_end`` in the report
and statement JSON, puts the days back (derived from the resolved ``value``, its granularity and,
for a part of a period, the part word), and rewrites the two columns.

Frozen: those rules and part words are copied here as they were at this revision, not imported
from ``quelle.dates``, so later changes there cannot change what this migration writes.

Revision ID: 0201_said_on_dates
Revises: 0102_copy_stories_incremental
Create Date: 2026-12-02
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0201_said_on_dates"
down_revision = "0102_copy_stories_incremental"
branch_labels = None
depends_on = None

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# The words for a part of a period as quelle/dates.yaml had them at this revision. A migration is
# frozen: it must give the same rows whatever later code or data say, so nothing here imports quelle.
_PART_WORDS = {
    "de": {"anfang": "early", "mitte": "mid", "ende": "late"},
    "en": {"early": "early", "the beginning of": "early", "the start of": "early", "beginning of": "early",
           "start of": "early", "mid": "mid", "the middle of": "mid", "middle of": "mid", "late": "late",
           "the end of": "late", "end of": "late"},
}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _base_bounds(value: str) -> tuple[date, date, str] | None:
    """The first and last day of a resolved value (quelle.dates' forms: a day, ``YYYY-MM``,
    ``YYYY``, ``YYYY-Www`` and ``YYYY-Www-WE``) and its granularity; None for anything else."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day, "day"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = int(value[:4]), int(value[5:])
            return date(year, month, 1), _month_end(year, month), "month"
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31), "year"
        week = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
        if week:
            year, number = int(week.group(1)), int(week.group(2))
            if week.group(3):
                saturday = date.fromisocalendar(year, number, 6)
                return saturday, saturday + timedelta(days=1), "weekend"
            monday = date.fromisocalendar(year, number, 1)
            return monday, monday + timedelta(days=6), "week"
    except (ValueError, OverflowError):
        return None
    return None


def _part_of(text: str, language: str) -> str | None:
    """early, mid or late when the date's words open with a part word ("Anfang November", "mid-May")."""
    words = " ".join(text.lower().split())
    found = [(len(w), part) for w, part in _PART_WORDS.get(language, {}).items()
             if words == w or words.startswith((w + " ", w + "-"))]
    return max(found)[1] if found else None


def _part_bounds(start: date, end: date, granularity: str, part: str) -> tuple[date, date]:
    """The early / mid / late third of a month, year or week (quelle.dates' rule at this revision)."""
    if granularity == "month":
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[part]
        return start.replace(day=first), start.replace(day=last)
    if granularity == "year":
        first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return date(start.year, first_month, 1), _month_end(start.year, last_month)
    first_day, last_day = {"early": (0, 1), "mid": (2, 3), "late": (4, 6)}[part]
    return start + timedelta(days=first_day), start + timedelta(days=last_day)


def _bounds(said_on: dict, language: str) -> tuple[str, str] | tuple[None, None]:
    """The days a stored ``said_on`` covers, from its ``value`` (and, for a part of a period such as
    "Anfang November", its granularity ``period`` and the part word in ``text``)."""
    base = _base_bounds(str(said_on.get("value") or ""))
    if base is None:
        return None, None
    start, end, granularity = base
    part = _part_of(str(said_on.get("text") or ""), language) if said_on.get("granularity") == "period" else None
    if part is not None and granularity in ("month", "year", "week"):
        start, end = _part_bounds(start, end, granularity, part)
    return start.isoformat(), end.isoformat()


def _bounds_from_value(value: str) -> tuple[str, str] | tuple[None, None]:
    """The days of a value alone (kept for the callers of earlier versions of this module)."""
    return _bounds({"value": value}, "")


def fixed_said_on(said_on: dict, published: date | None, language: str) -> dict | None:
    """The repaired ``said_on``, or None when it needs no repair (its bounds are days).

    ``published`` is not needed: the stored ``value`` was resolved against it already."""
    start = said_on.get("start")
    if start is None or (isinstance(start, str) and _DAY.fullmatch(start[:10])):
        return None
    fixed = dict(said_on)
    fixed["text_start"], fixed["text_end"] = said_on.get("start"), said_on.get("end")
    fixed["start"], fixed["end"] = _bounds(said_on, language)
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
