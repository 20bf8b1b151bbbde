"""A process pool with a time limit per task: a stuck task kills its worker, not the run.

Why not multiprocessing.Pool or concurrent.futures: neither can stop one task that hangs
(an input that sends extraction into a loop) and go on. Here each worker has its own task
queue and result pipe; the parent knows which task each worker is on, kills a worker whose
task exceeds the limit (SIGKILL), reports that task as timed out, and starts a fresh worker
for the tasks that were queued behind it. Workers are also replaced after ``max_tasks``
tasks so that their memory cannot creep up over a long run.

Each worker has up to ``prefetch`` tasks queued, so it keeps working while the parent
writes to the database. A task's clock starts when the worker begins it: when it was sent,
or when the worker finished its previous task, whichever is later.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any


@dataclass(slots=True)
class Failed:
    """A task that produced no result: ``kind`` is "timeout" or "crash"."""

    kind: str
    message: str


STARTUP_SECONDS = 60.0  # a worker's imports on a loaded machine; not part of any document's time


class WorkerStartError(RuntimeError):
    """Workers cannot run at all: the run cannot proceed."""


def safe_import_path(path: list[str] | None = None) -> list[str]:
    """``sys.path`` without the current folder (``""``, ``"."`` or its absolute name): a
    ``concurrent.py`` or ``json.py`` lying where the command was started must never be imported
    by a worker."""
    here = os.path.realpath(os.getcwd())
    kept = []
    for entry in sys.path if path is None else path:
        if entry in ("", ".") or os.path.realpath(entry) == here:
            continue
        kept.append(entry)
    return kept


@contextlib.contextmanager
def _safe_start_environment() -> Any:
    """While a fork server or worker is started: PYTHONSAFEPATH=1, so the new interpreter does not
    put the current folder first on its import path (``python -c`` does by default)."""
    # and no "leaked semaphore" warning from the resource tracker after a kill -9 of the parent
    wanted = {"PYTHONSAFEPATH": "1", "PYTHONWARNINGS": "ignore::UserWarning:multiprocessing.resource_tracker"}
    old = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    # Ctrl-C is held back while helpers start (they inherit the mask, so a Ctrl-C can never hit one
    # half-started); the parent receives it when the start is done
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _worker_main(fn: Callable[[Any], Any], tasks, results: Connection, import_path: list[str]) -> None:
    sys.path[:] = import_path
    # Ctrl-C reaches the whole process group: the parent handles it and stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = mp.parent_process()
    try:
        results.send((0, None))  # ready: the clock of the first task starts now, not at the fork
        while True:
            try:
                message = tasks.get(timeout=1.0)
            except queue.Empty:
                if parent is not None and not parent.is_alive():  # the parent was killed: stop too
                    break
                continue
            if message is None:
                break
            task_id, payload = message
            try:
                result = fn(payload)
            except Exception as err:  # noqa: BLE001 - reported to the parent as a failed task
                result = Failed("crash", f"{type(err).__name__}: {err}")
            results.send((task_id, result))
        results.close()
    except (BrokenPipeError, EOFError, ConnectionError, OSError):
        pass  # the parent is gone: end quietly, it prints what was stored
    os._exit(0)  # no atexit handlers or queue feeder flushes of a dead parent's pipes


@dataclass
class _Slot:
    process: Any
    tasks: Any
    results: Connection
    pending: deque = field(default_factory=deque)  # (task_id, meta, payload, sent_at)
    last_done: float = 0.0
    assigned: int = 0
    done: int = 0
    ready: bool = False
    started: float = 0.0


class TimedPool:
    """Run ``fn`` over payloads in ``workers`` processes, each task within ``timeout`` seconds."""

    def __init__(self, fn: Callable[[Any], Any], workers: int = 2, timeout: float = 60.0,
                 prefetch: int = 4, max_tasks: int = 5000, start_method: str = "forkserver",
                 preload: tuple[str, ...] = ()) -> None:
        self.fn = fn
        self.workers = max(1, workers)
        self.timeout = timeout
        self.prefetch = max(1, prefetch)
        self.max_tasks = max_tasks
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context(start_method if start_method in methods else "spawn")
        if preload and self.ctx.get_start_method() == "forkserver":
            # modules the fork server imports once; workers forked from it start with them loaded
            self.ctx.set_forkserver_preload(list(preload))
        self.slots: list[_Slot] = []
        self.restarts = 0
        self._stillborn = 0  # workers in a row that died before finishing any task

    # -- workers ----------------------------------------------------------------------------
    def _start(self) -> _Slot:
        with _safe_start_environment():  # (the resource tracker starts with the first queue)
            tasks = self.ctx.Queue()
            receive, send = self.ctx.Pipe(duplex=False)
            process = self.ctx.Process(target=_worker_main, args=(self.fn, tasks, send, safe_import_path()),
                                       daemon=True)
            process.start()
        send.close()
        now = time.monotonic()
        return _Slot(process=process, tasks=tasks, results=receive, last_done=now, started=now)

    def _deadline(self, slot: _Slot) -> float:
        """When the slot's current task is over time (a worker still starting gets STARTUP_SECONDS more)."""
        if not slot.ready:
            return slot.started + self.timeout + STARTUP_SECONDS
        return max(slot.pending[0][3], slot.last_done) + self.timeout

    def _stop(self, slot: _Slot, kill: bool) -> None:
        if kill:
            slot.process.kill()
        else:
            try:
                slot.tasks.put(None)
            except (OSError, ValueError):
                slot.process.kill()
        slot.process.join(timeout=None if kill else 10)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.tasks.close()
        slot.tasks.cancel_join_thread()
        slot.results.close()

    def close(self) -> None:
        for slot in self.slots:
            self._stop(slot, kill=bool(slot.pending))
        self.slots = []

    def __enter__(self) -> TimedPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- running ----------------------------------------------------------------------------
    def run(self, items: Iterator[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
        """For each ``(meta, payload)`` yield ``(meta, result)``; result is a Failed on timeout/crash.

        Results come in completion order, not input order.
        """
        if not self.slots:
            self.slots = [self._start() for _ in range(self.workers)]
        retry: deque = deque()
        source = iter(items)
        exhausted = False
        next_id = 0
        while True:
            # hand out work
            for index, slot in enumerate(self.slots):
                while len(slot.pending) < self.prefetch and slot.assigned < self.max_tasks:
                    if retry:
                        meta, payload = retry.popleft()
                    elif not exhausted:
                        try:
                            meta, payload = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                    else:
                        break
                    next_id += 1
                    slot.tasks.put((next_id, payload))
                    slot.pending.append((next_id, meta, payload, time.monotonic()))
                    slot.assigned += 1
                if not slot.pending and slot.assigned >= self.max_tasks:  # recycle a worn worker
                    self._stop(slot, kill=False)
                    self.slots[index] = self._start()
                    self.restarts += 1
            busy = [slot for slot in self.slots if slot.pending]
            if not busy:
                if exhausted and not retry:
                    return
                continue
            now = time.monotonic()
            deadline = min(self._deadline(s) for s in busy)
            ready = wait([s.results for s in busy], timeout=max(0.0, deadline - now))
            for slot in busy:
                if slot.results in ready:
                    try:
                        task_id, result = slot.results.recv()
                    except (EOFError, OSError):
                        yield from self._replace(slot, retry, "crash", "the worker process died")
                        continue
                    if task_id == 0:  # the worker is ready
                        slot.ready = True
                        slot.last_done = time.monotonic()
                        continue
                    head = slot.pending.popleft()
                    assert head[0] == task_id, "worker answered out of order"
                    slot.last_done = time.monotonic()
                    slot.done += 1
                    self._stillborn = 0
                    yield head[1], result
            now = time.monotonic()
            for slot in list(self.slots):
                if slot.pending and now > self._deadline(slot):
                    yield from self._replace(slot, retry, "timeout",
                                             f"analysis took longer than {self.timeout:g} s (worker stopped)")

    def _replace(self, slot: _Slot, retry: deque, kind: str, message: str) -> Iterator[tuple[Any, Any]]:
        """Kill a stuck or dead worker, fail its current task, requeue the rest on a new worker."""
        if kind == "crash" and slot.done == 0:
            self._stillborn += 1
            if self._stillborn >= 3:
                raise WorkerStartError("worker processes die before finishing any document "
                                       f"(exit code {slot.process.exitcode})")
        head = slot.pending.popleft()
        for _task_id, meta, payload, _sent in slot.pending:
            retry.append((meta, payload))
        slot.pending.clear()
        self._stop(slot, kill=True)
        self.slots[self.slots.index(slot)] = self._start()
        self.restarts += 1
        yield head[1], Failed(kind, message)
