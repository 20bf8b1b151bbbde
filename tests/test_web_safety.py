"""Safe by default: one test per item of issue 11's list, over a store holding hostile documents."""

from __future__ import annotations

import asyncio
import http.client
import time

import pytest
from fastapi.testclient import TestClient
from web_fixture import HOSTILE_URL, SCRIPT_TITLE

from quelle.api.app import create_app
from quelle.api.security import SecurityMiddleware
from quelle.api.settings import ServeSettings
from quelle.errors import StoreError
from quelle.store.core import open_store
from quelle.web.filters import safe_url, show_bidi

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def store(web_store_url):
    opened = open_store(web_store_url, create=False)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store), base_url=BASE)


def _doc_id(client: TestClient, source_id: str) -> int:
    return client.get(f"/api/documents/{source_id}").json()["document"]["id"]


# -- only http(s) URLs become links ---------------------------------------------------------------
@pytest.mark.parametrize("url", [HOSTILE_URL, "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x",
                                 "https://ok.example/\u202eexe", "file:///etc/passwd", "http:///nohost"])
def test_only_http_urls_are_links(url):
    assert safe_url(url) is None


def test_http_urls_stay_links():
    assert safe_url("https://www.rt.com/news/1/") == "https://www.rt.com/news/1/"
    assert safe_url("http://example.org/a?b=c") == "http://example.org/a?b=c"


def test_javascript_page_url_is_text_not_a_link(client):
    page = client.get("/doc/hostile/script").text
    assert "javascript:alert(document.domain)" in page  # shown, as text
    assert 'href="javascript:' not in page.lower() and "href='javascript:" not in page.lower()
    assert 'class="unsafe-url"' in page


# -- stored strings are escaped -------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/doc/hostile/script", "/?q=Hafen", "/statements", "/site/evil.example",
                                  "/speaker/Jana%20Holm", "/dashboard"])
def test_script_tags_and_event_attributes_are_escaped(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text
    body = page.text
    assert "<script>window.__pwned" not in body and "<script" not in body.lower().replace("<script src=", "")
    assert "onerror=\"window" not in body and "<b onmouseover" not in body and "<svg onload" not in body
    assert "<img src=x" not in body


def test_title_shown_as_text(client):
    body = client.get("/doc/hostile/script").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;Hafen" in body
    assert SCRIPT_TITLE not in body


def test_bidi_controls_are_shown_not_applied(client):
    body = client.get("/doc/hostile/script").text
    assert "\u202e" not in body
    assert "[RLO]" in body
    shown = str(show_bidi("a\u2067b\u2069"))
    assert shown == ('a<span class="bidi" title="U+2067 RIGHT-TO-LEFT ISOLATE">[RLI]</span>'
                     'b<span class="bidi" title="U+2069 POP DIRECTIONAL ISOLATE">[PDI]</span>')


def test_right_to_left_text_gets_dir_auto(client):
    body = client.get("/doc/rtl-1").text
    assert '<div class="text" dir="auto"' in body and '<h1 dir="auto">' in body
    assert "ميناء" in body


def test_long_lines_wrap(client):
    body = client.get("/doc/hostile/script").text
    assert "Langezeile" * 50 in body  # the 6,000-character word is there ...
    css = client.get("/static/quelle.css").text
    assert "div.text { white-space: pre-wrap; overflow-wrap: anywhere;" in css  # ... and may break anywhere


# -- headers on every answer ----------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/doc/1", "/api/documents", "/api/documents/none", "/static/quelle.css",
                                  "/no/such/page", "/docs", "/openapi.json", "/?since=bad"])
def test_security_headers_on_every_answer(client, path):
    answer = client.get(path)
    csp = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script(client):
    for path in ("/", "/doc/1", "/stories/1", "/docs", "/dashboard"):
        body = client.get(path).text
        assert "<script>" not in body and " on" + "load=" not in body, path


def test_docs_work_offline(client):
    body = client.get("/docs").text
    assert "cdn" not in body.lower() and "http" not in body.split("<body>")[1]
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs-init.js").status_code == 200


# -- Host header (DNS rebinding) ------------------------------------------------------------------
def test_foreign_host_header_is_refused(client):
    answer = client.get("/api/documents", headers={"host": "attacker.example"})
    assert answer.status_code == 400 and answer.json()["error"] == "bad_host"
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_allowed_hosts_setting(store):
    settings = ServeSettings.for_listening("0.0.0.0", allowed_hosts=["quelle.example"])
    app_client = TestClient(create_app(store, settings), base_url="http://quelle.example")
    assert app_client.get("/api/stats").status_code == 200
    assert app_client.get("/api/stats", headers={"host": "127.0.0.1"}).status_code == 400
    default = ServeSettings.for_listening("10.1.2.3")
    assert set(default.allowed_hosts) == {"10.1.2.3", "localhost", "127.0.0.1", "::1"}


