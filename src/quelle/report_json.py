"""Report <-> JSON: the versioned shape described by schema/report.schema.json."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quelle.model import Report


def _rename_in(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for item in evidence:
        if "in_" in item:
            item["in"] = item.pop("in_")
    return evidence


def report_to_dict(report: Report) -> dict[str, Any]:
    """Plain dict in the published key order; ``schema`` comes first."""
    data = asdict(report)
    ordered: dict[str, Any] = {"schema": data.pop("schema")}
    for key in ("source_id", "url", "site", "title", "language", "published"):
        ordered[key] = data.pop(key)
    ordered.update(data)
    provenance = ordered.get("provenance")
    if provenance:
        _rename_in(provenance["evidence"])
    return ordered


def report_to_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)
