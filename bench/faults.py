"""Heavy fault cases through the real `quelle` command (issue 13): for every case the exit code,
whether a traceback appeared, wall time, peak memory of the whole process tree (parent, fork
server and workers, sampled every 0.1 s from /proc) and stored/error counts.

    .venv/bin/python bench/faults.py                 # SQLite
    source .ci/services.sh && .venv/bin/python bench/faults.py --postgres   # also PostgreSQL
    .venv/bin/python bench/faults.py --only kill     # one group: analyze, ingest, kill

Pages are generated here (invented words); nothing is read from the network.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUELLE = str(Path(sys.executable).parent / "quelle")
WORDS = ["der", "rat", "stadt", "haushalt", "beschlossen", "sprecherin", "sagte", "mittel", "reichten",
         "jahre", "fähre", "hafen", "brücke", "council", "budget", "tuesday", "minister", "said", "ferry",
         "harbour", "bridge"]
LIMIT_SECONDS, LIMIT_MB = 60.0, 1024.0


def _para(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Bench</title></head><body><article>{body}</article></body></html>"


def _tree_rss_mb(root: int) -> float:
    """Resident MB of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            pid, ppid = int(entry), int(fields[1])
            children.setdefault(ppid, []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / 1024 / 1024


def run(command: list[str], cwd: str | None = None, kill_when=None) -> dict:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    peak = 0.0
    out = err = b""
    while True:
        try:
            out, err = process.communicate(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, _tree_rss_mb(process.pid))
            elapsed = time.monotonic() - started
            if kill_when is not None and kill_when():
                process.kill()
            elif elapsed > 600:  # a hang: stop it and say so
                os.killpg(process.pid, signal.SIGKILL)
    text = err.decode("utf-8", "replace")
    return {"exit": process.returncode, "traceback": "Traceback" in text, "seconds": time.monotonic() - started,
            "peak_mb": peak, "stderr": text.strip().splitlines()[-1:] if text.strip() else [], "stdout": out}


def counts(db: str) -> tuple[int, int]:
    if db.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(db.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            docs = conn.execute(text("select count(*) from documents")).scalar_one()
            errors = conn.execute(text("select count(*) from errors")).scalar_one()
        engine.dispose()
        return docs, errors
    with sqlite3.connect(db) as conn:
        return (conn.execute("select count(*) from documents").fetchone()[0],
                conn.execute("select count(*) from errors").fetchone()[0])


def report(name: str, result: dict, stored: int | None = None, errors: int | None = None,
           expect: str = "") -> bool:
    ok = (not result["traceback"] and result["seconds"] <= LIMIT_SECONDS and result["peak_mb"] <= LIMIT_MB)
    where = "" if stored is None else f"  stored {stored:4d}  errors {errors:3d}"
    traceback = "yes" if result["traceback"] else "no "
    print(f"{'ok  ' if ok else 'FAIL'} {name:<44} exit {result['exit']:>3}  traceback {traceback}"
          f"  {result['seconds']:6.1f} s  {result['peak_mb']:7.0f} MB{where}  {expect}", flush=True)
    if result["stderr"]:
        print(f"       {result['stderr'][0][:150]}", flush=True)
    return ok


# -- analyze: one huge or degenerate page each --------------------------------------------------
def analyze_cases(folder: Path) -> bool:
    rng = random.Random(13)
    pages = {
        "8 MB of a million <p>a</p>": _page("<p>a</p>" * 1_000_000),
        "9 MB of varied paragraphs": _page("".join(f"<p>{_para(rng, rng.randint(5, 40))}</p>\n"
                                                   for _ in range(52_000))),
        "4 MB paragraph of 200,000 <span>": _page("<p>" + "".join(f"<span>{rng.choice(WORDS)}</span> "
                                                                  for _ in range(200_000)) + "</p>"),
        "100,000 nested <div>": _page("<div>" * 100_000 + "<p>" + _para(rng, 60) + "</p>" + "</div>" * 100_000),
        "9 MB on one line (text)": " ".join(_para(rng, 20) for _ in range(60_000)),
        "3 MB page of 30,000 links": _page("".join(f'<a href="https://s{n}.example/{n}">{_para(rng, 8)}</a>'
                                                   for n in range(30_000))),
    }
    big = "".join(f"<p>{_para(rng, rng.randint(5, 40))}</p>\n" for _ in range(290_000))
    ok = True
    for name, text in pages.items():
        path = folder / f"{abs(hash(name))}.html"
        path.write_text(text, encoding="utf-8")
        ok &= report(f"analyze: {name}", run([QUELLE, "analyze", str(path), "--json"]))
    path = folder / "fifty.html"
    path.write_text(_page(big), encoding="utf-8")
    ok &= report("analyze: 50 MB of varied paragraphs", run([QUELLE, "analyze", str(path), "--json",
                                                             "--max-bytes", "60000000"]))
    ok &= report("analyze: 9 MB page, --max-memory 150", run([QUELLE, "analyze", str(folder / "fifty.html"),
                                                              "--max-bytes", "60000000", "--max-memory", "150"]),
                 expect="(expect exit 8, too_large)")
    return ok


# -- ingest: a mixed batch ---------------------------------------------------------------------------
def _warc(records: list[tuple[str, bytes]], wrong: dict[int, int]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    for n, (uri, body) in enumerate(records):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": "2024-05-14T08:30:00Z"}))
        data = buffer.getvalue()
        if n in wrong:
            start = data.index(b"Content-Length: ")
            end = data.index(b"\r\n", start)
            length = wrong[n] if wrong[n] > 0 else int(data[start + 16:end]) + wrong[n]
            data = data[:start] + b"Content-Length: " + str(length).encode() + data[end:]
        out.write(data)
    return out.getvalue()


def mixed_batch(folder: Path, good_count: int = 200) -> tuple[int, int]:
    """Good documents among every bad input; returns (good documents, bad inputs). One more input, a
    million ``<p>a</p>``, is either stored (what is left after the cut) or a no_text row."""
    rng = random.Random(7)
    folder.mkdir()
    good = bad = 0
    lines = []
    for n in range(good_count):
        lines.append(json.dumps({"id": f"good-{n}", "text": f"Meldung {n}. " + _para(rng, 60)}))
        good += 1
        if n % 40 == 0:
            lines += ["[" * 1000 + "]" * 1000, "{not json"]
            bad += 2
            lines.append(json.dumps({"id": f"odd-{n}-\udfff\x00", "title": "\udfff\x00", "site": "\udfff",
                                     "text": _para(rng, 40)}))
            lines.append(json.dumps({"id": f"long-{n}-" + "x" * 20_000, "text": _para(rng, 40)}))
            good += 2  # (repaired and stored)
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = [(f"https://warc.example/{n}", _page(f"<p>{_para(rng, 60)}</p>").encode()) for n in range(30)]
    (folder / "crawl.warc").write_bytes(_warc(records, {5: 99999999999999, 12: -40}))
    good += 28
    bad += 2
    records = [(f"https://warc-gz.example/{n}", body) for n, (_uri, body) in enumerate(records)]
    (folder / "crawl2.warc.gz").write_bytes(b"".join(gzip.compress(_warc([r], {})) for r in records[:10])
                                           + gzip.compress(_warc([records[10]], {0: -40})))
    good += 10
    bad += 1
    os.mkfifo(folder / "pipe.html")
    (folder / "script.html").write_text(_page("<script>var a = 'Text';</script>"), encoding="utf-8")
    (folder / "flood.html").write_text(_page("<p>a</p>" * 1_000_000), encoding="utf-8")
    (folder / "spans.html").write_text(_page("<p>" + "<span>Wort</span> " * 200_000 + "</p>"), encoding="utf-8")
    (folder / "stray.txt").write_bytes(("Совет города обсудил новый паром. " * 20).encode()[:300] + b"\xff"
                                       + ("Мэр заявила, что довольна. " * 20).encode())
    bad += 2  # pipe, script-only; the million <p>a</p> (cut, 20,000 lines of "a") may go either way
    good += 2  # spans (simplified) and the stray byte
    (folder / "concurrent.py").write_text("raise SystemExit('imported from the current folder')\n")
    return good, bad


def ingest_cases(folder: Path, postgres: str | None) -> bool:
    good, bad = mixed_batch(folder / "in")
    ok = True
    for backend in ["sqlite"] + (["postgresql"] if postgres else []):
        db = str(folder / "mixed.db") if backend == "sqlite" else postgres
        if backend == "postgresql":
            from sqlalchemy import create_engine, text

            engine = create_engine(postgres.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.begin() as conn:
                conn.execute(text("drop schema public cascade; create schema public"))
            engine.dispose()
        result = run([QUELLE, "ingest", "in", "--db", db, "-q", "--workers", "2"], cwd=str(folder))
        stored, errors = counts(db)
        ok &= report(f"ingest [{backend}]: mixed batch", result, stored, errors,
                     f"(expect stored >= {good}, errors >= {bad}, {good + bad + 1} rows)") \
            and stored >= good and errors >= bad and stored + errors == good + bad + 1
        again = run([QUELLE, "ingest", "in", "--db", db, "-q", "--workers", "2"], cwd=str(folder))
        stored2, errors2 = counts(db)
        ok &= report(f"ingest [{backend}]: the same again", again, stored2, errors2, "(expect no change)") \
            and (stored2, errors2) == (stored, errors)
    return ok


def kill_cases(folder: Path, kills: int = 5) -> bool:
    """kill -9 of the command at random moments, then reruns: every document exactly once."""
    rng = random.Random(99)
    path = folder / "many.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for n in range(600):
            out.write(json.dumps({"id": f"doc-{n:04d}", "text": f"Meldung {n}. " + _para(rng, 50)}) + "\n")
    db = str(folder / "kill.db")
    command = [QUELLE, "ingest", str(path), "--db", db, "-q", "--workers", "2", "--batch-size", "20"]
    ok = True
    targets = sorted(rng.sample(range(10, 580), kills))  # kill once this many documents are stored

    def stored_now() -> int:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                return conn.execute("select count(*) from documents").fetchone()[0]
        except sqlite3.Error:
            return 0

    for n, target in enumerate(targets):
        result = run(command, kill_when=lambda target=target: stored_now() >= target)
        stored, errors = counts(db) if Path(db).exists() else (0, 0)
        ok &= report(f"kill -9 #{n + 1} once {target} are stored", result, stored, errors)
    result = run(command)
    stored, errors = counts(db)
    with sqlite3.connect(db) as conn:
        distinct = conn.execute("select count(distinct source_id) from documents").fetchone()[0]
    ok &= report("rerun after 5 kills", result, stored, errors, f"(expect 600 stored once each; distinct {distinct})") \
        and stored == distinct == 600 and errors == 0
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also PostgreSQL ($QUELLE_TEST_POSTGRES_URL)")
    parser.add_argument("--only", choices=("analyze", "ingest", "kill"))
    args = parser.parse_args()
    postgres = os.environ.get("QUELLE_TEST_POSTGRES_URL") if args.postgres else None
    print(f"limits per case: {LIMIT_SECONDS:.0f} s, {LIMIT_MB:.0f} MB; cores: {len(os.sched_getaffinity(0))}; "
          f"load: {os.getloadavg()[0]:.1f}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="quelle-faults-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "analyze"):
            ok &= analyze_cases(folder)
        if args.only in (None, "ingest"):
            ok &= ingest_cases(folder, postgres)
        if args.only in (None, "kill"):
            ok &= kill_cases(folder)
    print("all cases within the limits" if ok else "SOME CASES FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
