"""Reading phrases in token space: cue verbs, Konjunktiv, noun phrases, subjects and speakers.

Why a module of its own: the sentence rules (rules.py) ask the same few questions again and again
("is this a cue verb here?", "where does this noun phrase end?", "who is the subject before the
verb?"); answering them in one place keeps each rule short and every answer consistent.
"""

from __future__ import annotations

import re

from quelle.statements.lexicon import CueForm, Lexicon
from quelle.statements.text import OPENING, Token

_DETERMINERS = {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "eines", "einem", "einen",
                "the", "a", "an", "sein", "seine", "seiner", "seinem", "ihr", "ihre", "ihrer", "ihrem",
                "his", "her", "their", "its", "mehrere", "zwei", "drei", "beide", "viele", "einige"}
_GENITIVE = {"der", "des", "eines", "einer", "von", "vom", "of", "the"}
_PUNCT_END = {".", "!", "?", "…", "..."}
_QUOTE_MARKS = set(OPENING) | set("“”‘’«»‹›")
_NOT_FREE = {"wenn", "falls", "ob", "sollte", "sollten", "als", "wäre", "hätte", "würde", "so", "damit", "um"}
_PREPOSITIONS = {"zum", "zur", "im", "am", "in", "an", "auf", "aus", "bei", "beim", "mit", "nach", "vor", "von", "vom",
                 "über", "unter", "gegen", "für", "um", "seit", "während", "wegen", "trotz", "dazu", "darauf", "dabei",
                 "hierzu", "gegenüber", "angesichts", "zudem", "ebenso", "on", "at", "to", "after", "before",
                 "for", "with", "from", "during", "asked", "speaking"}
_NP_PREPOSITIONS = {"ohne", "in", "aus", "von", "vom", "bei", "beim", "im", "für", "gegen", "of", "at", "from"}
_INDEFINITE = {"ein", "eine", "einer", "a", "an"}
_RELATIVE = {"der", "die", "das", "dessen", "deren", "welcher", "welche", "welches", "who", "which", "whose"}
_PARTICLES = ("ab", "an", "auf", "aus", "bei", "ein", "fest", "fort", "her", "hin", "los", "mit", "nach", "vor",
              "weg", "zurück", "zusammen", "hinzu", "bekannt", "dar", "durch", "um", "zu", "nieder")
_ZU_JOINED = tuple(p + "zu" for p in _PARTICLES)  # "abzuschalten": a cheap first test of the particles
_AUX = {"hat", "hatte", "hatten", "haben", "habe", "hätte", "hätten"}
_AUX_ALL = {"hat", "hatte", "haben", "hatten", "habe", "wurde", "wird", "has", "had", "have", "was", "musste",
            "müsse", "muss", "wollte", "will", "wolle", "konnte", "kann", "könne", "soll", "sollte", "möchte",
            "würde", "würden", "werde", "werden", "wollten", "mussten", "konnten", "sollten"}
_NUMBER_ADJ = re.compile(r"\d+-\w+$")  # "56-jährige"
_LOWER_NAME = re.compile(r"[a-z]+(?:-[a-z]+|\d+|\.[a-z]{2,3})$")  # "n-tv", "n24", "ndr.de" after a noun
_NUMBER_NOUN = re.compile(r"\d+-[A-ZÄÖÜ]\w+$")  # "der 39-Jährige": a nominalised number adjective
_OPINION_CUE = CueForm("der Meinung sein", None, True, "ST", False)
# prepositions that open a fronted adverbial ("Als Begründung gab X an", "Neben der Rekrutierung prangert X an")
_FRONTED = {"als", "neben", "bezüglich", "hinsichtlich", "außer", "statt", "anstatt", "aufgrund", "infolge",
            "innerhalb", "außerhalb", "entgegen", "ohne", "mittels", "anlässlich", "zwecks"}
