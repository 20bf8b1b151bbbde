"""Charts as server-side SVG: no script, no CDN, so the pages work offline. Every label is
escaped; colours come from CSS classes (the CSP allows no inline style)."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

from quelle.web.filters import path_part


def _svg(width: int, height: int, body: list[str], label: str, css: str) -> Markup:
    return Markup(f'<svg class="chart {css}" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
                  f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
                  f'<title>{escape(label)}</title>' + "".join(body) + "</svg>")


def bars(rows: list[tuple[Any, int]], label: str, link: str | None = None, width: int = 420) -> Markup:
    """Horizontal bars, one per (label, count); ``link`` is a URL prefix the label is appended to."""
    if not rows:
        return Markup('<p class="meta">nothing to count</p>')
    top = max(n for _, n in rows) or 1
    row_h, text_w = 20, 150
    body = []
    for i, (name, n) in enumerate(rows):
        y = i * row_h
        w = max(1, round((width - text_w - 50) * n / top))
        text = escape(str(name) if name is not None else "(none)")
        short = escape((str(name) if name is not None else "(none)")[:22])
        item = (f'<text x="{text_w - 6}" y="{y + 14}" text-anchor="end" class="lbl">{short}<title>{text}</title></text>'
                f'<rect x="{text_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" class="bar"/>'
                f'<text x="{text_w + w + 4}" y="{y + 14}" class="num">{n}</text>')
        if link and name is not None:
            item = f'<a href="{escape(link + path_part(name))}">{item}</a>'
        body.append(item)
    return _svg(width, row_h * len(rows) + 4, body, label, "bars")


def _every_month(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The months from the first to the last, those without documents as 0 (time stays linear)."""
    counts = {m[:7]: n for m, n in rows if len(m) >= 7 and m[:4].isdigit() and m[5:7].isdigit()}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last and len(out) < 1200:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def months(rows: list[tuple[str | None, int]], label: str, width: int = 640, height: int = 160) -> Markup:
    """Columns per month (YYYY-MM), in time order; undated documents are left out."""
    rows = _every_month([(m, n) for m, n in rows if m])
    if not rows:
        return Markup('<p class="meta">no dated documents</p>')
    top = max(n for _, n in rows) or 1
    gap = width / len(rows)
    col = max(2.0, gap * 0.7)
    base = height - 24
    body = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="axis"/>']
    every = max(1, len(rows) // 8)
    for i, (month, n) in enumerate(rows):
        h = round((base - 14) * n / top)
        x = i * gap + (gap - col) / 2
        body.append(f'<rect x="{x:.1f}" y="{base - h}" width="{col:.1f}" height="{h}" class="bar">'
                    f'<title>{escape(month)}: {n}</title></rect>')
        if i % every == 0:
            body.append(f'<text x="{x:.1f}" y="{height - 8}" class="lbl">{escape(month)}</text>')
    body.append(f'<text x="2" y="10" class="num">max {top}</text>')
    return _svg(width, height, body, label, "months")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


RELATION_SHAPES = {"original": "orig", "near_copy": "near", "translation": "transl"}


def timeline(members: list[dict[str, Any]], label: str, width: int = 720) -> Markup:
    """Sites by date: one row per site, a mark per copy (shape: relation, colour class: language),
    the original drawn larger and labelled; each mark links to its document."""
    dated = [(m, _day(m.get("published"))) for m in members]
    days = [d for _, d in dated if d]
    if not days:
        return Markup('<p class="meta">no dated copies to draw</p>')
    first, last = min(days), max(days)
    span = max(1, (last - first).days)
    sites = list(dict.fromkeys(m.get("site") or "(unknown site)" for m in members))
    languages = list(dict.fromkeys(m.get("language") or "?" for m in members))
    left, right, row_h, top = 210, 30, 26, 10
    plot = width - left - right
    height = top + row_h * len(sites) + 40
    body = []
    for i, site in enumerate(sites):
        y = top + i * row_h + row_h / 2
        body.append(f'<text x="{left - 8}" y="{y + 4:.0f}" text-anchor="end" class="lbl">{escape(site[:32])}'
                    f'<title>{escape(site)}</title></text>'
                    f'<line x1="{left}" y1="{y:.0f}" x2="{width - right}" y2="{y:.0f}" class="grid"/>')
    base = top + row_h * len(sites) + 6
    body.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" class="axis"/>'
                f'<text x="{left}" y="{base + 16}" class="lbl">{first.isoformat()}</text>'
                f'<text x="{width - right}" y="{base + 16}" text-anchor="end" class="lbl">{last.isoformat()}</text>')
    for m, day in dated:
        if day is None:
            continue
        x = left + plot * (day - first).days / span
        y = top + sites.index(m.get("site") or "(unknown site)") * row_h + row_h / 2
        relation = str(m.get("relation") or "copy")
        shape = RELATION_SHAPES.get(relation, "near")
        lang = languages.index(m.get("language") or "?") % 8
        tip = escape(f"{m.get('site') or '?'} · {m.get('language') or '?'} · {relation} · {day.isoformat()}")
        if shape == "orig":
            mark = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" class="pt orig lang{lang}"/>'
                    f'<text x="{x + 11:.1f}" y="{y - 7:.1f}" class="lbl tag">original</text>')
        elif shape == "transl":
            mark = f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" class="pt transl lang{lang}"/>'
        else:
            mark = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="pt near lang{lang}"/>'
        href = escape(f"/doc/{m.get('document_id')}")
        body.append(f'<a href="{href}" class="tl-point"><title>{tip}</title>{mark}</a>')
    legend = " ".join(f'<tspan class="lang{i % 8}">■ {escape(code)}</tspan>' for i, code in enumerate(languages))
    body.append(f'<text x="{left}" y="{height - 4}" class="lbl legend">{legend} · ● copy ■ translation '
                f'◉ original</text>')
    return _svg(width, height, body, label, "timeline")
