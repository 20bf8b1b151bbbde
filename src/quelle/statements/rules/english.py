"""English reported speech without quotation marks that the shared frame rules do not read: speech acts
without their words ("China criticized the test", "He is calling for a referendum", "Police have reported
eleven injuries") and participle frames after a main clause (", saying (that) …")."""

from __future__ import annotations

from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.english_clauses import clause_subject, finite_clause, verb_group_start
from quelle.statements.rules.frames import _EN_AUXILIARIES

_CLAUSE_PRONOUNS = ("he", "she", "they", "it", "we", "i", "you", "there")
_OPENERS = ("the", "a", "an")
_PARTICIPLE_CUES = ("saying", "adding", "stating", "arguing", "claiming", "insisting", "confirming", "noting",
                    "warning", "explaining", "denying", "announcing")


_PARTICLES = ("in", "off", "up", "out", "back", "down")  # "called in the police" is no speech act
_NOT_ACTS = ("will", "would", "could", "may", "might", "should", "not", "never", "to")  # plans, negations


@rule("reported-en", 35, ("en",))
def reported_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Subject, (auxiliaries, adverbs,) speech-act verb and its object: the act is Reported. The subject may
    carry appositions ("X, the former minister, spoke of …") or open a later clause (", and it criticized
    …"); the act's span is its clause, up to ", and" / ", saying" / ";", or the sentence with its stop."""
    t, a, end = r.t, s.a, s.end
    if s.quotes:
        return []
    for k in range(a + 1, end - 1):
        word = t[k].text
        if word not in r.lex.reported:  # lower case only: "Warning" opening a sentence is no verb
            continue
        if t[k - 1].text.lower() in ("the", "a", "an", "of", "for", "news", "its", "their", "his", "her"):
            continue  # "news reports", "the warning": a noun
        lead = verb_group_start(r, a, k)
        if word.endswith("ing") and not any(t[x].text.lower() in ("is", "are", "was", "were") for x in range(lead, k)):
            continue  # a participle without "is"/"are": "the warning signs"
        group = [t[x].text.lower() for x in range(lead, k)]
        if any(w in _NOT_ACTS for w in group) or any(w in ("is", "are", "was", "were", "been", "be") for w in group) \
                and word.endswith("ed"):
            return []  # "will not call", "were reported", "is blamed": no act by the subject
        nxt = t[k + 1].text.lower()
        if word.endswith("ed") and nxt == "by":
            continue  # "a new law, proposed by the government,": a participle before its agent, no act
        if word.startswith("want") and nxt == "to":
            return []  # "the website wants to escape …": an intention, not "wants the council to …"
        if nxt in r.lex.complementizers or nxt in _CLAUSE_PRONOUNS or nxt in (",", ":") or nxt in _PARTICLES:
            return []  # "… denied that …", "… announced he would …": content, read by the frame rules
        got = clause_subject(r, a, lead, s.inside)
        if got is None:
            return []
        frame_start, subj = got
        if subj[1] - subj[0] == 1 and t[subj[0]].text.lower() in _OPENERS:
            return []
        before = [t[x].text.lower() for x in range(max(a, subj[0] - 2), subj[0])]
        clause = before[-1:] in ([","], [";"]) \
            or (len(before) == 2 and before[0] == "," and before[1] in ("and", "but"))
        first = subj[0] if subj[0] > a and clause else a  # ", and it criticized …": the act is that clause
        stop = next((x for x in range(k + 1, end) if t[x].text == ";" or (t[x].text == "," and x + 1 < end and (
            t[x + 1].text.lower() in ("and", "but", "while") or t[x + 1].text.lower() in _PARTICIPLE_CUES))), None)
        last = stop if stop is not None else (s.b if first == a else end)
        act = Candidate([(first, last)], "Reported", speaker=subj, medium="Speech", rule="reported-en")
        if stop is not None and t[stop].text == "," and t[stop + 1].text.lower() in _PARTICIPLE_CUES:
            return [act, *saying(r, s)]  # "X rejected the plan, saying …": the act, then its words
        return [act]
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
        if end - content < 3 or not (t[content].text.lower() == "that" or finite_clause(r, content, end, s.inside)):
            return []  # "…, claiming more than 200,000 lives": no clause, no statement
        return [Candidate([(content, end)], "Indirect", cue=[c + 1], speaker=subj, frame=[(c, content)],
                          medium="Speech", rule="saying")]
    return []
