"""Vectorised word overlap between two documents' paragraphs (numpy), for cross-language scoring.

Each document is packed once: for every content word the ids of its concept keys, and its
paragraph. Comparing two documents is then a join of concept ids (``searchsorted``), giving for
each word of one document the paragraphs of the other that contain one of its concepts; the
paragraph-by-paragraph overlap matrix, the whole-document overlap and the overlap of an aligned
stretch all follow by counting. The same figures as the plain-Python ``overlap_f`` definition:
the share of x's words found in y, the share of y's words found in x, and their harmonic mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_IDS: dict[str, int] = {}  # concept key -> id, for this process


def _id(concept: str) -> int:
    found = _IDS.get(concept)
    if found is None:
        found = _IDS[concept] = len(_IDS)
    return found


@dataclass(slots=True)
class Packed:
    word_para: np.ndarray  # paragraph of each word
    entry_word: np.ndarray  # word of each (word, concept) entry
    entry_concept: np.ndarray  # concept id of each entry
    para_words: np.ndarray  # words per paragraph
    pair_concept: np.ndarray  # distinct (concept, paragraph) pairs, sorted by concept
    pair_para: np.ndarray

    @property
    def n_words(self) -> int:
        return int(self.word_para.size)

    @property
    def n_paras(self) -> int:
        return int(self.para_words.size)


def pack(paras: list[list[tuple[str, ...]]]) -> Packed:
    # flat lists by comprehension, ids through dict.get: the per-entry Python work is most of the cost
    flat = [c for words in paras for concepts in words for c in concepts]
    get = _IDS.get
    ids = [get(c) for c in flat]
    if None in ids:  # new concepts get the next ids, in order of first appearance
        ids = [found if found is not None else _id(c) for c, found in zip(flat, ids, strict=True)]
    per_word = np.fromiter((len(concepts) for words in paras for concepts in words), dtype=np.int64)
    n_paras = len(paras)
    wp = np.repeat(np.arange(n_paras, dtype=np.int64), [len(words) for words in paras])
    ew = np.repeat(np.arange(per_word.size, dtype=np.int64), per_word)
    ec = np.array(ids, dtype=np.int64)
    pairs = np.unique(ec * max(1, n_paras) + wp[ew]) if ec.size else np.zeros(0, dtype=np.int64)
    return Packed(wp, ew, ec, np.bincount(wp, minlength=n_paras) if wp.size else np.zeros(n_paras, np.int64),
                  pairs // max(1, n_paras), pairs % max(1, n_paras))


def hits(x: Packed, y: Packed) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (word of x, paragraph of y) pairs where the paragraph holds one of the word's concepts."""
    if x.entry_concept.size == 0 or y.pair_concept.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    left = np.searchsorted(y.pair_concept, x.entry_concept, "left")
    right = np.searchsorted(y.pair_concept, x.entry_concept, "right")
    lengths = right - left
    total = int(lengths.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    entry = np.repeat(np.arange(lengths.size), lengths)
    pos = np.arange(total) + np.repeat(left - (np.cumsum(lengths) - lengths), lengths)
    key = _sorted_unique(x.entry_word[entry] * y.n_paras + y.pair_para[pos], x.n_words * y.n_paras)
    return key // y.n_paras, key % y.n_paras


def _sorted_unique(values: np.ndarray, size: int) -> np.ndarray:
    """``np.unique`` of small non-negative integers below ``size``, by marking (no sort, no hashing)."""
    seen = np.zeros(size, dtype=bool)
    seen[values] = True
    return np.flatnonzero(seen)


def _distinct(sorted_values: np.ndarray) -> int:
    """How many distinct values a sorted array holds (``np.unique(a).size`` without the copy)."""
    if not sorted_values.size:
        return 0
    return 1 + int(np.count_nonzero(sorted_values[1:] != sorted_values[:-1]))


def _f(p: np.ndarray | float, r: np.ndarray | float):
    total = p + r
    return np.where(total > 0, 2 * p * r / np.where(total > 0, total, 1), 0.0)


@dataclass(slots=True)
class Overlaps:
    x: Packed
    y: Packed
    xw: np.ndarray  # words of x found in paragraph yp of y
    yp: np.ndarray
    yw: np.ndarray  # words of y found in paragraph xp of x
    xp: np.ndarray

    @classmethod
    def of(cls, x: Packed, y: Packed) -> Overlaps:
        xw, yp = hits(x, y)
        yw, xp = hits(y, x)
        return cls(x, y, xw, yp, yw, xp)

    def whole(self) -> float:
        if not self.x.n_words or not self.y.n_words:
            return 0.0
        # xw and yw come sorted from ``hits``
        p = _distinct(self.xw) / self.x.n_words
        r = _distinct(self.yw) / self.y.n_words
        return float(_f(p, r))

    def matrix(self) -> np.ndarray:
        """Paragraph-by-paragraph overlap (x paragraphs as rows)."""
        nx, ny = self.x.n_paras, self.y.n_paras
        hx = np.bincount(self.x.word_para[self.xw] * ny + self.yp, minlength=nx * ny).reshape(nx, ny)
        hy = np.bincount(self.y.word_para[self.yw] * nx + self.xp, minlength=nx * ny).reshape(ny, nx)
        p = hx / np.maximum(self.x.para_words, 1)[:, None]
        r = (hy / np.maximum(self.y.para_words, 1)[:, None]).T
        return _f(p, r)

    def window(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Overlap of x's paragraphs i0..i1 with y's paragraphs j0..j1 (inclusive)."""
        xin = (self.x.word_para >= i0) & (self.x.word_para <= i1)
        yin = (self.y.word_para >= j0) & (self.y.word_para <= j1)
        nx, ny = int(xin.sum()), int(yin.sum())
        if not nx or not ny:
            return 0.0
        keep = xin[self.xw] & (self.yp >= j0) & (self.yp <= j1)
        p = _distinct(self.xw[keep]) / nx
        keep = yin[self.yw] & (self.xp >= i0) & (self.xp <= i1)
        r = _distinct(self.yw[keep]) / ny
        return float(_f(p, r))
