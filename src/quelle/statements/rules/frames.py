"""Frames around unquoted content: after it (", sagte X", ", so X", ", wie X mitteilte"), before it
("X sagte, (dass) …", "X said (that) …"), "Wie X mitteilte, …", and frames inside a subordinate or
relative clause ("…, der betonte, er gehöre …")."""

from __future__ import annotations

from quelle.statements.lexicon import CueForm
from quelle.statements.phrases import _AUX, _AUX_ALL, _PREPOSITIONS, _RELATIVE, _SUBORDINATORS
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.english_clauses import _PHRASAL, finite_clause

_NP_FUNCTION = {"der", "die", "das", "des", "dem", "den", "von", "vom", "im", "in", "für", "aus", "und"}
_FRAME_SUBORDINATORS = ("nachdem", "als", "während", "weil", "obwohl")
_EN_AUXILIARIES = ("has", "have", "had", "is", "are", "was", "were", "will", "would", "been", "also", "already",
                   "previously", "reportedly", "publicly", "repeatedly", "earlier", "since", "not", "never")


def _with_auxiliaries(r: RuleReader, clause: int, cue_idx: list[int]) -> list[int]:
    """An English cue with the auxiliaries (and adverbs) before it: "has (also) said", "had been told"."""
    t = r.t
    lead = cue_idx[0]
    while lead - 1 > clause and t[lead - 1].text.lower() in _EN_AUXILIARIES:
        lead -= 1
    while lead < cue_idx[0] and t[lead].text.lower() not in _EN_AUXILIARIES[:10]:
        lead += 1  # the cue starts with an auxiliary, never with an adverb
    return [*range(lead, cue_idx[0]), *cue_idx]


