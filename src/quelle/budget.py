"""A time and memory budget for one document, shared by every entry point.

Why in-process: ``quelle analyze``, ingest workers, ``quelle batch`` tasks and the API all run
one document at a time in some process; each calls :func:`run_within` (or
:func:`analyze_within`) around that one document. Past the budget the call raises
:class:`BudgetExceeded` (kind ``timeout`` or ``too_large``, with the seconds spent), the
process stays usable, and the next document starts with the full budget again.

How: the time limit is an interval timer (``SIGALRM``) whose handler raises an exception that
``except Exception`` blocks do not catch; the memory limit is a soft ``RLIMIT_AS`` set to the
current address-space size plus what is left of ``memory_mb`` above the current resident size,
so an allocation past it fails with ``MemoryError``. Both are set and cleared around each call
(three system calls, microseconds). Both need the main thread of the process: elsewhere (a
thread pool) the call runs unbounded and the caller must bound it with a process of its own.
A C routine that never returns to Python is not stopped by the timer: process pools add a hard
kill a few seconds after the budget (``TimedPool``), and ``quelle analyze`` a watchdog thread.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from quelle.errors import EXIT_BUDGET, QuelleError

T = TypeVar("T")

DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MB = 1024
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True, slots=True)
class Budget:
    """Seconds and megabytes one document may use (``--timeout``, ``--max-memory``); 0 = no limit."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB


class BudgetExceeded(QuelleError):
    """One document went past its budget: ``kind`` is "timeout" or "too_large"."""

    exit_code = EXIT_BUDGET

    def __init__(self, kind: str, message: str, seconds: float) -> None:
        super().__init__(message)
        self.kind = kind
        self.seconds = seconds


class _OverTime(BaseException):  # noqa: N818 - BaseException: library `except Exception` must not swallow it
    """Raised by the timer inside the running document."""


def _on_alarm(_signum, _frame) -> None:
    raise _OverTime()


def memory_sizes() -> tuple[int, int]:
    """(address-space size, resident size) of this process in bytes (Linux /proc; else zeros)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            size, resident = handle.read().split()[:2]
        return int(size) * _PAGE, int(resident) * _PAGE
    except (OSError, ValueError):
        return 0, 0


def peak_resident_mb() -> float:
    """The largest resident size this process has had, in MB (for reports and benchmarks)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _limit_memory(memory_mb: int) -> tuple[int, int] | None:
    """Lower the soft address-space limit; returns the old limits to restore (None: unchanged)."""
    if memory_mb <= 0:
        return None
    size, resident = memory_sizes()
    if not size:
        return None
    old_soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    allowed = size + max(64 * 1024 * 1024, memory_mb * 1024 * 1024 - resident)
    if hard != resource.RLIM_INFINITY:
        allowed = min(allowed, hard)
    if old_soft != resource.RLIM_INFINITY:
        allowed = min(allowed, old_soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (allowed, hard))
    except (ValueError, OSError):
        return None
    return old_soft, hard


def run_within(budget: Budget, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` within ``budget``; raises BudgetExceeded past it."""
    if threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)
    started = time.perf_counter()
    old_handler = None
    if budget.seconds > 0:
        old_handler = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    old_limits = _limit_memory(budget.memory_mb)
    try:
        return fn(*args, **kwargs)
    except _OverTime:
        spent = time.perf_counter() - started
        raise BudgetExceeded("timeout", f"analysis stopped after {spent:.1f} s (time budget "
                             f"{budget.seconds:g} s; raise it with --timeout)", spent) from None
    except MemoryError:
        spent = time.perf_counter() - started
        raise BudgetExceeded("too_large", f"analysis stopped after {spent:.1f} s: it needed more than "
                             f"{budget.memory_mb} MB (memory budget; raise it with --max-memory)",
                             spent) from None
    finally:
        if budget.seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)
        if old_limits is not None:
            resource.setrlimit(resource.RLIMIT_AS, old_limits)


def analyze_within(document, budget: Budget, *, with_statements: bool = True,
                   analyzer: Callable[..., Any] | None = None):
    """analyze_or_error() under a budget: a document past it gets a Report whose ``error`` is
    ``{"kind": "timeout" | "too_large", "message": ..., "seconds": ...}``. For batch entry points."""
    from quelle.pipeline import analyze_or_error, error_report

    run = analyzer or analyze_or_error
    try:
        return run_within(budget, run, document, with_statements=with_statements)
    except BudgetExceeded as err:
        return error_report(document, {"kind": err.kind, "message": err.message,
                                       "seconds": f"{err.seconds:.3f}"})


def start_watchdog(seconds: float, on_expiry: Callable[[], None]) -> threading.Timer | None:
    """A hard stop for single-document commands: ``on_expiry`` runs in a thread if the document
    is still running ``seconds`` after the start (a C routine the timer cannot interrupt)."""
    if seconds <= 0:
        return None
    timer = threading.Timer(seconds, on_expiry)
    timer.daemon = True
    timer.start()
    return timer
