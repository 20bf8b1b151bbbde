"""Speaker-name accuracy: does ``speaker.name`` give the person a pronoun, role noun or surname means?

Why separate from the quotation scorer: the dataset scores the speaker *mention* tokens ("er",
"der Minister"), not who it is. This check takes a gold set of mentions with the full name of
the person they refer to (speaker_resolution_dev.tsv for the German dev split, or the
``speakerName`` fields of the English gold set), finds the predicted statement whose speaker
mention overlaps the gold mention (else the one whose quote best overlaps the gold quote), and
compares names: exactly after whitespace normalisation, and leniently by surname (labelled so).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quelle.errors import BadInput
from quelle.eval.jsonl import read_data_text
from quelle.eval.predictions import document_for
from quelle.eval.tokens import OffsetMap
from quelle.model import Document, Report, Statement

DEFAULT_SET = "speaker_resolution_dev.tsv"
COLUMNS = ("document", "annotation", "start", "end", "kind", "name")


@dataclass(frozen=True, slots=True)
class Item:
    """One gold speaker mention (character offsets in originalText) and the name it refers to."""

    document: str
    annotation: int
    start: int
    end: int
    kind: str
    name: str | None


@dataclass(slots=True)
class Outcome:
    item: Item
    predicted: str | None
    found: bool  # a predicted statement was matched to the gold quotation
    exact: bool
    surname: bool


@dataclass(slots=True)
class SpeakerScores:
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def accuracy(self, kind: str | None = None, *, lenient: bool = False) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if kind is None or o.item.kind == kind]
        right = sum(1 for o in chosen if (o.surname if lenient else o.exact))
        return right, len(chosen)


def normalise(name: str | None) -> str:
    return " ".join((name or "").split())


def surname(name: str | None) -> str:
    words = normalise(name).replace("’", "'").split(" ")
    return words[-1].casefold() if words and words[-1] else ""


def read_set(path: str | Path | None = None) -> list[Item]:
    """Rows of a speaker set TSV ('#' lines are comments; the first other line is the header)."""
    text, where = read_data_text(DEFAULT_SET, path)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise BadInput(f"{where}: the header must be {' '.join(COLUMNS)}")
    items = []
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(COLUMNS):
            raise BadInput(f"{where}: row {number} has {len(row)} fields, not {len(COLUMNS)}")
        try:
            items.append(Item(row[0], int(row[1]), int(row[2]), int(row[3]), row[4], row[5] or None))
        except ValueError:
            raise BadInput(f"{where}: row {number}: annotation, start and end must be integers") from None
    return items


def items_from_gold(gold_docs: Iterable[Mapping[str, Any]]) -> list[Item]:
    """A set from gold annotations that carry ``speakerName`` (the English gold set)."""
    items = []
    for doc in gold_docs:
        by_id = {t["id"]: t for t in doc.get("tokens") or []}
        for number, annotation in enumerate(doc.get("annotations") or []):
            name = annotation.get("speakerName")
            ids = (annotation.get("speaker") or {}).get("tokenIds") or []
            if not name or not ids:
                continue
            words = normalise(annotation["speaker"].get("text", "")).split(" ")
            items.append(Item(doc["documentName"], annotation.get("id", number), by_id[min(ids)]["charBegin"],
                              by_id[max(ids)]["charEnd"], mention_kind(words), name))
    return items


def mention_kind(words: list[str]) -> str:
    """pronoun ("he", "sie"), role (lower-case nouns after a determiner: "the minister") or named."""
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    if len(words) > 1 and all(w[:1].islower() for w in words[1:]):
        return "role"
    return "named"


_PRONOUNS = {"he", "she", "they", "er", "sie", "es", "der", "die", "diese", "dieser"}


def _quote_ranges(annotation: Mapping[str, Any], tokens: Mapping[int, Mapping[str, Any]]) -> list[tuple[int, int]]:
    ids = (annotation.get("quote") or {}).get("tokenIds") or []
    return [(tokens[i]["charBegin"], tokens[i]["charEnd"]) for i in ids if i in tokens]


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    b = list(b)
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match_statement(item: Item, gold_quote: list[tuple[int, int]], statements: list[Statement],
                    offsets: OffsetMap) -> Statement | None:
    """The predicted statement for a gold quotation: speaker mention overlap first, then quote overlap."""
    best: tuple[int, int] | None = None
    chosen = None
    for st in statements:
        quote = [offsets.span(s.start, s.end) for s in st.spans]
        quote_overlap = _overlap(quote, gold_quote)
        mention = st.speaker.mention if st.speaker else None
        speaker_overlap = 0
        if mention is not None:
            speaker_overlap = _overlap([offsets.span(mention.start, mention.end)], [(item.start, item.end)])
        if speaker_overlap == 0 and quote_overlap == 0:
            continue
        key = (1 if speaker_overlap else 0, quote_overlap)
        if best is None or key > best:
            best, chosen = key, st
    return chosen


def evaluate(gold_docs: list[Mapping[str, Any]], items: list[Item],
             run: Callable[[Document], Report] | None = None,
             progress: Callable[[int], None] | None = None) -> SpeakerScores:
    """Run the extractor once per document that has items, and score each item's name."""
    if run is None:
        from quelle.pipeline import analyze_or_error as run
    by_name = {doc["documentName"]: doc for doc in gold_docs}
    wanted: dict[str, list[Item]] = defaultdict(list)
    scores = SpeakerScores()
    for item in items:
        if item.document in by_name:
            wanted[item.document].append(item)
        else:
            scores.errors.append(f"{item.document}: not in the gold file")
    for done, (name, doc_items) in enumerate(wanted.items(), 1):
        doc = by_name[name]
        try:
            report = run(document_for(doc))
            if report.error:
                raise RuntimeError(report.error.get("message"))
            statements = report.statements
            offsets = OffsetMap(report.source_text, doc["originalText"])
        except Exception as err:  # noqa: BLE001 - a failed document is recorded; the run goes on
            scores.errors.append(f"{name}: {type(err).__name__}: {err}")
            statements, offsets = [], OffsetMap("", "")
        tokens = {t["id"]: t for t in doc.get("tokens") or []}
        annotations = {a.get("id", i): a for i, a in enumerate(doc.get("annotations") or [])}
        for item in doc_items:
            gold_quote = _quote_ranges(annotations.get(item.annotation, {}), tokens)
            st = match_statement(item, gold_quote, statements, offsets)
            predicted = st.speaker.name if st is not None and st.speaker else None
            scores.outcomes.append(Outcome(
                item=item, predicted=predicted, found=st is not None,
                exact=bool(predicted) and normalise(predicted) == normalise(item.name),
                surname=bool(predicted) and surname(predicted) == surname(item.name),
            ))
        if progress:
            progress(done)
    return scores


