"""Issue 14: compiled regexes kept across processes (quelle.regex_cache) are re.compile's patterns.

The cache hands stored engine code to ``_sre.compile``; a pattern from it must equal the one
``re.compile`` builds (CPython compares pattern text, flags and code) and match alike, and a
damaged cache must fall back to ``re.compile``. The data-built alternations must be the same text
in every process (string hashing changes per process), or no process would find them.
"""

from __future__ import annotations

import marshal
import re
import subprocess
import sys

import pytest

from quelle import regex_cache

PATTERNS = [
    (r"(?P<day>\d{1,2})\.\s*(?P<mon>Januar|Februar|März)\s+(?P<year>\d{4})", re.I),
    (r"(?:Quelle|Source)\s*[:：|\-–—]?\s*(?P<brand>RT|Sputnik|TASS)(?:\s*[/(,].{0,60})?", re.I),
    (r"\s+[-–—|·•]\s+(?P<brand>Example\s+News)\s*$", 0),
    (r"(?<!\w)(?:gestern|heute|morgen)(?!\w)", re.IGNORECASE),
    (r"[„“”\"‚‘’'»«›‹]|\.\.\.|…|\S", re.UNICODE),
]
TEXT = "Berlin, 3. März 2027 – Quelle: Sputnik / dpa. Gestern sagte sie „heute“ … - Example News"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("QUELLE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_dirty", False)
    return tmp_path


def _reload(monkeypatch) -> None:
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_dirty", False)


def _same_as_re(compiled: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert compiled == expected
    assert compiled.groupindex == expected.groupindex and compiled.groups == expected.groups
    assert [m.groupdict() or m.group() for m in compiled.finditer(TEXT)] == [
        m.groupdict() or m.group() for m in expected.finditer(TEXT)
    ]


def test_patterns_read_back_from_the_cache_are_re_compiles(fresh, monkeypatch):
    for pattern, flags in PATTERNS:  # compiled here, then written at save()
        _same_as_re(regex_cache.compile(pattern, flags), pattern, flags)
    regex_cache.save()
    files = list(fresh.glob("regex-*.marshal"))
    assert len(files) == 1
    _reload(monkeypatch)
    for pattern, flags in PATTERNS:  # now from the file
        _same_as_re(regex_cache.compile(pattern, flags), pattern, flags)
    assert not regex_cache._dirty  # nothing new: the file is not rewritten


def test_a_damaged_cache_falls_back_to_re_compile(fresh, monkeypatch):
    pattern, flags = PATTERNS[0]
    regex_cache.compile(pattern, flags)
    regex_cache.save()
    (path,) = fresh.glob("regex-*.marshal")
    entries = marshal.loads(path.read_bytes())
    final, code, groups, groupindex, indexgroup = entries[(pattern, flags)]
    entries[(pattern, flags)] = (final, b"\xff\xff\xff\xff" * 3, groups, groupindex, indexgroup)
    path.write_bytes(marshal.dumps(entries))
    _reload(monkeypatch)
    _same_as_re(regex_cache.compile(pattern, flags), pattern, flags)  # invalid code: re.compile
    path.write_bytes(b"not a marshal file")
    _reload(monkeypatch)
    _same_as_re(regex_cache.compile(pattern, flags), pattern, flags)


def test_a_bad_pattern_raises_as_re_compile_does(fresh):
    with pytest.raises(re.error):
        regex_cache.compile(r"(?P<open>unclosed", 0)


PROBE = """
import hashlib
from quelle.pipeline import _classifier
from quelle.provenance.signatures import signatures
from quelle.provenance.credits import forms
from quelle import dates
sig = signatures()
texts = [sig.title_suffix.pattern, sig.label.pattern, sig.follow.pattern, _classifier()._whole.pattern]
texts += [forms().label.pattern, forms().opener.pattern]
texts += [r.find.pattern for lang in dates.LANGUAGES for r in dates._rules(lang)]
print(hashlib.sha256("\\n".join(texts).encode()).hexdigest())
"""


def test_data_built_patterns_are_the_same_text_in_every_process(tmp_path):
    digests = set()
    for seed in ("1", "2", "3"):
        env = {"PYTHONHASHSEED": seed, "QUELLE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
        done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        digests.add(done.stdout.strip())
    assert len(digests) == 1
