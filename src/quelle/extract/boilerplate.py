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

from quelle import regex_cache


@dataclass(frozen=True, slots=True)
class LineRule:
    kind: str
    pattern: re.Pattern[str]
    max_len: int
    anchored: bool = True  # True: the pattern must match the whole line; False: found anywhere in it
    hints: tuple[str, ...] = ()  # lower-case literals; one must occur before the regex is tried

    def matches(self, line: str) -> bool:
        if len(line) > self.max_len:
            return False
        if self.anchored:
            return bool(self.pattern.fullmatch(line))
        if self.hints:
            lower = line.lower()
            if not any(hint in lower for hint in self.hints):
                return False
        return bool(self.pattern.search(line))


def _compile(kind: str, pattern: str, max_len: int, anchored: bool = True, hints: tuple[str, ...] = ()) -> LineRule:
    try:
        return LineRule(kind, regex_cache.compile(pattern, re.I), max_len, anchored, tuple(h.lower() for h in hints))
    except re.error as err:
        raise ValueError(f"boilerplate rule {pattern!r} is not a valid regex: {err}") from None


@lru_cache(maxsize=1)
def generic_rules() -> tuple[LineRule, ...]:
    """Rules from data/boilerplate.yaml, validated once."""
    text = resources.files("quelle.extract").joinpath("data/boilerplate.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe, in C
    rules = [
        _compile(
            r["kind"], r.get("pattern") or r["contains"], int(r.get("max_len", 200)), "pattern" in r,
            tuple(str(h) for h in r.get("hints", ())),
        )
        for r in raw["rules"]
    ]
    names = sorted({name for names in raw["sections"].values() for name in names}, key=regex_cache.longest_first)
    section = "(?:" + "|".join(re.escape(n) for n in names) + r")\s*[:|]?"
    rules.append(_compile("section", section, 40))
    return tuple(rules)


class LineClassifier:
    """Classifies one stripped line as a boilerplate kind, or None for article text."""

    def __init__(self, extra_rules: tuple[LineRule, ...] = ()) -> None:
        self.rules = extra_rules + generic_rules()
        self.max_len = max(rule.max_len for rule in self.rules)
        # One alternation rejects most article lines in a single call; rules that search
        # inside a line are tried one by one behind their cheap literal hints.
        self._whole = regex_cache.compile("|".join(f"(?:{r.pattern.pattern})" for r in self.rules if r.anchored), re.I)
        self._inside = tuple(r for r in self.rules if not r.anchored)
        hinted = all(r.hints for r in self._inside)
        self._hints = tuple({h for r in self._inside for h in r.hints}) if hinted else None

    def _inside_may_match(self, line: str) -> bool:
        if self._hints is not None:
            lower = line.lower()
            if not any(hint in lower for hint in self._hints):
                return False
        return any(rule.matches(line) for rule in self._inside)

    def classify(self, line: str) -> str | None:
        if len(line) > self.max_len:
            return None
        if not self._whole.fullmatch(line) and not self._inside_may_match(line):
            return None
        for rule in self.rules:
            if rule.matches(line):
                return rule.kind
        return None
