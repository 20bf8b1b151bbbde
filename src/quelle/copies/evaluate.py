"""Scoring copy detection against gold story groups: pair precision/recall/F1 and adjusted Rand.

Pairs are split by whether the two documents share a language. The adjusted Rand index is given
for all documents (cross-language clustering) and, for the same-language figure, averaged over the
per-language subsets (clusters restricted to one language's documents).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from quelle.copies.doc import CopyDoc
from quelle.copies.matcher import CopyIndex, Link
from quelle.copies.stories import clusters


@dataclass(slots=True)
class PairScores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _comb2(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand(gold: dict[str, str], pred: dict[str, str]) -> float:
    """Hubert-Arabie adjusted Rand index of two labelings of the same items."""
    items = list(gold)
    n = len(items)
    if n < 2:
        return 1.0
    cells = Counter((gold[i], pred[i]) for i in items)
    a = Counter(gold[i] for i in items)
    b = Counter(pred[i] for i in items)
    index = sum(_comb2(v) for v in cells.values())
    sa, sb = sum(_comb2(v) for v in a.values()), sum(_comb2(v) for v in b.values())
    expected = sa * sb / _comb2(n)
    maximum = (sa + sb) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def score(docs: list[dict[str, Any]], predicted: dict[str, str]) -> dict[str, Any]:
    """Pair scores and ARI; ``docs`` carry ``id``, ``group``, ``language``; ``predicted`` id -> cluster."""
    same, cross = PairScores(0, 0, 0), PairScores(0, 0, 0)
    by_pair: dict[str, PairScores] = {}
    for x, y in combinations(docs, 2):
        target = same if x["language"] == y["language"] else cross
        pair = "-".join(sorted((str(x["language"]), str(y["language"]))))
        detail = by_pair.setdefault(pair, PairScores(0, 0, 0))
        g = x["group"] == y["group"]
        p = predicted[x["id"]] == predicted[y["id"]]
        for scores in (target, detail):
            if g and p:
                scores.tp += 1
            elif p:
                scores.fp += 1
            elif g:
                scores.fn += 1
    gold = {d["id"]: d["group"] for d in docs}
    languages = sorted({d["language"] for d in docs})
    per_lang = {lang: adjusted_rand({d["id"]: d["group"] for d in docs if d["language"] == lang},
                                    {d["id"]: predicted[d["id"]] for d in docs if d["language"] == lang})
                for lang in languages}
    return {
        "documents": len(docs), "groups": len(set(gold.values())),
        "same_language": {**same.to_dict(), "ari": round(sum(per_lang.values()) / len(per_lang), 4),
                          "ari_per_language": {k: round(v, 4) for k, v in per_lang.items()}},
        "cross_language": {**cross.to_dict(), "ari_all_documents": round(adjusted_rand(gold, predicted), 4)},
        "by_language_pair": {k: v.to_dict() for k, v in sorted(by_pair.items())},
    }


def read_gold(path: Path) -> list[dict[str, Any]]:
    docs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            doc = json.loads(line)
            for key in ("id", "group", "text"):
                if key not in doc:
                    raise ValueError(f"{path}:{number}: missing {key!r}")
            docs.append(doc)
    return docs


def as_copy_doc(doc: dict[str, Any]) -> CopyDoc:
    """Read a gold document the way ingest would (layout, boilerplate, language), as a CopyDoc."""
    from quelle.model import Document
    from quelle.pipeline import read_article

    article = read_article(Document(content=doc["text"].encode("utf-8"), source_id=doc["id"],
                                    site=doc.get("site"), media_type="text"))
    return CopyDoc(doc["id"], article.source_text, article.language or doc.get("language"),
                   [(p.start, p.end) for p in article.paragraphs] or None, doc.get("site"),
                   doc.get("published"), article.title)


def run(docs: Iterable[dict[str, Any]]) -> tuple[list[Link], dict[str, str], CopyIndex]:
    index = CopyIndex()
    links: list[Link] = []
    ids = []
    for doc in docs:
        links.extend(index.add(as_copy_doc(doc)))
        ids.append(doc["id"])
    predicted = {}
    for root, members in clusters(ids, links).items():
        for member in members:
            predicted[member] = root
    return links, predicted, index


def evaluate_file(path: Path) -> tuple[dict[str, Any], list[Link], list[dict[str, Any]]]:
    docs = read_gold(path)
    for doc in docs:
        doc.setdefault("language", None)
    links, predicted, index = run(docs)
    result = score(docs, predicted)
    result["links"] = len(links)
    result["cross_candidates_per_document"] = round(index.stats["cross_candidates"] / max(1, len(docs)), 2)
    return result, links, docs