@rule("postposed", 30, framed=True)
def postposed(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Content, sagte X [am Montag]. / Content, so X. / Content, X said."""
    return _postposed(r, s.a, s.b, s.end, s.inside)


@rule("preposed", 40, framed=True)
def preposed(r: RuleReader, s: Sentence) -> list[Candidate]:
    """X sagte, (dass) content. / Außerdem sagte X, content. / X said (that) content."""
    if r.de and r.t[s.a].text.lower() in ("denn", "und") and _wie_start(r, s.a) is not None:
        return []  # "Denn wie der Verband mitteilte, …" is the wie rule's (its cue keeps "wie")
    return _preposed(r, s.a, s.b, s.end, s.inside)


def _wie_start(r: RuleReader, a: int) -> int | None:
    """Where "Wie X mitteilte, …" opens: the first word, or after "Denn"/"Und" ("Denn wie X berichtete, …")."""
    t = r.t
    if t[a].text.lower() == "wie":
        return a
    if t[a].text.lower() in ("denn", "und") and a + 1 < len(t) and t[a + 1].text == "wie":
        return a + 1
    return None


@rule("wie", 50, framed=True)
def wie(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Wie X mitteilte, content. / As X said, content."""
    start = _wie_start(r, s.a) if r.de else s.a
    return _wie(r, start, s.b, s.end, s.inside) if start is not None else []


@rule("embedded", 70, ("de",), framed=True)
def embedded(r: RuleReader, s: Sentence) -> list[Candidate]:
    """A frame inside a subordinate or relative clause whose cue ends the clause (German, verb-final)."""
    return _embedded(r, s.a, s.b, s.end, s.inside)


def _postposed(r: RuleReader, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
    """Content, sagte X [am Montag]. / Content, so X. / Content, X said."""
    t = r.t
    if r.de and r.subject_with_clause(a, end):
        return []  # "Ulla Jelpke, die … gesorgt hatte, kritisierte …": a subject, not content
    for c in range(a + 3, end):
        if t[c - 1].text != "," or c in inside:
            continue
        if r.noun_phrase_only(a, c - 1) or (r.de and _verbless(r, a, c - 1)):
            continue  # "The striker, Ben Adeyemi, told …": a subject with its apposition, not content
        w = t[c].text.lower()
        if w in ("wie", "as") and c + 2 < end:
            # "…, wie er in einem Schreiben mitteilte."
            sp_end = r.np_forward(c + 1, end) if t[c + 1].text.lower() not in r.lex.pronouns else c + 2
            got = r.cue_at(end - 1, end, inside)
            if not r.de and sp_end > c + 1:
                got = r.cue_at(sp_end, end, inside)  # ", as health officials said yesterday."
                if got is None or not _frame_tail(r, got[1][-1] + 1, end):
                    got = None
            if got is not None and sp_end > c + 1:
                return [Candidate([(a, c - 1)], "Indirect", cue=[c, *got[1]] if r.de else got[1],
                                  speaker=(c + 1, sp_end), frame=[(c - 1, end)], medium=got[0].medium,
                                  rule="post-wie")]
        if r.de and w in _AUX and c + 2 < end:
            # "…, hatte Obama bei seinem Treffen gewarnt."
            got = r.cue_at(end - 1, end, inside)
            sp = r.speaker_after(c + 1, end)
            if got is not None and sp is not None:
                return [Candidate([(a, c - 1)], "Indirect", cue=[c, end - 1], speaker=sp,
                                  frame=[(c - 1, end)], medium=got[0].medium, rule="post-aux")]
        if r.de and w in r.lex.so_words:
            sp = r.speaker_after(c + 1, end)
            if sp is not None and (sp[1] >= end - 3 or t[sp[1]].text.lower() in _PREPOSITIONS
                                   or t[sp[1]].text.lower() in r.lex.attribution_before):
                return [Candidate([(a, c - 1)], "Indirect", cue=[c], speaker=sp, frame=[(c - 1, end)],
                                  medium="SW", rule="so")]
            continue
        got = r.cue_at(c, end, inside)
        if got is not None and not r.de and c + 1 < end and t[c + 1].text == "by":
            got = None  # "a new law, proposed by the government,": a participle before its agent
        if got is not None and got[0].finite:
            form, cue_idx = got
            after = cue_idx[-1] + 1 if len(cue_idx) == 2 and cue_idx[-1] == c + 1 else c + 1
            sp = r.speaker_after(after, end)
            if sp is None and len(cue_idx) == 2 and cue_idx[1] > c + 2 and cue_idx[1] >= end - 1:
                sp = (c + 1, cue_idx[1])  # ", teilte die zur Universität gehörende Institution mit"
            if sp is None:
                continue
            if not r.de and sp[1] - sp[0] == 1 and t[sp[0]].text.lower() in r.lex.pronouns \
                    and sp[1] < end and t[sp[1]].text[:1].isalpha() and t[sp[1]].text.lower() not in _PREPOSITIONS:
                continue  # "His rival, Claire Benson, said she would …": "she" opens the content, not a frame
            if not r.de or r.konj(a, c, inside) or not form.weak:
                return [Candidate([(a, c - 1)], "Indirect", cue=cue_idx, speaker=sp, frame=[(c - 1, end)],
                                  medium=form.medium, rule="post")]
        if not r.de:
            sp_end = r.np_forward(c, end) if w not in r.lex.pronouns else c + 1
            if sp_end > c and sp_end < end:
                got = r.cue_at(sp_end, end, inside)
                if got is not None and _frame_tail(r, got[1][-1] + 1, end):
                    return [Candidate([(a, c - 1)], "Indirect", cue=got[1], speaker=(c, sp_end),
                                      frame=[(c - 1, end)], medium=got[0].medium, rule="post-en")]
    return []

_EN_TAIL = frozenset(("in", "on", "at", "to", "after", "before", "for", "with", "from", "during", "by", "of",
                      "yesterday", "today", "tonight", "earlier", "later", "last", "this", "recently", "reporters",
                      "journalists", "him", "her", "them", "us", "me", "the", "a", "an", "in", "according", "while",
                      "as", "when", "adding", "saying", "and", "but", "via", "through", "over"))


def _frame_tail(r: RuleReader, k: int, end: int) -> bool:
    """What may follow an English postposed frame's verb: nothing, an addressee, a time or a prepositional
    phrase (", the minister said on Monday", ", police told reporters"), never an object ("…, Scotland
    confirmed H5N1 virus" is a headline clause, not a frame)."""
    if k >= end:
        return True
    w = r.t[k].text
    return w.lower() in _EN_TAIL or w in (",", ";", "(") or w.lower() in r.lex.adverbs or w.endswith("ly")


def _verbless(r: RuleReader, a: int, b: int) -> bool:
    """"Karl Brenner, Vorsitzender des Vereins, kritisierte …": words before a postposed frame with no
    lower-case word but articles and prepositions hold no verb, so they are a subject, not content."""
    return b - a <= 12 and all(not r.t[k].text.islower() or r.t[k].text in _NP_FUNCTION for k in range(a, b))


def _preposed(r: RuleReader, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
    """X sagte, (dass) content. / Außerdem sagte X, content. / X said (that) content."""
    t = r.t
    skip_to = a
    clause = a
    for k in range(a, min(end, a + 30)):
        if k in inside or k < skip_to:
            continue
        # the cue must come before the first comma, except after an apposition or a relative clause
        if t[k].text == "," and k > a and k - a <= 5 and ((t[k - 1].text[:1].isupper()
                                                           and r._apposition_at(k + 1, end))
                                                          or (not r.de and k + 1 < end
                                                              and (k + 1 in r.named
                                                                   or t[k + 1].text[:1].isupper()))):
            # (English: "The data protection commissioner, Felix Braun, said" — a name in apposition)
            # "Dolkun Isa, der Sekretär des Weltkongresses (,) sagte": skip the apposition
            for x in range(k + 2, min(end, k + 14)):
                if x in inside:
                    continue
                if r.cue_at(x, end, inside) is not None:
                    break  # the apposition runs up to the verb: keep reading
                if t[x].text == ",":
                    skip_to = x + 1
                    break
            continue
        if not r.de and t[k].text == "," and clause == a and k - a <= 8 and skip_to == a \
                and (t[a].text.lower() in _PREPOSITIONS or t[a].text.lower() in r.lex.adverbs):
            clause = k + 1  # "On Monday, the ministry said …": a fronted adverbial
            continue
        if r.de and t[k].text == "," and clause == a and skip_to == a and k - a <= 8:
            j = r.np_forward(a, end)
            if k < j < end and t[j].text == ",":
                skip_to = j + 1  # "Der Präsident des Verbands, Paul Brenner, sagte …": a name in apposition
                continue
        if t[k].text in (",", ";") and k > a + 1 and not (k + 1 < end and r.lex.role_of(t[k + 1].text)):
            if k + 1 < end and t[k + 1].text.lower() in _RELATIVE:
                skip_to = next((x for x in range(k + 2, end) if t[x].text == "," and x not in inside), end)
                skip_to += 1
                continue
            if k + 2 < end and t[k + 1].text.lower() in ("die", "der", "das") and t[k + 2].text[:1].isupper() \
                    and clause == a:
                clause = k + 1  # a second main clause: "…, die Organisation bezweifelt aber, dass …"
                continue
            break
        if k - a >= 14 and skip_to == a:
            break
        got = r.cue_at(k, end, inside)
        if got is None:
            continue
        form, cue_idx = got
        if not r.de:
            cue_idx = _with_auxiliaries(r, clause, cue_idx)  # "BP has said that …", "officials have also denied"
        subj = r.subject_before(clause, cue_idx[0])
        if subj is None and not r.de:
            np_end = r.np_forward(clause, cue_idx[0])
            if clause < np_end < cue_idx[0] and t[np_end].text.lower() in ("who", "which"):
                subj = (clause, np_end)  # "The police who are investigating the case say …"
        sp_first = subj is not None
        if subj is None and len(cue_idx) == 2 and t[cue_idx[0]].text.lower() in _AUX_ALL:
            subj = r.speaker_after(cue_idx[0] + 1, cue_idx[1])  # "musste er betonen"
        if subj is None and k > a and t[k - 1].text == "und":
            first = r.np_forward(clause, k)
            if first > clause and t[first].text.islower():
                subj = (clause, first)  # "Podolski war anwesend und sagte, …"
                sp_first = True
        if subj is None and k > a:
            subj = r.speaker_after(k + 1, end)
        impersonal = subj is None and (
            (len(cue_idx) == 2 and t[cue_idx[0]].text.lower() in ("wurde", "wird", "wurden", "werden"))
            or (k > a and t[k - 1].text.lower() == "es") or (k + 1 < end and t[k + 1].text.lower() == "es"))
        if subj is None and not impersonal:
            continue
        if subj is None:
            subj = (cue_idx[-1] + 1, cue_idx[-1] + 1)
            sp_first = True
        if not r.de:
            got_en = _english_content(r, clause, k, end, b, cue_idx, subj, sp_first, form)
            if got_en:
                return got_en
            continue
        # the content starts after the comma that follows the cue (and its particle)
        last = max(cue_idx[-1], subj[1] - 1 if not sp_first else cue_idx[-1])
        c = last + 1
        while c < end and t[c].text not in (",", ":") and c - last < 12:
            if not r.de and t[c].text.lower() == "that":
                break
            c += 1
        if c >= end:
            if not r.de and t[last + 1].text.lower() not in r.lex.pronouns and last + 2 < end:
                c = last  # "X said talks were impossible": content right after the cue
            elif r.de and not form.finite and last + 2 < end and t[last].text == t[cue_idx[-1]].text \
                    and r._zu_infinitive(last + 1, end):
                c = last  # "Der Verband hat angekündigt die Preise zu erhöhen": no comma before the zu-infinitive
            else:
                continue
        content = c + 1
        if content >= end:
            continue
        head = t[content].text.lower()
        has_comp = head in r.lex.complementizers or r._zu_infinitive(content, end)
        if head in _SUBORDINATORS:
            continue  # "Der Brief wurde geschrieben, nachdem …": a time clause, not what was written
        colon_ok = t[c].text == ":" and not form.weak
        if r.de and not has_comp and not r.konj(content, end, inside) and (form.weak or t[c].text != ",") \
                and not colon_ok:
            continue
        if r.de and form.weak and not has_comp and not r.konj(content, end, inside):
            continue
        frame = [(clause, content)]
        if subj[0] == subj[1]:
            subj = None
        return [Candidate([(content, end)], "Indirect", cue=cue_idx, speaker=subj, frame=frame,
                          medium=form.medium, rule="pre")]
    return []

def _english_content(r: RuleReader, clause: int, k: int, end: int, b: int, cue_idx: list[int], subj: tuple[int, int],
                     sp_first: bool, form: CueForm) -> list[Candidate]:
    """English "X said (that) …", "X told reporters (on Monday) that …": the content runs from "that"
    (or the word after the cue and its object) to the end of the sentence, without the final stop (as the
    real English set and the German dataset mark it)."""
    t = r.t
    if not sp_first or subj[0] == subj[1]:
        return []
    while subj[1] - subj[0] > 1 and t[subj[0]].text.lower() in r.lex.adverbs:
        subj = (subj[0] + 1, subj[1])  # "However other reports state that …"
    if subj[1] - subj[0] == 1 and t[subj[0]].text.lower() in r.lex.not_speakers:
        return []  # "Please note: …" is an imperative, no speaker's frame
    c = cue_idx[-1] + 1
    addressee_end = c
    if t[k].text.lower() in ("told", "tells", "tell") and c < end:
        addressee_end = r.np_forward(c, end)
        if t[c].text.lower() in r.lex.pronouns or t[c].text.lower() in ("reporters", "journalists", "us"):
            addressee_end = c + 1
    j = addressee_end
    while j < end and j - addressee_end < 6 and t[j].text.lower() not in ("that", ",", ":"):
        j += 1  # "on Monday", "last month"
    if j < end and t[j].text.lower() == "that":
        content = j
    elif addressee_end < end and t[addressee_end].text in (",", ":"):
        content = addressee_end + 1
    else:
        content = addressee_end
    if content >= end or end - content < 3:
        return []
    if t[k].text.lower() in ("point", "points", "pointed") and t[k + 1].text.lower() != "out":
        return []  # "point" is a cue only as "point out"
    if form.weak and not t[k].text.lower().startswith("point") and t[k + 1].text.lower() in _PHRASAL:
        return []  # "has called in divers": a phrasal verb, no speech
    if t[k].text.lower() in r.lex.active_only_cues and any(
            t[x].text.lower() in ("is", "are", "was", "were", "been", "be") for x in cue_idx):
        return []  # "It has been agreed that …": a decision, not someone's words
    if content == addressee_end and t[content].text.lower() != "that" \
            and not finite_clause(r, content, end, set(), form.weak):
        return []  # "were called to his home", "a magnitude seven point one earthquake": no content clause
    return [Candidate([(content, end)], "Indirect", cue=cue_idx, speaker=subj, frame=[(clause, addressee_end)],
                      medium=form.medium, rule="pre-en")]

def _wie(r: RuleReader, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
    """Wie X mitteilte, content. / As X said, content."""
    t = r.t
    if t[a].text.lower() not in ("wie", "as"):
        return []
    for k in range(a + 2, min(end, a + 20)):
        if t[k].text == ",":
            got = r.cue_at(k - 1, end, inside) if k - 1 > a else None
            if got is None and k - 2 > a:
                got = r.cue_at(k - 2, end, inside)
            if got is None:
                continue  # "Wie die Premierministerin von Queensland, Anna Bligh, erklärte, …"
            form, cue_idx = got
            sp_end = r.np_forward(a + 1, cue_idx[0])
            sp = (a + 1, sp_end) if sp_end > a + 1 else None
            if k + 1 >= end:
                return []
            cue_wie = [a, *cue_idx] if r.de else cue_idx  # the dataset's German cue is "Wie … mitteilte"
            return [Candidate([(k + 1, end)], "Indirect", cue=cue_wie, speaker=sp, frame=[(a, k + 1)],
                              medium=form.medium, rule="wie")]
    return []

def _embedded(r: RuleReader, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
    """A frame inside a subordinate or relative clause whose cue ends the clause: "…, der vor dem
    Parlament betonte, er gehöre …", "Nachdem die Anwältin dem Richter mitgeteilt hatte, dass …",
    "…, bei dem sie gesagt hatte, sie habe …". Only German: the clause is verb-final."""
    if not r.de:
        return []
    t = r.t
    starts: list[tuple[int, tuple[int, int] | None]] = []  # (first word of the clause body, relative pronoun)
    if t[a].text.lower() in _FRAME_SUBORDINATORS:
        starts.append((a + 1, None))
    for k in range(a + 1, end - 2):
        if k in inside or t[k].text != ",":
            continue
        w, nxt = t[k + 1].text.lower(), t[k + 2].text
        if w in ("der", "die", "das") and t[k - 1].text[:1].isupper() and not nxt[:1].isupper():
            starts.append((k + 2, (k + 1, k + 2)))  # the relative pronoun speaks for its antecedent
        elif w in _PREPOSITIONS and nxt.lower() in ("dem", "der", "denen", "welchem", "welcher"):
            starts.append((k + 3, None))
        elif w in _FRAME_SUBORDINATORS:
            starts.append((k + 2, None))
    for body, rel in starts:
        c = next((x for x in range(body, end) if t[x].text == "," and x not in inside), None)
        if c is None or c - body < (1 if rel else 2) or c + 2 >= end:
            continue
        got = r.cue_at(c - 1, end, inside)
        if got is None and t[c - 1].text.lower() in _AUX_ALL:
            got = r.cue_at(c - 2, end, inside)
        if got is None:
            continue
        form, cue_idx = got
        if t[c - 1].text.lower() in _AUX_ALL and c - 1 not in cue_idx:
            cue_idx = [*cue_idx, c - 1]  # "mitgeteilt hatte"
        refers = None
        if rel is not None:
            subj = rel
            x = rel[0] - 1
            while x - 1 >= a and x - 1 in r.named and t[x - 1].text[:1].isupper():
                x -= 1
            refers = (x, rel[0] - 1) if x < rel[0] - 1 else None  # only a name before the pronoun resolves
        else:
            se = r.np_forward(body, cue_idx[0])
            if se == body and t[body].text.lower() in ("er", "sie"):
                se = body + 1
            if se == body or not r._animate((body, se)):
                continue
            subj = (body, se)
        content = c + 1
        fronted = body - 1 == a
        stop = end
        if fronted:  # "Nachdem X mitgeteilt hatte, dass …, hatte dieser …": the main clause follows
            stop = next((x for x in range(content + 1, end) if t[x].text == "," and x not in inside), end)
        has_comp = t[content].text.lower() in r.lex.complementizers or r._zu_infinitive(content, stop)
        if not has_comp and not r.konj(content, stop, inside, second=False):
            continue
        frame = [(a, content)] + ([(stop, b)] if stop < end else [])
        return [Candidate([(content, stop)], "Indirect", cue=cue_idx, speaker=subj, frame=frame,
                          medium=form.medium, rule="embedded", refers=refers)]
    return []
