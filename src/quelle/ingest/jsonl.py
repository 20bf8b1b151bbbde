"""JSON Lines input: one article per line (``text`` or ``html``; optional ``id``, ``url``,
``title``, ``published``, ``site``, ``fetched``). Plain or gzip-compressed.

A bad line (not JSON, nested too deep, no text) becomes a failure with its line number and the
file goes on; a truncated gzip stream ends the file with one failure. Strings are made storable
here (quelle.storable: lone surrogates replaced, NULs removed, over-long ids hashed) so that the
keys checked against the store are the keys written; the repairs are listed in the report.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from quelle.ingest.items import Item, failed, not_regular, too_large
from quelle.model import Document
from quelle.storable import storable, storable_key


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _opt(value: Any, repairs: Counter, key: bool = False) -> str | None:
    if value is None or value == "":
        return None
    text = value if isinstance(value, str) else str(value)
    return storable_key(text, repairs) if key else storable(text, repairs)


def _item(record: Any, path: str, lineno: int) -> Item:
    ref = storable_key(f"{path}#L{lineno}")
    if not isinstance(record, dict):
        return failed(ref, ref, "bad_input", f"line {lineno} is not a JSON object")
    repairs: Counter = Counter()
    source_id = _opt(record.get("id"), repairs, key=True) or ref
    url = _opt(record.get("url"), repairs, key=True)
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        content, media_type = html, "html"
    elif isinstance(text, str) and text.strip():
        content, media_type = text, "text"
    else:
        return failed(source_id, ref, "bad_input", f"line {lineno} has no 'text' or 'html'", url)
    document = Document(
        content=storable(content, repairs).encode("utf-8"),
        source_id=source_id,
        url=url,
        site=_opt(record.get("site"), repairs, key=True),
        published=_day(record.get("published")),
        fetched=_day(record.get("fetched")),
        media_type=media_type,  # type: ignore[arg-type]
        title=_opt(record.get("title"), repairs),
        repairs=dict(repairs) or None,
    )
    return Item(source_id=source_id, raw_ref=ref, document=document, url=url)


def read_jsonl(path: str, max_bytes: int) -> Iterator[Item]:
    problem = not_regular(path)
    if problem:
        yield failed(path, path, "unreadable", problem)
        return
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
                except RecursionError:
                    ref = f"{path}#L{lineno}"
                    yield failed(ref, ref, "bad_input", f"line {lineno} is nested too deeply to read as JSON")
                    continue
                try:
                    yield _item(record, path, lineno)
                except Exception as err:  # noqa: BLE001 - one odd record must not end the file
                    ref = f"{path}#L{lineno}"
                    yield failed(ref, ref, "bad_input", f"line {lineno} cannot be read: {type(err).__name__}: {err}")
    except (EOFError, OSError, zlib.error, gzip.BadGzipFile) as err:
        ref = f"{path}#L{lineno + 1}"
        yield failed(ref, ref, "truncated", f"{path}: reading stopped after line {lineno}: {err}")
