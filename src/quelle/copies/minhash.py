"""Word shingles and a vectorised MinHash (numpy), compatible in spirit with datasketch.

Why our own: datasketch's ``MinHash.update`` hashes one shingle per Python call; hashing the
words once (crc32) and combining them into shingle hashes with numpy makes a signature cost
a handful of array operations, which is what lets ingest match thousands of documents a
second. ``bench/copies.py`` measures both in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_SHIFT = np.uint64(32)
MAX_HASH = np.uint64(0xFFFFFFFF)
_MIX = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77), np.uint64(0xC2B2AE3D), np.uint64(0x27D4EB2F))


WORD_WIDTH = 24  # characters of a word that its hash sees
_POSITION = (np.random.default_rng(17).integers(1, 1 << 62, size=WORD_WIDTH, dtype=np.uint64) | np.uint64(1))


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """Stable 32-bit hashes of words, vectorised: the same in every process and on every machine.

    The code points of the first ``WORD_WIDTH`` characters are combined with fixed random weights
    (plus the word length) and mixed; longer words that agree on those characters share a hash.
    """
    if not words:
        return np.zeros(0, dtype=np.uint64)
    codes = np.array(words, dtype=f"<U{WORD_WIDTH}").view(np.uint32).reshape(len(words), WORD_WIDTH)
    h = (codes.astype(np.uint64) * _POSITION).sum(axis=1, dtype=np.uint64)
    h ^= np.fromiter(map(len, words), dtype=np.uint64, count=len(words)) * np.uint64(0x9E3779B97F4A7C15)
    h ^= h >> np.uint64(31)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(29)
    return h & MAX_HASH


def shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """32-bit hashes of the k-word shingles, in text order (one per start position)."""
    n = len(hashes) - k + 1
    if n <= 0:
        if len(hashes) == 0:
            return np.zeros(0, dtype=np.uint64)
        n, k = 1, len(hashes)
    acc = np.zeros(n, dtype=np.uint64)
    for i in range(k):
        acc = (acc * _MIX[i % 4] + hashes[i : i + n] + np.uint64(i)) & MAX_HASH
        acc ^= acc >> np.uint64(15)
    return acc


class MinHasher:
    """MinHash with ``num_perm`` multiply-shift hash functions ``(a*x + b) >> 32`` (a odd, 64-bit).

    Multiply-shift is a universal family that needs no modulo (slow in numpy); the estimate of
    Jaccard similarity is as good as datasketch's ``(a*x + b) mod p`` (see the unit test).
    """

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
        self.b = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        """The MinHash signature (uint32 per permutation) of a set of shingle hashes."""
        if len(shingles) == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        # (num_perm, n) in chunks so a huge document never allocates a huge matrix
        out = np.full(self.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
        for start in range(0, len(shingles), 4096):
            chunk = shingles[start : start + 4096]
            values = (np.outer(self.a, chunk) + self.b[:, None]) >> _SHIFT
            np.minimum(out, values.min(axis=1), out=out)
        return out.astype(np.uint32)


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
