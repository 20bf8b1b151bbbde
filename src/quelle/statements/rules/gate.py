"""Which tokens can start a rule (issues 12 and 14): a sentence with no quotation and none of these
tokens is one on which no rule finds anything, so ``SentenceRules.sentence`` skips it unread.

Why a gate and not faster rules: a quarter to a half of news sentences hold no cue, no quotation and
no attribution word, yet every rule used to scan them. The gate must never change the output, so it
is the union of what each rule needs before it can yield a candidate, taken from the rules' own data:

- quotation rules (direct-standalone, direct, quoted-words, quoted-words-en, scare-quotes-en): a
  quotation in the sentence (tested on the sentence's quotes, not here);
- every frame rule that reads a cue verb (anaphoric, postposed, preposed, wie, embedded,
  comma-frame, post-final-en, parenthetical-en): ``cue_at``, which finds nothing where
  ``cue_possible`` is false;
- attribution, attribution-inside and the "so X" frame: ``_triggers`` (laut, zufolge, nach,
  according, so words, adverbs such as "demnach");
- free-indirect and comma-frame contents: a Konjunktiv I or II form; dass-clause: "dass"/"daß";
- reported, reported-en: a reported verb form; reported-passive, comma-frame's passive: a
  reported participle; reportative-sollen: "soll"/"sollen"; comma-frame's impersonal frame:
  "bekannt" (else a cue form); anaphoric-hervorgehen: "geht"/"ging";
- English: speech-clause-en's cue phrases, to-cues and "is reporting" forms, saying's participles,
  quoted-as-en's "quoted", headline-colon-en's colon.

A rule that reads a new kind of word must add it here (tests/test_statement_gate.py checks the
rules' output with and without the gate).
"""

from __future__ import annotations

from quelle.statements.lexicon import Lexicon
from quelle.statements.rules.attribution import _triggers
from quelle.statements.rules.clauses import _COMPLEMENTIZERS
from quelle.statements.rules.english import _PARTICIPLE_CUES

_GERMAN_WORDS = frozenset(("soll", "sollen", "bekannt", "geht", "ging", *_COMPLEMENTIZERS))
_ENGLISH_WORDS = frozenset(("quoted", ":", *_PARTICIPLE_CUES))


def _ing_cue(lex: Lexicon, low: str) -> bool:
    """"is reporting": an -ing form whose finite forms are cues (as ``_cue_here`` derives them)."""
    base = low[:-3]
    for stem in (base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else base):
        if lex.cues.get(stem + "s") or lex.cues.get(stem + "ed") or lex.cues.get(stem + "d"):
            return True
    return False


def trigger_counts(lex: Lexicon, texts: list[str], low: list[str], cue_possible: list[bool]) -> list[int]:
    """Running count of trigger tokens: entry k is how many of the first k tokens can start a rule,
    so a sentence [a, b) holds one exactly when counts[b] > counts[a]."""
    words = set(_triggers(lex)) | set(lex.konj1) | set(lex.konj2)
    exact = set(lex.reported) | set(lex.reported_passive)
    if lex.language == "de":
        words |= _GERMAN_WORDS
    else:
        words |= _ENGLISH_WORDS | set(lex.to_cues) | {p.split()[0] for p in lex.cue_phrases}
    english = lex.language == "en"
    counts = [0]
    n = 0
    for text, w, cue in zip(texts, low, cue_possible, strict=True):
        if cue or w in words or text in exact or (english and w.endswith("ing") and _ing_cue(lex, w)):
            n += 1
        counts.append(n)
    return counts
