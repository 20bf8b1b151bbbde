"""One row per utterance: what the CLI, the pages and the statement lists show (issue 12).

The report keeps the nested form the German dataset annotates: "Er sagte, die Reform sei „ein
Schritt …“" is an outer statement whose ``quoted_parts`` list the quoted fragment, and the
fragment is also a Direct statement whose ``parent`` is the outer one's index. People read that
as one utterance, so every surface folds the fragments into their outer statement. Works on the
report's dicts (stored, so possibly malformed) and on ``quelle.model.Statement`` alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def parent_of(statement: Any) -> int | None:
    """The statement's ``parent`` when it is a plain integer (stored JSON may hold anything)."""
    value = _get(statement, "parent")
    return value if type(value) is int else None


def fold(statements: Sequence[Any]) -> list[tuple[int, list[int]]]:
    """``(index of an utterance, indices of the statements that are its quoted fragments)``, in
    report order. A ``parent`` that points nowhere, at itself or at another fragment leaves the
    statement a row of its own: nothing is hidden that has no row to be shown in."""
    parents = [parent_of(st) for st in statements]
    size = len(parents)

    def inside(i: int) -> bool:
        p = parents[i]
        return p is not None and 0 <= p < size and p != i and parents[p] is None

    children: dict[int, list[int]] = {}
    for i in range(size):
        if inside(i):
            children.setdefault(parents[i], []).append(i)  # type: ignore[arg-type]
    return [(i, children.get(i, [])) for i in range(size) if not inside(i)]


def _span(item: Any) -> dict[str, Any] | None:
    text = _get(item, "text")
    if not isinstance(text, str) or not text.strip():
        return None
    start, end = _get(item, "start"), _get(item, "end")
    return {"start": start if type(start) is int else None, "end": end if type(end) is int else None,
            "text": text}


def quoted_fragments(statement: Any, children: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """The quoted words inside an utterance as spans ``{"start", "end", "text"}``: its
    ``quoted_parts``, then the first span of any fragment statement they do not already name."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any, str]] = set()
    parts = _get(statement, "quoted_parts")
    candidates = list(parts) if isinstance(parts, list) else []
    for child in children:
        spans = _get(child, "spans")
        if isinstance(spans, list) and spans:
            candidates.append(spans[0])
    for item in candidates:
        span = _span(item)
        if span is None:
            continue
        key = (span["start"], span["end"], span["text"])
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out


def utterances(statements: Sequence[Any]) -> list[dict[str, Any]]:
    """For each utterance: ``index`` (into ``statements``), ``statement``, ``fragments`` (the
    indices of its fragment statements) and ``quoted`` (the spans of its quoted words)."""
    rows = []
    for index, children in fold(statements):
        statement = statements[index]
        rows.append({"index": index, "statement": statement, "fragments": children,
                     "quoted": quoted_fragments(statement, [statements[j] for j in children])})
    return rows
