"""Word-by-word dictionary translation into language-neutral concept keys.

A German or Russian word becomes the concept keys of its English translations; an English word
is its own key. Keys are short transliteration keys (see ``translit.concept_key``) so names
need no dictionary: Rjabkow and Ryabkov share a key. Lexicons are data files: the large
German->English one is built at install time from Debian's trans-de-en (``lexicon_build.py``);
when it is absent the self-written seed lexicon in ``data/`` is used. Russian has its own
self-written news lexicon (``data/ru_en.tsv``, lemmas) read through a light stemmer
(``ru_stem.py``); Russian and German meet through their English keys. The other languages of
``data/lexicons.yaml`` read the tables ``quelle setup-data`` builds from Debian's FreeDict
packages, through a spelling fold (``scripts.fold``) and a suffix stripper whose endings are
data; a language whose table is not built has no concepts (names, numbers and quotations still
count), and ``missing_lexicons`` says which package would add it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from quelle.copies.ru_stem import lemma_keys, nominal_stem
from quelle.copies.ru_stem import stem as ru_stem
from quelle.copies.scripts import fold
from quelle.translit import concept_key

DATA = Path(str(resources.files("quelle.copies") / "data"))
_LATIN_FOLD = frozenset({"hr", "sr", "bs"})  # Serbo-Croatian: Cyrillic read in Latin letters


def built_dir() -> Path:
    """Where ``quelle setup-data`` writes the built tables: $QUELLE_LEXICON_DIR, else data/built."""
    return Path(os.environ.get("QUELLE_LEXICON_DIR") or DATA / "built")


BUILT_DE_EN = built_dir() / "de_en.tsv"
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
    # folded too: the languages read through scripts.fold are checked in their folded form
    return {lang: frozenset(str(w).casefold() for w in words) | frozenset(fold(str(w), lang in _LATIN_FOLD)
                                                                          for w in words)
            for lang, words in raw.items()}


@lru_cache(maxsize=1)
def calendar() -> dict[str, str]:
    """Month and weekday word -> neutral key (m1..m12, d1..d7)."""
    raw = yaml.safe_load((DATA / "calendar.yaml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for group in ("months", "weekdays"):
        for key, words in raw[group].items():
            for word in words:
                out[str(word).casefold()] = "@" + key
                out.setdefault(fold(str(word)), "@" + key)
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


@lru_cache(maxsize=1)
def lexicon_specs() -> dict[str, dict]:
    """Per language: its Debian sources, licence and stemming data (``data/lexicons.yaml``)."""
    raw = yaml.safe_load((DATA / "lexicons.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("copies/data/lexicons.yaml: expected a mapping of language -> spec")
    return {str(lang): dict(spec) for lang, spec in raw.items()}


def _spec(language: str) -> tuple[str, dict]:
    """The language whose table serves ``language`` (Bosnian and Serbian read Croatian's) and its spec."""
    specs = lexicon_specs()
    spec = specs.get(language) or {}
    if "same_as" in spec:
        language = spec["same_as"]
        spec = specs.get(language) or {}
    return language, spec


@dataclass(slots=True, frozen=True)
class Stemmer:
    """Strips one listed prefix, then listed suffixes one at a time, leaving ``min_stem`` letters."""

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    min_stem: int = 4
    rounds: int = 3

    def strip_one(self, word: str) -> str:
        for suffix in self.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= self.min_stem:
                return word[: -len(suffix)]
        return word

    def candidates(self, word: str) -> list[str]:
        """The word, then each shorter form as endings come off (with and without a prefix):
        an article and a case ending (Bulgarian *решението* -> *решение*) or a fleeting vowel
        (*военна* meets *военен* on *воен*) come off in turn."""
        starts = [word]
        for prefix in self.prefixes:
            if word.startswith(prefix) and len(word) - len(prefix) >= max(3, self.min_stem - 1):
                starts.append(word[len(prefix):])
                break
        out = []
        for form in starts:
            out.append(form)
            for _ in range(self.rounds):
                shorter = self.strip_one(form)
                if shorter == form:
                    break
                out.append(shorter)
                form = shorter
        return out

    def __call__(self, word: str) -> str:
        """The headword's stem: one ending off (and no prefix), as filed in the stem table."""
        return self.strip_one(word)


@dataclass(slots=True)
class Lexicon:
    """One language's folded forms and stems -> English, from its built table."""

    language: str
    forms: dict[str, str]
    stems: dict[str, str]
    stemmer: Stemmer
    latin: bool
    cognate_endings: tuple[tuple[str, str], ...] = ()  # folded ending -> shared form, longest first

    def cognate_form(self, word: str) -> str | None:
        """The word with a cognate ending rewritten to its shared form (see data/lexicons.yaml), or None."""
        for ending, shared in self.cognate_endings:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)] + shared
        return None

    def lookup(self, word: str) -> str | None:
        for form in self.stemmer.candidates(fold(word, self.latin)):
            found = self.forms.get(form) or self.stems.get(form)
            if found:
                return found
        return None


