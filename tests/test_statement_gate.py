"""The sentence gate (rules/gate.py) skips only sentences on which no rule can fire: extract() gives
the same statements with and without it, and it does skip sentences without any trigger word."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import quelle.statements.rules as rules_module
from quelle import statements
from quelle.model import Document
from quelle.pipeline import read_article
from quelle.statements.lexicon import lexicon
from quelle.statements.rules import SentenceRules
from quelle.statements.text import tokenize

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXTS = [FIXTURES / "statements_de.txt", FIXTURES / "statements_en.txt"]  # invented
# invented: free indirect speech, reported acts, a passive, reportative "sollen", an anaphoric frame
EXTRA = ("Der Bürgermeister sagte am Montag, die Brücke werde im Mai gesperrt. Die Umleitung führe über "
         "die Nordstraße. Anwohner müssten mit Lärm rechnen. Der Verkehrsverbund kritisierte die Planung. "
         "Die Pläne wurden von der Opposition als überstürzt bezeichnet. Der Bauleiter soll bereits "
         "gekündigt haben. Die Arbeiten beginnen im Mai. Dies teilte die Stadt mit.")


def _all_hot(lex, texts, low, cue_possible):
    return list(range(len(texts) + 1))  # every token counts as a trigger: the gate lets all through


def _dump(path: Path | str) -> str:
    content = path.encode("utf-8") if isinstance(path, str) else path.read_bytes()
    article = read_article(Document(content=content, media_type="text"))
    got = statements.extract(article)
    return repr([[dataclasses.asdict(x) for x in got[0]], [dataclasses.asdict(x) for x in got[1]], got[2]])


@pytest.mark.parametrize("path", [*TEXTS, EXTRA], ids=["de", "en", "extra"])
def test_gate_changes_no_output(path: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    gated = _dump(path)
    monkeypatch.setattr(rules_module, "trigger_counts", _all_hot)
    assert "Direct" in gated or "Indirect" in gated  # the fixture has statements to compare
    assert _dump(path) == gated


def _cold(text: str, language: str) -> bool:
    toks = tokenize(text, 0)
    rules = SentenceRules(lexicon(language), toks)
    return rules.triggers[len(toks)] == rules.triggers[0]


def test_sentences_without_triggers_are_skipped() -> None:
    assert _cold("Der Zug kam am Morgen in Köln an.", "de")
    assert _cold("The train stopped in Cologne in the morning.", "en")


@pytest.mark.parametrize(("text", "language"), [
    ("Der Minister sagte am Morgen etwas.", "de"),  # a cue verb
    ("Die Lage werde ernster.", "de"),  # Konjunktiv I: free indirect speech
    ("Laut Polizei hielt der Zug in Köln.", "de"),  # an attribution
    ("Der Täter soll geflohen sein.", "de"),  # reportative "sollen"
    ("Die Gemeinde hofft, dass der Zug hält.", "de"),  # a dass clause after any verb
    ("Officials are reporting delays.", "en"),  # an -ing form of a cue
    ("Mayor: trains will stop in the town", "en"),  # a headline colon
])
def test_sentences_with_a_trigger_are_read(text: str, language: str) -> None:
    assert not _cold(text, language)


def test_skipped_sentence_reaches_no_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    toks = tokenize("Der Zug kam am Morgen in Köln an.", 0)
    rules = SentenceRules(lexicon("de"), toks)
    called = []
    monkeypatch.setattr(rules, "rules", [dataclasses.replace(r, find=lambda rd, s: called.append(1) or [])
                                         for r in rules.rules])
    assert rules.sentence(0, len(toks), [], None, False) == []
    assert called == []
