"""`quelle ingest` without the command line: read inputs, analyse in workers, store in batches.

The flow: readers yield Items lazily; the keys (source_id, content hash) of each chunk are
checked against the store, so documents stored by an earlier (perhaps killed) run are
skipped before any work is spent on them; the rest go to a TimedPool whose workers run
``analyze_or_error`` and build the table rows; the parent writes them in batched
transactions and then calls the post-store hooks with the new document ids.
"""

from __future__ import annotations

import hashlib
import importlib
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from quelle.budget import Budget, analyze_within
from quelle.ingest.items import Item
from quelle.ingest.pool import Failed, TimedPool
from quelle.ingest.sources import Inputs, iter_items
from quelle.model import Document
from quelle.pipeline import site_of
from quelle.store import hooks
from quelle.store.core import Store
from quelle.store.records import ErrorRecord, Record, build_record, error_record

DEFAULT_ANALYZER = "quelle.pipeline:analyze_or_error"
# the pool kills a worker this long after a document's time budget: for C code the timer cannot stop
HARD_KILL_GRACE = 5.0


@dataclass(slots=True)
class Summary:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    worker_restarts: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    committed: int = 0  # documents and error rows actually written (what a rerun skips)

    @property
    def seen(self) -> int:
        return self.stored + self.skipped + self.failed

    def line(self) -> str:
        rate = (self.stored + self.failed) / self.seconds if self.seconds > 0 else 0.0
        return (f"ingest: {self.stored} stored, {self.skipped} skipped (already stored), "
                f"{self.failed} failed in {self.seconds:.1f} s ({rate:.0f} documents/s)")

    def to_dict(self) -> dict[str, Any]:
        return {"stored": self.stored, "skipped": self.skipped, "failed": self.failed,
                "seconds": round(self.seconds, 3), "worker_restarts": self.worker_restarts,
                "failures_by_kind": dict(self.failures)}


