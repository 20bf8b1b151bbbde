"""Strings every database accepts: what the readers and the writer apply before a write.

Why: a JSON line may hold a lone surrogate (``"\\udfff"``, which UTF-8 cannot encode), a NUL
(PostgreSQL text cannot hold one) or a 20 KB id (too long for a PostgreSQL index entry). Any of
them used to fail the whole batch, on every rerun. Here lone surrogates become U+FFFD, NULs are
removed and over-long keys are shortened to a prefix plus a hash of the whole, and each repair
is counted so that the report (or the error row) can say what was changed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Any

MAX_KEY_CHARS = 1000  # a PostgreSQL btree entry holds at most ~2,700 bytes; 1,000 chars stay below
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: str, repairs: Counter | None = None) -> str:
    """``value`` with lone surrogates replaced (U+FFFD) and NULs removed; fast when clean."""
    if value.isascii():
        if "\x00" not in value:
            return value
    else:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value, count = _SURROGATE.subn("\ufffd", value)
            if repairs is not None:
                repairs["surrogates_replaced"] += count
        if "\x00" not in value:
            return value
    if repairs is not None:
        repairs["nul_removed"] += value.count("\x00")
    return value.replace("\x00", "")


def storable_key(value: str, repairs: Counter | None = None) -> str:
    """A storable identifier: as :func:`storable`, and longer ones become prefix + ``#sha256:`` hash."""
    value = storable(value, repairs)
    if len(value) <= MAX_KEY_CHARS:
        return value
    if repairs is not None:
        repairs["ids_hashed"] += 1
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()
    return f"{value[:200]}#sha256:{digest}"


def storable_row(row: dict[str, Any], repairs: Counter | None = None) -> dict[str, Any]:
    """Every string value of a row made storable (in place; returned for convenience)."""
    for key, value in row.items():
        if isinstance(value, str):
            clean = storable(value, repairs)
            if clean is not value:
                row[key] = clean
    return row
