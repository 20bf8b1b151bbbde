"""Token mapping, the prediction writer and the `quelle eval quotes` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from typer.testing import CliRunner

from quelle.errors import EXIT_BAD_INPUT
from quelle.eval.predictions import annotations_for, document_for, predict, published_from_name
from quelle.eval.tokens import OffsetMap, TokenIndex
from quelle.model import Mention, Report, Span, Speaker, Statement

TEXT = "Die Lage sei ernst, sagte Anna Berg. Sie warnte: „Wir haben keine Zeit.“"


def tokenize(text):
    import re

    return [{"id": i, "text": m.group(), "charBegin": m.start(), "charEnd": m.end()}
            for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))]


GOLD = {"documentName": "1 - Test (2023-11-27)", "originalText": TEXT, "tokens": tokenize(TEXT), "annotations": []}


def span(text, sub, source=TEXT):
    start = source.index(sub)
    return Span(start, start + len(sub), sub)


def mention(sub, source=TEXT):
    s = span(sub, sub, source)
    return Mention(sub, s.start, s.end)


def report(statements, source=TEXT):
    return Report(source_id=None, url=None, site=None, source_text=source, text=source, title=None,
                  language="de", published=None, media_type="text", encoding="utf-8", boilerplate=[],
                  paragraphs=[], provenance=None, statements=statements)


def statement(source=TEXT):
    return Statement(
        text="Die Lage sei ernst", spans=[span(TEXT, "Die Lage sei ernst", source)], type="Indirect",
        cue=mention("sagte", source), speaker=Speaker(mention("Anna Berg", source), "Anna Berg", None, None),
        frame=[span(TEXT, "sagte Anna Berg", source)], medium="speech",
    )


def ids(sub):
    start = TEXT.index(sub)
    return TokenIndex(GOLD["tokens"]).overlapping(start, start + len(sub))


def test_published_date_from_document_name():
    assert published_from_name("12 - Titel (2005-08-20)") == date(2005, 8, 20)
    assert published_from_name("12 - Titel") is None
    assert published_from_name("12 - Titel (2005-13-40)") is None
    assert document_for(GOLD).published == date(2023, 11, 27)


def test_token_overlap_includes_partly_covered_tokens():
    index = TokenIndex(GOLD["tokens"])
    start = TEXT.index("Lage")
    assert [GOLD["tokens"][i]["text"] for i in index.overlapping(start + 1, start + 2)] == ["Lage"]
    assert index.overlapping(start, start) == []
    assert [GOLD["tokens"][i]["text"] for i in index.overlapping(start - 1, start + 1)] == ["Lage"]


def test_annotations_in_dataset_shape_with_labels_normalised():
    [a] = annotations_for(report([statement()]), GOLD)
    assert a["quote"]["tokenIds"] == ids("Die Lage sei ernst")
    assert a["speaker"]["tokenIds"] == ids("Anna Berg")
    assert a["cue"]["tokenIds"] == ids("sagte")
    assert a["frame"]["tokenIds"] == ids("sagte Anna Berg")
    assert a["addressee"]["tokenIds"] == []
    assert a["type"] == "Indirect" and a["medium"] == "Speech"
    assert a["speakerName"] == "Anna Berg"
    assert a["quote"]["spans"] == [{"begin": 0, "end": 4, "charBegin": 0, "charEnd": 18}]


def test_unknown_labels_become_null():
    st = statement()
    st.type, st.medium = "Quote", "Telepathy"
    [a] = annotations_for(report([st]), GOLD)
    assert a["type"] is None and a["medium"] is None


def test_offsets_carried_across_when_source_text_differs():
    shifted = "  " + TEXT.replace("ernst,", "ernst ,")
    assert OffsetMap(shifted, TEXT).span(2, 5) == (0, 3)
    [a] = annotations_for(report([statement(shifted)], source=shifted), GOLD)
    assert a["quote"]["tokenIds"] == ids("Die Lage sei ernst")
    assert a["speaker"]["tokenIds"] == ids("Anna Berg")


def test_failures_become_recorded_errors():
    def boom(_document):
        raise RuntimeError("extractor broke")

    out = predict(GOLD, run=boom)
    assert out["annotations"] == [] and "extractor broke" in out["error"]["message"]
    out = predict({"documentName": "no text"}, run=boom)
    assert out["error"]["kind"] == "internal"


def _cli(args):
    from quelle.cli import _register, app

    _register()
    return CliRunner().invoke(app, args)


def test_cli_scores_a_predictions_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold_doc = {"documentName": "d", "annotations": [
        {"quote": {"tokenIds": [0, 1, 2]}, "speaker": {"tokenIds": [4]}, "cue": {"tokenIds": []},
         "frame": {"tokenIds": []}, "addressee": {"tokenIds": []}, "type": "Direct", "medium": "Speech"}]}
    gold.write_text(json.dumps(gold_doc) + "\n", encoding="utf-8")
    result = _cli(["eval", "quotes", "--gold", str(gold), "--predictions", str(gold)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "joint F1 1.000"


def test_cli_runs_the_extractor_and_writes_predictions(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    result = _cli(["eval", "quotes", "--gold", str(gold), "--predictions-out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("joint F1 ")
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["documentName"] == GOLD["documentName"]


def test_cli_bad_gold_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", "from quelle.cli import main; main()", "eval", "quotes",
                          "--gold", str(bad)], capture_output=True, text=True, timeout=60)
    assert run.returncode == EXIT_BAD_INPUT
    assert run.stderr.strip().startswith(f"quelle: error: {bad}:1: not valid JSON")
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_cli_writes_scores_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    result = _cli(["eval", "quotes", "--gold", str(gold), "--predictions", str(gold), "--scores-out", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["documents"] == 1 and figures["joint"]["f1"] == 0.0 and figures["errors"] == 0
