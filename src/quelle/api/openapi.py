"""What the OpenAPI schema says about errors, dates and the analyze body."""

from __future__ import annotations

from typing import Any

DAY = {"format": "date", "examples": ["2024-05-14"]}
ERROR_SCHEMA = {"type": "object", "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                               "detail": {"type": "array", "items": {"type": "object"}}}}
ERRORS = {
    400: "Bad input (a query that cannot be read, a date not of the form YYYY-MM-DD, a wrong Host header, "
         "a NUL character, an undecodable body)",
    401: "No or a wrong bearer token",
    403: "Analysis is off (listening beyond loopback without a token)",
    404: "Not in this store",
    413: "The request body is larger than the limit (default 10 MiB)",
    422: "A parameter out of range or of the wrong type; for analyze also: the analysis passed its time limit",
}
ANALYZE_BODY: dict[str, Any] = {"requestBody": {"required": True, "description": "The article: text or HTML, "
                                                "UTF-8 unless the Content-Type names a charset.",
                                                "content": {"text/plain": {"schema": {"type": "string"}},
                                                            "text/html": {"schema": {"type": "string"}}}}}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation documents (400 is documented everywhere: the Host check)."""
    wanted = sorted({400, *codes})
    return {code: {"description": ERRORS[code], "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            for code in wanted}
