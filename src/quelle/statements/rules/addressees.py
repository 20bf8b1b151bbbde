"""Whom a German statement was addressed to, from its cue verb: the object of "vorwerfen",
"auffordern", "aufrufen" ("warf der Regierung vor", "forderte die Stadt auf") and the dative after a
telling verb ("sagte der Süddeutschen Zeitung"). Why from the verb: the dataset marks an addressee
mostly for these verbs (vorwerfen and auffordern nearly always), so the object slot after the
finite verb, or after an inverted subject, is the place to look; the verb lists live in de.yaml.
"""

from __future__ import annotations

from quelle.statements.phrases import _PREPOSITIONS
from quelle.statements.rules.base import Candidate, RuleReader

_DATIVE = ("dem", "der", "den", "einem", "einer")
_DETERMINERS_AFTER = ("die", "der", "den", "alle")
_PASSIVE = ("wird", "wurde", "werden", "wurden")
_STOP = (",", ";", ":", ".", "(")
_SKIP = ("hierzu", "dazu", "damit", "nun", "heute", "gestern")


def addressee(r: RuleReader, cand: Candidate) -> tuple[int, int] | None:
    """The token range of the addressee phrase, or None."""
    if not r.de or not (r.lex.addressee_verbs or r.lex.telling_verbs):
        return None
    t = r.t
    verb, lemmas = _verb(r, cand)
    if verb is None:
        return None
    objects = lemmas & r.lex.addressee_verbs
    telling = lemmas & r.lex.telling_verbs
    if not objects and not telling:
        return None
    if objects and t[verb].text.lower() in _PASSIVE and cand.frame:
        return _passive(r, cand, verb)
    k = verb + 1
    if cand.speaker is not None and cand.speaker[0] == k:
        k = cand.speaker[1]  # "Am Montag warf der Minister der Regierung vor": after the inverted subject
    elif cand.speaker is None or cand.speaker[1] > verb:
        return None  # the subject must be known, or the object could be the subject
    while k < len(t) and (t[k].text.lower() in r.lex.adverbs or t[k].text.lower() in _SKIP):
        k += 1  # "sagte hierzu der Zeitung"
    if k >= len(t):
        return None
    stop = _stop(r, cand, k)
    if objects and t[k].text.lower() == "an" and k + 1 < stop:
        k += 1  # "appellierte an die Fluglinien"
    if not objects and t[k].text.lower() not in _DATIVE:
        return None
    end = r.np_forward(k, stop)
    if end <= k or t[k].text.lower() in r.lex.pronouns:
        return None
    if end + 1 < stop and t[end].text == "und" and t[end + 1].text[:1].isupper():
        end = max(end, r.np_forward(end + 1, stop))  # "forderten die Schüler und Lehrer auf"
    return (k, end)


def _verb(r: RuleReader, cand: Candidate) -> tuple[int | None, set[str]]:
    """The finite verb of the frame and the infinitives its cue words may stand for."""
    t = r.t
    words = [k for k in cand.cue if t[k].text.lower() != "wie"]
    if not words:
        if cand.type != "Reported" or cand.speaker is None:
            return None, set()
        k = cand.speaker[1]
        hit = r.lex.reported.get(t[k].text) if k < len(t) else None
        return (k, {hit[0]}) if hit else (None, set())
    lemmas: set[str] = set()
    present = {t[k].text for k in words}
    for k in words:
        for form in r.lex.cues.get(t[k].text.lower(), []):
            if form.particle is None or form.particle in present:
                lemmas.add(form.lemma)
        if t[k].text in r.lex.reported_passive:
            lemmas.add(r.lex.reported_passive[t[k].text])  # the participle of a passive: 'wurden gebeten'
    return words[0], lemmas


def _stop(r: RuleReader, cand: Candidate, k: int) -> int:
    """Where the object can end: the next punctuation, the cue's particle or the content."""
    t = r.t
    limits = [x for x in cand.cue if x > k]
    limits += [a for a, _ in cand.quote if a > k]
    stop = min(limits) if limits else len(t)
    return next((x for x in range(k, stop) if t[x].text in _STOP), stop)


def _passive(r: RuleReader, cand: Candidate, verb: int) -> tuple[int, int] | None:
    """"Ihm wird vorgeworfen, …", "Die Männer werden beschuldigt, …": the phrase before the passive
    auxiliary at the frame's start is the addressee."""
    t = r.t
    start = cand.frame[0][0]
    if t[start].text.lower() in _PREPOSITIONS and verb + 1 < len(t) and t[verb + 1].text.lower() in _DETERMINERS_AFTER:
        end = r.np_forward(verb + 1, len(t))  # "Über einen Dienst wurden die Anwohner gebeten, …"
        return (verb + 1, end) if end > verb + 1 else None
    if verb - start == 1 and t[start].text in ("Diese", "Dieser"):
        return (start, verb)
    if verb - start == 1 and t[start].text.lower() in ("ihm", "ihr", "ihnen", "er", "sie"):
        return (start, verb)
    end = r.np_forward(start, verb)
    return (start, end) if start < end == verb else None
