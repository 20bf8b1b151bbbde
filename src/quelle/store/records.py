"""Report -> table rows, computed in the worker process so the writer only inserts.

Rows are built from the report's JSON dict, not from its dataclasses, and each evidence item,
statement and entity keeps its whole JSON in ``data``: fields that analyzers add later are
stored without a schema change, and a missing field is simply NULL.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from quelle.model import Document, Report
from quelle.report_json import report_to_dict
from quelle.storable import storable, storable_key, storable_row
from quelle.translit import name_keys
from quelle.utterances import fold


@dataclass(slots=True)
class Record:
    """Everything the writer inserts for one analysed document."""

    document: dict[str, Any]
    report: str  # JSON text
    schema: str
    raw: bytes | None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ErrorRecord:
    """One document that could not be read or analysed."""

    source_id: str
    content_hash: str
    kind: str
    message: str
    url: str | None = None
    site: str | None = None
    raw_ref: str | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        # made storable here, where every error row is born (readers, workers, the writer)
        self.source_id = storable_key(self.source_id)
        for name in ("url", "site", "raw_ref", "message", "detail"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, storable(value))


def _day(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _translated_from(translated: Any) -> str | None:
    if isinstance(translated, dict):
        for key in ("from", "source_language", "language", "original_language"):
            if translated.get(key):
                return str(translated[key])[:16]
        return None
    return str(translated)[:16] if translated else None


def _evidence_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for idx, item in enumerate(items):
        rows.append({
            "idx": idx,
            "supports": _str(item.get("supports")),
            "kind": _str(item.get("kind")),
            "text": _str(item.get("text")),
            "start": item.get("start"),
            "end": item.get("end"),
            "weight": item.get("weight"),
            "in_source": item.get("in") or item.get("in_"),
            "outlet": _str(item.get("outlet")),
            "edition": _str(item.get("edition")),
            "language": _str(item.get("language")),
            "detail": _str(item.get("detail")),
            "data": json.dumps(item, ensure_ascii=False),
        })
    return rows


def _statement_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    inside = {j: idx for idx, children in fold(items) for j in children}
    for idx, item in enumerate(items):
        spans = item.get("spans") or []
        speaker = item.get("speaker") or {}
        cue = item.get("cue") or {}
        said_on = item.get("said_on") or {}
        mention = speaker.get("mention") or {}
        rows.append({
            "idx": idx,
            "type": _str(item.get("type")),
            "text": _str(item.get("text")),
            "start": spans[0].get("start") if spans else None,
            "end": spans[-1].get("end") if spans else None,
            "cue": _str(cue.get("text")) if isinstance(cue, dict) else _str(cue),
            "speaker_name": _str(speaker.get("name") or mention.get("text")),
            "speaker_role": _str(speaker.get("role")),
            "speaker_kind": _str(speaker.get("kind")),
            "speaker_entity": speaker.get("entity") if isinstance(speaker.get("entity"), int) else None,
            "said_on_start": _str(said_on.get("start"))[:10] if said_on.get("start") else None,
            "said_on_end": _str(said_on.get("end"))[:10] if said_on.get("end") else None,
            "data": json.dumps(item, ensure_ascii=False),
            "parent_idx": inside.get(idx),
        })
    return rows


def _entity_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "idx": item.get("id", idx) if isinstance(item.get("id", idx), int) else idx,
            "kind": _str(item.get("kind")),
            "name": _str(item.get("name")),
            "roles": json.dumps(item.get("roles") or [], ensure_ascii=False),
            "mention_count": len(item.get("mentions") or []),
            "data": json.dumps(item, ensure_ascii=False),
        }
        for idx, item in enumerate(items)
    ]


def build_record(report: Report, document: Document, content_hash: str, raw_ref: str | None,
                 keep_raw: bool = True) -> Record:
    """The rows for one successful report (``report.error`` is None)."""
    data = report_to_dict(report)
    data["source_id"] = document.source_id
    prov = data.get("provenance") or {}
    origin = prov.get("origin") or {}
    statements = data.get("statements") or []
    entities = data.get("entities") or []
    row = {
        "source_id": document.source_id,
        "content_hash": content_hash,
        "url": data.get("url"),
        "site": data.get("site"),
        "title": data.get("title"),
        "language": data.get("language"),
        "published": _day(data.get("published")),
        "fetched": document.fetched,
        "media_type": data.get("media_type"),
        "encoding": data.get("encoding"),
        "origin_outlet": origin.get("outlet"),
        "origin_edition": origin.get("edition"),
        "confidence": prov.get("confidence"),
        "confidence_label": prov.get("confidence_label"),
        "republished": prov.get("republished"),
        "translated_from": _translated_from(prov.get("translated")),
        # what every list shows: one row per utterance, its quoted fragments folded in
        "statement_count": len(fold(statements)),
        "entity_count": len(entities),
        "size": len(document.content),
        "raw_ref": raw_ref,
        "text": data.get("text") or "",
    }
    # every string made storable (lone surrogates, NULs, over-long keys): one odd field must not
    # fail the batch; readers already repaired the given fields and the report lists those repairs
    row["source_id"] = storable_key(row["source_id"] or "")
    storable_row(row)
    evidence, statement_rows, entity_rows = (_evidence_rows(prov.get("evidence") or []),
                                             _statement_rows(statements), _entity_rows(entities))
    for child in (*evidence, *statement_rows, *entity_rows):
        storable_row(child)
    for statement in statement_rows:  # from the stored name, as the batch loader and the back-fill read it
        statement["speaker_key"], statement["speaker_key_de"] = name_keys(statement["speaker_name"])
    return Record(
        document=row,
        report=storable(json.dumps(data, ensure_ascii=False, default=str)),
        schema=str(data.get("schema")),
        raw=zlib.compress(document.content, 1) if keep_raw else None,
        evidence=evidence,
        statements=statement_rows,
        entities=entity_rows,
    )


def error_record(report: Report, document: Document, content_hash: str, raw_ref: str | None) -> ErrorRecord:
    error = report.error or {}
    return ErrorRecord(
        source_id=document.source_id or "",
        content_hash=content_hash,
        kind=str(error.get("kind", "internal")),
        message=str(error.get("message", "unknown error")),
        url=document.url,
        site=report.site,
        raw_ref=raw_ref,
        detail=error.get("traceback"),
    )
