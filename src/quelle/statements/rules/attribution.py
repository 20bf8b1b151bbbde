"""Attributions without a speech verb: "laut X", "X zufolge", "nach Angaben der X", ", so X,",
"according to X", "Demnach"; and anaphoric frames that take the sentence before ("Dies teilte X mit.")."""

from __future__ import annotations

from quelle.statements.lexicon import Lexicon
from quelle.statements.phrases import _PUNCT_END
from quelle.statements.rules.base import Candidate, RuleReader, Sentence, rule

_POSSESSIVES = ("seiner", "ihrer", "seinen", "ihren")


@rule("anaphoric", 20)
def anaphoric(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"Dies teilte die Polizei mit." / "That is what X said.": the previous sentence is the content."""
    if s.before is None or s.long_quotes:
        return []
    return _anaphoric(r, s.a, s.b, s.end, s.inside, s.before)


@rule("attribution", 60, framed=True)
def attribution(r: RuleReader, s: Sentence) -> list[Candidate]:
    """laut X / X zufolge / nach Angaben der X / according to X: the rest of the sentence is the content."""
    return _attribution(r, s.a, s.b, s.end, s.inside)


@rule("attribution-inside", 200, ("de",), extra=True)
def attribution_inside(r: RuleReader, s: Sentence) -> list[Candidate]:
    """"„…“, sagte der Leiter laut Radio Nord." / "Heute bestätigte X laut Y, dass …": a source named
    inside a sentence that already has a statement is a second statement over the rest of the sentence."""
    used = {k for c in s.found for k in c.cue}
    got = _attribution(r, s.a, s.b, s.end, s.inside, skip=used, sources_only=True)
    for cand in got:
        cand.rule = "attribution-inside"
    return got


def _anaphoric(r: RuleReader, a: int, b: int, end: int, inside: set[int], before: tuple[int, int]) -> list[Candidate]:
    """"Dies teilte die Polizei mit." / "That is what X said.": the previous sentence is the content."""
    t = r.t
    if t[a].text.lower() not in ("dies", "das", "this", "that") or end - a > 16:
        return []
    if r.de and a + 3 < end and t[a + 1].text in ("geht", "ging") and t[a + 2].text == "aus":
        # "Dies geht aus einer Pressemitteilung des Konzerns hervor(, die …).": the document is the source
        out = next((k for k in range(a + 4, end) if t[k].text == "hervor"), None)
        if out is None:
            return []
        pa, pb = before
        while pb > pa and t[pb - 1].text in _PUNCT_END:
            pb -= 1
        return [Candidate([(pa, pb)], "Indirect", cue=[a + 1, out], speaker=(a + 3, out), frame=[(a, end)],
                          medium="Writing", rule="anaphoric-hervorgehen")]
    got = r.cue_at(a + 1, end, inside)
    if got is None:
        return []
    form, cue_idx = got
    sp = r.speaker_after(a + 2, end)
    if sp is None:
        return []
    pa, pb = before
    while pb > pa and t[pb - 1].text in _PUNCT_END:
        pb -= 1
    return [Candidate([(pa, pb)], "Indirect", cue=cue_idx, speaker=sp, frame=[(a, end)], medium=form.medium,
                      rule="anaphoric")]

_TRIGGERS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _triggers(lex: Lexicon) -> frozenset[str]:
    """The words an attribution can start at (a cheap test before the cases of ``_attribution``)."""
    got = _TRIGGERS.get(id(lex))
    if got is None or got[0] is not lex:
        got = _TRIGGERS[id(lex)] = (lex, frozenset({"nach", "wonach", "according", *lex.attribution_before,
                                                    *lex.attribution_after, *lex.attribution_adverbs,
                                                    *lex.so_words}))
    return got[1]


def _attribution(r: RuleReader, a: int, b: int, end: int, inside: set[int], skip: set[int] = frozenset(),
                 sources_only: bool = False) -> list[Candidate]:
    """laut X / X zufolge / nach Angaben der X / according to X: the rest of the sentence is the content.
    ``skip``: cue tokens another statement uses; ``sources_only``: only "laut", "zufolge", "nach Angaben"."""
    t = r.t
    lex = r.lex
    low = r.low
    triggers = _triggers(lex)
    for k in range(a, end):
        if k in inside or k in skip:
            continue
        w = low[k]
        if w not in triggers:
            continue  # every case below starts at one of these words
        if sources_only and w not in lex.attribution_before and w not in lex.attribution_after and w != "nach":
            continue
        if r.de and w == "nach" and k - 1 > a and t[k - 1].text == "," and k + 3 < end \
                and t[k + 1].text == "denen" and not sources_only:
            # "Gerüchte, nach denen …": the relative pronoun is the source, as the dataset marks it
            stop = next((x for x in range(k + 3, end) if t[x].text == "," and x not in inside and x + 1 < end
                         and t[x + 1].text.islower() and t[x + 1].text.isalpha()
                         and t[x + 1].text not in r.lex.complementizers), end)
            return [Candidate([(k + 2, stop)], "Indirect", cue=[k], speaker=(k + 1, k + 2),
                              frame=[(r.np_backward(k - 1, a), k + 2)], medium="SW", rule="nach-denen")]
        if r.de and w == "wonach" and not sources_only and k - 1 > a and t[k - 1].text == "," and k + 2 < end:
            # "Berichte, wonach …": the noun before is the source
            sp_start = r.np_backward(k - 1, a)
            stop = next((x for x in range(k + 2, end) if t[x].text == "," and x not in inside and x + 1 < end
                         and t[x + 1].text.islower() and t[x + 1].text.isalpha()
                         and t[x + 1].text not in r.lex.complementizers), end)
            speaker = (sp_start, k - 1) if sp_start < k - 1 else None
            return [Candidate([(k + 1, stop)], "Indirect", cue=[k], speaker=speaker,
                              frame=[(sp_start, k + 1)], medium="SW", rule="wonach")]
        if w in lex.attribution_before or (w == "according" and k + 1 < end and t[k + 1].text == "to"):
            cue_end = k + 2 if w == "according" else k + 1
            sp_end = r.np_forward(cue_end, end)
            if sp_end == cue_end and r.de:
                sp_end = r.long_np(cue_end, end)
            if sp_end == cue_end and r.de and cue_end < end and t[cue_end].text in ("„", "»", '"') \
                    and cue_end + 1 in inside:
                # a name in quotation marks: "laut „Tagesblatt“"
                sp_end = next((x + 1 for x in range(cue_end + 1, min(end, cue_end + 6))
                               if t[x].text in ("“", "«", '"')), cue_end)
            if sp_end == cue_end:
                continue
            sp_end = _source_end(r, _trim_numbers(r, cue_end, sp_end), end, inside) if r.de \
                else _source_end_en(r, sp_end, end)
            return [_with_comma(r, r.cut(a, end, k, sp_end, [k] if cue_end == k + 1 else [k, k + 1],
                                         (cue_end, sp_end)), end)]
        if r.de and w == "nach" and a < k <= a + 3 and t[k - 1].text[:1].isupper() \
                and (t[k - 1].text.lower().endswith(lex.nach_nouns) or t[k - 1].text == "Vernehmen") \
                and k + 1 < end and t[k + 1].text.islower():
            sp_start = a  # "Dem Vernehmen nach soll …", "Seiner Ansicht nach ist …"
            return [r.cut(a, end, sp_start, k + 1, [k], (sp_start, k))]
        if r.de and w == "nach" and k - 2 > a and t[k - 2].text in _POSSESSIVES \
                and t[k - 1].text[:1].isupper() and t[k - 1].text.lower().endswith(lex.nach_nouns):
            # "Die Mittel seien ihrer Meinung nach nicht gewahrt": a possessive attribution inside the sentence
            # (lower case only: a capitalised "Ihrer Meinung nach" there is the polite "your", an interviewer's)
            return [r.cut(a, end, k - 2, k + 1, [k], (k - 2, k))]
        if w in lex.attribution_after and k > a:
            sp_start = r.np_backward(k, a)
            if sp_start == k:
                continue
            if r.de and sp_start - 2 >= a and t[sp_start - 1].text == "und" and t[sp_start - 2].text[:1].isupper():
                sp_start = r.np_backward(sp_start - 1, a)  # "Berichten der Sender Sky News und BBC zufolge"
            return [r.cut(a, end, sp_start, k + 1, [k], (sp_start, k))]
        if r.de and w == "nach":
            j = k + 1
            while j < end and j - k < 4 and t[j].text.islower() and t[j].text.endswith(("en", "er", "em", "e")) \
                    and t[j].text not in ("zwei", "drei", "eine"):
                j += 1
            if j + 1 < end and t[j].text[:1].isupper() and t[j].text.endswith("s") and len(t[j].text) > 3 \
                    and t[j + 1].text[:1].isupper() and t[j + 1].text.lower().endswith(lex.nach_nouns):
                j += 1  # "nach Celebis Angaben": a named owner in the genitive
            if j < end and t[j].text[:1].isupper() and t[j].text.lower().endswith(lex.nach_nouns):
                sp_end = r.np_forward(k + 1, end)
                if sp_end <= j:
                    sp_end = j + 1
                if sp_end == j + 1 and j + 2 < end and t[j + 1].text in _OWNERS:
                    sp_end = max(sp_end, r.np_forward(j + 2, end))  # "nach Angaben seines Verwalters"
                sp_end = _source_end(r, _trim_numbers(r, k + 1, sp_end), end, inside)
                return [_with_comma(r, r.cut(a, end, k, sp_end, [k], (k + 1, sp_end)), end)]
        if k == a and w in lex.attribution_adverbs and k + 1 < end and t[k + 1].text.islower():
            return [Candidate([(k + 1, end)], "Indirect", cue=[k], speaker=(k, k + 1), frame=[(k, k + 1)],
                              medium="SW", rule="attribution-adverb")]
        if r.de and w in lex.so_words and k > a and t[k - 1].text == "," and k + 1 < end:
            sp = r.speaker_after(k + 1, end)
            if sp is not None and sp[1] < end and t[sp[1]].text == ",":
                return [r.cut(a, end, k - 1, sp[1], [k], sp)]
    return []


def _source_end(r: RuleReader, j: int, end: int, inside: set[int]) -> int:
    """A source phrase goes on over a role in apposition ("nach Meinung von X, Professor am Institut, …"),
    over "von n24" (a lower-case name with a digit or a dot: "ndr.de") and over coordinated sources
    ("Angaben der New York Times und der Los Angeles Times", "von AP und Reuters")."""
    t = r.t
    for _ in range(3):
        if j + 2 < end and t[j].text == "," and j + 1 not in inside and r._apposition_at(j + 1, end):
            close = next((x for x in range(j + 2, min(end, j + 12)) if t[x].text == ","), None)
            if close is not None and all(x not in inside for x in range(j, close)):
                j = close  # "nach Meinung von Mike Brown, Professor am Institut, …": a role in apposition
                break
        if j + 1 < end and t[j].text in ("von", "vom") and j + 1 not in inside and t[j + 1].text.islower() \
                and any(ch.isdigit() or ch == "." for ch in t[j + 1].text):
            j += 2
            continue
        if j + 2 < end and t[j].text == "," and j + 1 not in inside:
            x = j + 1
            while x < end and x - j <= 4 and t[x].text[:1].isupper() and t[x].text.isalpha():
                x += 1
            if x - j >= 3 and x < end and t[x].text == "," and any(y in r.named for y in range(j + 1, x)):
                j = x  # "nach Angaben des Sprechers des Ministeriums, Roland Eichhorn, …": the name in apposition
                break
        if j + 1 < end and t[j].text == "und" and (t[j + 1].text[:1].isupper()
                                                   or t[j + 1].text in ("der", "des", "dem", "den", "die")):
            nxt = r.np_forward(j + 1, end)
            if nxt > j + 1 and t[nxt - 1].text[:1].isupper():
                j = nxt
                continue
        break
    return j


_EN_SOURCE_PREPOSITIONS = ("from", "at", "of", "for", "with", "in")


def _source_end_en(r: RuleReader, k: int, end: int) -> int:
    """"According to a spokesman from the defence ministry, …": prepositional phrases after the source
    belong to it when they run up to the comma that ends the frame."""
    t = r.t
    j = k
    while j + 1 < end and t[j].text.lower() in _EN_SOURCE_PREPOSITIONS:
        nxt = r.np_forward(j + 1, end)
        if nxt <= j + 1:
            break
        j = nxt
    return j if j > k and (j >= end or t[j].text == ",") else k


_OWNERS = ("seines", "ihres", "seiner", "ihrer", "unseres", "eines", "des")


def _trim_numbers(r: RuleReader, start: int, j: int) -> int:
    """"laut Behördenangaben 7.000 Menschen": a number after the source's noun opens the content."""
    t = r.t
    for x in range(start + 1, j):
        if t[x].text[:1].isdigit() and t[x - 1].text.lower() not in ("vom", "von", "am", "im", "des", "der"):
            return x
    return j


def _with_comma(r: RuleReader, cand: Candidate, end: int) -> Candidate:
    """A source with an apposition keeps the comma that closes it in the frame ("Nach den Worten der
    Sprecherin, Gisela Piltz, …"), as the dataset marks it."""
    t = r.t
    if cand.speaker is None or not cand.frame:
        return cand
    sa, sb = cand.speaker
    fa, fb = cand.frame[0]
    if fb == sb and fb < end and t[fb].text == "," and any(t[x].text == "," for x in range(sa, sb)):
        cand.frame = [(fa, fb + 1)]
    return cand
