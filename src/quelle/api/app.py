"""FastAPI app: a JSON API under /api and server-rendered pages for people, over one store.

The same query functions serve the CLI, the API and the pages, so all three answer alike.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import JSONResponse

from quelle.errors import QuelleError
from quelle.store import search
from quelle.store.core import Store

MAX_LIMIT = 500
MAX_ANALYZE_BYTES = 10 * 1024 * 1024
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]


def _filters(
    q: str | None, speaker: str | None, outlet: str | None, site: str | None, lang: str | None,
    type_: str | None, since: str | None, until: str | None,
) -> search.Filters:
    return search.Filters(
        query=q or None, speaker=speaker or None, outlet=outlet or None, site=site or None, lang=lang or None,
        type=type_ or None, since=search.parse_day(since, "since"), until=search.parse_day(until, "until"),
    )


def _copies():
    """The copy stage's queries, when that stage is installed."""
    try:
        from quelle.copies import query
    except ImportError:  # pragma: no cover - the copies package ships with quelle
        return None
    return query


def create_app(store: Store) -> FastAPI:
    """An app bound to an open store; the caller owns the store's lifetime."""
    from quelle.web.pages import add_pages

    app = FastAPI(title="quelle", version="1", description="Where news articles come from, who said what, "
                  "and how stories spread.")

    @app.exception_handler(QuelleError)
    async def _quelle_error(_request: Request, err: QuelleError) -> JSONResponse:
        status = 400 if err.kind in ("bad_input", "unreadable") else 503 if err.kind == "store" else 500
        return JSONResponse({"error": err.kind, "message": err.message}, status_code=status)

    @app.get("/api/documents")
    def documents(
        q: str | None = None, speaker: str | None = None, outlet: str | None = None, site: str | None = None,
        lang: str | None = None, type: str | None = None, since: str | None = None, until: str | None = None,
        limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents matching a Boolean query (AND, OR, NOT, "phrases", field:value) and filters."""
        return search.search_documents(store, _filters(q, speaker, outlet, site, lang, type, since, until),
                                       limit, offset)

    @app.get("/api/documents/{ident}")
    def document(ident: str) -> JSONResponse:
        """The stored report of one document (numeric id or source_id)."""
        found = search.find_document(store, ident)
        if found is None:
            return JSONResponse({"error": "not_found", "message": f"no document {ident!r}"}, status_code=404)
        return JSONResponse(found)

    @app.get("/api/statements")
    def statements(
        q: str | None = None, speaker: str | None = None, outlet: str | None = None, site: str | None = None,
        lang: str | None = None, type: str | None = None, since: str | None = None, until: str | None = None,
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Statements with speaker, type, cue and date, filtered like documents."""
        return search.list_statements(store, _filters(q, speaker, outlet, site, lang, type, since, until),
                                      limit, offset)

    @app.get("/api/stats")
    def stats(
        q: str | None = None, outlet: str | None = None, site: str | None = None, lang: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> dict[str, Any]:
        """Counts by outlet, site, language and month (the month list is a count over time)."""
        return search.stats(store, _filters(q, None, outlet, site, lang, None, since, until))

    @app.get("/api/errors")
    def errors(limit: Limit = 50, offset: Offset = 0, kind: str | None = None) -> dict[str, Any]:
        """Documents that could not be analysed, with the reason."""
        return search.list_errors(store, limit, offset, kind)

    @app.get("/api/stories")
    def stories(
        site: str | None = None, lang: str | None = None, outlet: str | None = None, since: str | None = None,
        until: str | None = None, limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Stories (groups of copies across sites and languages), newest first."""
        return _copies().list_stories(
            store, site=site, lang=lang, outlet=outlet, since=search.parse_day(since, "since"),
            until=search.parse_day(until, "until"), limit=limit, offset=offset,
        )

    @app.get("/api/stories/{story_id}")
    def story(story_id: int) -> JSONResponse:
        """One story's timeline with the links between its copies and their evidence."""
        found = _copies().get_story(store, story_id)
        if found is None:
            return JSONResponse({"error": "not_found", "message": f"no story {story_id}"}, status_code=404)
        return JSONResponse(found)

    @app.get("/api/sites")
    def sites(lang: str | None = None, outlet: str | None = None, limit: Limit = 50,
              offset: Offset = 0) -> dict[str, Any]:
        """Site profiles: documents, languages, first/last seen, origin shares, relay delay."""
        return _copies().list_sites(store, lang=lang, outlet=outlet, limit=limit, offset=offset)

    @app.get("/api/sites/{name}")
    def site(name: str) -> JSONResponse:
        found = _copies().get_site(store, name)
        if found is None:
            return JSONResponse({"error": "not_found", "message": f"no site {name!r}"}, status_code=404)
        return JSONResponse(found)

    @app.post("/api/analyze")
    def analyze(
        content: Annotated[str, Body(media_type="text/plain", description="The article: text or HTML.")],
        url: str | None = None, site: str | None = None, published: str | None = None,
    ) -> dict[str, Any]:
        """Analyse one article without storing it; the answer is a quelle.report/1 report."""
        from quelle.errors import BadInput
        from quelle.model import Document
        from quelle.pipeline import analyze as run
        from quelle.report_json import report_to_dict

        raw = content.encode("utf-8")
        if len(raw) > MAX_ANALYZE_BYTES:
            raise BadInput(f"the article is larger than {MAX_ANALYZE_BYTES // 1024 // 1024} MiB")
        day: date | None = search.parse_day(published, "published")
        return report_to_dict(run(Document(content=raw, source_id="api", url=url, site=site, published=day)))

    add_pages(app, store)
    return app

