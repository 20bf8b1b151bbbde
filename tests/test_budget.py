"""quelle.budget: a document past its time or memory budget raises BudgetExceeded; the process goes on."""

from __future__ import annotations

import resource
import time

import pytest

from quelle.budget import Budget, BudgetExceeded, analyze_within, run_within
from quelle.model import Document


def _spin(seconds: float) -> int:
    end = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < end:
        count += 1
    return count


def _allocate(megabytes: int) -> int:
    blocks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(blocks)


def test_within_the_budget_returns_the_result_and_restores_the_limits():
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert run_within(Budget(seconds=5, memory_mb=1024), _allocate, 20) == 20
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_past_the_time_budget_is_a_timeout_with_the_seconds_spent():
    with pytest.raises(BudgetExceeded) as caught:
        run_within(Budget(seconds=0.3, memory_mb=0), _spin, 30)
    assert caught.value.kind == "timeout" and 0.25 < caught.value.seconds < 5
    assert "--timeout" in caught.value.message
    assert run_within(Budget(seconds=5), _spin, 0.01) > 0  # the next call has its full budget


def test_past_the_memory_budget_is_too_large_and_the_memory_comes_back():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(BudgetExceeded) as caught:
        run_within(Budget(seconds=0, memory_mb=150), _allocate, 4000)
    assert caught.value.kind == "too_large" and "--max-memory" in caught.value.message
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert _allocate(200) == 200


def test_analyze_within_turns_an_overrun_into_an_error_report():
    def slow(document, with_statements=True):
        _spin(10)

    report = analyze_within(Document(content=b"x", source_id="a"), Budget(seconds=0.2), analyzer=slow)
    assert report.error["kind"] == "timeout" and float(report.error["seconds"]) >= 0.2
