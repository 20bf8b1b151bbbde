"""`quelle analyze` end to end: JSON output, schema, spans, and bad input without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from quelle.errors import EXIT_BAD_INPUT, EXIT_UNREADABLE, EXIT_USAGE
from quelle.schema import report_schema
from quelle.spans import span_problems


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quelle", *args], input=stdin, capture_output=True, timeout=timeout
    )


def assert_one_line_error(result: subprocess.CompletedProcess, code: int, needle: str) -> None:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == code, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("quelle: error: ")
    assert needle in stderr
    assert result.stdout == b""


ARTICLE = (
    "Minister kündigt neue Brücke an\n\n"
    "Die Landesregierung will bis 2027 eine neue Brücke über den Fluss bauen. "
    "Der Verkehrsminister sagte am Dienstag, die Planung sei abgeschlossen.\n\n"
    "Mehr zum Thema - Streit um die Ortsumgehung\n"
)


def test_json_report_validates_and_spans_hold(tmp_path: Path):
    article = tmp_path / "brücke.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("analyze", "--json", "--url", "https://www.example.de/a/1", "--published", "2024-03-05",
                     str(article))
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema())
    assert span_problems(report) == []
    assert report["schema"] == "quelle.report/1"
    assert report["site"] == "example.de"
    assert report["published"] == "2024-03-05"
    assert report["language"] == "de"
    assert report["title"] == "Minister kündigt neue Brücke an"
    assert report["text"].startswith("Die Landesregierung")
    assert "Mehr zum Thema" not in report["text"]
    assert {b["kind"] for b in report["boilerplate"]} >= {"headline", "teaser"}


def test_stdin_is_read(tmp_path: Path):
    quoted = ARTICLE + "\nDer Bürgermeister nannte das Projekt „überfällig“ – und lobte die Planer.\n"
    result = run_cli("analyze", "--json", "-", stdin=quoted.encode("cp1252"))
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["encoding"] == "cp1252"
    assert "Brücke" in report["title"]
    assert "„überfällig“ –" in report["text"]


def test_terminal_report_shows_the_essentials(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("analyze", str(article))
    out = result.stdout.decode()
    assert result.returncode == 0
    for word in ("title", "language", "Where it comes from", "Removed as boilerplate", "Clean text"):
        assert word in out


@pytest.mark.parametrize(
    ("make", "code", "needle"),
    [
        (lambda d: d / "missing.txt", EXIT_UNREADABLE, "no such file"),
        (lambda d: d, EXIT_UNREADABLE, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), EXIT_BAD_INPUT, "empty"),
        (lambda d: _write(d / "bild.txt", b"\x89PNG\r\n\x1a\n" + bytes(500)), EXIT_BAD_INPUT, "PNG image"),
        (lambda d: _write(d / "bin.dat", bytes(range(256)) * 40), EXIT_BAD_INPUT, "binary"),
        (lambda d: _write(d / "zahlen.txt", b"123 456 789\n--- *** ---\n"), EXIT_BAD_INPUT, "no letters"),
        (lambda d: _write(d / "leer.html", b"<html><head><title>x</title></head><body> </body></html>"),
         EXIT_BAD_INPUT, "no body text"),
        (lambda d: _write(d / "kaputt.txt", b"\xff\xfe\x00\xd8" + b"a\x00" * 3 + b"\x00\xdc"),
         EXIT_BAD_INPUT, "utf-16"),
    ],
)
def test_bad_input_gets_one_line_and_an_exit_code(tmp_path: Path, make, code, needle):
    result = run_cli("analyze", str(make(tmp_path)))
    assert_one_line_error(result, code, needle)


def test_fifty_megabytes_are_refused_quickly(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        line = ("Ein Satz über das Wetter in Hamburg, das heute wechselhaft ist. " * 16 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    result = run_cli("analyze", str(big), timeout=30)
    assert_one_line_error(result, EXIT_BAD_INPUT, "limit")


def test_bad_date_option_is_a_usage_style_error(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("analyze", "--published", "27.11.2023", str(article))
    assert_one_line_error(result, EXIT_BAD_INPUT, "YYYY-MM-DD")


def test_unknown_option_exits_with_usage_code(tmp_path: Path):
    result = run_cli("analyze", "--no-such-option", "x")
    assert result.returncode == EXIT_USAGE
    assert b"Traceback" not in result.stderr


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_version_prints_the_package_version():
    from quelle import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == __version__
