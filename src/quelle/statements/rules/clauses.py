"""Content clauses after a main clause whose verb the cue lexicon does not list: "Die Polizei geht davon
aus, dass …", "Die WHO hält es für unwahrscheinlich, dass …", "Beide Regierungen legten Wert darauf,
dass …". Opinions, perceptions and intentions are reported speech in the dataset's sense when a
person or organisation holds them, so the subject must be one (a name, a role noun, "er"/"sie")."""

from __future__ import annotations

from quelle.statements.phrases import _PARTICLES
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule

_COMPLEMENTIZERS = ("dass", "daß")
_NOT_HOLDERS = ("es", "das", "dies", "man", "diese", "dieser")


@rule("dass-clause", 75, ("de",), framed=True)
def dass_clause(r: RuleReader, s: Sentence) -> list[Candidate]:
    """X <verb> (…), dass …: a person's or organisation's content clause with any verb."""
    t, a, end = r.t, s.a, s.end
    comma = next((k for k in range(a + 2, min(end - 2, a + 20)) if t[k].text == "," and k not in s.inside), None)
    if comma is None or t[comma + 1].text.lower() not in _COMPLEMENTIZERS:
        return []
    clause = r._clause_subject(a, comma)
    if clause is None:
        return []
    subj, verb = clause
    if subj[1] - subj[0] == 1 and t[subj[0]].text.lower() in _NOT_HOLDERS:
        return []
    if not r.person_like(subj) or verb in s.inside:
        return []
    cue = [verb]
    if t[comma - 1].text in _PARTICLES and comma - 1 > verb:
        cue.append(comma - 1)  # "geht davon aus"
    return [Candidate([(comma + 1, end)], "Indirect", cue=cue, speaker=subj, frame=[(a, comma + 1)],
                      rule="dass-clause")]
