"""Store commands: ingest, search, statements, show, stats, export, errors (issue 4).

Commands only: parsing options and printing. Results go to stdout (Rich tables, or JSON
with --json); progress and messages go to stderr.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from quelle.cli.common import (
    DbOption,
    JsonOption,
    LangOption,
    LimitOption,
    OffsetOption,
    OutletOption,
    SinceOption,
    UntilOption,
    print_json,
)
from quelle.cli.common import open_store as _open
from quelle.errors import BadInput, QuelleError, UnreadableInput

PageOption = Annotated[int | None, typer.Option("--page", min=1, help="Page number (sets the offset).")]
SpeakerOption = Annotated[str | None, typer.Option("--speaker", help="Speaker name contains this.")]
SiteOption = Annotated[str | None, typer.Option("--site", help="Site (domain) the page was found on.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="Statement type, e.g. Direct, Indirect.")]


def _out():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _err():
    from rich.console import Console

    return Console(stderr=True, highlight=False)




def _filters(query=None, speaker=None, outlet=None, site=None, lang=None, type_=None, since=None, until=None):
    from quelle.store.search import Filters, parse_day

    return Filters(query=query, speaker=speaker, outlet=outlet, site=site, lang=lang, type=type_,
                   since=parse_day(since, "--since"), until=parse_day(until, "--until"))


def _offset(limit: int, offset: int, page: int | None) -> int:
    return (page - 1) * limit if page else offset


def _paging_note(result: dict[str, Any], what: str) -> None:
    shown = len(result["results"])
    first = result["offset"] + 1 if shown else 0
    _err().print(f"[dim]{what} {first}–{result['offset'] + shown} of {result['total']}[/dim]")


# -- ingest ---------------------------------------------------------------------------------
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - to read a list of paths from stdin.")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = max(
        1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1), 8)),
    timeout: Annotated[float, typer.Option("--timeout", min=0.1,
                                           help="Seconds one document may take before it is stopped.")] = 60.0,
    max_memory: Annotated[int, typer.Option("--max-memory", min=0,
                                            help="Megabytes one document may use (0: no limit).")] = 1024,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Documents per transaction.")] = 200,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Larger documents become errors.")] = (
        10 * 1024 * 1024),
    no_statements: Annotated[bool, typer.Option("--no-statements", help="Skip statements and entities.")] = False,
    no_raw: Annotated[bool, typer.Option("--no-raw", help="Do not keep the raw pages (only a reference).")] = False,
    retry_errors: Annotated[bool, typer.Option(
        "--retry-errors", help="Try recorded failures again (they are skipped otherwise).")] = False,
    no_hooks: Annotated[bool, typer.Option(
        "--no-hooks", help="Skip the post-store corpus stages (copies, stories) for this run.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Analyse files, folders, JSONL and WARC files and store the reports."""
    from quelle.cli import stopped

    runs: list[Any] = []
    try:
        _ingest(paths, db, workers, timeout, max_memory, batch_size, max_bytes, no_statements, no_raw,
                retry_errors, no_hooks, quiet, json_out, runs)
    except KeyboardInterrupt as err:  # Ctrl-C or SIGTERM (quelle.cli.Terminated), at any moment
        committed = runs[0].summary.committed if runs else 0
        raise stopped(err, f"{committed} documents and errors stored in this run; run the same command "
                      "again to resume (stored ones are skipped)") from None


def _ingest(paths, db, workers, timeout, max_memory, batch_size, max_bytes, no_statements, no_raw,
            retry_errors, no_hooks, quiet, json_out, runs: list[Any]) -> None:
    from quelle.ingest.pool import WorkerStartError
    from quelle.ingest.runner import Ingest
    from quelle.ingest.sources import collect

    inputs = collect(paths)
    if not inputs.files:
        if inputs.missing:
            raise UnreadableInput(f"no input: {', '.join(inputs.missing[:3])}: no such file or folder")
        raise UnreadableInput("no input: the paths hold no .txt, .html, .jsonl or .warc files")
    store = _open(db, create=True)
    console = _err()
    for path in inputs.missing:
        console.print(f"quelle: warning: {path}: no such file or folder (recorded as an error)")
    total = inputs.document_total
    progress, task = _progress(console, total, disable=quiet)
    failed = 0

    def advance(done: int, fail: int) -> None:
        nonlocal failed
        failed += fail
        progress.update(task, advance=done, errors=failed)

    run = Ingest(store, inputs, workers=workers, timeout=timeout, max_memory_mb=max_memory,
                 batch_size=batch_size, max_bytes=max_bytes,
                 with_statements=not no_statements, keep_raw=not no_raw, progress=advance,
                 retry_errors=retry_errors, run_hooks=not no_hooks)
    runs.append(run)
    try:
        with progress:
            summary = run.run()
    except WorkerStartError as err:
        raise QuelleError(str(err)) from None
    finally:
        store.close()
    if json_out:
        print_json(summary.to_dict())
    else:
        print(summary.line())
    if summary.failed:
        console.print(f"[dim]{summary.failed} failed documents are listed by 'quelle errors'[/dim]")


