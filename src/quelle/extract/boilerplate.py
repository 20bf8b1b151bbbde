"""Which lines of a text are site furniture rather than article.

Rules are data (data/boilerplate.yaml); outlet registries may add their own
whole-line patterns (section names, share prompts) through ``extra_rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class LineRule:
    kind: str
    pattern: re.Pattern[str]
    max_len: int


def _compile(kind: str, pattern: str, max_len: int) -> LineRule:
    try:
        return LineRule(kind, re.compile(pattern, re.I), max_len)
    except re.error as err:
        raise ValueError(f"boilerplate rule {pattern!r} is not a valid regex: {err}") from None


@lru_cache(maxsize=1)
def generic_rules() -> tuple[LineRule, ...]:
    """Rules from data/boilerplate.yaml, validated once."""
    raw = yaml.safe_load(resources.files("quelle.extract").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    rules = [_compile(r["kind"], r["pattern"], int(r.get("max_len", 200))) for r in raw["rules"]]
    names = sorted({name for names in raw["sections"].values() for name in names}, key=len, reverse=True)
    section = "(?:" + "|".join(re.escape(n) for n in names) + r")\s*[:|]?"
    rules.append(_compile("section", section, 40))
    return tuple(rules)


class LineClassifier:
    """Classifies one stripped line as a boilerplate kind, or None for article text."""

    def __init__(self, extra_rules: tuple[LineRule, ...] = ()) -> None:
        self.rules = extra_rules + generic_rules()
        self.max_len = max(rule.max_len for rule in self.rules)

    def classify(self, line: str) -> str | None:
        if len(line) > self.max_len:
            return None
        for rule in self.rules:
            if len(line) <= rule.max_len and rule.pattern.fullmatch(line):
                return rule.kind
        return None
