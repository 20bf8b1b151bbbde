"""Relative and explicit date expressions (quelle.dates), German and English."""

from __future__ import annotations

from datetime import date

import pytest

from quelle.dates import find_date_expressions, lexicons, resolve_relative_date

MONDAY = date(2023, 11, 27)  # the seed's publication day, a Monday
WEDNESDAY = date(2023, 11, 29)
SATURDAY = date(2023, 11, 25)


def span(expression, published=MONDAY, language="de"):
    result = resolve_relative_date(expression, published, language)
    assert result is not None, expression
    return result["start"], result["end"], result["granularity"]


def test_seed_expectations():
    assert resolve_relative_date("am Montag", MONDAY, "de") == {
        "text": "am Montag", "value": "2023-11-27", "start": "2023-11-27", "end": "2023-11-27", "granularity": "day"}
    assert resolve_relative_date("letzten Monat", MONDAY, "de") == {
        "text": "letzten Monat", "value": "2023-10", "start": "2023-10-01", "end": "2023-10-31",
        "granularity": "month"}
    assert resolve_relative_date("diesen Monat", MONDAY, "de")["value"] == "2023-11"
    assert span("diesen Monat") == ("2023-11-01", "2023-11-30", "month")


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("am Montag", WEDNESDAY, "2023-11-27"),
    ("am Mittwoch", WEDNESDAY, "2023-11-29"),  # same day when published on that weekday
    ("am Donnerstag", WEDNESDAY, "2023-11-23"),  # most recent on or before
    ("Am Sonntag", MONDAY, "2023-11-26"),
    ("am Freitagabend", MONDAY, "2023-11-24"),
    ("Dienstagmorgen", MONDAY, "2023-11-21"),
    ("am vergangenen Montag", MONDAY, "2023-11-20"),  # strictly before
    ("letzten Montag", WEDNESDAY, "2023-11-27"),
    ("am kommenden Montag", MONDAY, "2023-12-04"),
    ("nächsten Freitag", MONDAY, "2023-12-01"),
    ("gestern", MONDAY, "2023-11-26"),
    ("gestern Abend", MONDAY, "2023-11-26"),
    ("heute", MONDAY, "2023-11-27"),
    ("vorgestern", MONDAY, "2023-11-25"),
    ("morgen", MONDAY, "2023-11-28"),
    ("am 3. März", MONDAY, "2023-03-03"),
    ("am 3. März 2022", MONDAY, "2022-03-03"),
    ("am Donnerstag, den 1. Dezember 2005", MONDAY, "2005-12-01"),
    ("3.11.2023", None, "2023-11-03"),
    ("2023-11-02", None, "2023-11-02"),
    ("vor drei Tagen", MONDAY, "2023-11-24"),
])
def test_german_days(expression, published, expected):
    assert span(expression, published) == (expected, expected, "day")


@pytest.mark.parametrize(("expression", "start", "end", "granularity"), [
    ("vergangene Woche", "2023-11-20", "2023-11-26", "week"),
    ("in der vergangenen Woche", "2023-11-20", "2023-11-26", "week"),
    ("diese Woche", "2023-11-27", "2023-12-03", "week"),
    ("nächste Woche", "2023-12-04", "2023-12-10", "week"),
    ("im vergangenen Monat", "2023-10-01", "2023-10-31", "month"),
    ("vergangenen Monat", "2023-10-01", "2023-10-31", "month"),
    ("letztes Jahr", "2022-01-01", "2022-12-31", "year"),
    ("in diesem Jahr", "2023-01-01", "2023-12-31", "year"),
    ("letztes Wochenende", "2023-11-25", "2023-11-26", "weekend"),
    ("Anfang November", "2023-11-01", "2023-11-10", "period"),
    ("Mitte November", "2023-11-11", "2023-11-20", "period"),
    ("Ende November", "2023-11-21", "2023-11-30", "period"),
    ("Ende Februar 2024", "2024-02-21", "2024-02-29", "period"),
    ("Anfang 2022", "2022-01-01", "2022-04-30", "period"),
    ("Ende vergangenen Jahres", "2022-09-01", "2022-12-31", "period"),
    ("Anfang des Monats", "2023-11-01", "2023-11-10", "period"),
    ("Ende der Woche", "2023-12-01", "2023-12-03", "period"),
    ("im Februar 2022", "2022-02-01", "2022-02-28", "month"),
    ("im Februar", "2023-02-01", "2023-02-28", "month"),
    ("im Dezember", "2023-12-01", "2023-12-31", "month"),  # two months ahead at most
    ("im Januar", "2024-01-01", "2024-01-31", "month"),
    ("im Jahr 2021", "2021-01-01", "2021-12-31", "year"),
    ("vor zwei Wochen", "2023-11-13", "2023-11-19", "week"),
])
def test_german_periods(expression, start, end, granularity):
    assert span(expression) == (start, end, granularity)


def test_month_without_year_looks_back_up_to_nine_months():
    assert span("im April", date(2024, 1, 15))[0] == "2023-04-01"
    assert span("im März", date(2024, 1, 15))[0] == "2024-03-01"
    assert span("im Dezember", date(2024, 1, 15))[0] == "2023-12-01"
    assert span("im Februar", date(2024, 1, 15))[0] == "2024-02-01"


