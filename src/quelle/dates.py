"""Relative and explicit date expressions in German and English, resolved against the publication date.

Why our own resolver: a statement's ``said_on`` comes from phrases such as "am Montag",
"letzten Monat", "vergangene Woche", "Anfang November" or "earlier this month". dateparser
misses most of these, and running its ``search_dates`` over raw text finds dates in numbers and
names. Here a few anchored patterns, built from the word lists in ``dates.yaml``, find the
expressions, and small rules turn them into a day, week, weekend, month, year or part of one.

Conventions (news reports speech after the fact):
* a bare weekday ("am Montag", "on Monday") is the most recent such day on or before publication
  (the same day when published on that weekday); "vergangenen/letzten Montag", "last Monday"
  is strictly before, "nächsten/kommenden Montag", "next Monday" strictly after;
* "letzten Monat" / "last month" is the previous calendar month, "vergangene Woche" / "last
  week" the previous ISO week (Monday to Sunday), "diesen Monat" the month of publication;
* a month without a year is the occurrence within nine months before to two months after
  the publication month ("im Februar" in a November article: February of the same year);
* Anfang / Mitte / Ende (early / mid / late) are the thirds of a month (1-10, 11-20, 21-end),
  of a year (Jan-Apr, May-Aug, Sep-Dec) or of a week (Mon-Tue, Wed-Thu, Fri-Sun).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from quelle import regex_cache

LANGUAGES = ("de", "en")
_UNITS = {"week", "month", "year", "weekend"}
_AGO_UNITS = {"day", "week", "month", "year"}
_PARTS = {"early", "mid", "late"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    weekdays: dict[str, int]
    months: dict[str, int]
    days: dict[str, int]
    lowercase_only: dict[str, int]
    previous: tuple[str, ...]
    this: tuple[str, ...]
    next: tuple[str, ...]
    units: dict[str, str]
    parts: dict[str, str]
    numbers: dict[str, int]
    ago_units: dict[str, str]
    day_times: tuple[str, ...]


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"quelle/dates.yaml: {message}")


def _lexicon_from(language: str, raw: dict[str, Any]) -> Lexicon:
    _check(isinstance(raw, dict), f"{language}: not a mapping")
    fields = Lexicon.__dataclass_fields__
    missing = [name for name in fields if name not in raw]
    _check(not missing, f"{language}: missing {', '.join(missing)}")

    def mapping(name: str, valid: Any) -> dict[str, Any]:
        value = raw[name] or {}
        _check(isinstance(value, dict), f"{language}.{name}: not a mapping")
        for key, val in value.items():
            _check(isinstance(key, str) and key == key.lower(), f"{language}.{name}: key {key!r} not lowercase")
            _check(valid(val), f"{language}.{name}: bad value {val!r} for {key!r}")
        return {str(k): v for k, v in value.items()}

    def words(name: str) -> tuple[str, ...]:
        value = raw[name] or []
        _check(isinstance(value, list) and all(isinstance(w, str) and w == w.lower() for w in value),
               f"{language}.{name}: not a list of lowercase words")
        return tuple(value)

    def is_int(low: int, high: int):
        return lambda v: isinstance(v, int) and low <= v <= high

    return Lexicon(
        weekdays=mapping("weekdays", is_int(0, 6)),
        months=mapping("months", is_int(1, 12)),
        days=mapping("days", is_int(-7, 7)),
        lowercase_only=mapping("lowercase_only", is_int(-7, 7)),
        previous=words("previous"),
        this=words("this"),
        next=words("next"),
        units=mapping("units", lambda v: v in _UNITS),
        parts=mapping("parts", lambda v: v in _PARTS),
        numbers=mapping("numbers", is_int(1, 100)),
        ago_units=mapping("ago_units", lambda v: v in _AGO_UNITS),
        day_times=words("day_times"),
    )


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Lexicon]:
    """The validated word lists per language, read once from dates.yaml."""
    text = resources.files("quelle").joinpath("dates.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe, in C
    _check(isinstance(raw, dict) and all(lang in raw for lang in LANGUAGES), "needs sections de and en")
    return {lang: _lexicon_from(lang, raw[lang]) for lang in LANGUAGES}


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=regex_cache.longest_first)
    return "|".join(re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in ordered) or "(?!)"


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    find: re.Pattern[str]
    full: re.Pattern[str]


_HEAD, _TAIL = r"(?<!\w)(?:", r")(?!\w)"  # around a rule's body: whole words only


def _rule(name: str, body: str) -> _Rule:
    pattern = f"{_HEAD}{body}{_TAIL}"
    full = rf"\s*{pattern}\s*"
    return _Rule(name, regex_cache.compile(pattern, re.IGNORECASE), regex_cache.compile(full, re.IGNORECASE))


@lru_cache(maxsize=4)
def _rules(language: str) -> tuple[_Rule, ...]:
    lex = lexicons()[language]
    wd = f"(?P<wd>{_alt(lex.weekdays)})"
    mon = f"(?P<mon>{_alt(lex.months)})"
    rel = f"(?:(?P<prev>{_alt(lex.previous)})|(?P<this>{_alt(lex.this)})|(?P<next>{_alt(lex.next)}))"
    unit = f"(?P<unit>{_alt(lex.units)})"
    part = f"(?P<part>{_alt(lex.parts)})"
    times = _alt(lex.day_times)
    num = rf"(?P<num>{_alt(lex.numbers)}|\d{{1,3}})"
    ago = f"(?P<agounit>{_alt(lex.ago_units)})"
    year = r"(?P<year>\d{4})"
    day = r"(?P<day>\d{1,2})"
    iso = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    dayword = f"(?P<dayword>{_alt(lex.days)}"
    if lex.lowercase_only:
        dayword += f"|(?-i:{_alt(lex.lowercase_only)})"
    dayword += ")"
    if language == "de":
        weekday = rf"{wd}(?:(?:{times})|\s+(?:{times}))?"
        rules = [
            ("iso", iso),
            ("numeric", rf"{day}\.\s?(?P<nm>\d{{1,2}})\.\s?{year}"),
            ("day_month", rf"(?:(?:am|vom|seit\s+dem|bis\s+zum|zum)\s+)?(?:(?:{rel}\s+)?{weekday},?\s+(?:de[nm]\s+)?)?"
                          rf"{day}\.\s*{mon}(?:\s+{year})?"),
            ("part_month", rf"{part}\s+{mon}(?:\s+{year})?"),
            ("part_year", rf"{part}\s+{year}"),
            ("part_rel", rf"{part}\s+(?:(?:des|der)\s+)?(?:{rel}\s+)?{unit}"),
            ("month_year", rf"(?:(?:im|seit|bis|ab|vom)\s+)?{mon}\s+{year}"),
            ("month", rf"(?:im|seit|bis|ab)\s+{mon}"),
            ("year", rf"im\s+Jahre?\s+{year}"),
            ("weekday", rf"(?:(?:am|vom|seit|bis|ab|zum)\s+)?(?:{rel}\s+)?{weekday}"),
            ("rel_unit", rf"(?:(?:in\s+der|im|in|am|seit\s+dem|seit\s+der)\s+)?{rel}\s+{unit}"),
            ("ago", rf"vor\s+{num}\s+{ago}"),
            ("dayword", rf"{dayword}(?:\s+(?:{times}))?"),
        ]
    else:
        weekday = rf"{wd}(?:\s+(?:{times}))?"
        rules = [
            ("iso", iso),
            ("day_month", rf"(?:on\s+)?(?:{weekday},?\s+)?{mon}\.?\s+{day}(?:st|nd|rd|th)?(?:,?\s+{year})?"),
            ("day_month", rf"(?:on\s+)?(?:{weekday},?\s+)?(?:the\s+)?{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}"
                          rf"(?:,?\s+{year})?"),
            ("part_month", rf"(?:(?:in|at|since|until|by)\s+)?{part}[\s-]+{mon}(?:,?\s+{year})?"),
            ("part_year", rf"(?:(?:in|at|since|until|by)\s+)?{part}[\s-]+{year}"),
            ("part_rel", rf"(?:(?:in|at|since|until|by)\s+)?{part}[\s-]+(?:{rel}\s+|the\s+)?{unit}"),
            ("month_year", rf"(?:(?:in|since|until|by)\s+)?{mon}\s+{year}"),
            ("month", rf"(?:in|since|until|by)\s+{mon}"),
            ("year", r"in\s+(?P<year>(?:19|20)\d\d)"),
            ("earlier", rf"(?P<earlier>earlier|later)\s+this\s+{unit}"),
            ("weekday", rf"(?:(?:on|since|until|by)\s+)?(?:{rel}\s+)?{weekday}"),
            ("rel_unit", rf"(?:(?:in|over|during)\s+the\s+)?{rel}\s+{unit}"),
            ("ago", rf"{num}\s+{ago}\s+ago"),
            ("dayword", dayword),
        ]
    return tuple(_rule(name, body) for name, body in rules)


def _lang(language: str | None) -> str | None:
    code = (language or "").lower()[:2]
    return code if code in LANGUAGES else None


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@lru_cache(maxsize=4)
def _any_rule(language: str) -> re.Pattern[str]:
    """Every rule's pattern in one alternation (group names dropped): a text it finds nothing in has no
    date expression, and one scan of the usual short text (a statement's frame) is cheaper than one per rule."""
    bodies = [_NAMED_GROUP.sub("(?:", rule.find.pattern[len(_HEAD):-len(_TAIL)]) for rule in _rules(language)]
    # the word bounds once around the alternation: it matches where one of the rules does
    return regex_cache.compile(_HEAD + "|".join(f"(?:{body})" for body in bodies) + _TAIL, re.IGNORECASE)


def find_date_expressions(text: str, language: str) -> list[tuple[int, int, str]]:
    """Date expressions in ``text`` as (start, end, text), longest first where they overlap."""
    lang = _lang(language)
    if lang is None or not text or _any_rule(lang).search(text) is None:
        return []
    found: list[tuple[int, int, int]] = []
    for order, rule in enumerate(_rules(lang)):
        found.extend((m.start(), m.end(), order) for m in rule.find.finditer(text))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, _ in found:
        if start >= last_end:
            out.append((start, end, text[start:end]))
            last_end = end
    return out


# --- periods -------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _result(text: str, value: str, start: date, end: date, granularity: str) -> dict[str, str]:
    return {"text": text, "value": value, "start": start.isoformat(), "end": end.isoformat(),
            "granularity": granularity}


def _day(text: str, day: date) -> dict[str, str]:
    return _result(text, day.isoformat(), day, day, "day")


def _month(text: str, year: int, month: int) -> dict[str, str]:
    return _result(text, f"{year:04d}-{month:02d}", date(year, month, 1), _month_end(year, month), "month")


def _year(text: str, year: int) -> dict[str, str]:
    return _result(text, f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year")


def _week(text: str, day: date) -> dict[str, str]:
    monday = day - timedelta(days=day.weekday())
    iso_year, iso_week, _ = monday.isocalendar()
    return _result(text, f"{iso_year:04d}-W{iso_week:02d}", monday, monday + timedelta(days=6), "week")


def _weekend(text: str, saturday: date) -> dict[str, str]:
    iso_year, iso_week, _ = saturday.isocalendar()
    return _result(text, f"{iso_year:04d}-W{iso_week:02d}-WE", saturday, saturday + timedelta(days=1), "weekend")


def _period(text: str, unit: str, published: date, offset: int) -> dict[str, str]:
    """The week / month / year / weekend ``offset`` units from the one containing ``published``."""
    if unit == "week":
        return _week(text, published + timedelta(weeks=offset))
    if unit == "month":
        return _month(text, *_shift_month(published.year, published.month, offset))
    if unit == "year":
        return _year(text, published.year + offset)
    # weekend: "this" = the weekend of the publication week, "last" = the previous week's
    # ("letztes Wochenende" read on a Monday is two days before; read on a Saturday, a week before)
    saturday = published - timedelta(days=published.weekday()) + timedelta(days=5)
    return _weekend(text, saturday + timedelta(weeks=offset))


def _part(text: str, base: dict[str, str], part: str) -> dict[str, str]:
    """The early / mid / late third of a resolved period (month, year or week)."""
    start, end = date.fromisoformat(base["start"]), date.fromisoformat(base["end"])
    granularity = base["granularity"]
    if granularity == "month":
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[part]
        return _result(text, base["value"], start.replace(day=bounds[0]), start.replace(day=bounds[1]), "period")
    if granularity == "year":
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return _result(text, base["value"], date(start.year, months[0], 1), _month_end(start.year, months[1]),
                       "period")
    days = {"early": (0, 1), "mid": (2, 3), "late": (4, 6)}[part]
    return _result(text, base["value"], start + timedelta(days=days[0]), start + timedelta(days=days[1]), "period")


def _year_for_month(month: int, published: date) -> int:
    """The year that puts ``month`` between nine months before and two months after publication."""
    ahead = (month - published.month) % 12
    if ahead == 0:
        return published.year
    if ahead <= 2:
        return published.year + (1 if month < published.month else 0)
    return published.year - (1 if month > published.month else 0)


def _offset(groups: dict[str, str | None]) -> int | None:
    if groups.get("prev"):
        return -1
    if groups.get("next"):
        return 1
    if groups.get("this"):
        return 0
    return None


def _number(lex: Lexicon, word: str) -> int:
    return int(word) if word.isdigit() else lex.numbers[word.lower()]


def _resolve(rule: str, g: dict[str, str | None], text: str, published: date | None,
             lex: Lexicon) -> dict[str, str] | None:
    if rule == "iso":
        return _day(text, date(int(g["iy"]), int(g["im"]), int(g["id"])))
    if rule == "numeric":
        return _day(text, date(int(g["year"]), int(g["nm"]), int(g["day"])))
    month = lex.months[_norm(g["mon"])] if g.get("mon") else None
    year = int(g["year"]) if g.get("year") else None
    if rule in ("day_month", "part_month", "month_year", "month"):
        if year is None:
            if published is None:
                return None
            year = _year_for_month(month, published)
        if rule == "day_month":
            return _day(text, date(year, month, int(g["day"])))
        base = _month(text, year, month)
        return _part(text, base, lex.parts[_norm(g["part"])]) if rule == "part_month" else base
    if rule == "part_year":
        return _part(text, _year(text, year), lex.parts[_norm(g["part"])])
    if rule == "year":
        return _year(text, year)
    if published is None:
        return None
    if rule == "part_rel":
        unit = lex.units[_norm(g["unit"])]
        base = _period(text, unit, published, _offset(g) or 0)
        if unit == "weekend":
            return base
        return _part(text, base, lex.parts[_norm(g["part"])])
    if rule == "earlier":
        base = _period(text, lex.units[_norm(g["unit"])], published, 0)
        if g["earlier"].lower() == "earlier":
            return _result(text, base["value"], date.fromisoformat(base["start"]), published, "period")
        return _result(text, base["value"], published, date.fromisoformat(base["end"]), "period")
    if rule == "rel_unit":
        return _period(text, lex.units[_norm(g["unit"])], published, _offset(g))
    if rule == "weekday":
        return _day(text, _weekday(lex.weekdays[_norm(g["wd"])], published, _offset(g)))
    if rule == "ago":
        n, unit = _number(lex, g["num"]), lex.ago_units[_norm(g["agounit"])]
        if unit == "day":
            return _day(text, published - timedelta(days=n))
        return _period(text, unit, published, -n)
    if rule == "dayword":
        word = _norm(g["dayword"])
        shift = lex.days.get(word, lex.lowercase_only.get(word))
        return None if shift is None else _day(text, published + timedelta(days=shift))
    return None


def _weekday(weekday: int, published: date, offset: int | None) -> date:
    back = (published.weekday() - weekday) % 7
    if offset is None:  # "am Montag": on or before publication
        return published - timedelta(days=back)
    if offset < 0:  # "vergangenen Montag": strictly before
        return published - timedelta(days=back or 7)
    if offset > 0:  # "nächsten Montag": strictly after
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    return published - timedelta(days=published.weekday()) + timedelta(days=weekday)  # "this Monday"


def _norm(word: str | None) -> str:
    return re.sub(r"\s+", " ", (word or "").strip().lower())


def resolve_relative_date(expression: str, published: date | None, language: str) -> dict[str, str] | None:
    """Resolve one expression (as found by find_date_expressions) to a day or period.

    Returns {"text", "value", "start", "end", "granularity"} (granularity: day, week, weekend,
    month, year, or period for parts such as "Anfang November"), or None when the expression is
    not a date, needs a publication date that is unknown, or names an impossible day.
    """
    lang = _lang(language)
    if lang is None or not expression or not expression.strip():
        return None
    lex = lexicons()[lang]
    text = expression.strip()
    for rule in _rules(lang):
        match = rule.full.fullmatch(expression)
        if match:
            try:
                return _resolve(rule.name, match.groupdict(), text, published, lex)
            except (ValueError, KeyError, OverflowError):
                return None
    return None
