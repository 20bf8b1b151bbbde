"""Shared test helpers: where the shared data lives, and a skip when it is absent."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "samples" / "000_94a5e4ef7fbe2b37.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@contextmanager
def store_database(kind: str, directory: Path):
    """A fresh, empty store URL: SQLite in ``directory``, or a new PostgreSQL database (dropped after)."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / 'store.db'}"
        return
    import os
    import uuid

    base = os.environ.get("QUELLE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("QUELLE_TEST_POSTGRES_URL is not set (source .ci/services.sh to start a PostgreSQL server)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"quelle_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty store on each backend (the PostgreSQL one needs QUELLE_TEST_POSTGRES_URL)."""
    with store_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def seed_bytes() -> bytes:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED} (../shared/ absent)")
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def web_store_url(tmp_path_factory) -> str:
    """A store with one story in three languages and hostile documents (tests/web_fixture.py)."""
    from web_fixture import build

    return build(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web_server(web_store_url):
    """`quelle serve` over the web test store on 127.0.0.1 (a real HTTP server)."""
    from web_fixture import Server

    server = Server(web_store_url)
    yield server
    server.stop()
