"""The document's text with marks: statements (one colour per speaker), cues, speaker mentions,
evidence spans and removed boilerplate. Offsets are into the report's ``source_text``.

Marks may overlap, so the text is cut at every mark boundary and each piece carries the classes
of every mark over it; anchors (``id``) sit where a mark starts, for the tables' links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from quelle.web.filters import show_bidi

COLOURS = 8


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    css: str
    anchor: str | None = None
    title: str | None = None


def _span(item: Any) -> tuple[int, int] | None:
    if not isinstance(item, dict):
        return None
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def speaker_key(statement: dict[str, Any]) -> str:
    speaker = statement.get("speaker") or {}
    mention = speaker.get("mention") or {}
    return str(speaker.get("name") or mention.get("text") or "?")


def speaker_colours(statements: list[dict[str, Any]]) -> dict[str, int]:
    """One colour index per speaker, in order of first appearance."""
    colours: dict[str, int] = {}
    for statement in statements:
        colours.setdefault(speaker_key(statement), len(colours) % COLOURS)
    return colours


def document_marks(report: dict[str, Any]) -> list[Mark]:
    statements = report.get("statements") or []
    colours = speaker_colours(statements)
    marks: list[Mark] = []
    for i, st in enumerate(statements):
        who = speaker_key(st)
        colour = colours[who]
        for k, span in enumerate(st.get("spans") or []):
            bounds = _span(span)
            if bounds:
                marks.append(Mark(*bounds, f"st sp{colour}", f"st-{i}" if k == 0 else None, f"{who}: {st.get('type')}"))
        bounds = _span(st.get("cue"))
        if bounds:
            marks.append(Mark(*bounds, "cue", None, "cue"))
        bounds = _span((st.get("speaker") or {}).get("mention"))
        if bounds:
            marks.append(Mark(*bounds, f"who sp{colour}", None, f"speaker: {who}"))
    prov = report.get("provenance") or {}
    for i, ev in enumerate(prov.get("evidence") or []):
        bounds = _span(ev)
        if bounds and ev.get("in", "text") == "text":
            marks.append(Mark(*bounds, "ev", f"ev-{i}", f"evidence: {ev.get('kind')}"))
    for i, bp in enumerate(report.get("boilerplate") or []):
        bounds = _span(bp)
        if bounds:
            marks.append(Mark(*bounds, "bp", f"bp-{i}", f"removed: {bp.get('kind')}"))
    return marks


def render(text: str, marks: list[Mark]) -> Markup:
    """``text`` escaped (bidi controls shown), cut at the marks' boundaries, each piece in its classes."""
    size = len(text)
    marks = [m for m in marks if m.start < size]
    cuts = sorted({0, size, *(m.start for m in marks), *(min(m.end, size) for m in marks)})
    out: list[Markup] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        for m in marks:
            if m.start == a and m.anchor:
                out.append(Markup('<a class="anchor" id="{}"></a>').format(m.anchor))
        over = [m for m in marks if m.start <= a and m.end >= b]
        piece = show_bidi(text[a:b])
        if over:
            css = " ".join(dict.fromkeys(c for m in over for c in m.css.split()))
            title = " · ".join(dict.fromkeys(m.title for m in over if m.title))
            out.append(Markup('<span class="{}" title="{}">').format(css, title) + piece + Markup("</span>"))
        else:
            out.append(piece)
    return Markup("").join(out)


def marked_document(report: dict[str, Any]) -> Markup:
    return render(str(report.get("source_text") or report.get("text") or ""), document_marks(report))


__all__ = ["Mark", "escape", "marked_document", "render", "speaker_colours", "speaker_key"]
