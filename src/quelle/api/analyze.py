"""POST /api/analyze: the bearer token, the body read within its limit, and the analysis run in
a worker process that is killed when it passes the time limit (the ingest's TimedPool)."""

from __future__ import annotations

import codecs
import hmac
import threading
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from quelle.api.security import too_large
from quelle.api.settings import ServeSettings


def analyze_payload(payload: dict[str, Any], run: Any = None) -> dict[str, Any]:
    """In the worker: one analysis within the payload's budget (time and memory, as ingest has
    them); a QuelleError, a budget passed included, becomes an answer, not a crash."""
    from quelle.budget import Budget, run_within
    from quelle.errors import QuelleError
    from quelle.model import Document
    from quelle.pipeline import analyze
    from quelle.report_json import report_to_dict

    limits = payload.get("budget") or {}
    budget = Budget(seconds=float(limits.get("seconds") or 0), memory_mb=int(limits.get("memory_mb") or 0))
    document = Document(content=payload["content"], source_id="api", url=payload["url"], site=payload["site"],
                        published=payload["published"])
    try:
        report = run_within(budget, run or analyze, document)
    except QuelleError as err:
        return {"__error__": err.kind, "message": err.message}
    return report_to_dict(report)


class Analyzer:
    """One worker process, started on first use; requests take turns (analysis is CPU-bound)."""

    def __init__(self, timeout: float, fn=None, memory_mb: int = 0) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.fn = fn or analyze_payload
        self.lock = threading.Lock()
        self.pool = None

    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        from quelle.ingest.pool import Failed, TimedPool

        with self.lock:
            if self.pool is None:
                self.pool = TimedPool(self.fn, workers=1, timeout=self.timeout, prefetch=1,
                                      preload=("quelle.ingest.warmup",))
            # the worker's own limits: its timer stops Python code in time, the pool's kill stops the rest
            budget = {"seconds": self.timeout, "memory_mb": self.memory_mb}
            for _meta, result in self.pool.run(iter([(None, {**payload, "budget": budget})])):
                if isinstance(result, Failed):
                    if result.kind == "timeout":
                        return {"__error__": "timeout",
                                "message": f"the analysis took longer than {self.timeout:g} s and was stopped"}
                    return {"__error__": "crash", "message": "the analysis failed on this input"}
                return result
        return {"__error__": "crash", "message": "the analysis gave no answer"}

    def close(self) -> None:
        with self.lock:
            if self.pool is not None:
                self.pool.close()
                self.pool = None


def _error(status: int, kind: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": kind, "message": message}, status_code=status, headers=headers or None)


def check_token(request: Request, settings: ServeSettings) -> JSONResponse | None:
    """None when the request may analyse; else the answer that refuses it."""
    if settings.token is None:
        if settings.loopback_only:
            return None
        return _error(403, "forbidden", "analysis is off: this server listens beyond loopback and was started "
                      "without --token (or QUELLE_API_TOKEN)")
    sent = request.headers.get("authorization", "")
    scheme, _, value = sent.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), settings.token.encode()):
        return _error(401, "unauthorized", "send the server's token as 'Authorization: Bearer <token>'",
                      **{"WWW-Authenticate": "Bearer"})
    return None


async def read_body(request: Request, limit: int) -> bytes | JSONResponse:
    """The body, counted as it arrives (a chunked body has no length to check first)."""
    chunks, seen = [], 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            return _error(413, "too_large", too_large(limit), Connection="close")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_body(raw: bytes, content_type: str) -> str | JSONResponse:
    """Text in the declared charset (UTF-8 when none is declared)."""
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        codecs.lookup(charset)
    except LookupError:
        return _error(400, "bad_input", f"unknown charset {charset[:40]!r} in the Content-Type header")
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as err:
        return _error(400, "bad_input", f"the body is not valid {charset[:40]} (byte {err.start}); "
                      "send UTF-8 or declare the charset in Content-Type")


def payload(text: str, url: str | None, site: str | None, published: date | None) -> dict[str, Any]:
    return {"content": text.encode("utf-8"), "url": url, "site": site, "published": published}


def answer(result: dict[str, Any]) -> JSONResponse:
    kind = result.get("__error__")
    if kind is None:
        return JSONResponse(result)
    status = 400 if kind in ("bad_input", "unreadable") else 422
    return _error(status, kind, result.get("message") or kind)