def _stemmer(spec: dict) -> Stemmer:
    by_length = lambda items: tuple(sorted({fold(str(i)) for i in items or []}, key=len, reverse=True))  # noqa: E731
    return Stemmer(by_length(spec.get("prefixes")), by_length(spec.get("suffixes")),
                   int(spec.get("min_stem", 3 if spec.get("prefixes") else 4)), int(spec.get("rounds", 3)))


@lru_cache(maxsize=32)
def lexicon(language: str) -> Lexicon | None:
    """The built lexicon serving ``language``, or None when its table is not built (or for de and
    en, which have their own paths; Russian reads this one after its self-written lexicon)."""
    name, spec = _spec(language)
    if name in ("de", "en") or not spec:
        return None
    path = built_dir() / f"{name}_en.tsv"
    if not path.exists():
        return None
    latin = spec.get("script") == "latin"
    stemmer = _stemmer(spec)
    forms: dict[str, str] = {}
    stems: dict[str, str] = {}
    for form, english in _read_tsv(path).items():
        folded = fold(form, latin)
        forms[folded] = forms[folded] + "," + english if folded in forms else english
        stem = stemmer(folded)
        if stem not in stems:
            stems[stem] = english
        elif len(stems[stem]) < 80:
            stems[stem] = stems[stem] + "," + english
    endings = tuple(sorted(((fold(str(k)), fold(str(v))) for k, v in (spec.get("cognate_endings") or {}).items()),
                           key=lambda pair: len(pair[0]), reverse=True))
    return Lexicon(name, forms, stems, stemmer, latin, endings)


_told: set[str] = set()


def has_lexicon(language: str | None) -> bool:
    """Whether ``language`` has a dictionary into English; the first time a language with a
    Debian dictionary lacks its built table, one line on stderr says what to install."""
    if language in ("de", "en", "ru"):
        return True
    if language is None:
        return False
    if lexicon(language) is not None:
        return True
    name, spec = _spec(language)
    if spec and name not in _told:
        _told.add(name)
        packages = " ".join(s["package"] for s in spec.get("sources") or [])
        print(f"quelle: note: no {name}-en lexicon is built (apt-get install {packages}; then quelle setup-data): "
              f"{language} pages are matched across languages by names, numbers and quotations only",
              file=sys.stderr)
    return False


def missing_lexicons() -> dict[str, str]:
    """Language -> the Debian package(s) to install for its table, for each table not built."""
    out = {}
    for language, spec in lexicon_specs().items():
        if "same_as" in spec or language in ("de", "ru"):
            continue
        if not (built_dir() / f"{language}_en.tsv").exists():
            out[language] = " ".join(s["package"] for s in spec.get("sources") or [])
    return out


@lru_cache(maxsize=400_000)
def concepts(word: str, language: str) -> tuple[str, ...]:
    """Concept keys of a lower-case word of a language with a built FreeDict table; () otherwise."""
    lex = lexicon(language)
    if lex is None:
        return ()
    found = lex.lookup(word)
    return _english_keys(found) if found else ()
