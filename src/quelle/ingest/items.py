"""What the readers yield: a document to analyse, or a failure to record."""

from __future__ import annotations

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
