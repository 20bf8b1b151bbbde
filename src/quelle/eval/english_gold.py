"""Build the English gold set (english_gold.jsonl) from its compact, hand-written source.

Why a generator: annotating token ids by hand is error-prone; the source marks parts inline
(<q1>..</q1>, <s1>, <c1>, <f1>, <a1>) in invented articles, and this script writes the same
JSON shape as the German dataset (documentName, originalText, tokens, sentences, annotations),
with a simple tokenizer of our own, plus ``speakerName`` for speaker-name scoring.

Run ``python -m quelle.eval.english_gold`` after editing english_gold_source.yaml; a test checks
that the committed JSONL is up to date.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from quelle.eval.quotes import MEDIA, PARTS, TYPES

SOURCE = "english_gold_source.yaml"
TARGET = "english_gold.jsonl"
_TAG = re.compile(r"<(/?)([qscfa])(\d+)>")
_PART = {"q": "quote", "s": "speaker", "c": "cue", "f": "frame", "a": "addressee"}
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_CLOSERS = {'"', "”", "’", "'", ")", "»", "“"}


def strip_tags(marked: str) -> tuple[str, dict[tuple[str, int], list[tuple[int, int]]]]:
    """Plain text and, per (part, quotation number), its character ranges."""
    out: list[str] = []
    length = 0
    pos = 0
    open_at: dict[tuple[str, int], int] = {}
    ranges: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for match in _TAG.finditer(marked):
        chunk = marked[pos:match.start()]
        out.append(chunk)
        length += len(chunk)
        pos = match.end()
        key = (_PART[match.group(2)], int(match.group(3)))
        if match.group(1):
            if key not in open_at:
                raise ValueError(f"closing tag {match.group()} without an opening one")
            ranges.setdefault(key, []).append((open_at.pop(key), length))
        else:
            if key in open_at:
                raise ValueError(f"tag {match.group()} opened twice")
            open_at[key] = length
    out.append(marked[pos:])
    if open_at:
        raise ValueError(f"unclosed tags: {sorted(open_at)}")
    return "".join(out), ranges


def tokenize(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tokens and sentences in the dataset's shape (sentence numbers in tokens are 1-based)."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    groups: list[list[int]] = []
    current: list[int] = []
    for i, (start, end) in enumerate(spans):
        if current and "\n" in text[spans[current[-1]][1]:start]:
            groups.append(current)
            current = []
        current.append(i)
        word = text[start:end]
        nxt = text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else None
        if word in ".!?" and nxt not in _CLOSERS or word in _CLOSERS and current and len(current) > 1 and \
                text[spans[current[-2]][0]:spans[current[-2]][1]] in ".!?":
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    tokens: list[dict[str, Any]] = []
    sentences: list[dict[str, Any]] = []
    for number, ids in enumerate(groups):
        begin, end = spans[ids[0]][0], spans[ids[-1]][1]
        for word_number, i in enumerate(ids, 1):
            s, e = spans[i]
            tokens.append({"id": i, "text": text[s:e], "charBegin": s, "charEnd": e,
                           "sentence": number + 1, "word": word_number})
        sentences.append({"id": number, "begin": ids[0], "end": ids[-1] + 1, "charBegin": begin, "charEnd": end,
                          "text": text[begin:end], "tokenIds": ids, "tokens": [text[s:e] for s, e in
                                                                                (spans[i] for i in ids)]})
    return tokens, sentences


def _part(ranges: list[tuple[int, int]], tokens: list[dict[str, Any]]) -> dict[str, Any]:
    ids = sorted({t["id"] for t in tokens for s, e in ranges if t["charBegin"] < e and s < t["charEnd"]})
    spans: list[dict[str, int]] = []
    for i in ids:
        t = tokens[i]
        if spans and spans[-1]["end"] == i:
            spans[-1]["end"], spans[-1]["charEnd"] = i + 1, t["charEnd"]
        else:
            spans.append({"begin": i, "end": i + 1, "charBegin": t["charBegin"], "charEnd": t["charEnd"]})
    return {"text": " ".join(tokens[i]["text"] for i in ids), "tokenIds": ids, "spans": spans}


def build_document(entry: dict[str, Any]) -> dict[str, Any]:
    text, ranges = strip_tags(entry["text"])
    tokens, sentences = tokenize(text)
    quotes = {int(k): v for k, v in (entry.get("quotes") or {}).items()}
    numbers = sorted({n for _, n in ranges})
    if numbers != sorted(quotes):
        raise ValueError(f"{entry['id']}: marked quotations {numbers} but labelled {sorted(quotes)}")
    annotations = []
    for index, n in enumerate(numbers):
        kind, medium, name = quotes[n]
        if kind not in TYPES or medium not in MEDIA:
            raise ValueError(f"{entry['id']} quotation {n}: bad type/medium {kind!r}/{medium!r}")
        if ("quote", n) not in ranges:
            raise ValueError(f"{entry['id']} quotation {n}: no <q{n}> span")
        annotation: dict[str, Any] = {"id": index}
        for part in PARTS:
            annotation[part] = _part(ranges.get((part, n), []), tokens)
        annotation.update({"type": kind, "medium": medium, "speakerName": name,
                           "isNested": False, "hasNested": False})
        annotations.append(annotation)
    name = f"{entry['id']} - {entry['title']} ({entry['date']})"
    return {"documentName": name, "originalText": text, "tokens": tokens, "sentences": sentences,
            "annotations": annotations}


def build() -> list[dict[str, Any]]:
    source = resources.files("quelle.eval").joinpath("data", SOURCE).read_text(encoding="utf-8")
    return [build_document(entry) for entry in yaml.safe_load(source)]


def render(docs: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs)


def main() -> None:
    target = Path(__file__).resolve().parent / "data" / TARGET
    docs = build()
    target.write_text(render(docs), encoding="utf-8")
    count = sum(len(d["annotations"]) for d in docs)
    print(f"wrote {target} ({len(docs)} documents, {count} quotations)", file=sys.stderr)


if __name__ == "__main__":
    main()
