"""The store commands as a user runs them: exit codes, stdout only results, one-line errors.

Loads the seed, the fixtures and a WARC with the real `quelle ingest`, on both backends.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_ingest_readers import build_warc

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "000_94a5e4ef7fbe2b37.txt"
CLI = [sys.executable, "-c", "from quelle.cli import main; main()"]


def quelle(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, input=stdin, timeout=300)


def _one_line_error(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("quelle: error: ")
    assert result.stdout == ""


def test_commands_end_to_end(store_url, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    build_warc(warc)
    listing = f"{FIXTURES / 'articles.jsonl'}\n{warc}\n" + (f"{SEED}\n" if SEED.exists() else "")
    done = quelle("ingest", str(FIXTURES / "folder"), str(FIXTURES / "bad"), "-", "--db", store_url,
                  "--workers", "2", stdin=listing)
    assert done.returncode == 0, done.stderr
    stored = 9 + (1 if SEED.exists() else 0)
    assert done.stdout.startswith(f"ingest: {stored} stored, 0 skipped (already stored), 6 failed")
    assert len(done.stdout.splitlines()) == 1  # only the summary on stdout
    assert "quelle errors" in done.stderr

    again = quelle("ingest", str(FIXTURES / "folder"), "--db", store_url, "--json", "-q")
    assert again.returncode == 0 and json.loads(again.stdout)["skipped"] == 3

    found = json.loads(quelle("search", "Aarhus OR Millbrook", "--db", store_url, "--json", "--limit", "2").stdout)
    assert found["total"] >= 5 and len(found["results"]) == 2
    page2 = json.loads(quelle("search", "Aarhus OR Millbrook", "--db", store_url, "--json", "--limit", "2",
                              "--page", "2").stdout)
    assert not {h["id"] for h in found["results"]} & {h["id"] for h in page2["results"]}
    dated = json.loads(quelle("search", "Aarhus", "--since", "2024-05-15", "--until", "2024-05-31", "--db",
                              store_url, "--json").stdout)
    assert [h["source_id"] for h in dated["results"]] == ["wire-002"]
    table = quelle("search", '"stone bridge"', "--db", store_url)
    assert table.returncode == 0 and "bridge" in table.stdout

    shown = json.loads(quelle("show", "wire-003", "--db", store_url, "--json").stdout)
    assert shown["source_id"] == "wire-003" and shown["site"] == "talblatt.example"
    assert shown["store"]["raw_ref"].endswith("articles.jsonl#L5")
    assert quelle("show", str(shown["store"]["id"]), "--db", store_url).returncode == 0
    if SEED.exists():
        seed = json.loads(quelle("show", str(SEED), "--db", store_url, "--json").stdout)
        assert seed["language"] == "de" and seed["text"]

    stats = json.loads(quelle("stats", "--db", store_url, "--json").stdout)
    assert stats["documents"] == stored and stats["errors"] == 6
    assert quelle("stats", "--db", store_url).returncode == 0

    statements = quelle("statements", "--db", store_url, "--json", "--lang", "en")
    assert statements.returncode == 0
    assert all(row["document_id"] for row in json.loads(statements.stdout)["results"])

    errors = json.loads(quelle("errors", "--db", store_url, "--json").stdout)
    assert errors["total"] == 6 and {e["kind"] for e in errors["results"]} == {"bad_input"}

    jsonl = quelle("export", "--db", store_url, "--format", "jsonl", "--errors")
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(lines) == stored + 6 and sum(1 for line in lines if line.get("error")) == 6
    csv_out = quelle("export", "--db", store_url, "--format", "csv", "--site", "harbour-news.example")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    assert [r["source_id"] for r in rows] == ["wire-001", "https://harbour-news.example/ferry@2024-05-14T08:30:00Z"]
    parquet = tmp_path / "all.parquet"
    assert quelle("export", "--db", store_url, "-f", "parquet", "-o", str(parquet)).returncode == 0
    import pyarrow.parquet as pq

    assert pq.read_table(parquet).num_rows == stored


def test_no_input_is_a_one_line_error(tmp_path):
    result = quelle("ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 3
    _one_line_error(result)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = quelle("ingest", str(empty), "--db", str(tmp_path / "s.db"))
    assert result.returncode == 3
    _one_line_error(result)


@pytest.mark.parametrize("command", [["ingest", str(FIXTURES / "folder")], ["search", "Hafen"], ["stats"],
                                     ["errors"], ["export"]])
def test_unusable_database_is_a_one_line_error(tmp_path, command):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are notes, not a database\n" * 50, encoding="utf-8")
    result = quelle(*command, "--db", str(not_a_db))
    assert result.returncode == 5
    _one_line_error(result)


def test_missing_store_and_unknown_document(tmp_path):
    result = quelle("search", "Hafen", "--db", str(tmp_path / "nothing.db"))
    assert result.returncode == 5
    _one_line_error(result)
    assert not (tmp_path / "nothing.db").exists()
    quelle("ingest", str(FIXTURES / "folder" / "de_hafen.txt"), "--db", str(tmp_path / "s.db"), "-q")
    result = quelle("show", "no-such-id", "--db", str(tmp_path / "s.db"))
    assert result.returncode == 4
    _one_line_error(result)
    result = quelle("search", '"unclosed', "--db", str(tmp_path / "s.db"))
    assert result.returncode == 4
    _one_line_error(result)


def test_unreachable_postgresql_is_a_one_line_error():
    result = quelle("stats", "--db", "postgresql://nobody@127.0.0.1:9/none")
    assert result.returncode == 5
    _one_line_error(result)
