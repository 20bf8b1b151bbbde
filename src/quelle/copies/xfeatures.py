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


def has_dictionary(lang: str | None) -> bool:
    """What ``features`` gives as ``XFeatures.lexicon`` for a canonical language, without
    ``has_lexicon``'s note on stderr (used for stored documents)."""
    if not lang or lang in _UNSPACED:
        return False
    return lang in ("de", "en", "ru") or lexicon(lang) is not None


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


_OPENERS = frozenset(" \t\"„“«‚'(")


def _sentence_initial(text: str, start: int, para_start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or its paragraph); scans back from the word,
    not from the paragraph's start (a long paragraph has many capitalised words)."""
    i = start - 1
    while i >= para_start and text[i] in _OPENERS:
        i -= 1
    return i < para_start or text[i] in ".!?:\n"


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


_DIGIT, _CAL, _SKIP, _WORD = range(4)
_MEMO_MAX = 200_000  # distinct words remembered per language (then the memory starts again)
_memos: dict[str, tuple[object, dict[str, tuple]]] = {}


def _memo(language: str, lang: str) -> dict[str, tuple]:
    """What a word's text gives in ``language`` without its context (see ``_word_info``), kept per
    process: a document repeats its words and a corpus its vocabulary, and the per-word look-ups
    (fold, dictionary with endings and compounds, transliteration keys) were most of the cost.
    Started again when the lexicon serving the language is another object (a test rebuilt it)."""
    lex = lexicon(lang)
    held = _memos.get(language)
    if held is None or held[0] is not lex or len(held[1]) > _MEMO_MAX:
        held = _memos[language] = (lex, {})
    return held[1]


def _word_info(text: str, norm: str, lang: str, folded: bool, latin: bool, cal: dict[str, str],
               stop: frozenset[str], cognate, caseless: bool) -> tuple:
    """One word's context-free part of ``features``: (kind, word, its form as a compound's second
    part, concepts, own key, may be a name, consonant skeleton)."""
    word = norm if lang != "ru" else norm.replace("ё", "е")
    part = norm
    if folded:
        word = part = fold(word, latin)
    if text[0].isdigit():
        return (_DIGIT, word, part)
    if word in cal:
        return (_CAL, word, part, (cal[word],))
    if word in stop or len(word) < 3:
        return (_SKIP, word, part)
    own = concept_key(text, lang)
    concepts_ = _lookup(word, lang)
    may_name = (not concepts_ and len(word) >= 4) if caseless else (text[0].isupper() and not concepts_)
    bones = skeleton(text, lang) if may_name and own else ""
    if own and own not in concepts_:
        concepts_ = (*concepts_, own)
    if cognate is not None:
        root = cognate(word)
        if root:
            concepts_ = (*concepts_, root)
    return (_WORD, word, part, concepts_, own, may_name, bones)


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
    memo = _memo(doc.language or lang, lang)
    q = 0
    tokens = doc.tokens
    last = len(tokens) - 1
    paras, names, skeletons, numbers = feats.paras, feats.names, feats.skeletons, feats.numbers
    n_quotes = len(quote_spans)
    for index, tok in enumerate(tokens):
        if tok.start < inside_number:  # a later group of a space-grouped number or a compound: counted
            continue
        info = memo.get(tok.text)
        if info is None:
            info = _word_info(tok.text, tok.norm, lang, folded, latin, cal, stop, cognate, caseless)
            if info[0] != _DIGIT:  # numbers are many and cheap: not remembered
                memo[tok.text] = info
        kind = info[0]
        if index < last and text[tok.end] == "-" and tokens[index + 1].start == tok.end + 1:
            after = tokens[index + 1]
            after_info = memo.get(after.text) or _word_info(after.text, after.norm, lang, folded, latin, cal, stop,
                                                            cognate, caseless)
            joined = info[1] + "-" + after_info[2]
            if joined in cal:  # a hyphenated calendar word (Portuguese "quarta-feira") is one word
                inside_number = after.end
                if kind != _DIGIT:
                    kind, info = _CAL, (_CAL, joined, joined, (cal[joined],))
        if kind == _DIGIT:
            if tok.start in spaced:
                inside_number = spaced[tok.start]
                whole = text[tok.start:inside_number]
                key = "#" + re.sub(r"\D", "", _ascii_digits(whole))
                numbers.setdefault(key, Anchor(key, whole, tok.start, inside_number))
            else:
                key = number_key(tok.text)
                numbers.setdefault(key, Anchor(key, tok.text, tok.start, tok.end))
            concepts_: tuple[str, ...] = (key,)
        elif kind == _CAL:
            concepts_ = info[3]
        elif kind == _SKIP:
            continue
        else:
            concepts_, own = info[3], info[4]
            if info[5] and own and (caseless or not _sentence_initial(text, tok.start, ranges[tok.para][0])):
                names.setdefault(own, Anchor(own, tok.text, tok.start, tok.end))
                bones = info[6]
                if len(bones) >= 3:
                    skeletons.setdefault(bones, Anchor(bones, tok.text, tok.start, tok.end))
            if not concepts_:
                continue
        paras[tok.para].append(concepts_)
        while q < n_quotes and quote_spans[q][1] <= tok.start:
            q += 1
        if q < n_quotes and quote_spans[q][0] <= tok.start:
            quote_words[q].append(concepts_)
    for index, words in quote_words.items():
        if len(words) >= 3:
            s, e = quote_spans[index]
            feats.quotes.append((Anchor("q", text[s:e], s, e), words))
    feats.paras = [p for p in feats.paras if p]
    return feats
