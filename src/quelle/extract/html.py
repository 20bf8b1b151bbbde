"""HTML page -> main text (trafilatura) plus what the raw page says about itself.

The page is parsed once with lxml; the tree is read for meta tags, the
canonical link and outgoing links, then handed to trafilatura for the main text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from quelle.errors import BadInput, NoText
from quelle.extract.simplify import flatten_html, simplify_html
from quelle.model import HtmlInfo

MAX_LINKS = 200
_PARSER_MAX_DEPTH = 256
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_META_KEYS = {
    "description", "author", "keywords", "news_keywords", "publisher", "copyright",
    "og:title", "og:site_name", "og:url", "og:type", "og:description", "og:locale",
    "article:published_time", "article:modified_time", "article:section", "article:author",
    "article:publisher", "twitter:site", "twitter:creator", "twitter:title", "dc.publisher",
    "dc.source", "dc.date", "date", "pubdate", "citation_publisher", "application-name",
}


@dataclass(slots=True)
class ExtractedHtml:
    text: str
    title: str | None
    date: str | None
    info: HtmlInfo
    html: str = ""  # the page that was read: the input, or its simplified form
    simplified: dict | None = None  # what simplify_html cut, when it had to


def _visible_text(body) -> str:
    """The body's text without script, style and template contents (which are not words)."""
    parts: list[str] = []
    hidden = 0
    for event, node in etree.iterwalk(body, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else None  # comments and processing instructions
        if event == "start":
            if tag in _INVISIBLE:
                hidden += 1
            elif hidden == 0 and tag is not None and node.text:
                parts.append(node.text)
        else:
            if tag in _INVISIBLE:
                hidden -= 1
            if hidden == 0 and node is not body and node.tail:
                parts.append(node.tail)
    return "".join(parts)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _page_info(tree: lxml.html.HtmlElement, base_url: str | None) -> HtmlInfo:
    info = HtmlInfo()
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in _META_KEYS and content and key not in info.meta:
            info.meta[key] = content[:500]
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        info.meta["title"] = " ".join(title.text_content().split())[:500]
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            try:
                info.canonical = urljoin(base_url or "", link.get("href").strip())
            except ValueError:  # a malformed address (http://[ccpa-preferences]) costs that link only
                continue
            break
    info.site_name = info.meta.get("og:site_name") or info.meta.get("application-name")
    page_host = _host(base_url)
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href.startswith(("http://", "https://", "//")):
            continue
        try:
            host = _host(urljoin("https://x/", href))
        except ValueError:  # a malformed address costs that link only
            continue
        if not host or host == page_host:
            continue
        text = " ".join(anchor.text_content().split())[:200]
        info.links.append({"href": href[:500], "host": host, "text": text})
        if len(info.links) >= MAX_LINKS:
            break
    return info


def _parse(page: str):
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError) as err:
        raise BadInput(f"the HTML could not be parsed: {err}") from None
    return tree, tree.find("body")


def extract_html(page: str, url: str | None = None) -> ExtractedHtml:
    """Main text, title and date of a page; raises BadInput when it holds no article text."""
    given = page
    page, simplified = simplify_html(page)
    page = _XML_DECLARATION.sub("", page, count=1)
    tree, body = _parse(page)
    if (body is None or not body.text_content().strip()) and page.count("<") > _PARSER_MAX_DEPTH:
        # libxml2 drops what is nested deeper than 256 elements: read the page flattened
        flat, flattened = flatten_html(page)
        tree, body = _parse(flat)
        page, simplified = flat, {**(simplified or {}), **flattened}
    if body is None or not body.text_content().strip():
        raise BadInput("the HTML page has no body text")
    info = _page_info(tree, url)
    import trafilatura  # here, not at the top: text input never needs it (0.4 s of start-up)

    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        # Fall back to the visible body text: short pages trafilatura rejects still have words.
        visible = _visible_text(body)
        if not re.search(r"[^\W\d_]", visible):
            raise NoText("the HTML page has no text outside scripts and styles")
        text = "\n".join(line.strip() for line in visible.splitlines() if line.strip())
    if not re.search(r"[^\W\d_]", text):
        raise BadInput("the HTML page has no readable text")
    title = getattr(result, "title", None) if result is not None else None
    date = getattr(result, "date", None) if result is not None else None
    return ExtractedHtml(text=text, title=title or info.meta.get("og:title"), date=date, info=info,
                         html=given if simplified is None else page, simplified=simplified)
