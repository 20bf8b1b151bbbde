"""Statement rules over one sentence at a time, in token space.

Each construction is a small named rule registered for its languages (``base.rule``); a sentence is
offered to its language's rules in order and the first that finds something wins: quotations with
a frame, anaphoric frames, frames after and before unquoted content, attributions, embedded frames,
other quotations, then free indirect speech, reported speech acts and reportative "sollen". Each
rule yields Candidates with token ranges; speakers are resolved later (resolve.py).
"""

from __future__ import annotations

from quelle.statements.lexicon import Lexicon
from quelle.statements.rules import (  # noqa: F401 - they register their rules
    attribution,
    clauses,
    direct,
    english,
    english_clauses,
    frames,
    free,
)
from quelle.statements.rules.base import Candidate, Rule, RuleReader, Sentence, rules_for
from quelle.statements.text import Quote, Token

__all__ = ["Candidate", "Rule", "Sentence", "SentenceRules", "rules_for"]


class SentenceRules(RuleReader):
    """The registered rules of one language, applied to the sentences of one article."""

    def __init__(self, lex: Lexicon, tokens: list[Token]) -> None:
        super().__init__(lex, tokens)
        self.rules = rules_for(lex.language)

    def sentence(self, a: int, b: int, quotes: list[Quote], prev: Candidate | None,
                 near_prev: bool, before: tuple[int, int] | None = None) -> list[Candidate]:
        """Candidates of the sentence [a, b); ``quotes`` are the quotations inside it."""
        self.sent_start = a
        s = Sentence.read(self.t, a, b, quotes, prev, near_prev, before)
        for rule in self.rules:
            got = rule.find(self, s)
            if not got:
                continue
            if rule.framed:
                return got + self.nested(got[0], quotes)
            return got
        return []
