"""Rows built for the store: the fast report dict equals the asdict-based one; rows keep every field."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from quelle.model import Document
from quelle.pipeline import analyze_or_error
from quelle.report_json import report_to_dict
from quelle.store.records import build_record
from quelle.utterances import fold

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
SAMPLES = [FIXTURES / "folder" / "de_hafen.txt", FIXTURES / "folder" / "en_bridge.html",
           FIXTURES / "folder" / "sub" / "de_schule.txt"]


def asdict_reference(report) -> dict:
    """The slow, obviously right conversion the fast one must equal."""
    data = asdict(report)
    ordered = {"schema": data.pop("schema")}
    for key in ("source_id", "url", "site", "title", "language", "published"):
        ordered[key] = data.pop(key)
    ordered.update(data)
    if ordered["provenance"]:
        for item in ordered["provenance"]["evidence"]:
            item["in"] = item.pop("in_")
    return ordered


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_fast_report_dict_equals_asdict(path):
    report = analyze_or_error(Document(path.read_bytes(), source_id=str(path)))
    assert report.error is None
    assert report_to_dict(report) == asdict_reference(report)
    assert list(report_to_dict(report)) == list(asdict_reference(report))


def test_seed_report_dict_equals_asdict(seed_bytes):
    report = analyze_or_error(Document(seed_bytes, source_id="seed"))
    assert report_to_dict(report) == asdict_reference(report)


def test_record_rows_mirror_the_report(seed_bytes):
    document = Document(seed_bytes, source_id="seed", url="https://example.org/a")
    report = analyze_or_error(document)
    record = build_record(report, document, "h" * 64, "seed.txt")
    body = json.loads(record.report)
    assert body == json.loads(json.dumps(report_to_dict(report), ensure_ascii=False, default=str))
    assert len(report.statements) == len(record.statements)
    assert record.document["statement_count"] == len(fold(report.statements))
    assert len(record.evidence) == len(report.provenance.evidence)
    for row, statement in zip(record.statements, report.statements, strict=True):
        assert row["text"] == statement.text and json.loads(row["data"])["type"] == statement.type
    origin = report.provenance.origin
    assert record.document["origin_outlet"] == (origin.outlet if origin else None)
    assert record.document["text"] == report.text


def test_csv_cells_that_start_like_a_formula_are_made_inert():
    from quelle.store.export import csv_safe

    row = {"title": "=HYPERLINK(\"http://evil.example\",\"x\")", "site": "+cmd", "url": "@SUM(A1)",
           "language": "de", "confidence": -0.5, "source_id": "-1+1", "published": None}
    safe = csv_safe(row)
    assert safe["title"].startswith("'=") and safe["site"] == "'+cmd" and safe["url"] == "'@SUM(A1)"
    assert safe["source_id"] == "'-1+1"
    assert safe["language"] == "de" and safe["confidence"] == -0.5 and safe["published"] is None
