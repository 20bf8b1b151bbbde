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
    "ђ": "dj", "ј": "y", "љ": "ly", "њ": "ny", "ћ": "ch", "џ": "dzh",  # Serbian
}
_GREEK_PAIRS = [("ου", "u"), ("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("αι", "e"), ("ει", "i"),
                ("οι", "i"), ("αυ", "av"), ("ευ", "ev")]
_GREEK = {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
          "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
          "υ": "i", "φ": "f", "χ": "kh", "ψ": "ps", "ω": "o"}
# Arabic and Persian letters as consonants (short vowels are not written); alif, waw and ya
# are read as vowels, so a name keeps its consonant skeleton (see ``skeleton``)
_ARABIC = {"ا": "a", "أ": "a", "إ": "a", "آ": "a", "ٱ": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
           "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
           "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ڤ": "v", "ق": "k",
           "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "u", "ؤ": "u",
           "ي": "i", "ی": "i", "ى": "a", "ئ": "i", "ء": ""}
# Latin letters of the Slavic, Baltic and Turkish alphabets as the English convention writes them
_LATIN = str.maketrans({"č": "ch", "ć": "ch", "š": "sh", "ś": "s", "ž": "zh", "ź": "z", "ż": "zh", "đ": "dj",
                        "ł": "l", "ş": "sh", "ğ": "g", "ı": "i", "ř": "rzh"})
_BY_LANGUAGE = {
    "fr": [("ou", "u"), ("ch", "sh"), ("tch", "ch")],
    "pl": [("sz", "sh"), ("cz", "ch"), ("rz", "zh"), ("w", "v"), ("ie", "e")],
    "es": [("j", "kh")],
    "nl": [("oe", "u"), ("j", "y"), ("w", "v")],
    "tr": [("ç", "ch"), ("c", "dzh")],
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
    elif any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in text):
        text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
        for old, new in _GREEK_PAIRS:
            text = text.replace(old, new)
        text = "".join(_GREEK.get(ch, ch) for ch in text)
    elif any("\u0600" <= ch <= "\u06ff" for ch in text):
        text = "".join(_ARABIC.get(ch, "" if "\u064b" <= ch <= "\u0652" else ch) for ch in text)
    elif language == "de" or any(ch in "äöüß" for ch in text):
        for old, new in _GERMAN:
            text = text.replace(old, new)
    else:
        for old, new in _BY_LANGUAGE.get(language or "", ()):
            text = text.replace(old, new)
        text = text.translate(_LATIN)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if ch.isascii() and ch.isalnum())
    for old, new in _COMMON:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    if text.endswith("ia"):
        text = text[:-2] + "ya"
    if len(text) > 3 and text.endswith("y"):
        text = text[:-1] + "i"
    if len(text) > 4 and text.endswith(("of", "ef")):  # Λαβρόφ, Lavroff: the Russian -ov, -ev
        text = text[:-1] + "v"
    return text


_SKELETON = str.maketrans({"v": "f", "w": "f", "p": "b", "q": "k", "g": "k", "c": "k", "j": "k", "d": "t",
                           "z": "s", "a": None, "e": None, "i": None, "o": None, "u": None, "y": None,
                           "h": None})


@lru_cache(maxsize=200_000)
def skeleton(word: str, language: str | None = None) -> str:
    """The consonant skeleton of a name, for matching Arabic-script names with other scripts,
    where short vowels are not written and p/b, v/f, g/k/j fall together: بيسكوف and Peskov
    are both ``bskf``. Coarse on purpose: used only for names, never as word evidence."""
    return _DOUBLE.sub(r"\1", translit_key(word, language).translate(_SKELETON))


@lru_cache(maxsize=200_000)
def concept_key(word: str, language: str | None = None, width: int = 6) -> str:
    """A short, inflection-tolerant key: the first ``width`` characters of the transliteration key."""
    return translit_key(word, language)[:width]


def name_keys(name: str | None) -> tuple[str | None, str | None]:
    """A name's person keys as the store indexes them: its last word's key read in no particular
    convention and read as German (a stored name does not say which convention it follows), so
    Rjabkow, Ryabkov and Рябков meet on one indexed value. ``(None, None)`` for a name with no
    letters. Keys are cut at ``NAME_KEY_LIMIT`` characters (the column's width; a "name" from a
    hostile page can be one long word)."""
    words = [w for w in (name or "").replace("-", " ").split() if any(ch.isalpha() for ch in w)]
    if not words:
        return None, None
    last = words[-1][:NAME_KEY_LIMIT * 2]
    return (translit_key(last)[:NAME_KEY_LIMIT] or None,
            translit_key(last, "de")[:NAME_KEY_LIMIT] or None)


NAME_KEY_LIMIT = 64
