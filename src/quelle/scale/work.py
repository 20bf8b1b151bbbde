"""Scratch tables of the copy stage: Parquet on the batch's folder, read back by the engine.

Why: the copy stage must not hold the corpus in the driver. Every intermediate (deduplicated
features, candidate pairs, cross-language hits, labels) is written by the engine to
``OUT/_copies/`` and read back filtered, a bucket of documents at a time, so the memory of any one
step follows the bucket (and its candidates), not the whole corpus. Buckets are ranges of storage position, so
tables written bucket by bucket are in storage order file by file.
"""

from __future__ import annotations

import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SHIFT = 32  # pos = shard << SHIFT | seq: storage order, as ingest assigns ids
# documents and candidate pairs per bucket of the scoring steps (their memory is the bucket's pairs x the
# candidates' features, so a bucket closes at whichever limit it reaches first: candidates per document grow
# with the corpus, since LSH band groups are not capped, as ingest's are not) and documents per bucket of keys
# of the group-bys (a few hundred bytes a document); QUELLE_BATCH_BUCKET_DOCS, QUELLE_BATCH_BUCKET_PAIRS and
# QUELLE_BATCH_KEY_BUCKET_DOCS override them (the tests force several buckets of each)
BUCKET_DOCS = 1000
BUCKET_PAIRS = 20000
KEY_BUCKET_DOCS = 10000


def pos_of(daft: Any):
    """The storage position of a row of any batch table (``shard``, ``seq``)."""
    col = daft.col
    return (col("shard").cast(daft.DataType.int64()) * (1 << SHIFT)) + col("seq")


@dataclass(slots=True)
class Work:
    """The scratch folder and the position ranges of the buckets."""

    root: Path
    out: Path
    bounds: list[tuple[int, int]]
    key_buckets: int = 1
    duplicates: list[int] | None = None
    positions: np.ndarray | None = None

    @classmethod
    def fresh(cls, out: Path) -> Work:
        root = out / "_copies"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        return cls(root, out, [])

    def plan(self, positions: np.ndarray, duplicates: list[int]) -> None:
        """Ranges [lo, hi) of about BUCKET_DOCS documents each, in storage order, and the number of key
        buckets; ``duplicates``: positions of features whose key came earlier (left out, as ingest skips)."""
        size = max(1, int(os.environ.get("QUELLE_BATCH_BUCKET_DOCS", BUCKET_DOCS)))
        positions = np.sort(positions)
        count = max(1, math.ceil(len(positions) / size))
        starts = [int(positions[k * size]) for k in range(count)] if len(positions) else [0]
        starts[0] = -(1 << 62)
        self.bounds = [(lo, starts[k + 1] if k + 1 < count else 1 << 62) for k, lo in enumerate(starts)]
        keys = max(1, int(os.environ.get("QUELLE_BATCH_KEY_BUCKET_DOCS", KEY_BUCKET_DOCS)))
        self.key_buckets = max(1, math.ceil(len(positions) / keys))
        self.duplicates = duplicates or None
        self.positions = positions

    def replan(self, docs: np.ndarray, pairs: np.ndarray) -> None:
        """Cut the buckets again so that none holds more than BUCKET_DOCS documents or (unless one document
        has more on its own) BUCKET_PAIRS candidate pairs; ``docs``/``pairs``: each document i's number of
        candidates (documents without candidates are absent). Buckets stay ranges of storage position."""
        size = max(1, int(os.environ.get("QUELLE_BATCH_BUCKET_DOCS", BUCKET_DOCS)))
        limit = max(1, int(os.environ.get("QUELLE_BATCH_BUCKET_PAIRS", BUCKET_PAIRS)))
        positions = self.positions if self.positions is not None else np.zeros(0, dtype=np.int64)
        order = np.argsort(docs, kind="stable")
        docs, pairs = docs[order], pairs[order]
        where = np.searchsorted(docs, positions)
        found = (where < len(docs)) & (docs[np.minimum(where, max(len(docs) - 1, 0))] == positions) if len(docs) \
            else np.zeros(len(positions), dtype=bool)
        counts = np.where(found, pairs[np.minimum(where, max(len(docs) - 1, 0))] if len(docs) else 0, 0)
        starts, n_docs, n_pairs = [], 0, 0
        for k, count in enumerate(counts.tolist()):  # 8 bytes a document, in storage order
            if not starts or n_docs >= size or (n_pairs and n_pairs + count > limit):
                starts.append(int(positions[k]))
                n_docs, n_pairs = 0, 0
            n_docs, n_pairs = n_docs + 1, n_pairs + count
        if not starts:
            return
        starts[0] = -(1 << 62)
        self.bounds = [(lo, starts[k + 1] if k + 1 < len(starts) else 1 << 62) for k, lo in enumerate(starts)]

    def feats(self, daft: Any):
        """The analysis stage's features with their position, first occurrences only (read, never copied:
        its files are one per shard in row groups of 500, so a filtered read streams)."""
        frame = daft.read_parquet(str(self.out / "features" / "*.parquet")).with_column("pos", pos_of(daft))
        return frame.where(~daft.col("pos").is_in(self.duplicates)) if self.duplicates else frame

    def path(self, name: str) -> str:
        return str(self.root / name / "*.parquet")

    def write(self, frame: Any, name: str) -> None:
        """The engine writes the frame's rows into the scratch table ``name`` (added to what is there)."""
        frame.write_parquet(str(self.root / name))

    def read(self, daft: Any, name: str, schema: pa.Schema):
        """The scratch table, or an empty frame of ``schema`` when nothing was written."""
        folder = self.root / name
        if not folder.is_dir() or not any(folder.glob("*.parquet")):
            return daft.from_arrow(schema.empty_table())
        return daft.read_parquet(self.path(name))

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def in_range(daft: Any, name: str, lo: int, hi: int):
    column = daft.col(name)
    return (column >= lo) & (column < hi)


def replace_table(out: Path, table: str) -> Path:
    """Empty the output table's folder (the copy stage's tables are replaced on every run)."""
    folder = out / table
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def write_part(out: Path, table: str, number: int, data: pa.Table) -> None:
    """One part of an output table, atomically (``tables.write``'s rename), parts named in order."""
    from quelle.scale.tables import SCHEMAS

    folder = out / table
    path, tmp = folder / f"part-{number:05d}.parquet", folder / f".part-{number:05d}.parquet.tmp"
    pq.write_table(data.select(SCHEMAS[table].names).cast(SCHEMAS[table]), tmp, compression="zstd")
    os.replace(tmp, path)
