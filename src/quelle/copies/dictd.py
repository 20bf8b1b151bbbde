"""Read FreeDict dictionaries as Debian installs them (dictd ``.index`` + ``.dict.dz``).

Used only by ``quelle setup-data`` (never at analysis time). A dictd entry is the headword
line (word, pronunciation, part of speech), then either numbered senses (``1. a, b``) or one
line of translations, then notes and examples in either language. Only the senses (or the
first line) are translations; the notes would add words the entry does not translate to.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENSE = re.compile(r"^\s*\d+\.\s+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|\{[^}]*\}|/[^/]*/")
_SPLIT = re.compile(r"[,;]")


def _b64(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def entries(index: Path, data: Path) -> Iterator[tuple[str, list[str]]]:
    """(headword, translation phrases) for each entry, in index order; the database's own
    ``00-database-*`` entries are skipped."""
    with gzip.open(data) as handle:
        body = handle.read()
    with index.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00-database") or parts[0].startswith("00database"):
                continue
            offset, length = _b64(parts[1]), _b64(parts[2])
            text = body[offset:offset + length].decode("utf-8", errors="replace")
            yield parts[0], translations(text)


def translations(entry: str) -> list[str]:
    """The translation phrases of one entry: its numbered senses, else its second line."""
    lines = [line for line in entry.split("\n")[1:] if line.strip()]
    senses = [_SENSE.sub("", line) for line in lines if _SENSE.match(line)]
    chosen = senses or lines[:1]
    out: list[str] = []
    for line in chosen:
        for phrase in _SPLIT.split(_BRACKETS.sub(" ", line)):
            phrase = " ".join(phrase.split())
            if phrase and phrase not in out:
                out.append(phrase)
    return out


def header(index: Path, data: Path, lines: int = 12) -> list[str]:
    """The first lines of the database's own description entry (``00-database-info``: edition,
    copyright), for the built table's notice."""
    with index.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[0] in ("00-database-info", "00databaseinfo"):
                offset, length = _b64(parts[1]), _b64(parts[2])
                break
        else:
            return []
    with gzip.open(data) as handle:
        text = handle.read(offset + length)[offset:].decode("utf-8", errors="replace")
    return [line.strip() for line in text.split("\n")[:lines] if line.strip()]


def strip_marks(text: str) -> str:
    """Stress marks and other combining marks removed (Ло́ндон -> Лондон)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
