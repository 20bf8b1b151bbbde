"""Split a base text into lines, find the headline, boilerplate lines and paragraphs.

Works on offsets into the base text, so every span it returns satisfies
``source_text[start:end] == text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quelle.extract.boilerplate import LineClassifier
from quelle.model import Boilerplate, Span

_SENTENCE_INSIDE = re.compile(r"[.!?][\"“”«»‘’)]?\s+[A-ZÄÖÜ„\"]")
MAX_TITLE_LEN = 300


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # of the stripped text
    end: int
    text: str


@dataclass(slots=True)
class Layout:
    boilerplate: list[Boilerplate]
    paragraphs: list[Span]
    title: str | None
    title_span: Span | None


def iter_lines(text: str) -> Iterator[Line | None]:
    """Stripped non-empty lines with offsets; None stands for a blank line."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            yield Line(start, start + len(stripped), stripped)
        else:
            yield None
        pos += len(raw) + 1


def _is_headline(lines: list[Line | None], index: int) -> bool:
    """A first line is a headline when it is short, not a finished sentence, and text follows.

    A lede paragraph ("Die Polizei hat ... festgenommen.") ends with a full stop or holds
    several sentences; a headline does neither, unless the page repeats it further down.
    """
    line = lines[index]
    assert line is not None
    if len(line.text) > MAX_TITLE_LEN:
        return False
    rest = [other.text for other in lines[index + 1 :] if other is not None]
    if not rest:
        return False
    if line.text in rest:
        return True
    return not line.text.endswith((".", ":")) and not _SENTENCE_INSIDE.search(line.text)


def layout(
    source_text: str,
    classifier: LineClassifier,
    *,
    known_title: str | None = None,
    clean_title: Callable[[str], str] = lambda title: title,
    detect_headline: bool = True,
) -> Layout:
    """Classify each line; the first title-like line is the headline unless a title is known."""
    lines = list(iter_lines(source_text))
    boilerplate: list[Boilerplate] = []
    kinds: list[str | None] = [None] * len(lines)
    title = clean_title(known_title) if known_title else None
    title_span: Span | None = None
    headline_texts: set[str] = set()
    if known_title:
        headline_texts = {known_title.strip(), title or ""}

    first = next((i for i, line in enumerate(lines) if line is not None), None)
    if first is not None and not known_title and detect_headline and _is_headline(lines, first):
        line = lines[first]
        assert line is not None
        kinds[first] = "headline"
        headline_texts = {line.text}
        title = clean_title(line.text)
        title_span = Span(line.start, line.start + len(title), title) if line.text.startswith(title) else None
        if title:
            headline_texts.add(title)

    for i, line in enumerate(lines):
        if line is None or kinds[i]:
            continue
        if line.text in headline_texts:
            kinds[i] = "headline" if title_span is None and known_title else "headline_repeat"
            if title_span is None and known_title and line.text.startswith(title or "\0"):
                title_span = Span(line.start, line.start + len(title or ""), title or "")
            continue
        kinds[i] = classifier.classify(line.text)

    paragraphs: list[Span] = []
    run_start: Line | None = None
    run_end: Line | None = None
    for i, line in enumerate(lines + [None]):
        kind = kinds[i] if i < len(lines) else None
        if line is not None and kind:
            boilerplate.append(Boilerplate(kind, line.start, line.end, line.text))
        if line is not None and not kind:
            run_start = run_start or line
            run_end = line
            continue
        if run_start is not None and run_end is not None:
            paragraphs.append(Span(run_start.start, run_end.end, source_text[run_start.start : run_end.end]))
        run_start = run_end = None
    return Layout(boilerplate, paragraphs, title, title_span)
