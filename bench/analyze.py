"""Benchmark of `quelle analyze`: documents per second per core and peak memory.

Prints medians over several rounds, with trafilatura's extraction alone on the
same HTML measured in the same rounds (interleaved, so machine noise hits both).

    .venv/bin/python bench/analyze.py [--count 1200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import trafilatura  # noqa: E402
from timing import rate  # noqa: E402

from quelle.model import Document  # noqa: E402
from quelle.pipeline import analyze  # noqa: E402


def trafilatura_alone(content: bytes) -> None:
    trafilatura.bare_extraction(
        content.decode("utf-8"), with_metadata=True, favor_recall=True, include_comments=False,
        include_tables=False, deduplicate=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1200, help="articles to build (half text, half HTML)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    articles = corpus.build(args.count)
    text = [Document(content=a.content, media_type="text") for a in articles if a.media_type == "text"]
    german = [Document(content=a.content, media_type="text") for a in articles
              if a.media_type == "text" and a.language == "de"]
    html = [a.content for a in articles if a.media_type == "html"]
    html_docs = [Document(content=c) for c in html]
    mean_kb = statistics.mean(len(d.content) for d in german) / 1024
    print(f"corpus: {len(text)} text ({len(german)} German, mean {mean_kb:.1f} KB), {len(html)} HTML articles")

    analyze(text[0])  # load registries and lexicons once, outside the timings
    results: dict[str, list[float]] = {k: [] for k in (
        "text full", "text no-statements", "german full", "html full", "html no-statements", "trafilatura alone")}
    for _ in range(args.rounds):
        results["text full"].append(rate(text, analyze))
        results["text no-statements"].append(rate(text, lambda d: analyze(d, with_statements=False)))
        results["german full"].append(rate(german, analyze))
        results["trafilatura alone"].append(rate(html, trafilatura_alone))
        results["html full"].append(rate(html_docs, analyze))
        results["html no-statements"].append(rate(html_docs, lambda d: analyze(d, with_statements=False)))

    print(f"median docs/s on one core over {args.rounds} rounds:")
    for name, values in results.items():
        print(f"  {name:<22} {statistics.median(values):8.1f}   (min {min(values):.1f}, max {max(values):.1f})")
    ratio = [t / h for t, h in zip(results["trafilatura alone"], results["html full"], strict=True)]
    ratio_ns = [t / h for t, h in zip(results["trafilatura alone"], results["html no-statements"], strict=True)]
    print(f"HTML time ratio to trafilatura alone (median of per-round ratios): full {statistics.median(ratio):.2f}x, "
          f"no-statements {statistics.median(ratio_ns):.2f}x   (target <= 1.3x)")
    print(f"text articles per second per core (full): {statistics.median(results['text full']):.0f}   "
          f"(target >= 300)")
    print(f"German 3 KB articles per second per core (full): {statistics.median(results['german full']):.0f}   "
          f"(target >= 300, issue 12)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
