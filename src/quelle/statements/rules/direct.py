"""Quotations: „…“ with a frame before or after it, interrupted quotes, quotes that continue the last
speaker, quotations standing alone, and quoted words inside a speech act."""

from __future__ import annotations

from quelle.statements.phrases import _PUNCT_END
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule
from quelle.statements.rules.comma_frames import cue_before, frame_subject
from quelle.statements.rules.english_clauses import clause_subject, verb_group_start
from quelle.statements.text import Quote


@rule("direct-standalone", 10)
def direct_standalone(r: RuleReader, s: Sentence) -> list[Candidate]:
    """A quotation that opens the sentence or follows ":" / "," is read as a quotation first."""
    if not s.standalone or (r.de and _inside_content(r, s)):
        return []
    return _direct(r, s.a, s.b, s.end, s.long_quotes, s.inside, s.prev, s.near_prev)


def _inside_content(r: RuleReader, s: Sentence) -> bool:
    """"Sie sagte, Ziel der Offensive sei es, „…“": the quotation ends a content clause that opens after
    the frame's comma, so the sentence is the frame rules' (an Indirect statement with a quoted part)."""
    t = r.t
    q0 = s.standalone[0][0]
    if q0 == s.a or t[q0 - 1].text != ",":
        return False
    for c in (k for k in range(s.a + 1, q0 - 1) if t[k].text == "," and k not in s.inside):
        opens = q0 - 1 - c > 2 or t[c + 1].text.lower() in ("dass", "daß", "ob")
        if opens and cue_before(r, s.a, c, q0, s.inside) is not None:
            return True  # "…, ging X noch davon aus, dass …, „…“"
    return False


@rule("direct", 80)
def direct(r: RuleReader, s: Sentence) -> list[Candidate]:
    """Any other long quotation, once no frame rule has read the sentence ("Er nannte es „…“, sagte X")."""
    if not s.long_quotes:
        return []
    return _direct(r, s.a, s.b, s.end, s.long_quotes, s.inside, s.prev, s.near_prev)


