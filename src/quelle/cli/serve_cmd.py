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
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    allowed_hosts: Annotated[
        list[str] | None,
        typer.Option("--allowed-hosts", help="Host header names to answer (repeat or comma-separate; default: "
                     "the listening host, localhost and 127.0.0.1). Others get 400."),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(envvar="QUELLE_API_TOKEN", show_envvar=True,
                     help="Bearer token POST /api/analyze needs; without one, analysis is off unless the server "
                          "listens on loopback only."),
    ] = None,
    max_body: Annotated[int, typer.Option(min=1, help="Largest request body in bytes.")] = 10 * 1024 * 1024,
    analyze_timeout: Annotated[float, typer.Option(min=0.1, help="Time limit of one analysis, seconds.")] = 30.0,
    analyze_max_memory: Annotated[int, typer.Option(min=0, help="Memory limit of one analysis, MB (0: none).")] = 1024,
) -> None:
    """Serve the JSON API (/api, documented at /docs) and the search pages (/) for a store."""
    import sys

    import uvicorn  # noqa: F401 - a missing server package is a set-up error before anything is printed

    from quelle.api.app import create_app  # noqa: F401 - likewise for the app's own imports
    from quelle.api.serve import run
    from quelle.api.settings import ServeSettings, is_loopback
    from quelle.store.core import open_store

    store = open_store(db, create=False)  # refuse a missing store before starting workers
    url = store.url
    store.close()
    hosts = [h for value in (allowed_hosts or []) for h in value.split(",") if h.strip()]
    settings = ServeSettings.for_listening(host, allowed_hosts=hosts, token=token, max_body=max_body,
                                           analyze_timeout=analyze_timeout,
                                           analyze_max_memory=analyze_max_memory)
    note = "" if token or is_loopback(host) else " (analysis off: no --token)"
    from quelle.store.url import describe

    print(f"quelle: serving {describe(url)} on http://{host}:{port}/ (API docs at /docs), {workers} worker(s){note}",
          file=sys.stderr)
    run(url, settings, host, port, workers)


def register(app: typer.Typer) -> None:
    app.command()(serve)
