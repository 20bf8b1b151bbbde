"""What the readers yield: a document to analyse, or a failure to record."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from quelle.model import Document


@dataclass(slots=True)
class Item:
    """One input unit. ``failure`` set means it could not be read: (kind, message)."""

    source_id: str
    raw_ref: str
    document: Document | None = None
    failure: tuple[str, str] | None = None
    url: str | None = None
    content_hash: str = ""  # "" when the bytes could not be read


def failed(source_id: str, raw_ref: str, kind: str, message: str, url: str | None = None) -> Item:
    return Item(source_id=source_id, raw_ref=raw_ref, failure=(kind, message), url=url)


def too_large(size: int, max_bytes: int) -> str:
    return (f"{size / 1024 / 1024:.1f} MiB is larger than the {max_bytes / 1024 / 1024:.0f} MiB limit "
            "(raise it with --max-bytes)")


def not_regular(path: str) -> str | None:
    """Why ``path`` is not a regular file (a FIFO, device, socket, folder), or None if it is one.

    Checked before opening: opening a FIFO with no writer blocks forever, a device can be endless.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # the open that follows reports it
    if stat.S_ISREG(mode):
        return None
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a folder" if stat.S_ISDIR(mode)
            else "not a regular file")
    return f"{path}: is {what}, not a regular file (only regular files are read)"
