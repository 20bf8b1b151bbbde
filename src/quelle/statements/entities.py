"""Named entities by rule: persons, organisations, places and states, with all their mentions.

Why rules: no German NER ships offline. A person is a known first name (gender-guesser) or a
role noun ("Kremlsprecher", "Präsident") followed by capitalised words; later mentions of the
surname alone join that person. States, capitals and well-known organisations come from
places.yaml and pycountry; all-capital acronyms are organisations.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from quelle.statements.lexicon import Lexicon, common_noun, places
from quelle.statements.text import Token

# Capitalised words that look like first names to gender-guesser but rarely are in news.
_NOT_NAMES = {
    "am", "an", "in", "im", "so", "sie", "er", "es", "die", "der", "das", "den", "dem", "des", "ein", "eine", "und",
    "oder", "aber", "auch", "the", "a", "he", "she", "it", "we", "they", "i", "mit", "von", "zu", "bei", "nach",
    "vor", "laut", "wie", "als", "wenn", "dass", "ob", "man", "dies", "diese", "dieser", "nun", "noch", "dann",
    "april", "may", "june", "july", "august", "mai", "juni", "juli", "january", "march", "will", "mark", "art",
    "chance", "christian", "deutsch", "major", "general", "justice", "grace", "faith", "hope", "joy", "page", "rose",
    "gloria", "paris", "london", "berlin", "sydney", "florence", "china", "india", "jordan", "kim", "lee", "sam",
    "bill", "ben", "rob", "don", "guy", "van", "tag", "gott", "jesus", "ja", "nein", "neu", "alle", "viele",
    "ihr", "ihre", "sein", "seine", "unser", "euro", "dollar", "ende", "mitte", "anfang", "seit", "um", "für",
    "while", "after", "before", "on", "at", "by", "for", "from", "this", "that", "said", "says", "told",
    "according", "president", "minister", "york", "jersey", "delhi", "zealand", "orleans", "angeles", "francisco",
    "diego", "paulo", "lila", "dynamics",
}
# words kept out of first names above that are common surnames ("Martin Lee", "Jong-un Kim")
_SURNAMES_TOO = {"kim", "lee", "sam", "bill", "ben", "rob", "don", "guy", "grace", "rose", "page", "mark", "will",
                 "art", "christian", "jordan", "major", "chance", "hope"}
_LOWER_FUNCTION = {"von", "van", "de", "der", "den", "zu", "al", "el", "bin", "ibn", "da", "di", "du", "la", "le",
                   "ter", "ten", "dos", "do", "del"}


@lru_cache(maxsize=1)
def _gender_table() -> dict[str, str]:
    from quelle.prepared import gender_table

    return gender_table()  # gender_guesser's answers, prepared once (quelle.prepared)


@lru_cache(maxsize=65536)
def first_name_gender(word: str) -> str | None:
    """'m' or 'f' (or 'x' for unisex) when ``word`` is a known first name; None otherwise."""
    if "-" in word and word.count("-") == 1:
        # "Gerd-Jürgen", "Anna-Lena": both parts first names; the last part gives the gender
        first, last = (first_name_gender(part) for part in word.split("-"))
        return None if first is None or last is None else (last if last != "x" else first)
    if word.lower() in _NOT_NAMES or not word[:1].isupper() or len(word) < 2 or not word.isalpha():
        return None
    guess = _gender_table().get(word.lower(), "unknown")  # = Detector(case_sensitive=False).get_gender
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f", "andy": "x"}.get(guess)


@dataclass(slots=True)
class EMention:
    start_tok: int
    end_tok: int  # exclusive
    start: int
    end: int


@dataclass(slots=True)
class EntityInfo:
    kind: str  # person, organisation, place, state
    name: str
    gender: str = "x"
    number: str = "sg"
    surname: str | None = None
    state: str | None = None
    mentions: list[EMention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_classes: set[str] = field(default_factory=set)


def _cap(tok: Token) -> bool:
    t = tok.text
    return t[:1].isupper() and (t[:1].isalpha()) and len(t) > 1


def _strong(adjective: str, gender: str) -> str:
    """Weak or oblique adjective ending -> nominative strong form: 'stellvertretende' -> 'stellvertretender'."""
    if gender == "f":
        return adjective[:-1] if adjective.endswith("en") else adjective
    if adjective.endswith("en"):
        return adjective[:-1] + "r"
    if adjective.endswith("e"):
        return adjective + "r"
    return adjective


_NUMBER_ADJECTIVE = re.compile(r"\d+-[a-zäöüß]+$")  # "64-jährige": the number stays in the role


def role_phrase(tokens: list[Token], end_tok: int, lex: Lexicon, lower_bound: int) -> tuple[str, int, object] | None:
    """The role phrase ending at token ``end_tok - 1`` ("stellvertretende russische Außenminister").

    Returns (normalised role, first token index, Role) or None when the word before a name is no role noun.
    """
    if end_tok - 1 < lower_bound:
        return None
    head = tokens[end_tok - 1].text
    role = lex.role_of(head) if _cap(tokens[end_tok - 1]) or lex.language == "en" else None
    if role is None:
        return None
    k = end_tok - 1
    words = [head]
    while k - 1 >= lower_bound:
        prev = tokens[k - 1].text
        if lex.language == "de" and prev.endswith(("e", "en", "er", "es")) and len(prev) > 3 \
                and (_NUMBER_ADJECTIVE.match(prev) or (prev.islower() and prev.isalpha()
                                                      and prev not in lex.speaker_stop and prev not in lex.adverbs)):
            words.insert(0, _strong(prev, role.gender) if lex.language == "de" else prev)
            k -= 1
        elif _compound_or_en_modifier(prev, lex):
            words.insert(0, prev)
            k -= 1
        else:
            break
        if len(words) > 5:
            break
    return " ".join(words), k, role


def _compound_or_en_modifier(word: str, lex: Lexicon) -> bool:
    """A hyphen part ("Vize-") or, in English, a modifier before a role noun ("Russian Deputy Foreign")."""
    if word == "-" or (lex.language == "de" and word[:1].isupper() and word.endswith("-")):
        return True
    return lex.language == "en" and word.isalpha() and word.lower() not in lex.speaker_stop \
        and word.lower() not in ("the", "a", "an") and word.lower() not in lex.cues


def _name_part(tokens: list[Token], j: int, table: dict, lex: Lexicon, breaks: set[int]) -> bool:
    """Whether token j continues a person name (a capitalised word or a particle before one)."""
    t = tokens[j]
    if _cap(t) and t.text not in table and lex.role_of(t.text) is None \
            and (t.text.lower() not in _NOT_NAMES or t.text.lower() in _SURNAMES_TOO) \
            and t.start - tokens[j - 1].end <= 1 and not common_noun(t.text) \
            and not (j >= 2 and t.text.endswith("s") and _cap(tokens[j - 1]) and j + 1 < len(tokens)
                     and _cap(tokens[j + 1]) and common_noun(tokens[j + 1].text)):
        return True
    if t.text in ("der", "den", "la", "le", "del") and tokens[j - 1].text not in ("von", "van", "de"):
        return False  # "Mugabe der Vorbereitung": an article, not a particle
    if t.text in _LOWER_FUNCTION and tokens[j - 1].text not in _LOWER_FUNCTION \
            and (j < 2 or not first_name_gender(tokens[j - 1].text)):
        return False  # particles follow the first name directly: "Ursula von der Leyen", not "Kamanda von der …"
    if t.text in ("von", "van", "de") and j + 2 < len(tokens) and tokens[j + 1].text in ("der", "den", "la") \
            and _cap(tokens[j + 2]):
        return True  # "Ursula von der Leyen"
    return t.text in _LOWER_FUNCTION and j + 1 < len(tokens) and _cap(tokens[j + 1]) and j + 1 not in breaks \
        and not common_noun(tokens[j + 1].text) and tokens[j + 1].text not in table


def find_entities(tokens: list[Token], lex: Lexicon, breaks: set[int]) -> tuple[list[EntityInfo], dict[int, int]]:
    """Entities over the tokens of the clean text, and token index -> entity index for every mention token.

    ``breaks`` holds token indexes that start a paragraph (names never run across them).
    """
    table = places(lex.language)
    ents: list[EntityInfo] = []
    by_key: dict[tuple[str, str], int] = {}
    tok_ent: dict[int, int] = {}
    n = len(tokens)

    def add(kind: str, name: str, a: int, b: int, **extra) -> int:
        key = (kind, name)
        idx = by_key.get(key)
        if idx is None:
            idx = len(ents)
            by_key[key] = idx
            ents.append(EntityInfo(kind=kind, name=name, **extra))
        ents[idx].mentions.append(EMention(a, b, tokens[a].start, tokens[b - 1].end))
        for k in range(a, b):
            tok_ent[k] = idx
        return idx

    surnames: dict[str, int] = {}
    sorted_breaks = sorted(breaks)
    caps = [len(w) > 1 and w[:1].isupper() and w[:1].isalpha() for w in [t.text for t in tokens]]  # _cap, inlined
    i = 0
    while i < n:
        tok = tokens[i]
        if not caps[i] or i in tok_ent:
            i += 1
            continue
        # places, states, organisations (two-word forms first)
        two = tok.text + " " + tokens[i + 1].text if i + 1 < n and i + 1 not in breaks else None
        hit = table.get(two) if two else None
        width = 2
        if hit is None:
            width = 1
            hit = table.get(tok.text) or (table.get(tok.text[:-1]) if tok.text.endswith("s") else None)
        if hit is not None and not (hit.kind == "organisation" and tok.text in ("AP", "RT") and lex.language == "en"):
            add(hit.kind, hit.name, i, i + width, state=hit.state,
                number="pl" if hit.name == "USA" else "sg")
            i += width
            continue
        # persons
        gender = first_name_gender(tok.text)
        role = None
        lower = max(0, i - 8)
        at = bisect_right(sorted_breaks, i) - 1  # the last break at or before i (not a scan of all)
        if at >= 0 and sorted_breaks[at] > lower:
            lower = sorted_breaks[at]
        if gender is None:
            rp = role_phrase(tokens, i, lex, lower)
            if rp is not None and tok.text.lower() not in lex.speaker_stop and lex.role_of(tok.text) is None \
                    and tok.text.lower() not in _NOT_NAMES and not tok.text.isupper():
                role = rp
                gender = rp[2].gender if rp[2].gender != "x" else "x"
        if gender is not None:
            j = i + 1
            while j < n and j not in breaks and j - i < 5:
                if not _name_part(tokens, j, table, lex, breaks):
                    break
                j += 1
            while j > i + 1 and tokens[j - 1].text in _LOWER_FUNCTION:
                j -= 1  # a name never ends with a particle
            if j == i + 1 and role is None:
                # a lone first name: only a person when it is a known surname's bearer later; skip
                i += 1
                continue
            name = " ".join(t.text for t in tokens[i:j])
            surname = tokens[j - 1].text
            if surname not in surnames and surname.endswith("s") and surname[:-1] in surnames:
                surname = surname[:-1]  # genitive: "Obamas"
            if surname in surnames:
                idx = surnames[surname]
                if " " in name and " " not in ents[idx].name:
                    ents[idx].name = name  # "Enders" first, "Thomas Enders" later: keep the full name
                    by_key[("person", name)] = idx
                add("person", ents[idx].name, i, j)
            else:
                idx = add("person", name, i, j, gender=gender, surname=surname)
                surnames[surname] = idx
            if role is None:
                role = role_phrase(tokens, i, lex, lower)
            if role is None and i >= 2 and tokens[i - 1].text == ",":
                role = _role_before_comma(tokens, i - 1, lex, lower)
            if role is not None:
                _add_role(ents[idx], role[0], role[2])
                if ents[idx].gender == "x" and role[2].gender != "x":
                    ents[idx].gender = role[2].gender
            if j + 2 < n and tokens[j].text == "(" and tokens[j + 2].text == ")":
                hit = table.get(tokens[j + 1].text)
                if hit is not None and hit.kind == "state":
                    ents[idx].state = hit.name  # "Rafael Correa (Ecuador)": the state the person stands for
            apposition = _apposition_role(tokens, j, lex, breaks)
            if apposition is not None:
                _add_role(ents[idx], apposition[0], apposition[1])
            i = j
            continue
        base = tok.text if tok.text in surnames else tok.text[:-1] if tok.text[:-1] in surnames else None
        if base is not None:
            add("person", ents[surnames[base]].name, i, i + 1)
            i += 1
            continue
        if tok.text.isupper() and 2 <= len(tok.text) <= 6 and tok.text.isalpha():
            add("organisation", tok.text, i, i + 1)
        i += 1
    # surnames mentioned before the full name (headline, lede) join the person too
    for k, tok in enumerate(tokens):
        if tok.text in surnames and k not in tok_ent:
            add("person", ents[surnames[tok.text]].name, k, k + 1)
    for ent in ents:
        ent.mentions.sort(key=lambda m: m.start)
    return ents, tok_ent


def _role_before_comma(tokens: list[Token], comma: int, lex: Lexicon, lower: int):
    """"Die Bürgermeisterin von Nordstadt, Karla Wendel": the role noun of the phrase before the comma."""
    for k in range(comma - 1, max(lower - 1, comma - 7), -1):
        if tokens[k].text in (",", ".", ":", ";"):
            return None
        if _cap(tokens[k]) and lex.role_of(tokens[k].text) is not None:
            if k > lower and tokens[k - 1].text.lower() not in ("der", "die", "dem", "den", "des", "the", "ein",
                                                                 "eine", "einer") and not (
                    tokens[k - 1].text.islower() or k - 1 == lower):
                return None
            return role_phrase(tokens, k + 1, lex, lower)
    return None


def _add_role(ent: EntityInfo, role: str, info) -> None:
    if role not in ent.roles:
        ent.roles.append(role)
    ent.role_classes |= info.classes
    ent.role_classes.add(info.suffix)


def _apposition_role(tokens: list[Token], j: int, lex: Lexicon, breaks: set[int]):
    """", Sprecher der Polizei," after a name: the role noun (with its adjectives) right after the comma."""
    if j >= len(tokens) or tokens[j].text != ",":
        return None
    k = j + 1
    if k < len(tokens) and tokens[k].text.lower() in ("der", "die", "ein", "eine", "the", "a", "an"):
        k += 1
    words = []
    while k < len(tokens) and k - j < 6 and k not in breaks:
        t = tokens[k].text
        role = lex.role_of(t) if (t[:1].isupper() or lex.language == "en") else None
        if role is not None:
            words.append(t)
            return " ".join(words), role
        if t.isalpha() and (t.islower() or lex.language == "en"):
            words.append(t)
            k += 1
            continue
        break
    return None


_NAME_GLUE = ("of", "for", "and", "&", "de", "the", "on")


def proper_name(tokens: list[Token], a: int, b: int) -> str | None:
    """[a, b) as an English proper name: capitalised words (with "of", "for", "and" between them and an
    optional leading "The"), e.g. "The Associated Press" -> "Associated Press"; None for anything else."""
    if a < b and tokens[a].text.lower() == "the":
        a += 1
    words = [tokens[k].text for k in range(a, b)]
    if not 1 <= len(words) <= 6 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return None
    if any(not (w[:1].isupper() or w in _NAME_GLUE or w == ".") for w in words):
        return None
    return " ".join(words).replace(" .", ".")


def acronyms(tokens: list[Token]) -> dict[str, str]:
    """Acronyms an article spells out: "World Food Programme (WFP)" -> {"WFP": "World Food Programme"}."""
    out: dict[str, str] = {}
    for k in range(2, len(tokens) - 1):
        acr = tokens[k].text
        if tokens[k - 1].text != "(" or tokens[k + 1].text != ")" or not (acr.isupper() and 2 <= len(acr) <= 6):
            continue
        j = k - 1
        while j - 1 >= 0 and (tokens[j - 1].text[:1].isupper() or tokens[j - 1].text in _NAME_GLUE[:4]) \
                and k - 1 - j < 8:
            j -= 1
        while j < k - 1 and not (tokens[j].text[:1].isupper() and tokens[j].text[0] == acr[0]):
            j += 1  # "The Northport Harbour Board (NHB)": the name starts with the acronym's first letter
        words = [tokens[x].text for x in range(j, k - 1)]
        if len(words) >= 2:
            out.setdefault(acr, " ".join(words))
    return out
