"""A German frame whose cue closes it right before the comma that opens the content: "X, der …,
erklärte, …", "Der 39-Jährige gab jedoch an, …", "Außerdem ließ der Sprecher verlauten, dass …",
"Die Kanzlerin hat am Samstag auf einer Pressekonferenz angekündigt, … zu …".

Why a rule of its own: ``preposed`` reads the subject first and gives up on long subjects
(relative clauses, several appositions) and long middle fields; here the comma after the cue is the
anchor, so only the subject has to be found, before the finite verb or right after it. The content
must be a content clause (dass/ob), a Konjunktiv or a zu-infinitive, so a cue verb that merely ends a
clause ("…, sagte aber nichts weiter") is no frame.
"""

from __future__ import annotations

from quelle.statements.phrases import _NP_PREPOSITIONS, _PREPOSITIONS, _RELATIVE
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule

_CONTENT_HEADS = ("dass", "daß", "ob")
_LASSEN = ("ließ", "ließen", "lässt", "lassen")
_SEIN = ("sei", "seien", "ist", "sind", "war", "waren")  # "Sie sei davon ausgegangen, …"
_MAX_FRAME = 40
_PASSIVE_AUX = ("wurde", "wird", "wurden", "werden")
_IMPERSONAL_AUX = ("wurde", "wird", "war", "ist", "wurden", "waren", "werden")
_OBJECT_RELATIVE = ("den", "dem", "denen")  # "…, den die Zeitung zitiert, …" (a verb ends the clause)


@rule("comma-frame", 76, ("de",), framed=True)
def comma_frame(r: RuleReader, s: Sentence) -> list[Candidate]:
    """<subject …> <cue>, content / <adverbial> <verb> <subject> … <cue>, content."""
    t, a, end = r.t, s.a, s.end
    for c in range(a + 2, min(end - 2, a + _MAX_FRAME)):
        if t[c].text != "," or c in s.inside or c - 1 in s.inside:
            continue
        content = c + 1
        head = t[content].text.lower()
        if not (head in _CONTENT_HEADS or r._zu_infinitive(content, end) or r.konj(content, end, s.inside)):
            continue
        passive = _impersonal(r, a, c)
        agent = None
        if passive is None:
            passive, agent = _passive(r, a, c)
        if passive is not None:
            return [Candidate([(content, end)], "Indirect", cue=passive, speaker=agent, frame=[(a, content)],
                              medium="SW", rule="comma-frame")]
        got = cue_before(r, a, c, end, s.inside)
        if got is None:
            continue
        form, cue = got
        speaker = frame_subject(r, a, cue, c)
        if speaker is None:
            continue  # "…, den die Zeitung zitiert, kommentierte, …": a cue inside the subject's clause
        return [Candidate([(content, end)], "Indirect", cue=cue, speaker=speaker, frame=[(a, content)],
                          medium=form.medium, rule="comma-frame")]
    return []


def _passive(r: RuleReader, a: int, c: int) -> tuple[list[int] | None, tuple[int, int] | None]:
    """"Über Lautsprecher wurden die Anwohner gebeten, …", "Im Bericht wird von der Kommission gefordert, …":
    a passive speech act closing the clause before the content; the agent after "von" speaks."""
    t = r.t
    last = c - 1
    while last > a and (t[last].text.lower() in r.lex.cue_companions or t[last].text.lower() in r.lex.adverbs):
        last -= 1
    if t[last].text not in r.lex.reported_passive and not any(not f.finite for f in r.lex.cues.get(t[last].text, [])):
        return None, None
    aux = next((k for k in range(a, last) if t[k].text.lower() in _PASSIVE_AUX), None)
    if aux is None or any(t[k].text in (",", ";", ":") for k in range(aux, last)):
        return None, None
    agent = None
    von = next((k for k in range(aux + 1, last) if t[k].text in ("von", "vom")), None)
    if von is not None:
        got = r.np_forward(von + 1, last)
        if got > von + 1 and r._animate((von + 1, got)):
            agent = (von + 1, got)
    return [aux, last], agent


def _impersonal(r: RuleReader, a: int, c: int) -> list[int] | None:
    """"Zuvor war bekannt geworden, dass …", "Gestern war berichtet worden, dass …", "Es wurde bekannt,
    dass …": a clause of adverbs and a passive or "bekannt werden" verb group only, without a speaker."""
    t = r.t
    k = a
    while k < c and (t[k].text.lower() in r.lex.adverbs or t[k].text.lower() == "es" or r._adverb_like(k)) \
            and t[k].text.lower() not in _IMPERSONAL_AUX:
        k += 1
    if k >= c or t[k].text.lower() not in _IMPERSONAL_AUX:
        return None
    cue = [k] + ([k - 1] if k > a and t[k - 1].text.lower() == "es" else [])
    verb = False
    for x in range(k + 1, c):
        w = t[x].text
        if w in ("bekannt", "worden", "geworden") or (w.islower() and any(not f.finite for f in r.lex.cues.get(w, []))):
            cue.append(x)
            verb = verb or w == "bekannt" or w not in ("worden", "geworden")
        elif w.lower() not in r.lex.adverbs:
            return None
    return sorted(cue) if verb else None


