"""Benchmark of the statement extractor: German 3 KB articles per second per core.

Prints medians over several rounds of (a) the whole analysis with statements and entities,
(b) the same analysis without them (the baseline, measured in the same rounds, interleaved),
and (c) statements.extract() alone on already-read articles, plus the ratio (a)/(b).

    .venv/bin/python bench/statements.py [--count 600] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from timing import rate  # noqa: E402

from quelle import statements  # noqa: E402
from quelle.model import Document  # noqa: E402
from quelle.pipeline import analyze, read_article  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600, help="articles to build (the German text ones are used)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    docs = [Document(content=a.content, media_type="text") for a in corpus.build(args.count)
            if a.media_type == "text" and a.language == "de"]
    articles = [read_article(d) for d in docs]
    mean_kb = statistics.mean(len(d.content) for d in docs) / 1024
    print(f"corpus: {len(docs)} German text articles, mean {mean_kb:.1f} KB")
    statements.extract(articles[0])  # load lexicons once, outside the timings

    runs: dict[str, list[float]] = {"full analysis": [], "without statements": [], "extract() alone": []}
    for _ in range(args.rounds):
        runs["full analysis"].append(rate(docs, analyze))
        runs["without statements"].append(rate(docs, lambda d: analyze(d, with_statements=False)))
        runs["extract() alone"].append(rate(articles, statements.extract))
    print(f"median articles/s on one core over {args.rounds} rounds:")
    for name, values in runs.items():
        print(f"  {name:20} {statistics.median(values):8.1f}   (min {min(values):.1f}, max {max(values):.1f})")
    ratios = [b / a for a, b in zip(runs["full analysis"], runs["without statements"], strict=True)]
    print(f"time ratio full / without statements (median of per-round ratios): {statistics.median(ratios):.2f}x")
    print(f"German 3 KB articles per second per core (full): {statistics.median(runs['full analysis']):.0f}"
          "   (target >= 300, issue 12)")


if __name__ == "__main__":
    main()
