"""A fast regex tokenizer and sentence splitter that keeps character offsets.

Why not SoMaJo: it is exact but pure Python at ~18k tokens/s, too slow for the speed target
(100 articles of 3 KB per second). News text needs little: words with inner hyphens and
apostrophes, numbers, abbreviations, and quotation marks as separate tokens. Sentences never
end inside a quotation, so a multi-sentence quote stays in the sentence that frames it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quelle import regex_cache

_TOKEN = regex_cache.compile(
    r"\d+(?:[.,:]\d+)*(?:-[^\W\d_][\w]*)?"  # "64-jährige" is one word
    r"|[A-Za-zÄÖÜäöüßÀ-ÿĀ-žА-яЁё](?:\.[A-Za-zÄÖÜäöü])+\."  # z.B. u.a. U.S.
    r"|(?:Dr|Prof|St|Nr|bzw|ca|vgl|usw|etc|Mr|Mrs|Ms|Jr|Sen|Gen|Abs|lt|Lt|evtl|ggf|inkl|sog|Hr|Fr|Co|Inc|Corp|Ltd|Gov|Rep|Sgt|Col|Capt|Gen|Lt|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.(?=\s)"
    r"|\w+(?:[-'’]\w+)*-?"
    r"|[„“”\"‚‘’'»«›‹]"
    r"|\.\.\.|…"
    r"|\S",
    re.UNICODE,
)

# the same tokens with the whitespace before each: findall gives (space, token) strings without a
# match object per token, and the offsets follow from the lengths (tokens never start with a space,
# and every other character is one: the last alternative is \S)
_SPACED = regex_cache.compile(r"(\s*)(" + _TOKEN.pattern + ")", re.UNICODE)

OPENING = {"„": "“", "»": "«", "«": "»", "“": "”", '"': '"', "‚": "‘", "›": "‹"}
CLOSING_CHARS = set("“”\"‘«»’‹›")
_TERMINAL = {".", "!", "?", "…", "..."}
_OPENERS = {"it", "the", "he", "she", "they", "we", "i", "this", "a", "an", "in", "but", "and", "there", "on", "at",
            "der", "die", "das", "er", "sie", "es", "ein", "eine", "im", "am", "aber", "und", "wir", "ich"}  # not names
_MONTHS = {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember", "jänner"}


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (the paragraph's place in source_text)."""
    out = []
    end = offset
    for space, word in _SPACED.findall(text):
        start = end + len(space)
        end = start + len(word)
        out.append(Token(word, start, end))
    return out


@dataclass(slots=True)
class Quote:
    """A quotation-mark span: token indexes of the opening and closing marks (closing may be None)."""

    open: int
    close: int | None


def find_quotes(tokens: list[Token]) -> list[Quote]:
    """Paired quotation marks, outermost only; an unclosed quote runs to the end of the tokens."""
    quotes: list[Quote] = []
    i, n = 0, len(tokens)
    while i < n:
        mark = tokens[i].text
        closing = OPENING.get(mark)
        if closing is None or (mark in "‚'" and not _opens(tokens, i)) or (mark == '"' and not _opens(tokens, i)):
            i += 1
            continue
        if mark in "«»" and i + 1 < n and tokens[i + 1].start != tokens[i].end:
            i += 1  # a closing guillemet used as an opener needs the word glued to it
            continue
        j = i + 1
        alt = {closing, "”"} if mark == "„" else {closing}
        if mark == "“":
            alt = {"”", "“"} if _opens(tokens, i) else set()
        while j < n and tokens[j].text not in alt:
            j += 1
        if not alt:
            i += 1
            continue
        if j < n:
            quotes.append(Quote(i, j))
            i = j + 1
        else:
            quotes.append(Quote(i, None))
            break
    return quotes


def _opens(tokens: list[Token], i: int) -> bool:
    """A straight or single mark opens a quote when a word follows it directly and no word precedes it."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or nxt.start != tokens[i].end:
        return False
    prev = tokens[i - 1] if i else None
    return prev is None or prev.end != tokens[i].start or not prev.text[-1].isalnum()


def sentences(tokens: list[Token], quotes: list[Quote], lines: set[int] | None = None) -> list[tuple[int, int]]:
    """Sentence boundaries as token index ranges [a, b); never inside a quotation. ``lines``: tokens that
    open a new line; a line without final punctuation before a capitalised one is a sentence of its own
    (a headline above its text: "Dead swan found in Fife" / "Reports say …")."""
    inside = [False] * len(tokens)
    closers = {q.close for q in quotes if q.close is not None}
    for q in quotes:
        end = q.close if q.close is not None else len(tokens) - 1
        for k in range(q.open + 1, end):
            inside[k] = True
    out = []
    start = 0
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if lines and i in lines and i > start and not inside[i] and tok.text[:1].isupper() \
                and tokens[i - 1].text not in _TERMINAL and tokens[i - 1].text not in (",", ";", ":", "-", "–"):
            out.append((start, i))
            start = i
        if i in closers and i and tokens[i - 1].text in _TERMINAL and i + 1 < n and _starts_sentence(tokens, i, i + 1):
            out.append((start, i + 1))
            start = i + 1
        elif tok.text in _TERMINAL and not inside[i]:
            j = i + 1
            while j < n and tokens[j].text in CLOSING_CHARS | {")"} and tokens[j].start == tokens[j - 1].end \
                    and not _opens(tokens, j):
                j += 1
            if j >= n or _starts_sentence(tokens, i, j):
                out.append((start, j))
                start = j
                i = j
                continue
        i += 1
    if start < n:
        out.append((start, n))
    return out


def _starts_sentence(tokens: list[Token], i: int, j: int) -> bool:
    nxt = tokens[j].text
    if tokens[i].text == "." and i and tokens[i - 1].text.isdigit() and nxt.lower() in _MONTHS:
        return False
    if tokens[i].text == "." and i > 1 and _initial(tokens, i - 1) and nxt[:1].isupper() \
            and tokens[i - 2].text[:1].isupper() and tokens[i - 2].text.isalpha() and len(tokens[i - 2].text) > 1 \
            and nxt.lower() not in _OPENERS:
        return False  # "George W. Bush": a middle initial between two names
    return nxt[0].isupper() or nxt[0].isdigit() or nxt in OPENING or nxt in "(-–"


def _initial(tokens: list[Token], k: int) -> bool:
    """A single capital letter glued to the full stop after it ("W.")."""
    tok = tokens[k]
    return len(tok.text) == 1 and tok.text.isupper() and tok.text.isalpha() and tokens[k + 1].start == tok.end
