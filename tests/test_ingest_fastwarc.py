"""The FastWARC reader gives exactly warcio's items: whole files, encodings, size limits, files cut anywhere."""

from __future__ import annotations

import io

import pytest
from test_ingest_readers import PAGE, build_warc
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quelle.ingest import warc

pytest.importorskip("fastwarc", reason="fastwarc is not installed")


def _items(items) -> list[tuple]:
    return [(i.source_id, i.raw_ref, i.url, i.failure, i.document.content if i.document else None,
             i.document.fetched if i.document else None) for i in items]


def _same(path, max_bytes: int = 10 * 1024 * 1024) -> list[tuple]:
    slow = _items(warc._read_warcio(str(path), max_bytes))
    fast = _items(warc.read_warc(str(path), max_bytes))
    assert fast == slow
    return fast


@pytest.mark.parametrize("gz", [True, False])
def test_fastwarc_equals_warcio(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    expected = build_warc(path, gzip_file=gz)
    items = _same(path)
    assert {i[2] for i in items} == set(expected)
    assert all(i[3] is None for i in items)
    _same(path, max_bytes=300)  # size-limit failures too


@pytest.mark.parametrize("gz", [True, False])
def test_fastwarc_equals_warcio_on_files_cut_short(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    build_warc(path, gzip_file=gz)
    data = path.read_bytes()
    cut = tmp_path / path.name.replace("crawl", "cut")
    for end in range(7, len(data), max(1, len(data) // 60)):
        cut.write_bytes(data[:end])
        _same(cut)
    cut.write_bytes(data + b"garbage after the last record")
    _same(cut)


def test_lower_case_http_headers_and_many_records(tmp_path):
    path = tmp_path / "many.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(200):
            kind = ("content-type", "text/html") if n % 3 else ("Content-Type", "application/json")
            http = StatusAndHeaders("200 OK", [kind], protocol="HTTP/1.1")
            body = PAGE.format(title=f"Page {n}", body=f"Text number {n}.").encode()
            writer.write_record(writer.create_warc_record(f"https://site.example/{n}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    items = _same(path)
    assert len(items) == 133
