"""``quelle setup-data``: build the copy-detection lexicons from the Debian packages installed."""

from __future__ import annotations

from typing import Annotated

import typer

from quelle.cli.common import JsonOption, print_json
from quelle.errors import BadInput


def setup_data(
    language: Annotated[list[str] | None, typer.Option("--lang", help="Only this language (repeatable).")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Folder for the built tables (default: "
                                               "$QUELLE_LEXICON_DIR, else the package's data/built).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero when a dictionary is missing.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Build the word-by-word lexicons (German, FreeDict languages) from installed Debian packages.

    Installs nothing: a missing dictionary is named in one line with the package to install.
    """
    from pathlib import Path

    from quelle.copies.lexicon import lexicon_specs
    from quelle.copies.lexicon_setup import build_all

    known = set(lexicon_specs())
    unknown = sorted(set(language or []) - known)
    if unknown:
        raise BadInput(f"no lexicon is defined for {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    try:
        results = build_all(Path(target) if target else None, language or None)
    except OSError as err:
        raise BadInput(f"cannot write the lexicons: {err}") from None
    if json_out:
        print_json([{"language": r.language, "path": str(r.path) if r.path else None, "forms": r.forms,
                     "message": r.message} for r in results])
    else:
        for r in results:
            print(("built " if r.path else "missing ") + r.message)
    if strict and any(r.path is None for r in results):
        raise SystemExit(1)


def register(app: typer.Typer) -> None:
    app.command("setup-data")(setup_data)
