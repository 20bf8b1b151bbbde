"""Speaker resolution: from a speaker phrase to a named person, state or organisation.

Why this order: a phrase that contains a name is that person; a pronoun is the last compatible
person (gender, number) before it; a role noun ("der Diplomat", "der Kremlsprecher") is the
nearest person whose roles share a class with it, usually the last one before, but in the lede
(or when none comes before) the next one; a state or institution named in the phrase is the
speaker itself ("Russland behauptet").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from quelle.statements.entities import EMention, EntityInfo, acronyms, proper_name, role_phrase
from quelle.statements.lexicon import Lexicon, common_noun, places
from quelle.statements.text import Token


@dataclass(slots=True)
class Resolved:
    entity: int | None
    name: str | None
    role: str | None
    kind: str | None
    how: str | None


# possessive determiners that stand for their owner in attributions ("ihrer Meinung nach");
# "eigenen" refers back to the subject of its own sentence
_POSSESSIVE = {"ihrer": "sie", "ihren": "sie", "ihre": "sie", "ihrem": "sie", "seiner": "er", "seinen": "er",
               "seine": "er", "seinem": "er", "eigenen": "self", "eigener": "self", "his": "he", "her": "she"}


_ARTICLES = {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "einen", "the", "a", "an"}


def _gender_ok(want: str, have: str) -> bool:
    return want == "x" or have == "x" or want == have


class SpeakerResolver:
    def __init__(self, tokens: list[Token], entities: list[EntityInfo], tok_ent: dict[int, int], lex: Lexicon,
                 lede_end: int, sentence_starts: list[int] | None = None) -> None:
        self.t = tokens
        self.ents = entities
        self.tok_ent = tok_ent
        self.lex = lex
        self.lede_end = lede_end  # token index where the lede (first paragraph) ends
        self.starts = sentence_starts or [0]
        self.recent: list[tuple[int, int]] = []  # (token, entity) of person speakers resolved so far
        self._by_text: dict[str, list[int]] | None = None
        self._bounds: dict[int, tuple[int, list[int], list[int]]] = {}  # id(entity) -> (mentions, starts, ends)
        self._acronyms: dict[str, str] | None = None

    def remember(self, token: int, entity: int | None) -> None:
        """Note a resolved person speaker: pronouns prefer the one who spoke last."""
        if entity is not None and self.ents[entity].kind == "person":
            self.recent.append((token, entity))

    def _sentence_start(self, k: int) -> int:
        return self.starts[max(0, bisect_right(self.starts, k) - 1)]

    def resolve(self, a: int, b: int) -> Resolved:
        ids = [self.tok_ent[k] for k in range(a, b) if k in self.tok_ent]
        persons = [i for i in ids if self.ents[i].kind == "person"]
        if persons:
            ent = self.ents[persons[0]]
            first = min(k for k in range(a, b) if self.tok_ent.get(k) == persons[0])
            rp = role_phrase(self.t, first, self.lex, a)
            role = rp[0] if rp else (ent.roles[0] if ent.roles else None)
            text = self._text(a, b)
            how = "named" if " " in text or ent.name == text else "surname"
            if self.lex.language == "en" and " " not in ent.name:
                full = self._full_name(first, first + 1)  # "Brownback" named "Sam Brownback" elsewhere
                if full is not None and full.endswith(ent.name):
                    ent.name = full
            return Resolved(persons[0], ent.name, role, "person", how)
        words = [self.t[k].text for k in range(a, b)]
        named = self._name_part_match(a, b)
        if named is not None:
            ent = self.ents[named]
            return Resolved(named, ent.name, ent.roles[0] if ent.roles else None, "person", "surname")
        if len(words) == 2 and words[0].endswith("s") and words[1].lower().endswith(self.lex.nach_nouns):
            # "nach Celebis Angaben": the owner in the genitive is the speaker
            owner = words[0][:-1]
            hits = [i for i, e in enumerate(self.ents) if e.kind == "person" and e.name.split()[-1] == owner]
            if len(hits) == 1:
                ent = self.ents[hits[0]]
                return Resolved(hits[0], ent.name, ent.roles[0] if ent.roles else None, "person", "surname")
        comma = next((k for k in range(a, b) if self.t[k].text == ","), None)
        if comma is not None and comma > a and self._looks_like_name(a, comma):
            # "Dolkun Isa, der Sekretär des Weltkongresses": a name before its apposition
            name = " ".join(self.t[k].text for k in range(a, comma))
            idx = self._new_person(name, a, b)
            ent = self.ents[idx]
            return Resolved(idx, ent.name, ent.roles[0] if ent.roles else None, "person", "named")
        if comma is not None and comma + 1 < b:
            # "The striker, Ben Adeyemi": a name in apposition after the role
            stop = next((k for k in range(comma + 1, b) if self.t[k].text == ","), b)
            if self._looks_like_name(comma + 1, stop):
                name = " ".join(self.t[k].text for k in range(comma + 1, stop))
                idx = self._new_person(name, comma + 1, stop)
                return Resolved(idx, name, self._text(a, comma), "person", "named")
        possessive = _POSSESSIVE.get(words[0].lower()) if len(words) <= 3 else None
        if possessive is not None and possessive != "self":
            words = [possessive]  # "ihrer Meinung nach", "seinen Angaben zufolge": read as the pronoun
            b = a + 1
        if possessive == "self":
            start = self._sentence_start(a)
            found = self._nearest_person(a, lambda e: True, forward=False)
            if found is not None and any(m.start_tok >= start for m in self.ents[found].mentions if m.start_tok < a):
                ent = self.ents[found]
                return Resolved(found, ent.name, ent.roles[0] if ent.roles else None, "person", "pronoun")
        if b - a == 1 and words[0].lower() in self.lex.pronouns:
            gender, number = self.lex.pronouns[words[0].lower()]
            if words[0].lower() == "sie":
                gender = "f"  # singular reading first; plural "sie" rarely names one person
            if number == "pl" or words[0].lower() in ("ich", "i", "wir", "we", "it", "es"):
                return Resolved(None, None, None, None, None)
            def ok_pronoun(e: EntityInfo) -> bool:
                return _gender_ok(gender, e.gender)

            found = None
            start = self._sentence_start(a)
            if possessive is not None:
                # "Piltz schloss sich an: … sei ihrer Meinung nach …": a possessive refers back within its sentence
                near = self._nearest_person(a, ok_pronoun, forward=False)
                if near is not None and any(start <= m.start_tok < a for m in self.ents[near].mentions):
                    found = near
            subject = None if found is not None else self._previous_subject(start)
            if subject is not None and ok_pronoun(self.ents[subject]):
                found = subject  # the person the sentence before was about
            if found is None and self.recent and self.recent[-1][0] < a and ok_pronoun(self.ents[self.recent[-1][1]]) \
                    and a - self.recent[-1][0] < 120:
                found = self.recent[-1][1]
            if found is None:
                found = self._nearest_person(start, ok_pronoun, forward=False)
            if found is None:
                found = self._nearest_person(a, ok_pronoun, forward=False)
            if found is not None:
                ent = self.ents[found]
                return Resolved(found, ent.name, ent.roles[0] if ent.roles else None, "person", "pronoun")
            return Resolved(None, None, None, None, None)
        head = None
        for k in range(b - 1, a - 1, -1):
            if self.t[k].text[:1].isupper() or self.lex.language == "en":
                role = self.lex.role_of(self.t[k].text)
                if role is not None:
                    head = role
                    break
        if head is not None and head.number == "sg":
            classes = set(head.classes) | {head.suffix}

            def ok(e: EntityInfo) -> bool:
                return bool(e.role_classes & classes) and _gender_ok(head.gender, e.gender)

            adjectives = [self.t[k].text.lower()[:6] for k in range(a, b)
                          if self.t[k].text.islower() and len(self.t[k].text) > 5]
            found = None
            if adjectives:
                agreeing = [i for i, e in enumerate(self.ents) if e.kind == "person" and ok(e)
                            and any(adj in role.lower() for role in e.roles for adj in adjectives)]
                if len(agreeing) == 1:
                    found = agreeing[0]  # "der brasilianische Präsident": the one whose role says brasilianisch
                if found is None and "head" in classes:
                    # "der ecuadorianische Präsident" for "Rafael Correa (Ecuador)" in a list of leaders
                    by_state = [i for i, e in enumerate(self.ents) if e.kind == "person" and e.state
                                and _gender_ok(head.gender, e.gender)
                                and any(e.state.lower()[:5] == adj[:5] for adj in adjectives)]
                    if len(by_state) == 1:
                        found = by_state[0]
            if found is None and a < self.lede_end:
                found = self._nearest_person(b, ok, forward=True)
            if found is None:
                found = self._nearest_person(a, ok, forward=False)
            if found is None and a < self.lede_end + 200:
                found = self._nearest_person(b, ok, forward=True)
            if found is not None:
                ent = self.ents[found]
                return Resolved(found, ent.name, ent.roles[0] if ent.roles else None, "person", "role")
            h = next((k for k in range(b - 1, a - 1, -1) if self.lex.role_of(self.t[k].text) == head), b)
            if h + 1 < b and self._looks_like_name(h + 1, b):
                # "Die philippinische Präsidentin Gloria Arroyo": a name the entity finder did not know
                name = " ".join(self.t[k].text for k in range(h + 1, b))
                idx = self._new_person(name, h + 1, b)
                rp = role_phrase(self.t, h + 1, self.lex, a)
                return Resolved(idx, name, rp[0] if rp else self.t[h].text, "person", "named")
        others = [i for i in ids if self.ents[i].kind in ("state", "place", "organisation")]
        if others and head is None:
            ent = self.ents[others[0]]
            return Resolved(others[0], self._expanded(ent.name), None, ent.kind, "named")
        if not others:
            full = self._full_name(a, b)
            if full is not None:
                return Resolved(self._new_person(full, a, b), full, None, "person", "surname")
            if head is None and self._looks_like_name(a, b):
                name = " ".join(words)
                return Resolved(self._new_person(name, a, b), name, None, "person", "named")
        name = proper_name(self.t, a, b) if self.lex.language == "en" and head is None else None
        if name is not None:  # "The Associated Press", "Ford Motor Co.": a name the entity finder did not know
            # one word ("Zawahiri") is read as a person, so that a later "he" can refer to it
            kind = "person" if " " not in name and not name.isupper() else "organisation"
            name = self._expanded(name)
            return Resolved(self._new_entity(kind, name, a, b), name, None, kind, "named")
        return Resolved(None, None, None, None, None)

    def _new_entity(self, kind: str, name: str, a: int, b: int) -> int:
        idx = next((i for i, e in enumerate(self.ents) if e.kind == kind and e.name == name), None)
        if idx is None:
            idx = len(self.ents)
            self.ents.append(EntityInfo(kind=kind, name=name))
        self.ents[idx].mentions.append(EMention(a, b, self.t[a].start, self.t[b - 1].end))
        self.ents[idx].mentions.sort(key=lambda m: m.start)
        for k in range(a, b):
            self.tok_ent[k] = idx
        return idx

    def _expanded(self, name: str) -> str:
        """An acronym the article spells out ("the World Organization for Animal Health (OIE)"): the full name."""
        if self._acronyms is None:
            self._acronyms = acronyms(self.t)
        return self._acronyms.get(name, name)

    def _new_person(self, name: str, a: int, b: int) -> int:
        """A person found only as a speaker ("Dolkun Isa" with an unknown first name) joins the entities,
        so that later pronouns can refer to them."""
        idx = next((i for i, e in enumerate(self.ents) if e.kind == "person" and e.name == name), None)
        if idx is None:
            idx = len(self.ents)
            self.ents.append(EntityInfo(kind="person", name=name, surname=name.split()[-1]))
        end = a
        while end < b and self.t[end].text != ",":
            end += 1
        self.ents[idx].mentions.append(EMention(a, end, self.t[a].start, self.t[end - 1].end))
        for k in range(end, b):  # "Celebi, die Anwältin der Frau": the apposition gives the role
            role = self.lex.role_of(self.t[k].text) if self.t[k].text[:1].isupper() else None
            if role is not None:
                ent = self.ents[idx]
                ent.roles.append(self.t[k].text)
                ent.role_classes |= role.classes | {role.suffix}
                if ent.gender == "x":
                    ent.gender = role.gender
                break
        self.ents[idx].mentions.sort(key=lambda m: m.start)
        for k in range(a, end):
            self.tok_ent[k] = idx
        return idx

    def _previous_subject(self, start: int) -> int | None:
        """The person named at the start of the sentence before ``start`` (its likely subject)."""
        i = bisect_right(self.starts, start - 1) - 1
        if i < 0 or self.starts[i] >= start:
            return None
        for k in range(self.starts[i], min(start, self.starts[i] + 6)):
            idx = self.tok_ent.get(k)
            if idx is not None and self.ents[idx].kind == "person":
                return idx
            if self.t[k].text in (",", ":", ";"):
                break
        return None

    def _name_part_match(self, a: int, b: int) -> int | None:
        """A mention that is part of exactly one person's name ("Li" of "Li Fei", "Von der Leyen" of
        "Ursula von der Leyen"), up to an apposition comma."""
        end = a
        while end < b and self.t[end].text != ",":
            end += 1
        words = [self.t[k].text for k in range(a, end)]
        if not words or not words[0][:1].isupper() or words[0].lower() in self.lex.pronouns \
                or words[0].lower() in ("der", "die", "das", "the", "ein", "eine"):
            return None
        phrase = " ".join(words).lower()
        hits = set()
        for idx, ent in enumerate(self.ents):
            if ent.kind != "person":
                continue
            name = ent.name.lower()
            parts = name.split()
            if name.endswith(" " + phrase) or name.startswith(phrase + " ") or (len(words) == 1 and phrase in parts):
                hits.add(idx)
        return hits.pop() if len(hits) == 1 else None

    def _looks_like_name(self, a: int, b: int) -> bool:
        """Two or three capitalised words that are no known place, role or common noun ("Gülsen Celebi")."""
        words = [self.t[k].text for k in range(a, b)]
        if not 2 <= len(words) <= 3 or any(not w[:1].isupper() or not w.replace("-", "").isalpha() for w in words):
            return False
        table = places(self.lex.language)
        return not any(w in table or common_noun(w) or self.lex.role_of(w) or w.lower() in self.lex.adverbs
                       or w.lower() in _ARTICLES for w in words)

    def _full_name(self, a: int, b: int) -> str | None:
        """A bare capitalised surname ("Celebi") named in full elsewhere ("Gülsen Celebi"): that full name."""
        end = a
        while end < b and self.t[end].text != ",":
            end += 1  # "Celebi, die Anwältin der Frau": the name before the apposition
        words = [k for k in range(a, end) if self.t[k].text[:1].isupper()]
        if len(words) != 1 or end - a > 2 or self.t[words[0]].text.lower() in self.lex.pronouns:
            return None
        last = self.t[words[0]].text
        if self.lex.role_of(last) is not None or len(last) < 3:
            return None
        for k in self._positions().get(last, ()):  # the tokens spelt ``last``, in text order
            tok = self.t[k]
            if k == 0 or k == words[0]:
                continue
            prev = self.t[k - 1]
            if prev.text[:1].isupper() and prev.text.isalpha() and prev.end + 1 >= tok.start \
                    and self.lex.role_of(prev.text) is None and prev.text.lower() not in self.lex.adverbs \
                    and prev.text.lower() not in self.lex.speaker_stop and prev.text not in ("Der", "Die", "Das"):
                first = k - 1
                while self.lex.language == "en" and first - 1 > 0 and self._name_word(first - 1, first):
                    first -= 1  # "George W Bush": the whole name, not "W Bush"
                return " ".join(self.t[x].text for x in range(first, k + 1))
        return None

    def _name_word(self, k: int, nxt: int) -> bool:
        """The capitalised word at k continues a name that goes on at ``nxt`` (no role, article or adverb)."""
        w = self.t[k]
        return w.text[:1].isupper() and w.text.replace("-", "").isalpha() and w.end + 1 >= self.t[nxt].start \
            and self.lex.role_of(w.text) is None and w.text.lower() not in self.lex.adverbs \
            and w.text.lower() not in _ARTICLES and w.text not in self.lex.titles and k not in self.starts

    def _positions(self) -> dict[str, list[int]]:
        """Token text -> its indexes, built once (a look-up per call instead of a scan of all tokens)."""
        if self._by_text is None:
            self._by_text = {}
            for k, tok in enumerate(self.t):
                self._by_text.setdefault(tok.text, []).append(k)
        return self._by_text

    def _text(self, a: int, b: int) -> str:
        return " ".join(self.t[k].text for k in range(a, b))

    def _nearest_person(self, pos: int, ok, forward: bool) -> int | None:
        """The person accepted by ``ok`` with the mention nearest to ``pos`` (after it when ``forward``,
        else ending before it); ties go to the first entity. One binary search per person, not a scan
        of every mention."""
        best, best_dist = None, None
        for idx, ent in enumerate(self.ents):
            if ent.kind != "person" or not ok(ent):
                continue
            starts, ends = self._mention_bounds(ent)
            if forward:
                at = bisect_left(starts, pos)
                dist = starts[at] - pos if at < len(starts) else None
            else:
                at = bisect_right(ends, pos) - 1
                dist = pos - ends[at] if at >= 0 else None
            if dist is not None and (best_dist is None or dist < best_dist):
                best, best_dist = idx, dist
        return best

    def _mention_bounds(self, ent: EntityInfo) -> tuple[list[int], list[int]]:
        """Sorted start and end token indexes of ``ent``'s mentions, rebuilt when mentions were added."""
        cached = self._bounds.get(id(ent))
        if cached is None or cached[0] != len(ent.mentions):
            cached = (len(ent.mentions), sorted(m.start_tok for m in ent.mentions),
                      sorted(m.end_tok for m in ent.mentions))
            self._bounds[id(ent)] = cached
        return cached[1], cached[2]
