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
from collections.abc import Collection
from dataclasses import dataclass

from quelle.copies.crossvec import Overlaps
from quelle.copies.xfeatures import Anchor, XFeatures, _bag, canonical_language, features, number_key

# the features live in ``xfeatures``; re-exported here, where callers have always found them
__all__ = ["Anchor", "XFeatures", "XIndex", "XScore", "canonical_language", "compare", "features", "may_link",
           "may_link_keys", "number_key"]


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
_DIRECT = frozenset({"en", "de"})  # English itself, and German with its full Ding dictionary
PIVOT_FLOOR = 0.2  # paragraph similarity that counts in the alignment when both sides pivot
DATES_AGREE = 2  # distinct calendar words (weekdays, months) in common that count as facts agreeing


# without a dictionary on one side (Ukrainian, Persian, Chinese; a table not built), names,
# numbers, dates and quotations must carry the link alone, so more of each is asked for
BARE_NAMES = 3
BARE_NUMBERS = 2
BARE_ANCHORS = 6


def shared_names(x: XFeatures, y: XFeatures) -> list[tuple[str, Anchor, Anchor]]:
    """Names both documents hold: same transliteration key, or, when one is in Arabic script
    (no short vowels written), the same consonant skeleton."""
    out = [(key, x.names[key], y.names[key]) for key in sorted(set(x.names) & set(y.names))]
    if x.arabic_script != y.arabic_script or (x.arabic_script and x.language != y.language):
        seen = {a.start for _, a, _ in out}
        for key in sorted(set(x.skeletons) & set(y.skeletons)):
            a, b = x.skeletons[key], y.skeletons[key]
            if a.start not in seen:
                out.append(("~" + key, a, b))
                seen.add(a.start)
    return out


def _dates(x: XFeatures) -> set[str]:
    """The document's calendar keys (weekdays and months, ``@d3``, ``@m11``)."""
    return {c for w in x.words for c in w if c.startswith("@")}


def _compare_bare(x: XFeatures, y: XFeatures) -> XScore:
    """No dictionary on one side: a link needs several names, several numbers that agree, and
    more anchors in all; two stories about the same people on the same day share names and a
    date, rarely two other numbers as well."""
    ov = Overlaps.of(x.packed, y.packed)
    whole = ov.whole()
    numbers = sorted(k for k in set(x.numbers) & set(y.numbers))
    small = min(len(x.numbers), len(y.numbers))
    conflict = small >= 2 and len(numbers) / small < 0.5
    names = shared_names(x, y)
    dates = _dates(x) & _dates(y)
    anchors = len(numbers) + len(names) + len(dates)
    linked = (len(names) >= BARE_NAMES and len(numbers) >= BARE_NUMBERS and not conflict
              and anchors >= BARE_ANCHORS)
    score = round(min(1.0, anchors / 10) * (0.0 if conflict else 1.0) * 0.6 + 0.4 * whole, 4)
    evidence: list[dict] = [{"kind": "no_dictionary", "weight": 0.0,
                             "detail": f"no dictionary for {x.language if not x.lexicon else y.language}: "
                                       f"{len(names)} names, {len(numbers)} numbers, {len(dates)} dates shared"}]
    for key in numbers[:5]:
        a, b = x.numbers[key], y.numbers[key]
        evidence.append({"kind": "number", "weight": 0.1, "text": a.text, "a": [a.start, a.end],
                         "b": [b.start, b.end], "b_text": b.text})
    for key, a, b in names[:5]:
        evidence.append({"kind": "name", "weight": 0.05, "text": a.text, "a": [a.start, a.end],
                         "b": [b.start, b.end], "b_text": b.text, "detail": f"transliteration key {key}"})
    signals = {"content": round(whole, 3), "whole": round(whole, 3), "numbers": len(numbers), "names": len(names),
               "dates": len(dates), "bare": 1}
    return XScore(score if linked else min(score, LINK_SCORE - 0.01), linked, signals, evidence)


