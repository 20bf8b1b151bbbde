"""Failure listing for `quelle eval quotes --show-failures`: which gold statements were missed, which
predicted ones were invented, and which speakers differ, each prediction with the rule that made it.

Why its own pairing: the published scorer pairs by Hungarian matching and averages; to improve a rule
one needs to read concrete misses, so here a prediction and a gold statement belong together when
their content tokens overlap most (a simple, readable listing, not a figure to quote). The
per-rule table counts how many of each rule's statements overlap a gold statement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any


def _ids(annotation: Mapping[str, Any], part: str) -> set[int]:
    return set((annotation.get(part) or {}).get("tokenIds") or [])


def _text(annotation: Mapping[str, Any], part: str, width: int = 160) -> str:
    text = " ".join(((annotation.get(part) or {}).get("text") or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


def failure_lines(gold_docs: list[Mapping[str, Any]], system_docs: list[Mapping[str, Any]]) -> list[str]:
    """One line per missed, invented or wrongly attributed statement, then a table per rule."""
    by_name = {d.get("documentName"): d for d in system_docs}
    lines: list[str] = []
    made, hit, speaker_right = Counter(), Counter(), Counter()
    for gold in gold_docs:
        name = gold.get("documentName", "")
        system = (by_name.get(name) or {}).get("annotations") or []
        used: set[int] = set()
        for g in gold.get("annotations") or []:
            g_ids = _ids(g, "quote")
            best, best_overlap = None, 0
            for n, s in enumerate(system):
                overlap = len(g_ids & _ids(s, "quote"))
                if overlap > best_overlap:
                    best, best_overlap = n, overlap
            if best is None:
                lines.append(f"missed   {name[:40]} | {g.get('type')} | speaker {_text(g, 'speaker', 40)!r} "
                             f"| cue {_text(g, 'cue', 30)!r} | {_text(g, 'quote')}")
                continue
            used.add(best)
            s = system[best]
            if _ids(g, "speaker") != _ids(s, "speaker"):
                lines.append(f"speaker  {name[:40]} | [{s.get('rule') or '?'}] gold {_text(g, 'speaker', 40)!r} "
                             f"got {_text(s, 'speaker', 40)!r} | {_text(g, 'quote', 100)}")
        for n, s in enumerate(system):
            rule = s.get("rule") or "?"
            made[rule] += 1
            if n not in used and not any(_ids(s, "quote") & _ids(g, "quote") for g in gold.get("annotations") or []):
                lines.append(f"invented {name[:40]} | [{rule}] {s.get('type')} | speaker {_text(s, 'speaker', 40)!r} "
                             f"| {_text(s, 'quote')}")
                continue
            hit[rule] += 1
            if any(_ids(s, "quote") & _ids(g, "quote") and _ids(s, "speaker") == _ids(g, "speaker")
                   for g in gold.get("annotations") or []):
                speaker_right[rule] += 1
    lines.append("rule                      made  overlap gold  same speaker tokens")
    for rule, count in made.most_common():
        lines.append(f"{rule:<24} {count:>5}  {hit[rule]:>12}  {speaker_right[rule]:>19}")
    return lines
