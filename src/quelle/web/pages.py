"""HTML pages over the store, rendered with Jinja2 templates (no JavaScript needed)."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from quelle.errors import QuelleError
from quelle.store import search
from quelle.store.core import Store

PAGE_SIZE = 25


def _templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(resources.files("quelle.web").joinpath("templates")))


def add_pages(app: FastAPI, store: Store) -> None:
    templates = _templates()
    app.mount("/static", StaticFiles(directory=str(resources.files("quelle.web").joinpath("static"))), "static")

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def form(request: Request) -> dict[str, str]:
        return {k: request.query_params.get(k, "") for k in ("q", "since", "until", "page")}

    def page_number(value: str) -> int:
        return max(1, int(value)) if value.isdigit() else 1

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        params = form(request)
        page = page_number(params["page"])
        try:
            filters = search.Filters(query=params["q"] or None, since=search.parse_day(params["since"], "since"),
                                     until=search.parse_day(params["until"], "until"))
            results = search.search_documents(store, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            summary = search.stats(store, filters, top=8)
        except QuelleError as err:
            return render(request, "search.html", 400, form=params, error=err.message, results=None, summary=None)
        return render(request, "search.html", form=params, results=results, summary=summary, page=page,
                      page_size=PAGE_SIZE, error=None)

    @app.get("/doc/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def document(request: Request, ident: str) -> HTMLResponse:
        found = search.find_document(store, ident)
        if found is None:
            return render(request, "message.html", 404, message=f"No document {ident!r} in this store.")
        return render(request, "document.html", doc=found["document"], report=found["report"])

    @app.get("/statements", response_class=HTMLResponse, include_in_schema=False)
    def statements(request: Request) -> HTMLResponse:
        params = form(request)
        speaker = request.query_params.get("speaker", "")
        page = page_number(params["page"])
        try:
            filters = search.Filters(query=params["q"] or None, speaker=speaker or None,
                                     since=search.parse_day(params["since"], "since"),
                                     until=search.parse_day(params["until"], "until"))
            results = search.list_statements(store, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        except QuelleError as err:
            return render(request, "statements.html", 400, form=params, speaker=speaker, error=err.message,
                          results=None)
        return render(request, "statements.html", form=params, speaker=speaker, results=results, page=page,
                      page_size=PAGE_SIZE, error=None)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories(request: Request) -> HTMLResponse:
        from quelle.copies import query

        page = page_number(request.query_params.get("page", ""))
        results = query.list_stories(store, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        return render(request, "stories.html", results=results, page=page, page_size=PAGE_SIZE)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: int) -> HTMLResponse:
        from quelle.copies import query

        found = query.get_story(store, story_id)
        if found is None:
            return render(request, "message.html", 404, message=f"No story {story_id} in this store.")
        return render(request, "story.html", story=found)