def format_scores(scores: SpeakerScores) -> list[str]:
    """Lines per kind of mention; the last is the overall exact speaker-name accuracy."""
    def ratio(pair: tuple[int, int]) -> str:
        right, total = pair
        return f"{right / total:.3f} ({right}/{total})" if total else "n/a (0/0)"

    kinds = sorted({o.item.kind for o in scores.outcomes})
    found = sum(1 for o in scores.outcomes if o.found)
    named = sum(1 for o in scores.outcomes if o.predicted)
    lines = [f"items {len(scores.outcomes)}  matched to a predicted statement {found}  with a speaker name {named}"
             f"  errors {len(scores.errors)}"]
    for kind in kinds:
        lines.append(f"  {kind:<8} exact {ratio(scores.accuracy(kind))}  "
                     f"surname match (lenient) {ratio(scores.accuracy(kind, lenient=True))}")
    lines.append(f"surname match (lenient) {ratio(scores.accuracy(lenient=True))}")
    lines.append(f"speaker-name accuracy {ratio(scores.accuracy())}")
    return lines


def format_failures(scores: SpeakerScores, gold_docs: Iterable[Mapping[str, Any]], context: int = 80) -> list[str]:
    """One line per wrong item: kind, gold name, predicted name (or why none), mention and its context."""
    texts = {doc["documentName"]: doc.get("originalText", "") for doc in gold_docs}
    lines = []
    for o in scores.outcomes:
        if o.exact:
            continue
        text = texts.get(o.item.document, "")
        mention = text[o.item.start:o.item.end]
        around = " ".join(text[max(0, o.item.start - context):o.item.end + context].split())
        why = o.predicted if o.predicted else ("no speaker name" if o.found else "no matched statement")
        lines.append(f"FAIL {o.item.kind:<8} {o.item.document[:12]} #{o.item.annotation} gold={o.item.name!r} "
                     f"predicted={why!r} mention={mention!r} | {around}")
    return lines
