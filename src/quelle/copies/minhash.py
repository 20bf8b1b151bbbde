"""Word shingles and a vectorised MinHash (numpy), compatible in spirit with datasketch.

Why our own: datasketch's ``MinHash.update`` hashes one shingle per Python call; hashing the
words once (crc32) and combining them into shingle hashes with numpy makes a signature cost
a handful of array operations, which is what lets ingest match thousands of documents a
second. ``bench/copies.py`` measures both in the same run.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

MERSENNE = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64(0xFFFFFFFF)
_MIX = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77), np.uint64(0xC2B2AE3D), np.uint64(0x27D4EB2F))


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """Stable 32-bit hashes of words (crc32: the same in every process and on every machine)."""
    return np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))


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
    """MinHash with ``num_perm`` universal hash permutations ``(a*x + b) mod p``."""

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        rng = np.random.RandomState(seed)
        self.num_perm = num_perm
        self.a = rng.randint(1, 1 << 32, size=num_perm, dtype=np.uint64)
        self.b = rng.randint(0, 1 << 32, size=num_perm, dtype=np.uint64)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        """The MinHash signature (uint32 per permutation) of a set of shingle hashes."""
        if len(shingles) == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        # (num_perm, n) in chunks so a huge document never allocates a huge matrix
        out = np.full(self.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
        for start in range(0, len(shingles), 4096):
            chunk = shingles[start : start + 4096]
            values = ((np.outer(self.a, chunk) + self.b[:, None]) % MERSENNE) & MAX_HASH
            np.minimum(out, values.min(axis=1), out=out)
        return out.astype(np.uint32)


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
