"""Provenance: accuracy on the invented fixtures, and the time attribute() takes per text article.

Accuracy: each case of tests/fixtures/provenance/expected.yaml is right when outlet, edition,
translated, republished and state_controlled all match.
Controls: the German Wikinews articles of ../shared/data/german-news-quotation-attribution/
(independent news, read in place, never copied) should get no origin, and the outlet line
rules should not change their boilerplate or title.
Timing: attribute() alone on ~1,000 invented text articles (bench/corpus.py; a third carry
outlet furniture so the matching paths run), with read_article() on the same articles as the
baseline measured in the same rounds; and layout() with and without the outlet line rules
(what the registry adds to boilerplate detection).

    .venv/bin/python bench/provenance.py [--count 1000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from quelle.extract.boilerplate import LineClassifier  # noqa: E402
from quelle.extract.layout import layout  # noqa: E402
from quelle.model import Document  # noqa: E402
from quelle.pipeline import analyze, read_article  # noqa: E402
from quelle.provenance import attribute, clean_title, line_rules  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "provenance"
WIKINEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "german-news-quotation-attribution"
FURNITURE = [
    ("{title} – RT Weltnachrichten",
     "Sie können diese Geschichte in den sozialen Medien teilen:\n\nFolgen Sie RT weiter"),
    ("{title} - TASS", "Follow us on Telegram"),
    ("{title}", "Quelle: RT"),
    ("{title} – RT DE", "Mehr zum Thema - Ein weiterer Bericht"),
]


def score_fixtures() -> tuple[int, int, list[str]]:
    cases = yaml.safe_load((FIXTURES / "expected.yaml").read_text("utf-8"))["fixtures"]
    right, wrong = 0, []
    for case in cases:
        document = Document((FIXTURES / case["file"]).read_bytes(), url=case.get("url"), site=case.get("site"))
        prov = analyze(document, with_statements=False).provenance
        origin = prov.origin if prov else None
        got = (origin.outlet if origin else None, origin.edition if origin else None,
               (prov.translated or {}).get("from") if prov else None, prov.republished if prov else None,
               bool(origin and origin.state_controlled))
        want = (case["outlet"], case["edition"], case["translated"], case["republished"], case["state_controlled"])
        if got == want:
            right += 1
        else:
            wrong.append(f"{case['file']}: got {got}, expected {want}")
    return right, len(cases), wrong


def score_controls(paths: list[Path]) -> None:
    """Independent German news (Wikinews, ../shared): none should get an origin or lose a line to outlet rules."""
    with_rules, generic_only = LineClassifier(line_rules()), LineClassifier(())
    documents = origins = changed = 0
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line)["originalText"]
                documents += 1
                prov = analyze(Document(text.encode("utf-8"), media_type="text"), with_statements=False).provenance
                origins += bool(prov and prov.origin)
                ruled = layout(text, with_rules, clean_title=clean_title)
                generic = layout(text, generic_only)
                changed += ({(b.start, b.kind) for b in ruled.boilerplate} != {(b.start, b.kind) for b in
                                                                               generic.boilerplate}
                            or ruled.title != generic.title)
    print(f"controls: {documents} German Wikinews articles: {origins} with an origin, {changed} whose boilerplate "
          "or title the outlet rules change")


def bench_documents(count: int) -> list[Document]:
    rng = random.Random(11)
    documents = []
    for article in corpus.build(count, html_share=0.0):
        text = article.content.decode("utf-8")
        if rng.random() < 0.33:
            title_format, tail = rng.choice(FURNITURE)
            title, _, rest = text.partition("\n")
            text = title_format.format(title=title) + "\n" + rest.rstrip() + "\n\n" + tail + "\n"
        documents.append(Document(text.encode("utf-8"), media_type="text"))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    right, total, wrong = score_fixtures()
    print(f"fixtures: {right}/{total} cases attributed as expected ({right / total:.1%})")
    for line in wrong:
        print("  wrong:", line)

    controls = sorted(WIKINEWS.glob("*.jsonl"))
    if controls:
        score_controls(controls)
    else:
        print(f"controls: skipped, {WIKINEWS} not found (../shared/ absent)")

    documents = bench_documents(args.count)
    articles = [read_article(d) for d in documents]
    attributed = sum(1 for a in articles if attribute(a).origin is not None)
    print(f"timing corpus: {len(articles)} invented text articles, {attributed} with an origin found")
    per_doc_attr: list[float] = []
    per_doc_read: list[float] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for document in documents:
            read_article(document)
        per_doc_read.append((time.perf_counter() - started) / len(documents))
        started = time.perf_counter()
        for article in articles:
            attribute(article)
        per_doc_attr.append((time.perf_counter() - started) / len(articles))
    # The outlet line rules also make the layout's line classifier larger: layout with and without them.
    texts = [a.source_text for a in articles]
    with_rules, generic_only = LineClassifier(line_rules()), LineClassifier(())
    per_doc_layout: dict[str, list[float]] = {"outlet rules": [], "generic only": []}
    for _ in range(args.rounds):
        for name, classifier, title in (("outlet rules", with_rules, clean_title),
                                        ("generic only", generic_only, str.strip)):
            started = time.perf_counter()
            for text in texts:
                layout(text, classifier, clean_title=title)
            per_doc_layout[name].append((time.perf_counter() - started) / len(texts))
    attr, read = statistics.median(per_doc_attr), statistics.median(per_doc_read)
    print(f"attribute() alone:        median {attr * 1e6:8.1f} µs per text article ({1 / attr:,.0f} docs/s/core)")
    print(f"read_article() baseline:  median {read * 1e6:8.1f} µs per text article ({1 / read:,.0f} docs/s/core)")
    print(f"ratio attribute/read_article: {attr / read:.3f}")
    ruled, generic = (statistics.median(per_doc_layout[k]) for k in ("outlet rules", "generic only"))
    print(f"layout() with outlet line rules: median {ruled * 1e6:.1f} µs, generic rules only: {generic * 1e6:.1f} µs "
          f"(ratio {ruled / generic:.2f})")


if __name__ == "__main__":
    main()