def compare(x: XFeatures, y: XFeatures) -> XScore:
    """Score "x and y are the same story in two languages", with the evidence for it."""
    if not (x.lexicon and y.lexicon):
        return _compare_bare(x, y)
    ov = Overlaps.of(x.packed, y.packed)
    whole = ov.whole()
    if whole < QUICK_REJECT:  # not even a page of it: skip the paragraph alignment
        return XScore(round(0.45 * whole, 4), False, {"content": round(whole, 3)}, [])
    # through two incomplete dictionaries (neither side English or German) paragraphs match less
    pivot = x.language not in _DIRECT and y.language not in _DIRECT
    order, pairs = ordered_alignment(ov, PIVOT_FLOOR if pivot else 0.3)
    if len(pairs) < 2:  # one paragraph matched is no order: a one-paragraph page always "aligns"
        order = 0.0
    window = window_overlap(ov, pairs)
    content = max(whole, window * min(1.0, 0.5 + order / 2))
    if content < CONTENT_MIN or 0.45 * content + 0.35 * order + 0.2 < LINK_SCORE:  # cannot link: stop here
        return XScore(round(0.45 * content + 0.35 * order, 4), False,
                      {"content": round(content, 3), "order": round(order, 3)}, [])
    shared_numbers = sorted(set(x.numbers) & set(y.numbers))
    small_numbers = min(len(x.numbers), len(y.numbers))
    number_share = len(shared_numbers) / small_numbers if small_numbers else 0.0
    number_conflict = small_numbers >= 2 and number_share < 0.34
    names = shared_names(x, y)
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
    anchors = (min(len(shared_numbers), 3) / 3 + min(len(quote_hits), 2) / 2 + min(len(names), 3) / 3) / 3
    score = 0.45 * content + 0.35 * order + 0.2 * anchors - (0.15 if number_conflict else 0.0)
    # facts that agree: numbers, quotations, or two calendar words ("arrived on Wednesday ... began on
    # Monday"; one shared weekday is what any two reports of one day's event have)
    dates = _dates(x) & _dates(y)
    independent = sum([content >= CONTENT_MIN, order >= ORDER_MIN,
                       bool(shared_numbers or quote_hits or len(dates) >= DATES_AGREE) and not number_conflict])
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
    for key, a, b in names[:5]:
        evidence.append({"kind": "name", "weight": 0.05, "text": a.text, "a": [a.start, a.end],
                         "b": [b.start, b.end], "b_text": b.text, "detail": f"transliteration key {key}"})
    if number_conflict:
        evidence.append({"kind": "number_conflict", "weight": -0.15,
                         "detail": f"only {len(shared_numbers)} of {small_numbers} numbers match"})
    signals = {"content": round(content, 3), "whole": round(whole, 3), "window": round(window, 3),
               "order": round(order, 3), "numbers": len(shared_numbers),
               "quotes": len(quote_hits), "names": len(names), "dates": len(dates), "anchors": round(anchors, 3)}
    return XScore(round(score, 4), linked, signals, evidence)


def may_link(x: XFeatures) -> bool:
    """False when no pair with ``x`` can be linked, whatever the other document: without a dictionary
    (``_compare_bare``) a link needs BARE_NAMES shared names (each a name key or a name's skeleton of
    ``x``) and BARE_NUMBERS shared numbers. Such a document is neither scored nor scored against."""
    return x.lexicon or (len(x.names) + len(x.skeletons) >= BARE_NAMES and len(x.numbers) >= BARE_NUMBERS)


def may_link_keys(keys: Collection[str], lexicon: bool) -> bool:
    """``may_link`` from a stored document's index keys (``XFeatures.index_keys``): they hold every
    name (``n:``) and skeleton (``s:``) but not every number, so only the names are checked."""
    return lexicon or sum(1 for k in keys if k.startswith(("n:", "s:"))) >= BARE_NAMES


class XIndex:
    """Inverted index of rare cross-language keys (names, numbers): candidates without a quadratic scan.

    Each key's postings are kept per language, so a query reads only the other languages' documents;
    ``counts`` is the key's posting count over all languages (what ``max_df`` and the weights use).
    """

    def __init__(self, max_df: int = 100, min_shared: int = 2, max_candidates: int = 5) -> None:
        self.postings: dict[tuple[str, str], list[int]] = {}  # (key, language) -> items
        self.counts: dict[str, int] = {}
        self.languages: dict[str, None] = {}  # every language inserted, in order
        self.language: dict[int, str] = {}
        self.max_df, self.min_shared, self.max_candidates = max_df, min_shared, max_candidates
        self.scanned = 0  # postings read by all queries so far (the work candidate generation does)

    def candidates(self, keys: set[str], language: str) -> list[int]:
        weights: dict[int, float] = {}
        hits: dict[int, int] = {}
        counts, postings, max_df = self.counts, self.postings, self.max_df
        others = [other for other in self.languages if other != language]
        for key in sorted(keys):  # a fixed order: float sums and ties must not depend on the hash seed
            count = counts.get(key)
            if not count or count > max_df:
                continue
            self.scanned += count
            w = 1.0 / math.log(2 + count)
            for other in others:
                for item in postings.get((key, other), ()):  # per item, weights are added in key order
                    weights[item] = weights.get(item, 0.0) + w
                    hits[item] = hits.get(item, 0) + 1
        ordered = sorted(weights.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))
        ranked = [item for item, _ in ordered if hits[item] >= self.min_shared]
        return ranked[: self.max_candidates]

    def insert(self, item: int, keys: set[str], language: str) -> None:
        self.language[item] = language
        self.languages.setdefault(language)
        counts, postings, max_df = self.counts, self.postings, self.max_df
        for key in keys:
            count = counts.get(key, 0)
            if count <= max_df:  # a key past max_df is never read again: its postings stop growing
                counts[key] = count + 1
                posting = postings.get((key, language))
                if posting is None:
                    postings[key, language] = [item]
                else:
                    posting.append(item)
