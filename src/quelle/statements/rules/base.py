"""What every sentence rule shares: the candidate it yields, the sentence it reads, the reader
with its phrase questions, and the per-language registry that orders the rules.

Why a registry: each construction ("„…“, sagte X", "laut X", "X said that …") is a small named
function; a language is the ordered list of rules registered for it, so a new construction adds a
rule instead of growing one class, and the rule's name travels into the report's evidence and the
evaluation's failure listing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from quelle.statements.phrases import (
    _NOT_FREE,
    _PUNCT_END,
    _QUOTE_MARKS,
    _RELATIVE,
    _SUBORDINATORS,
    PhraseReader,
)
from quelle.statements.text import Quote

_DETERMINERS_DE = ("der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "eines")


@dataclass(slots=True)
class Candidate:
    quote: list[tuple[int, int]]  # token ranges [a, b)
    type: str
    cue: list[int] = field(default_factory=list)
    speaker: tuple[int, int] | None = None
    frame: list[tuple[int, int]] = field(default_factory=list)
    medium: str | None = None
    rule: str = ""
    inherit: bool = False  # speaker comes from the previous statement
    refers: tuple[int, int] | None = None  # a relative-pronoun speaker's antecedent ("Dschassim, der betonte")


@dataclass(slots=True)
class Sentence:
    """One sentence [a, b) as the rules see it; ``end`` stops before the final punctuation."""

    a: int
    b: int
    end: int
    quotes: list[Quote]
    inside: set[int]  # tokens inside quotation marks (marks included)
    long_quotes: list[tuple[int, int]]  # quotations of four words or more, or with a full stop: [open, close+1)
    standalone: list[tuple[int, int]]  # long quotations opening the sentence or after ":", ",", "("
    prev: Candidate | None  # the last statement's candidate
    near_prev: bool  # that statement was in this sentence or the one before
    before: tuple[int, int] | None  # the sentence before, when it is no statement and in the same paragraph
    found: list[Candidate] = field(default_factory=list)  # what the winning rule found (read by ``extra`` rules)

    @classmethod
    def read(cls, t: list, a: int, b: int, quotes: list[Quote], prev: Candidate | None, near_prev: bool,
             before: tuple[int, int] | None) -> Sentence:
        inside: set[int] = set()
        long_quotes = []
        for q in quotes:
            close = q.close if q.close is not None else b - 1
            inner = range(q.open + 1, close)
            inside.update(range(q.open, close + 1))
            words = sum(1 for k in inner if t[k].text[:1].isalnum())
            if words >= 4 or any(t[k].text in _PUNCT_END for k in inner):
                long_quotes.append((q.open, close + 1))
        end = b
        while end > a and (t[end - 1].text in _PUNCT_END or t[end - 1].text in ")") and end - 1 not in inside:
            end -= 1
        standalone = [q for q in long_quotes if q[0] == a or t[q[0] - 1].text in (":", ",", "(")
                      or (q[0] - 1 >= a and t[q[0] - 1].text in _QUOTE_MARKS)]
        return cls(a, b, end, quotes, inside, long_quotes, standalone, prev, near_prev, before)


RuleFn = Callable[["RuleReader", Sentence], list[Candidate]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named construction: ``find`` returns its candidates for a sentence, or [] when it does not apply.
    ``framed`` rules yield a content with a frame: quotations inside that content become its quoted parts.
    ``extra`` rules run after the winner and add a second statement about the same words (a source
    named inside a sentence that already has a frame: "…, sagte X laut Y")."""

    name: str
    order: int
    languages: tuple[str, ...]
    find: RuleFn
    framed: bool = False
    extra: bool = False


_REGISTRY: list[Rule] = []