# -- analyze: token, body limit, time limit -------------------------------------------------------
ARTICLE = "Hafen wächst\n\nDer Hafen soll wachsen, sagte die Senatorin am Montag.\n".encode()


def test_analyze_needs_a_token_beyond_loopback(store):
    open_without = TestClient(create_app(store, ServeSettings(loopback_only=False)), base_url=BASE)
    refused = open_without.post("/api/analyze", content=ARTICLE, headers={"content-type": "text/plain"})
    assert refused.status_code == 403 and "--token" in refused.json()["message"]
    with_token = TestClient(create_app(store, ServeSettings(loopback_only=False, token="s3cret")), base_url=BASE)
    assert with_token.post("/api/analyze", content=ARTICLE).status_code == 401
    wrong = with_token.post("/api/analyze", content=ARTICLE, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    ok = with_token.post("/api/analyze", content=ARTICLE,
                         headers={"authorization": "Bearer s3cret", "content-type": "text/plain"})
    assert ok.status_code == 200 and ok.json()["language"] == "de"


def test_loopback_server_analyzes_without_token(client):
    assert client.post("/api/analyze", content=ARTICLE, headers={"content-type": "text/plain"}).status_code == 200


def test_body_limit_is_enforced_before_the_body_is_read():
    calls = []

    async def app(scope, receive, send):  # pragma: no cover - must not run
        calls.append("app")

    async def receive():
        calls.append("receive")
        return {"type": "http.request", "body": b"x", "more_body": False}

    sent = []

    async def send(message):
        sent.append(message)

    middleware = SecurityMiddleware(app, ServeSettings(max_body=10 * 1024 * 1024))
    scope = {"type": "http", "method": "POST", "path": "/api/analyze", "raw_path": b"/api/analyze",
             "query_string": b"", "headers": [(b"host", b"127.0.0.1"), (b"content-length", str(50 * 10**6).encode())]}
    asyncio.run(middleware(scope, receive, send))
    assert calls == []  # neither the app nor a single receive()
    assert sent[0]["status"] == 413


def test_body_limit_counts_a_body_without_length(store):
    small = TestClient(create_app(store, ServeSettings(max_body=1000)), base_url=BASE)

    def chunks():
        for _ in range(10):
            yield b"x" * 500

    answer = small.post("/api/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"
    assert small.post("/api/analyze", content=b"y" * 2000).status_code == 413


def slow_analysis(payload):
    """Stands in for an analysis stuck in a loop (runs in the analyzer's worker process)."""
    time.sleep(30)
    return {}


def test_analysis_time_limit(store):
    app = create_app(store, ServeSettings(analyze_timeout=1.0))
    app.state.analyzer.fn = slow_analysis
    timed = TestClient(app, base_url=BASE)
    started = time.monotonic()
    answer = timed.post("/api/analyze", content=ARTICLE, headers={"content-type": "text/plain"})
    assert answer.status_code == 422 and answer.json()["error"] == "timeout"
    assert "1 s" in answer.json()["message"]
    assert time.monotonic() - started < 25
    app.state.analyzer.close()


def _allocate_too_much(document):
    return bytearray(8 * 1024**3)  # far past any memory budget below


def hungry_analysis(payload):
    """The real worker function, with an analysis that asks for 8 GB (runs in the worker)."""
    from quelle.api.analyze import analyze_payload

    return analyze_payload(payload, run=_allocate_too_much)


def test_analysis_memory_limit(store):
    app = create_app(store, ServeSettings(analyze_max_memory=300))
    app.state.analyzer.fn = hungry_analysis
    client = TestClient(app, base_url=BASE)
    answer = client.post("/api/analyze", content=ARTICLE, headers={"content-type": "text/plain"})
    assert answer.status_code == 422 and answer.json()["error"] == "too_large"
    assert "300 MB" in answer.json()["message"]
    # the refused allocation left the worker usable: the next request is refused the same way, not a crash
    again = client.post("/api/analyze", content=ARTICLE, headers={"content-type": "text/plain"})
    assert again.status_code == 422 and again.json()["error"] == "too_large"
    app.state.analyzer.close()


def test_default_limits():
    settings = ServeSettings()
    assert settings.max_body == 10 * 1024 * 1024 and settings.analyze_timeout == 30.0
    assert settings.analyze_max_memory == 1024


# -- bad input is a 400/422 with a message ---------------------------------------------------------
BAD = [
    ("get", "/api/documents", {"offset": str(2**63)}),
    ("get", "/api/documents", {"offset": str(2**64 + 5)}),
    ("get", "/api/documents", {"limit": str(2**63)}),
    ("get", "/api/statements", {"offset": str(2**63)}),
    ("get", "/api/errors", {"offset": "-1"}),
    ("get", "/api/stories/" + str(2**63), {}),
    ("get", "/api/stories/" + str(2**31), {}),
    ("get", "/api/documents", {"q": "(" * 250 + "Hafen" + ")" * 250}),
    ("get", "/api/documents", {"q": "NOT " * 300 + "Hafen"}),
    ("get", "/api/statements", {"q": "(" * 250}),
    ("get", "/api/documents", {"q": "Hafen\x00"}),
    ("get", "/api/documents", {"speaker": "a\x00b"}),
    ("get", "/api/documents", {"since": "2024-13-45"}),
    ("get", "/api/documents", {"sort": "sideways"}),
    ("get", "/", {"page": str(2**63)}),
    ("get", "/", {"q": "(" * 250 + "x" + ")" * 250}),
    ("get", "/", {"q": "NOT " * 300 + "x"}),
    ("get", "/statements", {"page": "99999999999999999999"}),
    ("get", "/stories", {"page": str(2**64)}),
    ("get", "/errors", {"page": "-3"}),
]


@pytest.mark.parametrize(("method", "path", "params"), BAD)
def test_bad_input_is_a_400_or_422_with_a_message(client, web_store_url, method, path, params):
    answer = getattr(client, method)(path, params=params)
    assert answer.status_code in (400, 422), (answer.status_code, answer.text[:300])
    if answer.headers["content-type"].startswith("application/json"):
        assert answer.json()["message"]
    else:
        assert 'class="error"' in answer.text
    assert web_store_url.removeprefix("sqlite:///") not in answer.text


@pytest.mark.parametrize("ident", [str(2**63), str(2**64), "9" * 40, "²³"])
def test_huge_ids_are_not_found_not_errors(client, ident):
    assert client.get(f"/api/documents/{ident}").status_code == 404
    assert client.get(f"/doc/{ident}").status_code == 404


def test_nul_in_path_is_refused(client):
    assert client.get("/api/documents/a%00b").status_code == 400
    assert client.get("/doc/a%00b").status_code == 400


def test_non_utf8_body_is_a_400(client):
    answer = client.post("/api/analyze", content=b"Caf\xe9 \xff\xfe", headers={"content-type": "text/plain"})
    assert answer.status_code == 400 and "UTF-8" in answer.json()["message"]
    latin = client.post("/api/analyze", content="Der Hafen wächst, sagte sie am Montag.".encode("latin-1"),
                        headers={"content-type": "text/plain; charset=latin-1"})
    assert latin.status_code == 200
    unknown = client.post("/api/analyze", content=b"x", headers={"content-type": "text/plain; charset=klingon"})
    assert unknown.status_code == 400
    as_json = client.post("/api/analyze", content=b"\xff", headers={"content-type": "application/json"})
    assert as_json.status_code == 400


def test_store_failures_do_not_show_the_store_path(store, web_store_url, monkeypatch):
    from quelle.store import search

    def broken(*_args, **_kwargs):
        raise StoreError(f"the store {web_store_url} failed: disk I/O error")

    monkeypatch.setattr(search, "search_documents", broken)
    answer = TestClient(create_app(store), base_url=BASE).get("/api/documents")
    assert answer.status_code == 503
    assert "web.db" not in answer.text and "sqlite" not in answer.text


def test_internal_errors_show_nothing(store, monkeypatch):
    from quelle.store import search

    monkeypatch.setattr(search, "stats", lambda *a, **k: 1 / 0)
    answer = TestClient(create_app(store), base_url=BASE, raise_server_exceptions=False).get("/api/stats")
    assert answer.status_code == 500 and answer.json() == {"error": "internal", "message": "internal error"}


# -- source_id with '/' ---------------------------------------------------------------------------
def test_source_ids_with_slashes_are_reachable(client):
    found = client.get("/api/documents/ru/relay/1")
    assert found.status_code == 200 and found.json()["document"]["source_id"] == "ru/relay/1"
    assert client.get("/api/documents/ru%2Frelay%2F1").json()["document"]["source_id"] == "ru/relay/1"
    assert client.get("/doc/hostile/script").status_code == 200


# -- the connection survives an error (a real server) ----------------------------------------------
def test_connection_survives_errors(web_server):
    conn = http.client.HTTPConnection("127.0.0.1", web_server.port, timeout=30)
    conn.request("GET", "/api/documents?q=" + "(" * 250)
    first = conn.getresponse()
    assert first.status == 400 and first.read()
    sock = conn.sock
    conn.request("GET", "/api/documents?offset=" + str(2**64))
    second = conn.getresponse()
    assert second.status == 422 and second.read()
    conn.request("GET", "/api/stats")
    third = conn.getresponse()
    assert third.status == 200 and third.read()
    assert conn.sock is sock  # one connection for all three
    conn.close()


def test_real_server_refuses_foreign_host(web_server):
    conn = http.client.HTTPConnection("127.0.0.1", web_server.port, timeout=30)
    conn.request("GET", "/", headers={"Host": "attacker.example"})
    answer = conn.getresponse()
    assert answer.status == 400
    conn.close()
