"""`quelle batch` gives every document the same time and memory budget as `ingest` (issue 13)."""

from __future__ import annotations

from pathlib import Path

from quelle.budget import Budget
from quelle.scale.analysis import Settings, ShardRunner


def test_batch_workers_get_the_settings_budget(tmp_path: Path):
    runner = ShardRunner(str(tmp_path), Settings(timeout=5, max_memory_mb=512), workers=1)
    try:
        assert runner.pool.fn.keywords["budget"] == Budget(seconds=5, memory_mb=512)
        assert runner.pool.timeout == 5
    finally:
        runner.close()


def test_batch_cli_has_a_memory_budget():
    import inspect

    from quelle.cli.scale_cmds import batch

    assert inspect.signature(batch).parameters["max_memory"].default == 1024
