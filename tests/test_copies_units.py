"""Copy detection parts: transliteration keys, MinHash vs datasketch, containment, passages, stories, ARI."""

from __future__ import annotations

import numpy as np
import pytest

from quelle.copies.crossling import number_key
from quelle.copies.doc import CopyDoc
from quelle.copies.evaluate import adjusted_rand, score
from quelle.copies.matcher import CopyIndex, Link
from quelle.copies.minhash import MinHasher, estimate_jaccard, shingle_hashes, word_hashes
from quelle.copies.near import Shingled, overlap, passages
from quelle.copies.stories import build_stories
from quelle.translit import concept_key, translit_key

STORY = (
    "Harbour of Lindholm closes after storm damage\n\n"
    "The harbour authority of Lindholm closed the northern pier on Thursday after a storm tore away 40 metres of "
    "the breakwater, the town council said.\n\n"
    "Ferries to the islands will leave from the southern terminal until repairs are finished, which engineers "
    "expect to take at least six weeks and cost around 2.3 million euros.\n\n"
    "\"We were lucky that nobody was on the pier when the wave hit,\" harbour master Ingrid Solvang told local "
    "radio, adding that two fishing boats had been damaged.\n\n"
    "The council will meet on Monday to decide whether the fishing festival planned for June can go ahead."
)
OTHER = (
    "Lindholm council approves new fishing quotas\n\n"
    "The town council of Lindholm approved new quotas for the local fishing fleet on Thursday, cutting the cod "
    "catch by 15 percent for the coming season.\n\n"
    "Harbour master Ingrid Solvang said the fishermen had been consulted and that most supported the plan.\n\n"
    "The festival committee will present its programme in May."
)


@pytest.mark.parametrize("names", [("Rjabkow", "Ryabkov", "Рябков"), ("Peskow", "Peskov", "Песков"),
                                   ("Dmitri", "Dmitry", "Дмитрий"), ("Selenskyj", "Zelensky", "Зеленский"),
                                   ("Lawrow", "Lavrov", "Лавров"), ("Sacharowa", "Zakharova", "Захарова")])
def test_transliteration_key_joins_german_english_russian_spellings(names):
    de, en, ru = names
    assert translit_key(de, "de") == translit_key(en, "en") == translit_key(ru)


def test_transliteration_key_keeps_different_names_apart_and_tolerates_inflection():
    assert translit_key("Peskow", "de") != translit_key("Lawrow", "de")
    assert translit_key("Schoigu", "de") != translit_key("Sobjanin", "de")
    assert concept_key("Рябкова") == concept_key("Ryabkov", "en")  # Russian genitive, same 6-letter key


def test_number_keys_fold_german_and_english_notation():
    assert number_key("1.000") == number_key("1,000") == "#1000"
    assert number_key("2,5") == number_key("2.5") == "#2.5"
    assert number_key("2022") == "#2022"


def _shingles(text: str) -> np.ndarray:
    return np.unique(shingle_hashes(word_hashes(text.lower().split()), 4))


def test_numpy_minhash_estimates_jaccard_like_datasketch():
    from datasketch import MinHash

    a_words = STORY.lower().split()
    b_words = a_words[: len(a_words) * 2 // 3] + OTHER.lower().split()
    sa, sb = _shingles(" ".join(a_words)), _shingles(" ".join(b_words))
    exact = np.intersect1d(sa, sb).size / np.union1d(sa, sb).size
    hasher = MinHasher(256)
    ours = estimate_jaccard(hasher.signature(sa), hasher.signature(sb))
    ma, mb = MinHash(num_perm=256), MinHash(num_perm=256)
    for h in sa.tolist():
        ma.update(int(h).to_bytes(4, "little"))
    for h in sb.tolist():
        mb.update(int(h).to_bytes(4, "little"))
    theirs = ma.jaccard(mb)
    assert 0.3 < exact < 0.8
    assert abs(ours - exact) < 0.1 and abs(theirs - exact) < 0.1


def _docs(*texts: str) -> list[CopyDoc]:
    return [CopyDoc(f"d{i}", text, "en") for i, text in enumerate(texts)]


def test_teaser_wrapped_and_split_copies_link_and_same_topic_story_does_not():
    paragraphs = STORY.split("\n\n")
    teaser = "\n\n".join(paragraphs[:2] + ["Read more on our partner site."])
    wrapped = "Home | News | Sport\n\n" + STORY + "\n\nShare this article\nMore from the coast:\nLindholm regatta"
    page1 = "\n\n".join(paragraphs[:3])
    page2 = "\n\n".join(paragraphs[3:])
    index = CopyIndex(cross_language=False)
    docs = _docs(STORY, teaser, wrapped, page1, page2, OTHER)
    links: list[Link] = []
    for doc in docs:
        links.extend(index.add(doc))
    linked = {frozenset((lk.a, lk.b)): lk for lk in links}
    for copy in ("d1", "d2", "d3", "d4"):
        assert frozenset(("d0", copy)) in linked, copy
    assert not any("d5" in pair for pair in linked)
    teaser_link = linked[frozenset(("d0", "d1"))]
    assert teaser_link.relation == "excerpt" and teaser_link.contained == "a"
    wrapped_link = linked[frozenset(("d0", "d2"))]
    assert wrapped_link.relation == "near-copy" and wrapped_link.score == 1.0  # all of it inside the page


def test_passages_point_at_the_same_words_in_both_documents():
    a, b = _docs("Breaking: " + STORY, STORY.replace("six weeks", "two months"))
    sa, sb = Shingled.of(a), Shingled.of(b)
    found = passages(a, sa, b, sb)
    assert len(found) >= 2  # the edit splits the shared text
    for p in found:
        assert a.text[p.a_start:p.a_end].split() == b.text[p.b_start:p.b_end].split()
    assert overlap(sa.unique, sb.unique).containment > 0.8


def test_copy_doc_offsets_stay_in_the_base_text():
    doc = CopyDoc("x", "Menu\n\nReal first paragraph here.\n\nShare", "en", paragraphs=[(6, 32)])
    assert [t.text for t in doc.tokens] == ["Real", "first", "paragraph", "here"]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)


