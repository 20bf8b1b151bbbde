"""Walk what ``quelle ingest`` was given and yield Items, lazily, one document at a time.

Inputs: files and folders (walked in sorted order), ``-`` for a list of paths on stdin.
By name: ``.jsonl``/``.jsonl.gz`` are JSON Lines, ``.warc``/``.warc.gz`` are WARC files,
``.txt``/``.text`` are text and ``.html``/``.htm``/``.xhtml`` are HTML. Inside folders other
files are ignored; a file named on the command line is read whatever its name (content sniffed).
The ``source_id`` of a single-file document is its path as given (normalised).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from quelle.ingest.items import Item, failed, not_regular, too_large
from quelle.ingest.jsonl import read_jsonl
from quelle.ingest.warc import read_warc
from quelle.model import Document
from quelle.storable import storable_key

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


def kind_of(path: str) -> str | None:
    """'jsonl', 'warc', 'text', 'html' or None (not a known input type)."""
    name = path.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str
    kind: str | None  # None: a named file of unknown type, read as one document


@dataclass(slots=True)
class Inputs:
    """The files to read, and the named paths that do not exist."""

    files: list[InputFile]
    missing: list[str]

    @property
    def document_total(self) -> int | None:
        """The number of documents when every input is a single-document file, else None."""
        if any(f.kind in ("jsonl", "warc") for f in self.files):
            return None
        return len(self.files)


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and kind_of(name):
                yield os.path.normpath(os.path.join(root, name))


def collect(paths: Iterable[str], stdin=None) -> Inputs:
    """Expand folders and ``-`` (paths on stdin, one a line) into a list of files."""
    files: list[InputFile] = []
    missing: list[str] = []
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin
            names = [line.strip() for line in stream if line.strip()]
            nested = collect([n for n in names if n != "-"])
            files.extend(nested.files)
            missing.extend(nested.missing)
            continue
        path = Path(raw)
        if path.is_dir():
            files.extend(InputFile(p, kind_of(p)) for p in _walk(path))
        elif path.exists():
            files.append(InputFile(os.path.normpath(raw), kind_of(raw)))
        else:
            missing.append(raw)
    return Inputs(files=files, missing=missing)


def _read_single(file: InputFile, max_bytes: int) -> Item:
    item = _read_file(file, max_bytes)
    # a file name with undecodable bytes arrives with surrogate escapes: keys must be storable
    item.source_id = storable_key(item.source_id)
    item.raw_ref = storable_key(item.raw_ref)
    if item.document is not None and item.document.source_id != item.source_id:
        item.document = replace(item.document, source_id=item.source_id)
    return item


def _read_file(file: InputFile, max_bytes: int) -> Item:
    path = file.path
    problem = not_regular(path)
    if problem:
        return failed(path, path, "unreadable", problem)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return failed(path, path, "too_large", f"{path}: {too_large(size, max_bytes)}")
        with open(path, "rb") as handle:
            content = handle.read(max_bytes + 1)
    except PermissionError:
        return failed(path, path, "unreadable", f"{path}: permission denied")
    except OSError as err:
        return failed(path, path, "unreadable", f"{path}: {err.strerror or err}")
    if len(content) > max_bytes:
        return failed(path, path, "too_large", f"{path}: {too_large(len(content), max_bytes)}")
    # the type is sniffed from the content, as `quelle analyze` does: names lie more often than bytes
    return Item(source_id=path, raw_ref=path, document=Document(content=content, source_id=path))


def iter_items(inputs: Inputs, max_bytes: int) -> Iterator[Item]:
    """Every document (or read failure) of every input file, in order."""
    for path in inputs.missing:
        yield failed(path, path, "unreadable", f"{path}: no such file or folder")
    for file in inputs.files:
        if file.kind == "jsonl":
            yield from read_jsonl(file.path, max_bytes)
        elif file.kind == "warc":
            yield from read_warc(file.path, max_bytes)
        else:
            yield _read_single(file, max_bytes)
