"""What every page shares: the templates with the hostile-string filters, the filter form,
bounded page numbers and links that keep every filter."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from quelle.errors import BadInput
from quelle.store import search
from quelle.web import filters as web_filters

PAGE_SIZE = 25
MAX_PAGE = 100_000
FORM_FIELDS = ("q", "speaker", "outlet", "site", "lang", "type", "state_media", "since", "until", "sort")


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(resources.files("quelle.web").joinpath("templates")))
    web_filters.install(found.env)
    return found


class Renderer:
    def __init__(self) -> None:
        self.templates = templates()

    def __call__(self, request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def message(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self(request, "message.html", status, message=message)


def form(request: Request, fields: tuple[str, ...] = FORM_FIELDS) -> dict[str, str]:
    return {k: request.query_params.get(k, "")[:2000] for k in fields}


def page_number(request: Request) -> int:
    value = request.query_params.get("page", "")
    if not value:
        return 1
    if not (value.isascii() and value.isdigit()) or len(value) > 7 or not 1 <= int(value) <= MAX_PAGE:
        raise BadInput(f"page must be a number from 1 to {MAX_PAGE}")
    return int(value)


def keep(params: dict[str, str], **changes: object) -> str:
    """A query string with every non-empty filter (and the changes): paging keeps the filters."""
    merged = {**params, **{k: str(v) for k, v in changes.items()}}
    return urlencode({k: v for k, v in merged.items() if v})


def filters_of(params: dict[str, str]) -> search.Filters:
    filters = search.Filters(
        query=params.get("q") or None, speaker=params.get("speaker") or None, outlet=params.get("outlet") or None,
        site=params.get("site") or None, lang=params.get("lang") or None, type=params.get("type") or None,
        since=search.parse_day(params.get("since"), "since"), until=search.parse_day(params.get("until"), "until"))
    state = params.get("state_media")
    if state in ("yes", "no"):
        from quelle.provenance.state_media import state_outlets

        filters.origin_among = (state == "yes", state_outlets())
    elif state:
        raise BadInput("state_media must be yes or no")
    return filters


def sort_of(params: dict[str, str]) -> str:
    return params.get("sort") or "newest"
