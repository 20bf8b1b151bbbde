"""Cross-language links: is document X a translation of document Y? No model, only evidence.

Each document becomes language-neutral features: per content word its concept keys
(dictionary translations into English, or the transliteration key for names and unknown
words), numbers, calendar words, quoted fragments, paragraphs. A pair is scored on
independent signals -- translated word overlap, ordered paragraph alignment, shared numbers,
matching quotations, shared names -- and is linked only when several agree, so two stories
about the same people on the same day (names and dates alone) never link.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from quelle.copies.crossvec import Overlaps, Packed, pack
from quelle.copies.doc import CopyDoc
from quelle.copies.lexicon import calendar, german_concepts, russian_concepts, stopwords
from quelle.copies.translit import concept_key

SUPPORTED = frozenset({"de", "en", "ru"})
_QUOTE = re.compile(r"„[^“”\"\n]{3,}[“”\"]|“[^”\n]{3,}”|\"[^\"\n]{3,}\"|«[^»\n]{3,}»|‚[^‘’\n]{3,}[‘’]")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# Russian (and French) group thousands with a space or a narrow no-break space: 1 100, 14 000
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[.,]\d)")


def number_key(text: str) -> str:
    """'1.000' (de) and '1,000' (en) -> '#1000'; '1,5' and '1.5' -> '#1.5'."""
    if _THOUSANDS.match(text):
        return "#" + re.sub(r"[.,]", "", text)
    return "#" + text.replace(",", ".")


@dataclass(slots=True)
class Anchor:
    key: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class XFeatures:
    """What cross-language matching needs of one document."""

    language: str
    paras: list[list[tuple[str, ...]]]  # per paragraph, per content word: its concept keys
    names: dict[str, Anchor] = field(default_factory=dict)
    numbers: dict[str, Anchor] = field(default_factory=dict)
    quotes: list[tuple[Anchor, list[tuple[str, ...]]]] = field(default_factory=list)
    _packed: Packed | None = None
    _quote_bags: list[set[str]] | None = None

    @property
    def packed(self) -> Packed:
        if self._packed is None:
            self._packed = pack(self.paras)
        return self._packed

    @property
    def quote_bags(self) -> list[set[str]]:
        """The concept keys of each quotation, built once (a document is compared with several others)."""
        if self._quote_bags is None:
            self._quote_bags = [_bag(words) for _, words in self.quotes]
        return self._quote_bags

    @property
    def words(self) -> list[tuple[str, ...]]:
        return [w for p in self.paras for w in p]

    def index_keys(self) -> set[str]:
        """Language-neutral keys for candidate generation: names, numbers, translated words.

        The index ignores keys that became common, so what is left are the rare ones.
        """
        keys = {"n:" + k for k in self.names}
        keys.update(k for k in self.numbers if len(k) > 2)
        keys.update("c:" + c for w in self.words for c in w[:2] if not c.startswith(("#", "@")) and len(c) >= 4)
        return keys


def _sentence_initial(text: str, start: int, para_start: int) -> bool:
    before = text[para_start:start].rstrip(" \t\"„“«‚'(")
    return not before or before[-1] in ".!?:\n"


def features(doc: CopyDoc) -> XFeatures | None:
    """Language-neutral features, or None for a language without a lexicon."""
    lang = doc.language
    if lang not in SUPPORTED:
        return None
    stop = stopwords().get(lang, frozenset())
    cal = calendar()
    text = doc.text
    ranges = doc.paragraph_ranges()
    quote_spans = [(m.start(), m.end()) for s, e in ranges for m in _QUOTE.finditer(text, s, e)]
    spaced: dict[int, int] = {}  # start -> end of a space-grouped number (Russian 1 100)
    if lang == "ru":
        spaced = {m.start(): m.end() for s, e in ranges for m in _SPACED_THOUSANDS.finditer(text, s, e)}
    inside_number = -1
    feats = XFeatures(lang, [[] for _ in ranges])
    quote_words: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    q = 0
    for tok in doc.tokens:
        word = tok.norm if lang != "ru" else tok.norm.replace("ё", "е")
        if tok.start < inside_number:  # a later group of a space-grouped number: already counted
            continue
        if tok.text[0].isdigit():
            if tok.start in spaced:
                inside_number = spaced[tok.start]
                whole = text[tok.start:inside_number]
                key = "#" + re.sub(r"\D", "", whole)
                feats.numbers.setdefault(key, Anchor(key, whole, tok.start, inside_number))
            else:
                key = number_key(tok.text)
                feats.numbers.setdefault(key, Anchor(key, tok.text, tok.start, tok.end))
            concepts: tuple[str, ...] = (key,)
        elif word in cal:
            concepts = (cal[word],)
        elif word in stop or len(word) < 3:
            continue
        else:
            own = concept_key(tok.text, lang)
            if lang == "de":
                concepts = german_concepts(word)
            elif lang == "ru":
                concepts = russian_concepts(word)
            else:
                concepts = ()
            if tok.text[0].isupper() and not concepts and not _sentence_initial(
                    text, tok.start, ranges[tok.para][0]):
                feats.names.setdefault(own, Anchor(own, tok.text, tok.start, tok.end))
            if own not in concepts:
                concepts = (*concepts, own)
        feats.paras[tok.para].append(concepts)
        while q < len(quote_spans) and quote_spans[q][1] <= tok.start:
            q += 1
        if q < len(quote_spans) and quote_spans[q][0] <= tok.start:
            quote_words[q].append(concepts)
    for index, words in quote_words.items():
        if len(words) >= 3:
            s, e = quote_spans[index]
            feats.quotes.append((Anchor("q", text[s:e], s, e), words))
    feats.paras = [p for p in feats.paras if p]
    return feats


def _bag(words: list[tuple[str, ...]]) -> set[str]:
    return {c for w in words for c in w}


def overlap_f(x: list[tuple[str, ...]], y: list[tuple[str, ...]], bx: set[str] | None = None,
              by: set[str] | None = None) -> float:
    """Harmonic mean of the share of x's words found in y and of y's words found in x."""
    if not x or not y:
        return 0.0
    bx = _bag(x) if bx is None else bx
    by = _bag(y) if by is None else by
    p = sum(1 for w in x if not by.isdisjoint(w)) / len(x)
    r = sum(1 for w in y if not bx.isdisjoint(w)) / len(y)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def window_overlap(ov: Overlaps, pairs: list[tuple[int, int, float]]) -> float:
    """Word overlap between the stretches of paragraphs that the alignment covers in each document.

    A translated page 2 of a story overlaps only the second half of the original: compared with
    the whole original its overlap halves, compared with the aligned stretch it does not.
    """
    if len(pairs) < 2:
        return 0.0
    return ov.window(pairs[0][0], pairs[-1][0], pairs[0][1], pairs[-1][1])


def ordered_alignment(ov: Overlaps, floor: float = 0.3) -> tuple[float, list[tuple[int, int, float]]]:
    """Monotone paragraph alignment (dynamic programming); coverage of the shorter document."""
    n, m = ov.x.n_paras, ov.y.n_paras
    if not n or not m:
        return 0.0, []
    sim = ov.matrix().tolist()
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below, here = sim[i], best[i + 1], best[i]
        for j in range(m - 1, -1, -1):
            take = row[j] + below[j + 1] if row[j] >= floor else 0.0
            here[j] = max(take, below[j], here[j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= floor and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j, sim[i][j]))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return len(pairs) / min(n, m), pairs


@dataclass(slots=True)
class XScore:
    score: float
    linked: bool
    signals: dict[str, float]
    evidence: list[dict]


# thresholds of the independent signals (tuned on the evaluation set, see docs/copies.md)
CONTENT_MIN = 0.40
ORDER_MIN = 0.5
LINK_SCORE = 0.55
QUICK_REJECT = 0.25  # whole-document word overlap below which no alignment is tried


def compare(x: XFeatures, y: XFeatures) -> XScore:
    """Score "x and y are the same story in two languages", with the evidence for it."""
    ov = Overlaps.of(x.packed, y.packed)
    whole = ov.whole()
    if whole < QUICK_REJECT:  # not even a page of it: skip the paragraph alignment
        return XScore(round(0.45 * whole, 4), False, {"content": round(whole, 3)}, [])
    order, pairs = ordered_alignment(ov)
    window = window_overlap(ov, pairs)
    content = max(whole, window * min(1.0, 0.5 + order / 2))
    if content < CONTENT_MIN or 0.45 * content + 0.35 * order + 0.2 < LINK_SCORE:  # cannot link: stop here
        return XScore(round(0.45 * content + 0.35 * order, 4), False,
                      {"content": round(content, 3), "order": round(order, 3)}, [])
    shared_numbers = sorted(set(x.numbers) & set(y.numbers))
    small_numbers = min(len(x.numbers), len(y.numbers))
    number_share = len(shared_numbers) / small_numbers if small_numbers else 0.0
    number_conflict = small_numbers >= 2 and number_share < 0.34
    shared_names = sorted(set(x.names) & set(y.names))
    quote_hits = []
    y_bags = y.quote_bags
    for (qa, wa), ba in zip(x.quotes, x.quote_bags, strict=True):
        best, best_b = 0.0, None
        for (qb, wb), bb in zip(y.quotes, y_bags, strict=True):
            if ba.isdisjoint(bb):  # no concept in common: overlap 0, never the best
                continue
            s = overlap_f(wa, wb, ba, bb)
            if s > best:
                best, best_b = s, qb
        if best >= 0.45 and best_b is not None:
            quote_hits.append((qa, best_b, best))
    anchors = (min(len(shared_numbers), 3) / 3 + min(len(quote_hits), 2) / 2 + min(len(shared_names), 3) / 3) / 3
    score = 0.45 * content + 0.35 * order + 0.2 * anchors - (0.15 if number_conflict else 0.0)
    independent = sum([content >= CONTENT_MIN, order >= ORDER_MIN,
                       bool(shared_numbers or quote_hits) and not number_conflict])
    linked = score >= LINK_SCORE and content >= CONTENT_MIN and independent >= 3 - (1 if content >= 0.6 else 0)
    evidence: list[dict] = [
        {"kind": "translated_words", "weight": round(content, 3),
         "detail": f"{content:.0%} word overlap after dictionary translation"},
        {"kind": "paragraph_order", "weight": round(order, 3),
         "detail": f"{len(pairs)} of {min(len(x.paras), len(y.paras))} paragraphs aligned in order"},
    ]
    for key in shared_numbers[:5]:
        a, b = x.numbers[key], y.numbers[key]
        evidence.append({"kind": "number", "weight": 0.1, "text": a.text, "a": [a.start, a.end],
                         "b": [b.start, b.end], "b_text": b.text})
    for qa, qb, s in quote_hits[:3]:
        evidence.append({"kind": "quote", "weight": round(s, 3), "text": qa.text, "a": [qa.start, qa.end],
                         "b": [qb.start, qb.end], "b_text": qb.text})
    for key in shared_names[:5]:
        a, b = x.names[key], y.names[key]
        evidence.append({"kind": "name", "weight": 0.05, "text": a.text, "a": [a.start, a.end],
                         "b": [b.start, b.end], "b_text": b.text, "detail": f"transliteration key {key}"})
    if number_conflict:
        evidence.append({"kind": "number_conflict", "weight": -0.15,
                         "detail": f"only {len(shared_numbers)} of {small_numbers} numbers match"})
    signals = {"content": round(content, 3), "whole": round(whole, 3), "window": round(window, 3),
               "order": round(order, 3), "numbers": len(shared_numbers),
               "quotes": len(quote_hits), "names": len(shared_names), "anchors": round(anchors, 3)}
    return XScore(round(score, 4), linked, signals, evidence)


class XIndex:
    """Inverted index of rare cross-language keys (names, numbers): candidates without a quadratic scan."""

    def __init__(self, max_df: int = 100, min_shared: int = 2, max_candidates: int = 5) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.language: dict[int, str] = {}
        self.max_df, self.min_shared, self.max_candidates = max_df, min_shared, max_candidates
        self.scanned = 0  # postings read by all queries so far (the work candidate generation does)

    def candidates(self, keys: set[str], language: str) -> list[int]:
        weights: Counter[int] = Counter()
        hits: Counter[int] = Counter()
        for key in sorted(keys):  # a fixed order: float sums and ties must not depend on the hash seed
            posting = self.postings.get(key)
            if not posting or len(posting) > self.max_df:
                continue
            self.scanned += len(posting)
            w = 1.0 / math.log(2 + len(posting))
            for item in posting:
                if self.language[item] != language:
                    weights[item] += w
                    hits[item] += 1
        ordered = sorted(weights.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))
        ranked = [item for item, _ in ordered if hits[item] >= self.min_shared]
        return ranked[: self.max_candidates]

    def insert(self, item: int, keys: set[str], language: str) -> None:
        self.language[item] = language
        for key in keys:
            posting = self.postings[key]
            if len(posting) <= self.max_df:
                posting.append(item)