def _progress(console, total: int | None, disable: bool):
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed or 0:,.0f} docs/s", style="cyan")

    columns: list[Any] = [TextColumn("ingest")]
    if total is not None:
        columns += [BarColumn(), TaskProgressColumn()]
    columns += [TextColumn("{task.completed:,.0f} docs"), Rate(), TextColumn("[red]{task.fields[errors]} failed"),
                TimeElapsedColumn()]
    if total is not None:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    progress = Progress(*columns, console=console, disable=disable, transient=False, refresh_per_second=4,
                        speed_estimate_period=10)
    task = progress.add_task("ingest", total=total, errors=0)
    return progress, task


# -- search -------------------------------------------------------------------------------
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, speaker: outlet: site: lang: type:')],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    page: PageOption = None,
    statements_: Annotated[bool, typer.Option("--statements", help="Search statements instead of documents.")] = (
        False),
    json_out: JsonOption = False,
) -> None:
    """Search the stored texts (or, with --statements, the statements)."""
    from quelle.store.search import list_statements, search_documents

    filters = _filters(query=query, since=since, until=until)
    with _open(db) as store:
        if statements_:
            result = list_statements(store, filters, limit=limit, offset=_offset(limit, offset, page))
        else:
            result = search_documents(store, filters, limit=limit, offset=_offset(limit, offset, page))
    if json_out:
        print_json(result)
        return
    if statements_:
        _statement_table(result)
        return
    from rich.table import Table

    table = Table(show_lines=False)
    for name in ("id", "source_id", "published", "site", "lang", "outlet", "title / snippet"):
        table.add_column(name, overflow="fold")
    for hit in result["results"]:
        table.add_row(str(hit["id"]), hit["source_id"], hit["published"] or "", hit["site"] or "",
                      hit["language"] or "", hit["origin_outlet"] or "",
                      f"[bold]{hit['title'] or ''}[/bold]\n{hit['snippet']}")
    _out().print(table)
    _paging_note(result, "documents")


def _statement_table(result: dict[str, Any]) -> None:
    """One row per utterance, its quoted fragments inside it; stored strings as plain text."""
    from rich.table import Table
    from rich.text import Text

    from quelle.render import statement_cell

    table = Table()
    for name in ("source_id", "published", "site", "speaker", "type", "statement"):
        table.add_column(name, overflow="fold")
    for row in result["results"]:
        speaker = row["speaker_name"] or ""
        if row.get("speaker_role"):
            speaker += f" ({row['speaker_role']})"
        table.add_row(*(Text(str(value or "")) for value in (row["source_id"], row["published"], row["site"],
                                                             speaker, row["type"])),
                      statement_cell(row["text"] or "", row.get("quoted_parts") or []))
    _out().print(table)
    _paging_note(result, "statements")