def cue_before(r: RuleReader, a: int, c: int, end: int, inside: set[int]):
    """The cue whose last word stands right before the comma at c: its verb may stand further left
    ("gab … an", "hat … angekündigt", "ließ … verlauten")."""
    t = r.t
    last = c - 1
    while last > a and (t[last].text.lower() in r.lex.cue_companions or t[last].text.lower() in r.lex.adverbs
                        or (t[last].text.islower() and r._adverb_like(last))):
        last -= 1  # "wiesen darauf hin" reads "hin", "verlautete ursprünglich" reads "verlautete"
    for k in range(last, max(a, c - 14) - 1, -1):
        got = r.cue_at(k, c, inside)
        if got is None:
            continue
        form, cue = got
        if cue[-1] != last and not (len(cue) == 1 and k == last):
            continue
        if len(cue) == 1 and (not form.finite or t[k - 1].text.lower() not in r.lex.pronouns):
            lead = next((x for x in range(k - 1, max(a, k - 14) - 1, -1) if t[x].text.lower() in _LASSEN
                         and any(not f.finite for f in r.lex.cues[t[k].text.lower()])), None)
            if lead is None and not form.finite:
                lead = next((x for x in range(k - 1, max(a, k - 8) - 1, -1) if t[x].text.lower() in _SEIN), None)
            if lead is not None:
                cue = [lead, k]  # "ließ … verlauten", "sei davon ausgegangen"
            elif not form.finite:
                return None  # a bare participle or infinitive: no finite verb to anchor the clause
        return form, [x for x in cue if x < c]
    return None


def frame_subject(r: RuleReader, a: int, cue: list[int], c: int) -> tuple[int, int] | None:
    """The subject: the noun phrase before the finite verb (without a relative clause, with its
    appositions), or the phrase right after the verb when an adverbial stands first."""
    t = r.t
    verb = cue[0]
    k = a
    while k < verb and t[k].text.lower() in r.lex.adverbs:
        k += 1
    if k >= verb:
        return _after(r, verb, cue, c)
    w = t[k].text.lower()
    if (w in r.lex.pronouns or w == "man") and k + 1 == verb:
        return (k, verb)
    if w in _PREPOSITIONS or t[k].text[:1].isdigit() or w in ("den", "dem"):
        return _after(r, verb, cue, c)
    j = r.np_forward(k, verb)
    if j == k + 1 and r._adverb_like(k):
        return _after(r, verb, cue, c)
    if j <= k:
        return None
    while j < verb - 1 and t[j].text.lower() in _NP_PREPOSITIONS:
        nxt = r.np_forward(j + 1, verb)
        if nxt <= j + 1:
            break
        j = nxt  # "Brian Baptie von der britischen Erdbebenwarte"
    if j == verb or (j == verb - 1 and t[j].text == ","):
        return (k, j)  # (the noun phrase may already hold its apposition: "Kemal Bedri, Vorsitzender der …,")
    if t[j].text == "," and t[verb - 1].text != ",":
        return _apposed_name(r, k, j, verb)
    if t[j].text != "," or t[verb - 1].text != ",":
        return None
    nxt = t[j + 1].text.lower()
    if nxt in _RELATIVE or (nxt in _PREPOSITIONS and t[j + 2].text.lower() in _RELATIVE) \
            or (nxt in _OBJECT_RELATIVE and t[verb - 2].text.islower()):
        return (k, j)  # "Frank Sichau, der als Sprecher fungiert, erklärte": the relative clause is no part
    if r._apposition_at(j + 1, verb - 1) or (j + 1 in r.named) or r.np_forward(j + 1, verb - 1) == verb - 1:
        return (k, verb - 1)  # "Der Geschäftsführer von Ener1, Charles Gassenheimer, sagte"
    return None


def _apposed_name(r: RuleReader, k: int, j: int, verb: int) -> tuple[int, int] | None:
    """"Ein Sprecher der Polizei, Commander Randy Henderson sagte": a name apposed without its closing comma."""
    t = r.t
    if 1 <= verb - j - 1 <= 4 and all(t[x].text[:1].isupper() and t[x].text.isalpha() for x in range(j + 1, verb)) \
            and any(x in r.named for x in range(j + 1, verb)):
        return (k, verb)
    return None


def _after(r: RuleReader, verb: int, cue: list[int], c: int) -> tuple[int, int] | None:
    """"Außerdem ließ der Pressedienst des Ministeriums verlauten": the subject follows the verb."""
    stop = cue[1] if len(cue) > 1 else c
    if verb + 1 < stop and r.t[verb + 1].text in ("dieser", "diese"):
        return (verb + 1, verb + 2)  # "… sagte dieser, …"
    sp = r.speaker_after(verb + 1, stop)
    if sp is None or not r._animate(sp):
        t = r.t
        first = next((x for x in range(r.sent_start, verb) if t[x].text.lower() not in r.lex.adverbs), verb)
        if t[first].text.lower() == "aus" and r.np_forward(first + 1, verb) == verb > first + 1:
            return (first, verb)  # "Aus Militärkreisen verlautete, dass …": the circle speaks, with its "Aus"
        return None
    return sp
