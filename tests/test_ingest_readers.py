"""Readers: folders, stdin lists, JSONL (plain/gzip, bad lines), WARC (built here with warcio)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quelle.ingest.jsonl import read_jsonl
from quelle.ingest.sources import collect, iter_items
from quelle.ingest.warc import read_warc

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
MAX = 10 * 1024 * 1024

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1><p>{body}</p><p>The harbour office said the service would start in spring,
with three departures a week at first and more in summer.</p></article></body></html>"""


def _chunked(payload: bytes, size: int = 64) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(payload[i:i + size]), payload[i:i + size]) for i in range(0, len(payload), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def build_warc(path: Path, *, gzip_file: bool = True) -> dict[str, str]:
    """A small crawl: plain, gzip-encoded and chunked HTML responses, plus records to skip.

    Returns {target URI: title} of the HTML responses that should become documents.
    """
    expected = {}
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_file)

        def response(uri: str, body: bytes, headers: list[tuple[str, str]]) -> None:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": "2024-05-14T08:30:00Z"})
            writer.write_record(record)

        html = PAGE.format(title="Ferry link approved", body="Nordhafen approved a ferry link to Aarhus.").encode()
        response("https://harbour-news.example/ferry", html, [("Content-Type", "text/html; charset=utf-8")])
        expected["https://harbour-news.example/ferry"] = "Ferry link approved"

        html = PAGE.format(title="Bridge reopens", body="Millbrook reopened its stone bridge on Friday.").encode()
        response("https://valley.example/bridge", gzip.compress(html),
                 [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
        expected["https://valley.example/bridge"] = "Bridge reopens"

        html = PAGE.format(title="School extension", body="Lindental extends its primary school.").encode()
        response("https://talblatt.example/school", _chunked(html),
                 [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")])
        expected["https://talblatt.example/school"] = "School extension"

        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        response("https://valley.example/logo.png", png, [("Content-Type", "image/png")])
        request = writer.create_warc_record("https://valley.example/bridge", "request",
                                            payload=io.BytesIO(b"GET /bridge HTTP/1.1\r\nHost: valley.example\r\n\r\n"))
        writer.write_record(request)
        meta = writer.create_warc_record("https://valley.example/bridge", "metadata",
                                         payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                         warc_content_type="application/warc-fields")
        writer.write_record(meta)
    return expected


def test_folder_walk_is_sorted_recursive_and_skips_unknown_types():
    inputs = collect([str(FIXTURES / "folder")])
    names = [Path(f.path).name for f in inputs.files]
    assert names == ["de_hafen.txt", "en_bridge.html", "de_schule.txt"]
    assert inputs.document_total == 3


def test_stdin_list_of_paths_and_missing_paths(tmp_path):
    names = [FIXTURES / "folder" / "de_hafen.txt", "", FIXTURES / "articles.jsonl", tmp_path / "nope"]
    listing = io.StringIO("".join(f"{name}\n" for name in names))
    inputs = collect(["-"], stdin=listing)
    assert [f.kind for f in inputs.files] == ["text", "jsonl"]
    assert inputs.missing == [str(tmp_path / "nope")]
    assert inputs.document_total is None  # a JSONL file: the count is unknown until read
    items = list(iter_items(inputs, MAX))
    assert items[0].failure[0] == "unreadable"


def test_jsonl_lines_ids_and_bad_lines():
    items = list(read_jsonl(str(FIXTURES / "articles.jsonl"), MAX))
    assert [i.source_id for i in items][:2] == ["wire-001", "wire-002"]
    good = [i for i in items if i.document is not None]
    bad = [i for i in items if i.failure is not None]
    assert len(good) == 3 and len(bad) == 2
    assert {b.failure[0] for b in bad} == {"bad_input"}
    assert bad[0].source_id.endswith("articles.jsonl#L3")
    first = good[0].document
    assert first.url == "https://www.harbour-news.example/2024/05/ferry"
    assert first.published.isoformat() == "2024-05-14" and first.title == "Ferry link to Denmark approved"
    assert good[2].document.media_type == "html" and good[2].document.site == "talblatt.example"


def test_jsonl_gzip_and_truncated_gzip(tmp_path):
    raw = (FIXTURES / "articles.jsonl").read_bytes()
    whole = tmp_path / "a.jsonl.gz"
    whole.write_bytes(gzip.compress(raw))
    assert len([i for i in read_jsonl(str(whole), MAX) if i.document]) == 3
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(raw)[:-40])
    items = list(read_jsonl(str(cut), MAX))
    assert items[-1].failure[0] == "truncated"


def test_jsonl_line_over_the_size_limit_is_a_failure_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "big", "text": "Wort " * 5000}) + "\n")
        out.write(json.dumps({"id": "small", "text": "Ein kurzer Artikel über den Hafen."}) + "\n")
    items = list(read_jsonl(str(path), 2000))
    assert items[0].failure[0] == "too_large"
    assert items[1].source_id == "small" and items[1].document is not None


def test_warc_html_responses_with_encodings_others_skipped(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    expected = build_warc(path)
    items = list(read_warc(str(path), MAX))
    assert all(i.failure is None for i in items)
    assert [i.url for i in items] == list(expected)
    for item in items:
        assert item.source_id == f"{item.url}@2024-05-14T08:30:00Z"
        assert item.document.fetched.isoformat() == "2024-05-14"
        assert expected[item.url].encode() in item.document.content  # decoded: no gzip, no chunk sizes
        assert b"\r\n0\r\n" not in item.document.content


def test_truncated_warc_becomes_a_failure(tmp_path):
    for gz in (True, False):
        path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
        build_warc(path, gzip_file=gz)
        data = path.read_bytes()
        # cut inside the third response (the chunked one)
        cut_at = data.index(b"School extension") + 20 if not gz else len(data) * 3 // 5
        cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
        cut.write_bytes(data[:cut_at])
        items = list(read_warc(str(cut), MAX))
        assert items[-1].failure is not None and items[-1].failure[0] == "truncated", gz
        assert any(i.document is not None for i in items)


def test_warc_record_over_the_size_limit(tmp_path):
    path = tmp_path / "crawl.warc"
    build_warc(path, gzip_file=False)
    items = list(read_warc(str(path), 300))
    assert items and all(i.failure and i.failure[0] == "too_large" for i in items)