def statements(
    db: DbOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    site: SiteOption = None,
    lang: LangOption = None,
    type_: TypeOption = None,
    query: Annotated[str | None, typer.Option("--query", help="Search language over statement texts.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    page: PageOption = None,
    json_out: JsonOption = False,
) -> None:
    """List stored statements: who said what, where and when."""
    from quelle.store.search import list_statements

    filters = _filters(query=query, speaker=speaker, outlet=outlet, site=site, lang=lang, type_=type_,
                       since=since, until=until)
    with _open(db) as store:
        result = list_statements(store, filters, limit=limit, offset=_offset(limit, offset, page))
    if json_out:
        print_json(result)
    else:
        _statement_table(result)


# -- show -------------------------------------------------------------------------------------
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Numeric document id or source_id.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show the stored report of one document."""
    from quelle.store.search import find_document, find_error

    with _open(db) as store:
        found = find_document(store, ident)
        error = None if found else find_error(store, ident)
    if found is None:
        if error is not None:
            raise BadInput(f"{ident} failed to ingest: {error['kind']}: {error['message']}")
        raise BadInput(f"no stored document with id or source_id {ident!r}")
    if json_out:
        report = found["report"]
        report["store"] = {"id": found["document"]["id"], "content_hash": found["document"]["content_hash"],
                           "raw_ref": found["document"]["raw_ref"]}
        print_json(report)
        return
    _print_stored(found)


def _print_stored(found: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from quelle.utterances import utterances

    doc, report = found["document"], found["report"]
    console = _out()
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold cyan", justify="right")
    head.add_column(overflow="fold")
    prov = report.get("provenance") or {}
    origin = prov.get("origin") or {}
    for name, value in (("id", doc["id"]), ("source_id", doc["source_id"]), ("title", report.get("title")),
                        ("site", report.get("site")), ("url", report.get("url")),
                        ("language", report.get("language")), ("published", report.get("published")),
                        ("origin", origin.get("outlet")), ("confidence", prov.get("confidence_label")),
                        ("statements", len(report.get("statements") or [])), ("raw", doc.get("raw_ref"))):
        head.add_row(name, Text("—" if value in (None, "") else str(value)))
    console.print(head)
    evidence = prov.get("evidence") or []
    if evidence:
        console.rule("Evidence")
        for item in evidence:
            console.print(f"- {item.get('supports')} · {item.get('kind')}: {item.get('text')!r} "
                          f"(weight {item.get('weight')})", markup=False)
    for row in utterances(report.get("statements") or []):
        statement = row["statement"]
        if not isinstance(statement, dict):
            continue
        speaker = (statement.get("speaker") or {}).get("name") or "?"
        line = Text(str(speaker), style="bold").append(f" [{statement.get('type')}]: {statement.get('text')}")
        for part in row["quoted"]:
            line.append("\n    quoted: ", style="dim").append(part["text"])
        console.print(line)
    console.rule("Text")
    console.print(report.get("text") or "", markup=False)


# -- stats ------------------------------------------------------------------------------------
def stats(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    site: SiteOption = None,
    outlet: OutletOption = None,
    lang: LangOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per table (months: all).")] = 20,
    json_out: JsonOption = False,
) -> None:
    """Counts of stored documents by outlet, site, language and month."""
    from quelle.store.search import stats as run

    filters = _filters(site=site, outlet=outlet, lang=lang, since=since, until=until)
    with _open(db) as store:
        result = run(store, filters, top=top)
    if json_out:
        print_json(result)
        return
    from rich.table import Table

    console = _out()
    console.print(f"{result['documents']} documents, {result['statements']} statements, "
                  f"{result['errors']} errors")
    for name in ("outlet", "site", "language", "month"):
        table = Table(title=f"by {name}")
        table.add_column(name)
        table.add_column("documents", justify="right")
        for row in result[f"by_{name}"]:
            table.add_row(row["value"] or "(unknown)", str(row["documents"]))
        console.print(table)


# -- export -----------------------------------------------------------------------------------
def export(
    format_: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    db: DbOption = None,
    query: Annotated[str | None, typer.Option("--query", help="Search language, as for 'quelle search'.")] = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    site: SiteOption = None,
    lang: LangOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    with_errors: Annotated[bool, typer.Option("--errors", help="Also export the failed documents.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Export one row per analysed document: JSONL (the reports), CSV or Parquet (main fields)."""
    from quelle.store.export import write_export

    format_ = format_.lower()
    if format_ not in ("jsonl", "csv", "parquet"):
        raise BadInput(f"--format {format_!r}: use jsonl, csv or parquet")
    if format_ == "parquet" and output is None and sys.stdout.isatty():
        raise BadInput("Parquet is binary: write it to a file with -o FILE")
    filters = _filters(query=query, speaker=speaker, outlet=outlet, site=site, lang=lang, since=since,
                       until=until)
    with _open(db) as store:
        counts = write_export(store, filters, format_, output, with_errors=with_errors)
    message = f"export: {counts['documents']} documents" + (
        f", {counts['errors']} errors" if with_errors else "") + (f" to {output}" if output else "")
    if json_out and output:
        print_json(counts)
    else:
        _err().print(message)


# -- errors -----------------------------------------------------------------------------------
def errors(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind (timeout, too_large, ...).")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    page: PageOption = None,
    json_out: JsonOption = False,
) -> None:
    """List the documents that failed to ingest, with the reason."""
    from quelle.store.search import list_errors

    with _open(db) as store:
        result = list_errors(store, limit=limit, offset=_offset(limit, offset, page), kind=kind)
    if json_out:
        print_json(result)
        return
    from rich.table import Table

    table = Table()
    for name in ("id", "source_id", "kind", "message"):
        table.add_column(name, overflow="fold")
    for row in result["results"]:
        table.add_row(str(row["id"]), row["source_id"], row["kind"], row["message"])
    _out().print(table)
    _paging_note(result, "errors")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(search)
    app.command()(statements)
    app.command()(show)
    app.command()(stats)
    app.command()(export)
    app.command()(errors)

