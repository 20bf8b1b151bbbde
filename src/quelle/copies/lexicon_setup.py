"""``quelle setup-data``: build the word-by-word lexicons from the Debian packages installed.

Nothing is downloaded and nothing is installed here: each language of ``data/lexicons.yaml``
is built from its package's files when they are present, and a missing package is named in
one line (``apt-get install NAME``). ``.ci/packages.sh`` installs the packages, then runs this.
The built tables (``data/built/<lang>_en.tsv``, not committed) keep the dictionary's own notice
and the licence its Debian copyright file states.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from quelle.copies import dictd, lexicon_build
from quelle.copies.lexicon import built_dir, lexicon_specs

DICTD = Path("/usr/share/dictd")
_EN_WORD = re.compile(r"^[a-z][a-z'-]*$")
_EN_SKIP = lexicon_build._EN_SKIP | {"is", "are", "was", "it", "its", "that", "this", "as"}
MAX_EN_WORDS = 8


@dataclass(slots=True)
class Built:
    language: str
    path: Path | None
    forms: int
    message: str


def _package_licences(package: str, name: str | None = None) -> str:
    """The licence that a package's Debian copyright file gives the dictionary ``name``
    (e.g. ``fra-eng``: its ``Files: fra-eng/*`` stanza), else every ``License:`` it names."""
    path = Path("/usr/share/doc") / package / "copyright"
    if not path.exists():
        return "unknown"
    text = path.read_text(encoding="utf-8", errors="replace")
    found: list[str] = []
    for stanza in text.split("\n\n"):
        fields = dict(line.split(":", 1) for line in stanza.splitlines() if ":" in line and not line.startswith(" "))
        if name and not fields.get("Files", "").strip().startswith(f"{name}/"):
            continue
        licence = fields.get("License", "").strip()
        if licence and licence not in found:
            found.append(licence)
    if not found and name:
        return _package_licences(package)
    return ", ".join(found) or "unknown"


def _package_version(package: str) -> str:
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True,
                              timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def _english_words(phrase: str) -> list[str]:
    words = []
    for word in phrase.lower().split():
        word = word.strip(".,!?\"'")
        if _EN_WORD.match(word) and word not in _EN_SKIP:
            words.append(word)
    return words


def _add(table: dict[str, list[str]], form: str, words: list[str]) -> None:
    known = table.setdefault(form, [])
    for word in words:
        if len(known) < MAX_EN_WORDS and word not in known:
            known.append(word)


def read_freedict(name: str, inverted: bool) -> dict[str, list[str]]:
    """Foreign single-word form -> English words, from one FreeDict database."""
    table: dict[str, list[str]] = {}
    for headword, phrases in dictd.entries(DICTD / f"{name}.index", DICTD / f"{name}.dict.dz"):
        if inverted:  # English headword, foreign translations
            english = _english_words(headword)
            if len(english) != 1 or len(headword.split()) != 1:
                continue
            for phrase in phrases:
                form = dictd.strip_marks(phrase).lower().strip()
                if form and len(form.split()) == 1 and not form.isascii():
                    _add(table, form, english)
        else:
            form = dictd.strip_marks(headword).lower().strip()
            if not form or len(form.split()) != 1:
                continue
            words: list[str] = []
            for phrase in phrases:
                en = _english_words(phrase)
                if 0 < len(en) <= 2:  # a word or a short phrase, not a definition
                    words.extend(en)
            if words:
                _add(table, form, words)
    return table


def _source_present(source: dict) -> bool:
    if source["kind"] == "ding":
        return Path(source["path"]).exists()
    return (DICTD / f"{source['name']}.index").exists() and (DICTD / f"{source['name']}.dict.dz").exists()


def build_language(language: str, spec: dict, target: Path) -> Built:
    sources = spec.get("sources") or []
    present = [s for s in sources if _source_present(s)]
    missing = [s["package"] for s in sources if not _source_present(s)]
    out = target / f"{language}_en.tsv"
    if not present:
        names = " ".join(missing)
        return Built(language, None, 0, f"{language}: not built: install the Debian package {names} "
                                        f"(apt-get install {names}), then run quelle setup-data again")
    if present[0]["kind"] == "ding":
        count = lexicon_build.build(Path(present[0]["path"]), out)
        return Built(language, out, count, f"{language}: {count} forms from {present[0]['package']} "
                                           f"({_package_licences(present[0]['package'])}) -> {out}")
    table: dict[str, list[str]] = {}
    notes: list[str] = []
    for source in present:
        for form, words in read_freedict(source["name"], source["kind"] == "freedict-inverted").items():
            _add(table, form, words)
        package = source["package"]
        short = source["name"].removeprefix("freedict-")
        notes.append(f"{package} {_package_version(package)}; licence: {_package_licences(package, short)}"
                     + ("; read English->X, inverted" if source["kind"] == "freedict-inverted" else ""))
    target.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        handle.write(f"# Built by quelle setup-data (quelle/copies/lexicon_setup.py) for '{language}' from Debian:\n")
        for note in notes:
            handle.write(f"# {note}\n")
        for source in present:
            for line in dictd.header(DICTD / f"{source['name']}.index", DICTD / f"{source['name']}.dict.dz"):
                handle.write(f"# {line}\n")
        for form in sorted(table):
            handle.write(f"{form}\t{','.join(table[form])}\n")
    message = f"{language}: {len(table)} forms from {', '.join(s['package'] for s in present)} -> {out}"
    if missing:
        message += f" (also usable: apt-get install {' '.join(missing)})"
    return Built(language, out, len(table), message)


def build_all(target: Path | None = None, languages: list[str] | None = None) -> list[Built]:
    """Build every language's table that its installed package allows; report the rest."""
    target = target or built_dir()
    specs = lexicon_specs()
    wanted = {specs.get(lang, {}).get("same_as", lang) for lang in languages or []}  # sr, bs -> hr
    results = []
    for language, spec in specs.items():
        if wanted and language not in wanted:
            continue
        if "same_as" in spec:
            continue
        results.append(build_language(language, spec, target))
    return results
