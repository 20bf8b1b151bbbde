"""Issue 14: the cheaper copy-detection paths give what the plain ones give.

The per-word memory of cross-language features, the per-language postings of the candidate index,
and the skip of documents that cannot be linked across languages must not change a feature, a
candidate or a link.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict

import pytest

from quelle.copies import crossling, matcher, xfeatures
from quelle.copies.doc import CopyDoc
from quelle.copies.evalset import GOLD
from quelle.copies.matcher import CopyIndex


def _gold(limit: int | None = None) -> list[CopyDoc]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()][:limit]
    return [CopyDoc(r["id"], r["text"], r.get("language"), site=r.get("site"), published=r.get("published"))
            for r in rows]


def _key(f: xfeatures.XFeatures | None):
    if f is None:
        return None
    return (f.language, f.paras, f.names, f.numbers, f.quotes, f.skeletons, f.lexicon, f.arabic_script)


def test_features_with_the_word_memory_equal_those_computed_afresh():
    docs = _gold(60)
    # the same texts read as other languages: folded, stemmed, Cyrillic, caseless and no-dictionary paths
    docs += [CopyDoc(f"{d.doc_id}-{lang}", d.text, lang) for d in docs[:6] for lang in ("ru", "sr", "ar", "fr", "uk")]
    docs.append(CopyDoc("hyphen", "Na quarta-feira, 12 de março, o ministro Rjabkow falou em Lisboa.", "pt"))
    alone = []
    for doc in docs:
        xfeatures._memos.clear()
        alone.append(_key(xfeatures.features(CopyDoc(doc.doc_id, doc.text, doc.language))))
    xfeatures._memos.clear()
    warm = [_key(xfeatures.features(CopyDoc(d.doc_id, d.text, d.language))) for d in docs + docs]
    assert warm == alone + alone
    assert any(k and k[2] for k in alone) and any(k and k[3] for k in alone)  # names and numbers were read


def test_sentence_start_scan_equals_the_paragraph_slice_definition():
    rng = random.Random(3)
    alphabet = "ab. !?:\n\"„“«‚'(\t"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) + "Word"
        start = len(text) - 4
        para_start = rng.randint(0, start)
        before = text[para_start:start].rstrip(" \t\"„“«‚'(")
        assert xfeatures._sentence_initial(text, start, para_start) == (not before or before[-1] in ".!?:\n")


def _plain_candidates(postings: dict[str, list[int]], language: dict[int, str], keys: set[str], lang: str,
                      max_df: int = 100, min_shared: int = 2, max_candidates: int = 5) -> list[int]:
    """The index's ranking over one posting list per key (the code before the per-language postings)."""
    weights: Counter[int] = Counter()
    hits: Counter[int] = Counter()
    for key in sorted(keys):
        posting = postings.get(key)
        if not posting or len(posting) > max_df:
            continue
        w = 1.0 / math.log(2 + len(posting))
        for item in posting:
            if language[item] != lang:
                weights[item] += w
                hits[item] += 1
    ordered = sorted(weights.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))
    return [item for item, _ in ordered if hits[item] >= min_shared][:max_candidates]


def test_per_language_postings_rank_candidates_as_one_list_per_key():
    rng = random.Random(11)
    vocabulary = [f"k{i}" for i in range(400)]
    index = crossling.XIndex()
    postings: dict[str, list[int]] = defaultdict(list)
    language: dict[int, str] = {}
    found = 0
    for item in range(1500):
        lang = rng.choice(["de", "en", "ru", "zxx"])
        keys = {vocabulary[min(int(rng.paretovariate(1.2)) - 1, 399)] for _ in range(rng.randint(3, 30))}
        want = _plain_candidates(postings, language, keys, lang)
        got = index.candidates(keys, lang)
        assert got == want
        found += len(got)
        index.insert(item, keys, lang)
        language[item] = lang
        for key in keys:
            if len(postings[key]) <= index.max_df:
                postings[key].append(item)
    assert found > 1000  # candidates were found, and common keys passed max_df
    assert any(count > index.max_df for count in index.counts.values())


def _no_dictionary_docs() -> list[CopyDoc]:
    """Gold texts read as Ukrainian (no dictionary) and a few name-poor pages."""
    docs = _gold()
    out = [CopyDoc(f"{d.doc_id}-uk", d.text, "uk") for d in docs[::3]]
    out.append(CopyDoc("list", "prices rose again\n\nthe market closed at 12 points after 40 trades", "zxx"))
    return out


