"""WARC input (plain or gzip): HTTP responses carrying HTML become documents.

FastWARC reads the records when it is installed (several times faster than warcio); warcio reads
every record FastWARC should not decode itself (chunked transfer or a content encoding, an HTTP
head it could not parse), and the last record of each file with everything after it, so a file
cut short is reported exactly as before. Both paths give the same items (tested).

Other record types (request, metadata, warcinfo, revisit) and non-HTML responses are skipped.
warcio's ``content_stream()`` undoes chunked transfer encoding and gzip/deflate/brotli
content encoding. ``source_id`` is the record's target URI and date (``URI@DATE``); the raw
reference is ``path@offset``.

A record whose Content-Length is wrong cannot be trusted: one that declares more bytes than
the file holds becomes a ``truncated`` row, one whose payload does not end where it says
becomes a ``truncated`` row (its payload is cut), and reading goes on at the next record
(the next gzip member, or the next ``WARC/1.`` line of a plain file); the bytes skipped to get
there are reported. On a plain file the FastWARC path checks that each record ends where the
next begins and hands the rest of the file to warcio when one does not. A file cut short ends
with one ``truncated`` row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from quelle.ingest.items import Item, failed, not_regular, too_large
from quelle.model import Document
from quelle.storable import storable_key

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_START = b"\nWARC/1."
_SCAN_BLOCK = 1 << 20


class _QuietIterator(ArchiveIterator):
    """warcio's iterator without its stderr warning: a record that is not followed by the blank
    lines its Content-Length promises is counted in ``bad_ends`` instead."""

    def _consume_blanklines(self):
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if len(line) == 0:
                return None, empty_size
            stripped = line.rstrip()
            if len(stripped) == 0 or first_line:
                empty_size += len(line)
                if len(stripped) != 0:
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


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


def _next_record_start(handle, after: int, size: int) -> int | None:
    """Offset of the next ``WARC/1.`` line after ``after`` in a plain WARC file (None: none)."""
    position = after
    while position < size:
        handle.seek(position)
        block = handle.read(_SCAN_BLOCK + len(_RECORD_START))
        found = block.find(_RECORD_START)
        if found >= 0:
            return position + found + 1
        position += _SCAN_BLOCK
    return None


def _declared(record) -> int:
    try:
        return int(record.rec_headers.get_header("Content-Length") or 0)
    except ValueError:
        return -1


def _read_from(handle, path: str, start: int, size: int, max_bytes: int,
               gzipped: bool, only_one: bool = False) -> Iterator[Item | int]:
    """Records from ``start``; yields an int (where to resume) when it had to stop early."""
    handle.seek(start)
    iterator = _QuietIterator(handle)
    offset = start
    seen = 0
    try:
        for record in iterator:
            seen += 1
            if only_one and seen > 1:
                return
            begin = iterator.offset  # where this record starts (compressed offset for gzip)
            declared = _declared(record)
            if not gzipped and (declared < 0 or declared > size - begin):
                following = _next_record_start(handle, begin + 1, size)
                end = following if following is not None else size
                ref = f"{path}@{begin}"
                yield failed(ref, ref, "truncated",
                             f"WARC record at offset {begin} declares {declared} bytes but the file has "
                             f"{size - begin} after it: {end - begin} bytes skipped to "
                             + (f"the next record at offset {following}" if following is not None
                                else "the end of the file"))
                if following is not None:
                    yield following
                return
            wanted = record.rec_type == "response" and _is_html(record)
            content = b""
            error = None
            if wanted and declared <= max_bytes:
                try:
                    content = record.content_stream().read(max_bytes + 1)
                except Exception as err:  # noqa: BLE001 - a broken encoding must not end the run
                    error = err
            bad_ends = iterator.err_count
            short = record.raw_stream.limit > 0  # fewer bytes than the record header promised
            offset = iterator.get_record_offset()  # (reads the record to its end)
            cut = iterator.err_count > bad_ends  # its payload did not end where Content-Length said
            if not wanted:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            warc_date = record.rec_headers.get_header("WARC-Date") or ""
            source_id = storable_key(f"{uri}@{warc_date}" if uri else f"{path}@{offset}")
            uri = storable_key(uri)
            ref = storable_key(f"{path}@{offset}")
            if declared > max_bytes:
                yield failed(source_id, ref, "too_large", too_large(declared, max_bytes), uri or None)
            elif error is not None:
                yield failed(source_id, ref, "bad_input", f"WARC record payload unreadable: {error}", uri or None)
            elif len(content) > max_bytes:
                yield failed(source_id, ref, "too_large", too_large(len(content), max_bytes), uri or None)
            elif short or cut:
                yield failed(source_id, ref, "truncated",
                             f"WARC record at offset {offset} is truncated: its payload does not end where its "
                             "Content-Length says", uri or None)
                if short and not gzipped:
                    return  # the end of the file came first
            else:
                yield Item(source_id=source_id, raw_ref=ref, url=uri or None,
                           document=Document(content=content, source_id=source_id, url=uri or None,
                                             fetched=_day(warc_date), media_type=None))
        if not only_one and iterator.offset < size:  # a gzip member cut short ends the iteration silently
            ref = f"{path}@{iterator.offset}"
            yield failed(ref, ref, "truncated",
                         f"{path}: {size - iterator.offset} bytes after offset {iterator.offset} are not "
                         "a complete WARC record (truncated file?)")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as err:
        # (warcio raises AttributeError on a WARC head cut before its target URI)
        if only_one and seen >= 1:  # the record after the one asked for: the caller reads on from there
            return
        offset = max(offset, getattr(iterator, "offset", 0) or 0)
        resume = None if gzipped else _next_record_start(handle, offset + 1, size)
        ref = f"{path}@{offset}"
        where = (f"; {resume - offset} bytes skipped to the next record at offset {resume}" if resume is not None
                 else f"; the remaining {max(0, size - offset)} bytes are skipped")
        yield failed(ref, ref, "truncated", f"{path}: WARC reading stopped near offset {offset}: "
                     f"{str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__}{where}")
        if resume is not None:
            yield resume


def read_warc(path: str, max_bytes: int) -> Iterator[Item]:
    problem = not_regular(path)
    if problem:
        yield failed(path, path, "unreadable", problem)
        return
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
    source_id = storable_key(f"{uri}@{warc_date}" if uri else f"{path}@{offset}")
    uri = storable_key(uri)
    ref = storable_key(f"{path}@{offset}")
    if declared > max_bytes:
        return failed(source_id, ref, "too_large", too_large(declared, max_bytes), uri or None)
    content = record.reader.read(max_bytes + 1)
    if len(content) > max_bytes:
        return failed(source_id, ref, "too_large", too_large(len(content), max_bytes), uri or None)
    return Item(source_id=source_id, raw_ref=ref, url=uri or None,
                document=Document(content=content, source_id=source_id, url=uri or None, fetched=_day(warc_date),
                                  media_type=None))


def _record_end(probe, start: int, record) -> int | None:
    """Where a plain-file record starting at ``start`` ends by its Content-Length (None: unknown)."""
    probe.seek(start)
    head = probe.read(16384)
    end_of_head = head.find(b"\r\n\r\n")
    try:
        declared = int(record.headers.get("Content-Length") or -1)
    except ValueError:
        return None
    if end_of_head < 0 or declared < 0:
        return None
    return start + end_of_head + 4 + declared + 4


def _read_fastwarc(path: str, max_bytes: int) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType

    last = 0  # the offset of the last record seen
    pending: list[Item] = []  # its items: yielded once a later record shows that it was complete
    expected_next: int | None = None  # where the last record should end (plain files)
    try:
        with open(path, "rb") as handle, open(path, "rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
            for record in FastIterator(handle, parse_http=False):
                if expected_next is not None and record.stream_pos != expected_next:
                    # the last record's Content-Length is wrong: warcio reads it and the rest, and says so
                    yield from _read_warcio(path, max_bytes, base=last)
                    return
                yield from pending
                pending, last = [], record.stream_pos
                expected_next = None if gzipped else _record_end(probe, last, record)
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
    """warcio from byte ``base`` of the file on (offsets stay file offsets); ``only_one``: the record there.

    Records with a wrong Content-Length become rows and reading resumes at the next record."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            gzipped = handle.read(2) == b"\x1f\x8b"
            start: int | None = base
            while start is not None:
                resume_at = None
                for item in _read_from(handle, path, start, size, max_bytes, gzipped, only_one):
                    if isinstance(item, int):
                        resume_at = item if item > start and not only_one else None
                    else:
                        yield item
                start = resume_at
    except OSError as err:
        yield failed(path, path, "unreadable", f"{path}: {err.strerror or err}")
