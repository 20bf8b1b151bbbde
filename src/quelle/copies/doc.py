"""The view of one document that copy detection works on: tokens with offsets into a base text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from quelle.copies.scripts import SERBIAN_LATIN

_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+", re.UNICODE)
_LINE = re.compile(r"[^\n]+")


class Token(NamedTuple):
    """One word of the base text: ``text`` is ``base[start:end]``, ``norm`` its comparison form.

    A named tuple: documents have thousands of tokens and tuples are cheap to make.
    """

    text: str
    norm: str
    start: int
    end: int
    para: int  # index of the paragraph it belongs to


_ONE_LANGUAGE_TWO_SCRIPTS = frozenset({"sr", "bs", "hr", "me", "sh"})  # Serbian: Cyrillic and Latin alike


def _serbian_latin(text: str) -> str:
    """Serbian Cyrillic in Latin letters, so that a Latin copy of a Cyrillic page shares its shingles."""
    return "".join(SERBIAN_LATIN.get(ch, ch) for ch in text)


def normalize(word: str) -> str:
    """Case-folded, NFC-normalised form used for shingles (keeps umlauts and Cyrillic)."""
    return word.lower() if word.isascii() else unicodedata.normalize("NFC", word).casefold()


@dataclass(slots=True)
class CopyDoc:
    """A document for copy detection.

    ``text`` is the base text (a report's ``source_text``); ``paragraphs`` are (start, end)
    ranges of it that hold the article proper, so that every offset copy detection reports
    points into the same base text as the rest of the report.
    """

    doc_id: str
    text: str
    language: str | None = None
    paragraphs: list[tuple[int, int]] | None = None
    site: str | None = None
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    _tokens: list[Token] | None = field(default=None, repr=False)
    _ranges: list[tuple[int, int]] | None = field(default=None, repr=False)

    @classmethod
    def from_report(cls, doc_id: str, report) -> CopyDoc:  # noqa: ANN001 - Report or its dict
        """Build from a :class:`quelle.model.Report` or its JSON dict."""
        data = report if isinstance(report, dict) else report.to_dict()
        paras = [(p["start"], p["end"]) for p in data.get("paragraphs") or []]
        return cls(
            doc_id=doc_id,
            text=data.get("source_text") or "",
            language=data.get("language"),
            paragraphs=paras or None,
            site=data.get("site"),
            published=(data.get("published") or None) and str(data["published"])[:10],
            title=data.get("title"),
        )

    def paragraph_ranges(self) -> list[tuple[int, int]]:
        """The article's paragraphs; a range that holds single line breaks is split at them.

        Plain-text crawls and dumps often separate paragraphs by one line break, and a report
        may then carry the whole text as one paragraph; paragraph order is evidence only
        when the paragraphs are there. The words, and so the shingles, are the same either way.
        """
        if self._ranges is None:
            if self.paragraphs:
                blocks = list(self.paragraphs)
            else:
                blocks, pos = [], 0
                for block in re.split(r"(\n\s*\n)", self.text):
                    if block.strip() and not re.fullmatch(r"\n\s*\n", block):
                        blocks.append((pos, pos + len(block)))
                    pos += len(block)
            ranges = []
            for start, end in blocks:
                if "\n" not in self.text[start:end].strip():
                    ranges.append((start, end))
                    continue
                for m in _LINE.finditer(self.text, start, end):
                    if m.group().strip():
                        ranges.append((m.start(), m.end()))
            self._ranges = ranges
        return list(self._ranges)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            out: list[Token] = []
            latin = self.language in _ONE_LANGUAGE_TWO_SCRIPTS
            make = tuple.__new__  # Token(...) without the named tuple's Python-level __new__
            for index, (start, end) in enumerate(self.paragraph_ranges()):
                for m in _WORD.finditer(self.text, start, end):
                    word = m.group()
                    # normalize() inlined for the common ASCII word (same result)
                    norm = word.lower() if word.isascii() else normalize(word)
                    if latin and not word.isascii():
                        norm = _serbian_latin(norm)
                    out.append(make(Token, (word, norm, m.start(), m.end(), index)))
            self._tokens = out
        return self._tokens

    def norm_words(self) -> list[str]:
        """Normalised words for signatures, without building Token objects (the fast path).

        Casefolds whole paragraphs, so in rare cases (a dotted capital I) the words differ from the
        tokens' ``norm``; signatures always come from here, so they agree across documents.
        """
        text = self.text
        words: list[str] = []
        for start, end in self.paragraph_ranges():
            chunk = text[start:end]
            chunk = chunk.lower() if chunk.isascii() else unicodedata.normalize("NFC", chunk).casefold()
            if self.language in _ONE_LANGUAGE_TWO_SCRIPTS and not chunk.isascii():
                chunk = _serbian_latin(chunk)
            words.extend(_WORD.findall(chunk))
        return words

    @property
    def clean_text(self) -> str:
        return "\n\n".join(self.text[s:e] for s, e in self.paragraph_ranges())
