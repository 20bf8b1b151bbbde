"""HTML pages over the store, rendered with Jinja2 templates; no script, charts as SVG.

Search, the document page, statements and exports here; the linked pages (speaker, outlet,
site, stories, dashboard, errors) in ``linked``.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from quelle.errors import QuelleError
from quelle.store import query as q
from quelle.store import search
from quelle.store.core import Store
from quelle.utterances import utterances
from quelle.web import marks
from quelle.web.common import PAGE_SIZE, Renderer, filters_of, form, keep, page_number, sort_of


def _document_context(store: Store, found: dict) -> dict:
    from quelle.web.queries import document_story

    report = found["report"]
    statements = report.get("statements") or []
    colours = marks.speaker_colours(statements)
    return {"doc": found["document"], "report": report, "marked": marks.marked_document(report),
            "colours": colours, "speaker_key": marks.speaker_key, "utterances": utterances(statements),
            "story": document_story(store, found["document"]["id"])}


def add_pages(app: FastAPI, store: Store) -> None:
    from quelle.web import export, linked

    render = Renderer()
    app.mount("/static", StaticFiles(directory=str(resources.files("quelle.web").joinpath("static"))), "static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        params = form(request)
        try:
            page = page_number(request)
            filters = filters_of(params)
            results = search.search_documents(store, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE, sort_of(params))
            summary = search.stats(store, filters, top=8, groups=("outlet", "language"))
            words = q.terms(filters.tree())
        except QuelleError as err:
            if err.kind not in ("bad_input", "unreadable"):
                raise
            return render(request, "search.html", 400, form=params, error=err.message, results=None, summary=None,
                          keep=keep)
        return render(request, "search.html", form=params, results=results, summary=summary, page=page,
                      page_size=PAGE_SIZE, error=None, words=words, keep=keep)

    def document_page(request: Request, found: dict | None, missing: str) -> HTMLResponse:
        """The document page of a stored report, or 404 with ``missing``: /doc and /p share it."""
        if found is None:
            return render.message(request, 404, missing)
        return render(request, "document.html", **_document_context(store, found))

    @app.get("/doc/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def document(request: Request, ident: str) -> HTMLResponse:
        return document_page(request, search.find_document(store, ident), "No such document in this store.")

    @app.get("/p/{content_hash}", response_class=HTMLResponse, include_in_schema=False)
    def permalink(request: Request, content_hash: str) -> HTMLResponse:
        return document_page(request, search.find_by_hash(store, content_hash),
                             "No document with that content hash in this store.")

    @app.get("/statements", response_class=HTMLResponse, include_in_schema=False)
    def statements(request: Request) -> HTMLResponse:
        params = form(request)
        try:
            page = page_number(request)
            results = search.list_statements(store, filters_of(params), PAGE_SIZE, (page - 1) * PAGE_SIZE)
        except QuelleError as err:
            if err.kind not in ("bad_input", "unreadable"):
                raise
            return render(request, "statements.html", 400, form=params, error=err.message, results=None, keep=keep)
        return render(request, "statements.html", form=params, results=results, page=page, page_size=PAGE_SIZE,
                      error=None, keep=keep)

    @app.get("/export.{fmt}", include_in_schema=False)
    def export_current(request: Request, fmt: str) -> Response:
        try:
            filters = filters_of(form(request))
        except QuelleError as err:
            return render.message(request, 400, err.message)
        if fmt not in export.FORMATS:
            return render.message(request, 404, "Export formats: csv, jsonl, parquet.")
        return export.streamed(store, filters, fmt)

    linked.add_linked_pages(app, store, render)
