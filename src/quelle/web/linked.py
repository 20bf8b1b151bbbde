"""The linked pages: speaker, outlet, site, stories and one story, the dashboard, errors."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from quelle.copies import query as copies
from quelle.errors import QuelleError
from quelle.store import search
from quelle.store.core import Store
from quelle.web import charts, queries
from quelle.web.common import PAGE_SIZE, Renderer, keep, page_number

MAX_NAME = 300


def add_linked_pages(app: FastAPI, store: Store, render: Renderer) -> None:
    def bad(request: Request, err: QuelleError) -> HTMLResponse:
        if err.kind not in ("bad_input", "unreadable"):
            raise err
        return render.message(request, 400, err.message)

    @app.get("/speaker/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker(request: Request, name: str) -> HTMLResponse:
        name = name[:MAX_NAME]
        variants = queries.speaker_variants(store, name)
        names = [v for v, _ in variants] or [name]
        items = queries.speaker_statements(store, names)
        if not items:
            return render.message(request, 404, "No statements of that speaker in this store.")
        chart = charts.months(queries.by_month(items), f"statements of {name} per month")
        return render(request, "speaker.html", name=name, variants=variants, items=items, chart=chart)

    @app.get("/outlet/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet(request: Request, name: str) -> HTMLResponse:
        name = name[:MAX_NAME]
        filters = search.Filters(origin_among=(True, (name,)))  # this origin outlet exactly
        summary = search.stats(store, filters, top=15)
        if not summary["documents"]:
            return render.message(request, 404, "No documents from that outlet in this store.")
        latest = search.search_documents(store, filters, 20, 0)
        return render(request, "outlet.html", name=name, summary=summary, latest=latest,
                      volume=charts.months([(r["value"], r["documents"]) for r in summary["by_month"]],
                                           f"documents from {name} per month"),
                      sites=charts.bars([(r["value"], r["documents"]) for r in summary["by_site"]],
                                        f"sites with documents from {name}", "/site/"),
                      relays=queries.relay_sites(store, name))

    @app.get("/site/{name}", response_class=HTMLResponse, include_in_schema=False)
    def site(request: Request, name: str) -> HTMLResponse:
        profile = copies.get_site(store, name[:MAX_NAME])
        if profile is None:
            return render.message(request, 404, "No such site in this store.")
        filters = search.Filters(site=profile["site"])
        summary = search.stats(store, filters, top=10)
        return render(request, "site.html", profile=profile, summary=summary,
                      volume=charts.months([(r["value"], r["documents"]) for r in summary["by_month"]],
                                           "documents per month"),
                      outlets=charts.bars([(r["value"], r["documents"]) for r in summary["by_outlet"]],
                                          "origin outlets", "/outlet/"))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories(request: Request) -> HTMLResponse:
        try:
            page = page_number(request)
        except QuelleError as err:
            return bad(request, err)
        results = copies.list_stories(store, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        return render(request, "stories.html", results=results, page=page, page_size=PAGE_SIZE, params={},
                      keep=keep)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: str) -> HTMLResponse:
        found = copies.get_story(store, int(story_id)) if search.is_row_id(story_id) else None
        if found is None:
            return render.message(request, 404, "No such story in this store.")
        by_source = {m["source_id"]: m for m in found["members"]}
        return render(request, "story.html", story=found, by_source=by_source,
                      timeline=charts.timeline(found["members"], f"timeline of story {found['story_id']}"))

    @app.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request) -> HTMLResponse:
        summary = search.stats(store, search.Filters(), top=12)
        rows = lambda key: [(r["value"], r["documents"]) for r in summary[key]]  # noqa: E731
        return render(request, "dashboard.html", summary=summary,
                      volume=charts.months(rows("by_month"), "documents per month"),
                      outlets=charts.bars(rows("by_outlet"), "documents by origin outlet", "/outlet/"),
                      languages=charts.bars(rows("by_language"), "documents by language"),
                      sites=charts.bars(rows("by_site"), "documents by site", "/site/"))

    @app.get("/errors", response_class=HTMLResponse, include_in_schema=False)
    def errors(request: Request) -> HTMLResponse:
        try:
            page = page_number(request)
        except QuelleError as err:
            return bad(request, err)
        kind = request.query_params.get("kind", "")[:40] or None
        results = search.list_errors(store, PAGE_SIZE, (page - 1) * PAGE_SIZE, kind)
        return render(request, "errors.html", results=results, page=page, page_size=PAGE_SIZE,
                      params={"kind": kind or ""}, keep=keep)