@rule("quoted-words", 110, ("de",))
def quoted_words(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"X nannte den Bericht eine „Zeitungsente“": quoted words inside a speech act."""
    if not s.quotes:
        return []
    return _quoted_words(r, s.a, s.b, s.end, s.quotes, s.inside)


def _direct(r: RuleReader, a: int, b: int, end: int, long_quotes: list[tuple[int, int]], inside: set[int],
            prev: Candidate | None, near_prev: bool) -> list[Candidate]:
    t = r.t
    outside = [k for k in range(a, b) if k not in inside and t[k].text not in _PUNCT_END]
    cue = None
    first_q = long_quotes[0][0]
    for k in outside:
        got = r.cue_at(k, b, inside)
        if got is not None:
            if cue is not None and k > first_q and cue[0] < first_q:
                break  # keep the cue nearest before the quotation
            cue = (k, got)
            if k > first_q:
                break
    frame_tokens = [k for k in outside if t[k].text not in (",", ":", "–", "-")]
    if cue is None and r.de:
        after = [k for k in outside if k > long_quotes[0][1] - 1]
        if len(after) >= 2 and t[after[0]].text == "," and t[after[1]].text.lower() in r.lex.so_words:
            so = after[1]  # „…“, so Celebi im Kölner Stadt-Anzeiger.
            sp = r.speaker_after(so + 1, b)
            if sp is not None:
                fb = end
                nxt = [q[0] for q in long_quotes if q[0] > so]
                if nxt:
                    fb = nxt[0]
                return [Candidate(long_quotes, "Direct", cue=[so], speaker=sp, frame=[(after[0], fb)],
                                  medium="SW", rule="direct-so")]
    if cue is None:
        colon = [k for k in outside if t[k].text == ":"]
        if colon and colon[0] + 1 < b and colon[0] + 1 == long_quotes[0][0]:
            subj = r.subject_before(a, colon[0])
            if subj is not None:
                return [Candidate(long_quotes, "Direct", speaker=subj, frame=[(a, colon[0] + 1)],
                                  medium="Speech", rule="direct-colon")]
            clause = r._clause_subject(a, colon[0])
            if clause is not None:
                subj, verb = clause
                return [Candidate(long_quotes, "Direct", cue=[verb], speaker=subj, frame=[(a, colon[0] + 1)],
                                  medium="Speech", rule="direct-colon-clause")]
        if prev is not None and near_prev and len(frame_tokens) <= 12:
            # the German dataset gives a continued quotation the cue and frame of the statement it continues
            return [Candidate(long_quotes, "Direct", cue=list(prev.cue) if r.de else [],
                              frame=list(prev.frame) if r.de else [], medium=prev.medium or "Speech",
                              rule="direct-continued", inherit=True)]
        if not frame_tokens and long_quotes[0][0] == a:
            # a quotation standing alone: someone's words, speaker unknown here
            return [Candidate(long_quotes, "Direct", medium="Speech", rule="direct-alone",
                              inherit=False)]
        return []
    k, (form, cue_idx) = cue
    first_q = long_quotes[0][0]
    if k > first_q:
        # „…“, sagte X (, „…“) / „…“, X sagte / "…," she told reporters
        j = k
        while j - 1 >= a and j - 1 not in inside and t[j - 1].text not in (",", ":"):
            j -= 1
        sp = None
        if j < k and not r.de:
            sp = (j, k)  # English puts the speaker before the verb
        else:
            sp = r.speaker_after(max(cue_idx[0], cue_idx[-1] if len(cue_idx) == 2 and cue_idx[1] == k + 1
                                        else cue_idx[0]) + 1, b)
        if sp is None or sp[0] in inside:
            sp = r.speaker_after(cue_idx[0] + 1, b)
        if sp is None:
            j = k
            while j - 1 >= a and j - 1 not in inside and t[j - 1].text != ",":
                j -= 1
            if j < k:
                sp = (j, k)
        fa = max(q[1] for q in long_quotes if q[1] <= k) if any(q[1] <= k for q in long_quotes) else a
        fb = min((q[0] for q in long_quotes if q[0] > k), default=end)
        if not r.de and fb == end:
            fb = b  # the English gold set ends a closing frame with its full stop
        while r.de and fb > fa and t[fb - 1].text in _PUNCT_END:
            fb -= 1
        frame = [(fa, fb)] if fb > fa else []
        if frame and t[fb - 1].text == ",":
            frame = [(fa, fb)]
        return [Candidate(long_quotes, "Direct", cue=cue_idx, speaker=sp, frame=frame, medium=form.medium,
                          rule="direct-post")]
    # X sagte: „…“
    subj = r.subject_before(a, cue_idx[0]) if r.de else _english_subject(r, a, cue_idx[0], inside)
    if subj is None and cue_idx[0] > a and t[cue_idx[0] - 1].text == "und":
        first = r.np_forward(a, cue_idx[0])
        if first > a and t[first].text.islower():
            subj = (a, first)  # "Medvedev bedankte sich … und sagte: „…“"
    if subj is None and r.de:
        subj = frame_subject(r, a, cue_idx, first_q)  # "Der Vorsitzende des Verbands, Paul Brenner, kritisierte …:"
    if subj is None:
        subj = r.speaker_after(cue_idx[-1] + 1 if cue_idx[-1] == k else k + 1, first_q)
    fb = first_q
    frame = [(a, fb)]
    return [Candidate(long_quotes, "Direct", cue=cue_idx, speaker=subj, frame=frame, medium=form.medium,
                      rule="direct-pre")]

def _quoted_words(r: RuleReader, a: int, b: int, end: int, quotes: list[Quote], inside: set[int]) -> list[Candidate]:
    """"X nannte den Bericht eine „Zeitungsente“": quoted words inside a speech act are Direct."""
    t = r.t
    limit, skip_to = min(end, a + 10), a
    k = a
    while k + 1 < limit:
        k += 1
        if k in inside:
            limit = min(end, limit + 1)  # "Von einer „gezielten Kampagne“ sprach X": the quote stands first
            continue
        if t[k].text == "," and skip_to == a and k - a <= 6:
            close = next((x for x in range(k + 2, min(end, k + 9)) if t[x].text == ","), None)
            if close is not None and all(t[x].text[:1].isupper() or t[x].text in ("(", ")")
                                         for x in range(k + 1, close)):
                skip_to = k = close  # "Der Präsident der Kommission, Alpha Konaré, nannte …": an apposition
                limit = min(end, close + 4)
                continue
        if t[k].text in (",", ";", ":"):
            break
        word = t[k].text
        hit = r.lex.reported.get(word) if word.islower() else None
        cue = r.cue_at(k, end, inside) if hit is None else None
        if hit is None and cue is None:
            continue
        subj = r.subject_before(a, k)
        if subj is not None and k + 1 < end and not r.person_like(subj):
            after = r.speaker_after(k + 1, end)
            if after is not None and r.person_like(after) and r._animate(after):
                subj = after  # "Die Äußerungen bezeichnete Conze als „Knaller“": a fronted object
        if subj is None and k + 1 < end:
            subj = r.speaker_after(k + 1, end)  # "Im Gespräch wies der Chef die Vorwürfe als „haltlos“ zurück"
        if subj is None or not r._animate(subj):
            return []
        cue_idx = cue[1] if cue else [k]
        medium = cue[0].medium if cue else "Speech"
        out = []
        for q in quotes:
            if q.close is None or q.close < a + 1 or q.open <= k <= q.close or (q.open < k and q.open > a + 2):
                continue  # quotes after the cue, or opening the fronted object ("Von einer „…“ sprach X")
            out.append(Candidate([(q.open, q.close + 1)], "Direct", cue=cue_idx, speaker=subj,
                                 frame=[(a, q.open)], medium=medium, rule="quoted-words"))
        return out
    return []


def _english_subject(r: RuleReader, a: int, cue: int, inside: set[int]) -> tuple[int, int] | None:
    """English subjects are read backwards from the verb ("In the video, X exhorts the crowd to "…""),
    with the shared reader as the fallback."""
    got = clause_subject(r, a, verb_group_start(r, a, cue), inside)
    return got[1] if got is not None else r.subject_before(a, cue)
