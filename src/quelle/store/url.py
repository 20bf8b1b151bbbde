"""Turn what the user typed after --db into an SQLAlchemy URL.

Why: users type a file name (``crawl.db``), ``sqlite:///crawl.db`` or a libpq-style
``postgresql://user@host/db``; SQLAlchemy would pick psycopg2 for the latter, which is
not installed, so we map every PostgreSQL spelling to psycopg 3.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "quelle.db"
ENV_VAR = "QUELLE_DB"


def default_db() -> str:
    return os.environ.get(ENV_VAR) or DEFAULT_DB


def resolve_url(db: str | None) -> str:
    """A plain path becomes ``sqlite:///<absolute path>``; PostgreSQL URLs use psycopg 3."""
    value = (db or default_db()).strip()
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def describe(url: str) -> str:
    """The URL for messages: without a password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only used for messages
        return url
