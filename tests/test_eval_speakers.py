"""Speaker-name accuracy: set loading, statement matching and the `quelle eval speakers` command."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED
from typer.testing import CliRunner

from quelle.errors import BadInput
from quelle.eval.speakers import (
    Item,
    evaluate,
    format_scores,
    items_from_gold,
    mention_kind,
    read_set,
    surname,
)
from quelle.model import Mention, Report, Span, Speaker, Statement

DEV = SHARED / "data" / "german-news-quotation-attribution" / "dev.jsonl"
TEXT = "Anna Berg leitet das Amt. Die Lage sei ernst, sagte sie. Der Minister Karl Roth widersprach."


def tokens(text):
    import re

    return [{"id": i, "text": m.group(), "charBegin": m.start(), "charEnd": m.end()}
            for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))]


def ids(text, sub):
    start = text.index(sub)
    return [t["id"] for t in tokens(text) if t["charBegin"] < start + len(sub) and start < t["charEnd"]]


GOLD = {"documentName": "7 - Amt (2024-01-02)", "originalText": TEXT, "tokens": tokens(TEXT), "annotations": [
    {"id": 0, "quote": {"tokenIds": ids(TEXT, "Die Lage sei ernst")}, "speaker": {"tokenIds": ids(TEXT, "sie."[:3]),
                                                                                  "text": "sie"},
     "speakerName": "Anna Berg"}]}


def at(sub, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def report(name, mention=("sie", 0), quote="Die Lage sei ernst"):
    s, e = at(*mention)
    qs, qe = at(quote)
    st = Statement(text=quote, spans=[Span(qs, qe, quote)], type="Indirect", cue=None,
                   speaker=Speaker(Mention(TEXT[s:e], s, e), name, None, None))
    return Report(source_id=None, url=None, site=None, source_text=TEXT, text=TEXT, title=None, language="de",
                  published=None, media_type="text", encoding="utf-8", boilerplate=[], paragraphs=[],
                  provenance=None, statements=[st])


ITEM = Item(GOLD["documentName"], 0, *at("sie", 0), "pronoun", "Anna Berg")


def test_exact_and_surname_matches():
    scores = evaluate([GOLD], [ITEM], run=lambda _d: report("Anna  Berg"))
    assert scores.accuracy() == (1, 1)  # whitespace normalised
    scores = evaluate([GOLD], [ITEM], run=lambda _d: report("Frau Berg"))
    assert scores.accuracy() == (0, 1) and scores.accuracy(lenient=True) == (1, 1)
    scores = evaluate([GOLD], [ITEM], run=lambda _d: report("Karl Roth"))
    assert scores.accuracy(lenient=True) == (0, 1)


def test_match_by_quote_when_the_mention_differs():
    scores = evaluate([GOLD], [ITEM], run=lambda _d: report("Anna Berg", mention=("Anna Berg", 0)))
    assert scores.outcomes[0].found and scores.accuracy() == (1, 1)


def test_unmatched_statement_and_failures_count_as_wrong():
    scores = evaluate([GOLD], [ITEM], run=lambda _d: report("Anna Berg", mention=("Amt", 0), quote="Amt"))
    assert not scores.outcomes[0].found and scores.accuracy() == (0, 1)

    def boom(_d):
        raise RuntimeError("broken")

    scores = evaluate([GOLD], [ITEM], run=boom)
    assert scores.accuracy() == (0, 1) and "broken" in scores.errors[0]
    missing = Item("nope", 0, 0, 1, "pronoun", "X")
    scores = evaluate([GOLD], [missing], run=boom)
    assert scores.outcomes == [] and "not in the gold file" in scores.errors[0]


def test_format_ends_with_overall_accuracy():
    lines = format_scores(evaluate([GOLD], [ITEM], run=lambda _d: report("Anna Berg")))
    assert lines[-1] == "speaker-name accuracy 1.000 (1/1)"
    assert any(line.startswith("surname match (lenient)") for line in lines)


def test_surname_and_kinds():
    assert surname("Ursula von der Leyen") == "leyen"
    assert surname("Massimo D’Alema") == surname("Massimo D'Alema")
    assert mention_kind(["she"]) == "pronoun"
    assert mention_kind(["the", "minister"]) == "role"
    assert mention_kind(["Transport", "Minister", "Helen", "Okafor"]) == "named"


def test_items_from_gold_speaker_names():
    [item] = items_from_gold([GOLD])
    assert (item.start, item.end, item.name, item.kind) == (*at("sie", 0), "Anna Berg", "pronoun")


def test_packaged_set_is_well_formed():
    items = read_set()
    assert len(items) >= 100
    assert {i.kind for i in items} == {"pronoun", "role", "surname"}
    assert all(i.name and i.end > i.start for i in items)
    assert sum(1 for i in items if i.kind in ("pronoun", "role")) >= 50


def test_bad_set_files(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(BadInput, match="header"):
        read_set(bad)
    bad.write_text("document\tannotation\tstart\tend\tkind\tname\nd\tx\t1\t2\tpronoun\tA\n", encoding="utf-8")
    with pytest.raises(BadInput, match="integers"):
        read_set(bad)


@pytest.mark.shared
def test_packaged_set_points_at_dev_speaker_mentions():
    if not DEV.exists():
        pytest.skip(f"the dev split is not at {DEV} (../shared/ absent)")
    docs = {d["documentName"]: d for d in map(json.loads, DEV.open(encoding="utf-8"))}
    for item in read_set():
        doc = docs[item.document]
        [annotation] = [a for a in doc["annotations"] if a["id"] == item.annotation]
        spans = annotation["speaker"]["spans"]
        assert spans[0]["charBegin"] == item.start and spans[-1]["charEnd"] == item.end
        assert item.name in doc["originalText"]  # the person is named somewhere in the article


def test_cli_speakers_on_a_small_gold_file(tmp_path):
    from quelle.cli import _register, app

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    _register()
    result = CliRunner().invoke(app, ["eval", "speakers", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("speaker-name accuracy ")
