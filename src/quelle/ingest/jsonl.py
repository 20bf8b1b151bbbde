"""JSON Lines input: one article per line (``text`` or ``html``; optional ``id``, ``url``,
``title``, ``published``, ``site``, ``fetched``). Plain or gzip-compressed.

A bad line (not JSON, no text) becomes a failure and the file goes on; a truncated gzip
stream ends the file with one failure.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any

from quelle.ingest.items import Item, failed, too_large
from quelle.model import Document


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _opt(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _item(record: Any, path: str, lineno: int) -> Item:
    ref = f"{path}#L{lineno}"
    if not isinstance(record, dict):
        return failed(ref, ref, "bad_input", f"line {lineno} is not a JSON object")
    source_id = _opt(record.get("id")) or ref
    url = _opt(record.get("url"))
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        content, media_type = html, "html"
    elif isinstance(text, str) and text.strip():
        content, media_type = text, "text"
    else:
        return failed(source_id, ref, "bad_input", f"line {lineno} has no 'text' or 'html'", url)
    document = Document(
        content=content.encode("utf-8", "surrogatepass"),
        source_id=source_id,
        url=url,
        site=_opt(record.get("site")),
        published=_day(record.get("published")),
        fetched=_day(record.get("fetched")),
        media_type=media_type,  # type: ignore[arg-type]
        title=_opt(record.get("title")),
    )
    return Item(source_id=source_id, raw_ref=ref, document=document, url=url)


def read_jsonl(path: str, max_bytes: int) -> Iterator[Item]:
    opener = gzip.open if path.endswith(".gz") else open
    lineno = 0
    try:
        with opener(path, "rb") as handle:
            while True:
                line = handle.readline(max_bytes + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    size = len(line)
                    while line and not line.endswith(b"\n"):  # skip the rest of the long line
                        line = handle.readline(1024 * 1024)
                        size += len(line)
                    ref = f"{path}#L{lineno}"
                    yield failed(ref, ref, "too_large", f"line {lineno}: {too_large(size, max_bytes)}")
                    continue
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except (UnicodeDecodeError, ValueError) as err:
                    ref = f"{path}#L{lineno}"
                    yield failed(ref, ref, "bad_input", f"line {lineno} is not valid JSON: {err}")
                    continue
                yield _item(record, path, lineno)
    except (EOFError, OSError, zlib.error, gzip.BadGzipFile) as err:
        ref = f"{path}#L{lineno + 1}"
        yield failed(ref, ref, "truncated", f"{path}: reading stopped after line {lineno}: {err}")
