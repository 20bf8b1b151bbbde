"""Imported once by the fork server before it forks ingest workers.

Why: the first analyze() call loads registries, lexicons and tokenizer data (about a
second). Done here, in the fork server, every worker (including one that replaces a worker
stopped by the time limit) starts warm and shares those pages copy-on-write.
A failure here only costs the warm start; the workers report real errors themselves.
"""

from __future__ import annotations

import contextlib


def warm() -> None:
    from quelle.model import Document
    from quelle.pipeline import analyze_or_error

    samples = (
        (b"Der Rat der Stadt hat am Dienstag einen neuen Haushalt beschlossen. Die Sprecherin sagte, "
         b"die Mittel reichten f\xc3\xbcr zwei Jahre.", "text"),
        (b"<html><head><title>Council passes budget</title></head><body><article><p>The council passed "
         b"a new budget on Tuesday. \"It will last two years,\" the spokeswoman said.</p></article></body></html>",
         "html"),
    )
    for content, media_type in samples:
        analyze_or_error(Document(content=content, media_type=media_type))  # type: ignore[arg-type]


with contextlib.suppress(Exception):  # a cold start is slower, not wrong
    warm()
