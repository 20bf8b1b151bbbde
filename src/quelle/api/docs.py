"""/docs offline: Swagger UI 5 from the swagger-ui-py package (its static files), started by our own script file
(no inline script, no CDN). Without that package, a plain list of the operations instead."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>quelle: JSON API</title>
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body></html>"""


def _bundle_path() -> str | None:
    from importlib import resources

    try:
        path = resources.files("swagger_ui").joinpath("static")
    except ModuleNotFoundError:
        return None
    return str(path) if path.joinpath("swagger-ui-bundle.js").is_file() else None


def _plain_page(app: FastAPI) -> str:
    rows = []
    for path, item in sorted(app.openapi().get("paths", {}).items()):
        for method, op in item.items():
            rows.append(f"<li><code>{escape(method.upper())} {escape(path)}</code> {escape(op.get('summary', ''))}"
                        f"<br><small>{escape(op.get('description', ''))}</small></li>")
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>quelle: JSON API</title>'
            '<link rel="stylesheet" href="/static/quelle.css"></head><body><main><h1>quelle JSON API</h1>'
            '<p>The schema: <a href="/openapi.json">/openapi.json</a></p><ul>' + "".join(rows)
            + "</ul></main></body></html>")


def add_docs(app: FastAPI) -> None:
    bundle = _bundle_path()
    if bundle:
        app.mount("/static/swagger-ui", StaticFiles(directory=bundle), "swagger-ui")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE if bundle else _plain_page(app))
