"""English reported speech without quotation marks that the shared frame rules do not read: speech acts
without their words ("China criticized the test", "He is calling for a referendum", "Police have reported
eleven injuries") and participle frames after a main clause (", saying (that) …")."""

from __future__ import annotations

from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.frames import _EN_AUXILIARIES

_CLAUSE_PRONOUNS = ("he", "she", "they", "it", "we", "i", "you", "there")
_OPENERS = ("the", "a", "an")
_PARTICIPLE_CUES = ("saying", "adding", "stating", "arguing", "claiming", "insisting")


@rule("reported-en", 35, ("en",))
def reported_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Subject, (auxiliaries,) speech-act verb and its object: the whole sentence is the Reported act."""
    t, a, end = r.t, s.a, s.end
    if s.quotes or any(t[x].text.lower() in _PARTICIPLE_CUES and t[x - 1].text == "," for x in range(a + 1, end)):
        return []  # ", saying …" gives the act its words
    for k in range(a + 1, min(end - 1, a + 14)):
        word = t[k].text
        if word in (",", ";", ":"):
            return []
        if word not in r.lex.reported:  # lower case only: "Warning" opening a sentence is no verb
            continue
        lead = k
        while lead - 1 > a and t[lead - 1].text.lower() in _EN_AUXILIARIES:
            lead -= 1
        if word.endswith("ing") and lead == k:
            continue  # a participle without "is"/"are": "the warning signs"
        subj = r.subject_before(a, lead)
        if subj is None:
            return []
        if subj[1] - subj[0] == 1 and t[subj[0]].text.lower() in _OPENERS:
            return []
        nxt = t[k + 1].text.lower()
        if nxt in r.lex.complementizers or nxt in _CLAUSE_PRONOUNS or nxt in (",", ":"):
            return []  # "… denied that …", "… announced he would …": content, read by the frame rules
        return [Candidate([(a, s.b)], "Reported", speaker=subj, medium="Speech", rule="reported-en")]
    return []


@rule("saying", 65, ("en",), framed=True)
def saying(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"X denied the report, saying (that) …": the sentence's subject speaks the clause after "saying"."""
    t, a, end = r.t, s.a, s.end
    for c in range(a + 3, end - 2):
        if t[c].text != "," or c in s.inside or t[c + 1].text.lower() not in _PARTICIPLE_CUES:
            continue
        j = next((k for k in range(a + 1, c) if t[k].text.islower() and (
            t[k].text in _EN_AUXILIARIES or t[k].text in r.lex.reported or t[k].text in r.lex.cues
            or t[k].text.endswith("ed"))), None)
        if j is None or "," in [t[x].text for x in range(a, j)]:
            return []  # no subject phrase followed by its verb
        subj = (a, j)
        content = c + 2
        if end - content < 3:
            return []
        return [Candidate([(content, end)], "Indirect", cue=[c + 1], speaker=subj, frame=[(c, content)],
                          medium="Speech", rule="saying")]
    return []
