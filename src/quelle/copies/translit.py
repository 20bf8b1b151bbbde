"""A normalising transliteration key: Rjabkow, Ryabkov and Рябков all become ``ryabkov``.

The key is not a transliteration anyone would print; it folds the spelling differences of the
German, English and Russian conventions (w/v, j/y, sch/sh, ch/kh/h, z/s, -iy/-y/-i endings) into
one form so that names can be matched across languages without a model.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
_GERMAN = [("tsch", "\x01"), ("sch", "sh"), ("ch", "kh"), ("\x01", "ch"), ("w", "v"), ("j", "y"),
           ("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")]
_COMMON = [("zh", "sh"), ("kh", "h"), ("ck", "k"), ("x", "ks"), ("z", "s"), ("ae", "a"), ("oe", "o"),
           ("ue", "u"), ("iy", "i"), ("yy", "y"), ("ij", "i"), ("ph", "f"), ("th", "t"),
           ("oy", "oi"), ("ay", "ai"), ("ey", "ei")]
_DOUBLE = re.compile(r"(.)\1+")


def translit_key(word: str, language: str | None = None) -> str:
    """The comparison key of a word (lower case, Latin letters and digits only)."""
    text = word.casefold()
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    elif language == "de" or any(ch in "äöüß" for ch in text):
        for old, new in _GERMAN:
            text = text.replace(old, new)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    for old, new in _COMMON:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    if text.endswith("ia"):
        text = text[:-2] + "ya"
    if len(text) > 3 and text.endswith("y"):
        text = text[:-1] + "i"
    return text


@lru_cache(maxsize=200_000)
def concept_key(word: str, language: str | None = None, width: int = 6) -> str:
    """A short, inflection-tolerant key: the first ``width`` characters of the transliteration key."""
    return translit_key(word, language)[:width]
