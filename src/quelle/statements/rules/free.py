"""Statements without a frame of their own: Konjunktiv sentences and reportative "soll … sein" that
continue a statement (free indirect speech), and speech acts reported without their words."""

from __future__ import annotations

from quelle.statements.phrases import _NOT_FREE
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.comma_frames import frame_subject


@rule("free-indirect", 90, ("de",))
def free_indirect(r: RuleReader, s: Sentence) -> list[Candidate]:
    """A sentence in Konjunktiv I (or II right after a statement) continues someone's speech."""
    t, a, prev = r.t, s.a, s.prev
    if not r.konj(a, s.end, s.inside, second=prev is not None and s.near_prev) \
            or t[a].text.lower() in _NOT_FREE or t[a].text.lower() in r.lex.complementizers:
        return []
    cand = Candidate([(a, s.b)], "IndirectFreeIndirect", medium=prev.medium if prev else None,
                     rule="free-indirect", inherit=prev is not None and s.near_prev)
    return [cand] + r.nested(cand, s.quotes)


@rule("reported", 100, ("de",))
def reported(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"Der Minister kritisierte die Entscheidung.": a speech act reported without its words."""
    if s.quotes:
        return []
    return _reported(r, s.a, s.b, s.end) or _reported_after_apposition(r, s.a, s.b, s.end)


@rule("reported-passive", 105, ("de",))
def reported_passive(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"Die Pläne wurden von der Ministerin als unrealistisch bezeichnet.": a speech act in the passive;
    the agent after "von" is the speaker (none when the sentence names no agent)."""
    if s.quotes:
        return []
    return _reported_passive(r, s.a, s.b, s.end)


@rule("reportative-sollen", 120, ("de",))
def reportative_sollen(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"X soll … gewesen sein" (or, right after a statement, "soll … sein"): reportative free indirect."""
    prev = s.prev
    if not (r.reportative(s.a, s.end, s.inside) or (s.near_prev and r.reportative(s.a, s.end, s.inside, True))):
        return []
    cand = Candidate([(s.a, s.b)], "FreeIndirect", medium=prev.medium if prev else "SW",
                     rule="reportative-sollen", inherit=prev is not None and s.near_prev)
    return [cand] + r.nested(cand, s.quotes)


def _reported(r: RuleReader, a: int, b: int, end: int) -> list[Candidate]:
    """"Der Minister kritisierte die Entscheidung.": a speech act reported without its words."""
    t = r.t
    k, limit, skip_to, subj_end = a, min(end, a + 10), a, a
    while k + 1 < limit:
        k += 1
        if k < skip_to:
            continue
        if t[k].text == "," and skip_to == a and k - a <= 3 and k + 2 < end \
                and t[k + 1].text.lower() in ("der", "die") and not t[k + 2].text[:1].isupper() \
                and all(t[x].text[:1].isupper() for x in range(a, k)):
            # "Celebi, die … vertritt und … zu tun hat, nennt …": skip the relative clause after the subject
            close = next((x for x in range(k + 2, min(end, k + 30)) if t[x].text == ","), None)
            if close is None:
                return []
            skip_to, subj_end = close + 1, k
            limit = min(end, close + 4)
            continue
        if t[k].text in (",", ";", ":") and not (k + 1 < end and r.lex.role_of(t[k + 1].text)):
            return []
        hit = r.lex.reported.get(t[k].text) if t[k].text.islower() else None
        if hit is None:
            continue
        if hit[1] and not any(t[x].text == hit[1] for x in range(k + 1, end)):
            continue
        subj = r.subject_before(a, k) if skip_to == a else ((a, subj_end) if k == skip_to else None)
        if subj is not None and skip_to == a and k + 1 < end and not r.person_like(subj):
            after = r.speaker_after(k + 1, end)
            if after is not None and r.person_like(after) and r._animate(after):
                subj = after  # "Eine Verschiebung bezeichnete Conze als fatal": a fronted object
        if subj is None and k - a <= 6 and k + 1 < end:
            after = _before_von(r, r.speaker_after(k + 1, end), hit[0])  # "Dabei bezeichnete er die Krise als …"
            if after is not None and (t[after[0]].text.lower() in ("er", "sie") or r.person_like(after)):
                subj = after
        if subj is None or not r._animate(subj):
            return []
        first = t[subj[0]].text
        if subj[1] - subj[0] == 1 and first.lower().endswith(("end", "erweise", "lich", "weise")):
            return []  # "Überraschend sprach sich …": an adverb, not a speaker
        if first in ("Des", "Im", "Am", "Zum", "Beim", "Ich", "Wir") or first.lower() in r.lex.adverbs:
            return []
        return [Candidate([(a, b)], "Reported", speaker=subj, medium="Speech", rule="reported")]
    return []


_VON_VERBS = ("sprechen", "berichten")  # "sprach X von …": the phrase after "von" is what was spoken of


def _before_von(r: RuleReader, span: tuple[int, int] | None, lemma: str) -> tuple[int, int] | None:
    """"In einem Interview sprach Angela Merkel von der Möglichkeit …": the speaker ends before "von"."""
    if span is None or lemma not in _VON_VERBS:
        return span
    cut = next((x for x in range(span[0] + 1, span[1]) if r.t[x].text in ("von", "vom")), span[1])
    return (span[0], cut)


_PASSIVE_AUX = ("wurde", "wurden", "wird", "werden")
_NOT_PASSIVE = ("verurteilen", "hinweisen", "vermuten", "schätzen", "einräumen", "bestätigen")


def _reported_passive(r: RuleReader, a: int, b: int, end: int) -> list[Candidate]:
    """A passive auxiliary, then a reported verb's participle closing the clause, no comma between."""
    t = r.t
    aux = next((k for k in range(a, min(end, a + 12)) if t[k].text.lower() in _PASSIVE_AUX), None)
    if aux is None:
        return []
    for k in range(aux + 1, end):
        w = t[k].text
        if w in (",", ";", ":"):
            return []
        if w not in r.lex.reported_passive or (k + 1 < end and t[k + 1].text not in (",", "worden")):
            continue
        if r.lex.reported_passive[w] in _NOT_PASSIVE or any(t[x].text in ("nicht", "kein", "keine")
                                                            for x in range(a, k)):
            return []  # a sentence, an estimate or a notice ("wurde verurteilt", "wird vermutet"), or a denial
        speaker = None
        for x in range(aux + 1, k):
            if t[x].text in ("von", "vom") and x + 1 < k:
                sp_end = r.np_forward(x + 1, k) if t[x].text == "von" else r.np_forward(x + 1, k)
                if t[x].text == "vom":
                    sp_end = r.np_forward(x + 1, k)
                    start = x + 1
                else:
                    start = x + 1
                if sp_end > start and r._animate((start, sp_end)):
                    speaker = (start, sp_end)
                    break
        return [Candidate([(a, b)], "Reported", speaker=speaker, medium="SW", rule="reported-passive")]
    return []


def _reported_after_apposition(r: RuleReader, a: int, b: int, end: int) -> list[Candidate]:
    """"Kemal Bedri, Vorsitzender der Wahlkommission, begründete …", "X, der …, kritisierte …": the speech
    act right after the comma that closes the subject's apposition or relative clause."""
    t = r.t
    commas = [k for k in range(a + 1, min(end, a + 30)) if t[k].text == ","]
    if len(commas) < 2:
        return []
    verb = commas[1] + 1
    hit = r.lex.reported.get(t[verb].text) if verb < end and t[verb].text.islower() else None
    if hit is None or (hit[1] and not any(t[x].text == hit[1] for x in range(verb + 1, end))):
        return []
    subj = frame_subject(r, a, [verb], end)
    if subj is None or subj[1] > commas[1] or not r._animate((subj[0], min(subj[1], commas[0]))):
        return []
    return [Candidate([(a, b)], "Reported", speaker=subj, medium="Speech", rule="reported")]
