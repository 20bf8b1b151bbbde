"""The Parquet tables of a batch: their schemas, and rows from ingest's own Record/ErrorRecord.

The rows are the store's rows (``quelle.store.records`` builds them in the worker, as for ingest),
plus the document's position (``shard``, ``seq``) and its key (``source_id``, ``content_hash``) on
every child row, so ``quelle load`` can insert them without analysing anything again. Evidence and
entity rows ride along as JSON lists in the document row; statements get their own table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quelle.store.records import ErrorRecord, Record

POSITION = [("shard", pa.int32()), ("seq", pa.int32())]
KEY = [("source_id", pa.string()), ("content_hash", pa.string())]

DOCUMENTS = pa.schema(POSITION + KEY + [
    ("url", pa.string()), ("site", pa.string()), ("title", pa.string()), ("language", pa.string()),
    ("published", pa.date32()), ("fetched", pa.date32()), ("media_type", pa.string()), ("encoding", pa.string()),
    ("origin_outlet", pa.string()), ("origin_edition", pa.string()), ("confidence", pa.float64()),
    ("confidence_label", pa.string()), ("state_controlled", pa.bool_()), ("republished", pa.bool_()),
    ("translated_from", pa.string()), ("statement_count", pa.int32()), ("entity_count", pa.int32()),
    ("size", pa.int64()), ("raw_ref", pa.string()), ("text", pa.string()), ("schema", pa.string()),
    ("report", pa.string()), ("raw", pa.binary()), ("evidence_rows", pa.string()), ("entity_rows", pa.string()),
])
STATEMENTS = pa.schema(POSITION + KEY + [
    ("idx", pa.int32()), ("type", pa.string()), ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("cue", pa.string()), ("speaker_name", pa.string()), ("speaker_role", pa.string()),
    ("speaker_kind", pa.string()), ("speaker_entity", pa.int64()), ("said_on_start", pa.string()),
    ("said_on_end", pa.string()), ("data", pa.string()), ("parent_idx", pa.int32()),
])
ERRORS = pa.schema(POSITION + KEY + [
    ("kind", pa.string()), ("message", pa.string()), ("url", pa.string()), ("site", pa.string()),
    ("raw_ref", pa.string()), ("detail", pa.string()),
])
FEATURES = pa.schema(POSITION + KEY + [
    ("language", pa.string()), ("published", pa.string()), ("shingles", pa.list_(pa.uint32())),
    ("minhash", pa.list_(pa.uint32())), ("xkeys", pa.list_(pa.string())),
    # for the narration and partial-copy tests (text-order shingles as uint32, as ``near.narration`` reads them)
    ("ordered", pa.list_(pa.uint32())), ("quoted", pa.list_(pa.uint32())), ("names", pa.list_(pa.string())),
    ("numbers", pa.list_(pa.string())),
    # reported speech per stretch: the shingles of its frame and of the speaker's words (``near.SpeechShingles``)
    ("speech_frames", pa.list_(pa.list_(pa.uint32()))), ("speech_words", pa.list_(pa.list_(pa.uint32()))),
])
LINKS = pa.schema([
    ("a_source_id", pa.string()), ("a_content_hash", pa.string()), ("b_source_id", pa.string()),
    ("b_content_hash", pa.string()), ("relation", pa.string()), ("score", pa.float64()), ("contained", pa.string()),
    ("evidence", pa.string()), ("a_pos", pa.int64()), ("b_pos", pa.int64()), ("order", pa.int32()),
])
STORIES = pa.schema([
    ("story", pa.string()), ("earliest", pa.string()), ("source_id", pa.string()), ("content_hash", pa.string()),
    ("relation", pa.string()), ("via", pa.string()), ("site", pa.string()), ("language", pa.string()),
    ("published", pa.string()), ("pos", pa.int64()),
])
SCHEMAS = {"documents": DOCUMENTS, "statements": STATEMENTS, "errors": ERRORS, "features": FEATURES,
           "links": LINKS, "stories": STORIES}


def _state_controlled(report: dict[str, Any]) -> bool | None:
    origin = ((report.get("provenance") or {}).get("origin")) or {}
    value = origin.get("state_controlled")
    if value is None and isinstance(origin.get("state_media"), dict):
        value = origin["state_media"].get("state_controlled")
    return value if isinstance(value, bool) else None


def document_row(shard: int, seq: int, record: Record) -> dict[str, Any]:
    report = json.loads(record.report)
    return {**record.document, "shard": shard, "seq": seq, "schema": record.schema, "report": record.report,
            "raw": record.raw, "state_controlled": _state_controlled(report),
            "evidence_rows": json.dumps(record.evidence, ensure_ascii=False),
            "entity_rows": json.dumps(record.entities, ensure_ascii=False)}


def statement_rows(shard: int, seq: int, record: Record) -> list[dict[str, Any]]:
    key = {"shard": shard, "seq": seq, "source_id": record.document["source_id"],
           "content_hash": record.document["content_hash"]}
    return [{**row, **key} for row in record.statements]


def error_row(shard: int, seq: int, error: ErrorRecord) -> dict[str, Any]:
    return {"shard": shard, "seq": seq, "source_id": error.source_id, "content_hash": error.content_hash,
            "kind": error.kind, "message": error.message, "url": error.url, "site": error.site,
            "raw_ref": error.raw_ref, "detail": error.detail}


def write(out: Path, table: str, name: str, rows: list[dict[str, Any]]) -> Path:
    """Write one Parquet file atomically (a temporary name, then a rename): a killed task leaves none."""
    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.parquet"
    tmp = folder / f".{name}.parquet.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def read(out: Path, table: str, columns: list[str] | None = None) -> pa.Table:
    """All files of one table (an empty table when there are none)."""
    files = sorted((out / table).glob("*.parquet"))
    if not files:
        return SCHEMAS[table].empty_table() if columns is None else SCHEMAS[table].empty_table().select(columns)
    return pa.concat_tables(pq.read_table(f, columns=columns, schema=SCHEMAS[table]) for f in files)


class ShardWriter:
    """The four tables of one shard, written in row groups as results come (memory stays flat with shard
    size) to temporary files that are renamed only when the whole shard is written."""

    ROW_GROUP = 500

    def __init__(self, out: Path, name: str) -> None:
        self.out, self.name = out, name
        self.buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in ("documents", "statements", "errors",
                                                                           "features")}
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.counts = {"documents": 0, "errors": 0, "statements": 0}

    def _tmp(self, table: str) -> Path:
        folder = self.out / table
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f".{self.name}.parquet.tmp"

    def _add(self, table: str, rows: list[dict[str, Any]]) -> None:
        buffer = self.buffers[table]
        buffer.extend(rows)
        if len(buffer) >= self.ROW_GROUP:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self.buffers[table]
        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(self._tmp(table), SCHEMAS[table], compression="zstd")
        if rows:
            self.writers[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
        self.buffers[table] = []

    def document(self, shard: int, seq: int, record: Record, features: dict[str, Any]) -> None:
        self._add("documents", [document_row(shard, seq, record)])
        rows = statement_rows(shard, seq, record)
        self._add("statements", rows)
        self._add("features", [{"shard": shard, "seq": seq, "source_id": record.document["source_id"],
                                "content_hash": record.document["content_hash"], **features}])
        self.counts["documents"] += 1
        self.counts["statements"] += len(rows)

    def error(self, shard: int, seq: int, error: ErrorRecord) -> None:
        self._add("errors", [error_row(shard, seq, error)])
        self.counts["errors"] += 1

    def close(self) -> dict[str, int]:
        for table in self.buffers:
            self._flush(table)
            self.writers.pop(table).close()
            os.replace(self._tmp(table), self.out / table / f"{self.name}.parquet")
        return dict(self.counts)
