"""A line left in the source language: which language a translated page was translated from.

Why: machine-translated relays (and many hand translations) keep a caption, credit or subtitle
of the source in the source's script (a Russian photo caption on a Chinese page). Near the top
of a page written in another script, such a line shows the source language even when nothing
credits an outlet. Lines inside quotation marks are not read: a page may quote a sign or a post.
The data (scripts, thresholds, telling letters) is in data/leftovers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from quelle.provenance.languages import main_language

QUOTES = "\"'«»„“”‚‘’「」『』"


@dataclass(frozen=True, slots=True)
class Script:
    name: str
    ranges: tuple[tuple[str, str], ...]
    written_in: frozenset[str]
    letters: tuple[tuple[str, str], ...]  # (language, letters any of which tell it)
    otherwise: str
    # one character class of the ranges: a line with none of them is passed over in C, so the
    # pages that have no such line (nearly all) pay one regex scan per line and script
    pattern: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        ranges = "".join(f"{re.escape(lo)}-{re.escape(hi)}" for lo, hi in self.ranges)
        object.__setattr__(self, "pattern", re.compile(f"[{ranges}]"))

    def has(self, char: str) -> bool:
        return any(lo <= char <= hi for lo, hi in self.ranges)


@dataclass(frozen=True, slots=True)
class Leftover:
    language: str  # the source language the line is written in
    text: str
    start: int  # offset in the text
    script: str


@lru_cache(maxsize=1)
def _data() -> tuple[int, int, float, tuple[Script, ...]]:
    raw = yaml.safe_load(resources.files("quelle.provenance").joinpath("data/leftovers.yaml").read_text("utf-8"))
    scripts = tuple(Script(str(s["name"]), tuple((str(a), str(b)) for a, b in s["ranges"]),
                           frozenset(str(c) for c in s["written_in"]),
                           tuple((str(x["language"]), str(x["any"])) for x in s.get("letters") or ()),
                           str(s["otherwise"])) for s in raw["scripts"])
    return int(raw["first_lines"]), int(raw["min_words"]), float(raw["min_share"]), scripts


def _line_language(script: Script, line: str) -> str:
    for language, letters in script.letters:
        if any(c in letters for c in line):
            return language
    return script.otherwise


def find_leftover(text: str, language: str | None) -> Leftover | None:
    """The first line near the top written in another script than the page's language, or None."""
    page = main_language(language)
    if not text or not page or page == "und":
        return None
    first_lines, min_words, min_share, scripts = _data()
    candidates = [s for s in scripts if page not in s.written_in]
    if not candidates:
        return None
    offset, seen = 0, 0
    while offset <= len(text):  # line by line from the top: only the first lines are read, not split
        start = offset
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        raw, offset = text[start:end], end + 1
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > first_lines:
            break
        if line[0] in QUOTES:
            continue
        present = [script for script in candidates if script.pattern.search(line)]
        if not present:
            continue
        letters = [c for c in line if c.isalpha()]
        for script in present:
            inside = sum(1 for c in letters if script.has(c))
            words = [w for w in line.split() if any(c.isalpha() for c in w)
                     and all(script.has(c) for c in w if c.isalpha())]
            if letters and inside / len(letters) >= min_share and len(words) >= min_words:
                return Leftover(_line_language(script, line), line, start + raw.index(line), script.name)
    return None


__all__ = ["Leftover", "find_leftover"]
