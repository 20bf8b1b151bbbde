"""The English Wikinews set: anchor conversion, the offset records, and the gold builder.

Everything here runs on invented text; the one test that needs the real Wikinews texts skips
when they have not been rebuilt (see docs/statements.md).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quelle.cli import _register, app, main
from quelle.eval.english_annotate import AnchorError, candidates, convert, parse_ann, resolve
from quelle.eval.english_real import (
    SPLITS,
    build,
    build_document,
    check_record,
    read_annotations,
    text_hash,
    write_split_files,
)
from quelle.eval.quotes import score

TEXT = ('Mayor Ana Ruiz said that the bridge would reopen in May. "It is safe," she told reporters. '
        'The council criticised the delay. According to engineers, repairs cost more than planned.')

ANN = """date 2031-05-02
# invented article
== I S n=Ana Ruiz
q that the bridge|in May
s Mayor Ana Ruiz
c said
f Mayor Ana Ruiz said
== D S n=Ana Ruiz
q "It is safe,"
s «she» told
c told
f she told reporters
a reporters
== R SW
q The council criticised the delay.
s The council
== I SW
q repairs cost|than planned
s engineers
c According to
f According to engineers,
"""


def spans(text: str, ranges: list[list[int]]) -> list[str]:
    return [text[s:e] for s, e in ranges]


def test_anchors_resolve_to_the_intended_words():
    date, entries = parse_ann(ANN)
    records = resolve(TEXT, entries)
    assert date == "2031-05-02" and len(records) == 4
    first, second, third, fourth = records
    assert spans(TEXT, first["quote"]) == ["that the bridge would reopen in May"]
    assert spans(TEXT, first["frame"]) == ["Mayor Ana Ruiz said"]
    assert spans(TEXT, second["quote"]) == ['"It is safe,"']
    assert spans(TEXT, second["speaker"]) == ["she"] and spans(TEXT, second["addressee"]) == ["reporters"]
    assert third["type"] == "Reported" and spans(TEXT, third["speaker"]) == ["The council"]
    assert spans(TEXT, fourth["cue"]) == ["According to"] and fourth["medium"] == "SW"
    assert first["speakerName"] == "Ana Ruiz" and third["speakerName"] is None


def test_parts_are_taken_outside_the_quote_and_nearest_to_it():
    text = 'He said the plan "said nothing," said Lee. Later Kim said it failed.'
    _, entries = parse_ann('== D S\nq "said nothing,"\nc said\ns Lee\n== I S\nq it failed\nc said\ns Kim\n')
    direct, indirect = resolve(text, entries)
    assert direct["cue"] == [[text.index("said Lee"), text.index("said Lee") + 4]]  # not the one inside
    assert spans(text, indirect["cue"]) == ["said"] and indirect["cue"][0][0] == text.index("Kim said") + 4


def test_discontinuous_quotes_and_context_markers():
    text = '"We will win," the coach said, "and we will win well."'
    _, entries = parse_ann('== D S\nq "We will win,"\nq "and we|well."\ns the «coach» said\nc said\n')
    (record,) = resolve(text, entries)
    assert spans(text, record["quote"]) == ['"We will win,"', '"and we will win well."']
    assert spans(text, record["speaker"]) == ["coach"]
    assert candidates("a b a b", "a|b") == [(0, 3), (4, 7)]


@pytest.mark.parametrize("ann, message", [
    ("== I S\nq not in the text\n", "not found"),
    ("== X S\nq Mayor\n", "bad type"),
    ("== I S\ns Mayor\n", "no quote"),
    ("q before any header\n", "before the first"),
    ("== I\n", "TYPE MEDIUM"),
])
def test_annotation_mistakes_are_named(ann, message):
    with pytest.raises(AnchorError, match=message):
        resolve(TEXT, parse_ann(ann)[1])


def record_for(text: str, split: str = "dev", record_id: str = "x1") -> dict:
    _, entries = parse_ann(ANN)
    return {"id": record_id, "url": "https://en.wikinews.org/wiki/Invented", "query": "invented",
            "date": "2031-05-02", "sha256": text_hash(text), "chars": len(text), "split": split,
            "attributions": resolve(text, entries)}


def test_built_document_has_the_dataset_shape_and_scores_one_against_itself():
    doc = build_document(record_for(TEXT), TEXT)
    assert doc["documentName"].startswith("x1 - Mayor Ana Ruiz") and doc["documentName"].endswith("(2031-05-02)")
    for token in doc["tokens"]:
        assert TEXT[token["charBegin"]:token["charEnd"]] == token["text"]
    first = doc["annotations"][0]
    assert first["quote"]["text"] == "that the bridge would reopen in May"
    assert first["cue"]["text"] == "said" and first["speakerName"] == "Ana Ruiz"
    assert score([doc], [doc]).joint == (1.0, 1.0, 1.0)


def test_nested_quotations_are_flagged():
    text = 'Ruiz said the plan was "a gift" to drivers.'
    _, entries = parse_ann('== I S\nq the plan was|to drivers\ns Ruiz\nc said\n== D S\nq "a gift"\ns Ruiz\nc said\n')
    record = {"id": "n1", "date": "2031-01-01", "url": "u", "attributions": resolve(text, entries)}
    outer, inner = build_document(record, text)["annotations"]
    assert outer["hasNested"] and not outer["isNested"]
    assert inner["isNested"] and not inner["hasNested"]


def test_missing_and_changed_texts_are_reported_not_fatal(tmp_path):
    records = [record_for(TEXT, "dev", "a1"), record_for(TEXT, "heldout", "a2"), record_for(TEXT, "dev", "a3")]
    (tmp_path / "a1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a2.txt").write_text(TEXT.replace("May", "June"), encoding="utf-8")
    result = build(records, tmp_path)
    assert [d["documentName"][:2] for d in result.documents["dev"]] == ["a1"]
    assert result.documents["heldout"] == []
    assert any(p.startswith("a2:") and "sha256" in p for p in result.problems)
    assert any(p.startswith("a3:") and "missing" in p for p in result.problems)
    paths = write_split_files(result, tmp_path / "out")
    assert sorted(paths) == sorted(SPLITS)
    assert len(paths["dev"].read_text(encoding="utf-8").splitlines()) == 1
    assert "no such folder" in build(records, tmp_path / "absent").problems[0]


def test_malformed_records_are_refused():
    good = record_for(TEXT)
    assert check_record(good) is None
    assert "split" in check_record({**good, "split": "test"})
    broken = json.loads(json.dumps(good))
    broken["attributions"][0]["quote"] = [[5, 10_000]]
    assert "bad quote ranges" in check_record(broken)


def test_convert_reads_a_manifest_and_alternates_the_splits(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / "texts").mkdir()
    rows = ["id\turl\tquery"]
    for n in range(3):
        (tmp_path / "ann" / f"z{n}.ann").write_text(ANN, encoding="utf-8")
        (tmp_path / "texts" / f"z{n}.txt").write_text(TEXT, encoding="utf-8")
        rows.append(f"z{n}\thttps://en.wikinews.org/wiki/Z{n}\tq{n}")
    rows.append("z9\thttps://en.wikinews.org/wiki/Z9\tq9")
    (tmp_path / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    records, problems = convert(tmp_path / "manifest.tsv", tmp_path / "ann", tmp_path / "texts")
    assert [r["split"] for r in records] == ["dev", "heldout", "dev"]
    assert problems == ["z9: no annotation or text yet"]
    assert all(check_record(r) is None for r in records)


def test_cli_builds_splits_and_reports_a_missing_folder(tmp_path, monkeypatch, capsys):
    annotations = tmp_path / "records.jsonl"
    annotations.write_text(json.dumps(record_for(TEXT, "heldout", "c1")) + "\n", encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "c1.txt").write_text(TEXT, encoding="utf-8")
    _register()
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "build-english", "--texts", str(tmp_path / "texts"), "--out",
                                 str(tmp_path / "gold"), "--annotations", str(annotations)])
    assert result.exit_code == 0, result.output
    assert "heldout: 1 articles, 4 attributions" in result.output
    assert (tmp_path / "gold" / "heldout.jsonl").exists()
    monkeypatch.setattr("sys.argv", ["quelle", "eval", "build-english", "--texts", str(tmp_path / "none"),
                                     "--out", str(tmp_path / "gold"), "--annotations", str(annotations)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("quelle: error:") and len(err.strip().splitlines()) == 1


def test_committed_records_are_well_formed_and_split_both_ways():
    records = read_annotations()
    assert len(records) >= 20
    assert {r["split"] for r in records} == set(SPLITS)
    assert all(r["url"].lower().startswith(("https://en.wikinews.org/", "http://en.wikinews.org/",
                                    "https://en.m.wikinews.org/", "http://en.m.wikinews.org/")) for r in records)
    assert len({r["id"] for r in records}) == len(records)


def test_committed_set_meets_the_issue_sizes():
    """At least 60 pages and 400 attributions, a third of them without quotation marks."""
    records = read_annotations()
    attributions = [a for r in records for a in r["attributions"]]
    assert len(records) >= 60 and len(attributions) >= 400

    def quoted(record: dict, a: dict) -> bool:
        inside = [b for b in record["attributions"] if b is not a and b["type"] == "Direct" and all(
            any(s <= x and y <= e for s, e in a["quote"]) for x, y in b["quote"])]
        return a["type"] == "Direct" or bool(inside)

    unquoted = sum(1 for r in records for a in r["attributions"] if not quoted(r, a))
    assert unquoted * 3 >= len(attributions)


def test_committed_records_rebuild_from_the_real_texts():
    default = Path(__file__).resolve().parents[2] / "en-wikinews" / "texts"
    texts = Path(os.environ.get("QUELLE_EN_WIKINEWS_TEXTS", default))
    if not texts.is_dir():
        pytest.skip(f"English Wikinews texts not rebuilt at {texts} (see docs/statements.md); "
                    "set QUELLE_EN_WIKINEWS_TEXTS")
    result = build(read_annotations(), texts)
    if result.problems and not any(result.documents.values()):
        pytest.skip(f"no usable English Wikinews text in {texts}: {result.problems[0]}")
    assert result.problems == []
    for docs in result.documents.values():
        for doc in docs:
            for annotation in doc["annotations"]:
                assert annotation["quote"]["tokenIds"], doc["documentName"]


def test_committed_records_match_the_anchor_annotations_when_present():
    base = Path(os.environ.get("QUELLE_EN_WIKINEWS_DIR", Path(__file__).resolve().parents[2] / "en-wikinews"))
    manifest, ann, texts = base / "manifest.tsv", base / "ann", base / "texts"
    if not (manifest.is_file() and ann.is_dir() and texts.is_dir()):
        pytest.skip(f"no English Wikinews annotation folder at {base} (manifest.tsv, ann/, texts/)")
    records, problems = convert(manifest, ann, texts)
    assert problems == []
    assert records == read_annotations(), "run: python -m quelle.eval.english_annotate ... --out (docs/statements.md)"
