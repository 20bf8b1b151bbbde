"""English "X said (that) …" read from the verb outwards: the verb group (auxiliaries and adverbs,
"has also denied", "is reporting", "made clear"), the addressee after it ("told reporters"), the content
("that …", a to-infinitive after "threatened", or a clause with a finite verb) and the subject before it,
which may be a long noun phrase with appositions, a relative clause or a bracket ("The deputy police chief
of Jersey, Lenny Harper, has stated that …"), or "who" after a name. Fronted adverbials ("However,", "In
Mumbai,") belong to the frame; a subordinate clause before the subject ("Although …, officials say …")
does not. Why a rule of its own: English subjects are read backwards from the verb, which the shared
preposed rule (built for German verb-second clauses) cannot do without growing for both languages."""

from __future__ import annotations

from quelle.statements.lexicon import CueForm
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule

_AUXILIARIES = ("has", "have", "had", "is", "are", "was", "were", "will", "would", "been", "be", "can", "could",
                "may", "might", "must", "should", "did", "does", "do", "not", "never")
_FINITE = frozenset(("is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may",
                     "might", "must", "should", "did", "does", "do", "shall"))
_IRREGULAR_PAST = frozenset(("blew", "went", "took", "made", "gave", "came", "found", "held", "left", "lost", "won",
                             "got", "began", "ran", "saw", "knew", "kept", "fell", "hit", "shot", "struck", "broke",
                             "brought", "built", "caught", "chose", "drove", "fled", "fought", "flew", "grew", "hid",
                             "led", "meant", "met", "paid", "put", "rose", "sent", "set", "sold", "spent", "stood",
                             "stole", "threw", "told", "understood", "wore", "wrote", "became", "did", "sank", "spread",
                             "cut", "hurt", "quit", "shut", "burst", "withdrew", "sought", "bought", "felt", "heard",
                             "spoke", "swore", "drew", "shook", "forgot"))
_BE = ("is", "are", "was", "were", "been", "be")
_SUBORDINATORS = frozenset(("although", "though", "while", "whilst", "because", "since", "if", "when", "after",
                            "before", "as", "once", "unless", "until", "whereas", "but", "and", "or", "so", "yet",
                            "that", "where", "even"))
_PREPOSITIONS = frozenset(("in", "on", "at", "after", "before", "during", "following", "despite", "for", "with",
                           "from", "by", "to", "of", "under", "over", "speaking", "according", "amid", "about",
                           "into", "within", "without", "since", "through", "as", "like", "than", "against"))
_DETERMINERS = frozenset(("the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "some",
                          "many", "several", "both", "all", "two", "three", "other", "most", "no"))
_RELATIVES = frozenset(("who", "which", "whose"))
_PRONOUNS = frozenset(("he", "she", "they", "we", "i", "it"))
_ADDRESSEES = frozenset(("reporters", "journalists", "us", "them", "him", "her", "me", "parliament", "congress"))
_OPENING_SUBORDINATORS = frozenset(("after", "when", "since", "because", "although", "though", "while", "before",
                                    "until", "once"))
_DAYS = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
                   "tonight"))
_PHRASAL = frozenset(("in", "off", "up", "out", "back", "down", "away"))
_CLOSE = frozenset((")", "]"))
_TAIL = frozenset(("edit", "[", "]"))


def _adverb(word: str, lex_adverbs: set[str]) -> bool:
    low = word.lower()
    return word.islower() and (low in lex_adverbs or (low.endswith("ly") and len(low) > 4)) \
        or low in ("today", "yesterday", "now", "also", "however", "initially", "meanwhile")


def content_end(r: RuleReader, a: int, end: int) -> int:
    """The end of content before a wiki's section link ("[ edit ]", "edit") or a clip length ("( 0 : 16 )")."""
    t = r.t
    e = end
    while e > a:
        w = t[e - 1].text
        if w.lower() in _TAIL:
            e -= 1
            continue
        if w == ")" and e - 5 >= a and t[e - 5].text == "(" and t[e - 3].text == ":":
            e -= 5
            continue
        break
    return e


