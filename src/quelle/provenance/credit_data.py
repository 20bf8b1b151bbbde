"""The credit forms data file (credits.yaml), loaded once: read by signatures.py and credits.py."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from quelle import regex_cache


@lru_cache(maxsize=1)
def credit_data() -> dict[str, Any]:
    text = resources.files("quelle.provenance").joinpath("data/credits.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe, in C


def source_label_words() -> list[str]:
    return [str(w) for words in (credit_data().get("source_labels") or {}).values() for w in words]


def label_alternation() -> str:
    """Every source label as one regex alternation (longest first, blanks as \\s+), for re.I use."""
    unique = sorted({w.lower() for w in source_label_words()}, key=regex_cache.longest_first)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)
