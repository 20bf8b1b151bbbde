"""Map character spans of a report's ``source_text`` onto a gold document's tokens.

Why a separate step: the extractor speaks in character offsets over ``source_text``; the
dataset scores token ids over ``originalText``. For plain text the two strings are identical,
but decoding normalises line ends (and a future pipeline may normalise more), so offsets are
carried across through an alignment whenever the strings differ.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any


class OffsetMap:
    """Character offsets of one string (``source``) -> offsets of another (``target``)."""

    def __init__(self, source: str, target: str) -> None:
        self.identity = source == target
        self._src: list[int] = []
        self._dst: list[int] = []
        self._len = len(target)
        if self.identity:
            return
        matcher = SequenceMatcher(None, source, target, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            if size:
                self._src.append(a)
                self._dst.append(b)
                self._src.append(a + size)
                self._dst.append(b + size)

    def __call__(self, offset: int) -> int:
        """The target offset for a source offset (inside an unmatched gap: the gap's start)."""
        if self.identity:
            return offset
        if not self._src:
            return 0
        k = bisect_right(self._src, offset) - 1
        if k < 0:
            return self._dst[0]
        if k % 2 == 0:  # inside a matching block [src[k], src[k+1])
            return min(self._dst[k] + offset - self._src[k], self._len)
        return self._dst[k]  # in a gap after a block: clamp to the block's end

    def span(self, start: int, end: int) -> tuple[int, int]:
        a, b = self(start), self(end)
        return (a, max(a, b))


class TokenIndex:
    """The tokens of one dataset document, looked up by character range."""

    def __init__(self, tokens: Sequence[Mapping[str, Any]]) -> None:
        ordered = sorted(tokens, key=lambda t: (t["charBegin"], t["charEnd"]))
        self.tokens = ordered
        self._begins = [t["charBegin"] for t in ordered]
        self._max_len = max((t["charEnd"] - t["charBegin"] for t in ordered), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Ids of the tokens whose character range overlaps [start, end)."""
        if end <= start:
            return []
        lo = bisect_left(self._begins, start - self._max_len)
        hi = bisect_left(self._begins, end)
        return [t["id"] for t in self.tokens[lo:hi] if t["charBegin"] < end and start < t["charEnd"]]

    def ids_for(self, spans: Iterable[tuple[int, int]]) -> list[int]:
        ids: set[int] = set()
        for start, end in spans:
            ids.update(self.overlapping(start, end))
        return sorted(ids)


def token_spans(ids: Sequence[int], tokens_by_id: Mapping[int, Mapping[str, Any]]) -> list[dict[str, int]]:
    """Runs of consecutive token ids as dataset ``spans`` (token begin/end exclusive, char offsets)."""
    spans: list[dict[str, int]] = []
    for i in ids:
        token = tokens_by_id[i]
        if spans and spans[-1]["end"] == i:
            spans[-1]["end"] = i + 1
            spans[-1]["charEnd"] = token["charEnd"]
        else:
            spans.append({"begin": i, "end": i + 1, "charBegin": token["charBegin"], "charEnd": token["charEnd"]})
    return spans
