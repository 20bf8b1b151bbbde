"""Spelling folds applied before a dictionary look-up, to text words and headwords alike.

Why: a dictionary and a page rarely spell a word the same way. Greek accents, Bulgarian stress
marks in dictionaries, Arabic short vowels and hamza seats, Persian and Arabic forms of one
letter (ی/ي, ک/ك), and Serbian written in either alphabet would otherwise each miss the entry.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Serbian Cyrillic -> Serbian Latin (the official one-to-one correspondence)
SERBIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ئ": "ي", "ؤ": "و",
                         "ک": "ك", "ڪ": "ك", "ە": "ه", "ۀ": "ه", "ـ": None, "\u200c": None, "\u200d": None})


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@lru_cache(maxsize=300_000)
def fold(word: str, latin: bool = False) -> str:
    """Lower case, without combining marks (accents, stress marks, Arabic vowel signs), Arabic
    letter variants unified; ``latin``: Serbian Cyrillic written in Latin letters first."""
    text = word.casefold()
    if latin and is_cyrillic(text):
        text = "".join(SERBIAN_LATIN.get(ch, ch) for ch in text)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    if is_arabic(text):
        text = text.translate(_ARABIC)
    return unicodedata.normalize("NFC", text)
