"""``quelle load DIR --db URL``: a batch's Parquet tables into a store, idempotent by document key.

Documents go in storage order through the store's own ``write_batch`` (the rows ingest writes:
documents, reports, raw pages, evidence, statements, entities, errors), in chunks, after
``existing_keys`` has dropped what the store already holds: loading twice adds nothing, and a
killed load is finished by loading again. On PostgreSQL the child rows (evidence, statements,
entities, raw pages) go through COPY. Then the copy stage's links and signatures, with document keys
turned into the store's ids, and ``refresh_stories`` of the ingest hook builds the stories and the
inherited provenance exactly as ingest does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
from sqlalchemy import insert, select

from quelle.errors import UnreadableInput
from quelle.scale import tables
from quelle.store import schema
from quelle.store.core import Store, open_store
from quelle.store.records import ErrorRecord, Record
from quelle.translit import name_keys

CHUNK = 500
_DOC_COLUMNS = [c.name for c in schema.documents.columns if c.name not in ("id", "created_at")]


def _pos(row: dict[str, Any]) -> tuple[int, int]:
    return row["shard"], row["seq"]


def _files(out: Path, table: str) -> list[Path]:
    return sorted((out / table).glob("*.parquet"))


def _statements_by_key(out: Path, name: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    path = out / "statements" / name
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if path.exists():
        for row in pq.read_table(path).to_pylist():
            key = (row.pop("source_id"), row.pop("content_hash"))
            row.pop("shard"), row.pop("seq")
            # parent_idx is absent from shards of an older quelle; the speaker keys are derived
            # from the stored name and not kept in the shards at all
            row.setdefault("parent_idx", None)
            row["speaker_key"], row["speaker_key_de"] = name_keys(row.get("speaker_name"))
            grouped.setdefault(key, []).append(row)
    return grouped


def _records(out: Path) -> Iterator[tuple[tuple[int, int], Record | ErrorRecord]]:
    """Documents and errors of every shard, in storage order (shard by shard, then by position)."""
    errors = tables.read(out, "errors").to_pylist()
    by_shard: dict[int, list[dict[str, Any]]] = {}
    for row in errors:
        by_shard.setdefault(row["shard"], []).append(row)
    doc_files = {p.name: p for p in _files(out, "documents")}
    shard_of = {}
    for name, path in doc_files.items():
        first = pq.ParquetFile(path)
        shard_of[name] = int(first.read_row_group(0, columns=["shard"])["shard"][0].as_py()) \
            if first.metadata.num_rows else int(name.split("-")[0])
    names = sorted(doc_files, key=lambda n: shard_of[n])
    shards = sorted(set(by_shard) | set(shard_of.values()))
    for shard in shards:
        items: list[tuple[tuple[int, int], Record | ErrorRecord]] = []
        for row in by_shard.get(shard, []):
            items.append((_pos(row), ErrorRecord(source_id=row["source_id"], content_hash=row["content_hash"],
                                                 kind=row["kind"], message=row["message"], url=row["url"],
                                                 site=row["site"], raw_ref=row["raw_ref"], detail=row["detail"])))
        for name in (n for n in names if shard_of[n] == shard):
            statements = _statements_by_key(out, name)
            for batch in pq.ParquetFile(doc_files[name]).iter_batches(batch_size=CHUNK):
                for row in batch.to_pylist():
                    key = (row["source_id"], row["content_hash"])
                    items.append((_pos(row), Record(
                        document={c: row[c] for c in _DOC_COLUMNS}, report=row["report"], schema=row["schema"],
                        raw=row["raw"], evidence=json.loads(row["evidence_rows"]),
                        statements=statements.get(key, []), entities=json.loads(row["entity_rows"]))))
        items.sort(key=lambda pair: pair[0])
        yield from items


def _key(item: Record | ErrorRecord) -> tuple[str, str]:
    if isinstance(item, Record):
        return item.document["source_id"], item.document["content_hash"]
    return item.source_id, item.content_hash


def _write_chunk(store: Store, chunk: list[Record | ErrorRecord], seen: set[tuple[str, str]]) -> int:
    known = store.existing_keys(_key(i) for i in chunk)
    records, errors = [], []
    for item in chunk:
        key = _key(item)
        if key in known or key in seen:  # stored before, or a repeat in this batch: as ingest skips it
            continue
        seen.add(key)
        (records if isinstance(item, Record) else errors).append(item)
    if records or errors:
        store.write_batch(records, errors)
    return len(records) + len(errors)


def _ids(store: Store, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    d = schema.documents
    found: dict[tuple[str, str], int] = {}
    wanted = sorted(keys)
    with store.connect() as conn:
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            rows = conn.execute(select(d.c.id, d.c.source_id, d.c.content_hash)
                                .where(d.c.source_id.in_({s for s, _ in chunk})))
            found.update(((r.source_id, r.content_hash), r.id) for r in rows)
    return {k: v for k, v in found.items() if k in keys}


def _copies(store: Store, out: Path) -> int:
    """Signatures (so a later ingest matches new pages against these) and links, then the stories."""
    from quelle.copies import tables as T
    from quelle.copies.store_hook import refresh_stories

    feats = tables.read(out, "features", ["source_id", "content_hash", "language", "shingles", "minhash", "xkeys"])
    links = tables.read(out, "links").to_pylist()
    keys = {(s, h) for s, h in zip(feats["source_id"].to_pylist(), feats["content_hash"].to_pylist(), strict=True)}
    ids = _ids(store, keys)
    now = datetime.now(UTC)
    with store.connect() as conn:
        signed = {r[0] for r in conn.execute(select(T.signatures.c.document_id))}
    sig_rows = []
    for row in feats.to_pylist():
        doc_id = ids.get((row["source_id"], row["content_hash"]))
        if doc_id is None or doc_id in signed:
            continue
        signed.add(doc_id)
        sig_rows.append({"document_id": doc_id, "language": row["language"],
                         "minhash": np.asarray(row["minhash"], dtype="<u4").tobytes(),
                         "shingles": np.asarray(row["shingles"], dtype="<u4").tobytes(),
                         "xkeys": json.dumps(row["xkeys"]) if row["xkeys"] is not None else None,
                         "created_at": now})
    link_rows = []
    for link in links:
        a = ids.get((link["a_source_id"], link["a_content_hash"]))
        b = ids.get((link["b_source_id"], link["b_content_hash"]))
        if a is None or b is None:
            continue
        link_rows.append({"a_id": a, "b_id": b, "relation": link["relation"], "score": link["score"],
                          "contained": link["contained"], "evidence": link["evidence"], "passages": "[]",
                          "created_at": now})
    with store.connect() as conn:  # links loaded before (a rerun of load) are not added again
        present = {(r[0], r[1]) for r in conn.execute(select(T.links.c.a_id, T.links.c.b_id))}
    link_rows = [row for row in link_rows if (row["a_id"], row["b_id"]) not in present]
    with store.engine.begin() as conn:
        for start in range(0, len(sig_rows), CHUNK):
            conn.execute(insert(T.signatures), sig_rows[start:start + CHUNK])
        for start in range(0, len(link_rows), CHUNK):
            conn.execute(insert(T.links), link_rows[start:start + CHUNK])
    refresh_stories(store)
    return len(link_rows)


def load(out: str | Path, db: str | None) -> dict[str, int]:
    """Load a batch folder into the store at ``db``; returns how many rows were added."""
    folder = Path(out)
    if not (folder / "documents").is_dir() and not (folder / "errors").is_dir():
        raise UnreadableInput(f"{folder}: not a batch folder (no documents/ or errors/ table)")
    store = open_store(db, create=True)
    try:
        added, chunk, seen = 0, [], set()
        for _, item in _records(folder):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                added += _write_chunk(store, chunk, seen)
                chunk = []
        if chunk:
            added += _write_chunk(store, chunk, seen)
        links = _copies(store, folder) if _files(folder, "links") else 0
    finally:
        store.close()
    return {"added": added, "links": links}
