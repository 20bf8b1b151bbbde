"""Ingest throughput and memory against analyze() alone, measured in the same run.

    .venv/bin/python bench/ingest.py                 # 20,000 documents into SQLite
    .venv/bin/python bench/ingest.py --db postgresql://user@host/db --docs 20000

Generates invented documents (plain text in JSONL, HTML files in a folder, HTML responses in
a gzip WARC built with warcio), then measures, on exactly those documents:
  analyze-only   analyze_or_error() over every document, 1 process and N processes (no store)
  ingest         the real ingest (readers, worker pool, batched writes, FTS) with 1 and N workers;
                 post-store hooks (issue 5's corpus stages) only with --hooks
It prints documents/s (median over --repeat runs), ingest/analyze ratios, and the peak memory
(RSS of the ingest process plus its workers, sampled as it runs) after 10,000 and 20,000 documents.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Anna", "Jonas", "Clara", "Henrike", "Markus", "Sofia", "Peter", "Lena", "Tomas", "Maria"]
LAST = ["Albers", "Brandt", "Whitfield", "Petersen", "Novak", "Keller", "Hansen", "Moreau", "Lind", "Weber"]
TOWNS = ["Nordhafen", "Lindental", "Millbrook", "Talstadt", "Bergheim", "Seeburg", "Eastwick", "Ashford"]
DE_TOPICS = ["eine neue Fährverbindung", "den Ausbau der Grundschule", "einen Radweg am Fluss",
             "die Sanierung der Brücke", "höhere Gebühren für Parkplätze", "ein neues Hallenbad"]
EN_TOPICS = ["a new ferry link", "the school extension", "a riverside cycle path", "repairs to the bridge",
             "higher parking fees", "a new swimming pool"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def german_text(rng: random.Random, n: int) -> str:
    town, topic, who = rng.choice(TOWNS), rng.choice(DE_TOPICS), _person(rng)
    paragraphs = [f"{town}: Rat berät über {topic} (Meldung {n})"]
    for _ in range(rng.randint(3, 6)):
        paragraphs.append(rng.choice([
            f"Der Rat von {town} hat am Dienstag über {topic} beraten. {who} sagte, das Vorhaben werde "
            f"{rng.randint(2, 90)} Millionen Euro kosten.",
            f"„Wir müssen jetzt handeln“, sagte {who}. Die Opposition erklärte, die Pläne seien zu teuer.",
            f"Nach Angaben der Verwaltung soll die Arbeit im {rng.choice(['Frühjahr', 'Sommer', 'Herbst'])} "
            f"beginnen und etwa {rng.randint(6, 30)} Monate dauern.",
            f"{who} betonte, man habe die Bürger früh beteiligt. Eine Entscheidung werde im nächsten Monat fallen.",
        ]))
    return "\n\n".join(paragraphs)


def english_text(rng: random.Random, n: int) -> str:
    town, topic, who = rng.choice(TOWNS), rng.choice(EN_TOPICS), _person(rng)
    paragraphs = [f"{town} council debates {topic} (report {n})"]
    for _ in range(rng.randint(3, 6)):
        paragraphs.append(rng.choice([
            f"The council of {town} discussed {topic} on Tuesday. {who} said the plan would cost "
            f"{rng.randint(2, 90)} million pounds.",
            f"\"We have to act now,\" said {who}. The opposition said the plans were too expensive.",
            f"According to the council, work is to start in {rng.choice(['spring', 'summer', 'autumn'])} "
            f"and take about {rng.randint(6, 30)} months.",
            f"{who} stressed that residents had been consulted early. A decision is expected next month.",
        ]))
    return "\n\n".join(paragraphs)


def html_page(rng: random.Random, n: int) -> str:
    text = english_text(rng, n) if n % 2 else german_text(rng, n)
    title, *paragraphs = text.split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><aside>Share this article</aside>"
            f"<footer>© Example Local News</footer></body></html>")


def generate(root: Path, total: int, seed: int = 4) -> list[str]:
    """Text (JSONL), HTML files and a WARC, about a third each; returns the input paths."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    n_text = total // 3
    n_html = total // 3
    n_warc = total - n_text - n_html
    with open(root / "text.jsonl", "w", encoding="utf-8") as out:
        for n in range(n_text):
            text = german_text(rng, n) if n % 2 else english_text(rng, n)
            out.write(json.dumps({"id": f"text-{n}", "text": text, "site": f"{rng.choice(TOWNS).lower()}.example",
                                  "published": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}"}, ensure_ascii=False) + "\n")
    html_dir = root / "html"
    for n in range(n_html):
        sub = html_dir / f"{n // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page-{n}.html").write_text(html_page(rng, n), encoding="utf-8")
    with open(root / "crawl.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(n_warc):
            payload = html_page(rng, n + 1).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://{rng.choice(TOWNS).lower()}.example/news/{n}", "response",
                                               payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
    return [str(root / "text.jsonl"), str(html_dir), str(root / "crawl.warc.gz")]


# -- memory ----------------------------------------------------------------------------------
def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return kids


def tree_rss_mib() -> tuple[float, float]:
    """(RSS of this process, RSS of this process plus all descendants) in MiB."""
    me = os.getpid()
    total, frontier = 0, [me]
    while frontier:
        pid = frontier.pop()
        total += _rss_kib(pid)
        frontier.extend(_children(pid))
    return _rss_kib(me) / 1024, total / 1024


# -- the measurements ------------------------------------------------------------------------
def _documents(paths: list[str]):
    from quelle.ingest.sources import collect, iter_items

    for item in iter_items(collect(paths), 10 * 1024 * 1024):
        if item.document is not None:
            yield item.document


def _analyze_one(document) -> bool:
    from quelle.pipeline import analyze_or_error

    return analyze_or_error(document).error is None


def analyze_only(paths: list[str], processes: int) -> tuple[int, float]:
    """analyze_or_error over every document, without any store: (documents, seconds)."""
    started = time.perf_counter()
    if processes == 1:
        from quelle.ingest import warmup  # noqa: F401 - same warm start as the ingest workers

        started = time.perf_counter()
        count = sum(1 for document in _documents(paths) if _analyze_one(document) or True)
        return count, time.perf_counter() - started
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["quelle.ingest.warmup"])
    with ctx.Pool(processes) as pool:
        list(pool.map(_analyze_one, [], chunksize=1))  # start the workers before the clock
        started = time.perf_counter()
        count = sum(1 for _ in pool.imap_unordered(_analyze_one, _documents(paths), chunksize=32))
    return count, time.perf_counter() - started


def ingest(paths: list[str], db: str, workers: int, marks: tuple[int, ...], hooks: bool) -> dict:
    from quelle.ingest.runner import Ingest
    from quelle.ingest.sources import collect
    from quelle.store import open_store

    peaks = {"main": 0.0, "tree": 0.0}
    at_marks: dict[int, dict[str, float]] = {}
    done = 0

    def progress(n: int, _failed: int) -> None:
        nonlocal done
        done += n
        if done % 250 == 0 or done in marks:
            main, tree = tree_rss_mib()
            peaks["main"], peaks["tree"] = max(peaks["main"], main), max(peaks["tree"], tree)
        for mark in marks:
            if done == mark:
                at_marks[mark] = dict(peaks)

    with open_store(db) as store:
        started = time.perf_counter()
        summary = Ingest(store, collect(paths), workers=workers, progress=progress, run_hooks=hooks).run()
        seconds = time.perf_counter() - started
    return {"stored": summary.stored, "failed": summary.failed, "seconds": seconds, "memory": at_marks}


def _reset_db(db: str | None, directory: Path, label: str) -> str:
    if db is None:
        path = directory / f"{label}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return str(path)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from quelle.store.url import resolve_url

    url = make_url(resolve_url(db))
    name = f"{url.database}_bench_{label.replace('-', '_')}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # a fresh database for every run
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2, help="the N of the N-process runs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is printed)")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL: each run uses a new database named "
                        "<db>_bench_<run> next to it (dropped and re-created); default: temporary SQLite files")
    parser.add_argument("--hooks", action="store_true", help="also run the post-store hooks (corpus stages "
                        "such as copies/stories, measured by their own bench); off by default")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus and stores")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="quelle-bench-"))
    try:
        started = time.perf_counter()
        paths = generate(root, args.docs)
        print(f"corpus: {args.docs} documents (JSONL text, HTML files, gzip WARC) generated in "
              f"{time.perf_counter() - started:.1f} s under {root}", flush=True)
        marks = tuple(m for m in (10_000, 20_000) if m <= args.docs) or (args.docs,)
        results: dict[str, list[float]] = {}
        memory: dict[int, dict[str, dict[str, float]]] = {}
        for run in range(args.repeat):  # interleaved, so that a busy machine hurts both sides alike
            for processes in (1, args.workers):
                label = f"analyze-{processes}"
                count, seconds = analyze_only(paths, processes)
                results.setdefault(label, []).append(count / seconds)
                print(f"run {run + 1}: {label:<11} {count} docs in {seconds:7.1f} s = {count / seconds:7.1f} docs/s",
                      flush=True)
                label = f"ingest-{processes}"
                db = _reset_db(args.db, root, label)
                out = ingest(paths, db, processes, marks, args.hooks)
                rate = (out["stored"] + out["failed"]) / out["seconds"]
                results.setdefault(label, []).append(rate)
                memory[processes] = out["memory"]
                print(f"run {run + 1}: {label:<11} {out['stored']} stored, {out['failed']} failed in "
                      f"{out['seconds']:7.1f} s = {rate:7.1f} docs/s", flush=True)
        median = {label: statistics.median(values) for label, values in results.items()}
        n = args.workers
        print()
        print(f"{'measurement':<14}{'docs/s (median of ' + str(args.repeat) + ')':>26}")
        for label in ("analyze-1", f"analyze-{n}", "ingest-1", f"ingest-{n}"):
            print(f"{label:<14}{median[label]:>26.1f}")
        print(f"ratio ingest-1 / analyze-1: {median['ingest-1'] / median['analyze-1']:.2f}  (target >= 0.8)")
        print(f"ratio ingest-{n} / analyze-{n}: {median[f'ingest-{n}'] / median[f'analyze-{n}']:.2f}")
        print(f"ratio ingest-{n} / analyze-1: {median[f'ingest-{n}'] / median['analyze-1']:.2f}")
        print("peak RSS (MiB) of the ingest process / process tree after:")
        for workers, marks_seen in memory.items():
            cells = ", ".join(f"{mark:,} docs: {peak['main']:.0f} / {peak['tree']:.0f}"
                              for mark, peak in sorted(marks_seen.items()))
            print(f"  {workers} worker(s): {cells}")
    finally:
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
