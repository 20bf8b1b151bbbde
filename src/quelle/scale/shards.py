"""What a batch reads: inputs (paths, folders, globs, ``s3://`` URLs) cut into shards, in a fixed order.

A shard is one task: a WARC or JSONL file, or up to ``FILES_PER_SHARD`` single-document files.
Its key is a hash of its paths, so a rerun over the same inputs finds the shards it finished.
Shards keep the order ``quelle ingest`` reads the same inputs in, and every document gets the
position (shard index, record number): the copy stage matches each document against those before
it, exactly as ingest does.
"""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass

from quelle.ingest.sources import InputFile, collect, kind_of

FILES_PER_SHARD = 500


@dataclass(frozen=True, slots=True)
class Shard:
    index: int
    key: str
    files: tuple[InputFile, ...]


def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _remote(pattern: str) -> list[str]:
    import fsspec

    fs, _, _ = fsspec.core.url_to_fs(pattern)
    protocol = pattern.split("://", 1)[0]
    names = fs.glob(pattern) if glob.has_magic(pattern) else [pattern]
    return [n if "://" in n else f"{protocol}://{n}" for n in sorted(names)]


def expand(paths: list[str]) -> tuple[list[InputFile], list[str]]:
    """Input files in ingest's order, plus the paths that match nothing."""
    files: list[InputFile] = []
    missing: list[str] = []
    for raw in paths:
        if _is_url(raw):
            found = _remote(raw)
            files.extend(InputFile(url, kind_of(url)) for url in found)
            if not found:
                missing.append(raw)
            continue
        names = sorted(glob.glob(raw)) if glob.has_magic(raw) else [raw]
        if not names:
            missing.append(raw)
            continue
        inputs = collect(names)
        files.extend(inputs.files)
        missing.extend(inputs.missing)
    return files, missing


def plan(files: list[InputFile], files_per_shard: int = FILES_PER_SHARD) -> list[Shard]:
    """Archives are one shard each; runs of single-document files are grouped."""
    groups: list[list[InputFile]] = []
    run: list[InputFile] = []
    for file in files:
        if file.kind in ("jsonl", "warc"):
            if run:
                groups.append(run)
                run = []
            groups.append([file])
        else:
            run.append(file)
            if len(run) >= files_per_shard:
                groups.append(run)
                run = []
    if run:
        groups.append(run)
    shards = []
    for index, group in enumerate(groups):
        digest = hashlib.sha256("\n".join(os.path.normpath(f.path) if not _is_url(f.path) else f.path
                                          for f in group).encode()).hexdigest()[:16]
        shards.append(Shard(index, f"{index:06d}-{digest}", tuple(group)))
    return shards