_DEMONSTRATIVES = ("Diese", "Dieser", "Dieses")  # "Diese bestätigte, dass …": a pronoun subject
_SUBORDINATORS = {"nachdem", "obwohl", "obgleich", "während", "bevor", "seitdem", "indem", "ehe"}

class PhraseReader:
    """Phrase questions over the tokens of one article (the base of SentenceRules)."""

    def __init__(self, lex: Lexicon, tokens: list[Token]) -> None:
        self.lex = lex
        self.t = tokens
        self.de = lex.language == "de"
        self.sent_start = 0  # first token of the sentence being read
        self.named: set[int] = set()  # tokens inside entity mentions (names are never adverbs)
        # every rule asks for lower-case words again and again: each token's is computed once
        self.low = [tok.text.lower() for tok in tokens]
        # tokens where cue_at can find anything (a cue form, or the verb of "ist der Ansicht" /
        # "hält es für"): cue_at returns None at once everywhere else, as the checks below would
        cues, opinion, judgement = lex.cues, ("ist", "sind", "war", "waren", "sei", "seien"), lex.judgement_forms
        self.cue_possible = [w in cues or (self.de and (tok.text in opinion or tok.text in judgement))
                             for tok, w in zip(tokens, self.low, strict=True)]

    def cue_at(self, i: int, end: int, inside: set[int]) -> tuple[CueForm, list[int]] | None:
        """The cue verb at token i (with its separable particle before ``end``), or None."""
        if i >= end or i >= len(self.t) or not self.cue_possible[i]:
            return None
        tok = self.t[i]
        if self.de and tok.text in ("ist", "sind", "war", "waren", "sei", "seien") and i + 2 < end \
                and self.t[i + 1].text == "der" and self.t[i + 2].text in self.lex.opinion_nouns \
                and i + 2 not in inside:
            return _OPINION_CUE, [i, i + 1, i + 2]  # "X ist der Ansicht, dass …"
        if self.de and tok.text in self.lex.judgement_forms and i + 4 < end and self.t[i + 1].text == "es" \
                and i not in inside:
            f = i + 2
            while f < end - 2 and self.low[f] in self.lex.adverbs:
                f += 1
            if self.t[f].text == "für" and self.t[f + 1].text.islower() and self.t[f + 2].text == ",":
                return _OPINION_CUE, [i, i + 1, f, f + 1]  # "X hält es (jedoch) für möglich, dass …"
        if i in inside:
            return None
        forms = self.lex.cues.get(self.low[i])
        if not forms:
            return None
        if tok.text[:1].isupper() and (self.de or i > self.sent_start):
            return None  # a capitalised noun ("Angaben", "Sagen", "the United States"), not the verb
        if not self.de and i > 0 and self.low[i - 1] in ("the", "a", "an", "this", "that", "its", "their"):
            return None  # "the state transport ministry": a noun or adjective, not the verb
        best = None
        for form in forms:
            if form.particle:
                for k in range(i + 1, min(end, i + 25)):
                    if k in inside or self.t[k].text in (";", ":") or self.t[k].text in _PUNCT_END:
                        break
                    nxt = self.t[k + 1].text if k + 1 < len(self.t) else "."
                    if self.t[k].text == form.particle and (nxt in (",", ";", ":", "„", "\"", "(") or nxt in _PUNCT_END
                                                            or k + 1 >= end):
                        return form, [i, k]  # the particle closes its clause: "teilte … mit,"
                if i > self.sent_start and self.t[i - 1].text == form.particle:
                    return form, [i - 1, i]  # verb-final, written apart: "wie der Verband bekannt gab"
            elif best is None:
                best = form
        if best is None:
            return None
        cue = [i]
        participle = not best.finite or any(not f.finite for f in forms)
        if participle and i > 0:
            for k in range(i - 1, max(self.sent_start - 1, i - 12), -1):
                if self.low[k] in _AUX_ALL and k not in inside:
                    cue = [k, i]
                    break
                if self.t[k].text in (",", ";", ":") or k in inside:
                    break
        return best, cue

    def konj(self, a: int, b: int, inside: set[int], second: bool = True) -> bool:
        """True when the range holds a Konjunktiv I (or, with ``second``, II) verb form outside quotations."""
        low = self.low
        for k in range(a, b):
            if k in inside:
                continue
            w = low[k]
            if w in self.lex.konj1 and not self.t[k].text[:1].isupper() and not (
                    k > a and self.low[k - 1] in ("ich", "ihr")):
                return True
            if second and w in self.lex.konj2:
                return True
        return False

    def np_forward(self, i: int, end: int) -> int:
        """End of a noun phrase starting at i: det adj* Cap+ (genitive/von NP)* ; i when none."""
        t, k = self.t, i
        if k < end and self.low[k] in _DETERMINERS:
            k += 1
        while k < end and (t[k].text.islower() and t[k].text.replace("-", "").isalpha()
                           or (_NUMBER_ADJ.match(t[k].text) and not _NUMBER_NOUN.match(t[k].text))) \
                and t[k].text not in self.lex.speaker_stop and t[k].text not in _AUX_ALL \
                and t[k].text not in self.lex.konj1 and t[k].text not in self.lex.konj2 \
                and (not self.de or t[k].text.endswith(("e", "en", "er", "es"))) and not self._verb_like(k, i):
            k += 1
        start_caps = k
        if self.de and i < k < end - 2 and t[k].text in ("„", "»") and t[k + 1].text[:1].isupper():
            close = next((x for x in range(k + 2, min(end, k + 8)) if t[x].text in ("“", "«")), None)
            if close is not None:  # "Das „National Hurricane Centre“ der USA": a quoted name as the head
                k, start_caps = close + 1, -1
        while k < end and (t[k].text[:1].isupper() or (t[k].text[:1].isdigit() and k > start_caps)
                           or (k == start_caps and _NUMBER_NOUN.match(t[k].text))  # "Der 39-Jährige"
                           or (self.de and k > start_caps and _LOWER_NAME.match(t[k].text))  # "des Senders n-tv"
                           or (not self.de and k > start_caps and t[k].text.islower()
                               and self.lex.role_of(t[k].text) is not None and k + 1 < end
                               and (t[k + 1].text[:1].isupper() or self.lex.role_of(t[k + 1].text)))
                           or (not self.de and k > start_caps and t[k].text in ("'", "'s") and k + 1 < end
                               and t[k + 1].text.islower())) \
                and t[k].text not in _QUOTE_MARKS and (self.de or k == start_caps
                                                                   or self.low[k] not in self.lex.cues):
            k += 1
        if k == start_caps:
            if not self.de and k > i:
                return k
            return i
        if not self.de:  # "the Vostok news agency": common nouns after a name
            n = 0
            while k < end and n < 2 and t[k].text.islower() and t[k].text.isalpha() \
                    and t[k].text not in self.lex.speaker_stop and t[k].text not in self.lex.pronouns \
                    and not self._verb_like(k, i) and not t[k].text.endswith(("ly", "ed")) \
                    and t[k].text not in ("is", "are", "was", "were", "has", "have", "had", "would", "will"):
                k += 1
                n += 1
        while k < end and self.low[k] in _GENITIVE:
            j = k + 1
            if j < end and self.low[j] in _DETERMINERS:
                j += 1
            while j < end and t[j].text.islower() and t[j].text.replace("-", "").isalpha() \
                    and t[j].text.endswith(("e", "en", "er")) and t[j].text not in self.lex.speaker_stop:
                j += 1
            c = j
            while j < end and (t[j].text[:1].isupper() or t[j].text[:1].isdigit()
                               or (self.de and j > c and _LOWER_NAME.match(t[j].text))) \
                    and t[j].text not in _QUOTE_MARKS and (self.de or self.low[j] not in self.lex.cues):
                j += 1
            if j == c:
                break
            k = j
        # a genitive without article ("Schätzungen französischer Behörden") and a bracket ("(SPD)")
        if self.de and k + 1 < end and t[k].text.islower() and t[k].text.endswith("er") \
                and t[k + 1].text[:1].isupper() and t[k].text not in self.lex.speaker_stop:
            k += 2
        if k + 2 < end and t[k].text == "(" and t[k + 2].text == ")":
            k += 3
        # a name in quotation marks: "die Agentur „Interfax“"
        if k + 2 < end and t[k].text in ("„", "»", '"') and t[k + 1].text[:1].isupper():
            close = next((x for x in range(k + 1, min(end, k + 7)) if t[x].text in ("“", "«", '"')), None)
            if close is not None:
                k = close + 1
        # coordinated names: "Jan Giesel und David Perteck"
        if self.de and k + 2 < end and t[k].text == "und" and k > i and t[k - 1].text[:1].isupper() \
                and t[k + 1].text[:1].isupper() and t[k + 2].text[:1].isupper() \
                and self.low[k + 1] not in _DETERMINERS and k + 3 <= end:
            k += 3
        # a name in apposition: "der Fraktionschef der Grünen, Malte Rieger"
        if k + 2 < end + 1 and k < end and t[k].text == "," and k > i and self.lex.role_of(t[k - 1].text) is None:
            r = k + 1
            while r < end and t[r].text[:1].isupper() and t[r].text.isalpha() and r - k <= 4:
                r += 1
            if r - k >= 3 and (r >= end or t[r].text in (",", ".")) and any(
                    self.lex.role_of(t[x].text) for x in range(i, k)):
                return r
        # apposition: "Lothar Nicht, Ordnungsdezernent der Stadt Cottbus,"
        r = k + 2 if k + 2 < end and self.low[k + 1] in _DETERMINERS else k + 1
        while r < end and r - k < 5 and t[r].text.islower() and t[r].text.endswith(("e", "en", "er")):
            r += 1
        if k + 1 < end and r < end and t[k].text == "," and t[r].text[:1].isupper() and self.lex.role_of(t[r].text):
            j = self.np_forward(k + 1, end)
            if j > k + 1 and j < end and t[j].text == ",":
                k = j
        return k

    def _verb_like(self, k: int, start: int) -> bool:
        """Whether a lowercase word ends a noun phrase as a cue verb ("said", "sagte"); after an English
        article a base form is a noun or adjective ("the state transport ministry")."""
        w = self.t[k].text
        if w not in self.lex.cues:
            return False
        if self.de or k == start:
            return True
        return w.endswith("ed") or w in ("said", "says", "told", "tells", "wrote", "writes", "thought")

    def _adverb_like(self, k: int) -> bool:
        """A lone capitalised word at the start of a clause that reads as an adverb, not a name."""
        word = self.t[k].text
        low = word.lower()
        if k in self.named or self.lex.role_of(word) is not None:
            return False
        if low in self.lex.adverbs or low in ("dieser", "diese", "dies", "es", "das"):
            return True
        return low.endswith(("lich", "weise", "ig", "end", "ens", "mals", "wärtig")) \
            or (low.endswith("t") and low.startswith("be") and k == self.sent_start)

    def np_backward(self, i: int, start: int) -> int:
        """Start of a noun phrase ending just before i ("dem Zeugen" in "dem Zeugen zufolge")."""
        t, k = self.t, i
        while k - 1 >= start and (t[k - 1].text[:1].isupper() or self.low[k - 1] in _GENITIVE
                                  or (t[k - 1].text.islower() and t[k - 1].text.endswith(("e", "en", "er"))
                                      and t[k - 1].text not in self.lex.speaker_stop)):
            if self.de and t[k - 1].text.islower() and self.low[k - 1] not in _GENITIVE and k - 2 >= start \
                    and t[k - 2].text[:1].isupper() and self.low[k - 2] not in _DETERMINERS \
                    and not t[k - 1].text.endswith("er"):
                break  # "Am Samstag starben behördlichen Angaben zufolge": "starben" after "Samstag" is the verb
            k -= 1
            if self.low[k] in _DETERMINERS and self.low[k] not in ("der", "des", "von"):
                break
            if i - k > 8:
                break
        while k < i and self.low[k] in ("von", "vom", "der", "des") and k == start:
            k += 1
        return k

    def speaker_after(self, i: int, end: int) -> tuple[int, int] | None:
        """The speaker phrase right after a cue ("sagte der Diplomat am Montag" -> "der Diplomat")."""
        if i >= end:
            return None
        w = self.low[i]
        if self.de and w == "sich" and i + 1 < end:
            return self.speaker_after(i + 1, end)  # "äußerte sich der Präsident": the reflexive is no speaker
        if w in self.lex.pronouns:
            return (i, i + 1)
        if self.de and w in ("einen", "einem", "dem", "den"):
            return None  # an object, not the speaker: "haben einen Sieg prognostiziert"
        j = self.np_forward(i, end)
        if j > i:
            return (i, j)
        return None

    def subject_before(self, a: int, cue: int) -> tuple[int, int] | None:
        """The subject before a finite cue in second position ("Der Diplomat sagte")."""
        t = self.t
        k = a
        while k < cue and (self.low[k] in self.lex.adverbs or t[k].text in _QUOTE_MARKS):
            k += 1
        if k >= cue:
            return None
        w = self.low[k]
        if w in self.lex.pronouns and k + 1 == cue:
            return (k, cue)
        if t[k].text in ("Von", "Van", "De", "Da", "Al", "El") and k + 1 < cue and (
                t[k + 1].text in ("der", "den", "de", "la") or t[k + 1].text[:1].isupper()):
            j = k + 1
            while j < cue and (t[j].text in ("der", "den", "de", "la") or t[j].text[:1].isupper()):
                j += 1
            if j == cue:
                return (k, j)  # "Von der Leyen betonte"
        if w in _PREPOSITIONS or w in _FRONTED or w in self.lex.attribution_before or t[k].text[:1].isdigit() \
                or (w == "des" and k + 1 < cue and t[k + 1].text == "Weiteren"):
            return None  # a fronted adverbial ("Zum Rücktritt sagte X"): the subject follows the verb
        j = self.np_forward(k, cue)
        if k < j < cue - 2 and t[j].text == "," and (self.low[j + 1] in _DETERMINERS
                                                    or self.lex.role_of(t[j + 1].text)) \
                and self.np_forward(j + 1, cue) == cue:
            return (k, cue)  # "Dolkun Isa, der Sekretär des Weltkongresses der Uiguren sagte"
        if j == k + 1 and self._adverb_like(k) and not (k + 1 == cue and t[k].text in _DEMONSTRATIVES):
            return None  # "Unterdessen sagte …", "Besorgt äußerte sich …": the subject follows the verb
        if j > k and j < cue - 2 and t[j].text == "," and t[cue - 1].text == "," and cue - j <= 12 \
                and self.low[j + 1] not in _RELATIVE and w not in ("den", "dem") \
                and "," not in [t[x].text for x in range(j + 1, cue - 1)]:
            return (k, cue - 1)  # "The company, Northwind Data, said"
        while j > k and j < cue - 1 and self.low[j] in _NP_PREPOSITIONS:
            # "Ärzte ohne Grenzen", "der Reporter des Senders in Teheran": extend only if the cue follows
            nxt = self.np_forward(j + 1, cue)
            if nxt <= j + 1:
                break
            j = nxt
        if j == cue or (j > k and j < cue and all(t[x].text in (",",) or self.low[x] in self.lex.adverbs
                                                    for x in range(j, cue))):
            return (k, j)
        return None

    def _clause_subject(self, a: int, b: int) -> tuple[tuple[int, int], int] | None:
        """Subject and finite verb of a main clause [a, b): "Die Firma empfindet …" or "Hier sparte der Präsident …"."""
        t = self.t
        k = a
        while k < b and self.low[k] in self.lex.adverbs:
            k += 1
        if k >= b:
            return None
        if self.low[k] not in _PREPOSITIONS and t[k].text[:1].isupper():
            j = self.np_forward(k, b)
            if k < j < b and t[j].text.islower() and t[j].text.isalpha() and t[j].text not in _DETERMINERS:
                return (k, j), j
        # fronted adverbial: the verb is the first lowercase word after it, the subject follows the verb
        v = k + 1
        while v < b and not (t[v].text.islower() and t[v].text.isalpha() and t[v].text not in _DETERMINERS
                             and t[v].text not in _PREPOSITIONS):
            v += 1
        if v + 1 < b and v - k <= 4:
            j = self.np_forward(v + 1, b)
            if j > v + 1 and self.low[v + 1] in _DETERMINERS | self.lex.pronouns.keys():
                return (v + 1, j), v
            if self.low[v + 1] in self.lex.pronouns:
                return (v + 1, v + 2), v
        return None

    def _animate(self, span: tuple[int, int]) -> bool:
        """A speaker-like phrase: a pronoun, a role noun, or capitalised words that may be a name."""
        t = self.t
        words = [t[k].text for k in range(*span)]
        if len(words) == 1 and words[0].lower() in ("er", "sie"):
            return True
        if any(self.lex.role_of(w) for w in words if w[:1].isupper()):
            return True
        if self.de and self._institution(span):
            return True
        caps = [w for w in words if w[:1].isupper() and w.lower() not in _DETERMINERS]
        return len(caps) >= 1 and len(caps) == len([w for w in words if w.lower() not in _DETERMINERS]) \
            and len(caps) <= 4

    def _institution(self, span: tuple[int, int]) -> bool:
        """[det] adjective* Institution [genitive …]: "Die äthiopische Regierung", "der mexikanische Staat"."""
        t = self.t
        k = span[0] + 1 if t[span[0]].text.lower() in _DETERMINERS else span[0]
        while k < span[1] and t[k].text.islower() and t[k].text.endswith(("e", "en", "er", "es")):
            k += 1
        return k < span[1] and self.lex.institution(t[k].text)

    def _apposition_at(self, k: int, end: int) -> bool:
        """A role phrase opens at k: "der Sekretär", "ein früherer Sprecher", "Sprecher der Polizei"."""
        t = self.t
        if k >= end:
            return False
        j = k + 1 if self.low[k] in _DETERMINERS else k
        if not self.de:  # English role nouns are lower case: "head of the union", "the authority's director"
            if self.low[k] in _INDEFINITE and j < end and t[j].text[:1].isalpha():
                return True
            return any(self.lex.role_of(t[x].text) is not None for x in range(j, min(end, j + 4))
                       if t[x].text[:1].isalpha())
        while j < end and j - k < 4 and t[j].text.islower() and t[j].text.endswith(("e", "en", "er", "es")):
            j += 1
        if not (j < end and t[j].text[:1].isupper()):
            return False
        # an indefinite noun phrase after a name is an apposition even when its noun is no known role
        # ("John Kline, ein Repräsentant aus Minnesota, sagte"); a definite one may open a new clause
        return self.lex.role_of(t[j].text) is not None or (j > k and self.low[k] in _INDEFINITE)

    def _zu_infinitive(self, content: int, end: int) -> bool:
        """"…, den Strom abzuschalten" / "…, kein Visum zu erteilen": a zu-infinitive clause as content."""
        t = self.t
        if not self.de or end - content < 2:
            return False
        stop = next((k for k in range(content, end) if t[k].text in (",", ";")), end)
        for k in range(content, stop):
            word = t[k].text
            if word == "zu" and k + 1 < stop and t[k + 1].text.islower() and t[k + 1].text.endswith("en"):
                return True
            if word.islower() and word.endswith("en") and word.startswith(_ZU_JOINED) \
                    and any(word.startswith(p + "zu") and len(word) > len(p) + 4 for p in _PARTICLES):
                return True
        return False
