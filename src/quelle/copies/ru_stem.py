"""A light Russian stemmer, so that inflected forms (министра, заявил, российского) hit the lexicon.

It follows the published Snowball algorithm for Russian (M. Porter): the ending is stripped only
inside RV, the part of the word after its first vowel -- a perfective gerund, else a reflexive
ending and then an adjectival, verb or noun ending; then a final -и, a derivational -ост(ь) in R2
and -нн/-ейш/-ь. ё is folded to е first. Lexicon lemmas and text words go through the same
function, so a lemma and its inflected forms meet on one stem. Checked against the reference
implementation (snowballstemmer 3.1.1, not a dependency): the same stem for all 2,727 words of the
lexicon and the evaluation texts; tests/test_copies_ru.py keeps a sample of those answers.
"""

from __future__ import annotations

from functools import lru_cache

_VOWELS = frozenset("аеиоуыэюя")


def _by_length(*groups: str) -> tuple[str, ...]:
    return tuple(sorted({s for g in groups for s in g.split()}, key=len, reverse=True))


_GERUND_1 = _by_length("в вши вшись")  # after а or я
_GERUND_2 = _by_length("ив ивши ившись ыв ывши ывшись")
_REFLEXIVE = _by_length("ся сь")
_ADJECTIVE = _by_length("ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею")
_PARTICIPLE_1 = _by_length("ем нн вш ющ щ")  # after а or я
_PARTICIPLE_2 = _by_length("ивш ывш ующ")
_VERB_1 = _by_length("ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно")  # after а or я
_VERB_2 = _by_length("ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены "
                     "ить ыть ишь ую ю")
_NOUN = _by_length("а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь "
                   "ию ью ю ия ья я")
_SUPERLATIVE = _by_length("ейш ейше")
_DERIVATIONAL = _by_length("ост ость")


def _region_start(word: str, start: int) -> int:
    """Index after the first non-vowel that follows a vowel, from ``start`` (Snowball's R1/R2)."""
    i = start
    while i < len(word) and word[i] not in _VOWELS:
        i += 1
    i += 1
    while i < len(word) and word[i] in _VOWELS:
        i += 1
    return min(i + 1, len(word)) if i < len(word) else len(word)


def _strip(rv: str, plain: tuple[str, ...], after_a: tuple[str, ...] = ()) -> str | None:
    """``rv`` without the longest matching ending, or None; ``after_a`` endings need а/я before them."""
    best = None
    for suffix in after_a:
        if rv.endswith(suffix) and len(rv) > len(suffix) and rv[-len(suffix) - 1] in "ая":
            best = suffix
            break
    for suffix in plain:
        if rv.endswith(suffix) and (best is None or len(suffix) > len(best)):
            best = suffix
            break
    return None if best is None else rv[: -len(best)]


def _adjectival(rv: str) -> str | None:
    stem = _strip(rv, _ADJECTIVE)
    if stem is None:
        return None
    participle = _strip(stem, _PARTICIPLE_2, _PARTICIPLE_1)
    return stem if participle is None else participle


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a lower-case Russian word (ё folded to е); non-Cyrillic words come back unchanged."""
    word = word.casefold().replace("ё", "е")
    first_vowel = next((i for i, ch in enumerate(word) if ch in _VOWELS), None)
    if first_vowel is None:
        return word
    head, rv = word[: first_vowel + 1], word[first_vowel + 1:]
    # step 1
    gerund = _strip(rv, _GERUND_2, _GERUND_1)
    if gerund is not None:
        rv = gerund
    else:
        reflexive = _strip(rv, _REFLEXIVE)
        rv = rv if reflexive is None else reflexive
        for step in (_adjectival, lambda r: _strip(r, _VERB_2, _VERB_1), lambda r: _strip(r, _NOUN)):
            out = step(rv)
            if out is not None:
                rv = out
                break
    # step 2
    if rv.endswith("и"):
        rv = rv[:-1]
    # step 3: derivational ending inside R2
    r1 = _region_start(word, 0)
    r2 = _region_start(word, r1)
    cut = len(head) + len(rv)
    for suffix in _DERIVATIONAL:
        if rv.endswith(suffix) and cut - len(suffix) >= r2:
            rv = rv[: -len(suffix)]
            break
    # step 4
    if rv.endswith("нн"):
        rv = rv[:-1]
    else:
        sup = _strip(rv, _SUPERLATIVE)
        if sup is not None:
            rv = sup[:-1] if sup.endswith("нн") else sup
        elif rv.endswith("ь"):
            rv = rv[:-1]
    return head + rv


@lru_cache(maxsize=200_000)
def nominal_stem(word: str) -> str:
    """The word without a noun or adjective ending only (no verb step), inside RV.

    Snowball reads the final -л of *канал* as a past-tense verb ending (stem ``кана``) while
    *каналам* keeps ``канал``; looking a word up under this second stem as well catches such nouns.
    """
    word = word.casefold().replace("ё", "е")
    first_vowel = next((i for i, ch in enumerate(word) if ch in _VOWELS), None)
    if first_vowel is None:
        return word
    head, rv = word[: first_vowel + 1], word[first_vowel + 1:]
    out = _adjectival(rv)
    if out is None:
        out = _strip(rv, _NOUN)
    rv = rv if out is None else out
    if rv.endswith("и"):
        rv = rv[:-1]
    return head + rv


def lemma_keys(lemma: str) -> list[str]:
    """The keys a lexicon lemma is filed under: its stem, its nominal stem and, for a noun with a
    fleeting vowel (*конец* / *конца*, *звонок* / *звонка*), the stem without that vowel."""
    keys = [stem(lemma), nominal_stem(lemma)]
    base = lemma.casefold().replace("ё", "е")
    for tail in ("ец", "ок", "ек", "ёк"):
        if base.endswith(tail) and len(base) > 4:
            keys.append(base[:-2] + tail[-1])
    return list(dict.fromkeys(keys))
