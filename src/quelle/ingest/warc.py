"""WARC input (plain or gzip, via warcio): HTTP responses carrying HTML become documents.

Other record types (request, metadata, warcinfo, revisit) and non-HTML responses are skipped.
warcio's ``content_stream()`` undoes chunked transfer encoding and gzip/deflate/brotli
content encoding. ``source_id`` is the record's target URI and date (``URI@DATE``); the raw
reference is ``path@offset``. A record cut short (truncated file) becomes a failure and
reading that file stops there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from quelle.ingest.items import Item, failed, too_large
from quelle.model import Document

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _day(warc_date: str | None) -> date | None:
    if not warc_date:
        return None
    try:
        return date.fromisoformat(warc_date[:10])
    except ValueError:
        return None


def _is_html(record) -> bool:
    headers = record.http_headers
    if headers is None:
        return False
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    # a response without a Content-Type is sniffed by decode(); declared non-HTML is skipped
    return content_type in _HTML_TYPES or content_type == ""


def read_warc(path: str, max_bytes: int) -> Iterator[Item]:
    offset = 0
    try:
        with open(path, "rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                if record.rec_type != "response" or not _is_html(record):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                warc_date = record.rec_headers.get_header("WARC-Date") or ""
                declared = int(record.rec_headers.get_header("Content-Length") or 0)
                content = b""
                error = None
                if declared <= max_bytes:
                    try:
                        content = record.content_stream().read(max_bytes + 1)
                    except Exception as err:  # noqa: BLE001 - a broken encoding must not end the run
                        error = err
                truncated = record.raw_stream.limit > 0  # fewer bytes than the record header promised
                offset = iterator.get_record_offset()  # (only valid once the record was read)
                source_id = f"{uri}@{warc_date}" if uri else f"{path}@{offset}"
                ref = f"{path}@{offset}"
                if declared > max_bytes:
                    yield failed(source_id, ref, "too_large", too_large(declared, max_bytes), uri or None)
                    continue
                if error is not None:
                    yield failed(source_id, ref, "bad_input", f"WARC record payload unreadable: {error}", uri or None)
                    continue
                if len(content) > max_bytes:
                    yield failed(source_id, ref, "too_large", too_large(len(content), max_bytes), uri or None)
                    continue
                if truncated:
                    yield failed(source_id, ref, "truncated",
                                 f"WARC record at offset {offset} is truncated", uri or None)
                    return
                yield Item(
                    source_id=source_id,
                    raw_ref=ref,
                    url=uri or None,
                    document=Document(content=content, source_id=source_id, url=uri or None,
                                      fetched=_day(warc_date), media_type=None),
                )
            size = os.fstat(handle.fileno()).st_size
            if iterator.offset < size:  # a gzip member cut short ends the iteration silently
                ref = f"{path}@{iterator.offset}"
                yield failed(ref, ref, "truncated",
                             f"{path}: {size - iterator.offset} bytes after offset {iterator.offset} are not "
                             "a complete WARC record (truncated file?)")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as err:
        ref = f"{path}@{offset}"
        yield failed(ref, ref, "truncated", f"{path}: WARC reading stopped near offset {offset}: {err}")
