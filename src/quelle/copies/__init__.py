"""Copies and stories: near-duplicates, cross-language translation links, story clusters.

Corpus-level work kept apart from the per-document ``analyze()``: a :class:`CopyDoc` is built
from a report (or plain text), signatures are computed once, and :class:`CopyIndex` matches
each new document incrementally against what it has seen.
"""

