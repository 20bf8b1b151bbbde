"""One code per written language for provenance comparisons (data/languages.yaml).

Why: the detector may answer a variety (wuu for a Chinese text) or one standard form of a
language another edition is filed under (hr for Latin-script Serbian); comparing raw codes would
call such a text a translation of its own edition.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def _main_codes() -> dict[str, str]:
    raw = yaml.safe_load(resources.files("quelle.provenance").joinpath("data/languages.yaml").read_text("utf-8"))
    table: dict[str, str] = {}
    for group in raw.get("same_language") or ():
        codes = [str(c) for c in group]
        for code in codes:
            table[code] = codes[0]
    return table


def main_language(code: str | None) -> str | None:
    """The group's main code for ``code`` (``wuu`` -> ``zh``, ``hr`` -> ``sr``); other codes unchanged."""
    if not code:
        return code
    return _main_codes().get(code, code)
