"""Turn hand annotations written as text anchors into the committed offset records.

Why anchors: annotating character offsets by hand is error-prone, and retyping whole articles with
inline tags copies third-party text into yet another file. An annotator instead writes, per
attribution, short snippets that locate each part in the untracked text (``<id>.ann``)::

    date 2006-08-14
    == I SW n=Liberation Tigers of Tamil Eelam
    q that the victims|first aid seminar
    s The Tigers
    c said
    f The Tigers said

``==`` opens an attribution: type D(irect), I(ndirect), R(eported), F(reeIndirect) or IFI
(IndirectFreeIndirect), medium S(peech), W(riting), T(hought), SW, ST, TW or N(one), and
optionally ``n=`` the speaker's name. Each following line is a part key (q quote, s speaker, c
cue, f frame, a addressee) and a snippet taken verbatim to the line end: "start|end" spans from
one snippet to the other, "context «part» more" locates the part inside a longer unambiguous
snippet; repeating a key adds a span (discontinuous parts). Quotes are found in order (each at or
after the previous quote's start); every other part is the occurrence nearest to its quote,
outside the quote unless the type is Reported (whose quote is the whole sentence). The
annotation files and the texts stay untracked; only offsets, labels and hashes are committed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from quelle.eval.english_real import SPLITS, text_hash

TYPES = {"D": "Direct", "I": "Indirect", "R": "Reported", "F": "FreeIndirect", "IFI": "IndirectFreeIndirect"}
MEDIA = {"S": "Speech", "W": "Writing", "T": "Thought", "SW": "SW", "ST": "ST", "TW": "TW", "N": "none"}
PART_KEYS = {"s": "speaker", "c": "cue", "f": "frame", "a": "addressee"}
Range = tuple[int, int]


class AnchorError(ValueError):
    """An anchor that matches nowhere, or a malformed annotation."""


def _pattern(spec: str) -> tuple[str, str | None, int, int]:
    """(start snippet, end snippet or None, offset of the part in the match, part length or -1)."""
    if "«" in spec:
        before, rest = spec.split("«", 1)
        inner, after = rest.split("»", 1) if "»" in rest else (rest, "")
        return before + inner + after, None, len(before), len(inner)
    if "|" in spec:
        start, end = spec.split("|", 1)
        return start, end, 0, -1
    return spec, None, 0, -1


def candidates(text: str, spec: str, start_at: int = 0) -> list[Range]:
    """Every range the spec can denote, in text order."""
    first, last, inner_at, inner_len = _pattern(spec)
    if not first:
        raise AnchorError(f"empty anchor {spec!r}")
    found = []
    pos = text.find(first, start_at)
    while pos >= 0:
        if last is not None:
            end = text.find(last, pos + len(first))
            if end >= 0:
                found.append((pos, end + len(last)))
        elif inner_len >= 0:
            found.append((pos + inner_at, pos + inner_at + inner_len))
        else:
            found.append((pos, pos + len(first)))
        pos = text.find(first, pos + 1)
    return found


def _gap(span: Range, ranges: Sequence[Range]) -> int:
    return min(max(0, s - span[1], span[0] - e) for s, e in ranges)


def _overlaps(span: Range, ranges: Sequence[Range]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in ranges)


def _specs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise AnchorError(f"a part must be a snippet or a list of snippets, not {value!r}")


def resolve(text: str, entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Offset records for one article's anchor entries."""
    out = []
    cursor = 0
    for number, entry in enumerate(entries, 1):
        kind = TYPES.get(str(entry.get("t")))
        medium = MEDIA.get(str(entry.get("m")))
        if kind is None or medium is None:
            raise AnchorError(f"attribution {number}: bad type {entry.get('t')!r} or medium {entry.get('m')!r}")
        quote: list[Range] = []
        for spec in _specs(entry.get("q")):
            found = candidates(text, spec, quote[-1][1] if quote else cursor)
            if not found:
                raise AnchorError(f"attribution {number}: quote anchor {spec!r} not found after offset {cursor}")
            quote.append(found[0])
        if not quote:
            raise AnchorError(f"attribution {number}: no quote")
        cursor = quote[0][0]
        record: dict[str, Any] = {"quote": [list(r) for r in quote]}
        for key, part in PART_KEYS.items():
            ranges = []
            for spec in _specs(entry.get(key)):
                found = candidates(text, spec)
                if kind != "Reported":
                    found = [r for r in found if not _overlaps(r, quote)]
                if not found:
                    raise AnchorError(f"attribution {number}: {part} anchor {spec!r} not found")
                ranges.append(min(found, key=lambda r: (_gap(r, quote), r[0])))
            record[part] = [list(r) for r in sorted(ranges)]
        record.update({"type": kind, "medium": medium, "speakerName": entry.get("n")})
        out.append(record)
    return out


