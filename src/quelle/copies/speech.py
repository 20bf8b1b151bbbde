"""Where a text gives someone's words without quotation marks: attributed reported speech.

Why: copy detection sets quotations aside, because two reports of one statement share the
statement's words, not one another's narration. Reports also give those words as reported
speech ("Захарова заявила, что ...", "По словам Захаровой, ...", "according to her, ..."), word
for word from the statement, and a statement's own transcript then shares them with every
report of it. This module finds such spans from the cues of ``data/reported_speech.yaml``:

* a verb of saying followed, within the same sentence, by a complementizer: speech from the
  complementizer to the sentence's end;
* an "according to" phrase: speech from the phrase to the sentence's end;
* a sentence whose last clause is ", <verb of saying> <a few words>.": speech from the
  sentence's start to that comma.

The frames themselves ("she said on Wednesday at a briefing") stay narration, and they decide:
a copy shares a stretch of reported speech with its frame, a statement's transcript (or another
report of it) shares the words without the frame. ``quelle.copies.near`` sets aside only the
stretches whose frame the other text lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

DATA = Path(str(resources.files("quelle.copies") / "data")) / "reported_speech.yaml"
GAP = 80  # characters between a verb of saying and its complementizer
FRAME_WORDS = 5  # words between an "according to" phrase and its comma that still belong to the frame
TAIL_WORDS = 8  # words after the last comma of a sentence that ends with its verb of saying
_SENTENCE_END = re.compile(r"[.!?…][\"»”“'’)]*(?=\s|$)|\n")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Cues:
    """One language's cue patterns (compiled from the data file)."""

    clause: re.Pattern[str] | None  # a verb of saying ... its complementizer
    according: re.Pattern[str] | None  # an "according to" phrase
    verb: re.Pattern[str] | None


def _alternation(phrases: list[str]) -> str:
    parts = sorted({str(p).strip().casefold() for p in phrases if str(p).strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


def _compile(spec: dict) -> Cues:
    verbs = _alternation(spec.get("verbs") or [])
    comps = _alternation(spec.get("complementizers") or [])
    according = _alternation(spec.get("according") or [])
    word = lambda alternation: rf"(?<!\w)(?:{alternation})(?!\w)"  # noqa: E731
    clause = rf"{word(verbs)}[^.!?\n\"«»„“”]{{0,{GAP}}}?(?P<comp>{word(comps)})"
    return Cues(
        re.compile(clause, re.IGNORECASE) if verbs and comps else None,
        re.compile(word(according), re.IGNORECASE) if according else None,
        re.compile(word(verbs), re.IGNORECASE) if verbs else None)


@lru_cache(maxsize=1)
def _all_cues() -> dict[str, Cues]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("copies/data/reported_speech.yaml: expected a mapping of language -> cues")
    out: dict[str, Cues] = {}
    for language, spec in raw.items():
        if isinstance(spec, dict) and "same_as" not in spec:
            out[str(language)] = _compile(spec)
    for language, spec in raw.items():
        if isinstance(spec, dict) and "same_as" in spec and str(spec["same_as"]) in out:
            out[str(language)] = out[str(spec["same_as"])]
    return out


def cues(language: str | None) -> Cues | None:
    return _all_cues().get(language or "")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > pos:
            out.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def _opened(found: Cues, text: str, s: int, e: int) -> Speech | None:
    """The speech a cue opens in the sentence ``text[s:e]``: the earliest cue's, to the sentence's end."""
    clause = found.clause.search(text, s, e) if found.clause is not None else None
    according = found.according.search(text, s, e) if found.according is not None else None
    if according is not None and (clause is None or according.start() < clause.start()):
        cut = according.end()
        comma = text.find(",", cut, e)  # "По словам Захаровой, ...", "according to the minister, ..."
        if comma > cut and len(_WORDS.findall(text, cut, comma)) <= FRAME_WORDS:
            cut = comma + 1
        start = according.start()
    elif clause is not None:  # the complementizer opens the words: a statement may have it too
        start, cut = clause.start(), clause.start("comp")
    else:
        return None
    return Speech((start, cut), (cut, e)) if _WORDS.search(text, cut, e) else None


@dataclass(frozen=True, slots=True)
class Speech:
    """One stretch of reported speech: the cue that frames it and the speaker's words."""

    frame: tuple[int, int]
    words: tuple[int, int]


def speech_spans(text: str, language: str | None, ranges: list[tuple[int, int]] | None = None) -> list[Speech]:
    """Attributed reported speech in ``text`` (within ``ranges``, the paragraphs), with its frames."""
    found = cues(language)
    if found is None or not text:
        return []
    out: list[Speech] = []
    for p_start, p_end in ranges or [(0, len(text))]:
        for s, e in _sentences(text, p_start, p_end):
            speech = _opened(found, text, s, e)
            if speech is not None:
                out.append(speech)
                continue
            if found.verb is not None:
                comma = text.rfind(",", s, e)
                if comma > s:
                    tail = text[comma + 1:e]
                    if len(_WORDS.findall(tail)) <= TAIL_WORDS and found.verb.search(tail):
                        out.append(Speech((comma, e), (s, comma)))
    return out
