"""A statement's said_on holds the date's bounds (not the offsets of its words), in the report,
the store's columns and the API; migration 0201 repairs stores written before the fix."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from quelle.model import Document
from quelle.pipeline import analyze
from quelle.store.core import open_store
from quelle.store.schema import reports, statements

TEXT = ("Neue Fähre für Aarhus\n\nDie Reederei will im Sommer eine neue Fähre einsetzen. „Wir sind bereit“, "
        "sagte Geschäftsführerin Jana Holm am Dienstag in Aarhus. Die Stadt begrüßte den Plan.\n")  # invented


def _dated(report_dict):
    return [s for s in report_dict["statements"] if s.get("said_on")]


def test_said_on_keeps_the_day_and_puts_offsets_beside_it():
    report = analyze(Document(TEXT.encode(), source_id="f", published=date(2024, 5, 8))).to_dict()
    dated = _dated(report)
    assert dated, report["statements"]
    said = dated[0]["said_on"]
    assert said["value"] == "2024-05-07"
    assert said["start"] == said["end"] == "2024-05-07"
    assert report["source_text"][said["text_start"]:said["text_end"]] == said["text"]


def _ingest(tmp_path: Path, url: str) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"id": "faehre", "text": TEXT, "published": "2024-05-08"}) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "quelle", "ingest", "--db", url, "--no-hooks", str(jsonl)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_store_columns_hold_days(tmp_path: Path, store_url: str):
    _ingest(tmp_path, store_url)
    store = open_store(store_url, create=False)
    try:
        with store.connect() as conn:
            days = conn.execute(select(statements.c.said_on_start, statements.c.said_on_end)
                                .where(statements.c.said_on_start.is_not(None))).all()
        assert days and set(days) == {("2024-05-07", "2024-05-07")}
    finally:
        store.close()


def test_migration_repairs_rows_stored_with_offsets(tmp_path: Path, store_url: str):
    _ingest(tmp_path, store_url)
    store = open_store(store_url, create=False)
    with store.engine.begin() as conn:  # make the rows look like those the old code stored
        body = json.loads(conn.execute(select(reports.c.body)).scalar_one())
        idx, st = next((i, s) for i, s in enumerate(body["statements"]) if s.get("said_on"))
        said = st["said_on"]
        old = {k: v for k, v in said.items() if k not in ("text_start", "text_end")}
        old.update(start=said["text_start"], end=said["text_end"])
        st["said_on"] = old
        conn.execute(reports.update().values(body=json.dumps(body, ensure_ascii=False)))
        conn.execute(statements.update().where(statements.c.idx == idx).values(
            said_on_start=str(old["start"]), said_on_end=str(old["end"]), data=json.dumps(st, ensure_ascii=False)))
        conn.execute(text("UPDATE alembic_version SET version_num = '0102_copy_stories_incremental'"))
    store.close()
    store = open_store(store_url, create=False)  # runs 0201_said_on_dates
    try:
        with store.connect() as conn:
            body = json.loads(conn.execute(select(reports.c.body)).scalar_one())
            row = conn.execute(select(statements.c.said_on_start, statements.c.said_on_end, statements.c.data)
                               .where(statements.c.idx == idx)).one()
        fixed = body["statements"][idx]["said_on"]
        assert (fixed["start"], fixed["end"]) == ("2024-05-07", "2024-05-07")
        assert body["source_text"][fixed["text_start"]:fixed["text_end"]] == fixed["text"]
        assert (row.said_on_start, row.said_on_end) == ("2024-05-07", "2024-05-07")
        assert json.loads(row.data)["said_on"] == fixed
    finally:
        store.close()


def test_bounds_from_value_when_the_words_do_not_resolve():
    from importlib import import_module

    mig = import_module("quelle.store.migrations.versions.0201_said_on_dates")
    fixed = mig.fixed_said_on({"value": "2023-11", "text": "???", "start": 4, "end": 9, "granularity": "month"},
                              None, "de")
    assert (fixed["start"], fixed["end"], fixed["text_start"]) == ("2023-11-01", "2023-11-30", 4)
    assert mig.fixed_said_on({"value": "2023-11-02", "start": "2023-11-02", "end": "2023-11-02"}, None, "de") is None


def test_migration_derives_weeks_weekends_and_parts_itself():
    from importlib import import_module

    mig = import_module("quelle.store.migrations.versions.0201_said_on_dates")
    cases = [
        ({"value": "2024-W19", "granularity": "week", "text": "letzte Woche"}, "de", ("2024-05-06", "2024-05-12")),
        ({"value": "2024-W19-WE", "granularity": "weekend", "text": "am Wochenende"}, "de",
         ("2024-05-11", "2024-05-12")),
        ({"value": "2023-11", "granularity": "period", "text": "Anfang November"}, "de",
         ("2023-11-01", "2023-11-10")),
        ({"value": "2023", "granularity": "period", "text": "the end of 2023"}, "en", ("2023-09-01", "2023-12-31")),
        ({"value": "2024-W19", "granularity": "period", "text": "mid-week"}, "en", ("2024-05-08", "2024-05-09")),
        ({"value": "2023-11", "granularity": "period", "text": "???"}, "de", ("2023-11-01", "2023-11-30")),
        ({"value": "2023-13", "granularity": "month", "text": "x"}, "de", (None, None)),
    ]
    for said_on, language, bounds in cases:
        fixed = mig.fixed_said_on({**said_on, "start": 3, "end": 9}, None, language)
        assert (fixed["start"], fixed["end"]) == bounds, said_on
        assert (fixed["text_start"], fixed["text_end"]) == (3, 9)
