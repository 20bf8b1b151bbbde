"""`quelle batch` and `quelle load`: crawl-size inputs on a dataframe engine, and their tables into a store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from quelle.cli.common import DbOption, JsonOption, print_json


def _cpus() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def batch(
    paths: Annotated[list[str], typer.Argument(help="WARC, WARC.gz, JSONL(.gz) files, folders, globs or s3:// URLs.")],
    out: Annotated[str, typer.Option("--out", help="Folder for the Parquet tables (reused: finished shards "
                                                   "are skipped).")],
    engine: Annotated[str, typer.Option("--engine", help="local (Daft's native runner) or ray.")] = "local",
    address: Annotated[str | None, typer.Option("--address", help="Ray cluster address (ray://host:10001, "
                                                                  "or auto inside a RayJob).")] = None,
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Analysis processes (local) or "
                                                                   "concurrent shard tasks (ray).")] = min(_cpus(), 8),
    timeout: Annotated[float, typer.Option("--timeout", min=0.1,
                                           help="Seconds one document may take before it is stopped.")] = 60.0,
    max_memory: Annotated[int, typer.Option("--max-memory", min=0,
                                            help="Megabytes one document may use (0: no limit).")] = 1024,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Larger documents become errors.")] = (
        10 * 1024 * 1024),
    no_statements: Annotated[bool, typer.Option("--no-statements", help="Skip statements and entities.")] = False,
    no_raw: Annotated[bool, typer.Option("--no-raw", help="Do not keep the raw pages (only a reference).")] = False,
    json_out: JsonOption = False,
) -> None:
    """Analyse crawl shards on an engine into Parquet tables (documents, statements, errors, links, stories)."""
    from quelle.scale.analysis import Settings
    from quelle.scale.batch import run_batch
    from quelle.scale.engine import daft

    if engine not in ("local", "ray"):
        raise typer.BadParameter("use local or ray", param_hint="--engine")
    daft()  # without the extra: one line that says which one to install
    settings = Settings(timeout=timeout, max_memory_mb=max_memory, max_bytes=max_bytes,
                        with_statements=not no_statements, keep_raw=not no_raw)
    summary = run_batch(paths, out, engine=engine, address=address, workers=workers, settings=settings, db=db)
    if json_out:
        print_json(summary.to_dict())
    else:
        print(summary.line())
        if db is not None:
            print(f"load: {summary.loaded.get('added', 0)} rows added, {summary.loaded.get('links', 0)} copy links")


def load(
    folder: Annotated[str, typer.Argument(help="A folder written by quelle batch --out.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Load a batch's Parquet tables into the store (idempotent: what is stored already is skipped)."""
    from quelle.scale.load import load as run_load

    result = run_load(folder, db)
    if json_out:
        print_json(result)
    else:
        print(f"load: {result['added']} documents and errors added, {result['links']} copy links")


def register(app: typer.Typer) -> None:
    app.command()(batch)
    app.command()(load)
