"""The view of one document that copy detection works on: tokens with offsets into a base text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+", re.UNICODE)


class Token(NamedTuple):
    """One word of the base text: ``text`` is ``base[start:end]``, ``norm`` its comparison form.

    A named tuple: documents have thousands of tokens and tuples are cheap to make.
    """

    text: str
    norm: str
    start: int
    end: int
    para: int  # index of the paragraph it belongs to


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
        if self.paragraphs:
            return list(self.paragraphs)
        ranges, pos = [], 0
        for block in re.split(r"(\n\s*\n)", self.text):
            if block.strip() and not re.fullmatch(r"\n\s*\n", block):
                ranges.append((pos, pos + len(block)))
            pos += len(block)
        return ranges

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            out: list[Token] = []
            make = tuple.__new__  # Token(...) without the named tuple's Python-level __new__
            for index, (start, end) in enumerate(self.paragraph_ranges()):
                for m in _WORD.finditer(self.text, start, end):
                    word = m.group()
                    # normalize() inlined for the common ASCII word (same result)
                    norm = word.lower() if word.isascii() else normalize(word)
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
            words.extend(_WORD.findall(chunk))
        return words

    @property
    def clean_text(self) -> str:
        return "\n\n".join(self.text[s:e] for s, e in self.paragraph_ranges())
