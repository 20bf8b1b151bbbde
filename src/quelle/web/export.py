"""The export buttons: the current result as CSV, JSONL or Parquet, streamed as it is read
(the same rows as `quelle export`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from fastapi.responses import StreamingResponse

from quelle.store.core import Store
from quelle.store.export import _arrow_schema, _flat, csv_safe
from quelle.store.search import EXPORT_FIELDS, Filters, export_rows

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
           "parquet": "application/vnd.apache.parquet"}


def _csv(rows) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EXPORT_FIELDS), extrasaction="ignore")
    writer.writeheader()
    for n, item in enumerate(rows, 1):
        writer.writerow(csv_safe(_flat(item, False)))
        if n % 200 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _jsonl(rows) -> Iterator[bytes]:
    for item in rows:
        yield (json.dumps(item["report"], ensure_ascii=False, default=str) + "\n").encode("utf-8")


class _Chunks(io.RawIOBase):
    """A write-only file whose bytes are taken out after each row group."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def _parquet(rows, batch: int = 1000) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(False)
    sink = _Chunks()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        buffer = []
        for item in rows:
            buffer.append(_flat(item, False))
            if len(buffer) >= batch:
                writer.write_batch(pa.RecordBatch.from_pylist(buffer, schema=schema))
                buffer = []
                yield sink.take()
        writer.write_batch(pa.RecordBatch.from_pylist(buffer, schema=schema))
    yield sink.take()


def streamed(store: Store, filters: Filters, fmt: str) -> StreamingResponse:
    rows = export_rows(store, filters, with_report=(fmt == "jsonl"), with_errors=False)
    body = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt](rows)
    return StreamingResponse(body, media_type=FORMATS[fmt],
                             headers={"Content-Disposition": f'attachment; filename="quelle-export.{fmt}"'})
