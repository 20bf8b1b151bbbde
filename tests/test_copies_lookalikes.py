"""Same-language look-alikes and partial copies (issue 9), on texts written for these tests.

Two reports of one statement quote it alike and must stay apart; two windows of one article
that overlap only in part must join; texts built from one template with other names and
numbers must not.
"""

from __future__ import annotations

from quelle.copies import matcher
from quelle.copies.doc import CopyDoc
from quelle.copies.matcher import CopyIndex

STATEMENT = ("„Wir betrachten die Entscheidung des Parlaments über die Lieferung von Hubschraubern als einen "
             "weiteren unfreundlichen Schritt, der die ohnehin schlechten Beziehungen zwischen unseren Ländern "
             "weiter beschädigen wird, und wir werden darauf in angemessener Form antworten müssen“")


def _report(lead: str, tail: str) -> str:
    return f"{lead}\n\n{STATEMENT}, sagte die Sprecherin.\n\n{tail}"


def test_two_reports_quoting_one_statement_do_not_link_but_a_copy_does():
    a = _report("Die Sprecherin des Außenministeriums Maria Lindqvist hat am Mittwoch in Oslo die Pläne "
                "der Regierung kritisiert.",
                "Die Regierung hatte die Lieferung am Vortag mit knapper Mehrheit beschlossen.")
    b = _report("In einer Pressekonferenz wandte sich Lindqvist gegen den Beschluss, den das Kabinett "
                "nach langer Debatte gefasst hatte.",
                "Beobachter rechnen nun mit der Ausweisung mehrerer Diplomaten in den nächsten Tagen.")
    copy = "Nachrichten aus aller Welt\n\n" + a + "\n\nMehr zum Thema"
    index = CopyIndex()
    assert index.add(CopyDoc("a", a, "de")) == []
    assert index.add(CopyDoc("b", b, "de")) == []  # the quotation is all they share
    links = index.add(CopyDoc("copy", copy, "de"))
    assert [(link.b, link.relation) for link in links] == [("a", "near-copy")] or \
        [link.b for link in links] == ["a"]
    assert "outside quotations" in links[0].evidence[0]["detail"]


PEOPLE = ["Tomasz Wielgosz", "Ingrid Halvorsen", "Kofi Mensah", "Aiko Tanabe"]


def _paragraph(i: int, people: list[str], numbers: list[int]) -> str:
    """A paragraph of its own words (``wort<i>_<k>``) with two of the people and a number."""
    p, q = people[i % len(people)], people[(i + 1) % len(people)]
    w = [f"wort{i}x{k}" for k in range(12)]
    return (f"{p} {' '.join(w[:5])} {q} {' '.join(w[5:9])} {numbers[i % len(numbers)]} {' '.join(w[9:])}.")


def _article(first: int, last: int, people: list[str], numbers: list[int]) -> str:
    return "\n\n".join(_paragraph(i, people, numbers) for i in range(first, last))


def test_two_windows_of_one_article_join():
    early = _article(0, 9, PEOPLE, [412, 87])   # paragraphs 0-8
    late = _article(5, 14, PEOPLE, [412, 87])   # paragraphs 5-13: four in common, under half of either
    index = CopyIndex()
    index.add(CopyDoc("early", early, "de"))
    links = index.add(CopyDoc("late", late, "de"))
    assert [link.b for link in links] == ["early"]
    assert "overlapping parts" in links[0].evidence[0]["detail"]


def test_template_texts_with_other_names_and_numbers_do_not_join():
    early = _article(0, 9, PEOPLE, [412, 87])
    other = _article(5, 14, ["Lena Brandt", "Omar Haddad", "Pia Sundberg", "Juan Ortega"], [955, 31])
    index = CopyIndex()
    index.add(CopyDoc("early", early, "de"))
    assert index.add(CopyDoc("other", other, "de")) == []


def test_a_translation_link_yields_to_a_far_better_one(monkeypatch):
    """A text already translated from a German original is not also linked to a second German text
    that matches it far less well and does not copy the original."""
    scores = {("de2", "en"): 0.62, ("en", "de1"): 0.82}

    def fake(a_id, x, b_id, y):
        score = scores.get((a_id, b_id))
        return None if score is None else matcher.Link(a_id, b_id, "translation", score, [])

    monkeypatch.setattr(matcher, "cross_language_link", fake)
    monkeypatch.setattr(matcher.crossling.XIndex, "candidates", lambda self, keys, language: [
        item for item, lang in sorted(self.language.items()) if lang != language])
    index = CopyIndex()
    index.add(CopyDoc("de1", "Der Botschafter wurde am Montag ins Ministerium gebeten.", "de"))
    assert [link.b for link in index.add(CopyDoc("en", "The ambassador was asked to the ministry on Monday.",
                                                  "en"))] == ["de1"]
    assert index.add(CopyDoc("de2", "Ein Gespräch im Ministerium fand am Montag statt, hieß es.", "de")) == []
    scores[("de3", "en")] = 0.78  # about as good: a second translation's original, kept
    assert [link.b for link in index.add(CopyDoc("de3", "Der Botschafter war am Montag im Ministerium.",
                                                  "de"))] == ["en"]
