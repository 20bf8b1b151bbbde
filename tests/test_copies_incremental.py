"""Issue 14: stories updated incrementally from each batch's links, and the batch timer.

The reference file was written by commit 6813b64 (stories rebuilt from all links after every
batch) with ``bench/ingest_copies.py --docs 800 --mixed-share 0.5 --dump-links FILE`` on the
same generated corpus; the incremental code must give the same links and the same stories.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from quelle.copies.lexicon import lexicon_name
from quelle.ingest.runner import Ingest
from quelle.ingest.sources import collect
from quelle.store import hooks, open_store

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "fixtures" / "copies_bench" / "links_6813b64_800.jsonl"
BENCH = HERE.parent / "bench" / "ingest_copies.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_ingest_copies", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(lexicon_name() == "seed", reason="the German-English lexicon is not built "
                    "(run: source .ci/packages.sh, which installs trans-de-en)")
def test_links_and_stories_match_the_full_rebuild_of_6813b64(tmp_path):
    bench = _bench()
    corpus = tmp_path / "corpus.jsonl"
    assert bench.write_corpus(corpus, 800, 0.5) == 800
    db = tmp_path / "store.db"
    bench.ingest(corpus, db, hooks=True, workers=2, window=200)  # 4+ batches: stories merge across them
    out = tmp_path / "links.jsonl"
    bench.dump_links(db, out)
    got, want = out.read_text().splitlines(), REFERENCE.read_text().splitlines()
    assert sum(line.startswith('["member"') for line in want) > 300
    assert got == want


class _Clock:
    """The runner's clock, moved by the test alone: documents take no time on it and a hook takes
    ten seconds, whatever the load of the machine (a real sleep made the batch sizes flaky)."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    @staticmethod
    def perf_counter() -> float:
        return time.perf_counter()


_clock = _Clock()
_sizes: list[int] = []


def _slow_hook(store, ids):
    _sizes.append(len(ids))
    _clock.now += 10.0  # far slower than the flush interval


def test_batch_timer_runs_from_the_batch_start_not_from_before_the_hooks(tmp_path, monkeypatch):
    """A hook slower than the flush interval must not leave later batches with one document."""
    from quelle.ingest import runner

    monkeypatch.setenv("QUELLE_COPIES", "0")
    monkeypatch.setattr(runner, "time", _clock)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03d}.txt").write_text(f"Meldung {i}\n\nDer Rat hat am Dienstag getagt. Punkt {i}.\n",
                                             encoding="utf-8")
    _sizes.clear()
    hooks.register(_slow_hook)
    try:
        with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
            summary = Ingest(store, collect([str(folder)]), workers=1, batch_size=20, flush_seconds=0.2,
                             with_statements=False).run()
    finally:
        hooks.unregister(_slow_hook)
    assert summary.stored == 60
    assert _sizes == [20, 20, 20]  # the old timer (from before the hooks) gave 20, then batches of one
