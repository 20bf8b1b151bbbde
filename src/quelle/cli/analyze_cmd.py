"""`quelle analyze`: one article in, a report out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from quelle.errors import BadInput
from quelle.ingest.files import DEFAULT_MAX_BYTES, read_document


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise BadInput(f"--published {value!r} is not a date of the form YYYY-MM-DD") from None


def analyze(
    path: Annotated[str, typer.Argument(help="A text or HTML file, or - for standard input.")],
    url: Annotated[str | None, typer.Option(help="The page's URL (gives the site).")] = None,
    site: Annotated[str | None, typer.Option(help="The site the page was found on.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    no_statements: Annotated[
        bool, typer.Option("--no-statements", help="Skip statements and entities (faster).")
    ] = False,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = DEFAULT_MAX_BYTES,
) -> None:
    """Read one article and report what it is, where it comes from and who said what."""
    from quelle.pipeline import analyze as run
    from quelle.render import print_report
    from quelle.report_json import report_to_json

    document = read_document(path, url=url, site=site, published=_parse_day(published), max_bytes=max_bytes)
    report = run(document, with_statements=not no_statements)
    if json_out:
        print(report_to_json(report))
    else:
        print_report(report)


def register(app: typer.Typer) -> None:
    app.command()(analyze)
