"""Read one file (or stdin) into a Document, within a size limit."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from quelle.errors import BadInput, UnreadableInput
from quelle.ingest.items import not_regular
from quelle.model import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # 10 MiB: far above any real article page


def _read_bounded(stream, max_bytes: int, label: str) -> bytes:
    content = stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise BadInput(
            f"{label} is larger than the {max_bytes / 1024 / 1024:.0f} MiB limit "
            "(raise it with --max-bytes)"
        )
    return content


def read_document(
    path: str,
    *,
    url: str | None = None,
    site: str | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read PATH ("-" for stdin) as raw bytes; decoding happens in analyze()."""
    if path == "-":
        content = _read_bounded(sys.stdin.buffer, max_bytes, "standard input")
        source_id = "stdin"
    else:
        file = Path(path)
        if not file.exists():
            raise UnreadableInput(f"{path}: no such file")
        if file.is_dir():
            raise UnreadableInput(f"{path}: is a directory, not a file (use 'quelle ingest' for folders)")
        problem = not_regular(path)
        if problem:
            raise UnreadableInput(f"{problem}; pipe it in with '-' instead")
        try:
            size = file.stat().st_size
            if size > max_bytes:
                raise BadInput(
                    f"{path}: {size / 1024 / 1024:.1f} MiB is larger than the "
                    f"{max_bytes / 1024 / 1024:.0f} MiB limit (raise it with --max-bytes)"
                )
            with file.open("rb") as handle:
                content = _read_bounded(handle, max_bytes, path)
        except PermissionError:
            raise UnreadableInput(f"{path}: permission denied") from None
        except OSError as err:
            raise UnreadableInput(f"{path}: {err.strerror or err}") from None
        source_id = str(path)
    return Document(content=content, source_id=source_id, url=url, site=site, published=published)
