"""Lexicons built by `quelle setup-data` from Debian dictionaries, spelling folds and script keys.

The dictionaries here are tiny fixtures written for these tests in the dictd format Debian
installs; the real packages are exercised by `quelle setup-data` in CI (.ci/packages.sh).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from quelle.copies import lexicon, lexicon_setup
from quelle.copies.doc import CopyDoc
from quelle.copies.scripts import fold
from quelle.copies.xfeatures import features, number_key
from quelle.translit import skeleton, translit_key

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if not n:
            return out


def _write_dictd(folder: Path, name: str, entries: list[tuple[str, str]]) -> None:
    body, index = b"", []
    for headword, text in [("00-database-info", "00-database-info\nA test dictionary\n"), *entries]:
        raw = text.encode("utf-8")
        index.append(f"{headword}\t{_b64(len(body))}\t{_b64(len(raw))}")
        body += raw
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / f"{name}.dict.dz", "wb") as handle:
        handle.write(body)


@pytest.fixture
def built(tmp_path, monkeypatch):
    """FreeDict-like fixtures for French (X->English) and Bulgarian (English->X), built into tmp."""
    dictd = tmp_path / "dictd"
    dictd.mkdir()
    _write_dictd(dictd, "freedict-fra-eng", [
        ("ministre", "ministre /ministʀ/ <n, masc>\nminister, secretary\nun membre du gouvernement\n"),
        ("guerre", "guerre /ɡɛʀ/ <n, fem>\n1. war\n2. warfare\nla guerre froide\n"),
        ("déclarer", "déclarer /deklaʀe/ <v>\ndeclare, state\n"),
        ("coup d'état", "coup d'état\ncoup\n"),
    ])
    _write_dictd(dictd, "freedict-eng-bul", [
        ("military", "military /ˈmɪlɪtəri/ <adj>\nвое́нен, военен\nof the armed forces\n"),
        ("decision", "decision /dɪˈsɪʒən/ <n>\nреше́ние\n"),
    ])
    monkeypatch.setattr(lexicon_setup, "DICTD", dictd)
    monkeypatch.setenv("QUELLE_LEXICON_DIR", str(tmp_path / "built"))
    lexicon.lexicon.cache_clear()
    lexicon.concepts.cache_clear()
    yield tmp_path / "built"
    lexicon.lexicon.cache_clear()
    lexicon.concepts.cache_clear()


def test_setup_builds_present_dictionaries_and_names_missing_packages(built, monkeypatch):
    monkeypatch.setitem(lexicon.lexicon_specs()["de"]["sources"][0], "path", "/nonexistent/de-en")
    results = {r.language: r for r in lexicon_setup.build_all(built)}
    assert results["fr"].path == built / "fr_en.tsv" and results["fr"].forms == 3  # the phrase is skipped
    table = (built / "fr_en.tsv").read_text(encoding="utf-8")
    assert "ministre\tminister,secretary\n" in table and "guerre\twar,warfare\n" in table
    assert "membre" not in table  # the note line is not a translation
    assert "\tmilitary" in (built / "bg_en.tsv").read_text(encoding="utf-8")
    # a missing package: one line naming what to install, no table
    assert results["es"].path is None
    assert "apt-get install dict-freedict-spa-eng" in results["es"].message
    assert results["de"].path is None and "trans-de-en" in results["de"].message


def test_lookup_through_fold_and_endings(built):
    lexicon_setup.build_all(built, ["fr", "bg"])
    assert "minist" in lexicon.concepts("ministres", "fr")
    assert "war" in lexicon.concepts("guerres", "fr")
    # Bulgarian: the dictionary's stress marks folded away; an adjective's ending and an article come off
    assert "milita" in lexicon.concepts("военна", "bg")
    assert "decisi" in lexicon.concepts("решението", "bg")
    assert lexicon.concepts("неизвестна", "bg") == ()


def test_missing_table_is_a_skipped_language_not_a_crash(built, capsys):
    doc = CopyDoc("1", "Le ministre Jean Dupont a déclaré la guerre le 3 mars.\n\nDeuxième paragraphe.", "fr")
    feats = features(doc)
    assert feats is not None and feats.lexicon is False
    assert "#3" in feats.numbers and any(a.text == "Dupont" for a in feats.names.values())
    assert "apt-get install dict-freedict-fra-eng" in capsys.readouterr().err


def test_setup_data_command_reports_and_rejects_unknown_language(built, monkeypatch):
    from typer.testing import CliRunner

    from quelle.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["setup-data", "--lang", "fr", "--target", str(built)])
    assert result.exit_code == 0 and "built fr: 3 forms" in result.output
    result = CliRunner().invoke(app, ["setup-data", "--lang", "es", "--strict", "--target", str(built)])
    assert result.exit_code == 1 and "missing es" in result.output


def test_names_meet_across_scripts():
    assert translit_key("Λαβρόφ", "el") == translit_key("Лавров", "ru") == translit_key("Lavrov", "en")
    assert translit_key("Đoković", "hr") == translit_key("Ђоковић", "sr")
    assert translit_key("Medvedčuk", "hr") == translit_key("Медведчук", "ru")
    assert translit_key("Pieskow", "pl")[:5] == translit_key("Peskov", "en")[:5]
    assert skeleton("بيسكوف", "ar") == skeleton("پسکوف", "fa") == skeleton("Peskov", "en")
    assert skeleton("Lavrov", "en") != skeleton("Peskov", "en")


def test_folds_and_digits():
    assert fold("Ζαχάροβα") == "ζαχαροβα"
    assert fold("ژانویه") == fold("ژانويه")  # Persian and Arabic ya
    assert fold("Београд", latin=True) == "beograd"
    assert number_key("٢٠٢٢") == number_key("2022") == "#2022"


def test_serbian_copy_in_the_other_script_shares_shingles():
    from quelle.copies.near import Shingled, overlap

    cyr = CopyDoc("1", "Министар спољних послова је рекао да влада неће променити своју одлуку о протеривању.", "sr")
    lat = CopyDoc("2", "Ministar spoljnih poslova je rekao da vlada neće promeniti svoju odluku o proterivanju.", "sr")
    assert overlap(Shingled.of(cyr).unique, Shingled.of(lat).unique).jaccard == 1.0


def test_single_line_breaks_are_paragraphs():
    doc = CopyDoc("1", "First line of text.\nSecond line here.\n\nThird block.", "en")
    assert [doc.text[s:e] for s, e in doc.paragraph_ranges()] == [
        "First line of text.", "Second line here.", "Third block."]


def test_cognate_endings_meet_across_romance_languages(built):
    """Portuguese -ções and Spanish -ciones are one Latin suffix: both words get one cognate form."""
    dictd = lexicon_setup.DICTD
    _write_dictd(dictd, "freedict-por-eng", [("sanção", "sanção <n, fem>\nsanction\n")])
    _write_dictd(dictd, "freedict-spa-eng", [("sanción", "sanción <n, fem>\nsanction\n")])
    lexicon_setup.build_all(built, ["pt", "es"])
    pt, es = lexicon.lexicon("pt"), lexicon.lexicon("es")
    assert pt is not None and es is not None
    assert pt.cognate_form(fold("sanções")) == es.cognate_form(fold("sanciones")) is not None
    assert pt.cognate_form(fold("casa")) is None  # no such ending: the stemmer's key is used
    assert pt.cognate_form(fold("ção")) is None  # too short a stem to rewrite


def test_a_hyphenated_weekday_is_one_calendar_word(built):
    from quelle.copies.crossling import _dates

    one = features(CopyDoc("1", "O ministro chegou na quarta-feira a Havana.\n\nOutro parágrafo.", "pt"))
    assert one is not None
    assert len(_dates(one)) == 1, _dates(one)
