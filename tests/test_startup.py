"""Issue 14: a fast start changes nothing in the reports.

The prepared forms of py3langid's model and gender_guesser's names (quelle.prepared) must answer
exactly as the packages do, and `quelle analyze A B C --json` (one warm pipeline, JSON Lines)
must give the same reports as one call per file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED

TEXTS = [
    "Der Rat der Stadt hat am Dienstag einen neuen Haushalt beschlossen, sagte die Sprecherin.",
    "The council passed a new budget on Tuesday, the spokeswoman said, and it will last two years.",
    "Le conseil municipal a adopté mardi un nouveau budget, a déclaré la porte-parole de la ville.",
    "Городской совет во вторник принял новый бюджет, сообщила пресс-секретарь администрации.",
    "Gradsko veće je u utorak usvojilo novi budžet, rekla je portparolka grada Beograda danas.",
]


def test_prepared_langid_model_classifies_exactly_as_the_package(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from quelle import language, prepared

    monkeypatch.setenv("QUELLE_CACHE_DIR", str(tmp_path))
    language._identifier.cache_clear()
    try:
        package = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        for _ in range(2):  # built, then read back memory-mapped
            ours = language._identifier()
            assert [ours.classify(t) for t in TEXTS] == [package.classify(t) for t in TEXTS]
            language._identifier.cache_clear()
        assert any(p.name.startswith("py3langid-model") for p in Path(prepared.cache_dir()).iterdir())
    finally:
        language._identifier.cache_clear()


def test_prepared_gender_table_answers_as_the_detector(tmp_path, monkeypatch):
    import gender_guesser.detector as gd

    from quelle import prepared

    monkeypatch.setenv("QUELLE_CACHE_DIR", str(tmp_path))
    detector = gd.Detector(case_sensitive=False)
    for _ in range(2):  # built, then read back
        table = prepared.gender_table()
        names = list(detector.names)[::97] + ["Anna", "Jürgen", "Sergej", "Kim", "Nobody-Knows", "Xq"]
        assert {n: table.get(n.lower(), "unknown") for n in names} == {n: detector.get_gender(n) for n in names}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quelle", "analyze", *args], capture_output=True, timeout=300)


def test_several_files_give_json_lines_identical_to_one_call_each(tmp_path):
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent (the shared samples are read from ../shared)")
    html = sorted((FIXTURES / "html").glob("*.html"))[0]
    text = tmp_path / "brief.txt"
    text.write_text("Minister kündigt Brücke an\n\nDer Minister sagte am Dienstag, die Planung sei fertig.\n",
                    encoding="utf-8")
    paths = [str(SEED), str(html), str(text)]
    together = _run("--json", *paths)
    assert together.returncode == 0, together.stderr.decode()
    lines = together.stdout.decode("utf-8").splitlines()
    assert len(lines) == 3
    for path, line in zip(paths, lines, strict=True):
        alone = _run("--json", path)
        assert alone.returncode == 0, alone.stderr.decode()
        assert json.loads(line) == json.loads(alone.stdout)


def test_a_bad_file_among_several_is_one_error_line_and_the_others_go_on(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Bericht\n\nDer Rat hat am Dienstag einen neuen Haushalt beschlossen, sagte die Sprecherin.\n",
                    encoding="utf-8")
    result = _run("--json", str(tmp_path / "missing.txt"), str(good))
    assert result.returncode == 3
    stderr = result.stderr.decode("utf-8").strip().splitlines()
    assert stderr == [f"quelle: error: {tmp_path / 'missing.txt'}: no such file"]
    assert json.loads(result.stdout)["title"] == "Bericht"