@pytest.mark.parametrize(("expression", "start", "end", "granularity"), [
    ("on Monday", "2023-11-27", "2023-11-27", "day"),
    ("Friday", "2023-11-24", "2023-11-24", "day"),
    ("on Tuesday night", "2023-11-21", "2023-11-21", "day"),
    ("last Monday", "2023-11-20", "2023-11-20", "day"),
    ("next Friday", "2023-12-01", "2023-12-01", "day"),
    ("yesterday", "2023-11-26", "2023-11-26", "day"),
    ("today", "2023-11-27", "2023-11-27", "day"),
    ("the day before yesterday", "2023-11-25", "2023-11-25", "day"),
    ("last week", "2023-11-20", "2023-11-26", "week"),
    ("this week", "2023-11-27", "2023-12-03", "week"),
    ("last month", "2023-10-01", "2023-10-31", "month"),
    ("earlier this month", "2023-11-01", "2023-11-27", "period"),
    ("later this year", "2023-11-27", "2023-12-31", "period"),
    ("last year", "2022-01-01", "2022-12-31", "year"),
    ("in early November", "2023-11-01", "2023-11-10", "period"),
    ("mid-October", "2023-10-11", "2023-10-20", "period"),
    ("at the end of last month", "2023-10-21", "2023-10-31", "period"),
    ("in February 2022", "2022-02-01", "2022-02-28", "month"),
    ("in May", "2023-05-01", "2023-05-31", "month"),
    ("on March 3", "2023-03-03", "2023-03-03", "day"),
    ("March 3, 2022", "2022-03-03", "2022-03-03", "day"),
    ("on Friday, 3 March 2023", "2023-03-03", "2023-03-03", "day"),
    ("two weeks ago", "2023-11-13", "2023-11-19", "week"),
    ("3 days ago", "2023-11-24", "2023-11-24", "day"),
    ("in 2020", "2020-01-01", "2020-12-31", "year"),
])
def test_english(expression, start, end, granularity):
    assert span(expression, MONDAY, "en") == (start, end, granularity)


def test_last_weekend_read_on_a_saturday_is_the_week_before():
    assert span("letztes Wochenende", SATURDAY) == ("2023-11-18", "2023-11-19", "weekend")
    assert span("dieses Wochenende", SATURDAY) == ("2023-11-25", "2023-11-26", "weekend")


def test_relative_expressions_need_a_publication_date():
    assert resolve_relative_date("am Montag", None, "de") is None
    assert resolve_relative_date("im Februar", None, "de") is None
    assert resolve_relative_date("im Februar 2022", None, "de")["value"] == "2022-02"


def test_not_dates_and_impossible_days_give_none():
    assert resolve_relative_date("der Minister", MONDAY, "de") is None
    assert resolve_relative_date("am Morgen", MONDAY, "de") is None  # "Morgen" = morning, not tomorrow
    assert resolve_relative_date("am 31. Februar", MONDAY, "de") is None
    assert resolve_relative_date("30.02.2023", MONDAY, "de") is None
    assert resolve_relative_date("", MONDAY, "de") is None
    assert resolve_relative_date("am Montag", MONDAY, "fr") is None
    assert resolve_relative_date("it may rain", MONDAY, "en") is None


def test_language_codes_with_regions_are_accepted():
    assert resolve_relative_date("yesterday", MONDAY, "en-GB")["value"] == "2023-11-26"


def test_find_in_german_text_with_offsets():
    text = ("Der Diplomat sagte am Montag, Russland habe letzten Monat einen Brief erhalten. "
            "Peskow sagte diesen Monat, man habe am Morgen und gestern Abend beraten; Anfang November 2022 "
            "und am 3. März auch.")
    found = find_date_expressions(text, "de")
    assert [f[2] for f in found] == ["am Montag", "letzten Monat", "diesen Monat", "gestern Abend",
                                     "Anfang November 2022", "am 3. März"]
    for start, end, expression in found:
        assert text[start:end] == expression


def test_find_prefers_the_longest_expression():
    text = "Es geschah am vergangenen Montag, dem 3. März."
    assert [f[2] for f in find_date_expressions(text, "de")] == ["am vergangenen Montag, dem 3. März"]
    text = "Am Donnerstag, den 1. Dezember 2005 sprach er."
    assert [f[2] for f in find_date_expressions(text, "de")] == ["Am Donnerstag, den 1. Dezember 2005"]


def test_find_in_english_text_ignores_modal_may():
    text = "He said on Monday that prices may rise; earlier this month, in May and last week it was quiet."
    found = [f[2] for f in find_date_expressions(text, "en")]
    assert found == ["on Monday", "earlier this month", "in May", "last week"]


def test_every_found_expression_resolves():
    text = ("Am Freitagabend, vor zwei Wochen, Mitte Mai, im Jahr 2005, am 12. Mai, 31.10.2007, "
            "in dieser Woche, seit Juni, bis August 2007, vorgestern und heute Nachmittag.")
    found = find_date_expressions(text, "de")
    assert len(found) == 11
    for _, _, expression in found:
        assert resolve_relative_date(expression, MONDAY, "de") is not None, expression


def test_words_are_checked_when_loaded():
    lex = lexicons()
    assert lex["de"].weekdays["montag"] == 0 and lex["en"].months["may"] == 5
    assert set(lex["de"].units.values()) <= {"week", "month", "year", "weekend"}
