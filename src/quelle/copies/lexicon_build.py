"""Build the compact German->English lexicon from Debian's ``trans-de-en`` (the Ding dictionary).

Run at install time (``.ci/packages.sh`` does), never at analysis time::

    python3 src/quelle/copies/lexicon_build.py /usr/share/trans/de-en src/quelle/copies/data/built/de_en.tsv

Standard library only, so it runs before the virtualenv exists. The dictionary is
GPL-2.0-or-later (Frank Richter, TU Chemnitz), compatible with quelle's GPL-3.0-or-later; the
built file keeps its notice and is not committed (see .gitignore).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_BRACKETS = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|/[^/]*/|<[^>]*>")
_GERMAN_WORD = re.compile(r"^[a-zäöüß][a-zäöüß-]{1,40}$")
_EN_SKIP = {"to", "sb", "sth", "sb.", "sth.", "the", "a", "an", "of", "one's", "oneself", "be", "something",
            "somebody", "from", "in", "on", "at", "for", "with", "by", "and", "or", "into", "up", "out", "off"}
MAX_EN_WORDS = 10


def _clean(text: str) -> str:
    return _BRACKETS.sub(" ", text).strip()


def parse_line(line: str) -> list[tuple[str, list[str]]]:
    """(german single-word form, english words) pairs of one Ding line."""
    if line.startswith("#") or "::" not in line:
        return []
    de_side, en_side = line.rstrip("\n").split("::", 1)
    pairs = []
    for de_sub, en_sub in zip(de_side.split("|"), en_side.split("|"), strict=False):
        en_words: list[str] = []
        for alt in en_sub.split(";")[:4]:
            for word in _clean(alt).lower().split():
                word = word.strip(".,!?\"'")
                if word.isalpha() and word not in _EN_SKIP and word not in en_words:
                    en_words.append(word)
        if not en_words:
            continue
        for alt in de_sub.split(";"):
            form = _clean(alt).lower()
            if _GERMAN_WORD.match(form):
                pairs.append((form, en_words))
    return pairs


def build(source: Path, target: Path) -> int:
    table: dict[str, list[str]] = {}
    with source.open(encoding="utf-8", errors="replace") as handle:
        header = [next(handle) for _ in range(4)]
        for line in handle:
            for form, words in parse_line(line):
                known = table.setdefault(form, [])
                for word in words:
                    if len(known) < MAX_EN_WORDS and word not in known:
                        known.append(word)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        out.write("# Built by quelle/copies/lexicon_build.py from Debian trans-de-en (Ding).\n")
        for line in header:
            out.write("# " + line.lstrip("# "))
        for form in sorted(table):
            out.write(f"{form}\t{','.join(table[form])}\n")
    return len(table)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: lexicon_build.py DING_FILE OUTPUT_TSV", file=sys.stderr)
        return 2
    source = Path(argv[1])
    if not source.exists():
        print(f"lexicon_build: {source} not found (install the Debian package trans-de-en)", file=sys.stderr)
        return 1
    count = build(source, Path(argv[2]))
    print(f"lexicon_build: {count} German forms -> {argv[2]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