def test_a_document_that_may_not_link_never_links_with_anything():
    docs = [xfeatures.features(d) for d in _gold() + _no_dictionary_docs()]
    docs = [f for f in docs if f is not None]
    barred = [f for f in docs if not crossling.may_link(f)]
    assert len(barred) > 10 and len(barred) < len(docs)
    linked = 0
    for x in barred:
        for y in docs:
            if y is not x and y.language != x.language:
                assert not crossling.compare(x, y).linked and not crossling.compare(y, x).linked
    for x in docs:  # the bound from the stored keys never bars a document that may link
        if crossling.may_link(x):
            assert crossling.may_link_keys(x.index_keys(), x.lexicon)
    for x in docs[:40]:
        linked += sum(crossling.compare(x, y).linked for y in docs[:120] if y.language != x.language)
    assert linked > 0


@pytest.mark.parametrize("keep_docs", [True, False])
def test_the_skip_leaves_every_link_as_scoring_every_candidate_gives(monkeypatch, keep_docs):
    docs = _gold() + _no_dictionary_docs()

    def links() -> list[dict]:
        index = CopyIndex(keep_docs=keep_docs, with_passages=False, fetch=lambda doc_id: by_id.get(doc_id))
        return [link.to_dict() for doc in docs for link in index.add(CopyDoc(doc.doc_id, doc.text, doc.language))]

    by_id = {d.doc_id: CopyDoc(d.doc_id, d.text, d.language) for d in docs}
    fast = links()
    monkeypatch.setattr(matcher.crossling, "may_link", lambda x: True)
    assert links() == fast
    assert sum(link["relation"] == "translation" for link in fast) > 50


def _sets(rng: random.Random, n: int) -> list:
    import numpy as np

    base = rng.sample(range(1, 5000), 400)
    out = []
    for _ in range(n):
        keep = [h for h in base if rng.random() < rng.choice([0.1, 0.5, 0.9])]
        extra = rng.sample(range(5000, 9000), rng.randint(0, 200))
        out.append(np.unique(np.array(keep + extra, dtype=np.uint32)))
    return out


def test_counted_overlap_and_narration_without_runs_equal_the_full_ones():
    import numpy as np

    from quelle.copies.near import narration, overlap

    rng = random.Random(5)
    sets = _sets(rng, 30)
    for a in sets:
        counted = dict(matcher._may_link(a, sets, list(range(len(sets)))))
        for k, b in enumerate(sets):
            full = overlap(a, b)
            if k in counted:
                assert overlap(a, b, counted[k]) == full
            quoted = np.unique(np.array(rng.sample(a.tolist(), min(5, a.size)) if rng.random() < 0.5 else [],
                                        dtype=np.uint32))
            whole, short = narration(a, a, b, quoted), narration(a, a, b, quoted, runs=False)
            assert (short.shared, short.containment, short.smaller) == (whole.shared, whole.containment, whole.smaller)
    assert len(counted) > 3


def test_anchor_shortcut_and_partial_skip_change_no_verdict():
    rng = random.Random(8)
    names = [f"n{i}" for i in range(8)]
    for _ in range(3000):
        xn, yn = set(rng.sample(names, rng.randint(0, 6))), set(rng.sample(names, rng.randint(0, 6)))
        xm, ym = set(rng.sample(names, rng.randint(0, 3))), set(rng.sample(names, rng.randint(0, 3)))
        common_names, common_numbers = len(xn & yn), len(xm & ym)
        want = (common_names >= matcher.PARTIAL_NAMES and common_names >= matcher.PARTIAL_AGREE * min(len(xn), len(yn))
                and common_numbers >= 1 and common_numbers >= matcher.PARTIAL_AGREE * min(len(xm), len(ym)))
        assert matcher.anchors_agree(xn, xm, yn, ym) == want
    # verification with partial=False gives what it gives when no candidate's anchors agree
    import numpy as np

    from quelle.copies.matcher import Entry
    from quelle.copies.near import Shingled

    sets = _sets(random.Random(2), 25)
    others = [Entry(str(i), "de", s, s[:4], None, None, None) for i, s in enumerate(sets[1:])]
    new = Entry("new", "de", sets[0], sets[0][:4], None, None, None)
    shingled = Shingled(sets[0].astype(np.uint64), sets[0])
    empty = np.zeros(0, dtype=np.uint32)

    def run(partial: bool) -> list[dict]:
        return [link.to_dict() for link in matcher.verify_same_language(
            new, shingled, others, lambda: empty, lambda e: empty, lambda e: False, partial=partial)]

    assert run(False) == run(True)
    assert len(run(True)) > 0
