"""Reported speech and copies (issue 9), on texts written for these tests.

A statement's own transcript and a report that gives its words as reported speech, without
quotation marks ("По словам ..., ...", "She said that ..."), share the speaker's words, not the
writer's narration: they must not link. Two copies of the report share the words with their
frames and the narration around them: they must.
"""

from __future__ import annotations

from quelle.copies.doc import CopyDoc
from quelle.copies.matcher import CopyIndex
from quelle.copies.near import quoted_spans
from quelle.copies.speech import cues, speech_spans

TRANSCRIPT_RU = (
    "О решении парламента Эльдарии направить оружие соседней стране\n"
    "Рассматриваем решение парламента Эльдарии о поставках вооружений соседней стране как очередной "
    "недружественный шаг, который нанесет серьезный ущерб и без того непростым отношениям между нашими странами.\n"
    "Ответственность за затягивание конфликта, за новые жертвы среди мирных жителей и за разрушение городов "
    "и мостов теперь в полной мере ложится и на власти Эльдарии.\n"
    "Мы рассчитываем, что в столице Эльдарии все же прислушаются к голосу разума и пересмотрят это опасное "
    "решение до конца весенней сессии парламента.")

REPORT_RU = (
    "ГОРОД, 12 мая. Официальный представитель министерства Анна Корнеева в четверг на брифинге "
    "прокомментировала решение парламента Эльдарии.\n"
    "По словам Корнеевой, ответственность за затягивание конфликта, за новые жертвы среди мирных жителей и за "
    "разрушение городов и мостов теперь в полной мере ложится и на власти Эльдарии.\n"
    "Корнеева также заявила, что в столице Эльдарии все же прислушаются к голосу разума и пересмотрят это "
    "опасное решение до конца весенней сессии парламента.\n"
    "\"Рассматриваем решение парламента Эльдарии о поставках вооружений соседней стране как очередной "
    "недружественный шаг\", - сказала она.")

TRANSCRIPT_EN = (
    "Statement on the decision of the Eldarian parliament\n"
    "We regard the decision of the Eldarian parliament to supply weapons to its neighbour as another "
    "unfriendly step that will do serious harm to the already difficult relations between our countries.\n"
    "The responsibility for prolonging the conflict, for new victims among civilians and for the "
    "destruction of towns and bridges now lies fully with the authorities of Eldaria as well.\n"
    "We expect that the capital will listen to the voice of reason and reconsider this dangerous decision "
    "before the end of the spring session of parliament.")

REPORT_EN = (
    "CITY, May 12. Ministry spokeswoman Anna Korneyeva commented on Thursday at a briefing on the decision "
    "of the Eldarian parliament.\n"
    "According to her, the responsibility for prolonging the conflict, for new victims among civilians and "
    "for the destruction of towns and bridges now lies fully with the authorities of Eldaria as well.\n"
    "Korneyeva also said that the capital will listen to the voice of reason and reconsider this dangerous "
    "decision before the end of the spring session of parliament.\n"
    "\"We regard the decision of the Eldarian parliament to supply weapons to its neighbour as another "
    "unfriendly step,\" she said.")


def _copy(text: str) -> str:
    return "Новости дня | Главное\n\n" + text + "\n\nЧитайте также: погода на выходные"


def test_a_report_in_reported_speech_does_not_link_to_the_statement_but_its_copies_link():
    for language, transcript, report in (("ru", TRANSCRIPT_RU, REPORT_RU), ("en", TRANSCRIPT_EN, REPORT_EN)):
        index = CopyIndex()
        assert index.add(CopyDoc("statement", transcript, language)) == []
        assert index.add(CopyDoc("report", report, language)) == [], language  # the speaker's words only
        links = index.add(CopyDoc("copy", _copy(report), language))
        assert [link.b for link in links] == ["report"], language
        assert "outside quotations" in links[0].evidence[0]["detail"]


def test_without_the_reported_speech_rule_the_report_would_link():
    """The look-alike is a real one: the shingles alone (quotations set aside) would join them."""
    from quelle.copies import near

    index = CopyIndex()
    index.add(CopyDoc("statement", TRANSCRIPT_RU, "ru"))
    original = near.speech_spans
    try:
        near.speech_spans = lambda *args, **kwargs: []
        assert [link.b for link in index.add(CopyDoc("report", REPORT_RU, "ru"))] == ["statement"]
    finally:
        near.speech_spans = original


def test_a_teaser_made_of_one_attributed_sentence_still_links():
    """Frames decide: a teaser shares the attributed sentence with its frame ("the agency said")."""
    original = ("Agency launches a new weather satellite\n\n"
                "The country on Monday launched a new meteorological satellite from its northern cosmodrome "
                "near the coast, the space agency said.\n\n"
                "The satellite will watch storms over the ocean and send pictures every ten minutes, engineers "
                "at the control centre explained on Monday evening.\n\n"
                "It is the third launch from the cosmodrome this year after two cargo flights in spring.")
    teaser = ("Agency launches a new weather satellite\n\n"
              "The country on Monday launched a new meteorological satellite from its northern cosmodrome "
              "near the coast, the space agency said.\n\nRead the full story on our partner site.")
    index = CopyIndex()
    index.add(CopyDoc("original", original, "en"))
    assert [link.b for link in index.add(CopyDoc("teaser", teaser, "en"))] == ["original"]


def test_speech_spans_by_language():
    def words(text: str, language: str) -> list[str]:  # the complementizer opens the speaker's words
        return [text[s.words[0]:s.words[1]].strip(" ,.") for s in speech_spans(text, language)]

    assert words("Она заявила в среду на брифинге, что решение будет пересмотрено.", "ru") == [
        "что решение будет пересмотрено"]
    assert words("По ее словам, переговоры продолжатся в июне.", "ru") == ["переговоры продолжатся в июне"]
    assert words("Според нея преговорите ще продължат през юни.", "bg") == ["преговорите ще продължат през юни"]
    assert words("The talks will resume in June, the minister told reporters.", "en") == [
        "The talks will resume in June"]
    assert words("Selon lui, les négociations reprendront en juin.", "fr") == ["les négociations reprendront en juin"]
    assert words("وقالت المتحدثة إن المحادثات ستستأنف في يونيو.", "ar") == ["إن المحادثات ستستأنف في يونيو"]
    # no cue, no speech: narration, a relative clause, a verb of saying far from any clause
    assert words("The ministry published the figures on Monday.", "en") == []
    assert words("Министерство опубликовало данные, которые ранее были закрыты.", "ru") == []
    assert cues("xx") is None and speech_spans("Er sagte, dass es regnet.", None) == []


def test_a_quotation_cut_at_the_end_of_its_line_is_a_quotation():
    cut = "„Wir werden die Lieferungen nicht fortsetzen, solange die"
    doc = CopyDoc("d", "Sie sagte am Abend:\n" + cut, "de")
    assert [doc.text[s:e] for s, e in quoted_spans(doc)] == [cut]
    closed = CopyDoc("d", "„Wir werden die Lieferungen nicht fortsetzen“, sagte sie.", "de")
    assert [closed.text[s:e] for s, e in quoted_spans(closed)] == ["„Wir werden die Lieferungen nicht fortsetzen“"]
