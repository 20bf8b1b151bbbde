"""Source-language leftovers (leftovers.py, data/leftovers.yaml): a line of the source left in its
script near the top of a translated page names the source language; controls that must not fire.
Invented pages only."""

from __future__ import annotations

import pytest

from quelle.model import Document
from quelle.pipeline import analyze
from quelle.provenance.leftovers import find_leftover

EN_BODY = ("The minister said the talks would continue next week. Officials expected a decision in the "
           "spring, according to the statement.\nObservers were not surprised by the announcement.\n"
           "The ministry gave no further details on the timetable of the meetings.")
ZH_BODY = "外交部长表示,会谈将于下周继续举行。官员们预计春季将作出决定。\n观察人士对这一宣布并不感到意外。"


@pytest.mark.parametrize(("text", "language", "expected"), [
    # a photo caption left in Russian on a Chinese and on an English page
    ("外长:会谈将继续\n\n© Photo / Agency\n俄罗斯外交部大楼在莫斯科\n"
     "Здание министерства иностранных дел в Москве\n" + ZH_BODY, "zh", "ru"),
    ("Talks will go on, minister says\nБудівля міністерства закордонних справ у Києві\n" + EN_BODY, "en", "uk"),
    ("Talks will go on\nЗграда министарства спољних послова у Београду\n" + EN_BODY, "en", "sr"),
    # controls: a quoted line, a short name in Cyrillic, a line far down the page, Cyrillic-script pages
    ("Talks will go on\n«Мы продолжим переговоры на следующей неделе», he wrote.\n" + EN_BODY, "en", None),
    ("Talks will go on\nThe newspaper Известия reported on the talks in detail.\n" + EN_BODY, "en", None),
    ("Talks will go on\n" + "\n".join(["A line of the English text."] * 6)
     + "\nЗдание министерства иностранных дел в Москве\n" + EN_BODY, "en", None),
    ("Переговоры продолжатся\nЗдание министерства иностранных дел в Москве\nТекст статьи.", "ru", None),
    ("Pregovori se nastavljaju\nЗграда министарства спољних послова у Београду\nTekst članka.", "sr", None),
    ("Pregovori se nastavljaju\nЗграда министарства спољних послова у Београду\nTekst članka.", "hr", None),
])
def test_find_leftover(text, language, expected):
    found = find_leftover(text, language)
    assert (found.language if found else None) == expected
    if found:
        assert text[found.start:found.start + len(found.text)] == found.text


def test_a_translated_page_with_a_caption_left_in_russian_is_translated_from_russian():
    text = ("Talks will go on, minister says\n\nЗдание министерства иностранных дел в Москве\n\n" + EN_BODY
            + "\n" + EN_BODY)
    report = analyze(Document(text.encode("utf-8"), site="relay.example"), with_statements=False)
    prov = report.provenance
    assert prov is not None and prov.translated == {"from": "ru"}
    item = next(e for e in prov.evidence if e.kind == "source_leftover")
    assert item.supports == "translated" and report.source_text[item.start:item.end] == item.text
    assert prov.origin is None  # a leftover says nothing of who wrote the text


def test_an_english_page_without_leftovers_is_not_translated():
    report = analyze(Document((("Talks will go on\n\n" + EN_BODY + "\n") * 2).encode("utf-8"), site="relay.example"),
                     with_statements=False)
    assert report.provenance is not None and report.provenance.translated is None
