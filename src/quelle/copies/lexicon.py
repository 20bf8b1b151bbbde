"""Word-by-word dictionary translation into language-neutral concept keys.

A German or Russian word becomes the concept keys of its English translations; an English word
is its own key. Keys are short transliteration keys (see ``translit.concept_key``) so names
need no dictionary: Rjabkow and Ryabkov share a key. Lexicons are data files: the large
German->English one is built at install time from Debian's trans-de-en (``lexicon_build.py``);
when it is absent the self-written seed lexicon in ``data/`` is used. Russian has its own
self-written news lexicon (``data/ru_en.tsv``, lemmas) read through a light stemmer
(``ru_stem.py``); Russian and German meet through their English keys.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from quelle.copies.ru_stem import lemma_keys, nominal_stem
from quelle.copies.ru_stem import stem as ru_stem
from quelle.copies.translit import concept_key

DATA = Path(str(resources.files("quelle.copies") / "data"))
BUILT_DE_EN = DATA / "built" / "de_en.tsv"
_DE_SUFFIXES = ("ungen", "ern", "en", "er", "es", "em", "e", "n", "s", "t", "te", "ten", "st", "et", "est")


def _read_tsv(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            form, english = line.rstrip("\n").split("\t", 1)
            if form and english:
                table.setdefault(form, english)
    return table


@lru_cache(maxsize=1)
def german_table() -> tuple[dict[str, str], str]:
    """The German->English table and its name ("trans-de-en" or "seed")."""
    if BUILT_DE_EN.exists():
        table = _read_tsv(BUILT_DE_EN)
        for form, english in _read_tsv(DATA / "seed_de_en.tsv").items():
            table[form] = english + "," + table[form] if form in table else english
        return table, "trans-de-en"
    return _read_tsv(DATA / "seed_de_en.tsv"), "seed"


@lru_cache(maxsize=1)
def russian_table() -> dict[str, str]:
    """Russian stem -> English translations, from the self-written news lexicon ``data/ru_en.tsv``.

    Lemmas are reduced by the same stemmer as text words (each lemma is filed under the keys of
    ``ru_stem.lemma_keys``), so *министра* and *министр* meet on ``министр``. Two lemmas with one
    stem share their translations; a hyphenated lemma (*пресс-секретарь*) also lends its
    translations to each part the lexicon lacks, because the tokenizer splits at the hyphen.
    """
    table: dict[str, str] = {}
    parts: dict[str, str] = {}
    with (DATA / "ru_en.tsv").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#") or not line.strip():
                continue
            lemma, sep, english = line.rstrip("\n").partition("\t")
            if not sep or not lemma or not english:
                raise ValueError(f"copies/data/ru_en.tsv line {number}: expected 'lemma<TAB>english,...'")
            for key in lemma_keys(lemma):
                table[key] = table[key] + "," + english if key in table else english
            if "-" in lemma:
                for part in lemma.split("-"):
                    if len(part) >= 3:
                        parts.setdefault(ru_stem(part), english)
    for key, english in parts.items():
        table.setdefault(key, english)
    return table


@lru_cache(maxsize=1)
def russian_seed_stems() -> dict[str, str]:
    """The older seed table of Russian stems matched as word prefixes (``data/seed_ru_en.tsv``)."""
    return _read_tsv(DATA / "seed_ru_en.tsv")


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load((DATA / "stopwords.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("copies/data/stopwords.yaml: expected a mapping of language -> words")
    return {lang: frozenset(str(w).casefold() for w in words) for lang, words in raw.items()}


@lru_cache(maxsize=1)
def calendar() -> dict[str, str]:
    """Month and weekday word -> neutral key (m1..m12, d1..d7)."""
    raw = yaml.safe_load((DATA / "calendar.yaml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for group in ("months", "weekdays"):
        for key, words in raw[group].items():
            for word in words:
                out[str(word).casefold()] = "@" + key
    return out


@lru_cache(maxsize=200_000)
def _english_keys(english: str) -> tuple[str, ...]:
    keys: list[str] = []
    for word in english.split(","):
        key = concept_key(word.strip(), "en")
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def _german_lookup(word: str, table: dict[str, str]) -> str | None:
    if word in table:
        return table[word]
    for suffix in _DE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            for form in (stem, stem + "e", stem + "en", stem + "n"):
                if form in table:
                    return table[form]
    return None


@lru_cache(maxsize=200_000)
def german_concepts(word: str) -> tuple[str, ...]:
    """Concept keys of a lower-case German word; () when the lexicon does not know it."""
    table, _ = german_table()
    found = _german_lookup(word, table)
    if found:
        return _english_keys(found)
    # a compound: the longest known tail plus its head (Militäroperation, Kremlsprecher)
    for cut in range(3, len(word) - 3):
        tail = _german_lookup(word[cut:], table)
        if tail:
            head_word = word[:cut]
            head = _german_lookup(head_word, table) or _german_lookup(head_word.removesuffix("s"), table)
            return _english_keys((head + "," if head else "") + tail)
    return ()


@lru_cache(maxsize=200_000)
def russian_concepts(word: str) -> tuple[str, ...]:
    """Concept keys of a lower-case Russian word: its stem in the lexicon, else a known seed prefix."""
    table = russian_table()
    found = table.get(ru_stem(word)) or table.get(nominal_stem(word))
    if found:
        return _english_keys(found)
    seed = russian_seed_stems()
    for cut in range(len(word), 3, -1):
        found = seed.get(word[:cut])
        if found:
            return _english_keys(found)
    return ()


def lexicon_name() -> str:
    return german_table()[1]
