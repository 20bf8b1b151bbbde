"""FastAPI app: a JSON API under /api and server-rendered pages for people, over one store.

The same query functions serve the CLI, the API and the pages, so all three answer alike.
Safety (headers, Host check, body limit, token) is set by ``ServeSettings``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from quelle.api import analyze as analyzing
from quelle.api.openapi import ANALYZE_BODY, DAY, ERRORS, responses
from quelle.api.security import SecurityMiddleware
from quelle.api.settings import ServeSettings
from quelle.errors import QuelleError
from quelle.store import search
from quelle.store.core import Store

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger offsets and ids are refused (422)
MAX_ANALYZE_BYTES = 10 * 1024 * 1024
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Day = Annotated[str | None, Query(description="A day, YYYY-MM-DD (ISO 8601).", json_schema_extra=DAY)]
Text = Annotated[str | None, Query(max_length=2000)]


StateMedia = Annotated[bool | None, Query(description="Only documents whose origin is (true) or is not (false) "
                                                   "a state-controlled outlet.")]
Sort = Annotated[Literal["newest", "oldest"], Query(description="Order by publication date.")]


def _filters(
    q: str | None, speaker: str | None, outlet: str | None, site: str | None, lang: str | None,
    type_: str | None, since: str | None, until: str | None, state_media: bool | None = None,
) -> search.Filters:
    filters = search.Filters(
        query=q or None, speaker=speaker or None, outlet=outlet or None, site=site or None, lang=lang or None,
        type=type_ or None, since=search.parse_day(since, "since"), until=search.parse_day(until, "until"),
    )
    if state_media is not None:
        from quelle.provenance.state_media import state_outlets

        filters.origin_among = (state_media, state_outlets())
    return filters


def _copies():
    """The copy stage's queries, when that stage is installed."""
    try:
        from quelle.copies import query
    except ImportError:  # pragma: no cover - the copies package ships with quelle
        return None
    return query


def _not_found(what: str) -> JSONResponse:
    return JSONResponse({"error": "not_found", "message": f"no {what} with that id"}, status_code=404)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QuelleError)
    async def _quelle_error(_request: Request, err: QuelleError) -> JSONResponse:
        if err.kind in ("bad_input", "unreadable"):
            return JSONResponse({"error": err.kind, "message": err.message}, status_code=400)
        # a store message names the database (a path, a URL with a user): never shown to a client
        message = "the store could not answer; try again later" if err.kind == "store" else "internal error"
        return JSONResponse({"error": err.kind, "message": message}, status_code=503 if err.kind == "store" else 500)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, err: RequestValidationError) -> JSONResponse:
        # without the echoed input: it may be undecodable bytes, or huge
        detail = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in err.errors()]
        where = ".".join(str(x) for x in detail[0]["loc"]) if detail else "request"
        message = f"{where}: {detail[0]['msg']}" if detail else "the request is not valid"
        return JSONResponse({"error": "bad_input", "message": message, "detail": detail}, status_code=422)

    @app.exception_handler(Exception)
    async def _internal(_request: Request, _err: Exception) -> JSONResponse:
        return JSONResponse({"error": "internal", "message": "internal error"}, status_code=500)


