"""Read and write the dataset's JSONL files, turning every problem into a one-line user error."""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from quelle.errors import BadInput, UnreadableInput


def read_data_text(packaged: str, path: str | Path | None = None) -> tuple[str, str]:
    """The text of ``path``, or of the packaged data file ``packaged`` when no path is given, and
    the name to cite in messages; a file that cannot be read is a one-line user error."""
    try:
        if path is None:
            return resources.files("quelle.eval").joinpath("data", packaged).read_text(encoding="utf-8"), packaged
        return Path(path).read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise UnreadableInput(f"{path}: no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as err:
        raise UnreadableInput(f"{path}: cannot be read ({type(err).__name__})") from None


def read_jsonl(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Documents of a JSONL file (one JSON object with ``documentName`` per line)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableInput(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableInput(f"{path}: is a directory, not a JSONL file")
    docs: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if limit is not None and len(docs) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as err:
                    raise BadInput(f"{path}:{number}: not valid JSON ({err.msg})") from None
                if not isinstance(doc, dict) or "documentName" not in doc:
                    raise BadInput(f"{path}:{number}: not a dataset document (no documentName)")
                if not isinstance(doc.get("annotations", []), list):
                    raise BadInput(f"{path}:{number}: annotations is not a list")
                docs.append(doc)
    except PermissionError:
        raise UnreadableInput(f"{path}: permission denied") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text") from None
    return docs


def write_jsonl(path: str | Path, docs: Iterable[dict[str, Any]]) -> None:
    try:
        with Path(path).open("w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    except OSError as err:
        raise UnreadableInput(f"{path}: cannot write ({err.strerror})") from None
