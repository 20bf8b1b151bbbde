"""One utterance, one row (issue 12): a quote inside reported speech is listed inside its statement
on every surface (analyze's terminal view, `quelle statements`/`search --statements`/`show`, the
API's statement list, the pages), while the report keeps both statements with ``parent`` and
``quoted_parts``. The statements are invented by the analyzer below (the rules are another
module's job), and their strings are hostile: markup, Rich markup, a bidi control.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from sqlalchemy import select, text

from quelle.ingest.runner import Ingest
from quelle.ingest.sources import collect
from quelle.model import Document, Mention, Span, Speaker, Statement
from quelle.pipeline import analyze_or_error
from quelle.render import print_report
from quelle.store.core import open_store
from quelle.store.schema import statements
from quelle.store.search import Filters, list_statements, stats
from quelle.utterances import fold, quoted_fragments, utterances

QUOTE = "„<script>window.__pwned = 1</script> ein Schritt [red]nach vorn[/red] \u202egnp.exe“"
TEXT = ("Neue Fähre für Kiel\n\nDie Ministerin Jana Holm sagte am Dienstag, die Reform sei " + QUOTE
        + " und komme bald.\n\nDie Stadt begrüßte den Plan.\n")  # invented
CLI = [sys.executable, "-c", "from quelle.cli import main; main()"]


def with_nested_statements(document: Document, with_statements: bool = True):
    """The real analysis without its statements pass, plus one invented utterance: an indirect
    statement with a quote inside, kept in the report's nested form (outer + Direct fragment)."""
    report = analyze_or_error(document, with_statements=False)
    if report.error or "Jana Holm" not in report.source_text:
        return report
    source = report.source_text
    name = source.index("Jana Holm")
    speaker = Speaker(Mention("Jana Holm", name, name + 9), "Jana Holm", "Ministerin", None, "person", "named")
    cue_at = source.index("sagte")
    cue = Mention("sagte", cue_at, cue_at + 5)
    content_at = source.index("die Reform")
    content_end = source.index(" und komme bald") + len(" und komme bald")
    quote_at = source.index(QUOTE)
    quote = Span(quote_at, quote_at + len(QUOTE), QUOTE)
    content = Span(content_at, content_end, source[content_at:content_end])
    outer = Statement(text=content.text, spans=[content], type="Indirect", cue=cue, speaker=speaker,
                      quoted_parts=[quote])
    inner = Statement(text=quote.text, spans=[quote], type="Direct", cue=cue, speaker=speaker, parent=0)
    return replace(report, statements=[outer, inner])


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("utterances")
    jsonl = folder / "a.jsonl"
    jsonl.write_text(json.dumps({"id": "kiel/1", "text": TEXT, "site": "kiel.example", "published": "2027-03-02"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'store.db'}"
    with open_store(url) as store:
        Ingest(store, collect([str(jsonl)]), workers=1, analyzer="test_utterances:with_nested_statements",
               run_hooks=False).run()
    return url


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, env=env)


# -- the folding rule ---------------------------------------------------------------------------
def test_fold_keeps_fragments_inside_their_utterance():
    items = [{"text": "a"}, {"text": "b", "parent": 0}, {"text": "c"}, {"text": "d", "parent": 2},
             {"text": "e", "parent": 0}]
    assert fold(items) == [(0, [1, 4]), (2, [3])]


@pytest.mark.parametrize("parent", [7, -1, 1, True, "0", 1.0, None])
def test_a_parent_that_names_no_utterance_leaves_a_row_of_its_own(parent):
    items = [{"text": "a"}, {"text": "b", "parent": parent}]
    assert [index for index, _ in fold(items)] == [0, 1]


def test_a_fragment_of_a_fragment_is_a_row_of_its_own():
    items = [{"text": "a"}, {"text": "b", "parent": 0}, {"text": "c", "parent": 1}]
    assert fold(items) == [(0, [1]), (2, [])]


def test_quoted_fragments_merge_parts_and_fragment_statements_once():
    outer = {"quoted_parts": [{"start": 4, "end": 9, "text": "„x y“"}, "junk", {"text": "  "}]}
    child = {"spans": [{"start": 4, "end": 9, "text": "„x y“"}]}
    other = {"spans": [{"start": 12, "end": 15, "text": "„z“"}]}
    assert quoted_fragments(outer, [child, other]) == [{"start": 4, "end": 9, "text": "„x y“"},
                                                       {"start": 12, "end": 15, "text": "„z“"}]
    assert quoted_fragments({"quoted_parts": "not a list"}) == []


def test_utterances_of_report_statements():
    report = with_nested_statements(Document(TEXT.encode(), source_id="k", published=date(2027, 3, 2)))
    (row,) = utterances(report.statements)
    assert (row["index"], row["fragments"], row["statement"].type) == (0, [1], "Indirect")
    assert [p["text"] for p in row["quoted"]] == [QUOTE]


# -- the report keeps the nested form -----------------------------------------------------------
def test_report_keeps_both_statements_with_parent_and_quoted_parts():
    report = with_nested_statements(Document(TEXT.encode(), source_id="k", published=date(2027, 3, 2))).to_dict()
    outer, inner = report["statements"]
    assert outer["parent"] is None and [p["text"] for p in outer["quoted_parts"]] == [QUOTE]
    assert inner["parent"] == 0 and inner["type"] == "Direct"


# -- quelle analyze: the terminal view ----------------------------------------------------------
def test_analyze_view_shows_one_row_with_its_quote_as_plain_text():
    report = with_nested_statements(Document(TEXT.encode(), source_id="k", published=date(2027, 3, 2)))
    console = Console(record=True, width=400, highlight=False, soft_wrap=False)
    print_report(report, console)
    table = console.export_text().split("Clean text")[0].split("Who said what")[1]
    assert table.count("Jana Holm") == 1 and table.count("quoted:") == 1
    assert "[red]nach vorn[/red]" in table  # Rich markup in a page stays text
    assert "Indirect" in table and " Direct " not in table


# -- the store and the CLI ----------------------------------------------------------------------
def test_store_lists_one_row_per_utterance(stored):
    with open_store(stored, create=False) as store:
        result = list_statements(store, Filters())
        counted = stats(store, Filters())
        with store.connect() as conn:
            parents = conn.execute(select(statements.c.idx, statements.c.parent_idx)
                                   .order_by(statements.c.idx)).all()
    assert parents == [(0, None), (1, 0)]  # both rows stored; the fragment names its utterance
    assert result["total"] == 1 and counted["statements"] == 1
    row = result["results"][0]
    assert row["type"] == "Indirect" and row["idx"] == 0
    assert [p["text"] for p in row["quoted_parts"]] == [QUOTE]


def test_cli_statements_search_and_show_print_one_row_with_the_quote(stored):
    listed = _cli("statements", "--db", stored)
    found = _cli("search", "Reform", "--statements", "--db", stored)
    shown = _cli("show", "kiel/1", "--db", stored)
    for done in (listed, found, shown):
        assert done.returncode == 0, done.stderr
        assert done.stdout.count("quoted:") == 1
        assert "[red]nach vorn[/red]" in done.stdout
    assert listed.stdout.count("Jana Holm") == 1
    as_json = json.loads(_cli("statements", "--json", "--db", stored).stdout)
    assert as_json["total"] == 1 and as_json["results"][0]["quoted_parts"][0]["text"] == QUOTE


def test_migration_fills_parent_idx_of_an_older_store(stored, tmp_path):
    copy = tmp_path / "old.db"
    copy.write_bytes(Path(stored.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    with open_store(url, create=False) as store, store.engine.begin() as conn:
        conn.execute(statements.update().values(parent_idx=None))  # as a store before 0202 has it
        conn.execute(text("UPDATE alembic_version SET version_num = '0201_said_on_dates'"))
    with open_store(url) as store:  # runs 0202_statement_parent
        with store.connect() as conn:
            assert conn.execute(select(statements.c.parent_idx).order_by(statements.c.idx)).scalars().all() == [
                None, 0]
        assert list_statements(store, Filters())["total"] == 1


def test_the_stored_count_is_the_number_of_utterances(stored):
    from quelle.store.schema import documents

    with open_store(stored, create=False) as store, store.connect() as conn:
        assert conn.execute(select(documents.c.statement_count)).scalars().all() == [1]


def test_migration_recounts_an_older_store_by_utterance(stored, tmp_path):
    from quelle.store.schema import documents

    copy = tmp_path / "old_counts.db"
    copy.write_bytes(Path(stored.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    with open_store(url, create=False) as store, store.engine.begin() as conn:
        conn.execute(documents.update().values(statement_count=2))  # as 0202 left it: fragments counted
        conn.execute(text("UPDATE alembic_version SET version_num = '0202_statement_parent'"))
    with open_store(url) as store, store.connect() as conn:  # runs 0203_utterance_counts
        assert conn.execute(select(documents.c.statement_count)).scalars().all() == [1]


# -- the API and the pages ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(stored):
    from quelle.api.app import create_app

    store = open_store(stored, create=False)
    yield TestClient(create_app(store), base_url="http://127.0.0.1")
    store.close()


def test_api_lists_the_utterance_and_the_document_keeps_the_nested_form(client):
    listed = client.get("/api/statements").json()
    assert listed["total"] == 1 and [p["text"] for p in listed["results"][0]["quoted_parts"]] == [QUOTE]
    report = client.get("/api/documents/kiel/1").json()["report"]
    assert [s.get("parent") for s in report["statements"]] == [None, 0]


@pytest.mark.parametrize("path", ["/doc/kiel/1", "/statements", "/speaker/Jana%20Holm"])
def test_pages_show_one_row_with_the_quote_escaped(client, path):
    page = client.get(path)
    assert page.status_code == 200
    html = page.text
    assert html.count('<ul class="quoted"') == 1
    quoted = html.split('<ul class="quoted"')[1].split("</ul>")[0]
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in quoted
    assert "[red]nach vorn[/red]" in quoted and 'class="bidi"' in quoted  # the RLO shown as a label
    assert "<script>window.__pwned" not in html and "\u202e" not in html
    rows = html.split("<table")[1].split("</table>")[0].count("<tr>")
    assert rows == 2  # the header and the one utterance
