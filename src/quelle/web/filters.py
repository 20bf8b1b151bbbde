"""Jinja filters for hostile strings: every stored string may have been written by the people
our users study. Autoescaping handles markup; these handle what escaping does not."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

# Characters that reorder or hide text: shown as visible labels, never applied.
BIDI = {
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF",
    "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u200b": "ZWSP", "\u2060": "WJ", "\ufeff": "BOM",
}
_BIDI_RE = re.compile("[" + "".join(BIDI) + "]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _label(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return (f'<span class="bidi" title="U+{ord(ch):04X} {escape(name)}">'
            f'[{BIDI[ch]}]</span>')


def show_bidi(text: object) -> Markup:
    """The text escaped, with bidi controls and other control characters shown as labels."""
    if text is None:
        return Markup("")
    escaped = str(escape(str(text)))
    escaped = _CONTROL_RE.sub(lambda m: f'<span class="bidi">[U+{ord(m.group()):04X}]</span>', escaped)
    return Markup(_BIDI_RE.sub(lambda m: _label(m.group()), escaped))


def safe_url(url: object) -> str | None:
    """The URL when it is a plain http(s) URL with a host; None otherwise (it is then shown as text)."""
    if not isinstance(url, str):
        return None
    value = url.strip()
    if not value or _CONTROL_RE.search(value) or _BIDI_RE.search(value) or any(ch.isspace() for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def highlight(text: object, words: list[str]) -> Markup:
    """The text escaped, with the query words marked (case-insensitive)."""
    if text is None:
        return Markup("")
    source = str(text)
    wanted = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    if not wanted:
        return show_bidi(source)
    pattern = re.compile("|".join(re.escape(w) for w in wanted), re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(source):
        out.append(show_bidi(source[pos:match.start()]))
        out.append(Markup("<mark>") + show_bidi(match.group()) + Markup("</mark>"))
        pos = match.end()
    out.append(show_bidi(source[pos:]))
    return Markup("").join(out)


def path_part(value: object) -> str:
    """A value for one URL path segment (a site, a speaker name): '/' and everything else encoded."""
    return quote(str(value or ""), safe="")


def path_rest(value: object) -> str:
    """A value for a trailing path (a source_id that holds '/'): '/' kept, the rest encoded."""
    return quote(str(value or ""), safe="/")


def install(env) -> None:
    env.filters.update(show_bidi=show_bidi, safe_url=safe_url, highlight=highlight, path_part=path_part,
                       path_rest=path_rest)
