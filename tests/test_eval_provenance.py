"""`quelle eval provenance`: the scorer on invented rows, and the command on invented pages.

Nothing here reads the real provenance-dev texts; the rows and pages are written for the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quelle.eval.provenance_manifest import Row, outlet_key, read_manifest, row_class
from quelle.eval.provenance_run import _inputs, read_texts
from quelle.eval.provenance_score import Prediction, format_scores, pair_failures, score

CLI = [sys.executable, "-c", "from quelle.cli import main; main()"]
HEADER = ("id\turl\tsite\tlanguage\ttrue_origin_outlet\torigin_edition\tis_republication\ttranslated_from\t"
          "story_group\tquery_used\tevidence\n")


def row(ident: str, outlet: str, rep: bool | None = True, trans: str = "", group: str = "",
        evidence: str = "", url: str = "") -> Row:
    return Row(ident, url or f"https://example.invalid/{ident}", outlet, rep, trans, group, evidence)


def test_row_classes_follow_the_conventions():
    assert row_class(row("x", "TASS")) == "state"
    assert row_class(row("x", "RT DE")) == "state"            # an edition of a scored outlet
    assert row_class(row("x", "dpa")) == "control"
    assert row_class(row("x", "Lenta.ru")) == "unscored"
    assert row_class(row("x", "unknown")) == "unscored"
    assert row_class(row("x", "TASS", evidence="credit cut; probable TASS text")) == "unscored"
    assert row_class(row("x", "TASS", evidence="improbable look")) == "state"  # a whole word only


def test_editions_and_spellings_compare_equal():
    assert outlet_key("RT DE") == outlet_key("RT") == outlet_key("rt")
    assert outlet_key("News agency: Xinhua") == outlet_key("Xinhua")
    assert outlet_key("TASS") != outlet_key("RIA Novosti")
    assert outlet_key(None) == ""


def test_scores_count_hits_misses_and_missing_texts():
    rows = [row("s1", "TASS", True, "ru", "g1"), row("s2", "TASS", False, "", "g1"),
            row("s3", "RT", True, "en"), row("c1", "dpa", True, "", "g2"), row("c2", "AFP", False, "", "g2"),
            row("u1", "unknown", True)]
    preds = {
        "s1": Prediction("TASS", None, True, True, "ru", "7"),
        "s2": Prediction("TASS", None, True, True, None, "7"),       # republished wrong
        # s3 has no text: a miss for origin, republished and translated
        "c1": Prediction("Sputnik", None, True, True, "de", "7"),    # a control called state media, false flag
        "c2": Prediction(None, None, None, False, None, None),
        "u1": Prediction("RT", None, True, True, None, None),        # unscored: no figure moves
    }
    s = score(rows, preds)
    assert (s.origin.hits, s.origin.total) == (2, 3)
    assert s.controls_flagged.hits == 1
    assert (s.republished.hits, s.republished.total) == (3, 5)
    assert (s.translated_recall.hits, s.translated_recall.total) == (1, 2)
    assert s.false_translation_flags.hits == 1
    # pairs: s1+s2 right; c1 joined to s1/s2 wrongly (2 fp); c1+c2 missed (1 fn)
    assert s.pairs == {"tp": 1, "fp": 2, "fn": 1}
    assert s.missing == ["s3"]
    failing = {(f.id, f.figure) for f in s.failures}
    assert {("s3", "origin"), ("s3", "translated"), ("s2", "republished"), ("c1", "control"),
            ("c1", "translated")} <= failing
    assert ("s1", "origin") not in failing and ("u1", "origin") not in failing
    missing = next(f for f in s.failures if f.id == "s3" and f.figure == "origin")
    assert missing.got == "missing text"
    assert {f.id for f in pair_failures(rows, preds)} == {"s1+c1", "s2+c1", "c1+c2"}
    lines = format_scores(s)
    assert lines[0].startswith("origin accuracy") and "(2/3)" in lines[0]
    assert json.loads(json.dumps(s.to_dict()))["copy_pairs"]["precision"] == pytest.approx(1 / 3, abs=1e-3)


def test_manifest_errors_are_value_errors(tmp_path: Path):
    bad = tmp_path / "m.tsv"
    bad.write_text("id\turl\n1\thttp://x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        read_manifest(bad)
    dup = tmp_path / "d.tsv"
    dup.write_text(HEADER + "a\t\t\t\tdpa\t\tyes\t\t\t\t\n" * 2, encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate id"):
        read_manifest(dup)


def test_the_pipeline_sees_only_id_url_and_text(tmp_path: Path):
    rows = [row("a", "TASS", url="https://site.invalid/a"), row("b", "dpa", url="not a url"), row("c", "AFP")]
    (tmp_path / "a.txt").write_text("Text A.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Text B.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("  \n", encoding="utf-8")  # blank: a miss
    texts = read_texts(rows, tmp_path)
    assert set(texts) == {"a", "b"}
    docs = _inputs(rows, texts)
    assert docs == [{"id": "a", "text": "Text A.", "url": "https://site.invalid/a"}, {"id": "b", "text": "Text B."}]


TASS_PAGE = ("Russia and partners discuss grain deliveries\n\n"
             "MOSCOW, March 3. /TASS/. Russia and its partners discussed grain deliveries on Friday, the "
             "ministry said in a statement. The talks will continue next week, it added.\n\n"
             "The ministry gave no figures for the planned deliveries.\n")
CONTROL_PAGE = ("Council approves the new budget\n\n"
                "The city council approved the budget for the next two years on Tuesday. The mayor said "
                "the money would go to schools and roads.\n\nThe opposition voted against the plan.\n")


def test_command_end_to_end_on_invented_pages(tmp_path: Path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "t1.txt").write_text(TASS_PAGE, encoding="utf-8")
    (texts / "c1.txt").write_text(CONTROL_PAGE, encoding="utf-8")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(HEADER
                        + "t1\thttps://tass.com/economy/1\ttass.com\ten\tTASS\tTASS English\tno\t\t\tq\tdateline\n"
                        + "c1\thttps://city.invalid/budget\tcity.invalid\ten\tCity Paper\t\tno\t\t\tq\town text\n"
                        + "m1\thttps://gone.invalid/x\tgone.invalid\ten\tRT\t\tyes\t\t\tq\tno text\n",
                        encoding="utf-8")
    base = [*CLI, "eval", "provenance", "--manifest", str(manifest), "--texts", str(texts)]
    done = subprocess.run([*base, "--show-failures"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "origin accuracy              0.500  (1/2)" in done.stdout
    assert "fail origin      m1         expected RT  got missing text" in done.stdout
    as_json = subprocess.run([*base, "--json"], capture_output=True, text=True, timeout=300)
    figures = json.loads(as_json.stdout)
    assert figures["origin_accuracy"]["hits"] == 1 and figures["controls_flagged"]["hits"] == 0
    assert figures["missing_texts"] == ["m1"] and figures["documents"]["texts"] == 2


def test_command_errors_are_one_line(tmp_path: Path):
    done = subprocess.run([*CLI, "eval", "provenance", "--manifest", str(tmp_path / "none.tsv"), "--texts",
                           str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "no such manifest" in done.stderr
