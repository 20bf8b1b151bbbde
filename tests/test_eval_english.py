"""The English gold set: generated file up to date, well-formed, and scoreable."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest

from quelle.eval.english_gold import TARGET, build, render, strip_tags
from quelle.eval.quotes import PARTS, score


def committed() -> str:
    return resources.files("quelle.eval").joinpath("data", TARGET).read_text(encoding="utf-8")


def test_committed_file_matches_its_source():
    assert committed() == render(build()), "run: python -m quelle.eval.english_gold"


def test_at_least_forty_statements_of_the_required_kinds():
    docs = [json.loads(line) for line in committed().splitlines()]
    annotations = [a for d in docs for a in d["annotations"]]
    assert len(annotations) >= 40
    types = Counter(a["type"] for a in annotations)
    assert types["Direct"] >= 15 and types["Indirect"] >= 15
    cues = Counter(a["cue"]["text"].lower() for a in annotations)
    assert cues["according to"] >= 3
    speakers = {a["speaker"]["text"].lower() for a in annotations}
    assert {"he", "she"} <= speakers  # pronoun speakers
    assert {"the minister", "the director", "the diplomat"} <= speakers  # role nouns
    assert any(len(a["quote"]["spans"]) > 1 for a in annotations)  # interrupted quotes
    assert any(a["addressee"]["tokenIds"] for a in annotations)
    assert all("speakerName" in a for a in annotations)


def test_tokens_spans_and_sentences_are_consistent():
    for doc in build():
        text = doc["originalText"]
        for i, token in enumerate(doc["tokens"]):
            assert token["id"] == i
            assert text[token["charBegin"]:token["charEnd"]] == token["text"]
        for sentence in doc["sentences"]:
            assert text[sentence["charBegin"]:sentence["charEnd"]] == sentence["text"]
        assert sum(len(s["tokenIds"]) for s in doc["sentences"]) == len(doc["tokens"])
        for a in doc["annotations"]:
            assert a["quote"]["tokenIds"], doc["documentName"]
            for part in PARTS:
                for span in a[part]["spans"]:
                    assert list(range(span["begin"], span["end"])) == [
                        i for i in a[part]["tokenIds"] if span["begin"] <= i < span["end"]]
        name = doc["documentName"]
        assert name.endswith(")") and "(20" in name


def test_markup_errors_are_reported():
    assert strip_tags("a <q1>b</q1> <s1>c</s1>") == ("a b c", {("quote", 1): [(2, 3)], ("speaker", 1): [(4, 5)]})
    with pytest.raises(ValueError, match="unclosed"):
        strip_tags("<q1>open")
    with pytest.raises(ValueError, match="without an opening"):
        strip_tags("x</s2>")


def test_gold_scores_one_against_itself():
    docs = build()
    assert score(docs, docs).joint == (1.0, 1.0, 1.0)
