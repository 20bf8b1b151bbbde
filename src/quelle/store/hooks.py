"""Post-store hooks: corpus stages (near-duplicates, stories) that run after each batch commit.

Why a hook and not a call from ingest: per-document work stays in analyze(), corpus work
stays apart from it (DESIGN.md). A hook is ``fn(store, document_ids)``; it runs in the
process that writes, right after the batch holding ``document_ids`` was committed, and does
its own transactions. Hooks must be idempotent and able to catch up: after a ``kill -9``
the batch committed last may not have reached its hooks, so a stage should also process
stored documents it has not seen yet (e.g. keep its own "done" table).

Modules that register hooks are imported on first use from ``PLUGIN_MODULES`` (missing
modules are skipped), or register themselves with ``register`` when imported elsewhere.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quelle.store.core import Store

PostStoreHook = Callable[["Store", list[int]], None]

PLUGIN_MODULES = ("quelle.copies.store_hook",)

_hooks: list[PostStoreHook] = []
_loaded = False


def register(hook: PostStoreHook) -> PostStoreHook:
    """Add a hook (usable as a decorator); adding the same function twice has no effect."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def unregister(hook: PostStoreHook) -> None:
    if hook in _hooks:
        _hooks.remove(hook)


def load_plugins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in PLUGIN_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name is None or not name.startswith(err.name):
                raise


def registered() -> list[PostStoreHook]:
    load_plugins()
    return list(_hooks)


def run(store: Store, document_ids: list[int]) -> None:
    """Call every hook with the ids of the documents just stored (none: nothing to do)."""
    if not document_ids:
        return
    for hook in registered():
        hook(store, document_ids)
