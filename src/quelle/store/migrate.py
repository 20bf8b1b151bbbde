"""Run the shipped Alembic migrations on open, so a new database just works."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision; True if anything ran."""
    target = heads()
    with engine.connect() as conn:
        if current(conn) == target:
            return False
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two processes opening a new database at once
            conn.execute(text("SELECT pg_advisory_xact_lock(7315001)"))
        if current(conn) == target:
            return False
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
    return True
