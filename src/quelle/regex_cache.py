"""Compiled regular expressions kept across processes, for the large data-built alternations.

Why: the registries and lexicons become a few hundred regexes (outlet brands, boilerplate lines,
date rules) whose compilation is pure Python in CPython's ``re`` (parse, then code generation)
and took about half of a one-document ``quelle analyze``. Only the last step, ``_sre.compile``,
is C and cheap. So the code each pattern compiles to is kept in the user's cache folder
(``quelle.prepared.cache_dir()``) and handed straight to ``_sre.compile`` by the next process,
which gives the same pattern object (``==`` to ``re.compile``'s; ``_sre`` validates the code it
is given). The file is keyed by the interpreter's exact version and the regex engine's magic
number; any failure (other interpreter, unreadable or stale file, invalid code) falls back to
``re.compile``. New patterns are written back when the process ends.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when an entry's shape changes
MAX_ENTRIES = 600  # past this only the entries this process used are written back (a few data versions)

try:  # CPython's engine; elsewhere every pattern goes through re.compile
    import _sre
    from re import _compiler, _parser

    _ENGINE = f"{sys.implementation.name}-{sys.version.split()[0]}-{_sre.MAGIC}-{_sre.CODESIZE}"
    if array("I").itemsize != _sre.CODESIZE:  # pragma: no cover - the code would not round-trip
        _ENGINE = ""
except (ImportError, AttributeError):  # pragma: no cover - not CPython
    _ENGINE = ""

Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
_entries: dict[tuple[str, int], Entry] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def _path() -> Path:
    from quelle.prepared import cache_dir

    return cache_dir() / f"regex-{FORMAT}-{_ENGINE}.marshal"


def _load() -> dict[tuple[str, int], Entry]:
    global _entries
    if _entries is None:
        _entries = {}
        try:
            loaded = marshal.loads(_path().read_bytes())
            if isinstance(loaded, dict):
                _entries = loaded
        except (OSError, EOFError, ValueError, TypeError):
            pass
        atexit.register(save)
    return _entries


def _entry(pattern: str, flags: int) -> Entry:
    """What re._compiler.compile hands to _sre.compile (the code as native unsigned ints)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, array("I", code).tobytes(), parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's drop-in
    """``re.compile(pattern, flags)`` for a str pattern, from the cross-process cache when it can."""
    global _dirty
    flags = int(flags)
    if not _ENGINE or flags & re.DEBUG or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    entries = _load()
    entry = entries.get(key)
    if entry is None:
        entry = _entry(pattern, flags)  # raises re.error for a bad pattern, as re.compile does
        entries[key] = entry
        _dirty = True
    _used.add(key)
    try:
        final, code, groups, groupindex, indexgroup = entry
        return _sre.compile(pattern, final, array("I", code).tolist(), groups, groupindex, indexgroup)
    except (RuntimeError, TypeError, ValueError, OverflowError):  # a damaged entry: not kept
        del entries[key]
        _used.discard(key)
        _dirty = True
        return re.compile(pattern, flags)


def save() -> None:
    """Write the cache when this process compiled patterns it did not find there (atomic replace)."""
    global _dirty
    if not _dirty or _entries is None:
        return
    keep = _entries if len(_entries) <= MAX_ENTRIES else {k: _entries[k] for k in _used if k in _entries}
    try:
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".regex-", delete=False) as out:
            out.write(marshal.dumps(keep))
        os.replace(out.name, path)
        _dirty = False
    except (OSError, ValueError):
        pass


def longest_first(word: str) -> tuple[int, str]:
    """Sort key for an alternation of words: longer first (so the longest wins), ties in a fixed order.

    ``sorted(set_of_words, key=len)`` leaves ties in the set's order, which changes with every
    process's string hashing: the pattern text would differ per process and never be found here.
    """
    return -len(word), word
