"""Candidate indexes: banded MinHash LSH (similarity) and sampled shingles (containment).

LSH finds pairs whose Jaccard similarity is high. It misses a teaser inside a long story
(small Jaccard, full containment), so a second index keeps a content-defined sample of each
document's shingles (those whose hash is 0 modulo ``mod``): a document contained in another
shares the same sampled shingles, whatever its length. Sampled shingles that occur in too
many documents (common phrases) are ignored, which keeps lookups from growing with the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np


class BandedLSH:
    """MinHash LSH with ``bands`` x ``rows`` = signature length."""

    def __init__(self, num_perm: int = 128, bands: int = 32) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.bands, self.rows = bands, num_perm // bands
        self.tables: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in range(bands)]

    def threshold(self) -> float:
        """Jaccard similarity at which a pair becomes a candidate with probability ~1/2."""
        return (1 / self.bands) ** (1 / self.rows)

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        raw = sig.tobytes()
        width = self.rows * sig.itemsize
        return [raw[i * width : (i + 1) * width] for i in range(self.bands)]

    def query(self, sig: np.ndarray) -> set[int]:
        found: set[int] = set()
        for table, key in zip(self.tables, self._keys(sig), strict=True):
            hit = table.get(key)
            if hit:
                found.update(hit)
        return found

    def insert(self, item: int, sig: np.ndarray) -> None:
        for table, key in zip(self.tables, self._keys(sig), strict=True):
            table[key].append(item)


class SampledShingleIndex:
    """Inverted index of the shingles whose hash is 0 mod ``mod`` (containment candidates)."""

    def __init__(self, mod: int = 4, max_df: int = 50, min_shared: int = 2) -> None:
        self.mod, self.max_df, self.min_shared = np.uint64(mod), max_df, min_shared
        self.postings: dict[int, list[int]] = defaultdict(list)

    def sample(self, shingles: np.ndarray) -> np.ndarray:
        return shingles[shingles % self.mod == 0]

    def query(self, sample: np.ndarray) -> dict[int, int]:
        """Documents sharing at least ``min_shared`` (or all, for tiny samples) sampled shingles."""
        counts: Counter[int] = Counter()
        for h in sample.tolist():
            posting = self.postings.get(h)
            if posting and len(posting) <= self.max_df:
                counts.update(posting)
        need = 1 if len(sample) < 4 * self.min_shared else self.min_shared  # a teaser has few samples
        return {doc: n for doc, n in counts.items() if n >= need}

    def insert(self, item: int, sample: np.ndarray) -> None:
        for h in sample.tolist():
            posting = self.postings[h]
            if len(posting) <= self.max_df:
                posting.append(item)
