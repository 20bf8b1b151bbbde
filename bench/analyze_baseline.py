"""`analyze()` rate of this checkout against a baseline checkout, measured in the same run.

Why: the machine is shared and its load changes minute by minute, so two separate runs of
bench/analyze.py cannot be compared. Here two worker processes (this tree's ``src`` and the
baseline's, e.g. a ``git worktree`` of an older commit) build the same corpus and take turns on
the same passes; each pass is timed in CPU seconds of its process (less sensitive to other
processes than wall time). Prints medians per corpus and the ratio this/baseline.

    git worktree add /tmp/base 6813b64
    .venv/bin/python bench/analyze_baseline.py --base /tmp/base/src [--count 600] [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKER = r"""
import json, sys, time
sys.path.insert(0, {bench!r})
import corpus
from quelle.model import Document
from quelle.pipeline import analyze
articles = corpus.build({count})
sets = {{
    "text full": ([Document(content=a.content, media_type="text") for a in articles if a.media_type == "text"], True),
    "text no-statements": ([Document(content=a.content, media_type="text") for a in articles
                            if a.media_type == "text"], False),
    "html no-statements": ([Document(content=a.content) for a in articles if a.media_type == "html"], False),
    "html full": ([Document(content=a.content) for a in articles if a.media_type == "html"], True),
}}
analyze(sets["text full"][0][0])
print("ready", flush=True)
for line in sys.stdin:
    docs, statements = sets[line.strip()]
    started = time.process_time()
    for doc in docs:
        analyze(doc, with_statements=statements)
    print(json.dumps(len(docs) / (time.process_time() - started)), flush=True)
"""


def start(src: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": src}
    proc = subprocess.Popen([sys.executable, "-c", WORKER.format(bench=str(HERE), count=count)], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit(f"worker for {src} did not start")
    return proc


def ask(proc: subprocess.Popen, name: str) -> float:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(name + "\n")
    proc.stdin.flush()
    return float(json.loads(proc.stdout.readline()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the baseline checkout's src folder")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    mine_src = str(HERE.parent / "src")
    workers = {"this": start(mine_src, args.count), "base": start(args.base, args.count)}
    names = ("text full", "text no-statements", "html no-statements", "html full")
    results = {(w, n): [] for w in workers for n in names}
    try:
        for round_no in range(args.rounds):
            order = list(workers) if round_no % 2 == 0 else list(reversed(workers))
            for name in names:
                for who in order:
                    results[(who, name)].append(ask(workers[who], name))
    finally:
        for proc in workers.values():
            proc.kill()
    print(f"analyze() docs per CPU second, median of {args.rounds} interleaved rounds "
          f"(this: {mine_src}; base: {args.base})")
    for name in names:
        mine, base = statistics.median(results[("this", name)]), statistics.median(results[("base", name)])
        ratios = [m / b for m, b in zip(results[("this", name)], results[("base", name)], strict=True)]
        print(f"  {name:<20} this {mine:8.1f}  base {base:8.1f}  ratio {mine / base:.3f} "
              f"(median of per-round ratios {statistics.median(ratios):.3f})")


if __name__ == "__main__":
    main()