def _load(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def analyze_task(payload: tuple[Document, str, str], *, analyzer: str, with_statements: bool,
                 keep_raw: bool, budget: Budget | None = None) -> Record | ErrorRecord:
    """Runs in a worker: analyse one document within its budget and build its rows (or its error row)."""
    document, content_hash, raw_ref = payload
    report = analyze_within(document, budget or Budget(), with_statements=with_statements,
                            analyzer=_load(analyzer))
    if report.error:
        return error_record(report, document, content_hash, raw_ref)
    return build_record(report, document, content_hash, raw_ref, keep_raw=keep_raw)


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Ingest:
    """One ingest run over ``inputs`` into ``store``."""

    def __init__(self, store: Store, inputs: Inputs, *, workers: int = 2, timeout: float = 60.0,
                 max_memory_mb: int = 1024,
                 batch_size: int = 200, max_bytes: int = 10 * 1024 * 1024, with_statements: bool = True,
                 keep_raw: bool = True, analyzer: str = DEFAULT_ANALYZER, check_chunk: int = 256,
                 progress: Callable[[int, int], None] | None = None, flush_seconds: float = 2.0,
                 retry_errors: bool = False, run_hooks: bool = True) -> None:
        self.store = store
        self.inputs = inputs
        self.workers = workers
        self.timeout = timeout
        self.batch_size = batch_size
        self.max_bytes = max_bytes
        self.check_chunk = check_chunk
        self.retry_errors = retry_errors
        self.run_hooks = run_hooks
        self.flush_seconds = flush_seconds
        self.progress = progress or (lambda done, failed: None)
        self.budget = Budget(seconds=timeout, memory_mb=max_memory_mb)
        self.task = partial(analyze_task, analyzer=analyzer, with_statements=with_statements, keep_raw=keep_raw,
                            budget=self.budget)
        self.preload = ("quelle.ingest.worker_init", "quelle.ingest.runner", "quelle.ingest.warmup",
                        analyzer.partition(":")[0])
        self.summary = Summary()
        self._records: list[Record] = []
        self._errors: list[ErrorRecord] = []
        self._inflight: set[tuple[str, str]] = set()
        self._batch_started: float | None = None  # when the batch being filled got its first row

    # -- reading and skipping -------------------------------------------------------------
    def _chunks(self) -> Iterator[list[Item]]:
        chunk: list[Item] = []
        for item in iter_items(self.inputs, self.max_bytes):
            if item.document is not None:
                item.content_hash = content_hash(item.document.content)
            chunk.append(item)
            if len(chunk) >= self.check_chunk:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _tasks(self) -> Iterator[tuple[Item, tuple[Document, str, str]]]:
        """New documents only: stored ones and repeats in this run are skipped; so are recorded
        failures unless ``retry_errors`` (a fixed bug, a longer time limit) asks to try them again."""
        for chunk in self._chunks():
            known = self.store.existing_keys(((i.source_id, i.content_hash) for i in chunk),
                                             with_errors=not self.retry_errors)
            for item in chunk:
                key = (item.source_id, item.content_hash)
                if key in known or key in self._inflight:
                    self.summary.skipped += 1
                    self.progress(1, 0)
                    continue
                self._inflight.add(key)
                if item.failure is not None:
                    kind, message = item.failure
                    self._add_error(ErrorRecord(source_id=item.source_id, content_hash=item.content_hash,
                                                kind=kind, message=message, url=item.url, raw_ref=item.raw_ref,
                                                site=site_of(item.url)))
                    continue
                assert item.document is not None
                yield item, (item.document, item.content_hash, item.raw_ref)

    # -- writing ----------------------------------------------------------------------------
    def _add_error(self, error: ErrorRecord) -> None:
        self._errors.append(error)
        self.summary.failed += 1
        self.summary.failures[error.kind] = self.summary.failures.get(error.kind, 0) + 1
        self.progress(1, 1)
        self._maybe_flush()

    def _add_record(self, record: Record) -> None:
        self._records.append(record)
        self.summary.stored += 1
        self.progress(1, 0)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        # the timer runs from the batch's first row, not from the last flush: a flush whose hooks
        # took longer than flush_seconds must not leave every later batch with a single document
        now = time.monotonic()
        if self._batch_started is None:
            self._batch_started = now
        if (len(self._records) + len(self._errors) >= self.batch_size
                or now - self._batch_started > self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        records, errors = self._records, self._errors
        self._records, self._errors = [], []
        self._batch_started = None
        if not records and not errors:
            return
        ids = self.store.write_batch(records, errors)
        self.summary.committed += len(records) + len(errors)
        for record in records:
            self._inflight.discard((record.document["source_id"], record.document["content_hash"]))
        for error in errors:
            self._inflight.discard((error.source_id, error.content_hash))
        if self.run_hooks:
            hooks.run(self.store, ids)

    def _flush_after_interrupt(self) -> None:
        """Ctrl-C or SIGTERM: keep what was analysed and is in order (a second signal waits)."""
        blocked = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - the batch is not stored; a rerun does it
            pass
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)

    def _numbered(self) -> Iterator[tuple[tuple[int, Item], tuple[Document, str, str]]]:
        for seq, (item, payload) in enumerate(self._tasks()):
            yield (seq, item), payload

    def _take(self, item: Item, result: Any) -> None:
        if isinstance(result, Record):
            self._add_record(result)
        elif isinstance(result, ErrorRecord):
            self._add_error(result)
        else:
            failure = result if isinstance(result, Failed) else Failed("internal", repr(result))
            self._add_error(ErrorRecord(source_id=item.source_id, content_hash=item.content_hash,
                                        kind=failure.kind, message=failure.message, url=item.url,
                                        raw_ref=item.raw_ref, site=site_of(item.url)))

    def run(self) -> Summary:
        started = time.perf_counter()
        # 64 documents queued per worker: they keep working while the parent commits a batch
        pool = TimedPool(self.task, workers=self.workers, timeout=self.timeout + HARD_KILL_GRACE,
                         preload=self.preload, prefetch=64)
        # Results are stored in input order, whatever order the workers finish in: the copy stage
        # matches each document against those stored before it, so its links must not depend on
        # worker timing. The buffer holds at most the documents queued to the workers.
        waiting: dict[int, tuple[Item, Any]] = {}
        next_seq = 0
        try:
            for (seq, item), result in pool.run(self._numbered()):
                waiting[seq] = (item, result)
                while next_seq in waiting:
                    self._take(*waiting.pop(next_seq))
                    next_seq += 1
            for seq in sorted(waiting):
                self._take(*waiting.pop(seq))
            self.flush()
        except KeyboardInterrupt:
            pool.close()
            self._flush_after_interrupt()
            raise
        finally:
            self.summary.worker_restarts = pool.restarts
            pool.close()
            self.summary.seconds = time.perf_counter() - started
        return self.summary
