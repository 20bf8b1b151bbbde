"""Incremental matching: each new document is compared with what the index holds, once.

Same language: candidates from MinHash LSH (similar) and sampled shingles (contained), verified
on exact shingle sets. Across languages: candidates from rare keys (names, numbers), verified
by :func:`quelle.copies.crossling.compare`. Every link carries its relation and evidence.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quelle.copies import crossling
from quelle.copies.doc import CopyDoc
from quelle.copies.lsh import BandedLSH, SampledShingleIndex
from quelle.copies.minhash import MinHasher
from quelle.copies.near import (
    PARTIAL_RUN,
    Narration,
    Shingled,
    SpeechShingles,
    narration,
    overlap,
    passages,
    quoted_hashes,
)
from quelle.copies.xfeatures import has_dictionary

# same-language link thresholds (see docs/copies.md for how they were chosen)
MIN_SHARED = 8  # shingles two documents must share at least
LINK_CONTAINMENT = 0.5  # shared / shingles of the smaller document
IDENTICAL_JACCARD = 0.95
EXCERPT_CONTAINMENT = 0.6
# outside quotations (two reports of one statement share those), a copy keeps at least this share
# of the smaller text's narration in common
NARRATION_MIN = 0.3
# Two excerpts of one article that overlap only in part (different windows of it, an edited copy
# with paragraphs cut or added) share less than LINK_CONTAINMENT but share long passages, and the
# names and numbers both mention agree; template-built texts share sentences with other names
# and numbers, and two reports of one event share phrases, not passages.
PARTIAL_MIN_SHARED = 24  # shingles in common before quotations are taken out
PARTIAL_RUN_SHARE = 0.15  # of the smaller text's narration, in runs of PARTIAL_RUN+ shingles
PARTIAL_RUN_MIN = 24
PARTIAL_NAMES = 3  # names in common, and at least PARTIAL_AGREE of the smaller document's
PARTIAL_AGREE = 0.6  # also of the smaller document's numbers (at least one number in common)
PARTIAL_COMMON = 3  # a shingle the new text shares with this many candidates is template or boilerplate
SAMPLE_MOD = 4  # one shingle in SAMPLE_MOD is sampled (see SampledShingleIndex)
XCACHE_SIZE = 5000  # cross-language features of stored documents kept in memory
# a text has one original per language: a second text in that language that matches a translation
# clearly less well than the one it was linked to, and is no copy of that one, is a look-alike
RIVAL_MARGIN = 0.1


@dataclass(slots=True)
class Link:
    """``a`` (the newer document) copies, excerpts or translates ``b``, or is copied by it."""

    a: str
    b: str
    relation: str  # identical, near-copy, excerpt, translation
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    passages: list[dict[str, int]] = field(default_factory=list)
    contained: str | None = None  # "a" or "b": which document is the excerpt

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "relation": self.relation, "score": self.score,
                "contained": self.contained, "evidence": self.evidence, "passages": self.passages}


@dataclass(slots=True)
class Entry:
    doc_id: str
    language: str | None
    unique: np.ndarray  # sorted shingle hashes
    sig: np.ndarray
    xkeys: set[str] | None
    xfeat: crossling.XFeatures | None  # None: computed again from ``fetch`` when needed
    doc: CopyDoc | None  # None: fetched again when passages are needed
    quoted: np.ndarray | None = None  # hashes of its shingles inside quotations, once worked out
    speech: SpeechShingles | None = None  # its reported speech as shingles, once worked out
    may_translate: bool = True  # False: no cross-language link is possible with it (``crossling.may_link``)


class CopyIndex:
    """All signatures seen so far; ``add`` returns the new document's links to earlier ones."""

    def __init__(self, num_perm: int = 128, bands: int = 32, keep_docs: bool = True,
                 cross_language: bool = True, with_passages: bool = True,
                 fetch: Callable[[str], CopyDoc | None] | None = None) -> None:
        self.hasher = MinHasher(num_perm)
        self.lsh = BandedLSH(num_perm, bands)
        self.sampled = SampledShingleIndex(mod=SAMPLE_MOD)
        self.xindex = crossling.XIndex()
        self.entries: list[Entry] = []
        self.ids: dict[str, int] = {}
        self.keep_docs, self.cross_language, self.with_passages = keep_docs, cross_language, with_passages
        self.fetch = fetch
        self._xcache: OrderedDict[str, crossling.XFeatures | None] = OrderedDict()  # features of stored docs
        self.stats = {"same_candidates": 0, "cross_candidates": 0, "cross_compared": 0}
        # item -> language -> (best translation score to a document of that language, that document)
        self.best_translation: dict[int, dict[str, tuple[float, int]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, doc: CopyDoc) -> list[Link]:
        """Match ``doc`` against the index, then add it; returns its links to earlier documents."""
        if doc.doc_id in self.ids:
            return []
        shingled = Shingled.of(doc)
        sig = self.hasher.signature(shingled.unique)
        xfeat = crossling.features(doc) if self.cross_language else None
        xkeys = xfeat.index_keys() if xfeat is not None else None
        entry = Entry(doc.doc_id, doc.language, shingled.unique, sig, xkeys, xfeat, doc,
                      may_translate=xfeat is not None and crossling.may_link(xfeat))
        sample = self.sampled.sample(shingled.unique)
        same = self._same_language(doc, shingled, entry, sample)
        links = same + self._cross_language(entry, {link.b for link in same})
        if not self.keep_docs:
            if xfeat is not None:
                self._xcache[doc.doc_id] = xfeat
                if len(self._xcache) > XCACHE_SIZE:
                    self._xcache.popitem(last=False)
            entry.doc, entry.xfeat = None, None
            doc._tokens = None
        self._insert(entry, sample)
        for link in links:
            if link.relation == "translation":
                self.note_translation(link.a, link.b, link.score)
        return links

    def note_translation(self, a: str, b: str, score: float) -> None:
        """Remember a translation link (also for stored links, when the index is reloaded)."""
        ia, ib = self.ids.get(a), self.ids.get(b)
        if ia is None or ib is None:
            return
        for one, other in ((ia, ib), (ib, ia)):
            language = crossling.canonical_language(self.entries[other].language) or ""
            best = self.best_translation.setdefault(one, {})
            if score > best.get(language, (-1.0, -1))[0]:
                best[language] = (score, other)

    def load(self, doc_id: str, language: str | None, sig: np.ndarray, unique: np.ndarray,
             xkeys: set[str] | None) -> None:
        """Add a stored signature without matching it (it was matched when it was stored)."""
        if doc_id not in self.ids:
            lang = crossling.canonical_language(language)
            entry = Entry(doc_id, language, unique, sig, xkeys, None, None,
                          may_translate=xkeys is not None and crossling.may_link_keys(xkeys, has_dictionary(lang)))
            self._insert(entry, self.sampled.sample(unique))

    def entry(self, doc_id: str) -> Entry:
        return self.entries[self.ids[doc_id]]

    def _insert(self, entry: Entry, sample: np.ndarray) -> None:
        item = len(self.entries)
        self.entries.append(entry)
        self.ids[entry.doc_id] = item
        self.lsh.insert(item, entry.sig)
        self.sampled.insert(item, sample)
        if entry.xkeys is not None and entry.language:
            self.xindex.insert(item, entry.xkeys, crossling.canonical_language(entry.language) or entry.language)

    def _doc(self, entry: Entry) -> CopyDoc | None:
        if entry.doc is not None:
            return entry.doc
        return self.fetch(entry.doc_id) if self.fetch else None

    def _xfeat(self, entry: Entry) -> crossling.XFeatures | None:
        if entry.xfeat is not None:
            return entry.xfeat
        if entry.doc_id in self._xcache:
            self._xcache.move_to_end(entry.doc_id)
            return self._xcache[entry.doc_id]
        doc = self._doc(entry)
        feats = crossling.features(doc) if doc is not None else None
        self._xcache[entry.doc_id] = feats
        if len(self._xcache) > XCACHE_SIZE:
            self._xcache.popitem(last=False)
        return feats

    def _quoted(self, entry: Entry, doc: CopyDoc | None = None,
                shingled: Shingled | None = None) -> tuple[np.ndarray, SpeechShingles]:
        """The shingles of ``entry`` inside quotations, and its reported speech (worked out once)."""
        if entry.quoted is None or entry.speech is None:
            doc = doc or self._doc(entry)
            if doc is None:
                return np.zeros(0, dtype=np.uint32), SpeechShingles([], [])
            shingled = shingled or Shingled.of(doc)
            entry.quoted = quoted_hashes(doc, shingled)
            entry.speech = SpeechShingles.of(doc, shingled)
        return entry.quoted, entry.speech

    def _anchors_agree(self, entry: Entry, other: Entry) -> bool:
        """Names and numbers of two same-language texts agree (see PARTIAL_NAMES)."""
        x, y = entry.xfeat, self._xfeat(other)
        if x is None or y is None:
            return False
        return anchors_agree(x.names, x.numbers, y.names, y.numbers)

    def _same_language(self, doc: CopyDoc, shingled: Shingled, entry: Entry, sample: np.ndarray) -> list[Link]:
        # (requiring a share of the smaller sample would cut candidates, but loses short copies to
        # sampling noise; exact verification is cheap, so every document sharing samples is checked)
        candidates = self.lsh.query(entry.sig) | set(self.sampled.query(sample))
        self.stats["same_candidates"] += len(candidates)
        others = [self.entries[i] for i in sorted(candidates)]
        links = verify_same_language(entry, shingled, others, lambda: self._quoted(entry, doc, shingled)[0],
                                     lambda other: self._quoted(other)[0],
                                     lambda other: self._anchors_agree(entry, other),
                                     speech_new=lambda: self._quoted(entry, doc, shingled)[1],
                                     speech_of=lambda other: self._quoted(other)[1],
                                     partial=_may_agree(entry.xfeat))
        if self.with_passages:
            for link in links:
                other_doc = self._doc(self.entry(link.b))
                if other_doc is not None:
                    link.passages = [p.to_dict() for p in passages(doc, shingled, other_doc, Shingled.of(other_doc))]
        return links

    def _cross_language(self, entry: Entry, copies_of: set[str] = frozenset()) -> list[Link]:
        """Translation links of a new document; ``copies_of``: the documents it copies in its own language."""
        x = entry.xfeat
        if x is None or not entry.may_translate:
            return []
        candidates = self.xindex.candidates(entry.xkeys or set(), x.language)
        self.stats["cross_candidates"] += len(candidates)
        links = []
        for item in candidates:
            other = self.entries[item]
            if not other.may_translate:  # it could not link with any document: not fetched, not scored
                continue
            other_x = self._xfeat(other)
            if other_x is None:
                continue
            self.stats["cross_compared"] += 1
            link = cross_language_link(entry.doc_id, x, other.doc_id, other_x)
            if link is None:
                continue
            rival = self.best_translation.get(item, {}).get(x.language)
            if (rival is not None and link.score < rival[0] - RIVAL_MARGIN
                    and self.entries[rival[1]].doc_id not in copies_of):
                continue  # ``other`` translates another text of this language far better: a look-alike
            links.append(link)
        return links


def verify_same_language(entry: Entry, shingled: Shingled, others: list[Entry], quoted_new: Callable[[], np.ndarray],
                         quoted_of: Callable[[Entry], np.ndarray], agree: Callable[[Entry], bool],
                         speech_new: Callable[[], SpeechShingles] | None = None,
                         speech_of: Callable[[Entry], SpeechShingles] | None = None,
                         partial: bool = True) -> list[Link]:
    """The links of a new document (``entry``, ``shingled``) to its candidates ``others`` (earlier
    documents, in storage order), without passages: the index's verification, also called by the batch
    copy stage (``quelle.scale.copies``) with each candidate's features read from its tables.

    ``quoted_new`` / ``quoted_of``: the shingles inside quotations of the new text / of a candidate;
    ``agree``: whether the new text's names and numbers agree with a candidate's (:func:`anchors_agree`);
    ``speech_new`` / ``speech_of``: their reported speech, whose words shared without the frame are set
    aside like quotations (see ``near.SpeechShingles``); without them only quotations are.
    ``partial=False``: ``agree`` is known to be False for every candidate, so the candidates that
    could only link as overlapping parts are not verified (they would not link).
    """
    links = []
    uniques = [other.unique for other in others]
    common: list[np.ndarray] = []  # worked out for the first partial candidate

    def shared_by_many() -> np.ndarray:
        if not common:
            common.append(_common(shingled.unique, uniques))
        return common[0]

    def narrate(other: Entry, partial: bool) -> Narration:
        aside = [quoted_new(), quoted_of(other)]
        if speech_new is not None and speech_of is not None:
            aside += [speech_new().unframed(other.unique), speech_of(other).unframed(entry.unique)]
        shared = shared_by_many() if partial else None
        if shared is not None and shared.size:
            aside.append(shared)
        # the runs are read only for overlapping parts (partial), see same_language_link
        return narration(shingled.ordered, shingled.unique, other.unique, np.unique(np.concatenate(aside)),
                         runs=partial)

    for k, count in _may_link(shingled.unique, uniques, list(range(len(others))), partial):
        other = others[k]
        link = same_language_link(entry.doc_id, shingled.unique, other.doc_id, other.unique,
                                  narrate=lambda partial, other=other: narrate(other, partial),
                                  anchors_agree=lambda other=other: agree(other), shared=count)
        if link is not None:
            links.append(link)
    return links


def _may_agree(x: crossling.XFeatures | None) -> bool:
    """Whether ``anchors_agree`` can hold for the new text ``x`` with any other: it needs PARTIAL_NAMES
    names and a number in common, so ``x`` must have that many (None: ``_anchors_agree`` is False)."""
    return x is not None and len(x.names) >= PARTIAL_NAMES and len(x.numbers) >= 1


def anchors_agree(x_names: Collection[str], x_numbers: Collection[str], y_names: Collection[str],
                  y_numbers: Collection[str]) -> bool:
    """Names and numbers (their keys) of two same-language texts agree (see PARTIAL_NAMES)."""
    if min(len(x_names), len(y_names)) < PARTIAL_NAMES or not x_numbers or not y_numbers:
        return False  # fewer names than that in common, or no number in common
    names = len(set(x_names) & set(y_names))
    numbers = len(set(x_numbers) & set(y_numbers))
    small_names = min(len(x_names), len(y_names))
    small_numbers = min(len(x_numbers), len(y_numbers))
    return (names >= PARTIAL_NAMES and names >= PARTIAL_AGREE * small_names and numbers >= 1
            and numbers >= PARTIAL_AGREE * small_numbers)


def same_language_link(a_id: str, a_unique: np.ndarray, b_id: str, b_unique: np.ndarray,
                       narrate: Callable[[bool], Narration] | None = None,
                       anchors_agree: Callable[[], bool] | None = None, shared: int | None = None) -> Link | None:
    """The link between two documents of one language, verified on their exact shingle sets (no passages),
    or None. Shared by the incremental index and the batch copy stage (``quelle.scale.copies``).

    With ``narrate`` (what they share outside quotations; ``True``: also outside text shared with
    many candidates) a link also needs the narration in common, and a partial copy may link;
    ``anchors_agree``: whether their names and numbers agree. Without them (the batch stage, which
    has only the shingle sets) the test is the containment test alone. ``shared``: the number of
    shingles in common when the caller counted it already (``_may_link``).
    """
    ov = overlap(a_unique, b_unique, shared)
    if ov.shared < MIN_SHARED:
        return None
    whole = ov.containment >= LINK_CONTAINMENT
    if not whole and (narrate is None or anchors_agree is None or ov.shared < PARTIAL_MIN_SHARED
                      or ov.containment < PARTIAL_RUN_SHARE or not anchors_agree()):
        return None
    detail = f"{ov.shared} shared 4-word shingles; Jaccard {ov.jaccard:.2f}, containment {ov.containment:.2f}"
    if narrate is not None:
        told = narrate(False)
        if whole and told.smaller >= MIN_SHARED and told.containment < NARRATION_MIN:
            return None  # what they share is mostly the quotations: the same statement reported twice
        detail += f"; outside quotations {told.containment:.2f}"
        if not whole:
            told = narrate(True)
            if told.in_runs < PARTIAL_RUN_MIN or told.run_share < PARTIAL_RUN_SHARE:
                return None
            detail += (f"; overlapping parts: {told.in_runs} shingles in passages of {PARTIAL_RUN}+, "
                       "names and numbers agree")
    if ov.jaccard >= IDENTICAL_JACCARD:
        relation = "identical"
    elif ov.contained and ov.containment >= EXCERPT_CONTAINMENT:
        relation = "excerpt"
    else:
        relation = "near-copy"
    evidence = [{"kind": "shingles", "weight": round(ov.containment, 3), "detail": detail}]
    return Link(a_id, b_id, relation, round(ov.containment, 4), evidence, [], ov.contained)


def cross_language_link(a_id: str, x: crossling.XFeatures, b_id: str, y: crossling.XFeatures) -> Link | None:
    """The translation link between two documents of different languages, or None (same scorer everywhere)."""
    result = crossling.compare(x, y)
    if not result.linked:
        return None
    evidence = [{**e, "signals": result.signals} if i == 0 else e for i, e in enumerate(result.evidence)]
    return Link(a_id, b_id, "translation", result.score, evidence)


def _common(unique: np.ndarray, others: list[np.ndarray]) -> np.ndarray:
    """The new text's shingles found in PARTIAL_COMMON or more candidate texts (sorted)."""
    if not others or not unique.size:
        return np.zeros(0, dtype=unique.dtype)
    joined = np.concatenate(others)
    pos = np.minimum(np.searchsorted(unique, joined), unique.size - 1)
    counts = np.bincount(pos[unique[pos] == joined], minlength=unique.size)
    return unique[counts >= PARTIAL_COMMON]


def _may_link(unique: np.ndarray, others: list[np.ndarray], items: list[int],
              partial: bool = True) -> list[tuple[int, int]]:
    """The candidates that share enough shingles to pass the link test, counted for all at once.

    One ``searchsorted`` over the concatenated candidate sets gives each candidate's exact shared
    count (the sets are sorted and duplicate-free); only those with at least ``MIN_SHARED`` shared
    and (a hair below) ``LINK_CONTAINMENT`` of the smaller set go on to :func:`overlap`, which
    decides exactly as before. Most candidates of template-like text stop here, for a fraction of
    the cost of one ``intersect1d`` each. ``partial=False``: no candidate can link as overlapping parts.
    Returns (item, shingles shared) of each.
    """
    if not items or not unique.size:  # nothing shared: below MIN_SHARED
        return []
    sizes = np.fromiter((o.size for o in others), dtype=np.int64, count=len(others))
    joined = np.concatenate(others)
    if not joined.size:
        return []
    pos = np.minimum(np.searchsorted(unique, joined), unique.size - 1)
    found = np.concatenate(([0], np.cumsum(unique[pos] == joined)))
    ends = np.cumsum(sizes)
    shared = found[ends] - found[ends - sizes]
    small = np.maximum(np.minimum(sizes, unique.size), 1)
    share = shared / small
    keep = (shared >= MIN_SHARED) & ((share >= LINK_CONTAINMENT - 1e-9)
                                     | (partial & (shared >= PARTIAL_MIN_SHARED) & (share >= PARTIAL_RUN_SHARE - 1e-9)))
    return [(item, count) for item, ok, count in zip(items, keep.tolist(), shared.tolist(), strict=True) if ok]
