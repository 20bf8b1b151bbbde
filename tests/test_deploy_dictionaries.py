"""The Debian dictionary list that CI and the image install covers every lexicon source."""

from __future__ import annotations

from pathlib import Path

from quelle.copies.lexicon import lexicon_specs

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "deploy" / "debian-dictionaries.txt"


def _listed() -> set[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_every_lexicon_source_package_is_installed_by_ci_and_the_image() -> None:
    wanted = {source["package"] for spec in lexicon_specs().values() for source in spec.get("sources", [])}
    assert wanted, "lexicons.yaml names no Debian package"
    assert wanted - _listed() == set()


def test_the_list_names_only_packages_some_lexicon_reads() -> None:
    wanted = {source["package"] for spec in lexicon_specs().values() for source in spec.get("sources", [])}
    assert _listed() - wanted == set()


def test_ci_and_dockerfile_read_the_list_and_build_with_setup_data() -> None:
    packages_script = (ROOT / ".ci" / "packages.sh").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "deploy/debian-dictionaries.txt" in packages_script
    assert "quelle setup-data" in packages_script
    assert "debian-dictionaries.txt" in dockerfile
    assert "quelle setup-data --strict" in dockerfile
