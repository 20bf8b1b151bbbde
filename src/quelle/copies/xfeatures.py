"""Language-neutral features of one document, for cross-language matching (see ``crossling``).

Per content word its concept keys (dictionary translations into English, plus its own
transliteration key), names (with a consonant skeleton for Arabic-script matching), numbers
(any notation and digit script), calendar words, quotations and paragraphs. Every language gets
features: one without a dictionary (Ukrainian, Persian, Chinese, or a table not built) has
only its own keys, names, numbers, dates and quotations, and ``has_lexicon`` is False so that
``crossling.compare`` asks more of those before it links.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from quelle.copies.crossvec import Packed, pack
from quelle.copies.doc import CopyDoc
from quelle.copies.lexicon import calendar, concepts, german_concepts, has_lexicon, lexicon, russian_concepts, stopwords
from quelle.copies.ru_stem import stem as ru_stem
from quelle.copies.scripts import fold
from quelle.translit import concept_key, skeleton

_QUOTE = re.compile(r"„[^“”\"\n]{3,}[“”\"]|“[^”\n]{3,}”|\"[^\"\n]{3,}\"|«[^»\n]{3,}»|‚[^‘’\n]{3,}[‘’]")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# Russian, French, Bulgarian, Polish ... group thousands with a space or a narrow no-break space
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[.,]\d)")
_SPACED_LANGUAGES = frozenset({"ru", "uk", "bg", "fr", "pl", "cs", "sk", "hr", "sr", "bs", "pt", "es", "it", "el"})
_LATIN_FOLD = frozenset({"hr", "sr", "bs"})
_CASELESS = frozenset({"ar", "fa", "ur", "ps", "he"})  # scripts without capitals: names found otherwise
_UNSPACED = frozenset({"zh", "ja"})  # no spaces between words: only numbers and dates are read
_ZH_DATE = re.compile(r"(\d{1,4})\s*年|(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{1,2})\s*月")
_ASCII_DIGITS = re.compile(r"\d+")
# language codes that language identification gives for varieties one dictionary serves
CANONICAL = {"wuu": "zh", "yue": "zh", "cmn": "zh", "gan": "zh", "hak": "zh", "nan": "zh", "lzh": "zh",
             "hsn": "zh", "cdo": "zh"}


def canonical_language(language: str | None) -> str | None:
    return CANONICAL.get(language or "", language)


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII (٢٠٢٢, ۲۰۲۲ -> 2022)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def number_key(text: str) -> str:
    """'1.000' (de) and '1,000' (en) -> '#1000'; '1,5' and '1.5' -> '#1.5'; any digit script."""
    text = _ascii_digits(text)
    if _THOUSANDS.match(text):
        return "#" + re.sub(r"[.,]", "", text)
    return "#" + text.replace(",", ".")


@dataclass(slots=True)
class Anchor:
    key: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class XFeatures:
    """What cross-language matching needs of one document."""

    language: str
    paras: list[list[tuple[str, ...]]]  # per paragraph, per content word: its concept keys
    names: dict[str, Anchor] = field(default_factory=dict)
    numbers: dict[str, Anchor] = field(default_factory=dict)
    quotes: list[tuple[Anchor, list[tuple[str, ...]]]] = field(default_factory=list)
    skeletons: dict[str, Anchor] = field(default_factory=dict)  # consonant skeletons of the names
    lexicon: bool = True  # False: no dictionary for this language, only its own keys
    arabic_script: bool = False
    _packed: Packed | None = None
    _quote_bags: list[set[str]] | None = None

    @property
    def packed(self) -> Packed:
        if self._packed is None:
            self._packed = pack(self.paras)
        return self._packed

    @property
    def quote_bags(self) -> list[set[str]]:
        """The concept keys of each quotation, built once (a document is compared with several others)."""
        if self._quote_bags is None:
            self._quote_bags = [_bag(words) for _, words in self.quotes]
        return self._quote_bags

    @property
    def words(self) -> list[tuple[str, ...]]:
        return [w for p in self.paras for w in p]

    def index_keys(self) -> set[str]:
        """Language-neutral keys for candidate generation: names, numbers, translated words.

        The index ignores keys that became common, so what is left are the rare ones. Name
        skeletons are keys too, so that an Arabic-script page finds its Latin or Cyrillic original.
        """
        keys = {"n:" + k for k in self.names}
        keys.update("s:" + k for k in self.skeletons)
        keys.update(k for k in self.numbers if len(k) > 2)
        keys.update("c:" + c for w in self.words for c in w[:2] if not c.startswith(("#", "@")) and len(c) >= 4)
        return keys


def _sentence_initial(text: str, start: int, para_start: int) -> bool:
    before = text[para_start:start].rstrip(" \t\"„“«‚'(")
    return not before or before[-1] in ".!?:\n"


def _bag(words: list[tuple[str, ...]]) -> set[str]:
    return {c for w in words for c in w}


def _lookup(word: str, lang: str) -> tuple[str, ...]:
    if lang == "de":
        return german_concepts(word)
    if lang == "ru":
        return russian_concepts(word) or concepts(word, "ru")
    if lang == "en":
        return ()
    return concepts(word, lang)


def _cognate_key(lang: str):
    """The stem of a word as a short transliteration key (``~voen``), for languages that have a
    stemmer (Russian, and the FreeDict languages with endings): related languages share stems
    their dictionaries do not connect (Bulgarian *военна*, Russian *военную*). English and German
    words have none; they meet every language through the dictionaries."""
    if lang == "ru":
        return lambda word: "~" + concept_key(ru_stem(word), "ru", 5) if len(word) >= 5 else None
    lex = lexicon(lang)
    if lex is None or not lex.stemmer.suffixes:
        return None
    def key(word: str) -> str | None:
        if len(word) < 5:
            return None
        shared = lex.cognate_form(word)  # "sanções", "sanciones" -> "sancion": one Latin suffix
        return "~" + concept_key(shared if shared else lex.stemmer.candidates(word)[-1], lang, 5)
    return key


def _unspaced(doc: CopyDoc, feats: XFeatures) -> XFeatures:
    """Chinese and Japanese: numbers (years, days of the month) and month keys only."""
    text = doc.text
    for p, (start, end) in enumerate(doc.paragraph_ranges()):
        words: list[tuple[str, ...]] = []
        for m in _ASCII_DIGITS.finditer(_ascii_digits(text[start:end])):
            key = "#" + m.group()
            feats.numbers.setdefault(key, Anchor(key, m.group(), start + m.start(), start + m.end()))
            words.append((key,))
        for m in _ZH_DATE.finditer(text, start, end):
            if m.group(2):
                words.append(("@m" + str(int(m.group(2))),))
        feats.paras[p] = words
    feats.paras = [p for p in feats.paras if p]
    return feats


def features(doc: CopyDoc) -> XFeatures | None:
    """Language-neutral features, or None for a document without a language."""
    lang = canonical_language(doc.language)
    if not lang:
        return None
    folded = lang not in ("de", "en", "ru")
    latin = lang in _LATIN_FOLD
    all_stop = stopwords()
    stop = all_stop.get(lang) or (all_stop.get("hr", frozenset()) if latin else frozenset())
    cal = calendar()
    text = doc.text
    ranges = doc.paragraph_ranges()
    feats = XFeatures(lang, [[] for _ in ranges], lexicon=has_lexicon(lang), arabic_script=lang in _CASELESS)
    if lang in _UNSPACED:
        feats.lexicon = False
        return _unspaced(doc, feats)
    quote_spans = [(m.start(), m.end()) for s, e in ranges for m in _QUOTE.finditer(text, s, e)]
    spaced: dict[int, int] = {}  # start -> end of a space-grouped number (Russian 1 100)
    if lang in _SPACED_LANGUAGES:
        spaced = {m.start(): m.end() for s, e in ranges for m in _SPACED_THOUSANDS.finditer(text, s, e)}
    inside_number = -1
    quote_words: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    caseless = feats.arabic_script
    cognate = _cognate_key(lang)
    q = 0
    tokens = doc.tokens
    for index, tok in enumerate(tokens):
        if tok.start < inside_number:  # a later group of a space-grouped number or a compound: counted
            continue
        word = tok.norm if lang != "ru" else tok.norm.replace("ё", "е")
        if folded:
            word = fold(word, latin)
        if index + 1 < len(tokens) and tokens[index + 1].start == tok.end + 1 and text[tok.end] == "-":
            after = tokens[index + 1]
            joined = word + "-" + (fold(after.norm, latin) if folded else after.norm)
            if joined in cal:  # a hyphenated calendar word (Portuguese "quarta-feira") is one word
                inside_number = after.end
                word = joined
        if tok.text[0].isdigit():
            if tok.start in spaced:
                inside_number = spaced[tok.start]
                whole = text[tok.start:inside_number]
                key = "#" + re.sub(r"\D", "", _ascii_digits(whole))
                feats.numbers.setdefault(key, Anchor(key, whole, tok.start, inside_number))
            else:
                key = number_key(tok.text)
                feats.numbers.setdefault(key, Anchor(key, tok.text, tok.start, tok.end))
            concepts_: tuple[str, ...] = (key,)
        elif word in cal:
            concepts_ = (cal[word],)
        elif word in stop or len(word) < 3:
            continue
        else:
            own = concept_key(tok.text, lang)
            concepts_ = _lookup(word, lang)
            is_name = (not concepts_ and len(word) >= 4) if caseless else (
                tok.text[0].isupper() and not concepts_ and not _sentence_initial(text, tok.start, ranges[tok.para][0]))
            if is_name and own:
                feats.names.setdefault(own, Anchor(own, tok.text, tok.start, tok.end))
                bones = skeleton(tok.text, lang)
                if len(bones) >= 3:
                    feats.skeletons.setdefault(bones, Anchor(bones, tok.text, tok.start, tok.end))
            if own and own not in concepts_:
                concepts_ = (*concepts_, own)
            if cognate is not None:
                root = cognate(word)
                if root:
                    concepts_ = (*concepts_, root)
            if not concepts_:
                continue
        feats.paras[tok.para].append(concepts_)
        while q < len(quote_spans) and quote_spans[q][1] <= tok.start:
            q += 1
        if q < len(quote_spans) and quote_spans[q][0] <= tok.start:
            quote_words[q].append(concepts_)
    for index, words in quote_words.items():
        if len(words) >= 3:
            s, e = quote_spans[index]
            feats.quotes.append((Anchor("q", text[s:e], s, e), words))
    feats.paras = [p for p in feats.paras if p]
    return feats
