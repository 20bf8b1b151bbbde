"""Same-language comparison of two documents: similarity, containment and shared passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from quelle.copies.doc import CopyDoc
from quelle.copies.minhash import shingle_hashes, word_hashes
from quelle.copies.speech import speech_spans

SHINGLE = 4


@dataclass(slots=True)
class Shingled:
    """The shingles of one document: in text order (for alignment) and as a sorted set."""

    ordered: np.ndarray  # uint64
    unique: np.ndarray  # uint32: the hashes are 32-bit, and the index keeps one set per document

    @classmethod
    def of(cls, doc: CopyDoc, k: int = SHINGLE) -> Shingled:
        ordered = shingle_hashes(word_hashes(doc.norm_words()), k)
        return cls(ordered, np.unique(ordered).astype(np.uint32))


@dataclass(slots=True)
class Overlap:
    shared: int
    jaccard: float
    containment: float  # shared / size of the smaller document
    contained: str | None  # "a" or "b": which one lies (mostly) inside the other
    size_a: int
    size_b: int


def overlap(a: np.ndarray, b: np.ndarray, shared: int | None = None) -> Overlap:
    """Exact overlap of two sorted sets of shingle hashes (``shared``: their common count, when known)."""
    if shared is None:
        shared = int(np.intersect1d(a, b, assume_unique=True).size)
    na, nb = int(a.size), int(b.size)
    union = na + nb - shared
    small = min(na, nb) or 1
    contained = None
    if shared / small >= 0.6 and min(na, nb) <= 0.7 * max(na, nb):
        contained = "a" if na <= nb else "b"
    return Overlap(shared, shared / union if union else 0.0, shared / small, contained, na, nb)


@dataclass(slots=True)
class Passage:
    """A run of text two documents share: character ranges in each base text."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int

    def to_dict(self) -> dict[str, int]:
        return {"a_start": self.a_start, "a_end": self.a_end, "b_start": self.b_start,
                "b_end": self.b_end, "words": self.words}


def passages(doc_a: CopyDoc, a: Shingled, doc_b: CopyDoc, b: Shingled, k: int = SHINGLE,
             min_words: int = 8) -> list[Passage]:
    """Maximal shared runs: consecutive matching shingles on one diagonal, mapped to offsets."""
    ta, tb = doc_a.tokens, doc_b.tokens
    a = Shingled(shingle_hashes(word_hashes([t.norm for t in ta]), k), a.unique)
    b = Shingled(shingle_hashes(word_hashes([t.norm for t in tb]), k), b.unique)
    first_in_b: dict[int, int] = {}
    for j, h in enumerate(b.ordered.tolist()):
        first_in_b.setdefault(h, j)
    runs: list[list[int]] = []  # [i_start, i_end, j_start]
    for i, h in enumerate(a.ordered.tolist()):
        j = first_in_b.get(h)
        if j is None:
            continue
        if runs and runs[-1][1] == i and runs[-1][2] + (i - runs[-1][0]) == j:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1, j])
    out: list[Passage] = []
    for i0, i1, j0 in runs:
        words = (i1 - i0) + k - 1
        if words < min_words:
            continue
        j1 = j0 + (i1 - i0)
        a_last = min(i1 - 1 + k - 1, len(ta) - 1)
        b_last = min(j1 - 1 + k - 1, len(tb) - 1)
        out.append(Passage(ta[i0].start, ta[a_last].end, tb[j0].start, tb[b_last].end, words))
    return out


# quotations of at least four words: two independent reports of one statement share these,
# so they are no evidence that one text copies the other
_QUOTATION = re.compile(r"„[^“”\"\n]+[“”\"]|“[^”\n]+[”“]|\"[^\"\n]+\"|«[^»\n]+»|‚[^‘’\n]+[‘’]|”[^”\n]+”|「[^」\n]+」")
# a quotation still open at the end of its line: cut by an excerpt's end, or a quotation of several
# paragraphs (each opens with a quotation mark, only the last one closes)
_OPEN_QUOTATION = re.compile(r"(?:(?<=^)|(?<=[\s(:—–-]))[„“«‚\"](?=\w)[^\n]*$", re.MULTILINE)
PARTIAL_RUN = 6  # consecutive shared shingles (9 words) that make a copied passage


def quoted_spans(doc: CopyDoc) -> list[tuple[int, int]]:
    """Character spans of quotations of four or more words (closed, or open to the end of their line)."""
    text = doc.text
    closed = [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]
    spans = [(s, e) for s, e in closed if len(text[s:e].split()) >= 4]
    for m in _OPEN_QUOTATION.finditer(text):
        if len(m.group().split()) >= 4 and not any(s <= m.start() < e for s, e in closed):
            spans.append((m.start(), m.end()))
    return spans