@rule("speech-clause-en", 28, ("en",), framed=True)
def speech_clause_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Subject, cue verb (with auxiliaries), optional addressee, then "that …" or a finite clause."""
    t, a = r.t, s.a
    end = content_end(r, a, s.end)
    for k in range(a + 1, end - 1):
        if k in s.inside:
            continue
        got = _cue_here(r, k, end, s.inside)
        if got is None:
            continue
        form_medium, verb_end, weak = got
        lead = verb_group_start(r, a, k)
        if not t[k].text.endswith("ing") and any(t[x].text.lower() in _BE for x in range(lead, k)):
            passive = _passive(r, a, lead, k, verb_end, end, form_medium)
            if passive is not None:
                return [passive]
            continue
        content = _content(r, k, verb_end, end, s.inside, weak)
        if content is None:
            continue
        content_start, frame_end = content
        subj = clause_subject(r, a, lead, s.inside)
        if subj is None:
            continue
        frame_start, sp = subj
        cue = [x for x in range(lead, verb_end) if t[x].text.lower() in _AUXILIARIES[:12] or x >= k]
        refers = None
        if sp[1] - sp[0] == 1 and t[sp[0]].text.lower() in _RELATIVES:
            refers = _antecedent(r, a, sp[0])
        stop, second = _second_act(r, content_start, end, s.inside, sp, refers)
        if sp[0] - 1 >= a and t[sp[0] - 1].text.lower() in _OPENING_SUBORDINATORS:
            stop = _main_clause_comma(r, content_start, stop, s.inside)
            frame_start = sp[0]
        return [Candidate([(content_start, stop)], "Indirect", cue=cue, speaker=sp,
                          frame=[(frame_start, frame_end)], medium=form_medium, rule="speech-clause-en",
                          refers=refers), *second]
    return []


def _main_clause_comma(r: RuleReader, a: int, end: int, inside: set[int]) -> int:
    """Where a fronted subordinate clause's content ends: the last comma followed by a main clause
    (a subject and its finite verb within a few words: "…, a powerful bomb went off")."""
    t = r.t
    for c in range(end - 3, a, -1):
        if t[c].text != "," or c in inside:
            continue
        nxt = t[c + 1].text
        if not (nxt.lower() in _DETERMINERS or nxt[:1].isupper()):
            continue
        if any(_finite_word(t[x].text) or (t[x].text.islower() and t[x].text.endswith("ed"))
               for x in range(c + 2, min(end, c + 7))):
            return c
    return end


_SECOND_CUES = ("saying", "adding", "claiming", "stating", "insisting", "noting", "arguing", "warning", "explaining")


def _second_act(r: RuleReader, a: int, end: int, inside: set[int], sp: tuple[int, int],
                refers: tuple[int, int] | None) -> tuple[int, list[Candidate]]:
    """"X reported that …, claiming (that) …": the participle opens a second statement of the same speaker;
    the first content stops before its comma. Returns (end of the first content, the second statements)."""
    t = r.t
    for c in range(a + 2, end - 3):
        if t[c].text != "," or c in inside or t[c + 1].text.lower() not in _SECOND_CUES:
            continue
        start = c + 2
        if t[start].text.lower() == "that" or finite_clause(r, start, end, inside):
            return c, [Candidate([(start, end)], "Indirect", cue=[c + 1], speaker=sp, frame=[(c, start)],
                                 medium="Speech", rule="saying", refers=refers)]
    return end, []


def _passive(r: RuleReader, a: int, lead: int, k: int, verb_end: int, end: int, medium: str) -> Candidate | None:
    """"The device is thought (by police) to be …", "It has been confirmed that …": a passive cue; the
    agent after "by" is the speaker, the subject before the verb is not (it is what the content is about)."""
    t = r.t
    if not (t[k].text.endswith("ed") or t[k].text in ("thought", "said", "told", "written")):
        return None
    if t[k].text.lower() in r.lex.active_only_cues:
        return None  # "It has been agreed that …": a decision, not someone's words
    j, speaker = verb_end, None
    if j < end and t[j].text == "by":
        agent_end = r.np_forward(j + 1, end)
        if agent_end == j + 1 and t[j + 1].text.islower():
            agent_end = j + 2 if j + 2 < end and t[j + 2].text.lower() in r.lex.speaker_nouns else j + 1
        if agent_end > j + 1:
            speaker, j = (j + 1, agent_end), agent_end
    if j >= end:
        return None
    frame_start = lead - 1 if lead - 1 >= a and t[lead - 1].text in ("It", "it") else lead
    if t[j].text.lower() == "that" and frame_start < lead:
        pass  # "It has been confirmed that …"
    elif t[j].text.lower() != "to" or j + 2 >= end or not _infinitive(r, j + 1):
        return None
    cue = [x for x in range(lead, verb_end) if t[x].text.lower() in _AUXILIARIES[:12] or x >= k]
    return Candidate([(j, end)], "Indirect", cue=cue, speaker=speaker, frame=[(frame_start, j)], medium=medium,
                     rule="speech-clause-en")


def _infinitive(r: RuleReader, k: int) -> bool:
    """The word after "to" is a verb, not a noun phrase ("to bomb", "to have been", not "to his home")."""
    w = r.t[k].text
    return w.isalpha() and w.islower() and w not in _DETERMINERS and w not in ("his", "her", "my", "your", "our")


def _cue_here(r: RuleReader, k: int, end: int, inside: set[int]) -> tuple[str, int, bool] | None:
    """(medium, end of the verb, weak?) when a cue verb stands at k: a finite cue, "made clear", or an
    -ing form after "is/are/was/were" ("is reporting")."""
    t = r.t
    word = t[k].text
    low = word.lower()
    if not word.islower():
        return None
    if k + 1 < end and f"{low} {t[k + 1].text.lower()}" in r.lex.cue_phrases:
        return r.lex.cue_phrases[f"{low} {t[k + 1].text.lower()}"], k + 2, False
    if t[k - 1].text.lower() in ("the", "a", "an", "this", "its", "their", "his", "her", "of", "for", "in"):
        return None  # "the report", "secretary of state", "thousands of tweets": a noun
    if t[k - 1].text.lower() == "to" and not low.endswith("ing"):
        return None  # "refused to state that …", "declined to say": an infinitive, no speech act of its own
    if low.endswith("ing") and t[k - 1].text.lower() in _BE:
        base = low[:-3]
        for stem in (base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else base):
            forms = r.lex.cues.get(stem + "s") or r.lex.cues.get(stem + "ed") or r.lex.cues.get(stem + "d")
            if forms:
                return forms[0].medium, k + 1, forms[0].weak
        return None
    forms: list[CueForm] | None = r.lex.cues.get(low)
    if forms and forms[0].weak and k + 1 < end and t[k + 1].text.lower() in _PHRASAL and not low.startswith("point"):
        return None  # "has called in special police", "called off the search": a phrasal verb, no speech
    if not forms:
        if low in r.lex.to_cues and k + 1 < end and t[k + 1].text == "to":
            return "SW", k + 1, False  # "threatened to bomb", "has confessed to stealing"
        return None
    return forms[0].medium, k + 1, forms[0].weak


def verb_group_start(r: RuleReader, a: int, k: int) -> int:
    """First word of "has (also) said", "had initially feared", "is reporting"."""
    t = r.t
    lead = k
    while lead - 1 > a and (t[lead - 1].text.lower() in _AUXILIARIES or _adverb(t[lead - 1].text, r.lex.adverbs)):
        lead -= 1
    return lead


def _content(r: RuleReader, k: int, verb_end: int, end: int, inside: set[int], weak: bool
             ) -> tuple[int, int] | None:
    """(content start, frame end): "that …" within a few words after the verb (an addressee and a time
    phrase may stand between), a to-infinitive after a to-cue, or a clause with a finite verb."""
    t = r.t
    j = verb_end
    low = t[k].text.lower()
    if j < end and low in r.lex.object_cues:
        if t[j].text.lower() in _ADDRESSEES or t[j].text.lower() in r.lex.pronouns:
            j += 1
        else:
            nxt = r.np_forward(j, end)
            if nxt == j and t[j].text[:1].isupper():
                nxt = j + 1
            j = nxt
    elif j + 3 < end and (t[j].text.lower() in _DAYS or t[j].text.lower() == "on" and t[j + 1].text.lower() in _DAYS):
        j += 1 if t[j].text.lower() in _DAYS else 2  # "Officials said Tuesday the toll would stay"
    elif j + 2 < end and t[j].text == "to" and low not in r.lex.to_cues and not _infinitive(r, j + 1):
        nxt = r.np_forward(j + 1, end)  # "confirmed to the Associated Press the soldiers are …": an addressee
        nxt = next((x for x in range(j + 3, nxt) if t[x].text.lower() in _DETERMINERS), nxt)
        if nxt > j + 1 and nxt < end and t[nxt].text.lower() not in _PREPOSITIONS:
            j = nxt
    if j >= end or j in inside or t[j].text in (":", ",") and j + 1 < end and j + 1 in inside:
        return None  # X said: "…" is a quotation, read by the quotation rules
    for x in range(j, min(end, j + 12)):
        w = t[x].text.lower()
        if x in inside or w in (",", ";", ":") or (x > j and _finite_word(t[x].text)) \
                or (w in ("and", "but") and x + 1 < end and not t[x + 1].text[:1].isupper()):
            break  # "said two men had been arrested and that …": the content starts at the verb, not at "that"
        if w == "that" and x + 2 < end:
            return x, x
    if t[j].text.lower() == "to" and low in r.lex.to_cues and j + 2 < end and _infinitive(r, j + 1):
        return j, j
    if not finite_clause(r, j, end, inside, weak):
        return None
    return j, j


def _finite_word(word: str) -> bool:
    return word.lower() in _FINITE or word in _IRREGULAR_PAST


def finite_clause(r: RuleReader, j: int, end: int, inside: set[int], weak: bool = False) -> bool:
    """Content without "that" must be a clause: it does not open with a preposition or a conjunction
    ("called to his home", "confirmed as prime minister") and has a finite verb before its first comma."""
    t = r.t
    w = t[j].text.lower()
    if _quantity(r, j, end):
        w = ""  # "at least 12 people had been killed", "about half of the town": a number opens the subject
    if w in _PREPOSITIONS or w in ("that", "to", "by", "and", "or", "but", ",", ";", ":", "-", "–") \
            or t[j].text in r.lex.cues:
        return False
    if end - j < 3 or j in inside:
        return False
    if w in _PRONOUNS and t[j + 1].text.islower():
        return True  # "announced he wants …": a pronoun opens the clause
    stop = next((x for x in range(j, end) if t[x].text in (",", ";") or x in inside), end)
    return any(t[x].text.lower() in _FINITE or t[x].text in _IRREGULAR_PAST for x in range(j + 1, stop)) \
        or (not weak and any(t[x].text.islower() and t[x].text.endswith("ed") for x in range(j + 1, stop)))


_APPROXIMATE = frozenset(("about", "around", "over", "under", "nearly", "almost", "roughly", "some"))


def _quantity(r: RuleReader, j: int, end: int) -> bool:
    """"at least 12", "more than 200", "about half": a quantity, not a preposition opening an adjunct."""
    t = r.t
    if j + 2 >= end:
        return False
    pair = f"{t[j].text.lower()} {t[j + 1].text.lower()}"
    number = t[j + 2].text[:1].isdigit() or t[j + 2].text.lower() in ("half", "a", "one", "two", "three", "a")
    if pair in ("at least", "at most", "up to") and number:
        return True
    return t[j].text.lower() in _APPROXIMATE and (t[j + 1].text[:1].isdigit() or t[j + 1].text.lower() == "half")


def clause_subject(r: RuleReader, a: int, lead: int, inside: set[int]) -> tuple[int, tuple[int, int]] | None:
    """(frame start, speaker span) for the verb group starting at ``lead``: the earliest clause start
    (the sentence start, or after a comma) from which a speaker phrase runs up to the verb."""
    t = r.t
    starts = [a]
    for x in range(a, lead - 1):
        if t[x].text in (",", ";", "-", "–") and x not in inside:
            starts.append(x + 1)
            if x + 2 < lead and t[x + 1].text.lower() in ("and", "but", "while", "so"):
                starts.append(x + 2)  # ", and it criticized …": a new clause
    if a + 1 < lead and _adverb(t[a].text, r.lex.adverbs) and t[a + 1].text != ",":
        starts.insert(1, a + 1)  # "Initially the government reported …"
    opener = next((x for x in (a, a + 1) if x + 2 < lead and t[x].text.lower() in _OPENING_SUBORDINATORS), None)
    if opener is not None:
        starts.append(opener + 1)  # "Hours after the rebels threatened to …, a bomb went off"
    for s, first_verb in [*((x, False) for x in starts), *((x, True) for x in starts)]:
        if not first_verb:
            sp = _speaker_span(r, s, lead, inside)
        else:  # no clause start gave a speaker: "Pope X visited Cuba and urged …" -> the first verb's subject
            verb = next((x for x in range(s + 1, lead - 1) if x not in inside and _past_verb(r, x, lead)), None)
            sp = _speaker_span(r, s, verb, inside) if verb is not None else None
        if sp is None:
            continue
        frame_start = sp[0]
        if s > a and _fronted(r, a, s):
            frame_start = a  # "However, X said", "In Mumbai, X has confirmed"
        return frame_start, sp
    return None


def _fronted(r: RuleReader, a: int, s: int) -> bool:
    """[a, s) is a fronted adverbial: a preposition or an adverb opens it, no finite verb inside."""
    t = r.t
    first = t[a].text.lower()
    if not (first in _PREPOSITIONS or first in r.lex.adverbs or _adverb(t[a].text.lower(), r.lex.adverbs)
            or first in ("however", "also", "meanwhile", "initially")):
        return False
    if s - a > 12:
        return False
    return not any(t[x].text.lower() in _FINITE for x in range(a, s))


def _speaker_span(r: RuleReader, s: int, lead: int, inside: set[int]) -> tuple[int, int] | None:
    """[s, lead) as a speaker phrase (trailing commas and adverbs dropped), or None when it is not one."""
    t = r.t
    e = lead
    while e > s and (t[e - 1].text in (",", "-", "–") or _adverb(t[e - 1].text, r.lex.adverbs)):
        e -= 1
    if e - 3 > s and t[e - 1].text == "]" and t[e - 3].text == "[":
        e -= 3  # "North Korea [who] threatened": an editor's insertion, not part of the name
    cut = next((x for x in range(s + 1, e - 1) if t[x].text == "," and x not in inside
                and t[x + 1].text.islower() and t[x + 1].text.endswith("ing")), None)
    if cut is not None:
        e = cut  # "The mayor, speaking at a press conference, said": the participle belongs to the frame
    if e <= s or e - s > 30 or t[e - 1].text.lower() in ("and", "or", "of", "the", "a", "an"):
        return None
    first = t[s].text
    low = first.lower()
    if low in _RELATIVES:
        return (s, s + 1) if e == s + 1 else None
    if low in _SUBORDINATORS or low in _PREPOSITIONS or first in r.lex.adverbs or (s in inside):
        return None
    if _adverb(first, r.lex.adverbs) or low in ("however", "also", "meanwhile", "there", "this", "that"):
        return None
    if e - s == 1 and low in _PRONOUNS:
        return (s, e)
    head = False
    relative = depth = 0
    for x in range(s, e):
        w = t[x].text
        wl = w.lower()
        if x in inside:
            continue
        if w in ("(", "["):
            depth += 1
            continue
        if w in _CLOSE:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if wl in _RELATIVES and x > s:
            relative = 1
            continue
        if w == "," and relative:
            relative = 0
            continue
        if relative:
            continue
        if wl in _FINITE or wl in _PRONOUNS and x > s or wl in ("that", ";", ":") or wl in r.lex.complementizers:
            return None
        if x > s and _past_verb(r, x, e):
            return None  # "Pope X visited Cuba and urged …": a verb, the subject ends before it
        if w.islower() and (w in r.lex.cues and x > s and not w.endswith("ed") or w in _SUBORDINATORS - {"and"}):
            return None
        if wl in r.lex.not_speakers and e - s == 1:
            return None
        if (w[:1].isupper() and wl not in _DETERMINERS) or x in r.named or r.lex.role_of(w) \
                or wl in r.lex.speaker_nouns:
            head = True
    if not head:
        return None
    return (s, e)


_NAMING = frozenset(("named", "called", "known", "dubbed", "nicknamed", "aged", "based", "elected", "appointed",
                     "retired", "renowned", "so-called", "detained", "jailed", "exiled", "wanted"))


def _past_verb(r: RuleReader, x: int, e: int) -> bool:
    """A lower-case past-tense verb inside a would-be subject ("took", "visited"), not an adjective after a
    determiner ("the alleged leader") nor a participle before its agent ("a motion moved by X")."""
    t = r.t
    w = t[x].text
    if not w.islower() or t[x - 1].text.lower() in _DETERMINERS or t[x - 1].text in ("-", ",") \
            or t[x - 1].text.endswith("ly") or w in _NAMING:
        return False
    if x + 1 < len(t) and t[x + 1].text.lower() in ("by", "as", ","):
        return False
    return w in _IRREGULAR_PAST or (w.endswith("ed") and len(w) > 4 and x + 1 < e)


def _antecedent(r: RuleReader, a: int, who: int) -> tuple[int, int] | None:
    """The name before ", who": the speaker a relative pronoun stands for."""
    t = r.t
    x = who - 1
    if x < a or t[x].text != ",":
        return None
    b = x
    while x - 1 >= a and (x - 1 in r.named or t[x - 1].text[:1].isupper()):
        x -= 1
    return (x, b) if x < b else None
