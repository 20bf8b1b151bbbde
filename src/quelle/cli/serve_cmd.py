"""`quelle serve`: the JSON API and the web pages over a store."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    db: Annotated[
        str | None, typer.Option(help="Store URL or SQLite path (default: QUELLE_DB, else ./quelle.db).")
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the JSON API (/api, documented at /docs) and the search pages (/) for a store."""
    import sys

    import uvicorn

    from quelle.api.app import create_app
    from quelle.store.core import open_store

    store = open_store(db, create=False)
    print(f"quelle: serving {store.url} on http://{host}:{port}/ (API docs at /docs)", file=sys.stderr)
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.command()(serve)
