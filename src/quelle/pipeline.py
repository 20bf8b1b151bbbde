"""analyze(): the one per-document function that the CLI, ingest, API and Spark jobs call.

Pure: no global state beyond read-only registries loaded once, no I/O.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import replace
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from quelle import provenance, statements
from quelle.errors import NoText, QuelleError
from quelle.extract.boilerplate import LineClassifier
from quelle.extract.layout import layout
from quelle.ingest.decode import decode
from quelle.language import detect_language
from quelle.model import Article, Document, Report

# Statements and entities are read from the first STATEMENT_CHAR_LIMIT characters of the
# base text only: it keeps a pathological 10 MB "article" within seconds, and no real
# article is that long. The report says when the limit cut the text.
STATEMENT_CHAR_LIMIT = 200_000


@lru_cache(maxsize=1)
def _classifier() -> LineClassifier:
    return LineClassifier(provenance.line_rules())


def site_of(url: str | None) -> str | None:
    """The site a URL belongs to: its host without a leading www."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.").lower() if host else None


def _iso(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def read_article(document: Document) -> Article:
    """Decode, extract and lay out one document; raises QuelleError for unusable input."""
    decoded = decode(document.content, document.media_type)
    notes: dict[str, object] = {}
    if document.repairs:
        notes["input_repairs"] = dict(document.repairs)
    if decoded.replaced_bytes:
        notes["decoding"] = {"replaced_bytes": decoded.replaced_bytes}
    html_info = html_text = None
    known_title = document.title
    published = _iso(document.published)
    published_source = "given" if published else None
    if decoded.media_type == "html":
        from quelle.extract.html import extract_html  # lxml and trafilatura: only for HTML input

        page = extract_html(decoded.text, document.url)
        source_text, html_info, html_text = page.text, page.info, page.html
        if page.simplified:
            notes["html_simplified"] = page.simplified
        known_title = known_title or page.title
        if not published and page.date:
            published, published_source = _iso(page.date), "html"
    else:
        source_text = decoded.text
    parts = layout(source_text, _classifier(), known_title=known_title, clean_title=provenance.clean_title)
    clean = "\n\n".join(p.text for p in parts.paragraphs)
    if not clean.strip():
        raise NoText("every line of the text is site furniture (boilerplate): no article text is left")
    language, score = detect_language(clean or source_text)
    return Article(
        source_text=source_text,
        media_type=decoded.media_type,  # type: ignore[arg-type]
        encoding=decoded.encoding,
        boilerplate=parts.boilerplate,
        paragraphs=parts.paragraphs,
        title=parts.title,
        title_span=parts.title_span,
        language=language,
        language_score=score,
        published=published,
        published_source=published_source,
        site=(document.site or site_of(document.url) or None),
        url=document.url,
        html=html_info,
        html_text=html_text,
        notes=notes,
    )


def analyze(document: Document, *, with_statements: bool = True) -> Report:
    """The full per-document analysis. Raises QuelleError when the input is not an article."""
    article = read_article(document)
    prov = provenance.attribute(article)
    stmts, entities, info = ([], [], {"statements": "skipped"})
    if with_statements:
        view = article
        if len(article.source_text) > STATEMENT_CHAR_LIMIT:
            kept = [p for p in article.paragraphs if p.end <= STATEMENT_CHAR_LIMIT]
            view = replace(article, paragraphs=kept)
        stmts, entities, info = statements.extract(view)
        if view is not article:
            info = {**info, "statements_limited_to_chars": STATEMENT_CHAR_LIMIT}
    return Report(
        source_id=document.source_id,
        url=article.url,
        site=article.site,
        source_text=article.source_text,
        text=article.text,
        title=article.title,
        language=article.language,
        published=article.published,
        media_type=article.media_type,
        encoding=article.encoding,
        boilerplate=article.boilerplate,
        paragraphs=article.paragraphs,
        provenance=prov,
        statements=stmts,
        entities=entities,
        html=article.html,
        analysis={
            "language_score": article.language_score,
            "published_source": article.published_source,
            "title_span": None if article.title_span is None else {
                "start": article.title_span.start, "end": article.title_span.end,
            },
            **info,
            **article.notes,
        },
    )


def analyze_or_error(document: Document, *, with_statements: bool = True) -> Report:
    """Like analyze(), but a failure becomes a Report with an ``error`` field (batch work)."""
    started = time.perf_counter()
    try:
        return analyze(document, with_statements=with_statements)
    except QuelleError as err:
        error = {"kind": err.kind, "message": err.message}
    except MemoryError:
        raise  # a memory budget (quelle.budget) turns it into a too_large row with the time spent
    except Exception as err:  # noqa: BLE001 - batch work must go on; the error is recorded
        error = {
            "kind": "internal",
            "message": f"{type(err).__name__}: {err}",
            "traceback": traceback.format_exc(limit=8),
        }
    error["seconds"] = f"{time.perf_counter() - started:.3f}"
    return error_report(document, error)


def error_report(document: Document, error: dict) -> Report:
    """The Report of a document that failed: no text, and ``error`` saying why."""
    return Report(
        source_id=document.source_id, url=document.url,
        site=document.site or site_of(document.url), source_text="", text="", title=None,
        language=None, published=_iso(document.published), media_type=None, encoding=None,
        boilerplate=[], paragraphs=[], provenance=None, error=error,
    )
