"""The search language parser: Boolean structure, phrases, prefixes, fields, errors."""

from __future__ import annotations

import pytest

from quelle.errors import BadInput
from quelle.store.query import And, Field, Not, Or, Term, parse, terms


def test_adjacent_words_are_and_and_or_binds_weaker():
    assert parse("Fähre Dänemark OR Brücke") == Or((And((Term("Fähre"), Term("Dänemark"))), Term("Brücke")))


def test_explicit_operators_parentheses_and_not():
    tree = parse('Rat AND (Fähre OR "neue Brücke") NOT Sport')
    assert tree == And((Term("Rat"), Or((Term("Fähre"), Term("neue Brücke", phrase=True))), Not(Term("Sport"))))


def test_minus_is_not_and_star_is_prefix():
    assert parse("-Sport Hafen*") == And((Not(Term("Sport")), Term("Hafen", prefix=True)))


def test_fields_with_plain_and_quoted_values():
    tree = parse('speaker:"Henrike Albers" lang:de site:example.org type:Direct outlet:RT')
    assert tree == And((Field("speaker", "Henrike Albers"), Field("lang", "de"), Field("site", "example.org"),
                        Field("type", "Direct"), Field("outlet", "RT")))


def test_lowercase_operators_are_words():
    assert parse("rat and fähre") == And((Term("rat"), Term("and"), Term("fähre")))


def test_terms_for_snippets_skip_negations_and_fields():
    assert terms(parse('Hafen NOT Sport lang:de "neue Linie"')) == ["Hafen", "neue Linie"]


def test_empty_query_is_none():
    assert parse("   ") is None


@pytest.mark.parametrize("bad", ['"unclosed phrase', "(Hafen OR Rat", "Hafen OR", "colour:red", "Rat )"])
def test_bad_queries_give_one_line_errors(bad):
    with pytest.raises(BadInput) as err:
        parse(bad)
    assert "\n" not in err.value.message
