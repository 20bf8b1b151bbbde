"""The English Wikinews evaluation set: committed offsets + rebuilt texts -> gold JSONL.

Why offsets and not text: the articles are third-party text (English Wikinews, CC BY 2.5), so the
repository holds only where each attribution lies (character offsets per part), its labels, the
page address, the query that finds the page with the search tool, and a SHA-256 of the text. The
user rebuilds the texts into an untracked folder (docs/statements.md says how); this module checks
each text against its hash and writes the gold set in the German dataset's shape (tokens,
sentences, annotations with tokenIds, plus ``speakerName``), one file per split. A missing or
changed text is reported and skipped, never a crash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quelle.errors import BadInput, UnreadableInput
from quelle.eval.english_gold import _part, tokenize
from quelle.eval.jsonl import read_data_text
from quelle.eval.quotes import MEDIA, PARTS, TYPES

ANNOTATIONS = "english_wikinews.jsonl"
SPLITS = ("dev", "heldout")
LICENCE = "CC BY 2.5 (English Wikinews contributors)"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class BuildResult:
    """Documents per split and every problem met (missing text, hash mismatch, bad offsets)."""

    documents: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in SPLITS})
    problems: list[str] = field(default_factory=list)


def read_annotations(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The committed article records (the packaged file unless ``path`` is given)."""
    raw, where = read_data_text(ANNOTATIONS, path)
    records = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise BadInput(f"{where}:{number}: not valid JSON ({err.msg})") from None
        problem = check_record(record)
        if problem:
            raise BadInput(f"{where}:{number}: {problem}")
        records.append(record)
    return records


def check_record(record: Any) -> str | None:
    """Why a committed record is malformed, or None."""
    if not isinstance(record, dict):
        return "not a JSON object"
    for key in ("id", "url", "query", "sha256", "chars", "split", "attributions"):
        if key not in record:
            return f"no {key!r}"
    if record["split"] not in SPLITS:
        return f"split {record['split']!r} is not one of {', '.join(SPLITS)}"
    for number, attribution in enumerate(record["attributions"]):
        if attribution.get("type") not in TYPES or attribution.get("medium") not in MEDIA:
            return f"attribution {number}: bad type/medium"
        for part in PARTS:
            ranges = attribution.get(part, [])
            if not all(isinstance(r, list) and len(r) == 2 and 0 <= r[0] < r[1] <= record["chars"] for r in ranges):
                return f"attribution {number}: bad {part} ranges {ranges!r}"
        if not attribution.get("quote"):
            return f"attribution {number}: no quote"
    return None


def document_name(record: Mapping[str, Any], text: str) -> str:
    """"ID - first line (YYYY-MM-DD)", the dataset's form; the date lets the extractor resolve days."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), record["id"])
    return f"{record['id']} - {first[:120]} ({record.get('date') or '2000-01-01'})"


def build_document(record: Mapping[str, Any], text: str) -> dict[str, Any]:
    """One gold document in the German dataset's shape from a record and its verified text."""
    tokens, sentences = tokenize(text)
    annotations = []
    quote_ranges = [[tuple(r) for r in a["quote"]] for a in record["attributions"]]
    for index, attribution in enumerate(record["attributions"]):
        annotation: dict[str, Any] = {"id": index}
        for part in PARTS:
            annotation[part] = _part([tuple(r) for r in attribution.get(part, [])], tokens)
        mine = quote_ranges[index]
        nested = any(j != index and _inside(mine, other) for j, other in enumerate(quote_ranges))
        has_nested = any(j != index and _inside(other, mine) for j, other in enumerate(quote_ranges))
        annotation.update({"type": attribution["type"], "medium": attribution["medium"],
                           "speakerName": attribution.get("speakerName"),
                           "isNested": nested, "hasNested": has_nested})
        annotations.append(annotation)
    return {"documentName": document_name(record, text), "originalText": text, "tokens": tokens,
            "sentences": sentences, "annotations": annotations, "url": record["url"], "licence": LICENCE}


def _inside(inner: Sequence[tuple[int, int]], outer: Sequence[tuple[int, int]]) -> bool:
    """Every range of ``inner`` lies within a range of ``outer``, and they are not the same quote."""
    if list(inner) == list(outer):
        return False
    return all(any(s <= a and b <= e for s, e in outer) for a, b in inner)


def read_text(texts: Path, record_id: str) -> str | None:
    path = texts / f"{record_id}.txt"
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def build(records: Sequence[Mapping[str, Any]], texts: str | Path) -> BuildResult:
    """Gold documents per split from the records whose text is present and matches its hash."""
    texts = Path(texts)
    result = BuildResult()
    if not texts.is_dir():
        result.problems.append(f"{texts}: no such folder (rebuild the texts first, see docs/statements.md)")
        return result
    for record in records:
        text = read_text(texts, record["id"])
        if text is None:
            result.problems.append(f"{record['id']}: text missing or unreadable ({texts / (record['id'] + '.txt')})")
            continue
        if text_hash(text) != record["sha256"] or len(text) != record["chars"]:
            result.problems.append(f"{record['id']}: text differs from the annotated one (sha256 mismatch); "
                                   f"re-save the search excerpt for {record['url']} exactly")
            continue
        result.documents[record["split"]].append(build_document(record, text))
    return result


def write_split_files(result: BuildResult, out: str | Path) -> dict[str, Path]:
    """``dev.jsonl`` and ``heldout.jsonl`` in ``out`` (created when missing)."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for split, docs in result.documents.items():
            path = out / f"{split}.jsonl"
            path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
            paths[split] = path
    except OSError as err:
        raise UnreadableInput(f"{out}: cannot write ({err.strerror})") from None
    return paths
