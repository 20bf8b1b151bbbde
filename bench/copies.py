"""Benchmark of copy detection: signatures, LSH, verification and clustering over 100,000 documents.

Generated documents (seeded; word lists drawn here, no third-party text): stories of 150-400
words from a Zipf vocabulary, a third of them copies of an earlier one (edited, truncated,
wrapped in chrome). Prints:

* same-language throughput (documents per second on one core: signature + LSH + containment
  index + exact verification + union-find), the median over windows of 10,000 documents, and
  peak memory (max RSS) as the index grows;
* the baseline measured in the same run: datasketch MinHash + MinHashLSH on the same shingles,
  against our numpy MinHash + banded LSH, medians over rounds, and the ratio;
* cross-language candidates per document as the store grows (inverted index of rare keys;
  German, English and Russian documents in turn, `--cross-languages`),
  to show candidate generation is not quadratic.

    .venv/bin/python bench/copies.py [--docs 100000] [--cross-docs 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time

import numpy as np

from quelle.copies.doc import CopyDoc
from quelle.copies.matcher import CopyIndex
from quelle.copies.minhash import MinHasher
from quelle.copies.near import Shingled
from quelle.copies.stories import clusters

CHROME = ["Home | World | Business | Video", "Share this story", "Follow us", "Related stories"]
NAMES = ["Rjabkow", "Peskow", "Lawrow", "Sacharowa", "Schoigu", "Nowak", "Medwedew", "Nabiullina", "Sobjanin"]
NAMES_EN = ["Ryabkov", "Peskov", "Lavrov", "Zakharova", "Shoigu", "Novak", "Medvedev", "Nabiullina", "Sobyanin"]
NAMES_RU = ["Рябков", "Песков", "Лавров", "Захарова", "Шойгу", "Новак", "Медведев", "Набиуллина", "Собянин"]
# Latin letters to Cyrillic ones, so a Russian document's words transliterate back to the keys of
# the German/English vocabulary: Russian documents share as many keys with the others as they do
# with each other (the hard case for candidate generation), and every word goes through the stemmer
_TO_CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyz", "абкдефгхийклмнопкрстуввкиз")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vocabulary(rng: random.Random, size: int = 30000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words)


def generate(n: int, seed: int = 5, parents: list[int | None] | None = None) -> list[str]:
    """``n`` documents; ``parents`` (if given) receives, per document, the index it copies or None."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = np.array([1.0 / (i + 1) for i in range(len(vocab))])
    cum = np.cumsum(weights / weights.sum())
    docs: list[str] = []
    for i in range(n):
        if docs and rng.random() < 1 / 3:
            parent = rng.randrange(len(docs))
            if parents is not None:
                parents.append(parent)
            words = docs[parent].split()
            kind = rng.random()
            if kind < 0.33:  # truncated (teaser / first page)
                words = words[: max(20, len(words) // rng.randint(2, 4))]
            elif kind < 0.66:  # edited: a few words replaced
                for _ in range(len(words) // 25):
                    words[rng.randrange(len(words))] = vocab[rng.randrange(len(vocab))]
            else:  # wrapped in chrome
                words = CHROME[:2] + words + CHROME[2:]
            docs.append(" ".join(words))
        else:
            if parents is not None:
                parents.append(None)
            count = rng.randint(150, 400)
            picks = np.searchsorted(cum, np.random.default_rng(seed * 1_000_003 + i).random(count))
            docs.append(" ".join(vocab[min(p, len(vocab) - 1)] for p in picks))
    return docs


def same_language(texts: list[str], window: int, parents: list[int | None]) -> tuple[list[float], float, float]:
    """Per-window rates in documents per CPU second (one core), overall CPU and wall rates.

    Also scores the links against the generator's truth: each copy should link to the document it
    copies, and no link should join two documents of different lineages.
    """
    index = CopyIndex(cross_language=False, keep_docs=False, with_passages=False)
    links = []
    rates = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    last = cpu0
    for i, text in enumerate(texts, 1):
        links.extend(index.add(CopyDoc(str(i), text, "en")))
        if i % window == 0:
            now = time.process_time()
            rates.append(window / (now - last))
            print(f"  {i:>7,} documents: {rates[-1]:7.0f} docs per CPU-second in this window, {len(links):,} links, "
                  f"max RSS {rss_mb():.0f} MB", flush=True)
            last = now
    t0 = time.process_time()
    groups = clusters([str(i) for i in range(1, len(texts) + 1)], links)
    cluster_s = time.process_time() - t0
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"  clustering (union-find over {len(links):,} links): {cluster_s:.2f} CPU-s; "
          f"{sum(1 for g in groups.values() if len(g) > 1):,} stories")

    def root(i: int) -> int:
        while parents[i] is not None:
            i = parents[i]
        return i

    linked = {frozenset((int(lk.a) - 1, int(lk.b) - 1)) for lk in links}
    truth = [frozenset((i, p)) for i, p in enumerate(parents) if p is not None]
    found = sum(1 for pair in truth if pair in linked)
    wrong = sum(1 for pair in linked if len({root(i) for i in pair}) > 1)
    print(f"  against the generator: {found:,} of {len(truth):,} copies linked to their source "
          f"({found / max(1, len(truth)):.2%}); {wrong:,} of {len(linked):,} links join different stories")
    return rates, len(texts) / cpu, len(texts) / wall


def ours_signatures(shingle_sets: list[np.ndarray]) -> float:
    from quelle.copies.lsh import BandedLSH

    hasher, lsh = MinHasher(128), BandedLSH(128, 32)
    started = time.process_time()
    for i, s in enumerate(shingle_sets):
        sig = hasher.signature(s)
        lsh.query(sig)
        lsh.insert(i, sig)
    return len(shingle_sets) / (time.process_time() - started)


def datasketch_signatures(shingle_sets: list[np.ndarray]) -> float:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=128, params=(32, 4))
    started = time.process_time()
    for i, s in enumerate(shingle_sets):
        m = MinHash(num_perm=128)
        m.update_batch([h.to_bytes(4, "little") for h in s.tolist()])
        lsh.query(m)
        lsh.insert(str(i), m)
    return len(shingle_sets) / (time.process_time() - started)


def cross_language(n: int, window: int, languages: tuple[str, ...] = ("de", "en", "ru")) -> None:
    """German/English/Russian documents sharing names and numbers; work per document as the index grows."""
    rng = random.Random(11)
    vocab = vocabulary(rng, 30000)
    weights = np.array([1.0 / (i + 1) for i in range(len(vocab))])
    cum = np.cumsum(weights / weights.sum())
    draw = np.random.default_rng(11)
    index = CopyIndex(keep_docs=True, with_passages=False)
    done, cands, scanned, started = 0, 0, 0, time.process_time()
    for i in range(1, n + 1):
        lang = languages[i % len(languages)]
        names = {"de": NAMES, "en": NAMES_EN, "ru": NAMES_RU}[lang]
        paras = []
        for _ in range(4):
            words = [vocab[min(p, len(vocab) - 1)] for p in np.searchsorted(cum, draw.random(25))]
            if lang == "ru":
                words = [w.translate(_TO_CYRILLIC) for w in words]
            words[3] = rng.choice(names)
            words[9] = str(rng.randint(2, 400))
            paras.append(" ".join(words) + ".")
        before, before_scan = index.stats["cross_candidates"], index.xindex.scanned
        index.add(CopyDoc(str(i), "\n\n".join(paras), lang))
        cands += index.stats["cross_candidates"] - before
        scanned += index.xindex.scanned - before_scan
        done += 1
        if i % window == 0:
            print(f"  {i:>7,} documents: {cands / done:5.1f} candidates and {scanned / done:6.1f} postings read per "
                  f"document (last {window:,}), {done / (time.process_time() - started):5.0f} docs per CPU-second",
                  flush=True)
            done, cands, scanned, started = 0, 0, 0, time.process_time()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--cross-docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-docs", type=int, default=3000)
    parser.add_argument("--cross-languages", default="de,en,ru",
                        help="languages of the cross-language documents, in turn (default de,en,ru)")
    args = parser.parse_args(argv)
    window = max(1, args.docs // 10)
    print(f"generating {args.docs:,} documents ...", flush=True)
    parents: list[int | None] = []
    texts = generate(args.docs, parents=parents)
    print(f"generated; max RSS {rss_mb():.0f} MB")

    print("baseline (same run, same shingles): signature + LSH query + insert, documents per CPU-second")
    shingle_sets = [Shingled.of(CopyDoc(str(i), t, "en")).unique for i, t in enumerate(texts[: args.baseline_docs])]
    ours, theirs = [], []
    for r in range(args.rounds):
        ours.append(ours_signatures(shingle_sets))
        theirs.append(datasketch_signatures(shingle_sets))
        print(f"  round {r + 1}: numpy MinHash {ours[-1]:7.0f} docs/s   datasketch {theirs[-1]:7.0f} docs/s")
    print(f"  median: numpy MinHash {statistics.median(ours):.0f} docs/s, datasketch {statistics.median(theirs):.0f} "
          f"docs/s, ratio {statistics.median(ours) / statistics.median(theirs):.1f}x")

    print(f"same-language pipeline over {args.docs:,} documents (tokens, shingles, MinHash, LSH, containment "
          "index, exact verification; one core):")
    rates, per_cpu, per_wall = same_language(texts, window, parents)
    print(f"  median window rate {statistics.median(rates):.0f} docs per CPU-second (one core); overall "
          f"{per_cpu:.0f} docs per CPU-second, {per_wall:.0f} docs per wall-second (machine load included), "
          f"clustering included; peak memory (max RSS) {rss_mb():.0f} MB")

    languages = tuple(lang.strip() for lang in args.cross_languages.split(",") if lang.strip())
    print(f"cross-language candidate generation over {args.cross_docs:,} documents ({'/'.join(languages)} in turn):")
    cross_language(args.cross_docs, max(1, args.cross_docs // 5), languages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
