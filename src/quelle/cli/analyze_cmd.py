"""`quelle analyze`: one article in, a report out."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from typing import Annotated

import typer

from quelle.budget import Budget
from quelle.errors import EXIT_BUDGET, BadInput, QuelleError
from quelle.ingest.files import DEFAULT_MAX_BYTES, read_document

HARD_STOP_GRACE = 5.0


def _hard_stop(timeout: float):
    def stop() -> None:
        sys.stderr.write(f"quelle: error: analysis did not stop within {timeout + HARD_STOP_GRACE:g} s "
                         f"(time budget {timeout:g} s; raise it with --timeout)\n")
        sys.stderr.flush()
        os._exit(EXIT_BUDGET)
    return stop


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise BadInput(f"--published {value!r} is not a date of the form YYYY-MM-DD") from None


def analyze(
    paths: Annotated[list[str], typer.Argument(help="Text or HTML files, or - for standard input.")],
    url: Annotated[str | None, typer.Option(help="The page's URL (gives the site).")] = None,
    site: Annotated[str | None, typer.Option(help="The site the page was found on.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON (several files: one "
                                           "report per line, JSON Lines).")] = False,
    no_statements: Annotated[
        bool, typer.Option("--no-statements", help="Skip statements and entities (faster).")
    ] = False,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = DEFAULT_MAX_BYTES,
    timeout: Annotated[float, typer.Option("--timeout", min=0.0,
                                           help="Seconds one document may take (0: no limit).")] = 60.0,
    max_memory: Annotated[int, typer.Option("--max-memory", min=0,
                                            help="Megabytes one document may use (0: no limit).")] = 1024,
) -> None:
    """Read one article (or several, with one warm pipeline) and report what it is, where it comes
    from and who said what."""
    day = _parse_day(published)
    budget = Budget(seconds=timeout, memory_mb=max_memory)
    if len(paths) == 1:  # one document: its error is the command's error (one line, its exit code)
        _print(_run(paths[0], url, site, day, no_statements, max_bytes, budget), json_out, lines=False)
        return
    from quelle.cli import report_error

    first_error: QuelleError | None = None
    for path in paths:  # the pipeline's data is loaded by the first document and reused
        try:
            report = _run(path, url, site, day, no_statements, max_bytes, budget)
        except QuelleError as err:
            report_error(err.message)  # one line on stderr; the other documents go on
            first_error = first_error or err
            continue
        _print(report, json_out, lines=True)
    if first_error is not None:
        raise SystemExit(first_error.exit_code)


def _run(path: str, url: str | None, site: str | None, day: date | None, no_statements: bool, max_bytes: int,
         budget: Budget):
    """One document within its budget (exit 8 past it, see docs/cli.md)."""
    from quelle.budget import run_within, start_watchdog
    from quelle.pipeline import analyze as run

    document = read_document(path, url=url, site=site, published=day, max_bytes=max_bytes)
    # the hard stop, for a C routine that the budget's timer cannot interrupt
    seconds = budget.seconds + HARD_STOP_GRACE if budget.seconds > 0 else 0
    watchdog = start_watchdog(seconds, _hard_stop(budget.seconds))
    try:
        return run_within(budget, run, document, with_statements=not no_statements)
    finally:
        if watchdog is not None:
            watchdog.cancel()


def _print(report, json_out: bool, *, lines: bool) -> None:
    if json_out:
        from quelle.report_json import report_to_json

        print(report_to_json(report, indent=None if lines else 2), flush=lines)
    else:
        from quelle.render import print_report  # Rich: only for the terminal report

        print_report(report)


def register(app: typer.Typer) -> None:
    app.command()(analyze)
