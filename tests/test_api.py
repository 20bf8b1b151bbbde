"""The JSON API and the web pages over a small store built with `quelle ingest`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quelle.api.app import create_app
from quelle.store.core import open_store

HAFEN = (
    "Hafen wird ausgebaut\n\n"
    "Der Hamburger Hafen soll bis 2030 deutlich wachsen. „Wir investieren in die Zukunft“, sagte "
    "Wirtschaftssenatorin Katrin Albers am Montag. Die Reederverbände begrüßten den Plan.\n"
)
BRIDGE = (
    "Council approves new bridge\n\n"
    "The city council approved a new bridge across the river on Tuesday. “This bridge will connect two "
    "neighbourhoods that have been apart for too long,” said Mayor Daniel Reeves.\n"
)


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    folder = tmp_path_factory.mktemp("api")
    jsonl = folder / "articles.jsonl"
    rows = [
        {"id": "hafen-1", "text": HAFEN, "url": "https://www.nord-beispiel.de/hafen", "published": "2024-05-06"},
        {"id": "bridge-1", "text": BRIDGE, "url": "https://river-example.com/bridge", "published": "2024-05-07"},
        {"id": "broken-1", "text": "1234 5678"},
    ]
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = folder / "api.db"
    result = subprocess.run([sys.executable, "-m", "quelle", "ingest", "--db", str(db), str(jsonl)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    store = open_store(str(db), create=False)
    yield TestClient(create_app(store), base_url="http://127.0.0.1")
    store.close()


def test_search_documents_with_boolean_query(client: TestClient):
    answer = client.get("/api/documents", params={"q": "Hafen AND lang:de"}).json()
    assert answer["total"] == 1
    assert answer["results"][0]["source_id"] == "hafen-1"
    none = client.get("/api/documents", params={"q": "Hafen AND NOT lang:de"}).json()
    assert none["total"] == 0


def test_date_filters_and_bad_dates(client: TestClient):
    assert client.get("/api/documents", params={"since": "2024-05-07"}).json()["total"] == 1
    bad = client.get("/api/documents", params={"since": "07.05.2024"})
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.json()["message"]


def test_one_document_and_not_found(client: TestClient):
    found = client.get("/api/documents/bridge-1").json()
    assert found["report"]["schema"] == "quelle.report/1"
    assert found["report"]["title"] == "Council approves new bridge"
    assert client.get("/api/documents/no-such-id").status_code == 404


def test_stats_and_errors(client: TestClient):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 2
    assert {row["value"] for row in stats["by_language"]} == {"de", "en"}
    errors = client.get("/api/errors").json()
    assert [row["source_id"] for row in errors["results"]] == ["broken-1"]


def test_statements_endpoint_answers_with_rows(client: TestClient):
    answer = client.get("/api/statements", params={"limit": 10}).json()
    assert set(answer) >= {"total", "results"}
    for row in answer["results"]:
        assert row["source_id"] in ("hafen-1", "bridge-1")


def test_analyze_endpoint_returns_a_report_without_storing(client: TestClient):
    answer = client.post("/api/analyze", content=HAFEN.encode(), headers={"content-type": "text/plain"},
                         params={"published": "2024-05-06"})
    assert answer.status_code == 200
    report = answer.json()
    assert report["language"] == "de" and report["published"] == "2024-05-06"
    assert client.get("/api/stats").json()["documents"] == 2
    empty = client.post("/api/analyze", content=b"   ", headers={"content-type": "text/plain"})
    assert empty.status_code == 400


def test_pages_render(client: TestClient):
    home = client.get("/", params={"q": "bridge"})
    assert home.status_code == 200 and "Council approves new <mark>bridge</mark>" in home.text
    doc_id = client.get("/api/documents/hafen-1").json()["document"]["id"]
    page = client.get(f"/doc/{doc_id}")
    assert page.status_code == 200 and "Hafen wird ausgebaut" in page.text and "Where it comes from" in page.text
    assert client.get("/doc/999999").status_code == 404
    assert client.get("/", params={"since": "gestern"}).status_code == 400
    assert client.get("/statements").status_code == 200
    assert client.get("/stories").status_code == 200


def test_serve_refuses_a_missing_store(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "quelle", "serve", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 5
    assert result.stderr.startswith("quelle: error: no store at")
