"""Alembic environment for the quelle store.

Run programmatically by ``quelle.store.migrate.upgrade`` with an open connection passed in
``config.attributes["connection"]``; with the ``alembic`` command line, set
``sqlalchemy.url`` in the config (``alembic -x db=URL`` also works).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from quelle.store.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=lambda obj, name, type_, reflected, compare_to: not (name or "").endswith("_fts")
        and not (name or "").startswith("documents_fts") and not (name or "").startswith("statements_fts"),
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from quelle.store.url import resolve_url

    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        _run(conn)
