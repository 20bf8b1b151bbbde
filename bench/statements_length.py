"""Statements cost per KB as articles grow: from 1 KB to the 200,000-character limit.

Builds German articles of each size by joining the paragraphs of bench/corpus.py's invented
articles (so a long one has many people, names, quotes and pronouns, as a long report has),
reads each once (read_article), then times statements.extract() alone on it: CPU seconds,
median of ``--rounds``. The baseline is the cost per KB of the smallest size, measured in the
same run; the goal is every size within 1.5x of it.

    .venv/bin/python bench/statements_length.py [--sizes 1000,10000,50000,100000,200000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from quelle import statements  # noqa: E402
from quelle.model import Document  # noqa: E402
from quelle.pipeline import read_article  # noqa: E402


def article_of(size: int, paragraphs: list[str]) -> bytes:
    """A title and whole paragraphs up to ``size`` characters (at least one paragraph)."""
    out, length = ["Bericht aus der Hauptstadt"], 0
    for paragraph in paragraphs:
        if length + len(paragraph) > size and len(out) > 1:
            break
        out.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(out).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000,30000,100000,200000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    paragraphs: list[str] = []
    for art in corpus.build(4000, html_share=0.0):
        if art.language == "de":
            paragraphs.extend(p for p in art.content.decode("utf-8").split("\n\n")[1:] if len(p) > 80)
    articles = {size: read_article(Document(content=article_of(size, paragraphs), media_type="text"))
                for size in sizes}
    statements.extract(articles[sizes[0]])  # lexicons loaded outside the timings
    # small articles are timed over several copies, so each measurement lasts long enough
    repeat = {size: max(1, 200_000 // size) for size in sizes}
    times: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(args.rounds):  # interleaved: a busy machine slows every size alike
        for size in sizes:
            started = time.process_time()
            for _ in range(repeat[size]):
                statements.extract(articles[size])
            times[size].append((time.process_time() - started) / repeat[size])
    base = None
    print(f"{'chars':>8} {'statements':>10} {'ms (median)':>12} {'ms per KB':>10} {'vs smallest':>12}")
    worst = 1.0
    for size in sizes:
        art = articles[size]
        chars = len(art.source_text)
        ms = statistics.median(times[size]) * 1000
        per_kb = ms / (chars / 1024)
        base = base or per_kb
        worst = max(worst, per_kb / base)
        found = len(statements.extract(art)[0])
        print(f"{chars:>8} {found:>10} {ms:>12.1f} {per_kb:>10.2f} {per_kb / base:>11.2f}x")
    print(f"largest cost per KB / smallest size's: {worst:.2f}x  (goal <= 1.5x)")


if __name__ == "__main__":
    main()
