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

from quelle.errors import BadInput
from quelle.model import HtmlInfo

MAX_LINKS = 200
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


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
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
            info.canonical = urljoin(base_url or "", link.get("href").strip())
            break
    info.site_name = info.meta.get("og:site_name") or info.meta.get("application-name")
    page_host = _host(base_url)
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href.startswith(("http://", "https://", "//")):
            continue
        host = _host(urljoin("https://x/", href))
        if not host or host == page_host:
            continue
        text = " ".join(anchor.text_content().split())[:200]
        info.links.append({"href": href[:500], "host": host, "text": text})
        if len(info.links) >= MAX_LINKS:
            break
    return info


def extract_html(page: str, url: str | None = None) -> ExtractedHtml:
    """Main text, title and date of a page; raises BadInput when it holds no article text."""
    page = _XML_DECLARATION.sub("", page, count=1)
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError) as err:
        raise BadInput(f"the HTML could not be parsed: {err}") from None
    info = _page_info(tree, url)
    body = tree.find("body")
    if body is None or not body.text_content().strip():
        raise BadInput("the HTML page has no body text")
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
        text = "\n".join(line.strip() for line in body.text_content().splitlines() if line.strip())
    if not re.search(r"[^\W\d_]", text):
        raise BadInput("the HTML page has no readable text")
    title = getattr(result, "title", None) if result is not None else None
    date = getattr(result, "date", None) if result is not None else None
    return ExtractedHtml(text=text, title=title or info.meta.get("og:title"), date=date, info=info)
