"""The extractor never fails on odd text and every span it returns indexes the base text."""

from __future__ import annotations

import random

import pytest

from quelle.model import Article, Span
from quelle.statements import extract

_CHARS = "„“‚‘»«\"'.,:;!? abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ\n-–()0123456789"
_WORDS = ["sagte", "laut", "zufolge", "so", "Er", "sie", "der", "Präsident", "Sergej", "Rjabkow", "sei", "habe",
          "dass", ",", "„", "“", ".", ":", "nach", "Angaben", "wie", "mitteilte", "Dies", "teilte", "mit", "Moskau",
          "said", "according", "to", "he", '"', "hatte", "erklärt", "Von", "der", "Leyen", "gegenüber", "told",
          "the", "minister", "und", "soll", "gewesen", "sein", "Wie", "bekannt", "gab", "(", ")", "that", "\n",
          "Dies", "der", "Sekretär", "Celebi", "Isa", "ein", "Sprecher"]


def _article(text: str, language: str) -> Article:
    paragraphs, pos = [], 0
    for chunk in text.split("\n"):
        if chunk:
            paragraphs.append(Span(pos, pos + len(chunk), chunk))
        pos += len(chunk) + 1
    return Article(source_text=text, media_type="text", encoding="utf-8", boilerplate=[], paragraphs=paragraphs,
                   title=None, title_span=None, language=language, language_score=1.0, published="2024-01-01",
                   published_source="given", site=None, url=None)


@pytest.mark.parametrize("language", ["de", "en"])
def test_random_text_gives_valid_spans(language: str) -> None:
    rng = random.Random(13)
    found = 0
    for i in range(400):
        if i % 3 == 0:
            text = "".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 800)))
        else:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 200)))
        statements, entities, info = extract(_article(text, language))
        assert info["statements"].startswith("rules")
        found += len(statements)
        for st in statements:
            assert st.spans
            for span in st.spans + st.frame:
                assert text[span.start:span.end] == span.text
            for mention in (st.cue, st.addressee, st.speaker.mention if st.speaker else None):
                if mention is not None:
                    assert text[mention.start:mention.end] == mention.text
        for entity in entities:
            for mention in entity.mentions:
                assert text[mention.start:mention.end] == mention.text
    assert found > 0  # the word soup does trigger rules, so the checks above ran
