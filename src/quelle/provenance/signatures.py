"""Registry markers compiled into a few regexes, built once per process.

Why precompiled alternations: attribution runs on every document (>= 300 text articles per
second per core for the whole pipeline), so each family of markers (whole lines, leads,
headline endings) is one alternation per language, and the outlet brands form one title-suffix
regex. A match's group name leads back to its Marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from quelle import regex_cache
from quelle.extract.boilerplate import LineRule
from quelle.provenance.credit_data import label_alternation
from quelle.provenance.registry import Edition, Marker, OutletEntry, Registry, registry

MAX_LINE = 300
# A separator between a headline and its outlet suffix: "Headline – RT", "Headline | SNA".
SEP = r"\s+[-–—|·•]\s+"
DATE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s*\d{1,2}:\d{2})?"
# Source labels ("Quelle:", "Fuente:", "المصدر:", "Източник:" ...) are data: credits.yaml.
LABELS = label_alternation()
FOLLOW_VERBS = r"follow|folgen sie|suivez|síguenos en|sigue a|abonnieren sie|subscribe to"
# after the brand only a place to follow it on: "Follow RT on Telegram", never "Folgen Sie RT nicht blind"
FOLLOW_TAIL = r"(?:\s+(?:on|auf|bei|in|sur|en|weiter|at)\b.{0,50}|\s*[/|]\s*[^.!?]{1,50})?[.:!]?"


@dataclass(frozen=True, slots=True)
class Brand:
    """A name as it appears in a title suffix or label, and whom it names."""

    entry: OutletEntry
    edition: Edition | None


@dataclass(frozen=True, slots=True)
class Family:
    """One compiled alternation and the marker behind each of its groups."""

    regex: re.Pattern[str]
    markers: dict[str, Marker]

    def marker(self, match: re.Match[str]) -> Marker:
        return self.markers[match.lastgroup or ""]


@dataclass(frozen=True, slots=True)
class Signatures:
    lines: dict[str, Family]  # language -> whole-line markers (fullmatch, case-insensitive)
    leads: dict[str, Family]  # language -> markers at a paragraph start (match, case-sensitive)
    headlines: dict[str, Family]  # language -> markers at the end of the headline
    brands: dict[str, Brand]  # lower-cased name -> brand
    sections: dict[str, list[Marker]]  # lower-cased section name -> section markers
    title_suffix: re.Pattern[str]
    label: re.Pattern[str]  # "Quelle: RT" / "Source: tass.com"
    follow: re.Pattern[str]  # "Follow Sputnik on Telegram"
    rules: tuple[LineRule, ...]

    def languages(self, family: dict[str, Family], first: str | None) -> Iterable[Family]:
        """The article's language first, then the others, language-neutral markers last."""
        if first in family:
            yield family[first]
        for lang, compiled in family.items():
            if lang not in (first, "und"):
                yield compiled
        if "und" in family and first != "und":
            yield family["und"]

    def brand(self, name: str) -> Brand | None:
        return self.brands.get(" ".join(name.split()).lower())


def _family(markers: list[Marker], flags: int, anchor: str = "") -> dict[str, Family]:
    by_lang: dict[str, list[Marker]] = {}
    for marker in markers:
        by_lang.setdefault(marker.lang, []).append(marker)
    families = {}
    for lang, items in by_lang.items():
        groups = {f"m{i}": marker for i, marker in enumerate(items)}
        alternation = "|".join(f"(?P<{name}>{marker.regex})" for name, marker in groups.items())
        families[lang] = Family(regex_cache.compile(f"(?:{alternation}){anchor}", flags), groups)
    return families


def _alternation(names: Iterable[str]) -> str:
    unique = sorted({n for n in names if n}, key=regex_cache.longest_first)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in unique)


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def build(reg: Registry) -> Signatures:
    """Compile every marker of the hand-made outlets."""
    markers = [m for entry in reg.outlets.values() for m in entry.markers]
    brands: dict[str, Brand] = {}
    for entry in reg.outlets.values():
        for edition in entry.editions:
            for name in edition.names:
                brands.setdefault(name.lower(), Brand(entry, edition))
        for name in entry.names:
            brands.setdefault(name.lower(), Brand(entry, None))
    sections: dict[str, list[Marker]] = {}
    for marker in markers:
        for name in marker.names:
            sections.setdefault(name.lower(), []).append(marker)
    brand_re = _alternation(name for entry in reg.outlets.values()
                            for name in (*entry.names, *(n for e in entry.editions for n in e.names)))
    section_re = f"(?i:{_alternation(sections)})"
    title_suffix = regex_cache.compile(
        f"{SEP}(?:(?:{DATE}),?\\s*)?(?:(?P<s1>{section_re})\\s*[-–—|]\\s*)?(?P<brand>{brand_re})"
        f"(?:\\s*[-–—|:]?\\s*(?P<s2>{section_re}))?(?:\\s*[-–—|,]\\s*(?:{DATE}))?\\s*$"
    )
    label = regex_cache.compile(
        f"(?:{LABELS})\\s*[:：|\\-–—]?\\s*(?:(?P<brand>{brand_re})(?:\\s*[/(,].{{0,60}})?|"
        r"(?P<url>(?:https?://)?(?:www\.)?(?P<host>[\w-]+(?:\.[\w-]+)+)(?:/\S*)?))\.?",
        re.I,
    )
    follow = regex_cache.compile(f"(?:{FOLLOW_VERBS})\\s+(?P<brand>{brand_re}){FOLLOW_TAIL}", re.I)
    line_markers = [m for m in markers if m.where == "line"]
    rules_by_kind: dict[str, list[str]] = {}
    for marker in line_markers:
        rules_by_kind.setdefault(marker.boilerplate, []).append(marker.regex)
    rules = [LineRule(kind, regex_cache.compile("|".join(f"(?:{p})" for p in patterns), re.I), MAX_LINE)
             for kind, patterns in rules_by_kind.items()]
    # The classifier joins every rule into one alternation: rules must not carry named groups.
    rules.append(LineRule("source_label", regex_cache.compile(_unnamed(label.pattern), re.I), 160))
    rules.append(LineRule("follow", regex_cache.compile(_unnamed(follow.pattern), re.I), 160))
    return Signatures(
        lines=_family(line_markers, re.I),
        leads=_family([m for m in markers if m.where == "lead"], 0),
        headlines=_family([m for m in markers if m.where == "headline"], re.I, anchor=r"\s*$"),
        brands=brands,
        sections=sections,
        title_suffix=title_suffix,
        label=label,
        follow=follow,
        rules=tuple(rules),
    )


def strip_title_suffix(sig: Signatures, title: str) -> str:
    """The title without a trailing outlet suffix; the title itself when it is nothing but a suffix."""
    title = title.strip()
    match = sig.title_suffix.search(title)
    if match and match.start() > 0:
        return title[: match.start()].rstrip() or title
    return title


@lru_cache(maxsize=1)
def signatures() -> Signatures:
    """The compiled package registry, built once per process."""
    return build(registry())
