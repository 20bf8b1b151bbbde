"""Imported first by the fork server (never by the main process): quiet workers.

Why: the fork server only ignores Ctrl-C after its preload imports, which take seconds on a
busy machine, so a Ctrl-C during them printed a traceback; and a worker forked while its
parent is being killed fails to unpickle the parent's semaphores and printed another. Here
SIGINT is ignored from the start (the parent handles Ctrl-C and stops the workers) and the
errors of a worker whose parent is gone are not printed.
"""

from __future__ import annotations

import signal
import sys

_PARENT_GONE = (FileNotFoundError, EOFError, BrokenPipeError, ConnectionError)


def _quiet_hook(kind, value, tb) -> None:
    if issubclass(kind, _PARENT_GONE + (KeyboardInterrupt,)):
        return
    sys.__excepthook__(kind, value, tb)


signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.excepthook = _quiet_hook
