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
    comma_frames,
    direct,
    english,
    english_clauses,
    english_frames,
    english_quotes,
    frames,
    free,
)
from quelle.statements.rules.base import Candidate, Rule, RuleReader, Sentence, rules_for
from quelle.statements.rules.gate import trigger_counts
from quelle.statements.text import Quote, Token

_HEISSEN = ("heißt", "hieß", "hieße")
_SOURCE_PREPOSITIONS = ("in", "im", "bei", "auf")
_PASSIVE = ("wird", "wurde", "werden", "wurden")

__all__ = ["Candidate", "Rule", "Sentence", "SentenceRules", "rules_for"]


class SentenceRules(RuleReader):
    """The registered rules of one language, applied to the sentences of one article."""

    def __init__(self, lex: Lexicon, tokens: list[Token]) -> None:
        super().__init__(lex, tokens)
        self.rules = rules_for(lex.language)
        self.extra_names = {r.name for r in self.rules if r.extra}
        self.triggers = trigger_counts(lex, [tok.text for tok in tokens], self.low, self.cue_possible)

    def sentence(self, a: int, b: int, quotes: list[Quote], prev: Candidate | None,
                 near_prev: bool, before: tuple[int, int] | None = None) -> list[Candidate]:
        """Candidates of the sentence [a, b); ``quotes`` are the quotations inside it. English clauses
        joined by a semicolon are read one by one ("According to X, …; the spokesman added that …").
        A sentence without a quotation and without a token any rule starts at is skipped (gate.py)."""
        if self.lex.language == "en":
            semi = self._semicolon(a, b, quotes)
            if semi is not None:
                first = self.sentence(a, semi, [q for q in quotes if q.open < semi], prev, near_prev, before)
                last = first[-1] if first else prev
                return first + self.sentence(semi + 1, b, [q for q in quotes if q.open > semi], last,
                                             near_prev or bool(first), None)
        self.sent_start = a  # set as before, even when skipped: the frames read it until the next sentence
        if not quotes and self.triggers[b] == self.triggers[a]:
            return []
        s = Sentence.read(self.t, a, b, quotes, prev, near_prev, before)
        for rule in self.rules:
            if rule.extra:
                continue
            got = rule.find(self, s)
            if not got:
                continue
            s.found = got + self.nested(got[0], quotes) if rule.framed else got
            break
        for rule in self.rules:
            if rule.extra:
                s.found = s.found + rule.find(self, s)
        if self.lex.cue_companions:
            for cand in s.found:
                self._cue_companions(cand, s)
        return s.found

    def _semicolon(self, a: int, b: int, quotes: list[Quote]) -> int | None:
        """The first semicolon outside quotations with a clause of four words or more on each side."""
        spans = [(q.open, q.close if q.close is not None else b) for q in quotes]
        for k in range(a + 4, b - 4):
            if self.t[k].text == ";" and not any(x <= k <= y for x, y in spans):
                return k
        return None

    def _cue_companions(self, cand: Candidate, s: Sentence) -> None:
        """"äußerte sich", "wies darauf hin", "geht davon aus": the reflexive or pronominal adverb next
        to the cue verb belongs to the cue, as the dataset marks it (never words of the content)."""
        if not cand.cue or cand.cue[0] < s.a:
            return
        first = cand.cue[0]
        stop = max(cand.cue[-1], first + 3)
        content = {k for x, y in cand.quote for k in range(x, y)}
        extra = []
        for k in range(first + 1, min(stop + 1, s.end)):
            if k in content or k in s.inside or self.t[k].text in (",", ";", ":"):
                break
            if self.t[k].text.lower() in self.lex.cue_companions and k not in cand.cue:
                extra.append(k)
        if first + 1 < s.end and self.t[first].text.lower() in _HEISSEN and self.t[first + 1].text == "es" \
                and first + 1 not in content:
            extra.append(first + 1)  # "heißt es": the dataset's cue keeps the impersonal "es"
        if first > s.a and self.t[first - 1].text.lower() == "es" and self.t[first].text.lower() in _PASSIVE \
                and first - 1 not in content:
            extra.append(first - 1)  # "Es wird angenommen, dass …"
        impersonal = cand.speaker is None or (cand.speaker[1] - cand.speaker[0] == 1
                                              and self.t[cand.speaker[0]].text.lower() == "es")
        if impersonal and self.t[first].text.lower() in _HEISSEN:
            cand.speaker = self._document_source(cand, first, content)
        if self.t[s.a].text == "Wie" and s.a < first and s.a not in content and s.a not in cand.cue \
                and all(self.t[k].text != "," for k in range(s.a, first)):
            extra.append(s.a)  # "Wie der Verband mitteilte, …": the dataset's cue is "Wie … mitteilte"
        if extra:
            cand.cue = sorted([*cand.cue, *extra])

    def _document_source(self, cand: Candidate, verb: int, content: set[int]) -> tuple[int, int] | None:
        """"In dem Bericht heißt es, …", "…, heißt es in einer Erklärung des Verbands": the document
        after the preposition is the source of an impersonal "heißt es"."""
        t = self.t
        for a, b in cand.frame:
            for k in range(a, b - 1):
                if k in content or t[k].text.lower() not in _SOURCE_PREPOSITIONS:
                    continue
                start = k + 1
                end = self.np_forward(start, b)
                if end > start and all(x not in content for x in range(start, end)):
                    return (start, end)
        return None
