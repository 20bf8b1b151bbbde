"""What the store and copy commands share: option types, JSON output, opening a store."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

DbOption = Annotated[str | None, typer.Option("--db", help="Store: a file path or database URL "
                                              "(default: $QUELLE_DB, else ./quelle.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Published on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Published on or before YYYY-MM-DD.")]
LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Results per page.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip this many results.")]
LangOption = Annotated[str | None, typer.Option("--lang", help="Language code, e.g. de.")]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Origin outlet contains this.")]


def print_json(data: Any) -> None:
    """Results on stdout as indented JSON (dates as ISO strings)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def open_store(db: str | None, create: bool = False):
    """The store at --db; without ``create`` a missing SQLite file is an error, not a new store."""
    from quelle.store import open_store as open_

    return open_(db, create=create)