def test_stories_pick_the_earliest_and_name_relations():
    meta = {"a": {"published": "2027-01-02", "language": "en", "site": "x"},
            "b": {"published": "2027-01-01", "language": "en", "site": "y"},
            "c": {"published": "2027-01-03", "language": "de", "site": "z"},
            "d": {"published": None, "language": "en", "site": "w"}}
    links = [Link("a", "b", "excerpt", 0.9, contained="a"), Link("c", "a", "translation", 0.7)]
    (story,) = build_stories(meta, links)
    assert story.earliest == "b"
    relations = {m.doc_id: m.relation for m in story.members}
    assert relations == {"b": "original", "a": "excerpt", "c": "translation"}


def test_adjusted_rand_and_pair_scores():
    gold = {"1": "x", "2": "x", "3": "y", "4": "y"}
    assert adjusted_rand(gold, {"1": "p", "2": "p", "3": "q", "4": "q"}) == 1.0
    assert adjusted_rand(gold, {"1": "p", "2": "q", "3": "p", "4": "q"}) < 0
    docs = [{"id": k, "group": v, "language": "en" if k != "4" else "de"} for k, v in gold.items()]
    result = score(docs, {"1": "p", "2": "p", "3": "q", "4": "r"})
    assert result["same_language"]["tp"] == 1 and result["cross_language"]["fn"] == 1
    assert result["same_language"]["precision"] == 1.0


def test_vectorised_paragraph_overlap_equals_the_plain_definition():
    import random

    from quelle.copies.crossling import overlap_f
    from quelle.copies.crossvec import Overlaps, pack

    rng = random.Random(3)
    concepts = [f"c{i}" for i in range(40)]

    def doc():
        return [[tuple(rng.sample(concepts, rng.randint(1, 3))) for _ in range(rng.randint(1, 12))]
                for _ in range(rng.randint(1, 5))]

    for _ in range(30):
        x, y = doc(), doc()
        ov = Overlaps.of(pack(x), pack(y))
        matrix = ov.matrix()
        for i, px in enumerate(x):
            for j, py in enumerate(y):
                assert matrix[i, j] == pytest.approx(overlap_f(px, py))
        assert ov.whole() == pytest.approx(overlap_f([w for p in x for w in p], [w for p in y for w in p]))
        assert ov.window(0, len(x) - 1, 0, len(y) - 1) == pytest.approx(ov.whole())


def test_russian_and_german_names_meet_english_ones_in_cross_language_features():
    from quelle.copies.crossling import features

    en = features(CopyDoc("en", "The Kremlin said that Dmitry Peskov met Sergey Ryabkov in Moscow.", "en"))
    ru = features(CopyDoc("ru", "В Кремле сообщили, что Дмитрий Песков встретился с Сергеем Рябковым.", "ru"))
    de = features(CopyDoc("de", "Der Kreml teilte mit, dass Dmitri Peskow sich mit Sergej Rjabkow traf.", "de"))
    assert {"peskov", "ryabko"} <= set(en.names) & set(ru.names) & set(de.names)
