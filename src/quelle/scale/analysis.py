"""The analysis stage: one shard in, its Parquet files out, each document analysed by the unchanged analyze().

Each document runs in a worker of ingest's ``TimedPool``: the same per-document time limit (a stuck
document kills its worker and becomes a ``timeout`` row, a dead worker a ``crash`` row), the same error
rows, and the same table rows (``quelle.ingest.runner.analyze_task``). The worker also computes the
document's copy features (shingles, MinHash signature, cross-language keys) with the copy stage's own
code, so the engine's copy stage never re-reads the texts for same-language candidates.

A shard is done when its marker ``_done/<key>.json`` exists; the marker is written after the shard's
tables, each of which is written atomically, so a killed run redoes exactly the unfinished shards.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from quelle.budget import Budget
from quelle.ingest.items import Item
from quelle.ingest.pool import Failed, TimedPool
from quelle.ingest.runner import DEFAULT_ANALYZER, analyze_task, content_hash
from quelle.ingest.sources import InputFile, Inputs, iter_items
from quelle.pipeline import site_of
from quelle.scale import tables
from quelle.scale.shards import Shard
from quelle.store.records import ErrorRecord, Record

DONE = "_done"


@dataclass(slots=True)
class Settings:
    timeout: float = 60.0
    max_memory_mb: int = 1024
    max_bytes: int = 10 * 1024 * 1024
    with_statements: bool = True
    keep_raw: bool = True


_copy_index = None


def copy_features(record: Record) -> dict[str, Any]:
    """Shingles, signature and cross-language keys of one analysed document, as the ingest hook makes them."""
    global _copy_index
    from quelle.copies import crossling
    from quelle.copies.doc import CopyDoc
    from quelle.copies.matcher import CopyIndex
    from quelle.copies.near import Shingled, SpeechShingles, quoted_hashes

    if _copy_index is None:
        _copy_index = CopyIndex(keep_docs=False, with_passages=False)
    doc = CopyDoc.from_report("0", json.loads(record.report))
    published = record.document.get("published")
    doc.published = published.isoformat() if published else None
    shingled = Shingled.of(doc)
    xfeat = crossling.features(doc)
    speech = SpeechShingles.of(doc, shingled)
    # what the same-language verification reads of a document besides its shingle set: the shingles in
    # text order, inside quotations and in reported speech (frame, words), and its names' and numbers' keys
    # (``matcher.verify_same_language``)
    return {"language": doc.language, "published": doc.published, "shingles": shingled.unique.tolist(),
            "minhash": _copy_index.hasher.signature(shingled.unique).tolist(),
            "xkeys": sorted(xfeat.index_keys()) if xfeat is not None else None,
            "ordered": shingled.ordered.astype(np.uint32).tolist(),
            "quoted": quoted_hashes(doc, shingled).tolist(),
            "speech_frames": [frame.tolist() for frame in speech.frames],
            "speech_words": [words.tolist() for words in speech.words],
            "names": sorted(xfeat.names) if xfeat is not None else None,
            "numbers": sorted(xfeat.numbers) if xfeat is not None else None}


def batch_task(payload: tuple[Any, str, str], *, with_statements: bool, keep_raw: bool,
               budget: Budget | None = None) -> Any:
    """Runs in a pool worker: ingest's analyze_task (within the same budget), plus the copy features."""
    result = analyze_task(payload, analyzer=DEFAULT_ANALYZER, with_statements=with_statements, keep_raw=keep_raw,
                          budget=budget)
    if isinstance(result, Record):
        return result, copy_features(result)
    return result


def _local(file: InputFile, scratch: Path) -> tuple[InputFile, str | None]:
    """A remote file copied to ``scratch`` (the readers take local paths); returns it and its URL."""
    if "://" not in file.path or file.path.startswith("file://"):
        return file, None
    import fsspec

    target = scratch / os.path.basename(file.path.rstrip("/"))
    with fsspec.open(file.path, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return InputFile(str(target), file.kind), file.path


def _items(shard: Shard, max_bytes: int, scratch: Path) -> Iterator[Item]:
    for file in shard.files:
        local, url = _local(file, scratch)
        for item in iter_items(Inputs([local], []), max_bytes):
            if url is not None:  # refer to the URL, not the scratch copy
                item.source_id = item.source_id.replace(local.path, url)
                item.raw_ref = item.raw_ref.replace(local.path, url)
                if item.document is not None:
                    item.document.source_id = item.source_id
            if item.document is not None:
                item.content_hash = content_hash(item.document.content)
            yield item


class ShardRunner:
    """Analyses shards one after another with a warm pool of ``workers`` processes."""

    def __init__(self, out: str, settings: Settings, workers: int = 1) -> None:
        self.out = Path(out)
        self.settings = settings
        budget = Budget(seconds=settings.timeout, memory_mb=settings.max_memory_mb)
        task = partial(batch_task, with_statements=settings.with_statements, keep_raw=settings.keep_raw,
                       budget=budget)
        self.pool = TimedPool(task, workers=workers, timeout=settings.timeout, prefetch=16,
                              preload=("quelle.scale.analysis", "quelle.ingest.warmup"))

    def close(self) -> None:
        self.pool.close()

    def run(self, shard: Shard) -> dict[str, int]:
        marker = self.out / DONE / f"{shard.key}.json"
        if marker.exists():
            return {**json.loads(marker.read_text()), "skipped": 1}
        s = self.settings
        writer = tables.ShardWriter(self.out, shard.key)
        with tempfile.TemporaryDirectory(prefix="quelle-shard-") as scratch:
            numbered = enumerate(_items(shard, s.max_bytes, Path(scratch)))
            # results are written in input order whatever order the workers finish in; the buffer
            # holds at most the documents queued to the workers
            waiting: dict[int, tuple[Item, Any]] = {}
            expected: deque[int] = deque()
            for (seq, item), result in self.pool.run(self._work(numbered, writer, shard.index, expected)):
                waiting[seq] = (item, result)
                while expected and expected[0] in waiting:
                    head = expected.popleft()
                    self._take(writer, shard.index, head, *waiting.pop(head))
            for head in expected:
                self._take(writer, shard.index, head, *waiting.pop(head))
        counts = writer.close()
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps(counts))
        os.replace(tmp, marker)
        return {**counts, "skipped": 0}

    @staticmethod
    def _take(writer: tables.ShardWriter, shard_index: int, seq: int, item: Item, result: Any) -> None:
        if isinstance(result, tuple) and isinstance(result[0], Record):
            record, feats = result
            writer.document(shard_index, seq, record, feats)
            return
        if not isinstance(result, ErrorRecord):
            failure = result if isinstance(result, Failed) else Failed("internal", repr(result))
            result = ErrorRecord(source_id=item.source_id, content_hash=item.content_hash, kind=failure.kind,
                                 message=failure.message, url=item.url, raw_ref=item.raw_ref, site=site_of(item.url))
        writer.error(shard_index, seq, result)

    @staticmethod
    def _work(numbered, writer: tables.ShardWriter, shard_index: int, expected: deque[int]):
        for seq, item in numbered:
            if item.failure is not None:
                kind, message = item.failure
                writer.error(shard_index, seq, ErrorRecord(
                    source_id=item.source_id, content_hash=item.content_hash, kind=kind, message=message,
                    url=item.url, raw_ref=item.raw_ref, site=site_of(item.url)))
                continue
            expected.append(seq)
            yield (seq, item), (item.document, item.content_hash, item.raw_ref)
