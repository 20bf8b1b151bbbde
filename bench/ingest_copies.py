"""Ingest with copy detection (the default) against `--no-hooks`, as the store grows.

    .venv/bin/python bench/ingest_copies.py --docs 10000 [--docs 50000 ...] [--workers 2]
    .venv/bin/python bench/ingest_copies.py --dump-links FILE --docs 600   # the links, for comparisons
    .venv/bin/python bench/ingest_copies.py --stage-only --docs 10000      # the copy stage alone, CPU

The corpus is bench/copies.py's generator (seeded Zipf-vocabulary stories, a third of them
copies of an earlier one) laid out as JSONL articles with a site and a date, plus the
template-built German/English articles of bench/corpus.py (which share names and numbers, the
hard case for cross-language candidates) at a tenth of the count. Both sides ingest exactly the
same file into a fresh SQLite store, interleaved per size. Printed per run: documents per
second over the whole run, and per window of ``--window`` documents (from the progress
callback), so a rate that falls as the store grows shows up as a falling row.

``--stage-only`` ingests with ``--no-hooks`` and then runs the copy stage once over the whole
store (``store_hook.run_stage``, batches of 500), printing its CPU time per document: on a
shared machine that figure moves less with the load than the wall-clock ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SITES = ["news-one.example", "relay-two.example", "mirror-three.example", "daily-four.example"]


def write_corpus(path: Path, docs: int, mixed_share: float = 0.1, interleave: bool = False) -> int:
    """Write ``docs`` JSONL articles (copies generator, and ``mixed_share`` of them from corpus.py).

    ``interleave`` spreads the corpus.py articles evenly through the file (so every window of the
    benchmark holds the same mix); without it they follow the generated ones (the test's layout).
    """
    from copies import generate  # bench/copies.py
    from corpus import build  # bench/corpus.py

    mixed = max(1, round(docs * mixed_share))
    texts = generate(docs - mixed)
    articles = build(mixed, html_share=0.0)
    rows = []
    for i, text in enumerate(texts):
        day = 1 + (i * 7) % 28
        rows.append({"id": f"g{i}", "text": text, "site": SITES[i % len(SITES)],
                     "published": f"2027-{1 + (i // 2000) % 12:02d}-{day:02d}"})
    extra = [{"id": f"c{i}", "text": article.content.decode("utf-8"), "site": SITES[i % len(SITES)],
              "published": f"2027-02-{1 + i % 28:02d}"} for i, article in enumerate(articles)]
    if interleave:
        step = len(rows) / max(1, len(extra))
        for k, row in reversed(list(enumerate(extra))):
            rows.insert(int(k * step), row)
    else:
        rows.extend(extra)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    return len(rows)


def ingest(corpus: Path, db: Path, hooks: bool, workers: int, window: int) -> dict:
    from quelle.ingest.runner import Ingest
    from quelle.ingest.sources import collect
    from quelle.store import open_store

    marks: list[float] = []
    done = 0

    def progress(n: int, _failed: int) -> None:
        nonlocal done
        done += n
        if done % window == 0:
            marks.append(time.perf_counter())

    with open_store(f"sqlite:///{db}") as store:
        started = time.perf_counter()
        summary = Ingest(store, collect([str(corpus)]), workers=workers, progress=progress,
                         run_hooks=hooks).run()
        if hooks:  # the last batch's hook ran inside run(); nothing is left pending
            pass
        seconds = time.perf_counter() - started
    edges = [started, *marks]
    rates = [window / (b - a) for a, b in zip(edges, edges[1:], strict=False)]
    return {"stored": summary.stored, "seconds": seconds, "windows": rates}


def stage_alone(db: Path) -> dict:
    """Run the copy stage over everything stored in ``db`` (ingested without hooks): CPU and wall seconds."""
    from quelle.copies import store_hook
    from quelle.store import open_store

    with open_store(f"sqlite:///{db}") as store:
        cpu, wall = time.process_time(), time.perf_counter()
        matched = store_hook.run_stage(store, None)
        return {"matched": matched, "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}


def dump_links(db: Path, out: Path) -> None:
    """Links and stories by source id, sorted: two stores with the same content dump the same file."""
    import sqlite3

    conn = sqlite3.connect(db)
    sid = dict(conn.execute("select id, source_id from documents"))
    links = sorted([sid[a], sid[b], rel, round(score or 0.0, 4), contained]
                   for a, b, rel, score, contained in
                   conn.execute("select a_id, b_id, relation, score, contained from copy_links"))
    members = sorted([sid[doc], sid[story], rel, sid[via] if via else None, delay]
                     for doc, story, rel, via, delay in
                     conn.execute("select document_id, story_id, relation, via_id, delay_days from story_members"))
    lines = [json.dumps(["link", *row]) for row in links] + [json.dumps(["member", *row]) for row in members]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, action="append", help="corpus sizes (repeatable; default 10000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--window", type=int, default=2000, help="documents per printed window rate")
    parser.add_argument("--dump-links", type=Path, help="only ingest with copies and write the links here")
    parser.add_argument("--mixed-share", type=float, default=0.1, help="share of corpus.py articles")
    parser.add_argument("--stage-only", action="store_true",
                        help="ingest with --no-hooks, then time the copy stage alone (CPU per document)")
    args = parser.parse_args()
    sizes = args.docs or [10_000]
    root = Path(tempfile.mkdtemp(prefix="quelle-bench-copies-"))
    for size in sizes:
        corpus = root / f"corpus-{size}.jsonl"
        count = write_corpus(corpus, size, args.mixed_share, interleave=not args.dump_links)
        if args.dump_links:
            db = root / "links.db"
            ingest(corpus, db, True, args.workers, args.window)
            dump_links(db, args.dump_links)
            print(f"{count} documents: links written to {args.dump_links}")
            return
        if args.stage_only:
            db = root / f"{size}-stage.db"
            out = ingest(corpus, db, False, args.workers, args.window)
            stage = stage_alone(db)
            print(f"{count:>7} docs copy stage alone: {stage['matched']} matched, {stage['cpu']:.1f} s CPU = "
                  f"{1000 * stage['cpu'] / max(1, stage['matched']):.2f} ms per document ({stage['wall']:.1f} s wall; "
                  f"analysis without hooks {out['seconds']:.1f} s wall)", flush=True)
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            os.unlink(corpus)
            continue
        rates = {}
        for hooks in (False, True):
            db = root / f"{size}-{hooks}.db"
            out = ingest(corpus, db, hooks, args.workers, args.window)
            label = "with copies" if hooks else "--no-hooks"
            rates[hooks] = out["stored"] / out["seconds"]
            windows = ", ".join(f"{r:.0f}" for r in out["windows"])
            print(f"{count:>7} docs {label:<12} {out['seconds']:8.1f} s = {rates[hooks]:6.1f} docs/s; "
                  f"per {args.window}: {windows}", flush=True)
            if hooks and out["windows"]:
                tail = out["windows"][len(out["windows"]) // 2:]
                print(f"{'':>13}median window rate, second half: {statistics.median(tail):.0f} docs/s")
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        print(f"{count:>7} docs ratio with copies / --no-hooks: {rates[True] / rates[False]:.2f}  (goal >= 0.75)",
              flush=True)
        os.unlink(corpus)


if __name__ == "__main__":
    main()
