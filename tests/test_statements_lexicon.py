"""The statement lexicons load, validate, and expand cue verbs into the forms running text uses."""

from __future__ import annotations

import pytest

from quelle.statements.lexicon import _check_strings, lexicon, places


def test_german_cue_forms_from_infinitives() -> None:
    lex = lexicon("de")
    (form,) = [f for f in lex.cues["fügte"] if f.lemma == "hinzufügen"]
    assert form.particle == "hinzu" and form.finite
    assert any(f.lemma == "mitteilen" and f.particle is None for f in lex.cues["mitteilte"])  # verb-final
    assert any(not f.finite for f in lex.cues["gesagt"])


def test_konjunktiv_one_forms_exclude_indicative() -> None:
    lex = lexicon("de")
    assert {"sei", "seien", "habe", "könne", "werde"} <= lex.konj1
    assert "sind" not in lex.konj1 and "hat" not in lex.konj1


def test_roles_match_compounds_longest_suffix_first() -> None:
    lex = lexicon("de")
    assert lex.role_of("Kremlsprecher").suffix == "sprecher"
    assert lex.role_of("Außenministerin").gender == "f"
    assert "diplomat" in lex.role_of("Außenminister").classes
    assert lex.role_of("Brücke") is None


def test_places_know_states_capitals_and_pycountry_names() -> None:
    table = places()
    assert table["Moskau"].kind == "place" and table["Moskau"].state == "Russland"
    assert table["Russland"].kind == "state"
    assert table["Norway"].name == "Norwegen"
    assert table["NATO"].kind == "organisation"


def test_non_string_entries_are_rejected() -> None:
    with pytest.raises(ValueError, match="not a string"):
        _check_strings({"speaker_stop": ["in", True]}, "en.yaml")
