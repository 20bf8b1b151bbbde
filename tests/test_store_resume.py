"""kill -9 in the middle of an ingest, then the same command again: no loss, no duplicates.

Runs the real command in a subprocess on both backends, reading the store while the ingest
writes (SQLite WAL: readers are never locked out).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, func, select

from quelle.store import open_store, schema
from quelle.store.url import resolve_url

N_DOCS = 300
CLI = [sys.executable, "-c", "from quelle.cli import main; main()"]


def _write_inputs(tmp_path) -> str:
    path = tmp_path / "many.jsonl"
    towns = ["Nordhafen", "Lindental", "Millbrook", "Aarhus", "Talstadt", "Bergheim"]
    with open(path, "w", encoding="utf-8") as out:
        for n in range(N_DOCS):
            town = towns[n % len(towns)]
            text = (f"Meldung {n}: In {town} hat der Rat am Montag über Vorlage {n * 7} beraten. "
                    f"Die Sitzung dauerte {n % 50 + 10} Minuten.")
            out.write(json.dumps({"id": f"doc-{n:04d}", "text": text, "site": f"{town.lower()}.example"}) + "\n")
    return str(path)


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()


def test_kill_9_mid_ingest_then_resume(store_url, tmp_path):
    inputs = _write_inputs(tmp_path)
    open_store(store_url).close()  # create the schema, so that we can poll from the start
    engine = create_engine(resolve_url(store_url))
    command = [*CLI, "ingest", inputs, "--db", store_url, "--workers", "2", "--batch-size", "5", "-q", "--json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    at_kill = 0
    polls = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            at_kill = _count(engine)  # reading while the ingest writes
            polls += 1
            if at_kill >= 40:
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        process.wait(timeout=60)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    assert 0 < at_kill < N_DOCS and polls > 1
    partial = _count(engine)
    assert partial < N_DOCS

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["failed"] == 0
    assert summary["skipped"] == partial and summary["stored"] == N_DOCS - partial

    with engine.connect() as conn:
        documents = conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(schema.documents.c.source_id)))).scalar_one()
        reports = conn.execute(select(func.count()).select_from(schema.reports)).scalar_one()
        orphans = conn.execute(select(func.count()).select_from(schema.reports).where(
            ~schema.reports.c.document_id.in_(select(schema.documents.c.id)))).scalar_one()
    engine.dispose()
    assert documents == distinct == reports == N_DOCS
    assert orphans == 0

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and json.loads(again.stdout)["stored"] == 0


def test_workers_do_not_outlive_a_killed_ingest(tmp_path):
    """Workers notice their parent is gone and exit (no orphans eating the CPU)."""
    inputs = _write_inputs(tmp_path)
    db = tmp_path / "orphans.db"
    process = subprocess.Popen([*CLI, "ingest", inputs, "--db", str(db), "--workers", "2", "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    children = _descendants(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
                frontier.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