def parse_ann(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """The date and the attribution entries of one ``.ann`` file."""
    date, entries = "", []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.partition(" ")
        if key == "date":
            date = rest.strip()
        elif key == "==":
            head, _, name = rest.partition("n=")
            fields = head.split()
            if len(fields) != 2:
                raise AnchorError(f"line {number}: '== TYPE MEDIUM [n=NAME]' expected")
            entries.append({"t": fields[0], "m": fields[1], "n": name.strip() or None})
        elif key in ("q", *PART_KEYS) and entries:
            entries[-1].setdefault(key, []).append(rest)
        else:
            raise AnchorError(f"line {number}: unknown key {key!r} (or a part before the first '==')")
    return date, entries


def read_manifest(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_for(index: int) -> str:
    """A fixed alternation by manifest order: rows 1, 3, 5 ... dev; 2, 4, 6 ... held out."""
    return SPLITS[index % 2]


def convert(manifest: Path, ann: Path, texts: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Records for every manifest row with an annotation file; problems for the rest."""
    records, problems = [], []
    for index, row in enumerate(read_manifest(manifest)):
        ann_path, text_path = ann / f"{row['id']}.ann", texts / f"{row['id']}.txt"
        if not ann_path.exists() or not text_path.exists():
            problems.append(f"{row['id']}: no annotation or text yet")
            continue
        text = text_path.read_bytes().decode("utf-8")
        try:
            date, entries = parse_ann(ann_path.read_text(encoding="utf-8"))
            attributions = resolve(text, entries)
        except AnchorError as err:
            problems.append(f"{row['id']}: {err}")
            continue
        records.append({"id": row["id"], "url": row["url"], "query": row["query"], "date": date,
                        "sha256": text_hash(text), "chars": len(text), "split": split_for(index),
                        "attributions": attributions})
    return records, problems


def show(record: Mapping[str, Any], text: str) -> list[str]:
    """A review listing: each attribution's parts as text, to check the anchors hit the right words."""
    lines = []
    for number, a in enumerate(record["attributions"], 1):
        parts = "  ".join(f"{p}=[{' | '.join(text[s:e] for s, e in a[p])}]" for p in ("speaker", "cue", "frame",
                                                                                        "addressee") if a[p])
        quote = " | ".join(text[s:e] for s, e in a["quote"])
        lines.append(f"{record['id']}#{number} {a['type']}/{a['medium']} name={a['speakerName']!r}\n"
                     f"    quote=[{quote}]\n    {parts}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", type=Path, required=True, help="TSV: id, url, query (manifest order = split)")
    parser.add_argument("--ann", type=Path, required=True, help="folder of <id>.ann anchor annotations")
    parser.add_argument("--texts", type=Path, required=True, help="folder of <id>.txt texts")
    parser.add_argument("--out", type=Path, help="write the committed JSONL here")
    parser.add_argument("--show", nargs="*", help="print a review listing of these ids (all when empty)")
    args = parser.parse_args(argv)
    records, problems = convert(args.manifest, args.ann, args.texts)
    for problem in problems:
        print(f"problem {problem}", file=sys.stderr)
    if args.show is not None:
        for record in records:
            if not args.show or record["id"] in args.show:
                text = (args.texts / f"{record['id']}.txt").read_bytes().decode("utf-8")
                print("\n".join(show(record, text)))
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        total = sum(len(r["attributions"]) for r in records)
        print(f"wrote {args.out} ({len(records)} articles, {total} attributions)", file=sys.stderr)
    return 1 if problems and not records else 0


if __name__ == "__main__":
    sys.exit(main())
