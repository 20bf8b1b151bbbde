"""A missing dependency is reported as a set-up problem: the package and the command that installs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quelle.errors import EXIT_SETUP
from quelle.setup_check import install_hint, missing_package

# Runs the CLI with one module made unimportable the way a broken install makes it.
_BLOCKED_RUN = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == {module!r}:
            raise {error}
        return None
for loaded in [m for m in sys.modules if m == {module!r} or m.startswith({module!r} + ".")]:
    del sys.modules[loaded]
sys.meta_path.insert(0, Block())
sys.argv = ["quelle", *{args!r}]
from quelle.cli import main
main()
"""


def _run_blocked(module: str, error: str, *args: str) -> subprocess.CompletedProcess:
    code = _BLOCKED_RUN.format(module=module, error=error, args=list(args))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)


def test_moved_module_names_the_separate_project():
    # lxml's own message (two lines) when lxml_html_clean is not installed
    err = ImportError(
        "lxml.html.clean module is now a separate project lxml_html_clean.\n"
        "Install lxml[html-clean] or lxml_html_clean directly."
    )
    assert missing_package(err) == "lxml_html_clean"


def test_missing_module_names_its_distribution():
    err = ModuleNotFoundError("No module named 'yaml'", name="yaml")
    assert missing_package(err) == "PyYAML"


def test_unknown_import_error_is_not_a_missing_package():
    assert missing_package(ImportError("cannot import name 'x' from 'y'")) is None
    assert missing_package(ModuleNotFoundError("No module named 'quelle.nope'", name="quelle.nope")) is None


def test_hint_names_the_install_command():
    hint = install_hint("lxml_html_clean")
    assert "lxml_html_clean" in hint
    assert f"{sys.executable} -m pip install lxml_html_clean" in hint


def test_cli_reports_a_moved_module_as_setup_error(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Brücke</title></head><body><article>"
        + "<p>Die Landesregierung will bis 2027 eine neue Brücke bauen, sagte der Minister.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    result = _run_blocked(
        "lxml.html.clean",
        'ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\\n'
        'Install lxml[html-clean] or lxml_html_clean directly.")',
        "analyze",
        str(page),
    )
    stderr = result.stderr.decode()
    assert result.returncode == EXIT_SETUP, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "missing: lxml_html_clean" in stderr
    assert "pip install lxml_html_clean" in stderr
    assert result.stdout == b""


def test_cli_reports_a_missing_module_as_setup_error(tmp_path: Path):
    from quelle.store.core import open_store

    db = tmp_path / "store.db"
    open_store(str(db)).close()
    result = _run_blocked("uvicorn", 'ModuleNotFoundError("No module named uvicorn", name="uvicorn")',
                          "serve", "--db", str(db), "--port", "1")
    stderr = result.stderr.decode()
    assert result.returncode == EXIT_SETUP, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "missing: uvicorn" in stderr
