"""Check the report's core promise: every span indexes its base text exactly.

Used by the tests and available to users who post-process reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_SPAN_KEYS = {"start", "end", "text"}


def iter_spans(node: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every dict in a report that has start, end and text, with its JSON path."""
    if isinstance(node, dict):
        if node.keys() >= _SPAN_KEYS and isinstance(node.get("start"), int):
            yield path, node
        for key, value in node.items():
            if key in ("html", "source_text", "text"):
                continue
            yield from iter_spans(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_spans(value, f"{path}[{index}]")


def span_problems(report: dict[str, Any], html_text: str | None = None) -> list[str]:
    """Spans whose text differs from the base they index; an empty list means all hold."""
    problems = []
    base = report["source_text"]
    for path, span in iter_spans(report):
        where = span.get("in", "text")
        if where == "store":
            continue
        text = html_text if where == "html" else base
        if text is None:
            continue
        start, end = span["start"], span["end"]
        if not (0 <= start <= end <= len(text)) or text[start:end] != span["text"]:
            problems.append(f"{path}: [{start}:{end}] is {text[start:end]!r}, span says {span['text']!r}")
    return problems
