"""English frames that stand after or inside their content and win over a frame inside that content:
"Ortiz has said she will appeal, her lawyer said." (the lawyer speaks the whole clause; Ortiz's frame is
read inside it), "The decision, the mayor said, was final." (a parenthetical frame between two parts of
the content), and "X was quoted as saying …" (a passive whose subject is the speaker).

Why a module of its own: the clause rules read a sentence from its first cue, which here is the inner
speaker's; these rules look for the frame at the sentence end or between commas first."""

from __future__ import annotations

from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.english_clauses import clause_subject, content_end, speech_clause_en, verb_group_start

_TAIL_WORDS = frozenset(("on", "in", "at", "to", "yesterday", "today", "tonight", "earlier", "later", "last", "this",
                         "reporters", "journalists", "monday", "tuesday", "wednesday", "thursday", "friday",
                         "saturday", "sunday", "the", "a", "an", "him", "her", "them", "us", "during", "after"))


def _frame_after(r: RuleReader, c: int, end: int, inside: set[int]) -> tuple[tuple[int, int], list[int]] | None:
    """(speaker, cue) when [c, end) is a short frame "her lawyer said (on Monday)" or "said her lawyer"."""
    t = r.t
    if c >= end or end - c > 12 or any(x in inside for x in range(c, end)):
        return None
    got = r.cue_at(c, end, inside)
    if got is not None and t[c].text.islower() and c + 1 < end and t[c + 1].text != "by":  # "…, said Karla Wendel"
        sp_end = r.np_forward(c + 1, end)
        if sp_end > c + 1 and (sp_end >= end or t[sp_end].text == ","):
            return (c + 1, sp_end), got[1]
        return None
    pronoun = t[c].text.lower() in r.lex.pronouns
    sp_end = c + 1 if pronoun else r.np_forward(c, end)
    while not pronoun and c < sp_end < end - 2 and t[sp_end].text in ("of", "for"):
        longer = r.np_forward(sp_end + 1, end)  # "a spokeswoman for the ministry said", "the head of the union"
        if longer <= sp_end + 1:
            break
        sp_end = longer
    if sp_end <= c or sp_end >= end or not (pronoun or r.person_like((c, sp_end)) or _speaker_noun(r, c, sp_end)):
        return None
    got = r.cue_at(sp_end, end, inside)
    if got is None or not t[sp_end].text.islower():
        return None
    after = got[1][-1] + 1
    if after < end and (t[after].text.lower() not in _TAIL_WORDS or after + 4 < end):
        return None
    return (c, sp_end), got[1]


def _speaker_noun(r: RuleReader, a: int, b: int) -> bool:
    return any(r.t[x].text.lower() in r.lex.speaker_nouns or r.lex.role_of(r.t[x].text) for x in range(a, b))


@rule("post-final-en", 27, ("en",), framed=True)
def post_final_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"Content with a frame of its own, X said.": X speaks the whole clause before the last comma, and the
    inner frame is read inside it as a statement of its own."""
    t, a = r.t, s.a
    end = content_end(r, a, s.end)
    for c in range(end - 3, a + 3, -1):
        if t[c].text != "," or c in s.inside:
            continue
        got = _frame_after(r, c + 1, end, s.inside)
        if got is None:
            continue
        sp, cue = got
        inner = Sentence.read(t, a, c, [q for q in s.quotes if q.close is not None and q.close < c], s.prev,
                              s.near_prev, s.before)
        nested = speech_clause_en(r, inner)
        if not nested:
            return []  # no frame inside: the postposed rule reads it
        outer = Candidate([(a, c)], "Indirect", cue=cue, speaker=sp, frame=[(c, s.b)], medium="Speech",
                          rule="post-final-en")
        return [outer, *nested]
    return []


@rule("parenthetical-en", 29, ("en",), framed=True)
def parenthetical_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"The decision, the mayor said, was final.": a frame between two commas splits its content."""
    t, a = r.t, s.a
    end = content_end(r, a, s.end)
    for c in range(a + 1, end - 4):
        if t[c].text != "," or c in s.inside:
            continue
        close = next((x for x in range(c + 2, min(end - 2, c + 10)) if t[x].text == ","), None)
        if close is None:
            return []
        got = _frame_after(r, c + 1, close, s.inside)
        if got is None:
            continue
        sp, cue = got
        if not any(t[x].text.islower() for x in range(close + 1, end)):
            return []
        return [Candidate([(a, c), (close + 1, end)], "Indirect", cue=cue, speaker=sp, frame=[(c, close + 1)],
                          medium="Speech", rule="parenthetical-en")]
    return []


@rule("quoted-as-en", 26, ("en",), framed=True)
def quoted_as_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"X was quoted as saying (that) …": the passive's subject is the speaker."""
    t, a = r.t, s.a
    end = content_end(r, a, s.end)
    for k in range(a + 2, end - 4):
        if t[k].text != "quoted" or t[k + 1].text != "as" or t[k + 2].text != "saying" \
                or t[k - 1].text.lower() not in ("was", "were", "is", "are", "been"):
            continue
        lead = verb_group_start(r, a, k)
        got = clause_subject(r, a, lead, s.inside)
        if got is None:
            return []
        frame_start, sp = got
        content = k + 3
        if content < end and content in s.inside:
            return []  # "… quoted as saying: "…"": a quotation, read by the quotation rules
        return [Candidate([(content, end)], "Indirect", cue=list(range(lead, k + 3)), speaker=sp,
                          frame=[(frame_start, content)], medium="Speech", rule="quoted-as-en")]
    return []
