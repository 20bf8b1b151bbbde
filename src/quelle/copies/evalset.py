"""Turn the hand-written evaluation stories into documents with gold story groups.

``data/eval_stories.yaml`` holds, per topic, an English original, our German
machine-translation-style version and a same-topic story that is not a copy. This module makes
the copies a laundering network would: the story wrapped in a page's chrome, a teaser, an edited
version, the translation on a German site (whole, or cut into two pages), deterministically.
``python -m quelle.copies.evalset OUT.jsonl`` writes the gold file ``quelle eval-copies`` reads.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from quelle.copies.lexicon import DATA

STORIES = DATA / "eval_stories.yaml"
GOLD = DATA / "copies_gold.jsonl"
HOLDOUT_STORIES = DATA / "eval_stories_holdout.yaml"
HOLDOUT_GOLD = DATA / "copies_gold_holdout.jsonl"

_CHROME = {
    "en": (["Home | World | Business | Opinion | Video", "Breaking news and analysis from around the globe"],
           ["Share this story on social media:", "Follow us on Telegram", "Related stories:"]),
    "de": (["Startseite | Politik | Wirtschaft | Meinung | Video", "Nachrichten, die Sie anderswo nicht lesen"],
           ["Teilen Sie diesen Artikel:", "Folgen Sie uns auf Telegram", "Weitere Artikel:"]),
}
_EDITS = {"en": [("said", "stated"), ("on ", "this "), ("told", "informed")],
          "de": [("sagte", "erklärte"), ("am ", "an diesem "), ("teilte", "meldete")]}


def _page(title: str, paragraphs: list[str]) -> str:
    return "\n\n".join([title, *paragraphs])


def _wrapped(lang: str, title: str, paragraphs: list[str], related: list[str], source: str | None) -> str:
    head, foot = _CHROME[lang]
    lines = [*head, "", title, "", "\n\n".join(paragraphs)]
    if source:
        lines += ["", ("Quelle: " if lang == "de" else "Source: ") + source]
    lines += ["", foot[0], foot[1], "", foot[2], *related]
    return "\n".join(lines)


def _edited(lang: str, title: str, paragraphs: list[str], rng: random.Random) -> str:
    kept = paragraphs[:-1] if len(paragraphs) > 3 else list(paragraphs)
    old, new = rng.choice(_EDITS[lang])
    kept = [p.replace(old, new, 1) for p in kept]
    return _page(("UPDATE: " if lang == "en" else "AKTUELL: ") + title, kept)


def build(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents in publication order, each with its gold ``group``."""
    rng = random.Random(7)
    docs: list[dict[str, Any]] = []
    titles = [s["original"]["title"] for s in stories]

    def add(doc_id: str, group: str, lang: str, site: str, day: date, text: str, variant: str) -> None:
        docs.append({"id": doc_id, "group": group, "language": lang, "site": site,
                     "published": day.isoformat(), "variant": variant, "text": text})

    for n, story in enumerate(stories):
        tid, day = story["id"], date.fromisoformat(str(story["date"]))
        orig, trans, other = story["original"], story["translation"], story["other"]
        related = [titles[(n + 1) % len(titles)], titles[(n + 7) % len(titles)]]
        g = f"{tid}-a"
        add(f"{tid}-en-original", g, "en", "wire-en.example", day, _page(orig["title"], orig["paragraphs"]),
            "original")
        add(f"{tid}-en-wrapped", g, "en", "aggregator-one.example", day,
            _wrapped("en", orig["title"], orig["paragraphs"], related, None), "wrapped")
        add(f"{tid}-en-teaser", g, "en", "headlines.example", day,
            _page(orig["title"], [orig["paragraphs"][0], "Read the full story on our partner site."]), "teaser")
        add(f"{tid}-en-edited", g, "en", "mirror-news.example", day + timedelta(days=1),
            _edited("en", orig["title"], orig["paragraphs"], rng), "edited")
        add(f"{tid}-de-translation", g, "de", "nachrichten-spiegel.example", day + timedelta(days=1),
            _wrapped("de", trans["title"], trans["paragraphs"], [], "wire-en.example"), "translation-wrapped")
        if n % 2 == 0:
            half = (len(trans["paragraphs"]) + 1) // 2
            add(f"{tid}-de-page1", g, "de", "blog-aktuell.example", day + timedelta(days=2),
                _page(trans["title"], [*trans["paragraphs"][:half], "Weiter auf Seite 2"]), "translation-page1")
            add(f"{tid}-de-page2", g, "de", "blog-aktuell.example", day + timedelta(days=2),
                _page(trans["title"] + " (Seite 2)", trans["paragraphs"][half:]), "translation-page2")
        else:
            add(f"{tid}-de-edited", g, "de", "blog-aktuell.example", day + timedelta(days=2),
                _edited("de", trans["title"], trans["paragraphs"], rng), "translation-edited")
        if story.get("translation_ru"):
            ru = story["translation_ru"]
            add(f"{tid}-ru-translation", g, "ru", "novosti-zerkalo.example", day + timedelta(days=1),
                _page(ru["title"], ru["paragraphs"]), "translation-ru")
        if story.get("other_ru"):  # a Russian story about the same people on the same day, not a copy
            ru_other = story["other_ru"]
            add(f"{tid}-ru-other", f"{tid}-c", "ru", "drugie-vesti.example", day,
                _page(ru_other["title"], ru_other["paragraphs"]), "other-ru")
        lang = other["language"]
        h = f"{tid}-b"
        add(f"{tid}-{lang}-other", h, lang, "other-outlet.example", day, _page(other["title"], other["paragraphs"]),
            "other")
        add(f"{tid}-{lang}-other-wrapped", h, lang, "aggregator-two.example", day,
            _wrapped(lang, other["title"], other["paragraphs"], related, None), "other-wrapped")
    docs.sort(key=lambda d: (d["published"], d["id"]))
    return docs


def load_stories(path: Path = STORIES) -> list[dict[str, Any]]:
    stories = yaml.safe_load(path.read_text(encoding="utf-8"))
    for story in stories:
        for part in ("original", "translation", "other"):
            if not story.get(part, {}).get("paragraphs"):
                raise ValueError(f"{path}: story {story.get('id')} lacks {part} paragraphs")
    return stories


def main(argv: list[str]) -> int:
    """``python -m quelle.copies.evalset [OUT.jsonl [STORIES.yaml]]``; ``holdout`` builds the held-out set."""
    if len(argv) > 1 and argv[1] == "holdout":
        out, stories = HOLDOUT_GOLD, HOLDOUT_STORIES
    else:
        out = Path(argv[1]) if len(argv) > 1 else GOLD
        stories = Path(argv[2]) if len(argv) > 2 else STORIES
    docs = build(load_stories(stories))
    with out.open("w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"{len(docs)} documents, {len({d['group'] for d in docs})} groups -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
