"""Cross-language score margins on an evaluation set: how far copies and non-copies sit from the threshold.

``quelle eval-copies`` counts linked pairs after clustering, so a copy found only through its story
counts as found. This scores each document of one language directly against every document in
another language of the same topic (the evaluation set's ids start with the topic) and prints,
per pair of variants, the lowest and highest score and how many pairs ``compare`` links; for
Russian it first prints the lexicon's coverage (lower-case content words with a translation):

    python -m quelle.copies.pairscores src/quelle/copies/data/copies_gold.jsonl ru
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from quelle.copies.crossling import LINK_SCORE, compare, features
from quelle.copies.evaluate import as_copy_doc, read_gold
from quelle.copies.lexicon import russian_concepts, stopwords


def margins(path: Path, language: str) -> dict[tuple[bool, str, str], list[tuple[float, bool]]]:
    """(same story?, variant, other variant) -> [(score, linked)] for documents in ``language``."""
    docs = read_gold(path)
    feats = {d["id"]: features(as_copy_doc(d)) for d in docs}
    out: dict[tuple[bool, str, str], list[tuple[float, bool]]] = defaultdict(list)
    for d in docs:
        if d.get("language") != language or feats[d["id"]] is None:
            continue
        topic = d["id"].split("-", 1)[0]
        for e in docs:
            if e.get("language") == language or e["id"].split("-", 1)[0] != topic or feats[e["id"]] is None:
                continue
            s = compare(feats[d["id"]], feats[e["id"]])
            out[(d["group"] == e["group"], d["id"].split("-", 1)[1], e["id"].split("-", 1)[1])].append(
                (s.score, s.linked))
    return out


def russian_coverage(path: Path) -> tuple[int, int]:
    """(words the lexicon translates, words) over the lower-case Russian content words of a gold file."""
    stop = stopwords()["ru"]
    hits = total = 0
    for d in read_gold(path):
        if d.get("language") != "ru":
            continue
        for tok in as_copy_doc(d).tokens:
            word = tok.norm.replace("ё", "е")
            if word in stop or len(word) < 3 or tok.text[0].isdigit() or tok.text[0].isupper():
                continue
            total += 1
            hits += bool(russian_concepts(word))
    return hits, total


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    if argv[2] == "ru":
        hits, total = russian_coverage(Path(argv[1]))
        print(f"lexicon coverage: {hits} of {total} lower-case Russian content words ({hits / max(1, total):.1%})")
    table = margins(Path(argv[1]), argv[2])
    print(f"link threshold {LINK_SCORE}; scores of {argv[2]} documents against the same topic's others")
    for (same, a, b), scores in sorted(table.items(), key=lambda kv: (not kv[0][0], kv[0][1], kv[0][2])):
        values = [s for s, _ in scores]
        print(f"  {'copy    ' if same else 'non-copy'} {a:>20} vs {b:<20} {min(values):.3f}-{max(values):.3f}  "
              f"linked {sum(1 for _, linked in scores if linked)} of {len(scores)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
