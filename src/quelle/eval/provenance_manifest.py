"""A provenance manifest (one labelled real page a row) and the scoring conventions it comes with.

The manifest's labels are read here and only here; the run that produces the predictions sees
a row's id, url and text, never these labels (see ``provenance_run``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

REQUIRED = ("id", "url", "true_origin_outlet", "is_republication", "translated_from", "story_group", "evidence")


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    url: str
    outlet: str             # true_origin_outlet
    republication: bool | None
    translated_from: str    # "" when the page is not a translation
    story_group: str        # "" when the page is in no group
    evidence: str


@dataclass(frozen=True, slots=True)
class Conventions:
    state_controlled: frozenset[str]   # canonical outlet keys scored for origin accuracy
    unscored: frozenset[str]
    unscored_word: str
    aliases: dict[str, str]            # casefolded name -> canonical name


@lru_cache(maxsize=1)
def conventions() -> Conventions:
    raw = yaml.safe_load(resources.files("quelle.eval").joinpath("data/provenance_scoring.yaml").read_text("utf-8"))
    aliases = {str(k).casefold(): str(v) for k, v in (raw.get("aliases") or {}).items()}
    conv = Conventions(frozenset(), frozenset(), str(raw.get("unscored_evidence_word") or ""), aliases)
    return Conventions(frozenset(outlet_key(x, conv) for x in raw["state_controlled"]),
                       frozenset(outlet_key(x, conv) for x in raw["unscored"]), conv.unscored_word, aliases)


@lru_cache(maxsize=1)
def _registry_names() -> dict[str, str]:
    """Every name of a hand-made registry outlet and of its editions -> the outlet's brand."""
    from quelle.provenance.registry import registry

    names: dict[str, str] = {}
    for entry in registry().outlets.values():
        for name in (entry.outlet, *entry.names):
            names.setdefault(name.casefold(), entry.outlet)
        for edition in entry.editions:
            for name in (edition.name, *edition.names):
                names.setdefault(name.casefold(), entry.outlet)
    return names


def outlet_key(name: str | None, conv: Conventions | None = None) -> str:
    """A canonical, casefolded outlet key, so that editions and spellings of one outlet compare equal."""
    if not name:
        return ""
    conv = conv or conventions()
    folded = name.strip().casefold()
    folded = conv.aliases.get(folded, folded).casefold()
    return _registry_names().get(folded, folded).casefold()


def _yes_no(value: str) -> bool | None:
    value = value.strip().lower()
    return True if value == "yes" else False if value == "no" else None


def read_manifest(path: str | Path) -> list[Row]:
    """The rows of a manifest TSV; a missing column or a duplicate id raises ValueError."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"missing column(s) {', '.join(missing)}")
        rows, seen = [], set()
        for number, raw in enumerate(reader, 2):
            ident = (raw.get("id") or "").strip()
            if not ident:
                raise ValueError(f"line {number}: empty id")
            if ident in seen:
                raise ValueError(f"line {number}: duplicate id {ident!r}")
            seen.add(ident)
            rows.append(Row(ident, (raw.get("url") or "").strip(), (raw.get("true_origin_outlet") or "").strip(),
                            _yes_no(raw.get("is_republication") or ""), (raw.get("translated_from") or "").strip(),
                            (raw.get("story_group") or "").strip(), raw.get("evidence") or ""))
    return rows


def row_class(row: Row, conv: Conventions | None = None) -> str:
    """'state' (a scored state-controlled origin), 'control' (independent) or 'unscored'."""
    conv = conv or conventions()
    key = outlet_key(row.outlet, conv)
    if not key or key in conv.unscored:
        return "unscored"
    if conv.unscored_word and re.search(rf"\b{re.escape(conv.unscored_word)}\b", row.evidence, re.IGNORECASE):
        return "unscored"
    return "state" if key in conv.state_controlled else "control"
