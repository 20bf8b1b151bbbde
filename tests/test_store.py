"""The store on both backends: ingest fixtures, the seed and a WARC; idempotency; errors;
search, statements, show, stats, export; hooks. (PostgreSQL runs when QUELLE_TEST_POSTGRES_URL is set.)
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import store_database
from sqlalchemy import func, select
from test_ingest_readers import build_warc

from quelle.ingest.runner import Ingest
from quelle.ingest.sources import collect
from quelle.model import Entity, Evidence, Mention, Span, Speaker, Statement
from quelle.pipeline import analyze_or_error
from quelle.store import hooks, open_store, schema
from quelle.store.export import write_export
from quelle.store.search import Filters, find_document, list_errors, list_statements, search_documents, stats

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "000_94a5e4ef7fbe2b37.txt"


def with_invented_statements(document, with_statements=True):
    """The real analysis plus statements/entities/evidence made up from the text itself.

    The statements engine is another module's job; this analyzer gives the store something
    known to keep, including a field the schema does not know (``novel_field``). The real
    statements pass is skipped so that these tests do not depend on its current state.
    """
    report = analyze_or_error(document, with_statements=False)
    if report.error or "Albers" not in report.source_text:
        return report
    text = report.source_text
    name_at = text.index("Albers")
    open_q = next((i for i, ch in enumerate(text) if ch in "„\""), None)
    close_q = next((i for i in range(open_q + 1, len(text)) if text[i] in "“\""), None) if open_q is not None else None
    quote = Span(open_q + 1, close_q, text[open_q + 1:close_q])
    statement = Statement(
        text=quote.text, spans=[quote], type="Direct", cue=None,
        speaker=Speaker(mention=Mention("Albers", name_at, name_at + 6), name="Henrike Albers", role="Bürgermeisterin",
                        entity=0, kind="person"),
        said_on={"start": "2024-05-14", "end": "2024-05-14", "text": "Tuesday"},
        evidence=[{"kind": "cue_verb", "novel_field": 7}],
    )
    entity = Entity(id=0, kind="person", name="Henrike Albers", mentions=[Mention("Albers", name_at, name_at + 6)],
                    roles=["Bürgermeisterin"])
    evidence = Evidence(supports="origin", kind="marker", text="Albers", start=name_at, end=name_at + 6, weight=0.5,
                        detail="invented for the store test")
    provenance = report.provenance
    if provenance is not None:
        provenance = replace(provenance, evidence=[*provenance.evidence, evidence])
    return replace(report, statements=[statement], entities=[entity], provenance=provenance)


def slow_on_marker(document, with_statements=True):
    """Hangs on a document that asks for it, as an extraction stuck in a loop would."""
    if b"HANG-HERE" in document.content:
        time.sleep(120)
    return with_invented_statements(document, with_statements)


def _inputs(tmp_path: Path, *, seed: bool = True) -> list[str]:
    warc = tmp_path / "crawl.warc.gz"
    build_warc(warc)
    paths = [str(FIXTURES / "folder"), str(FIXTURES / "articles.jsonl"), str(warc), str(FIXTURES / "bad")]
    if seed and SEED.exists():
        paths.append(str(SEED))
    return paths


def _ingest(url: str, paths: list[str], **options):
    options.setdefault("workers", 2)
    options.setdefault("analyzer", "test_store:with_invented_statements")
    with open_store(url) as store:
        return Ingest(store, collect(paths), **options).run()


def _count(url: str, table) -> int:
    with open_store(url) as store, store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def loaded(request, tmp_path_factory):
    """A store holding the fixtures (folder, JSONL, WARC, bad files) and the seed when present.

    Loaded once per backend for the read-only tests of this module.
    """
    directory = tmp_path_factory.mktemp("loaded")
    with store_database(request.param, directory) as url:
        yield url, _ingest(url, _inputs(directory))


def test_ingest_counts_documents_and_errors(loaded):
    url, summary = loaded
    seed = 1 if SEED.exists() else 0
    # folder: 3; JSONL: 3 good (2 bad lines); WARC: 3 HTML responses; bad/: 4 failures; seed
    assert (summary.stored, summary.failed, summary.skipped) == (9 + seed, 6, 0)
    assert _count(url, schema.documents) == 9 + seed
    assert _count(url, schema.reports) == 9 + seed
    assert _count(url, schema.raw_pages) == 9 + seed
    assert _count(url, schema.errors) == 6
    assert _count(url, schema.statements) == 3  # the three invented-statement documents mention Albers
    assert _count(url, schema.entities) == 3


def test_same_input_again_adds_nothing(loaded, tmp_path):
    url, first = loaded
    again = _ingest(url, _inputs(tmp_path))  # the WARC is built again: same records, same keys
    assert (again.stored, again.failed, again.skipped) == (0, 0, first.stored + first.failed)
    assert _count(url, schema.documents) == first.stored
    assert _count(url, schema.errors) == first.failed


def test_identical_text_under_two_source_ids_stays_two_documents(loaded):
    url, _ = loaded
    with open_store(url) as store, store.connect() as conn:
        rows = conn.execute(select(schema.documents.c.source_id, schema.documents.c.content_hash)
                            .where(schema.documents.c.source_id.in_(["wire-001", "wire-002"]))).all()
    assert len(rows) == 2 and rows[0][1] == rows[1][1]


def test_changed_content_under_a_known_source_id_is_a_new_version(store_url, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Der Hafen von Nordhafen bekommt eine neue Fähre nach Dänemark.\n", encoding="utf-8")
    assert _ingest(store_url, [str(path)]).stored == 1
    path.write_text("Der Hafen von Nordhafen bekommt zwei neue Fähren nach Dänemark.\n", encoding="utf-8")
    assert _ingest(store_url, [str(path)]).stored == 1
    with open_store(store_url) as store:
        found = find_document(store, str(path))
    assert "zwei neue Fähren" in found["report"]["text"]


def test_bad_documents_are_error_rows_with_reasons(loaded):
    url, _ = loaded
    with open_store(url) as store:
        result = list_errors(store, limit=100)
    kinds = {Path(r["source_id"]).name.split("#")[0]: r["kind"] for r in result["results"]}
    assert kinds["picture.html"] == "bad_input"
    assert kinds["empty.txt"] == "bad_input"
    assert kinds["broken_utf16.txt"] == "bad_input"
    assert kinds["no_body_text.html"] == "bad_input"
    assert sorted(r["kind"] for r in result["results"] if "articles.jsonl" in r["raw_ref"]) == ["bad_input"] * 2
    assert all(r["message"] and "\n" not in r["message"] for r in result["results"])


def test_hanging_document_and_50_mb_page_become_errors_and_the_run_goes_on(store_url, tmp_path):
    (tmp_path / "a_hang.txt").write_text("Dieser Text HANG-HERE lässt die Analyse hängen.\n", encoding="utf-8")
    (tmp_path / "b_ok.txt").write_text("Die Bürgermeisterin Albers sagte: „Die Fähre kommt.“\n", encoding="utf-8")
    with open(tmp_path / "c_huge.html", "wb") as huge:
        huge.write(b"<html><body><p>" + b"Hafen " * (50 * 1024 * 1024 // 6) + b"</p></body></html>")
    summary = _ingest(store_url, [str(tmp_path)], timeout=10.0, analyzer="test_store:slow_on_marker")
    assert (summary.stored, summary.failed) == (1, 2)
    with open_store(store_url) as store:
        kinds = {Path(r["source_id"]).name: r["kind"] for r in list_errors(store)["results"]}
    assert kinds == {"a_hang.txt": "timeout", "c_huge.html": "too_large"}


def test_search_words_phrases_boolean_prefix_and_fields(loaded):
    url, _ = loaded

    def ids(query: str, **kw) -> set[str]:
        with open_store(url) as store:
            hits = search_documents(store, Filters(query=query, **kw), limit=50)["results"]
        return {Path(h["source_id"]).name if "/" in h["source_id"] and "://" not in h["source_id"]
                else h["source_id"] for h in hits}

    assert ids("Fährverbindung") == {"de_hafen.txt"}
    assert ids("Fährverb*") == {"de_hafen.txt"}
    assert ids('"stone bridge"') == {"en_bridge.html", "https://valley.example/bridge@2024-05-14T08:30:00Z"}
    assert ids("Millbrook NOT detour") == {"https://valley.example/bridge@2024-05-14T08:30:00Z"}
    assert ids("Fährverbindung OR Radweg") == {"de_hafen.txt", "wire-003"}
    assert ids("(Fährverbindung OR Radweg) lang:de site:talblatt.example") == {"wire-003"}
    assert ids("Aarhus", since=None) >= {"wire-001", "wire-002", "de_hafen.txt"}
    from datetime import date

    assert ids("Aarhus", since=date(2024, 5, 15), until=date(2024, 5, 31)) == {"wire-002"}
    assert ids("speaker:Albers") == {"de_hafen.txt", "wire-001", "wire-002"}
    assert ids("speaker:Albers -site:mirror-site.example type:direct") == {"de_hafen.txt", "wire-001"}
    assert ids("zebra") == set()


def test_search_paging(loaded):
    url, _ = loaded
    with open_store(url) as store:
        first = search_documents(store, Filters(query="Aarhus"), limit=2, offset=0)
        second = search_documents(store, Filters(query="Aarhus"), limit=2, offset=2)
    assert first["total"] == second["total"] >= 3
    got = [h["id"] for h in first["results"]] + [h["id"] for h in second["results"]]
    assert len(got) == len(set(got)) == min(4, first["total"])


def test_statements_by_speaker_outlet_and_query(loaded):
    url, _ = loaded
    with open_store(url) as store:
        by_speaker = list_statements(store, Filters(speaker="albers"))
        english = list_statements(store, Filters(speaker="Albers", lang="en"))
        by_text = list_statements(store, Filters(query="Tourismus"))
    assert by_speaker["total"] == 3
    assert {r["speaker_name"] for r in by_speaker["results"]} == {"Henrike Albers"}
    assert english["total"] == 2 and all(r["type"] == "Direct" for r in english["results"])
    assert by_text["total"] == 1 and "Tourismus" in by_text["results"][0]["text"]


def test_show_by_id_and_source_id_keeps_unknown_fields(loaded):
    url, _ = loaded
    with open_store(url) as store:
        by_source = find_document(store, "wire-001")
        by_id = find_document(store, str(by_source["document"]["id"]))
        missing = find_document(store, "no-such-document")
    assert by_id["report"] == by_source["report"]
    report = by_source["report"]
    assert report["schema"] == "quelle.report/1" and report["source_id"] == "wire-001"
    assert report["statements"][0]["evidence"][0]["novel_field"] == 7
    for statement in report["statements"]:
        for span in statement["spans"]:
            assert report["source_text"][span["start"]:span["end"]] == span["text"]
    assert missing is None


def test_evidence_rows_match_the_reports(loaded):
    url, _ = loaded
    with open_store(url) as store, store.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(schema.evidence)).scalar_one()
        bodies = [json.loads(b) for (b,) in conn.execute(select(schema.reports.c.body))]
        invented = conn.execute(select(schema.evidence.c.text, schema.evidence.c.detail)
                                .where(schema.evidence.c.kind == "marker", schema.evidence.c.text == "Albers")).all()
    assert stored == sum(len((b.get("provenance") or {}).get("evidence") or []) for b in bodies)
    assert len(invented) == 3 and invented[0][1] == "invented for the store test"


def test_stats_by_site_language_and_month(loaded):
    url, _ = loaded
    with open_store(url) as store:
        result = stats(store, Filters())
    seed = 1 if SEED.exists() else 0
    assert result["documents"] == 9 + seed and result["errors"] == 6 and result["statements"] == 3
    by_site = {r["value"]: r["documents"] for r in result["by_site"]}
    assert by_site["valley.example"] == 1 and by_site["harbour-news.example"] == 2
    by_lang = {r["value"]: r["documents"] for r in result["by_language"]}
    assert by_lang["de"] >= 3 and by_lang["en"] >= 4
    by_month = {r["value"]: r["documents"] for r in result["by_month"]}
    assert by_month["2024-05"] == 2 and by_month["2024-06"] == 1
    assert sum(r["documents"] for r in result["by_outlet"]) == result["documents"]


def test_export_jsonl_csv_parquet_with_filters_and_errors(loaded, tmp_path, capsys):
    url, _ = loaded
    import pyarrow.parquet as pq

    with open_store(url) as store:
        counts = write_export(store, Filters(), "jsonl", str(tmp_path / "all.jsonl"))
        lines = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
        assert counts["documents"] == len(lines) == _count(url, schema.documents)
        assert all(line["schema"] == "quelle.report/1" and "source_id" in line and "site" in line for line in lines)
        assert list(lines[0])[:4] == ["schema", "source_id", "url", "site"]

        counts = write_export(store, Filters(lang="de"), "csv", str(tmp_path / "de.csv"), with_errors=True)
        rows = list(csv.DictReader(io.StringIO((tmp_path / "de.csv").read_text(encoding="utf-8"))))
        assert counts["errors"] == 6
        assert {r["language"] for r in rows if not r["error_kind"]} == {"de"}
        assert {"source_id", "url", "site", "title", "language", "published", "origin_outlet", "confidence",
                "republished", "translated_from", "statement_count"} <= set(rows[0])

        write_export(store, Filters(query="speaker:Albers"), "parquet", str(tmp_path / "albers.parquet"), batch=1)
        table = pq.read_table(tmp_path / "albers.parquet")
        assert table.num_rows == 3 and set(table.column("statement_count").to_pylist()) == {1}


def test_post_store_hooks_get_the_new_ids(store_url, tmp_path):
    calls: list[list[int]] = []

    def hook(store, ids):
        calls.append(list(ids))

    hooks.register(hook)
    try:
        summary = _ingest(store_url, [str(FIXTURES / "folder")], batch_size=2)
        again = _ingest(store_url, [str(FIXTURES / "folder")], batch_size=2)
    finally:
        hooks.unregister(hook)
    assert summary.stored == 3 and again.stored == 0
    assert sorted(i for ids in calls for i in ids) == sorted(set(i for ids in calls for i in ids))
    assert len([i for ids in calls for i in ids]) == 3


def test_sqlite_store_uses_wal(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    with open_store(url) as store, store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"


def test_recorded_failures_are_skipped_unless_retried(store_url, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Die Fähre HANG-HERE nach Aarhus fährt ab Mai dreimal pro Woche.\n", encoding="utf-8")
    first = _ingest(store_url, [str(path)], timeout=1.0, analyzer="test_store:slow_on_marker")
    assert (first.stored, first.failed) == (0, 1)
    again = _ingest(store_url, [str(path)], timeout=1.0, analyzer="test_store:slow_on_marker")
    assert (again.stored, again.failed, again.skipped) == (0, 0, 1)
    retried = _ingest(store_url, [str(path)], retry_errors=True)  # the "bug" is fixed: the real analysis
    assert (retried.stored, retried.failed) == (1, 0)
    assert _count(store_url, schema.errors) == 0 and _count(store_url, schema.documents) == 1


def slow_on_first(document, with_statements=True):
    """The first document takes longest, so the other worker finishes later ones first."""
    if b"Nummer 00" in document.content:
        time.sleep(1.0)
    return with_invented_statements(document, with_statements)


def test_documents_are_stored_in_input_order_whatever_the_workers_timing(store_url, tmp_path):
    folder = tmp_path / "ordered"
    folder.mkdir()
    count = 70  # more than one worker's queue (64), so the second worker gets the last ones
    for number in range(count):
        (folder / f"{number:02d}.txt").write_text(
            f"Meldung Nummer {number:02d}\n\nDer Hafen meldet Nummer {number:02d} der Woche.\n", encoding="utf-8")
    summary = _ingest(store_url, [str(folder)], analyzer="test_store:slow_on_first", timeout=30.0)
    assert summary.stored == count
    with open_store(store_url) as store, store.connect() as conn:
        rows = conn.execute(select(schema.documents.c.source_id).order_by(schema.documents.c.id)).scalars().all()
    assert [Path(row).name for row in rows] == [f"{number:02d}.txt" for number in range(count)]
