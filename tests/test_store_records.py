"""Rows built for the store: the fast report dict equals report_to_dict; rows keep every field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quelle.model import Document
from quelle.pipeline import analyze_or_error
from quelle.report_json import report_to_dict
from quelle.store.records import build_record, report_dict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
SAMPLES = [FIXTURES / "folder" / "de_hafen.txt", FIXTURES / "folder" / "en_bridge.html",
           FIXTURES / "folder" / "sub" / "de_schule.txt"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_fast_report_dict_equals_report_to_dict(path):
    report = analyze_or_error(Document(path.read_bytes(), source_id=str(path)))
    assert report.error is None
    assert report_dict(report) == report_to_dict(report)
    assert list(report_dict(report)) == list(report_to_dict(report))


def test_seed_report_dict_equals_report_to_dict(seed_bytes):
    report = analyze_or_error(Document(seed_bytes, source_id="seed"))
    assert report_dict(report) == report_to_dict(report)


def test_record_rows_mirror_the_report(seed_bytes):
    document = Document(seed_bytes, source_id="seed", url="https://example.org/a")
    report = analyze_or_error(document)
    record = build_record(report, document, "h" * 64, "seed.txt")
    body = json.loads(record.report)
    assert body == json.loads(json.dumps(report_to_dict(report), ensure_ascii=False, default=str))
    assert record.document["statement_count"] == len(report.statements) == len(record.statements)
    assert len(record.evidence) == len(report.provenance.evidence)
    for row, statement in zip(record.statements, report.statements, strict=True):
        assert row["text"] == statement.text and json.loads(row["data"])["type"] == statement.type
    origin = report.provenance.origin
    assert record.document["origin_outlet"] == (origin.outlet if origin else None)
    assert record.document["text"] == report.text
