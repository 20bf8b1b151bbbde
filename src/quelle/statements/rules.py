"""Statement rules over one sentence at a time, in token space.

Why rules in this order: a sentence is read for (1) quotations with a frame ("„…“, sagte X"),
(2) a frame after the content (", sagte X" / ", so X"), (3) a frame before it ("X sagte, (dass) …",
"Wie X mitteilte, …"), (4) attributions ("laut X", "X zufolge", "nach Angaben der X",
"according to X"), and (5) sentences in Konjunktiv I or bare quotations that continue the
previous statement. Each rule yields a Candidate with token ranges; speakers are resolved later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quelle.statements.lexicon import CueForm
from quelle.statements.phrases import (
    _AUX,
    _AUX_ALL,
    _NOT_FREE,
    _PREPOSITIONS,
    _PUNCT_END,
    _QUOTE_MARKS,
    _RELATIVE,
    _SUBORDINATORS,
    PhraseReader,
)
from quelle.statements.text import Quote

_DETERMINERS_DE = ("der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "eines")
_POSSESSIVES = ("seiner", "ihrer", "seinen", "ihren")
_FRAME_SUBORDINATORS = ("nachdem", "als", "während", "weil", "obwohl")


@dataclass(slots=True)
class Candidate:
    quote: list[tuple[int, int]]  # token ranges [a, b)
    type: str
    cue: list[int] = field(default_factory=list)
    speaker: tuple[int, int] | None = None
    frame: list[tuple[int, int]] = field(default_factory=list)
    medium: str | None = None
    rule: str = ""
    inherit: bool = False  # speaker comes from the previous statement
    refers: tuple[int, int] | None = None  # a relative-pronoun speaker's antecedent ("Dschassim, der betonte")


class SentenceRules(PhraseReader):
    """The rules for one language, applied to the sentences of one article."""

    def sentence(self, a: int, b: int, quotes: list[Quote], prev: Candidate | None,
                 near_prev: bool, before: tuple[int, int] | None = None) -> list[Candidate]:
        """Candidates of the sentence [a, b); ``quotes`` are the quotations inside it."""
        t = self.t
        self.sent_start = a
        inside: set[int] = set()
        long_quotes = []
        for q in quotes:
            close = q.close if q.close is not None else b - 1
            inner = range(q.open + 1, close)
            inside.update(range(q.open, close + 1))
            words = sum(1 for k in inner if t[k].text[:1].isalnum())
            if words >= 4 or any(t[k].text in _PUNCT_END for k in inner):
                long_quotes.append((q.open, close + 1))
        end = b
        while end > a and (t[end - 1].text in _PUNCT_END or t[end - 1].text in ")") and end - 1 not in inside:
            end -= 1
        standalone = [q for q in long_quotes if q[0] == a or t[q[0] - 1].text in (":", ",", "(")
                      or (q[0] - 1 >= a and t[q[0] - 1].text in _QUOTE_MARKS)]
        if standalone:
            got = self._direct(a, b, end, long_quotes, inside, prev, near_prev)
            if got:
                return got
        if before is not None and not long_quotes:
            got = self._anaphoric(a, b, end, inside, before)
            if got:
                return got
        for rule in (self._postposed, self._preposed, self._wie, self._attribution, self._embedded):
            got = rule(a, b, end, inside)
            if got:
                if not self.de:  # the English gold set keeps the full stop with the content
                    got[0].quote = [(x, b if y == end else y) for x, y in got[0].quote]
                return got + self._nested(got[0], quotes)
        if long_quotes:
            got = self._direct(a, b, end, long_quotes, inside, prev, near_prev)
            if got:
                return got
        if self.de and self.konj(a, end, inside, second=prev is not None and near_prev) \
                and t[a].text.lower() not in _NOT_FREE \
                and t[a].text.lower() not in self.lex.complementizers:
            cand = Candidate([(a, b)], "IndirectFreeIndirect", medium=prev.medium if prev else None,
                             rule="free-indirect", inherit=prev is not None and near_prev)
            return [cand] + self._nested(cand, quotes)
        if self.de and not quotes:
            got = self._reported(a, b, end)
            if got:
                return got
        if self.de and quotes:
            got = self._quoted_words(a, b, end, quotes, inside)
            if got:
                return got
        if self.de and (self._reportative(a, end, inside) or (near_prev and self._reportative(a, end, inside, True))):
            cand = Candidate([(a, b)], "FreeIndirect", medium=prev.medium if prev else "SW",
                             rule="reportative-sollen", inherit=prev is not None and near_prev)
            return [cand] + self._nested(cand, quotes)
        return []

    def _reported(self, a: int, b: int, end: int) -> list[Candidate]:
        """"Der Minister kritisierte die Entscheidung.": a speech act reported without its words."""
        t = self.t
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
            if t[k].text in (",", ";", ":") and not (k + 1 < end and self.lex.role_of(t[k + 1].text)):
                return []
            hit = self.lex.reported.get(t[k].text) if t[k].text.islower() else None
            if hit is None:
                continue
            if hit[1] and not any(t[x].text == hit[1] for x in range(k + 1, end)):
                continue
            subj = self.subject_before(a, k) if skip_to == a else ((a, subj_end) if k == skip_to else None)
            if subj is not None and skip_to == a and k + 1 < end and not self._person_like(subj):
                after = self.speaker_after(k + 1, end)
                if after is not None and self._person_like(after) and self._animate(after):
                    subj = after  # "Eine Verschiebung bezeichnete Conze als fatal": a fronted object
            if subj is None and k - a <= 6 and k + 1 < end:
                after = self.speaker_after(k + 1, end)  # "Dabei bezeichnete er die Krise als …"
                if after is not None and (t[after[0]].text.lower() in ("er", "sie")
                                          or any(x in self.named for x in range(*after))):
                    subj = after
            if subj is None or not self._animate(subj):
                return []
            first = t[subj[0]].text
            if subj[1] - subj[0] == 1 and first.lower().endswith(("end", "erweise", "lich", "weise")):
                return []  # "Überraschend sprach sich …": an adverb, not a speaker
            if first in ("Des", "Im", "Am", "Zum", "Beim", "Ich", "Wir") or first.lower() in self.lex.adverbs:
                return []
            return [Candidate([(a, b)], "Reported", speaker=subj, medium="Speech", rule="reported")]
        return []

    def _person_like(self, span: tuple[int, int]) -> bool:
        """Stronger than ``_animate``: a pronoun, a role noun or a name found in the article."""
        t = self.t
        if span[1] - span[0] == 1 and t[span[0]].text.lower() in ("er", "sie"):
            return True
        return any(k in self.named or (t[k].text[:1].isupper() and self.lex.role_of(t[k].text)) for k in range(*span))

    def _quoted_words(self, a: int, b: int, end: int, quotes: list[Quote], inside: set[int]) -> list[Candidate]:
        """"X nannte den Bericht eine „Zeitungsente“": quoted words inside a speech act are Direct."""
        t = self.t
        for k in range(a + 1, min(end, a + 10)):
            if k in inside or t[k].text in (",", ";", ":"):
                break
            word = t[k].text
            hit = self.lex.reported.get(word) if word.islower() else None
            cue = self.cue_at(k, end, inside) if hit is None else None
            if hit is None and cue is None:
                continue
            subj = self.subject_before(a, k)
            if subj is None and k + 1 < end:
                subj = self.speaker_after(k + 1, end)  # "Im Gespräch wies der Chef die Vorwürfe als „haltlos“ zurück"
            if subj is None or not self._animate(subj):
                return []
            cue_idx = cue[1] if cue else [k]
            medium = cue[0].medium if cue else "Speech"
            out = []
            for q in quotes:
                if q.close is None or q.open <= k:
                    continue
                out.append(Candidate([(q.open, q.close + 1)], "Direct", cue=cue_idx, speaker=subj,
                                     frame=[(a, q.open)], medium=medium, rule="quoted-words"))
            return out
        return []

    def _reportative(self, a: int, end: int, inside: set[int], plain: bool = False) -> bool:
        """"X soll ... gewesen sein": the reportative modal with a perfect infinitive at the clause end
        (``plain``: any infinitive, "Er soll resistent sein", only right after a statement)."""
        t = self.t
        words = [k for k in range(a, end) if k not in inside]
        modal = [k for k in words if t[k].text in ("soll", "sollen")]
        if not modal or t[a].text.lower() in _NOT_FREE:
            return False
        tail = [t[k].text for k in words if k > modal[0] and t[k].text.isalpha()]
        if plain:
            return len(tail) >= 2 and tail[-1].islower() and (tail[-1] == "sein" or tail[-1].endswith(("en", "ern")))
        return len(tail) >= 2 and tail[-1] in ("sein", "haben") and tail[-2].startswith(("ge", "worden")) \
            or (len(tail) >= 2 and tail[-1] in ("sein", "haben") and tail[-2].endswith(("t", "en")))

    def _nested(self, outer: Candidate, quotes: list[Quote]) -> list[Candidate]:
        """Quotations inside an indirect statement are Direct statements with the same frame."""
        out = []
        for q in quotes:
            if q.close is None:
                continue
            words = [x.text for x in self.t[q.open + 1:q.close] if x.text[:1].isalpha()]
            title = words and len(words) <= 4 and all(w[:1].isupper() for w in words)
            named = q.open > 0 and self.t[q.open - 1].text.lower().startswith(("sogenannt", "genannt", "titel"))
            if title or named:
                continue
            if any(x <= q.open and q.close < y for x, y in outer.quote):
                out.append(Candidate([(q.open, q.close + 1)], "Direct", cue=outer.cue, speaker=outer.speaker,
                                     frame=outer.frame, medium=outer.medium, rule="nested", inherit=outer.inherit))
        return out

    def _direct(self, a: int, b: int, end: int, long_quotes: list[tuple[int, int]], inside: set[int],
                prev: Candidate | None, near_prev: bool) -> list[Candidate]:
        t = self.t
        outside = [k for k in range(a, b) if k not in inside and t[k].text not in _PUNCT_END]
        cue = None
        first_q = long_quotes[0][0]
        for k in outside:
            got = self.cue_at(k, b, inside)
            if got is not None:
                if cue is not None and k > first_q and cue[0] < first_q:
                    break  # keep the cue nearest before the quotation
                cue = (k, got)
                if k > first_q:
                    break
        frame_tokens = [k for k in outside if t[k].text not in (",", ":", "–", "-")]
        if cue is None and self.de:
            after = [k for k in outside if k > long_quotes[0][1] - 1]
            if len(after) >= 2 and t[after[0]].text == "," and t[after[1]].text.lower() in self.lex.so_words:
                so = after[1]  # „…“, so Celebi im Kölner Stadt-Anzeiger.
                sp = self.speaker_after(so + 1, b)
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
                subj = self.subject_before(a, colon[0])
                if subj is not None:
                    return [Candidate(long_quotes, "Direct", speaker=subj, frame=[(a, colon[0] + 1)],
                                      medium="Speech", rule="direct-colon")]
                clause = self._clause_subject(a, colon[0])
                if clause is not None:
                    subj, verb = clause
                    return [Candidate(long_quotes, "Direct", cue=[verb], speaker=subj, frame=[(a, colon[0] + 1)],
                                      medium="Speech", rule="direct-colon-clause")]
            if prev is not None and near_prev and len(frame_tokens) <= 12:
                return [Candidate(long_quotes, "Direct", medium=prev.medium or "Speech", rule="direct-continued",
                                  inherit=True)]
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
            if j < k and not self.de:
                sp = (j, k)  # English puts the speaker before the verb
            else:
                sp = self.speaker_after(max(cue_idx[0], cue_idx[-1] if len(cue_idx) == 2 and cue_idx[1] == k + 1
                                            else cue_idx[0]) + 1, b)
            if sp is None or sp[0] in inside:
                sp = self.speaker_after(cue_idx[0] + 1, b)
            if sp is None:
                j = k
                while j - 1 >= a and j - 1 not in inside and t[j - 1].text != ",":
                    j -= 1
                if j < k:
                    sp = (j, k)
            fa = max(q[1] for q in long_quotes if q[1] <= k) if any(q[1] <= k for q in long_quotes) else a
            fb = min((q[0] for q in long_quotes if q[0] > k), default=end)
            if not self.de and fb == end:
                fb = b  # the English gold set ends a closing frame with its full stop
            while self.de and fb > fa and t[fb - 1].text in _PUNCT_END:
                fb -= 1
            frame = [(fa, fb)] if fb > fa else []
            if frame and t[fb - 1].text == ",":
                frame = [(fa, fb)]
            return [Candidate(long_quotes, "Direct", cue=cue_idx, speaker=sp, frame=frame, medium=form.medium,
                              rule="direct-post")]
        # X sagte: „…“
        subj = self.subject_before(a, cue_idx[0])
        if subj is None and cue_idx[0] > a and t[cue_idx[0] - 1].text == "und":
            first = self.np_forward(a, cue_idx[0])
            if first > a and t[first].text.islower():
                subj = (a, first)  # "Medvedev bedankte sich … und sagte: „…“"
        if subj is None:
            subj = self.speaker_after(cue_idx[-1] + 1 if cue_idx[-1] == k else k + 1, first_q)
        fb = first_q
        frame = [(a, fb)]
        return [Candidate(long_quotes, "Direct", cue=cue_idx, speaker=subj, frame=frame, medium=form.medium,
                          rule="direct-pre")]

    def _postposed(self, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
        """Content, sagte X [am Montag]. / Content, so X. / Content, X said."""
        t = self.t
        if self.de and self._subject_with_clause(a, end):
            return []  # "Ulla Jelpke, die … gesorgt hatte, kritisierte …": a subject, not content
        for c in range(a + 3, end):
            if t[c - 1].text != "," or c in inside:
                continue
            if not self.de and self._noun_phrase_only(a, c - 1):
                continue  # "The striker, Ben Adeyemi, told …": a subject with its apposition, not content
            w = t[c].text.lower()
            if w in ("wie", "as") and c + 2 < end:
                # "…, wie er in einem Schreiben mitteilte."
                got = self.cue_at(end - 1, end, inside)
                sp_end = self.np_forward(c + 1, end) if t[c + 1].text.lower() not in self.lex.pronouns else c + 2
                if got is not None and sp_end > c + 1:
                    return [Candidate([(a, c - 1)], "Indirect", cue=got[1], speaker=(c + 1, sp_end),
                                      frame=[(c - 1, end)], medium=got[0].medium, rule="post-wie")]
            if self.de and w in _AUX and c + 2 < end:
                # "…, hatte Obama bei seinem Treffen gewarnt."
                got = self.cue_at(end - 1, end, inside)
                sp = self.speaker_after(c + 1, end)
                if got is not None and sp is not None:
                    return [Candidate([(a, c - 1)], "Indirect", cue=[c, end - 1], speaker=sp,
                                      frame=[(c - 1, end)], medium=got[0].medium, rule="post-aux")]
            if self.de and w in self.lex.so_words:
                sp = self.speaker_after(c + 1, end)
                if sp is not None and (sp[1] >= end - 3 or t[sp[1]].text.lower() in _PREPOSITIONS
                                       or t[sp[1]].text.lower() in self.lex.attribution_before):
                    return [Candidate([(a, c - 1)], "Indirect", cue=[c], speaker=sp, frame=[(c - 1, end)],
                                      medium="SW", rule="so")]
                continue
            got = self.cue_at(c, end, inside)
            if got is not None and got[0].finite:
                form, cue_idx = got
                after = cue_idx[-1] + 1 if len(cue_idx) == 2 and cue_idx[-1] == c + 1 else c + 1
                sp = self.speaker_after(after, end)
                if sp is None and len(cue_idx) == 2 and cue_idx[1] > c + 2 and cue_idx[1] >= end - 1:
                    sp = (c + 1, cue_idx[1])  # ", teilte die zur Universität gehörende Institution mit"
                if sp is None:
                    continue
                if not self.de and sp[1] - sp[0] == 1 and t[sp[0]].text.lower() in self.lex.pronouns \
                        and sp[1] < end and t[sp[1]].text[:1].isalpha() and t[sp[1]].text.lower() not in _PREPOSITIONS:
                    continue  # "His rival, Claire Benson, said she would …": "she" opens the content, not a frame
                if not self.de or self.konj(a, c, inside) or not form.weak:
                    return [Candidate([(a, c - 1)], "Indirect", cue=cue_idx, speaker=sp, frame=[(c - 1, end)],
                                      medium=form.medium, rule="post")]
            if not self.de:
                sp_end = self.np_forward(c, end) if w not in self.lex.pronouns else c + 1
                if sp_end > c and sp_end < end:
                    got = self.cue_at(sp_end, end, inside)
                    if got is not None:
                        return [Candidate([(a, c - 1)], "Indirect", cue=got[1], speaker=(c, sp_end),
                                          frame=[(c - 1, end)], medium=got[0].medium, rule="post-en")]
        return []

    def _subject_with_clause(self, a: int, end: int) -> bool:
        """The sentence opens with a noun phrase followed by a relative clause or an apposition, or
        with a subordinate clause: what precedes the next comma is no reported content."""
        t = self.t
        if t[a].text.lower() in _SUBORDINATORS or t[a].text.lower() in ("obwohl", "weil", "wenn", "als"):
            return True
        j = self.np_forward(a, end)
        if j <= a or j >= end or t[j].text != ",":
            return False
        nxt = t[j + 1].text if j + 1 < end else ""
        return nxt.lower() in _RELATIVE or self._apposition_at(j + 1, end)

    def _preposed(self, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
        """X sagte, (dass) content. / Außerdem sagte X, content. / X said (that) content."""
        t = self.t
        skip_to = a
        clause = a
        for k in range(a, min(end, a + 30)):
            if k in inside or k < skip_to:
                continue
            # the cue must come before the first comma, except after an apposition or a relative clause
            if t[k].text == "," and k > a and k - a <= 5 and ((t[k - 1].text[:1].isupper()
                                                               and self._apposition_at(k + 1, end))
                                                              or (not self.de and k + 1 < end
                                                                  and (k + 1 in self.named
                                                                       or t[k + 1].text[:1].isupper()))):
                # (English: "The data protection commissioner, Felix Braun, said" — a name in apposition)
                # "Dolkun Isa, der Sekretär des Weltkongresses (,) sagte": skip the apposition
                for x in range(k + 2, min(end, k + 14)):
                    if x in inside:
                        continue
                    if self.cue_at(x, end, inside) is not None:
                        break  # the apposition runs up to the verb: keep reading
                    if t[x].text == ",":
                        skip_to = x + 1
                        break
                continue
            if t[k].text in (",", ";") and k > a + 1 and not (k + 1 < end and self.lex.role_of(t[k + 1].text)):
                if k + 1 < end and t[k + 1].text.lower() in _RELATIVE:
                    skip_to = next((x for x in range(k + 2, end) if t[x].text == "," and x not in inside), end)
                    skip_to += 1
                    continue
                if k + 2 < end and t[k + 1].text.lower() in ("die", "der", "das") and t[k + 2].text[:1].isupper() \
                        and clause == a:
                    clause = k + 1  # a second main clause: "…, die Organisation bezweifelt aber, dass …"
                    continue
                break
            if k - a >= 14 and skip_to == a:
                break
            got = self.cue_at(k, end, inside)
            if got is None:
                continue
            form, cue_idx = got
            subj = self.subject_before(clause, cue_idx[0])
            sp_first = subj is not None
            if subj is None and len(cue_idx) == 2 and t[cue_idx[0]].text.lower() in _AUX_ALL:
                subj = self.speaker_after(cue_idx[0] + 1, cue_idx[1])  # "musste er betonen"
            if subj is None and k > a and t[k - 1].text == "und":
                first = self.np_forward(clause, k)
                if first > clause and t[first].text.islower():
                    subj = (clause, first)  # "Podolski war anwesend und sagte, …"
                    sp_first = True
            if subj is None and k > a:
                subj = self.speaker_after(k + 1, end)
            impersonal = subj is None and (
                (len(cue_idx) == 2 and t[cue_idx[0]].text.lower() in ("wurde", "wird", "wurden", "werden"))
                or (k > a and t[k - 1].text.lower() == "es") or (k + 1 < end and t[k + 1].text.lower() == "es"))
            if subj is None and not impersonal:
                continue
            if subj is None:
                subj = (cue_idx[-1] + 1, cue_idx[-1] + 1)
                sp_first = True
            if not self.de:
                got_en = self._english_content(clause, k, end, b, cue_idx, subj, sp_first, form)
                if got_en:
                    return got_en
                continue
            # the content starts after the comma that follows the cue (and its particle)
            last = max(cue_idx[-1], subj[1] - 1 if not sp_first else cue_idx[-1])
            c = last + 1
            while c < end and t[c].text not in (",", ":") and c - last < 12:
                if not self.de and t[c].text.lower() == "that":
                    break
                c += 1
            if c >= end:
                if not self.de and t[last + 1].text.lower() not in self.lex.pronouns and last + 2 < end:
                    c = last  # "X said talks were impossible": content right after the cue
                else:
                    continue
            content = c + 1
            if content >= end:
                continue
            head = t[content].text.lower()
            has_comp = head in self.lex.complementizers or self._zu_infinitive(content, end)
            if head in _SUBORDINATORS:
                continue  # "Der Brief wurde geschrieben, nachdem …": a time clause, not what was written
            colon_ok = t[c].text == ":" and not form.weak
            if self.de and not has_comp and not self.konj(content, end, inside) and (form.weak or t[c].text != ",") \
                    and not colon_ok:
                continue
            if self.de and form.weak and not has_comp and not self.konj(content, end, inside):
                continue
            frame = [(clause, content)]
            if subj[0] == subj[1]:
                subj = None
            return [Candidate([(content, end)], "Indirect", cue=cue_idx, speaker=subj, frame=frame,
                              medium=form.medium, rule="pre")]
        return []

    def _english_content(self, clause: int, k: int, end: int, b: int, cue_idx: list[int], subj: tuple[int, int],
                         sp_first: bool, form: CueForm) -> list[Candidate]:
        """English "X said (that) …", "X told reporters (on Monday) that …": the content runs from "that"
        (or the word after the cue and its object) to the end of the sentence, final stop included."""
        t = self.t
        if not sp_first or subj[0] == subj[1]:
            return []
        c = cue_idx[-1] + 1
        addressee_end = c
        if t[k].text.lower() in ("told", "tells", "tell") and c < end:
            addressee_end = self.np_forward(c, end)
            if t[c].text.lower() in self.lex.pronouns or t[c].text.lower() in ("reporters", "journalists", "us"):
                addressee_end = c + 1
        j = addressee_end
        while j < end and j - addressee_end < 6 and t[j].text.lower() not in ("that", ",", ":"):
            j += 1  # "on Monday", "last month"
        if j < end and t[j].text.lower() == "that":
            content = j
        elif addressee_end < end and t[addressee_end].text in (",", ":"):
            content = addressee_end + 1
        else:
            content = addressee_end
        if content >= end or end - content < 3:
            return []
        return [Candidate([(content, b)], "Indirect", cue=cue_idx, speaker=subj, frame=[(clause, addressee_end)],
                          medium=form.medium, rule="pre-en")]

    def _anaphoric(self, a: int, b: int, end: int, inside: set[int], before: tuple[int, int]) -> list[Candidate]:
        """"Dies teilte die Polizei mit." / "That is what X said.": the previous sentence is the content."""
        t = self.t
        if t[a].text.lower() not in ("dies", "das", "this", "that") or end - a > 16:
            return []
        if self.de and a + 3 < end and t[a + 1].text in ("geht", "ging") and t[a + 2].text == "aus":
            # "Dies geht aus einer Pressemitteilung des Konzerns hervor(, die …).": the document is the source
            out = next((k for k in range(a + 4, end) if t[k].text == "hervor"), None)
            if out is None:
                return []
            pa, pb = before
            while pb > pa and t[pb - 1].text in _PUNCT_END:
                pb -= 1
            return [Candidate([(pa, pb)], "Indirect", cue=[a + 1, out], speaker=(a + 3, out), frame=[(a, end)],
                              medium="Writing", rule="anaphoric-hervorgehen")]
        got = self.cue_at(a + 1, end, inside)
        if got is None:
            return []
        form, cue_idx = got
        sp = self.speaker_after(a + 2, end)
        if sp is None:
            return []
        pa, pb = before
        while pb > pa and t[pb - 1].text in _PUNCT_END:
            pb -= 1
        return [Candidate([(pa, pb)], "Indirect", cue=cue_idx, speaker=sp, frame=[(a, end)], medium=form.medium,
                          rule="anaphoric")]

    def _wie(self, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
        """Wie X mitteilte, content. / As X said, content."""
        t = self.t
        if t[a].text.lower() not in ("wie", "as"):
            return []
        for k in range(a + 2, min(end, a + 20)):
            if t[k].text == ",":
                got = self.cue_at(k - 1, end, inside) if k - 1 > a else None
                if got is None and k - 2 > a:
                    got = self.cue_at(k - 2, end, inside)
                if got is None:
                    continue  # "Wie die Premierministerin von Queensland, Anna Bligh, erklärte, …"
                form, cue_idx = got
                sp_end = self.np_forward(a + 1, cue_idx[0])
                sp = (a + 1, sp_end) if sp_end > a + 1 else None
                if k + 1 >= end:
                    return []
                return [Candidate([(k + 1, end)], "Indirect", cue=cue_idx, speaker=sp, frame=[(a, k + 1)],
                                  medium=form.medium, rule="wie")]
        return []

    def _embedded(self, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
        """A frame inside a subordinate or relative clause whose cue ends the clause: "…, der vor dem
        Parlament betonte, er gehöre …", "Nachdem die Anwältin dem Richter mitgeteilt hatte, dass …",
        "…, bei dem sie gesagt hatte, sie habe …". Only German: the clause is verb-final."""
        if not self.de:
            return []
        t = self.t
        starts: list[tuple[int, tuple[int, int] | None]] = []  # (first word of the clause body, relative pronoun)
        if t[a].text.lower() in _FRAME_SUBORDINATORS:
            starts.append((a + 1, None))
        for k in range(a + 1, end - 2):
            if k in inside or t[k].text != ",":
                continue
            w, nxt = t[k + 1].text.lower(), t[k + 2].text
            if w in ("der", "die", "das") and t[k - 1].text[:1].isupper() and not nxt[:1].isupper():
                starts.append((k + 2, (k + 1, k + 2)))  # the relative pronoun speaks for its antecedent
            elif w in _PREPOSITIONS and nxt.lower() in ("dem", "der", "denen", "welchem", "welcher"):
                starts.append((k + 3, None))
            elif w in _FRAME_SUBORDINATORS:
                starts.append((k + 2, None))
        for body, rel in starts:
            c = next((x for x in range(body, end) if t[x].text == "," and x not in inside), None)
            if c is None or c - body < (1 if rel else 2) or c + 2 >= end:
                continue
            got = self.cue_at(c - 1, end, inside)
            if got is None and t[c - 1].text.lower() in _AUX_ALL:
                got = self.cue_at(c - 2, end, inside)
            if got is None:
                continue
            form, cue_idx = got
            if t[c - 1].text.lower() in _AUX_ALL and c - 1 not in cue_idx:
                cue_idx = [*cue_idx, c - 1]  # "mitgeteilt hatte"
            refers = None
            if rel is not None:
                subj = rel
                x = rel[0] - 1
                while x - 1 >= a and x - 1 in self.named and t[x - 1].text[:1].isupper():
                    x -= 1
                refers = (x, rel[0] - 1) if x < rel[0] - 1 else None  # only a name before the pronoun resolves
            else:
                se = self.np_forward(body, cue_idx[0])
                if se == body and t[body].text.lower() in ("er", "sie"):
                    se = body + 1
                if se == body or not self._animate((body, se)):
                    continue
                subj = (body, se)
            content = c + 1
            fronted = body - 1 == a
            stop = end
            if fronted:  # "Nachdem X mitgeteilt hatte, dass …, hatte dieser …": the main clause follows
                stop = next((x for x in range(content + 1, end) if t[x].text == "," and x not in inside), end)
            has_comp = t[content].text.lower() in self.lex.complementizers or self._zu_infinitive(content, stop)
            if not has_comp and not self.konj(content, stop, inside, second=False):
                continue
            frame = [(a, content)] + ([(stop, b)] if stop < end else [])
            return [Candidate([(content, stop)], "Indirect", cue=cue_idx, speaker=subj, frame=frame,
                              medium=form.medium, rule="embedded", refers=refers)]
        return []

    def _attribution(self, a: int, b: int, end: int, inside: set[int]) -> list[Candidate]:
        """laut X / X zufolge / nach Angaben der X / according to X: the rest of the sentence is the content."""
        t = self.t
        lex = self.lex
        for k in range(a, end):
            if k in inside:
                continue
            w = t[k].text.lower()
            if self.de and w == "nach" and k - 1 > a and t[k - 1].text == "," and k + 3 < end \
                    and t[k + 1].text == "denen":
                # "Gerüchte, nach denen …": the relative pronoun is the source, as the dataset marks it
                stop = next((x for x in range(k + 3, end) if t[x].text == "," and x not in inside and x + 1 < end
                             and t[x + 1].text.islower() and t[x + 1].text.isalpha()
                             and t[x + 1].text not in self.lex.complementizers), end)
                return [Candidate([(k + 2, stop)], "Indirect", cue=[k], speaker=(k + 1, k + 2),
                                  frame=[(self.np_backward(k - 1, a), k + 2)], medium="SW", rule="nach-denen")]
            if self.de and w == "wonach" and k - 1 > a and t[k - 1].text == "," and k + 2 < end:
                # "Berichte, wonach …": the noun before is the source
                sp_start = self.np_backward(k - 1, a)
                stop = next((x for x in range(k + 2, end) if t[x].text == "," and x not in inside and x + 1 < end
                             and t[x + 1].text.islower() and t[x + 1].text.isalpha()
                             and t[x + 1].text not in self.lex.complementizers), end)
                speaker = (sp_start, k - 1) if sp_start < k - 1 else None
                return [Candidate([(k + 1, stop)], "Indirect", cue=[k], speaker=speaker,
                                  frame=[(sp_start, k + 1)], medium="SW", rule="wonach")]
            if w in lex.attribution_before or (w == "according" and k + 1 < end and t[k + 1].text == "to"):
                cue_end = k + 2 if w == "according" else k + 1
                sp_end = self.np_forward(cue_end, end)
                if sp_end == cue_end and self.de:
                    sp_end = self._long_np(cue_end, end)
                if sp_end == cue_end:
                    continue
                return [self._cut(a, end, k, sp_end, [k] if cue_end == k + 1 else [k, k + 1], (cue_end, sp_end))]
            if self.de and w == "nach" and a < k <= a + 3 and t[k - 1].text[:1].isupper() \
                    and (t[k - 1].text.lower().endswith(lex.nach_nouns) or t[k - 1].text == "Vernehmen") \
                    and k + 1 < end and t[k + 1].text.islower():
                sp_start = a  # "Dem Vernehmen nach soll …", "Seiner Ansicht nach ist …"
                return [self._cut(a, end, sp_start, k + 1, [k], (sp_start, k))]
            if self.de and w == "nach" and k - 2 > a and t[k - 2].text in _POSSESSIVES \
                    and t[k - 1].text[:1].isupper() and t[k - 1].text.lower().endswith(lex.nach_nouns):
                # "Die Mittel seien ihrer Meinung nach nicht gewahrt": a possessive attribution inside the sentence
                # (lower case only: a capitalised "Ihrer Meinung nach" there is the polite "your", an interviewer's)
                return [self._cut(a, end, k - 2, k + 1, [k], (k - 2, k))]
            if w in lex.attribution_after and k > a:
                sp_start = self.np_backward(k, a)
                if sp_start == k:
                    continue
                return [self._cut(a, end, sp_start, k + 1, [k], (sp_start, k))]
            if self.de and w == "nach":
                j = k + 1
                while j < end and j - k < 4 and t[j].text.islower() and t[j].text.endswith(("en", "er", "em", "e")) \
                        and t[j].text not in ("zwei", "drei", "eine"):
                    j += 1
                if j + 1 < end and t[j].text[:1].isupper() and t[j].text.endswith("s") and len(t[j].text) > 3 \
                        and t[j + 1].text[:1].isupper() and t[j + 1].text.lower().endswith(lex.nach_nouns):
                    j += 1  # "nach Celebis Angaben": a named owner in the genitive
                if j < end and t[j].text[:1].isupper() and t[j].text.lower().endswith(lex.nach_nouns):
                    sp_end = self.np_forward(k + 1, end)
                    if sp_end <= j:
                        sp_end = j + 1
                    return [self._cut(a, end, k, sp_end, [k], (k + 1, sp_end))]
            if k == a and w in lex.attribution_adverbs and k + 1 < end and t[k + 1].text.islower():
                return [Candidate([(k + 1, end)], "Indirect", cue=[k], speaker=(k, k + 1), frame=[(k, k + 1)],
                                  medium="SW", rule="attribution-adverb")]
            if self.de and w in lex.so_words and k > a and t[k - 1].text == "," and k + 1 < end:
                sp = self.speaker_after(k + 1, end)
                if sp is not None and sp[1] < end and t[sp[1]].text == ",":
                    return [self._cut(a, end, k - 1, sp[1], [k], sp)]
        return []

    def _noun_phrase_only(self, a: int, stop: int) -> bool:
        """[a, stop) is a noun phrase, or a noun phrase with a name in apposition ("The striker, Ben Adeyemi")."""
        t = self.t
        j = self.np_forward(a, stop)
        if j == stop and j > a:
            return True
        return a < j < stop - 1 and t[j].text == "," and stop - j - 1 <= 3 \
            and all(x in self.named or t[x].text[:1].isupper() for x in range(j + 1, stop))

    def _long_np(self, i: int, end: int) -> int:
        """A noun phrase ``np_forward`` does not read: a determiner with a participle phrase ("einer am
        Dienstag veröffentlichten Pressemitteilung des WFP") or a lower-case compound ("ai-Bericht")."""
        t = self.t
        if i < end and "-" in t[i].text and t[i].text[:1].islower() and t[i].text.rsplit("-", 1)[1][:1].isupper():
            return i + 1
        if i < end and t[i].text.lower() in _DETERMINERS_DE:
            for j in range(i + 2, min(end - 1, i + 7)):
                if t[j].text in (",", ";", ":") or j in self.named:
                    break
                if t[j].text.islower() and t[j].text.endswith(("e", "en", "er", "es")) and t[j + 1].text[:1].isupper():
                    got = self.np_forward(j + 1, end)
                    return got if got > j + 1 else i
        return i

    def _cut(self, a: int, end: int, fa: int, fb: int, cue: list[int], speaker: tuple[int, int]) -> Candidate:
        """A statement whose content is the sentence around an attribution frame [fa, fb)."""
        t = self.t
        parts = []
        left_end = fa
        while left_end > a and t[left_end - 1].text in (",", "–", "-"):
            left_end -= 1
        if left_end > a:
            parts.append((a, left_end))
        right = fb
        while right < end and t[right].text in (",", "–", "-"):
            right += 1
        if right < end:
            parts.append((right, end))
        if not parts:
            parts = [(a, end)]
        frame_a = fa
        frame_b = fb + 1 if not self.de and fb < end and t[fb].text == "," else fb
        return Candidate(parts, "Indirect", cue=cue, speaker=speaker, frame=[(frame_a, frame_b)], medium="SW",
                         rule="attribution")
