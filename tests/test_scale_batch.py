"""quelle batch (Daft, local and Ray runners) gives what quelle ingest gives on the same input; load, rerun."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from scale_corpus import dump_store, write_corpus

pytest.importorskip("daft", reason="the scale extra is not installed (pip install -e '.[scale]')")

QUELLE = [sys.executable, "-m", "quelle"]
ENV = {**os.environ, "DAFT_ANALYTICS_ENABLED": "0", "RAY_USAGE_STATS_ENABLED": "0", "DO_NOT_TRACK": "1"}


# the copy stage in buckets of at most 200 documents or 400 candidate pairs and of 400 keys' documents: several
# of each on this corpus
BUCKETS = {"QUELLE_BATCH_BUCKET_DOCS": "200", "QUELLE_BATCH_BUCKET_PAIRS": "400", "QUELLE_BATCH_KEY_BUCKET_DOCS": "400"}


def _run(args: list[str], cwd: Path, timeout: float = 400, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(QUELLE + args, cwd=cwd, env={**ENV, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The inputs and the store `quelle ingest` makes of them (the reference)."""
    root = tmp_path_factory.mktemp("scale")
    paths, records = write_corpus(root)
    _run(["ingest", *paths, "--db", str(root / "ingest.db"), "--workers", "2", "-q"], root)
    return root, paths, records, dump_store(root / "ingest.db")


def _table(folder: Path, name: str) -> list[dict]:
    return [row for f in sorted((folder / name).glob("*.parquet")) for row in pq.read_table(f).to_pylist()]


def _assert_equal(reference: dict, got: dict) -> None:
    """Every table of the store, copy links, stories and the provenance inherited through them included."""
    assert [r[0] for r in got["documents"]] == [r[0] for r in reference["documents"]]
    for table, rows in reference.items():
        assert got[table] == rows, f"{table} differs from ingest"


def _assert_parquet_matches(folder: Path, reference: dict) -> None:
    """The copy stage's own tables (before loading) hold ingest's links and stories, by source id."""
    links = {(r["a_source_id"], r["b_source_id"], r["relation"], r["score"], r["contained"], r["evidence"])
             for r in _table(folder, "links")}
    members = {(r["source_id"], r["story"], r["relation"], r["via"]) for r in _table(folder, "stories")}
    assert links == set(reference["copy_links"])
    assert members == {(d, s, r, v) for d, s, r, v, _ in reference["story_members"]}


@pytest.fixture(scope="module")
def local_batch(corpus):
    """`quelle batch` on the local runner, loaded into SQLite at the end (--db)."""
    root, paths, _records, _reference = corpus
    out, db = root / "batch-local", root / "batch-local.db"
    done = _run(["batch", *paths, "--out", str(out), "--db", str(db), "--workers", "2", "--json"], root,
                env=BUCKETS)
    return out, db, json.loads(done.stdout)


def test_local_batch_equals_ingest(corpus, local_batch):
    root, paths, records, reference = corpus
    out, db, summary = local_batch
    assert summary["documents"] + summary["errors"] == records
    assert len(reference["documents"]) > 1000 and len(reference["copy_links"]) > 500
    assert reference["copy_inherited"] and any(r[2] == "translation" for r in reference["copy_links"])
    # ingest's same-language rules are all at work: narration outside quotations, and partial copies
    assert any("overlapping parts" in r[5] for r in reference["copy_links"])
    docs = _table(out, "documents")
    assert {d["source_id"] for d in docs if d["state_controlled"]}  # flattened main fields
    before = dump_store(db)
    again = _run(["load", str(out), "--db", str(db), "--json"], root)  # loading again adds nothing
    assert json.loads(again.stdout)["added"] == 0 and dump_store(db) == before
    _assert_equal(reference, before)
    _assert_parquet_matches(out, reference)
    # the links were scored bucket by bucket (one part each) and are in ingest's order across the parts
    assert len(list((out / "links").glob("*.parquet"))) >= 5
    order = [(r["a_pos"], r["order"], r["b_pos"]) for r in _table(out, "links")]
    assert order == sorted(order)


RAY_SCRIPT = """
import sys
from quelle.scale.batch import run_batch
if __name__ == "__main__":
    s = run_batch(sys.argv[3:], sys.argv[1], engine="ray", workers=2, num_cpus=2,
                  object_store_bytes=200 * 1024 * 1024, db=sys.argv[2])
    print(s.line())
"""


