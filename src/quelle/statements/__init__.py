"""Who said what: quotes, reported speech, speakers and entities (issue 3).

``extract(article)`` reads the clean paragraphs only, but every span it returns indexes the
article's ``source_text``. The path is rule-based (lexicons in ``statements/data``); the info
dict says so, with the language and lexicon used.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from quelle.model import Article, Entity, Mention, Span, Speaker, Statement
from quelle.statements.entities import EntityInfo, find_entities
from quelle.statements.lexicon import lexicon
from quelle.statements.resolve import Resolved, SpeakerResolver
from quelle.statements.rules import Candidate, SentenceRules
from quelle.statements.rules.addressees import addressee
from quelle.statements.text import Quote, Token, find_quotes, sentences, tokenize

PATH = "rules/1"
_FREE = ("IndirectFreeIndirect", "FreeIndirect")
LANGUAGES = ("de", "en")


def extract(article: Article) -> tuple[list[Statement], list[Entity], dict]:
    """Statements and entities of an article; the dict says which path ran."""
    language = article.language if article.language in LANGUAGES else None
    if language is None:
        return [], [], {"statements": "skipped", "statements_reason": f"language {article.language!r} not supported"}
    doc = _Doc(article, language)
    statements = doc.statements()  # first: resolving speakers may add persons to the entities
    return statements, doc.entities(), {"statements": PATH, "statements_language": language}


class _Doc:
    """One article's tokens, sentences, entities and statements."""

    def __init__(self, article: Article, language: str) -> None:
        self.article = article
        self.source = article.source_text
        self.lex = lexicon(language)
        self.language = language
        self.tokens: list[Token] = []
        self.quotes: list[Quote] = []
        self.sents: list[tuple[int, int, int]] = []  # (a, b, paragraph number)
        breaks: set[int] = set()
        title = article.title_span
        first = article.paragraphs[0].start if article.paragraphs else len(self.source)
        if title is not None and title.end <= first and title.text.strip():
            # names in the headline help to resolve speakers; statements come from paragraphs only
            self.tokens.extend(tokenize(title.text, title.start))
            breaks.add(0)
        for number, para in enumerate(article.paragraphs):
            base = len(self.tokens)
            toks = tokenize(para.text, para.start)
            quotes = find_quotes(toks)
            lines: set[int] = set()
            if toks and "\n" in self.source[toks[0].end:toks[-1].start]:  # else no gap holds a line break
                lines = {k for k in range(1, len(toks)) if "\n" in self.source[toks[k - 1].end:toks[k].start]}
            for a, b in sentences(toks, quotes, lines):
                self.sents.append((a + base, b + base, number))
                breaks.add(a + base)
            self.quotes.extend(Quote(q.open + base, None if q.close is None else q.close + base) for q in quotes)
            self.tokens.extend(toks)
        self.ents, self.tok_ent = find_entities(self.tokens, self.lex, breaks)
        self._starts = [t.start for t in self.tokens]
        lede_end = self.sents[1][0] if len(self.sents) > 1 else len(self.tokens)
        if article.paragraphs and len(self.sents) > 1:
            first_para = [s for s in self.sents if s[2] == 0]
            lede_end = first_para[-1][1] if first_para else lede_end
        self.resolver = SpeakerResolver(self.tokens, self.ents, self.tok_ent, self.lex, lede_end,
                                        [s[0] for s in self.sents])

    # ---- statements ----------------------------------------------------
    def statements(self) -> list[Statement]:
        rules = self.rules = SentenceRules(self.lex, self.tokens)
        rules.named = set(self.tok_ent)
        out: list[Statement] = []
        prev: Candidate | None = None
        prev_stmt: Statement | None = None
        prev_sent = -10
        prev_para = -1
        qi = 0
        for number, (a, b, para) in enumerate(self.sents):
            quotes = []
            while qi < len(self.quotes) and self.quotes[qi].open < a:
                qi += 1
            k = qi
            while k < len(self.quotes) and self.quotes[k].open < b:
                quotes.append(self.quotes[k])
                k += 1
            near = prev is not None and number - prev_sent <= 1
            before = self.sents[number - 1][:2] if number and self.sents[number - 1][2] == para else None
            if out and before is not None and out[-1].spans[-1].end >= self.tokens[before[0]].start:
                before = None  # the sentence before is already a statement
            outer: int | None = None  # the statement whose quoted parts the sentence's "nested" candidates are
            for cand in rules.sentence(a, b, quotes, prev, near, before):
                if self._continues(cand, prev, prev_stmt, number - prev_sent, para, prev_para):
                    self._extend(prev_stmt, cand)  # one free indirect passage over several sentences
                    prev_sent = number
                    continue
                stmt = self._statement(cand, prev_stmt)
                if stmt is None:
                    continue
                if stmt.speaker is None and cand.type in _FREE and number and self.sents[number - 1][2] == para:
                    stmt.speaker = self._subject_speaker(self.sents[number - 1][0], out)
                if stmt.speaker is None and cand.type in _FREE and prev_stmt is not None and prev_stmt.speaker \
                        and number - prev_sent == 2 and para == prev_para:
                    sp = prev_stmt.speaker  # one narrative sentence between: the speech goes on
                    stmt.speaker = Speaker(sp.mention, sp.name, sp.role, sp.entity, sp.kind, "previous statement")
                if cand.rule == "nested" and outer is not None:
                    stmt.parent = outer
                    out[outer].quoted_parts.append(stmt.spans[0])
                elif cand.rule != "nested":
                    outer = len(out)
                out.append(stmt)
                if cand.rule not in rules.extra_names:  # a second source does not take over the speech
                    prev, prev_stmt, prev_sent, prev_para = cand, stmt, number, para
        self._second_pass(out)
        return out

    def _second_pass(self, out: list[Statement]) -> None:
        """Speakers left without a name get another try once every statement has been read: a person
        named in full only later ("Gülsen Celebi gab an") can then be found from "Celebi" earlier."""
        for stmt in out:
            sp = stmt.speaker
            if sp is None or sp.name or sp.mention is None:
                continue
            a = self._token_at(sp.mention.start)
            last = self._token_at(sp.mention.end - 1)
            if a is None or last is None:
                continue
            res = self.resolver.resolve(a, last + 1)
            if res.name:
                how = sp.resolution if sp.resolution == "previous statement" else res.how
                stmt.speaker = Speaker(sp.mention, res.name, res.role, res.entity, res.kind, how)

    def _subject_speaker(self, k: int, out: list[Statement]) -> Speaker | None:
        """Free indirect speech after a sentence about someone who has spoken ("Pflugbeil war in
        Japan. Einige Vertreter würden …"): that sentence's subject, if it opens with their name
        or a pronoun for them, is the speaker."""
        spoken = {st.speaker.entity for st in out if st.speaker is not None and st.speaker.entity is not None}
        if not spoken:
            return None
        b = k
        if k in self.tok_ent:
            while b < len(self.tokens) and self.tok_ent.get(b) == self.tok_ent[k]:
                b += 1
        elif self.tokens[k].text.lower() in ("er", "sie"):
            b = k + 1
        else:
            return None
        res = self.resolver.resolve(k, b)
        if res.entity not in spoken or res.kind != "person":
            return None
        span = self._span(k, b)
        return Speaker(Mention(span.text, span.start, span.end), res.name, res.role, res.entity, res.kind,
                       "subject of the sentence before")

    def _token_at(self, offset: int) -> int | None:
        """The token covering a character offset of source_text (binary search over token starts)."""
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and self.tokens[k].start <= offset < self.tokens[k].end:
            return k
        return None

    @staticmethod
    def _continues(cand: Candidate, prev: Candidate | None, prev_stmt: Statement | None, gap: int, para: int,
                   prev_para: int) -> bool:
        """A free indirect sentence right after another one, in the same paragraph, by the same speaker."""
        return (prev is not None and prev_stmt is not None and gap == 1 and para == prev_para
                and cand.type in _FREE and prev.type == cand.type
                and (cand.inherit or (cand.speaker is None and prev.speaker is None)))

    def _extend(self, stmt: Statement, cand: Candidate) -> None:
        last = stmt.spans[-1]
        end = self.tokens[cand.quote[-1][1] - 1].end
        stmt.spans[-1] = Span(last.start, end, self.source[last.start:end])
        stmt.text = " ".join(s.text for s in stmt.spans)

    def _span(self, a: int, b: int) -> Span:
        start, end = self.tokens[a].start, self.tokens[b - 1].end
        return Span(start, end, self.source[start:end])

    def _statement(self, cand: Candidate, prev: Statement | None) -> Statement | None:
        spans = [self._span(a, b) for a, b in cand.quote if b > a]
        if not spans:
            return None
        cue = None
        cue_parts = [self._span(k, k + 1) for k in cand.cue]
        if cand.cue:
            # ``cue`` is one span: the whole cue when its words stand close ("fügte hinzu", "teilte
            # gestern mit"), else its first word; ``cue_parts`` always lists the words exactly
            # (a leading "Wie" of "Wie X mitteilte" is only in ``cue_parts``: the verb is the cue)
            head = [k for k in cand.cue if self.tokens[k].text.lower() != "wie"] or cand.cue
            first = self.tokens[head[0]]
            cue = Mention(first.text, first.start, first.end)
            if len(head) > 1 and head[-1] <= head[0] + 3:
                cue = Mention(self.source[first.start:self.tokens[head[-1]].end], first.start,
                              self.tokens[head[-1]].end)
        speaker = None
        evidence = [{"kind": "rule", "detail": cand.rule}]
        if cand.inherit and prev is not None and prev.speaker is not None:
            sp = prev.speaker
            speaker = Speaker(sp.mention, sp.name, sp.role, sp.entity, sp.kind, "previous statement")
        elif cand.speaker is not None:
            a, b = cand.speaker
            while b > a and self.tokens[b - 1].text in (",", "„", "-", "–"):
                b -= 1
            if b - a == 1 and (self.tokens[a].text.lower() == "es" or self.tokens[a].text.lower() == "it" and (
                    b >= len(self.tokens) or self.tokens[b].text.lower() in ("is", "was", "seems", "appears"))):
                b = a  # impersonal "es heißt", "it is said": no speaker ("it criticized …" keeps its "it")
            if all(self.tokens[k].text.lower() in self.lex.not_speakers for k in range(a, b)):
                b = a  # "any", "Sunday", "und": no mention of a person or organisation
            if b > a:
                span = self._span(a, b)
                res: Resolved = self.resolver.resolve(*(cand.refers or (a, b)))
                self.resolver.remember(a, res.entity)
                speaker = Speaker(Mention(span.text, span.start, span.end), res.name, res.role, res.entity,
                                  res.kind, res.how)
                if res.how:
                    evidence.append({"kind": "speaker", "detail": res.how})
        frame = [self._span(a, b) for a, b in cand.frame if b > a]
        addressee = self._addressee(cand)
        if addressee is not None and speaker is not None and speaker.mention.start == addressee.start:
            speaker = None  # "Ihm wird vorgeworfen, …": the passive's subject is whom it was said to
        if cue is not None:
            evidence.append({"kind": "cue", "text": cue.text, "start": cue.start, "end": cue.end})
        return Statement(
            text=" ".join(s.text for s in spans),
            spans=spans,
            type=cand.type,
            cue=cue,
            speaker=speaker,
            medium=cand.medium,
            addressee=addressee,
            said_on=self._said_on(self._frame_region(cand, spans, frame)),
            frame=frame,
            evidence=evidence,
            cue_parts=cue_parts if len(cue_parts) > 1 else [],
        )

    def _addressee(self, cand: Candidate) -> Mention | None:
        """Whom the words were addressed to: "gegenüber Reportern", "told reporters"."""
        for a, b in cand.frame:
            for k in range(a, b - 1):
                word = self.tokens[k].text.lower()
                if word in ("gegenüber", "told"):
                    end = self.rules.np_forward(k + 1, b)
                    if end == k + 1 and self.tokens[k + 1].text[:1].isalpha():
                        end = k + 2  # a bare plural: "gegenüber Reportern"
                    if end > k + 1:
                        span = self._span(k + 1, end)
                        return Mention(span.text, span.start, span.end)
        got = addressee(self.rules, cand)
        if got is not None:
            span = self._span(*got)
            return Mention(span.text, span.start, span.end)
        return None

    def _frame_region(self, cand: Candidate, spans: list[Span], frame: list[Span]) -> list[Span]:
        """Where a date of saying can stand: the frame, and the words between it and the content
        ("X told reporters *on Monday* that …" keeps the date outside the frame the gold sets mark)."""
        if not frame:
            return frame
        lo, hi = min(f.start for f in frame), max(f.end for f in frame)
        first, last = spans[0].start, spans[-1].end
        if first >= hi:
            hi = first
        elif last <= lo:
            lo = last
        return [Span(lo, hi, self.source[lo:hi])]

    def _said_on(self, frame: list[Span]) -> dict | None:
        """The date the frame gives ("sagte ... am Montag"), resolved against the publication date."""
        if not frame:
            return None
        from quelle.dates import find_date_expressions, resolve_relative_date

        published = None
        if self.article.published:
            try:
                published = date.fromisoformat(self.article.published[:10])
            except ValueError:
                published = None
        for span in frame:
            for start, _end, text in find_date_expressions(span.text, self.language):
                value = resolve_relative_date(text, published, self.language)
                if value:  # start/end stay the date's bounds; where the words stand is text_start/text_end
                    return {**value, "text": text, "text_start": span.start + start,
                            "text_end": span.start + start + len(text)}
        return None

    # ---- entities ------------------------------------------------------
    def entities(self) -> list[Entity]:
        return [_entity(i, e, self.source) for i, e in enumerate(self.ents)]


def _entity(index: int, info: EntityInfo, source: str) -> Entity:
    mentions = [Mention(source[m.start:m.end], m.start, m.end) for m in info.mentions]
    return Entity(id=index, kind=info.kind, name=info.name, mentions=mentions, roles=list(info.roles))
