"""The pages' content: the marked document, links between pages, filters kept by paging,
exports and permalinks, speaker spellings as one person, the charts."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from quelle.api.app import create_app
from quelle.store.core import open_store
from quelle.web import charts
from quelle.web.common import keep
from quelle.web.marks import Mark, render
from quelle.web.queries import person_keys


@pytest.fixture(scope="module")
def client(web_store_url) -> TestClient:
    store = open_store(web_store_url, create=False)
    yield TestClient(create_app(store), base_url="http://127.0.0.1")
    store.close()


def test_spellings_share_a_person_key():
    keys = [person_keys(n) for n in ("Sergej Rjabkow", "Sergey Ryabkov", "Сергей Рябков")]
    assert keys[0] & keys[1] & keys[2] == {"ryabkov"}
    assert not person_keys("Dmitri Peskow") & keys[1]


def test_marks_overlap_and_anchor():
    html = str(render("abcdef<g>", [Mark(0, 4, "st sp0", "st-0", "X"), Mark(2, 6, "ev", "ev-0", "E")]))
    assert html == ('<a class="anchor" id="st-0"></a><span class="st sp0" title="X">ab</span>'
                    '<a class="anchor" id="ev-0"></a><span class="st sp0 ev" title="X · E">cd</span>'
                    '<span class="ev" title="E">ef</span>&lt;g&gt;')


def test_document_page_marks_statements_and_links_story_and_speaker(client):
    page = client.get("/doc/rt-en").text
    assert 'class="st sp0"' in page and 'class="cue"' in page and "who sp" in page
    assert 'class="bp"' in page or "bp " in page
    assert 'href="#st-0"' in page and 'id="st-0"' in page
    assert '<a class="story-link" href="/stories/' in page
    assert 'href="/speaker/Sergey%20Ryabkov"' in page
    assert "the story&#39;s original" in page or "the story's original" in page
    copy = client.get("/doc/relay-en").text
    assert "identical of" in copy or "near-copy of" in copy
    assert "2 days later" in copy


def test_speaker_page_joins_spellings(client):
    page = client.get("/speaker/Sergej%20Rjabkow").text
    assert "Sergey Ryabkov (" in page and "Sergej Rjabkow (" in page
    assert "<svg" in page
    assert client.get("/speaker/Nobody%20Here").status_code == 404


def test_linked_pages(client):
    for path in ("/outlet/RT", "/site/relay.example", "/stories", "/dashboard", "/errors",
                 "/statements?speaker=Peskov"):
        answer = client.get(path)
        assert answer.status_code == 200, path
    assert "relay.example" in client.get("/outlet/RT").text
    story = client.get("/stories").text
    assert 'href="/stories/' in story
    assert client.get("/outlet/Nobody").status_code == 404
    assert client.get("/site/none.example").status_code == 404
    assert client.get("/stories/999999").status_code == 404


def test_search_filters_and_paging_keep_every_filter(client):
    page = client.get("/", params={"q": "Ryabkov", "lang": "en", "sort": "oldest", "state_media": "yes"}).text
    assert "<mark>Ryabkov</mark>" in page
    assert "export.csv?q=Ryabkov&amp;lang=en&amp;state_media=yes&amp;sort=oldest" in page
    assert keep({"q": "a b", "site": "", "lang": "de"}, page=2) == "q=a+b&lang=de&page=2"
    none = client.get("/", params={"q": "Ryabkov", "state_media": "no"}).text
    assert "0 matching documents" in none  # every Ryabkov copy inherits RT
    api = client.get("/api/documents", params={"state_media": "true", "sort": "oldest"}).json()
    assert api["results"][0]["source_id"] == "rt-en"


def test_exports_stream_the_current_result(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv", params={"lang": "en"}).text)))
    assert {r["source_id"] for r in rows} == {"rt-en", "relay-en"}
    lines = client.get("/export.jsonl", params={"q": "Ryabkov"}).text.splitlines()
    assert all(json.loads(line)["schema"] == "quelle.report/1" for line in lines) and len(lines) >= 2
    table = pq.read_table(io.BytesIO(client.get("/export.parquet").content))
    assert table.num_rows == 6 and "origin_outlet" in table.column_names
    assert client.get("/export.xml").status_code == 404


def test_permalink_by_content_hash(client):
    doc = client.get("/api/documents/rt-en").json()["document"]
    page = client.get(f"/p/{doc['content_hash']}")
    assert page.status_code == 200 and "Ryabkov" in page.text and f"/p/{doc['content_hash']}" in page.text
    assert doc["created_at"]
    assert client.get("/p/" + "0" * 64).status_code == 404 and client.get("/p/xyz").status_code == 404
    assert page.text == client.get("/doc/rt-en").text  # one page body behind both routes
    missing = client.get("/doc/no-such-document")
    assert missing.status_code == 404 and "No such document" in missing.text


def test_charts_escape_labels_and_fill_months():
    svg = str(charts.bars([("<b>x</b>", 3), (None, 1)], "t<i>"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "(none)" in svg
    assert charts._every_month([("2024-01", 2), ("2024-04", 1)]) == [("2024-01", 2), ("2024-02", 0),
                                                                      ("2024-03", 0), ("2024-04", 1)]
    timeline = str(charts.timeline([{"document_id": 1, "site": "<s>", "language": "en", "relation": "original",
                                     "published": "2024-01-01"},
                                    {"document_id": 2, "site": "b", "language": "de", "relation": "translation",
                                     "published": "2024-01-03"}], "story"))
    assert "original" in timeline and 'href="/doc/2"' in timeline and "<s>" not in timeline


def test_serve_with_workers(web_store_url):
    import urllib.request

    from web_fixture import Server

    server = Server(web_store_url, "--workers", "2")
    try:
        for _ in range(4):
            with urllib.request.urlopen(server.base + "/api/stats", timeout=30) as answer:
                assert json.loads(answer.read())["documents"] == 6
        with urllib.request.urlopen(server.base + "/doc/rt-en", timeout=30) as answer:
            assert "content-security-policy" in {k.lower() for k in answer.headers}
    finally:
        server.stop()


def test_search_and_statements_share_the_filter_form(client):
    import re

    def names(path: str) -> list[str]:
        form = client.get(path).text.split('<form class="search"')[1].split("</form>")[0]
        return re.findall(r'name="(\w+)"', form)

    search_names, statement_names = names("/"), names("/statements")
    assert statement_names == [n for n in search_names if n != "sort"]
    assert {"q", "speaker", "outlet", "site", "lang", "type", "state_media", "since", "until"} <= set(statement_names)
    listed = client.get("/statements?type=Direct&state_media=no")
    assert listed.status_code == 200 and '<option value="Direct" selected>' in listed.text
