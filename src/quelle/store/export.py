"""Streamed export: JSONL (one stored report a line), CSV and Parquet (the main fields).

Nothing is collected in memory: rows flow from the database cursor to the file, Parquet in
row groups of ``batch`` rows through pyarrow's ParquetWriter.
"""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from typing import IO, Any

from quelle.errors import BadInput
from quelle.store.core import Store
from quelle.store.search import EXPORT_FIELDS, Filters, export_rows

ERROR_FIELDS = ("error_kind", "error_message")
# A cell a spreadsheet would read as a formula (CSV injection): stored titles and URLs are written
# by the people our users study, so such cells get a leading apostrophe (OWASP's advice).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """The row with every string cell that starts like a formula made inert."""
    return {key: "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value
            for key, value in row.items()}


@contextmanager
def _sink(output: str | None, binary: bool):
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with open(output, "wb" if binary else "w", encoding=None if binary else "utf-8",
              newline=None if binary else "") as handle:
        yield handle


def _flat(item: dict[str, Any], with_errors: bool) -> dict[str, Any]:
    if "error" in item:
        error = item["error"]
        row = {name: None for name in EXPORT_FIELDS}
        row.update({"source_id": error["source_id"], "url": error.get("url"), "site": error.get("site"),
                    "statement_count": 0, "error_kind": error["kind"], "error_message": error["message"]})
        return row
    row = dict(item["row"])
    if with_errors:
        row.update({"error_kind": None, "error_message": None})
    return row


def _arrow_schema(with_errors: bool):
    import pyarrow as pa

    fields = [("id", pa.int64()), ("source_id", pa.string()), ("url", pa.string()), ("site", pa.string()),
              ("title", pa.string()), ("language", pa.string()), ("published", pa.string()),
              ("origin_outlet", pa.string()), ("confidence", pa.float64()), ("republished", pa.bool_()),
              ("translated_from", pa.string()), ("statement_count", pa.int64())]
    if with_errors:
        fields += [("error_kind", pa.string()), ("error_message", pa.string())]
    return pa.schema(fields)


def write_export(store: Store, filters: Filters, fmt: str, output: str | None, *, with_errors: bool = False,
                 batch: int = 1000) -> dict[str, int]:
    """Write the export; returns how many documents and error rows were written.

    A file that cannot be written (no such folder, no permission, a full disk: ``-o /dev/full``)
    is a one-line BadInput, not a store failure."""
    try:
        return _write_export(store, filters, fmt, output, with_errors=with_errors, batch=batch)
    except OSError as err:
        where = output or "standard output"
        raise BadInput(f"cannot write the export to {where}: {err.strerror or err}") from None


def _write_export(store: Store, filters: Filters, fmt: str, output: str | None, *, with_errors: bool,
                  batch: int) -> dict[str, int]:
    counts = {"documents": 0, "errors": 0}
    rows = export_rows(store, filters, with_report=(fmt == "jsonl"), with_errors=with_errors)

    def count(item: dict[str, Any]) -> None:
        counts["errors" if "error" in item else "documents"] += 1

    if fmt == "jsonl":
        with _sink(output, binary=False) as out:
            for item in rows:
                count(item)
                if "error" in item:
                    error = item["error"]
                    line = {"schema": "quelle.report/1", "source_id": error["source_id"], "url": error.get("url"),
                            "site": error.get("site"),
                            "error": {"kind": error["kind"], "message": error["message"]}}
                else:
                    line = item["report"]
                out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        fields = list(EXPORT_FIELDS) + (list(ERROR_FIELDS) if with_errors else [])
        with _sink(output, binary=False) as out:
            writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for item in rows:
                count(item)
                writer.writerow(csv_safe(_flat(item, with_errors)))
    else:
        _write_parquet(rows, output, with_errors, batch, count)
    return counts


def _write_parquet(rows, output: str | None, with_errors: bool, batch: int, count) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(with_errors)
    names = schema.names
    sink: IO[bytes] | str = output if output is not None else pa.PythonFile(sys.stdout.buffer, mode="w")
    with pq.ParquetWriter(sink, schema) as writer:
        buffer: list[dict[str, Any]] = []
        for item in rows:
            count(item)
            buffer.append(_flat(item, with_errors))
            if len(buffer) >= batch:
                writer.write_batch(pa.RecordBatch.from_pylist(buffer, schema=schema))
                buffer = []
        if buffer or not names:
            writer.write_batch(pa.RecordBatch.from_pylist(buffer, schema=schema))
