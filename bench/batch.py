"""quelle batch (Daft, local runner) against single-process ingest, and its memory per worker.

    .venv/bin/python bench/batch.py                        # 10,000 documents, then 50,000 for memory
    .venv/bin/python bench/batch.py --docs 5000 --large 20000

Generates invented German news texts (sentence frames filled from a 4,000-word invented vocabulary,
names, places, numbers; one in ten an edited copy of an earlier one, so the copy stage has work of
a realistic density) as JSONL shards of 2,000 plus a gzip WARC of HTML pages (a tenth), then
measures on exactly those documents, in one run:
  ingest 1 worker    `quelle ingest --workers 1` into SQLite, copy detection (post-store hooks) on
  batch 1 / 2        `quelle batch --workers 1|2` (analysis, Parquet, copy stage; no load)
and prints documents/s and the ratios to ingest. Each command runs as a child process; the
benchmark samples the RSS of that process (the driver: Daft's native runner and the copy stage run
in it) and of each of its descendants (the analysis workers) every 0.2 s. The memory check runs
batch with 2 workers on --docs and on --large documents and compares the peak RSS of the driver and
of the largest worker; the job's memory must not grow with the corpus (within 1.2x). Ingest, the
baseline, runs at --docs only (a single-process ingest of --large would take hours here).
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
from ingest import _children, _rss_kib  # noqa: E402 - the bench folder's own /proc readers

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


PEOPLE = ["Anna Albers", "Jonas Brandt", "Clara Whitfield", "Markus Petersen", "Sofia Novak", "Peter Keller",
          "Lena Hansen", "Tomas Moreau", "Maria Lind", "Henrike Weber", "Olga Sokolowa", "Ahmed Khan"]
PLACES = ["Nordhafen", "Lindental", "Talstadt", "Bergheim", "Seeburg", "Ashford", "Berlin", "Wien", "Genf"]
FRAMES = ["In {place} {verb} {person} am {day} den Plan für {a} und {b} mit {n} Millionen Euro.",
          "Der Ausschuss sprach über {a}, {b} und {c}; die Sitzung dauerte bis zum Abend.",
          "„Wir brauchen {a} und {b}“, sagte {person} nach dem Treffen in {place}.",
          "Kritiker erklärten, {a} sei zu teuer und {b} komme {n} Jahre zu spät.",
          "Nach Angaben der Stadt sollen {a} und {c} bis {year} fertig sein."]
VERBS = ["beschloss", "prüfte", "verschob", "kritisierte", "forderte", "begrüßte", "plante"]
DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]


def _vocabulary(rng) -> list[str]:
    parts = ["ha", "fen", "bau", "ger", "mit", "tel", "schu", "le", "brü", "cke", "stra", "ße", "rat", "haus", "netz",
             "werk", "kas", "se", "markt", "zoll", "bahn", "hof", "land", "gut", "wald", "berg", "tal", "see"]
    found = {"".join(rng.choice(parts) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(6000)}
    return sorted(found)[:4000]


def _article(rng, words: list[str], n: int) -> list[str]:
    def sentence() -> str:
        return rng.choice(FRAMES).format(place=rng.choice(PLACES), verb=rng.choice(VERBS), person=rng.choice(PEOPLE),
                                         day=rng.choice(DAYS), a=rng.choice(words), b=rng.choice(words),
                                         c=rng.choice(words), n=rng.randint(2, 900), year=rng.randint(2025, 2031))
    return [f"{rng.choice(words)}: {rng.choice(PEOPLE)} {rng.choice(VERBS)} Plan {n}"] + [
        " ".join(sentence() for _ in range(rng.randint(3, 5))) for _ in range(rng.randint(4, 7))]


def generate(root: Path, total: int, seed: int = 9) -> list[str]:
    """JSONL shards of 2,000 texts and one WARC of HTML pages; one document in ten copies an earlier one."""
    import io
    import json
    import random

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    words = _vocabulary(rng)
    made: list[list[str]] = []
    n_warc = total // 10
    texts = total - n_warc
    for start in range(0, texts, 2000):
        with open(root / f"part-{start // 2000:03d}.jsonl", "w", encoding="utf-8") as handle:
            for n in range(start, min(start + 2000, texts)):
                if n % 10 == 9 and made:
                    parts = list(rng.choice(made))
                    parts = parts[:-1] if len(parts) > 3 else parts
                    parts[0] = "Neu: " + parts[0]
                else:
                    parts = _article(rng, words, n)
                    made.append(parts)
                    made = made[-500:]
                handle.write(json.dumps({"id": f"d{n}", "text": "\n\n".join(parts), "site": f"site{n % 40}.example",
                                         "published": f"2026-{n % 12 + 1:02d}-{n % 27 + 1:02d}"},
                                        ensure_ascii=False) + "\n")
    with open(root / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(n_warc):
            parts = _article(rng, words, total + n)
            page = (f"<html><head><title>{parts[0]}</title></head><body><article><h1>{parts[0]}</h1>"
                    + "".join(f"<p>{p}</p>" for p in parts[1:]) + "</article></body></html>")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://relay{n % 9}.example/a/{n}", "response",
                                                          payload=io.BytesIO(page.encode()), http_headers=http))
    return sorted(str(p) for p in root.glob("part-*.jsonl")) + [str(root / "crawl.warc.gz")]


def measure(root: Path, docs: int, with_ingest: bool) -> dict:
    data = root / f"data-{docs}"
    data.mkdir()
    paths = generate(data, docs)
    runs = {"batch 2 workers": ["batch", *paths, "--out", str(root / f"b2-{docs}"), "--workers", "2"]}
    if with_ingest:
        runs = {"ingest 1 worker": ["ingest", *paths, "--db", str(root / f"ingest-{docs}.db"), "--workers", "1", "-q"],
                "batch 1 worker": ["batch", *paths, "--out", str(root / f"b1-{docs}"), "--workers", "1"], **runs}
    results = {}
    for name, command in runs.items():
        results[name] = r = run(command, root)
        print(f"  ({docs} documents) {name}: {r['seconds']:.1f} s, driver {r['driver_mib']:.0f} MiB, "
              f"largest worker {r['worker_mib']:.0f} MiB", flush=True)
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
        print(f"{args.docs} documents (generated here), wall clock, one run each, same session")
        print(f"{'run':<18}{'docs/s':>9}{'x ingest':>10}{'driver MiB':>12}{'worker MiB':>12}")
        for name, r in small.items():
            rate = args.docs / r["seconds"]
            print(f"{name:<18}{rate:>9.1f}{rate / base:>10.2f}{r['driver_mib']:>12.0f}{r['worker_mib']:>12.0f}")
        if args.large:
            large = measure(root, args.large, with_ingest=False)["batch 2 workers"]
            s = small["batch 2 workers"]
            worker, driver = large["worker_mib"] / s["worker_mib"], large["driver_mib"] / s["driver_mib"]
            print(f"batch 2 workers, {args.large} documents: {args.large / large['seconds']:.1f} docs/s "
                  f"({large['seconds']:.0f} s; at {args.docs}: {args.docs / s['seconds']:.1f} docs/s)")
            print(f"peak RSS, {args.docs} -> {args.large} documents: driver {s['driver_mib']:.0f} -> "
                  f"{large['driver_mib']:.0f} MiB ({driver:.2f}x), largest worker {s['worker_mib']:.0f} -> "
                  f"{large['worker_mib']:.0f} MiB ({worker:.2f}x); within 1.2x: "
                  f"{'yes' if max(driver, worker) <= 1.2 else 'NO'}")
            print(f"(ingest, the baseline, was measured at {args.docs} documents only)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
