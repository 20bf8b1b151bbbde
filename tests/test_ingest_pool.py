"""The timed worker pool: results, a hanging task stopped by the time limit, a crashing worker."""

from __future__ import annotations

import os
import time

import pytest

from quelle.ingest.pool import Failed, TimedPool, WorkerStartError


def square_or_misbehave(value: int) -> int:
    if value == -1:  # hangs, as an extraction stuck in a loop would
        time.sleep(60)
    if value == -2:  # the worker process dies (segfault, out of memory)
        os._exit(3)
    return value * value


def always_die(value: int) -> int:
    os._exit(1)


def test_results_for_every_task():
    with TimedPool(square_or_misbehave, workers=2, timeout=10) as pool:
        results = dict(pool.run((n, n) for n in range(50)))
    assert results == {n: n * n for n in range(50)}


def test_a_hanging_task_times_out_and_the_rest_complete():
    started = time.monotonic()
    with TimedPool(square_or_misbehave, workers=2, timeout=1.0, prefetch=3) as pool:
        results = dict(pool.run((n, n) for n in [1, 2, -1, 3, 4, 5, 6]))
        assert pool.restarts >= 1
    assert isinstance(results[-1], Failed) and results[-1].kind == "timeout"
    assert {k: v for k, v in results.items() if k != -1} == {n: n * n for n in [1, 2, 3, 4, 5, 6]}
    assert time.monotonic() - started < 20


def test_a_dying_worker_fails_its_task_only():
    with TimedPool(square_or_misbehave, workers=1, timeout=10, prefetch=4) as pool:
        results = dict(pool.run((n, n) for n in [1, 2, -2, 3, 4]))
    assert isinstance(results[-2], Failed) and results[-2].kind == "crash"
    assert results[3] == 9 and results[4] == 16


def test_workers_that_cannot_work_at_all_stop_the_run():
    with TimedPool(always_die, workers=1, timeout=10) as pool, pytest.raises(WorkerStartError):
        list(pool.run((n, n) for n in range(10)))


def test_workers_are_recycled_after_max_tasks():
    with TimedPool(square_or_misbehave, workers=1, timeout=10, max_tasks=5) as pool:
        results = dict(pool.run((n, n) for n in range(12)))
        assert pool.restarts >= 2
    assert len(results) == 12
