"""quelle batch (Daft, local runner) against single-process ingest, and its memory per worker.

    .venv/bin/python bench/batch.py                        # 10,000 documents, then 50,000 for memory
    .venv/bin/python bench/batch.py --docs 5000 --large 20000

Generates invented documents with bench/ingest.py's generator (plain text in JSONL, HTML files in
a folder, HTML responses in a gzip WARC), then measures on exactly those documents, in one run:
  ingest 1 worker    `quelle ingest --workers 1` into SQLite, copy detection (post-store hooks) on
  batch 1 / 2        `quelle batch --workers 1|2` (analysis, Parquet, copy stage; no load)
and prints documents/s and the ratios to ingest. Each command runs as a child process; the
benchmark samples the RSS of that process (the driver) and of each of its descendants (the
analysis workers) every 0.2 s. The memory check runs batch with 2 workers on --docs and on
--large documents and compares the peak RSS per worker.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import _children, _rss_kib, generate  # noqa: E402 - the bench folder's own generator

QUELLE = [sys.executable, "-m", "quelle"]
ENV = {**os.environ, "DAFT_ANALYTICS_ENABLED": "0", "DO_NOT_TRACK": "1", "RAY_USAGE_STATS_ENABLED": "0"}


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        kids = _children(frontier.pop())
        found.extend(kids)
        frontier.extend(kids)
    return found


def run(args: list[str], cwd: Path) -> dict:
    """Run a quelle command; wall seconds, peak RSS of the driver and the largest peak of any descendant."""
    started = time.perf_counter()
    process = subprocess.Popen(QUELLE + args, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    driver, workers = 0, {}
    while process.poll() is None:
        driver = max(driver, _rss_kib(process.pid))
        for pid in _descendants(process.pid):
            workers[pid] = max(workers.get(pid, 0), _rss_kib(pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed: {err.decode()[-500:]}")
    busy = sorted(workers.values())[-2:]  # the analysis workers are the largest descendants
    return {"seconds": seconds, "driver_mib": driver / 1024, "worker_mib": max(busy, default=0) / 1024,
            "processes": len(workers), "out": out.decode().strip().splitlines()[-1:]}


def measure(root: Path, docs: int, with_ingest: bool) -> dict:
    data = root / f"data-{docs}"
    data.mkdir()
    paths = generate(data, docs)
    results = {}
    if with_ingest:
        results["ingest 1 worker"] = run(["ingest", *paths, "--db", str(root / f"ingest-{docs}.db"),
                                          "--workers", "1", "-q"], root)
        results["batch 1 worker"] = run(["batch", *paths, "--out", str(root / f"b1-{docs}"), "--workers", "1"],
                                        root)
    results["batch 2 workers"] = run(["batch", *paths, "--out", str(root / f"b2-{docs}"), "--workers", "2"], root)
    shutil.rmtree(data)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=50_000, help="the second size for the memory check (0: none)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="quelle-bench-batch-"))
    try:
        small = measure(root, args.docs, with_ingest=True)
        base = args.docs / small["ingest 1 worker"]["seconds"]
        print(f"{args.docs} documents (bench/ingest.py generator), wall clock, one run each, same session")
        print(f"{'run':<18}{'docs/s':>9}{'x ingest':>10}{'driver MiB':>12}{'worker MiB':>12}")
        for name, r in small.items():
            rate = args.docs / r["seconds"]
            print(f"{name:<18}{rate:>9.1f}{rate / base:>10.2f}{r['driver_mib']:>12.0f}{r['worker_mib']:>12.0f}")
        if args.large:
            large = measure(root, args.large, with_ingest=False)["batch 2 workers"]
            s = small["batch 2 workers"]
            print(f"batch 2 workers, {args.large} documents: {args.large / large['seconds']:.1f} docs/s; peak RSS per "
                  f"worker {s['worker_mib']:.0f} MiB at {args.docs} -> {large['worker_mib']:.0f} MiB at {args.large} "
                  f"({large['worker_mib'] / s['worker_mib']:.2f}x); driver {s['driver_mib']:.0f} -> "
                  f"{large['driver_mib']:.0f} MiB ({large['driver_mib'] / s['driver_mib']:.2f}x)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
