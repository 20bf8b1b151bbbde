"""`quelle analyze`: one article in, a report out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from quelle.errors import BadInput, QuelleError
from quelle.ingest.files import DEFAULT_MAX_BYTES, read_document


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
) -> None:
    """Read one article (or several, with one warm pipeline) and report what it is, where it comes
    from and who said what."""
    day = _parse_day(published)
    if len(paths) == 1:  # one document: its error is the command's error (one line, its exit code)
        _print(_run(paths[0], url, site, day, no_statements, max_bytes), json_out, lines=False)
        return
    from quelle.cli import report_error

    first_error: QuelleError | None = None
    for path in paths:  # the pipeline's data is loaded by the first document and reused
        try:
            report = _run(path, url, site, day, no_statements, max_bytes)
        except QuelleError as err:
            report_error(err.message)  # one line on stderr; the other documents go on
            first_error = first_error or err
            continue
        _print(report, json_out, lines=True)
    if first_error is not None:
        raise SystemExit(first_error.exit_code)


def _run(path: str, url: str | None, site: str | None, day: date | None, no_statements: bool, max_bytes: int):
    from quelle.pipeline import analyze as run

    document = read_document(path, url=url, site=site, published=day, max_bytes=max_bytes)
    return run(document, with_statements=not no_statements)


def _print(report, json_out: bool, *, lines: bool) -> None:
    if json_out:
        from quelle.report_json import report_to_json

        print(report_to_json(report, indent=None if lines else 2), flush=lines)
    else:
        from quelle.render import print_report  # Rich: only for the terminal report

        print_report(report)


def register(app: typer.Typer) -> None:
    app.command()(analyze)
