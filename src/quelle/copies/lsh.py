"""Candidate indexes: banded MinHash LSH (similarity) and sampled shingles (containment).

LSH finds pairs whose Jaccard similarity is high. It misses a teaser inside a long story
(small Jaccard, full containment), so a second index keeps a content-defined sample of each
document's shingles (those whose hash is 0 modulo ``mod``): a document contained in another
shares the same sampled shingles, whatever its length. Keys that occur in too many documents
(common phrases) are ignored, which keeps lookups from growing with the store.

Both keep their postings in :class:`Postings`: sorted numpy segments merged like a
log-structured merge tree (8 bytes per posting instead of a Python list per key), queried
with ``searchsorted`` for all of a document's keys at once.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)
_SLOT_MIX = np.array([0xD6E8FEB86659FD93, 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB],
                     dtype=np.uint64)


class Postings:
    """An append-only multimap uint64 key -> int item, searchable in bulk.

    New postings go to a small dict; when it holds ``buffer`` postings it becomes a sorted
    segment, and segments of similar size are merged, so there are O(log n) segments.
    """

    FILTER_BITS = 27  # a Bloom filter of 2**27 bits (16 MB) with 4 hash functions: about 0.1 %
    # false positives at 7 million keys, so a story with no copy rarely touches the segments

    def __init__(self, buffer: int = 4096) -> None:
        self.filter = np.zeros(1 << (self.FILTER_BITS - 3), dtype=np.uint8)  # "key may be present"
        self.keys: list[np.ndarray] = []
        self.items: list[np.ndarray] = []
        self.tail_keys: list[np.ndarray] = []
        self.tail_items: list[np.ndarray] = []
        self.tail_size, self.buffer = 0, buffer
        self._tail: tuple[np.ndarray, np.ndarray] | None = None
        self.common: set[int] = set()  # keys seen with more than max_df postings: never searched again

    def __len__(self) -> int:
        return sum(k.size for k in self.keys) + self.tail_size

    def _slots(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Byte index and bit mask of each key's 4 filter bits, shape (4, n)."""
        slots = (keys.astype(np.uint64, copy=False)[None, :] * _SLOT_MIX[:, None]) >> np.uint64(64 - self.FILTER_BITS)
        return slots >> np.uint64(3), (np.uint8(1) << (slots & np.uint64(7)).astype(np.uint8))

    def _maybe(self, keys: np.ndarray) -> np.ndarray:
        index, mask = self._slots(keys)
        return ((self.filter[index] & mask) != 0).all(axis=0)

    def add(self, keys: np.ndarray, item: int) -> None:
        if keys.size == 0:
            return
        keys = keys.astype(np.uint64)
        index, mask = self._slots(keys)
        np.bitwise_or.at(self.filter, index.ravel(), mask.ravel())
        self.tail_keys.append(keys)
        self.tail_items.append(np.full(keys.size, item, dtype=np.int32))
        self.tail_size += keys.size
        self._tail = None
        if self.tail_size >= self.buffer:
            self._flush()

    def _tail_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._tail is None:
            self._tail = (np.concatenate(self.tail_keys), np.concatenate(self.tail_items))
        return self._tail

    def _flush(self) -> None:
        keys, items = self._tail_arrays()
        order = np.argsort(keys, kind="stable")
        self.keys.append(keys[order])
        self.items.append(items[order])
        self.tail_keys, self.tail_items, self.tail_size, self._tail = [], [], 0, None
        while len(self.keys) > 1 and self.keys[-2].size <= 2 * self.keys[-1].size:
            keys = np.concatenate(self.keys[-2:])
            items = np.concatenate(self.items[-2:])
            order = np.argsort(keys, kind="stable")
            del self.keys[-2:], self.items[-2:]
            self.keys.append(keys[order])
            self.items.append(items[order])

    def lookup(self, query: np.ndarray, max_df: int | None = None) -> list[int]:
        """Items of every posting whose key is in ``query`` (distinct keys; one entry per posting).

        Keys with more than ``max_df`` postings are skipped.
        """
        if query.size == 0:
            return []
        query = query.astype(np.uint64, copy=False)
        if max_df is not None and self.common:
            common = self.common
            query = query[np.fromiter((k not in common for k in query.tolist()), dtype=bool, count=query.size)]
        query = query[self._maybe(query)]  # most keys of a new story are absent
        if query.size == 0:
            return []
        spans = []
        counts = np.zeros(query.size, dtype=np.int64)
        for keys in self.keys:
            left = np.searchsorted(keys, query, "left")
            right = np.searchsorted(keys, query, "right")
            counts += right - left
            spans.append((left, right))
        tail_match = None
        if self.tail_size:
            tail_keys, tail_items = self._tail_arrays()
            tail_match = tail_keys[:, None] == query[None, :]  # (tail, query): both small here
            counts += tail_match.sum(axis=0)
        allowed = counts > 0
        if max_df is not None:
            too_many = counts > max_df
            if too_many.any():
                self.common.update(query[too_many].tolist())
            allowed &= ~too_many
        if not allowed.any():
            return []
        out: list[int] = []
        for items, (left, right) in zip(self.items, spans, strict=True):
            hit = allowed & (right > left)
            for lo, hi in zip(left[hit].tolist(), right[hit].tolist(), strict=True):
                out.extend(items[lo:hi].tolist())
        if tail_match is not None:
            rows = tail_match[:, allowed].any(axis=1)
            out.extend(tail_items[rows].tolist())
        return out


class BandedLSH:
    """MinHash LSH with ``bands`` x ``rows`` = signature length."""

    def __init__(self, num_perm: int = 128, bands: int = 32) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.bands, self.rows = bands, num_perm // bands
        self.postings = Postings()
        weights = np.random.default_rng(3).integers(1, 1 << 62, size=self.rows, dtype=np.uint64) | np.uint64(1)
        self._weights = weights
        self._band_ids = np.arange(self.bands, dtype=np.uint64) * _BAND_MIX

    def threshold(self) -> float:
        """Jaccard similarity at which a pair becomes a candidate with probability ~1/2."""
        return (1 / self.bands) ** (1 / self.rows)

    def keys(self, sig: np.ndarray) -> np.ndarray:
        """One 64-bit key per band (a hash of the band's rows and the band's number)."""
        rows = sig.astype(np.uint64).reshape(self.bands, self.rows)
        return (rows * self._weights).sum(axis=1, dtype=np.uint64) ^ self._band_ids

    def query(self, sig: np.ndarray) -> set[int]:
        return set(self.postings.lookup(self.keys(sig)))

    def insert(self, item: int, sig: np.ndarray) -> None:
        self.postings.add(self.keys(sig), item)


class SampledShingleIndex:
    """Inverted index of the shingles whose hash is 0 mod ``mod`` (containment candidates)."""

    def __init__(self, mod: int = 4, max_df: int = 50, min_shared: int = 2) -> None:
        self.mod, self.max_df, self.min_shared = np.uint64(mod), max_df, min_shared
        self.postings = Postings()

    def sample(self, shingles: np.ndarray) -> np.ndarray:
        return shingles[shingles % self.mod == 0]

    def query(self, sample: np.ndarray) -> dict[int, int]:
        """Documents sharing at least ``min_shared`` (or 1, for small samples) sampled shingles."""
        counts = Counter(self.postings.lookup(sample, self.max_df))
        need = 1 if len(sample) < 4 * self.min_shared else self.min_shared  # a teaser has few samples
        return {doc: n for doc, n in counts.items() if n >= need}

    def insert(self, item: int, sample: np.ndarray) -> None:
        self.postings.add(sample, item)