def rule(name: str, order: int, languages: tuple[str, ...] = ("de", "en"), framed: bool = False,
         extra: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Register a sentence rule; for each sentence the rules run by ``order`` and the first that finds
    something wins."""

    def add(find: RuleFn) -> RuleFn:
        if any(r.name == name for r in _REGISTRY):
            raise ValueError(f"statement rule {name!r} registered twice")
        _REGISTRY.append(Rule(name, order, languages, find, framed, extra))
        return find

    return add


def rules_for(language: str) -> list[Rule]:
    """The rules of one language in the order they are tried."""
    return sorted((r for r in _REGISTRY if language in r.languages), key=lambda r: r.order)


class RuleReader(PhraseReader):
    """Phrase questions plus the helpers several rules share (nested quotations, cut-out frames)."""


    def person_like(self, span: tuple[int, int]) -> bool:
        """Stronger than ``_animate``: a pronoun, a role noun or a name found in the article."""
        t = self.t
        if span[1] - span[0] == 1 and t[span[0]].text.lower() in ("er", "sie"):
            return True
        return any(k in self.named or (t[k].text[:1].isupper() and self.lex.role_of(t[k].text)) for k in range(*span))
    def reportative(self, a: int, end: int, inside: set[int], plain: bool = False) -> bool:
        """"X soll ... gewesen sein": the reportative modal with a perfect infinitive at the clause end
        (``plain``: any infinitive, "Er soll resistent sein", only right after a statement)."""
        t = self.t
        words = [k for k in range(a, end) if k not in inside]
        modal = [k for k in words if t[k].text in ("soll", "sollen")]
        if not modal or t[a].text.lower() in _NOT_FREE:
            return False
        tail = [t[k].text for k in words if k > modal[0] and t[k].text.isalpha()]
        if plain:
            return len(tail) >= 2 and tail[-1].islower() and (tail[-1] == "sein" or tail[-1].endswith(("en", "ern")))
        return len(tail) >= 2 and tail[-1] in ("sein", "haben") and tail[-2].startswith(("ge", "worden")) \
            or (len(tail) >= 2 and tail[-1] in ("sein", "haben") and tail[-2].endswith(("t", "en")))
    def nested(self, outer: Candidate, quotes: list[Quote]) -> list[Candidate]:
        """Quotations inside an indirect statement are Direct statements with the same frame."""
        out = []
        for q in quotes:
            if q.close is None:
                continue
            words = [x.text for x in self.t[q.open + 1:q.close] if x.text[:1].isalpha()]
            title = words and len(words) <= 4 and all(w[:1].isupper() for w in words)
            named = q.open > 0 and self.t[q.open - 1].text.lower().startswith(("sogenannt", "genannt", "titel"))
            if title or named:
                continue
            if any(x <= q.open and q.close < y for x, y in outer.quote):
                out.append(Candidate([(q.open, q.close + 1)], "Direct", cue=outer.cue, speaker=outer.speaker,
                                     frame=outer.frame, medium=outer.medium, rule="nested", inherit=outer.inherit))
        return out
    def subject_with_clause(self, a: int, end: int) -> bool:
        """The sentence opens with a noun phrase followed by a relative clause or an apposition, or
        with a subordinate clause: what precedes the next comma is no reported content."""
        t = self.t
        if t[a].text.lower() in _SUBORDINATORS or t[a].text.lower() in ("obwohl", "weil", "wenn", "als"):
            return True
        j = self.np_forward(a, end)
        if j <= a or j >= end or t[j].text != ",":
            return False
        nxt = t[j + 1].text if j + 1 < end else ""
        return nxt.lower() in _RELATIVE or self._apposition_at(j + 1, end)
    def noun_phrase_only(self, a: int, stop: int) -> bool:
        """[a, stop) is a noun phrase, or a noun phrase with a name in apposition ("The striker, Ben Adeyemi")."""
        t = self.t
        j = self.np_forward(a, stop)
        if j == stop and j > a:
            return True
        return a < j < stop - 1 and t[j].text == "," and stop - j - 1 <= 3 \
            and all(x in self.named or t[x].text[:1].isupper() for x in range(j + 1, stop))
    def long_np(self, i: int, end: int) -> int:
        """A noun phrase ``np_forward`` does not read: a determiner with a participle phrase ("einer am
        Dienstag veröffentlichten Pressemitteilung des WFP") or a lower-case compound ("ai-Bericht")."""
        t = self.t
        if i < end and "-" in t[i].text and t[i].text[:1].islower() and t[i].text.rsplit("-", 1)[1][:1].isupper():
            return i + 1
        if i < end and t[i].text.lower() in _DETERMINERS_DE:
            for j in range(i + 2, min(end - 1, i + 7)):
                if t[j].text in (",", ";", ":") or j in self.named:
                    break
                if t[j].text.islower() and t[j].text.endswith(("e", "en", "er", "es")) and t[j + 1].text[:1].isupper():
                    got = self.np_forward(j + 1, end)
                    return got if got > j + 1 else i
        return i
    def cut(self, a: int, end: int, fa: int, fb: int, cue: list[int], speaker: tuple[int, int]) -> Candidate:
        """A statement whose content is the sentence around an attribution frame [fa, fb)."""
        t = self.t
        parts = []
        left_end = fa
        while left_end > a and t[left_end - 1].text in (",", "–", "-"):
            left_end -= 1
        if left_end > a:
            parts.append((a, left_end))
        right = fb
        while right < end and t[right].text in (",", "–", "-"):
            right += 1
        if right < end:
            parts.append((right, end))
        if not parts:
            parts = [(a, end)]
        frame_a = fa
        frame_b = fb + 1 if not self.de and fb < end and t[fb].text == "," else fb
        return Candidate(parts, "Indirect", cue=cue, speaker=speaker, frame=[(frame_a, frame_b)], medium="SW",
                         rule="attribution")