def test_ray_batch_equals_ingest(corpus):
    """The Ray runner on a local Ray (2 CPUs, a 200 MB object store) gives the same tables."""
    pytest.importorskip("ray", reason="the scale extra is not installed (pip install -e '.[scale]')")
    root, paths, _records, reference = corpus
    out, db = root / "batch-ray", root / "batch-ray.db"
    script = root / "ray_batch.py"
    script.write_text(RAY_SCRIPT)
    env = {**ENV, "QUELLE_BATCH_BUCKET_DOCS": "500", "QUELLE_BATCH_KEY_BUCKET_DOCS": "500"}
    done = subprocess.run([sys.executable, str(script), str(out), str(db), *paths], cwd=root, env=env,
                          capture_output=True, text=True, timeout=500)
    assert done.returncode == 0, done.stderr[-3000:]
    _assert_equal(reference, dump_store(db))
    _assert_parquet_matches(out, reference)


def test_killed_batch_rerun_has_every_document_once(tmp_path):
    """SIGKILL after the first finished shard; the rerun skips finished shards and does the rest once."""
    names = []
    for shard in range(8):
        path = tmp_path / f"part-{shard}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for n in range(60):
                out.write(json.dumps({"id": f"s{shard}-{n}", "text": f"Meldung {shard}-{n}. " + "Der Rat tagte am "
                                      f"Montag in Bonn und sprach über Punkt {n} der Liste {shard}. " * 5}) + "\n")
            out.write("not json\n")
        names.append(str(path))
    out_dir = tmp_path / "out"
    args = QUELLE + ["batch", *names, "--out", str(out_dir), "--workers", "1"]
    process = subprocess.Popen(args, cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list((out_dir / "_done").glob("*.json")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list((out_dir / "_done").glob("*.json")))
    assert 1 <= finished < 8, "the kill should land between shards"
    done = _run(["batch", *names, "--out", str(out_dir), "--workers", "2", "--json"], tmp_path)
    summary = json.loads(done.stdout)
    assert summary["shards_skipped"] == finished
    ids = [d["source_id"] for d in _table(out_dir, "documents")]
    assert len(ids) == len(set(ids)) == 8 * 60
    errors = [e["source_id"] for e in _table(out_dir, "errors")]
    assert len(errors) == len(set(errors)) == 8
    assert not list(out_dir.rglob("*.tmp"))


def test_without_the_extra_one_line_names_it(tmp_path):
    code = ("import sys; sys.modules['daft'] = None; from quelle.cli import main; "
            "sys.argv = ['quelle', 'batch', 'x.jsonl', '--out', 'o']; main()")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=ENV, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and ".[scale]" in lines[0]


@pytest.mark.postgres
def test_load_into_postgresql_is_complete_and_idempotent(corpus, local_batch, tmp_path):
    """COPY path of the store on PostgreSQL: the same rows as ingest's store, and a second load adds none."""
    from conftest import store_database
    from sqlalchemy import create_engine, text

    root, _paths, _records, reference = corpus
    out, _db, _summary = local_batch
    with store_database("postgresql", tmp_path) as url:
        first = json.loads(_run(["load", str(out), "--db", url, "--json"], root).stdout)
        again = json.loads(_run(["load", str(out), "--db", url, "--json"], root).stdout)
        engine = create_engine(url)
        with engine.connect() as conn:
            def count(table: str) -> int:
                return conn.execute(text(f"select count(*) from {table}")).scalar_one()

            for table in ("documents", "reports", "raw_pages", "statements", "entities", "errors"):
                assert count(table) == len(reference[table]), table
            links = set(conn.execute(text(
                "select a.source_id, b.source_id, l.relation, l.score, l.contained, l.evidence from copy_links l "
                "join documents a on a.id = l.a_id join documents b on b.id = l.b_id")).all())
            statements = sorted(conn.execute(text(
                "select d.source_id, s.idx, s.data from statements s join documents d on d.id = s.document_id")).all())
        engine.dispose()
    assert first["added"] == len(reference["documents"]) + len(reference["errors"]) and again["added"] == 0
    assert [tuple(r) for r in statements] == reference["statements"]
    assert links == set(reference["copy_links"])
