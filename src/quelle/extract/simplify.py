"""Huge or degenerate HTML made small enough before extraction that its cost stays near linear.

Why: trafilatura's cost grows faster than the page (a paragraph of 40,000 ``<span>`` took
144 s, a million ``<p>a</p>`` over 300 s and 1.6 GB), and libxml2 drops everything nested
deeper than 256 elements. Real article pages hold a few thousand tags, so nothing here runs on
them: the only cost on a normal page is one count of ``<``. Past ``TRIGGER_TAGS`` the page is
simplified in steps, each only when the one before was not enough: (1) scripts, styles, SVG,
templates and comments go; (2) inline formatting tags are unwrapped (their text stays);
(3) only block, heading and link tags are kept; (4) the page is cut after ``MAX_TAGS`` tags.
:func:`flatten_html` is the fallback for a page
nested too deep to parse: only block and heading tags are kept. The returned dict says what
was cut, for the report (``analysis.html_simplified``).
"""

from __future__ import annotations

import re

TRIGGER_TAGS = 30_000  # '<' characters; an ordinary article page has 1,000-10,000
MAX_TAGS = 40_000

_INVISIBLE_BLOCK = re.compile(
    r"<(script|style|svg|template|noscript|math)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_INLINE_TAG = re.compile(
    r"</?(?:span|font|b|i|em|strong|u|s|small|big|sub|sup|abbr|mark|ins|del|code|tt|wbr|nobr|cite|q|"
    r"time|label|bdi|bdo|var|kbd|samp|dfn|data)\b[^>]*>", re.I)
_KEEP_WHEN_FLAT = re.compile(
    r"</?(?!(?:html|head|body|title|meta|link|p|br|h[1-6]|li|blockquote|pre|article|a)\b)[a-z][^>]*>", re.I)


def _cut_after(page: str, tags: int) -> int:
    """The position of the ``tags``-th '<' (len(page) when there are fewer)."""
    position = -1
    for _ in range(tags):
        position = page.find("<", position + 1)
        if position < 0:
            return len(page)
    return position


def simplify_html(page: str) -> tuple[str, dict | None]:
    """The page, simplified when it holds more than TRIGGER_TAGS tags; and what was cut (None: nothing)."""
    tags = page.count("<")
    if tags <= TRIGGER_TAGS:
        return page, None
    report: dict = {"tags_before": tags, "bytes_before": len(page)}
    page, removed = _INVISIBLE_BLOCK.subn("", page)
    if removed:
        report["scripts_styles_comments_removed"] = removed
    tags = page.count("<")
    if tags > TRIGGER_TAGS:
        page, unwrapped = _INLINE_TAG.subn("", page)
        if unwrapped:
            report["inline_tags_unwrapped"] = unwrapped
        tags = page.count("<")
    if tags > MAX_TAGS:  # keep only block, heading and link tags (deep nesting goes), then cut
        page, removed = _KEEP_WHEN_FLAT.subn(" ", page)
        report["flattened_nesting"] = True
        report["layout_tags_removed"] = removed
        tags = page.count("<")
    if tags > MAX_TAGS:
        end = _cut_after(page, MAX_TAGS)
        report["cut_after_tags"] = MAX_TAGS
        report["bytes_cut"] = len(page) - end
        report["tags_cut"] = tags - MAX_TAGS
        page = page[:end] + "</body></html>"
        tags = MAX_TAGS
    report["tags_after"] = tags
    report["bytes_after"] = len(page)
    return page, report


def flatten_html(page: str) -> tuple[str, dict]:
    """A page nested too deep for the parser, with only block, heading and link tags left."""
    flat, removed = _KEEP_WHEN_FLAT.subn(" ", _INVISIBLE_BLOCK.sub("", page))
    return flat, {"flattened_nesting": True, "tags_removed": removed, "bytes_before": len(page),
                  "bytes_after": len(flat)}
