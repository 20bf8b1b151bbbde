"""WARC input (plain or gzip): HTTP responses carrying HTML become documents.

FastWARC reads the records when it is installed (several times faster than warcio); warcio reads
every record FastWARC should not decode itself (chunked transfer or a content encoding, an HTTP
head it could not parse), and the last record of each file with everything after it, so a file
cut short is reported exactly as before. Both paths give the same items (tested).

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
    try:
        import fastwarc.warc  # noqa: F401 - only whether it is there
    except ImportError:
        yield from _read_warcio(path, max_bytes)
        return
    yield from _read_fastwarc(path, max_bytes)


def _plain_http(record) -> bool:
    """True when the payload is the page's bytes as sent: no transfer or content encoding to undo."""
    if not record.is_http_parsed:
        return False
    headers = record.http_headers
    transfer = (headers.get("Transfer-Encoding") or "").strip().lower()
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    return transfer in ("", "identity") and encoding in ("", "identity")


def _fast_item(record, path: str, max_bytes: int) -> Item | None:
    """The Item of one response record read by FastWARC (None: skipped, not HTML)."""
    content_type = (record.http_headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES and content_type != "":
        return None
    uri = record.headers.get("WARC-Target-URI") or ""
    warc_date = record.headers.get("WARC-Date") or ""
    declared = int(record.headers.get("Content-Length") or 0)
    offset = record.stream_pos
    source_id = f"{uri}@{warc_date}" if uri else f"{path}@{offset}"
    ref = f"{path}@{offset}"
    if declared > max_bytes:
        return failed(source_id, ref, "too_large", too_large(declared, max_bytes), uri or None)
    content = record.reader.read(max_bytes + 1)
    if len(content) > max_bytes:
        return failed(source_id, ref, "too_large", too_large(len(content), max_bytes), uri or None)
    return Item(source_id=source_id, raw_ref=ref, url=uri or None,
                document=Document(content=content, source_id=source_id, url=uri or None, fetched=_day(warc_date),
                                  media_type=None))


def _read_fastwarc(path: str, max_bytes: int) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType

    last = 0  # the offset of the last record seen
    pending: list[Item] = []  # its items: yielded once a later record shows that it was complete
    try:
        with open(path, "rb") as handle:
            for record in FastIterator(handle, parse_http=False):
                yield from pending
                pending, last = [], record.stream_pos
                if record.record_type != WarcRecordType.response:
                    continue
                record.parse_http()
                if not _plain_http(record):  # warcio undoes chunking and content encodings
                    pending = list(_read_warcio(path, max_bytes, base=last, only_one=True))
                    continue
                item = _fast_item(record, path, max_bytes)
                pending = [item] if item is not None else []
    except Exception:  # noqa: BLE001, S110 - whatever FastWARC could not read, warcio reads and reports
        pass
    # the last record and anything after it: warcio, which notices a record or a gzip member cut short
    yield from _read_warcio(path, max_bytes, base=last)


def _read_warcio(path: str, max_bytes: int, base: int = 0, only_one: bool = False) -> Iterator[Item]:
    """warcio from byte ``base`` of the file on (offsets stay file offsets); ``only_one``: the record there."""
    offset = base
    iterator = None
    seen = 0
    try:
        with open(path, "rb") as handle:
            handle.seek(base)
            iterator = ArchiveIterator(handle)
            for record in iterator:
                seen += 1
                if only_one and seen > 1:
                    return
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
                offset = iterator.get_record_offset()  # a file offset (warcio starts from tell())
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
            if only_one:
                return
            size = os.fstat(handle.fileno()).st_size
            end = iterator.offset
            if end < size:  # a gzip member cut short ends the iteration silently
                ref = f"{path}@{end}"
                yield failed(ref, ref, "truncated",
                             f"{path}: {size - end} bytes after offset {end} are not "
                             "a complete WARC record (truncated file?)")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as err:
        # (warcio raises AttributeError on a WARC head cut before its target URI)
        if only_one and seen >= 1:  # the record after the one asked for: the caller reads on from there
            return
        offset = max(offset, getattr(iterator, "offset", 0) or 0)  # where reading stopped, however it began
        ref = f"{path}@{offset}"
        yield failed(ref, ref, "truncated", f"{path}: WARC reading stopped near offset {offset}: {err}")
