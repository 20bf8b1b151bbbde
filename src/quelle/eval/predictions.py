"""Run the extractor on a gold document and write its statements in the dataset's JSON shape.

Predictions carry only the dataset's ``type`` and ``medium`` labels (anything else becomes null),
so the scorer and the published script read them unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from quelle.eval.quotes import MEDIA, PARTS, TYPES
from quelle.eval.tokens import OffsetMap, TokenIndex, token_spans
from quelle.model import Document, Report, Statement

_DATE_IN_NAME = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)\s*$")
_MEDIUM_BY_LOWER = {m.lower(): m for m in MEDIA}
_TYPE_BY_LOWER = {t.lower(): t for t in TYPES}


def published_from_name(name: str) -> date | None:
    """The date at the end of a documentName, "ID - Title (YYYY-MM-DD)"."""
    match = _DATE_IN_NAME.search(name or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def document_for(gold: Mapping[str, Any]) -> Document:
    """The input quelle sees for a gold document: its originalText as plain UTF-8 text."""
    return Document(
        content=gold["originalText"].encode("utf-8"),
        source_id=gold["documentName"],
        published=published_from_name(gold["documentName"]),
        media_type="text",
    )


def dataset_label(value: str | None, labels: Mapping[str, str]) -> str | None:
    if not value:
        return None
    return labels.get(str(value).lower())


def _part(ranges: list[tuple[int, int]], index: TokenIndex, offsets: OffsetMap,
          by_id: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    ids = index.ids_for(offsets.span(s, e) for s, e in ranges)
    return {
        "text": " ".join(by_id[i]["text"] for i in ids),
        "tokenIds": ids,
        "spans": token_spans(ids, by_id),
    }


def statement_ranges(statement: Statement) -> dict[str, list[tuple[int, int]]]:
    """The character ranges of each scored part of a statement."""
    speaker = statement.speaker.mention if statement.speaker else None
    return {
        "quote": [(s.start, s.end) for s in statement.spans],
        "speaker": [(speaker.start, speaker.end)] if speaker else [],
        # a split cue ("teilte … mit") lists its words in cue_parts; ``cue`` alone may be its first word only
        "cue": ([(p.start, p.end) for p in statement.cue_parts] if statement.cue_parts
                else [(statement.cue.start, statement.cue.end)] if statement.cue else []),
        "frame": [(s.start, s.end) for s in statement.frame],
        "addressee": [(statement.addressee.start, statement.addressee.end)] if statement.addressee else [],
    }


def annotations_for(report: Report, gold: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The report's statements as dataset annotations over the gold document's tokens."""
    tokens = gold.get("tokens") or []
    index = TokenIndex(tokens)
    by_id = {t["id"]: t for t in tokens}
    offsets = OffsetMap(report.source_text, gold["originalText"])
    out = []
    for number, statement in enumerate(report.statements):
        ranges = statement_ranges(statement)
        annotation: dict[str, Any] = {"id": number}
        for part in PARTS:
            annotation[part] = _part(ranges[part], index, offsets, by_id)
        annotation["type"] = dataset_label(statement.type, _TYPE_BY_LOWER)
        annotation["medium"] = dataset_label(statement.medium, _MEDIUM_BY_LOWER)
        annotation["speakerName"] = statement.speaker.name if statement.speaker else None
        annotation["rule"] = next((e.get("detail") for e in statement.evidence if e.get("kind") == "rule"), None)
        out.append(annotation)
    return out


def predict(gold: Mapping[str, Any], run: Callable[[Document], Report] | None = None) -> dict[str, Any]:
    """One prediction document; a failure is recorded in ``error`` with no annotations."""
    if run is None:
        from quelle.pipeline import analyze_or_error as run
    name = gold.get("documentName", "")
    try:
        report = run(document_for(gold))
        if report.error:
            return {"documentName": name, "annotations": [], "error": dict(report.error)}
        out: dict[str, Any] = {"documentName": name, "annotations": annotations_for(report, gold)}
        if report.source_text != gold["originalText"]:
            out["sourceTextDiffers"] = True  # offsets were carried across by alignment
        return out
    except Exception as err:  # noqa: BLE001 - one bad document must not stop an evaluation run
        return {"documentName": name, "annotations": [], "error": {"kind": "internal",
                                                                    "message": f"{type(err).__name__}: {err}"}}