def create_app(store: Store, settings: ServeSettings | None = None) -> FastAPI:
    """An app bound to an open store; the caller owns the store's lifetime."""
    from quelle.api.docs import add_docs
    from quelle.web.pages import add_pages

    settings = settings or ServeSettings()
    app = FastAPI(title="quelle", version="1", description="Where news articles come from, who said what, "
                  "and how stories spread. Dates are days, YYYY-MM-DD. Errors answer "
                  "`{\"error\": kind, \"message\": one line}`.", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.add_middleware(SecurityMiddleware, settings=settings)
    analyzer = analyzing.Analyzer(settings.analyze_timeout, memory_mb=settings.analyze_max_memory)
    app.state.analyzer = analyzer
    app.router.add_event_handler("shutdown", analyzer.close)
    _add_error_handlers(app)

    @app.get("/api/documents", responses=responses(400))
    def documents(
        q: Text = None, speaker: Text = None, outlet: Text = None, site: Text = None,
        lang: Text = None, type: Text = None, since: Day = None, until: Day = None,
        limit: Limit = 20, offset: Offset = 0, state_media: StateMedia = None, sort: Sort = "newest",
    ) -> dict[str, Any]:
        """Documents matching a Boolean query (AND, OR, NOT, "phrases", field:value) and filters."""
        return search.search_documents(
            store, _filters(q, speaker, outlet, site, lang, type, since, until, state_media), limit, offset, sort)

    @app.get("/api/documents/{ident:path}", responses=responses(404))
    def document(ident: str) -> JSONResponse:
        """The stored report of one document (numeric id or source_id; a source_id may hold '/')."""
        found = search.find_document(store, ident)
        if found is None:
            return _not_found("document")
        return JSONResponse(found)

    @app.get("/api/statements", responses=responses(400))
    def statements(
        q: Text = None, speaker: Text = None, outlet: Text = None, site: Text = None,
        lang: Text = None, type: Text = None, since: Day = None, until: Day = None,
        limit: Limit = 50, offset: Offset = 0, state_media: StateMedia = None,
    ) -> dict[str, Any]:
        """Statements with speaker, type, cue and date (said_on_start: YYYY-MM-DD), filtered like documents."""
        return search.list_statements(
            store, _filters(q, speaker, outlet, site, lang, type, since, until, state_media), limit, offset)

    @app.get("/api/stats", responses=responses(400))
    def stats(
        q: Text = None, outlet: Text = None, site: Text = None, lang: Text = None,
        since: Day = None, until: Day = None, state_media: StateMedia = None,
    ) -> dict[str, Any]:
        """Counts by outlet, site, language and month (the month list is a count over time)."""
        return search.stats(store, _filters(q, None, outlet, site, lang, None, since, until, state_media))

    @app.get("/api/errors", responses=responses(400))
    def errors(limit: Limit = 50, offset: Offset = 0, kind: Text = None) -> dict[str, Any]:
        """Documents that could not be analysed, with the reason."""
        return search.list_errors(store, limit, offset, kind)

    @app.get("/api/stories", responses=responses(400))
    def stories(
        site: Text = None, lang: Text = None, outlet: Text = None, since: Day = None,
        until: Day = None, limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        """Stories (groups of copies across sites and languages), newest first."""
        return _copies().list_stories(
            store, site=site, lang=lang, outlet=outlet, since=search.parse_day(since, "since"),
            until=search.parse_day(until, "until"), limit=limit, offset=offset,
        )

    @app.get("/api/stories/{story_id}", responses=responses(404))
    def story(story_id: Annotated[int, Path(ge=0, le=MAX_OFFSET)]) -> JSONResponse:
        """One story's timeline with the links between its copies and their evidence."""
        found = _copies().get_story(store, story_id)
        if found is None:
            return _not_found("story")
        return JSONResponse(found)

    @app.get("/api/sites", responses=responses(400))
    def sites(lang: Text = None, outlet: Text = None, limit: Limit = 50,
              offset: Offset = 0) -> dict[str, Any]:
        """Site profiles: documents, languages, first/last seen, origin shares, relay delay."""
        return _copies().list_sites(store, lang=lang, outlet=outlet, limit=limit, offset=offset)

    @app.get("/api/sites/{name}", responses=responses(404))
    def site(name: Annotated[str, Path(max_length=300)]) -> JSONResponse:
        """One site's profile and what it relayed."""
        found = _copies().get_site(store, name)
        if found is None:
            return _not_found("site")
        return JSONResponse(found)

    @app.post("/api/analyze", responses=responses(400, 401, 403, 413, 422), openapi_extra=ANALYZE_BODY)
    async def analyze(request: Request, url: Text = None, site: Text = None, published: Day = None) -> JSONResponse:
        """Analyse one article (the body: text or HTML) without storing it; the answer is a quelle.report/1
        report. Needs `Authorization: Bearer <token>` when the server was started with a token (always when it
        listens beyond loopback); bodies over the limit get 413; an analysis over the time limit 422."""
        from starlette.concurrency import run_in_threadpool

        refused = analyzing.check_token(request, settings)
        if refused is not None:
            return refused
        raw = await analyzing.read_body(request, settings.max_body)
        if isinstance(raw, JSONResponse):
            return raw
        text = analyzing.decode_body(raw, request.headers.get("content-type", ""))
        if isinstance(text, JSONResponse):
            return text
        payload = analyzing.payload(text, url, site, search.parse_day(published, "published"))
        if not text.strip():
            return JSONResponse({"error": "bad_input", "message": "the article is empty"}, status_code=400)
        return analyzing.answer(await run_in_threadpool(analyzer.run, payload))

    add_docs(app)
    add_pages(app, store)
    return app


__all__ = ["ERRORS", "MAX_ANALYZE_BYTES", "create_app"]
