"""English constructions around short quotations and headlines that the clause rules do not read:
headlines "Speaker: content" and "content: Speaker", quoted words in the object of a speech act ("He
calls the mayor the "Caesar of Northport"", "X threatened "swift action""), quoted words with no frame
at all ("in a "controlled deflation"": Direct without a speaker, as the annotation scheme marks them),
and a frame after its content introduced by "as" (", as police said on Monday.").

Why a module of its own: these read short quotations and whole headline lines, which the German-built
quotation rules (four words or more, a cue in the sentence) leave alone."""

from __future__ import annotations

from quelle.statements.phrases import _PUNCT_END
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.english_clauses import _AUXILIARIES, clause_subject, content_end, verb_group_start

_BE = ("is", "are", "was", "were", "been", "be", "being")
_RELATIVE = ("what", "which", "that")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _speaker_words(r: RuleReader, a: int, b: int) -> bool:
    """[a, b) names a person or organisation on its own: capitalised words (a name, an acronym, a role
    noun) or a lower-case role or speaker noun ("UN official"), no other lower-case word, no label word."""
    t = r.t
    if not 0 < b - a <= 5:
        return False
    head = False
    for k in range(a, b):
        w = t[k].text
        low = w.lower()
        if low in r.lex.headline_labels or low in r.lex.not_speakers or low in _MONTHS:
            return False
        if (w[:1].isupper() and w[:1].isalpha()) or (w.islower() and (r.lex.role_of(w) or low in r.lex.speaker_nouns)):
            head = True
        elif w not in ("'s", "-", "&"):
            return False
    return head


def _words(r: RuleReader, a: int, b: int) -> int:
    return sum(1 for k in range(a, b) if r.t[k].text[:1].isalnum())


@rule("headline-colon-en", 5, ("en",), framed=True)
def headline_colon_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """A headline line (no final full stop) "BP: one leak plugged" or "Leak plugged: BP": the name beside
    the colon is the speaker, the rest its content (frame "BP:" / ": BP", no cue)."""
    t, a = r.t, s.a
    end = content_end(r, a, s.end)
    if end < s.b and t[s.b - 1].text in _PUNCT_END or t[end - 1].text in _PUNCT_END:
        return []  # a sentence, not a headline
    colons = [k for k in range(a + 1, end - 1) if t[k].text == ":" and k not in s.inside]
    if len(colons) != 1:
        return []
    c = colons[0]
    if t[c + 1].text.isdigit() or t[c - 1].text.isdigit():
        return []  # a time or a score, "(0:16)"
    if _speaker_words(r, a, c) and _words(r, c + 1, end) >= 3 and t[c + 1].text.lower() not in _MONTHS \
            and not t[c + 1].text.isdigit():
        return [Candidate([(c + 1, end)], "Indirect", speaker=(a, c), frame=[(a, c + 1)], medium="SW",
                          rule="headline-colon-en")]
    if _speaker_words(r, c + 1, end) and end - c - 1 <= 3 and _words(r, a, c) >= 3 \
            and t[c - 1].text.lower() not in ("by", "to", "from", "with", "of"):
        return [Candidate([(a, c)], "Indirect", speaker=(c + 1, end), frame=[(c, end)], medium="SW",
                          rule="headline-colon-en")]
    return []


def _quote_verb(r: RuleReader, w: str) -> bool:
    return w.islower() and (w in r.lex.reported or w in r.lex.cues or w in r.lex.quote_verbs)


@rule("quoted-words-en", 79, ("en",))
def quoted_words_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Quoted words after a speech act's verb in the same clause are its subject's words: "An organizer
    criticized the city as not being a "true democracy."", "He also calls the mayor the "Caesar of
    Northport"", and after a participle that follows its speaker ("remarks by the mayor calling the plan
    "reckless""). The frame runs from the clause start to the quotation."""
    t = r.t
    out = []
    if any(q.close is None or _words(r, q.open + 1, q.close) > 3 for q in s.quotes):
        return []  # a quotation of its own, read by the direct rule (after this one: order 79 < 80)
    for q in s.quotes:
        k = next((x for x in range(q.open - 1, max(s.a, q.open - 14), -1)
                  if x not in s.inside and (t[x].text in (";", ":") or _quote_verb(r, t[x].text))), None)
        if k is None or not _quote_verb(r, t[k].text):
            continue
        lead = verb_group_start(r, s.a, k)
        if any(t[x].text.lower() in _BE for x in range(lead, k)) and not t[k].text.endswith("ing") \
                or t[k + 1].text == "by" or t[k - 1].text.lower() in ("the", "a", "an", "his", "her", "its"):
            continue  # a passive ("was called"), a participle before its agent, or a noun ("the call")
        cue = [x for x in range(lead, k + 1) if t[x].text.lower() in _AUXILIARIES[:12] or x == k]
        if t[k].text.endswith("ing") and lead == k:
            sp_start = r.np_backward(k, s.a)
            if sp_start < k and (k - 1 in r.named or t[k - 1].text[:1].isupper()):
                out.append(Candidate([(q.open, q.close + 1)], "Direct", cue=cue, speaker=(sp_start, k),
                                     frame=[(k, q.open)], medium="SW", rule="quoted-words-en"))
            continue
        rel = next((x for x in range(lead - 1, max(s.a, lead - 5), -1) if t[x].text.lower() in _RELATIVE), None)
        # "in what experts say is "…"": the subject stands in the relative clause, never before it
        got = clause_subject(r, rel + 1 if rel is not None else s.a, lead, s.inside)
        if got is None:
            continue
        frame_start, sp = got
        out.append(Candidate([(q.open, q.close + 1)], "Direct", cue=cue, speaker=sp, frame=[(frame_start, q.open)],
                             medium="SW", rule="quoted-words-en"))
    return out


@rule("scare-quotes-en", 115, ("en",))
def scare_quotes_en(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Short quoted words (one to three, lower-case) in a sentence no other rule reads: someone's words,
    speaker unknown ("was collapsed in a "controlled deflation""). Not titles or names (capitalised), not
    glosses ("or "mad cow disease""), not in headlines (no final full stop)."""
    t = r.t
    if t[s.b - 1].text not in _PUNCT_END and not (s.b - 2 >= s.a and t[s.b - 2].text in _PUNCT_END):
        return []
    out = []
    for q in s.quotes:
        if q.close is None or q.open == s.a:
            continue
        inner = [k for k in range(q.open + 1, q.close) if t[k].text[:1].isalnum()]
        if not 1 <= len(inner) <= 3 or not t[inner[0]].text[:1].islower():
            continue
        if t[q.open - 1].text.lower() in r.lex.gloss_words:
            continue
        out.append(Candidate([(q.open, q.close + 1)], "Direct", medium="Speech", rule="scare-quotes-en"))
    return out