def _touching(doc: CopyDoc, shingled: Shingled, groups: list[list[tuple[int, int]]],
              k: int = SHINGLE) -> list[np.ndarray]:
    """Per group of character spans: sorted hashes of the shingles that touch a word inside them."""
    empty = np.zeros(0, dtype=np.uint32)
    if not groups or not shingled.ordered.size:
        return [empty for _ in groups]
    starts = np.array([t.start for t in doc.tokens], dtype=np.int64)
    n = shingled.ordered.size
    if starts.size < n + k - 1:  # tokens and shingle words disagree (never expected): no discount
        return [empty for _ in groups]
    out = []
    for spans in groups:
        inside = np.zeros(starts.size, dtype=bool)
        for s, e in spans:
            inside[(starts >= s) & (starts < e)] = True
        touched = np.zeros(n, dtype=bool)
        for i in range(min(k, inside.size)):
            touched |= inside[i:i + n]
        out.append(np.unique(shingled.ordered[touched].astype(np.uint32)))
    return out


def quoted_hashes(doc: CopyDoc, shingled: Shingled, k: int = SHINGLE) -> np.ndarray:
    """Sorted hashes of the shingles that touch a quotation (see ``quoted_spans``)."""
    spans = quoted_spans(doc)
    return _touching(doc, shingled, [spans], k)[0] if spans else np.zeros(0, dtype=np.uint32)


@dataclass(slots=True)
class SpeechShingles:
    """A text's stretches of reported speech (``speech.speech_spans``) as shingles: per stretch, the
    shingles touching its frame (the cue: "she said", "По словам Захаровой,", the verb before "that")
    and those touching the speaker's words."""

    frames: list[np.ndarray]
    words: list[np.ndarray]

    @classmethod
    def of(cls, doc: CopyDoc, shingled: Shingled) -> SpeechShingles:
        text = doc.text
        found = [sp for sp in speech_spans(text, doc.language, doc.paragraph_ranges())
                 if len(text[sp.words[0]:sp.words[1]].split()) >= 4]
        if not found:
            return cls([], [])
        touched = _touching(doc, shingled, [[sp.frame] for sp in found] + [[sp.words] for sp in found])
        return cls(touched[:len(found)], touched[len(found):])

    def unframed(self, other_unique: np.ndarray) -> np.ndarray:
        """The speaker's words of the stretches whose frame ``other_unique`` (the other text) lacks:
        words shared without their frame come from the statement, not from this text."""
        aside = [words for frame, words in zip(self.frames, self.words, strict=True)
                 if not np.isin(frame, other_unique, assume_unique=True).any()]
        return np.unique(np.concatenate(aside)) if aside else np.zeros(0, dtype=np.uint32)


@dataclass(slots=True)
class Narration:
    """What two documents share outside quotations: the share of the smaller one, and how much
    of it lies in long runs (copied passages rather than stock phrases)."""

    shared: int
    containment: float
    in_runs: int
    run_share: float
    smaller: int


def narration(a_ordered: np.ndarray, a_unique: np.ndarray, b_unique: np.ndarray, quoted: np.ndarray,
              runs: bool = True) -> Narration:
    """``runs=False``: ``in_runs`` and ``run_share`` are left 0 (a caller that reads only the shares)."""
    if quoted.size:
        a_free = np.setdiff1d(a_unique, quoted, assume_unique=True)
        b_free = np.setdiff1d(b_unique, quoted, assume_unique=True)
    else:  # nothing set aside: the sets themselves
        a_free, b_free = a_unique, b_unique
    shared = np.intersect1d(a_free, b_free, assume_unique=True)
    smaller = max(1, min(a_free.size, b_free.size))
    in_runs = 0
    if not runs:
        return Narration(int(shared.size), shared.size / smaller, 0, 0.0, int(min(a_free.size, b_free.size)))
    a32 = a_ordered.astype(np.uint32)
    mask = np.isin(a32, shared)
    if mask.any():  # distinct shingles inside runs of PARTIAL_RUN consecutive shared ones
        edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.view(np.int8), [0]))))
        long = [(s, e) for s, e in zip(edges[::2], edges[1::2], strict=True) if e - s >= PARTIAL_RUN]
        if long:
            in_runs = int(np.unique(np.concatenate([a32[s:e] for s, e in long])).size)
    return Narration(int(shared.size), shared.size / smaller, in_runs, in_runs / smaller,
                     int(min(a_free.size, b_free.size)))
