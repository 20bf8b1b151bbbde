"""Ingest with copy detection: this checkout against a baseline checkout, in the same run.

Why: issue 9 asks that ingest with copies stay within 20 % of commit 6813b64's rate while the
copy matcher grows; the machine is shared and noisy, so both trees ingest the same JSONL file
(bench/ingest_copies.py's corpus) into fresh SQLite stores, taking turns round by round. Each
run is a separate process with one analysis worker; its wall time and the CPU time of the ingest
process itself are printed (store writes and copy detection run there; the analysis worker is
forked by a fork server, whose children this count does not reach, so the CPU figure is the
copy-and-store side and the wall figure the whole rate), then medians and the ratio this/baseline (above 1: this tree is
faster).

    git worktree add /tmp/base 6813b64
    mkdir -p /tmp/base/src/quelle/copies/data/built
    cp src/quelle/copies/data/built/de_en.tsv /tmp/base/src/quelle/copies/data/built/
    .venv/bin/python bench/ingest_copies_baseline.py --base /tmp/base/src [--docs 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
THIS_SRC = HERE.parent / "src"
# the tree comes first on PYTHONPATH (not sys.path.insert): ingest's worker processes start from
# a fork server, a fresh interpreter that must import the same tree
RUN = r"""
from quelle.ingest.runner import Ingest
from quelle.ingest.sources import collect
from quelle.store import open_store
with open_store({db!r}) as store:
    summary = Ingest(store, collect([{corpus!r}]), workers=1).run()
print(summary.stored)
"""


def one_run(src: Path, corpus: Path, db: Path) -> dict[str, float]:
    """Ingest ``corpus`` with the tree at ``src``; wall seconds, CPU seconds, documents stored."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", RUN.format(db=f"sqlite:///{db}", corpus=str(corpus))],
                          capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"ingest with {src} failed: {done.stderr.strip().splitlines()[-1:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "stored": float(done.stdout.split()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, type=Path, help="the baseline checkout's src folder")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from ingest_copies import write_corpus  # bench/ingest_copies.py

    root = Path(tempfile.mkdtemp(prefix="quelle-bench-copies-base-"))
    corpus = root / "corpus.jsonl"
    count = write_corpus(corpus, args.docs)
    print(f"corpus: {count} documents ({corpus})")
    runs: dict[str, list[dict[str, float]]] = {"this": [], "base": []}
    for round_no in range(args.rounds):
        order = [("this", THIS_SRC), ("base", args.base)]
        if round_no % 2:
            order.reverse()
        for name, src in order:
            result = one_run(src, corpus, root / f"{name}-{round_no}.db")
            runs[name].append(result)
            print(f"round {round_no + 1} {name}: {result['stored']:.0f} stored, {result['wall']:.1f} s wall, "
                  f"{result['cpu']:.1f} s CPU, {result['stored'] / result['cpu']:.1f} docs per CPU second")
    summary = {}
    for name in runs:
        summary[name] = {key: statistics.median(r[key] for r in runs[name]) for key in ("wall", "cpu")}
    cpu_ratio = summary["base"]["cpu"] / summary["this"]["cpu"]
    wall_ratio = summary["base"]["wall"] / summary["this"]["wall"]
    print(json.dumps({"docs": count, "rounds": args.rounds, "median": summary,
                      "rate_ratio_this_over_base_cpu": round(cpu_ratio, 3),
                      "rate_ratio_this_over_base_wall": round(wall_ratio, 3)}, indent=2))


if __name__ == "__main__":
    main()
