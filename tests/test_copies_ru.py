"""Russian in copy detection: the light stemmer, the self-written lexicon and a Russian-English link."""

from __future__ import annotations

import pytest

from quelle.copies.crossling import compare, features
from quelle.copies.doc import CopyDoc
from quelle.copies.lexicon import russian_concepts, russian_table
from quelle.copies.matcher import CopyIndex
from quelle.copies.ru_stem import lemma_keys, nominal_stem, stem

# Invented story (Lindholm is a fictional town), with our own Russian translation and another
# Russian story about the same people on the same day that is not a copy of it.
ENGLISH = (
    "Lindholm closes harbour after storm\n\n"
    "The harbour authority of Lindholm closed the northern pier on Thursday after a storm destroyed 40 metres of "
    "the breakwater, the town council said.\n\n"
    "Ferries to the islands will leave from the southern terminal until repairs are finished, which engineers "
    "expect to take at least six weeks and cost about 2.3 million euros.\n\n"
    "\"We were lucky that nobody was on the pier when the wave hit,\" harbour master Ingrid Solvang told local "
    "radio, adding that two fishing boats had been damaged.\n\n"
    "The council will meet on Monday to decide whether the fishing festival planned for June can take place."
)
RUSSIAN = (
    "Линдхольм закрыл порт после шторма\n\n"
    "Администрация порта Линдхольма в четверг закрыла северный причал после того, как шторм разрушил 40 метров "
    "волнолома, сообщил городской совет.\n\n"
    "Паромы на острова будут отправляться от южного терминала до завершения ремонта, который, по оценке "
    "инженеров, займёт не менее шести недель и обойдётся примерно в 2,3 миллиона евро.\n\n"
    "«Нам повезло, что на причале никого не было, когда ударила волна», — сказала начальник порта Ингрид "
    "Сольванг местному радио, добавив, что две рыболовецкие лодки получили повреждения.\n\n"
    "Совет соберётся в понедельник, чтобы решить, может ли состояться рыболовный фестиваль, запланированный "
    "на июнь."
)
RUSSIAN_OTHER = (
    "Совет Линдхольма утвердил новые квоты на вылов рыбы\n\n"
    "Городской совет Линдхольма в четверг утвердил новые квоты для местного рыболовецкого флота, сократив "
    "вылов трески на 15 процентов в предстоящем сезоне.\n\n"
    "Начальник порта Ингрид Сольванг заявила, что с рыбаками провели консультации и большинство поддержало "
    "план.\n\n"
    "Комитет фестиваля представит свою программу в мае."
)


@pytest.mark.parametrize("forms", [
    ("министр", "министра", "министров", "министрами"),
    ("российский", "российского", "российскую", "российских"),
    ("правительство", "правительства", "правительству"),
    ("заявить", "заявил", "заявила", "заявили"),
    ("санкция", "санкции", "санкций", "санкциями"),
    ("переговоры", "переговоров", "переговорах"),
])
def test_inflected_forms_share_the_stem_of_their_lemma(forms):
    assert len({stem(f) for f in forms}) == 1


# Stems the reference Snowball implementation (snowballstemmer 3.1.1, Russian) gives for these words;
# ours agreed with it on all 2,727 words of the lexicon and the evaluation texts when checked.
@pytest.mark.parametrize(("word", "expected"), [
    ("добавив", "добав"), ("назвав", "назва"),  # perfective gerunds
    ("занимающий", "занима"), ("аккредитованных", "аккредитова"),  # participles
    ("проводятся", "провод"), ("поблагодарил", "поблагодар"),  # reflexive and past-tense verbs
    ("крупнейший", "крупн"),  # superlative
    ("осуждённых", "осужден"), ("весь", "ве"),  # ё folded; the whole RV may go
])
def test_stemmer_agrees_with_the_snowball_reference(word, expected):
    assert stem(word) == expected


def test_stemmer_folds_yo_keeps_short_and_latin_words_and_never_empties_a_word():
    assert stem("вернётся") == stem("вернется")
    assert stem("Ёлка") == stem("елка")
    assert stem("telegram") == "telegram"
    assert stem("мвд") == "мвд"  # no vowel: nothing to strip
    assert stem("стабильность") == "стабильн"  # derivational -ость inside R2
    assert all(stem(w) for w in ("я", "ее", "оно", "мир"))


def test_nominal_stem_and_lemma_keys_catch_what_the_verb_step_and_fleeting_vowels_miss():
    assert stem("канал") != stem("каналам")  # Snowball reads the -л of канал as a verb ending
    assert nominal_stem("каналам") in lemma_keys("канал")
    assert nominal_stem("конца") in lemma_keys("конец")


def test_lexicon_is_large_and_inflected_forms_reach_their_translation():
    assert len(russian_table()) >= 1500
    assert "minist" in russian_concepts("министров")
    assert "sancti" in russian_concepts("санкциями")
    assert "negoti" in russian_concepts("переговорах")
    assert "chanel" in russian_concepts("каналам")
    assert russian_concepts("абырвалг") == ()


def test_space_grouped_russian_numbers_match_english_notation():
    ru = features(CopyDoc("ru", "В тюрьмах остаются более 1 100 заключённых, инфляция 6,8 процента.", "ru"))
    en = features(CopyDoc("en", "More than 1,100 prisoners remain in jail, inflation is 6.8 percent.", "en"))
    assert {"#1100", "#6.8"} <= set(ru.numbers) & set(en.numbers)


def test_russian_translation_links_to_the_english_original_with_evidence_and_the_other_story_does_not():
    en = features(CopyDoc("en", ENGLISH, "en"))
    ru = features(CopyDoc("ru", RUSSIAN, "ru"))
    other = features(CopyDoc("ru-other", RUSSIAN_OTHER, "ru"))
    link = compare(ru, en)
    assert link.linked, link.signals
    kinds = {e["kind"] for e in link.evidence}
    assert {"translated_words", "paragraph_order", "number", "quote", "name"} <= kinds
    assert {e["text"] for e in link.evidence if e["kind"] == "number"} >= {"40", "2,3"}
    assert {"lindho", "solvan"} <= {key for key in ru.names} & set(en.names)
    # same town, same harbour master, same day: names and a date are not enough
    unrelated = compare(other, en)
    assert not unrelated.linked and unrelated.score < link.score - 0.2, unrelated.signals


def test_copy_index_links_the_russian_version_as_a_translation_and_leaves_the_other_alone():
    index = CopyIndex()
    assert index.add(CopyDoc("en", ENGLISH, "en")) == []
    links = index.add(CopyDoc("ru", RUSSIAN, "ru"))
    assert [(link.b, link.relation) for link in links] == [("en", "translation")]
    assert index.add(CopyDoc("ru-other", RUSSIAN_OTHER, "ru")) == []


def test_pair_score_margins_separate_the_translation_from_the_same_topic_story(tmp_path):
    import json

    from quelle.copies.pairscores import margins

    gold = tmp_path / "gold.jsonl"
    rows = [("x1-en-original", "a", "en", ENGLISH), ("x1-ru-translation", "a", "ru", RUSSIAN),
            ("x1-ru-other", "b", "ru", RUSSIAN_OTHER)]
    gold.write_text("".join(json.dumps({"id": i, "group": g, "language": lang, "text": t}, ensure_ascii=False) + "\n"
                            for i, g, lang, t in rows), encoding="utf-8")
    table = margins(gold, "ru")
    [(copy_score, copy_linked)] = table[(True, "ru-translation", "en-original")]
    [(other_score, other_linked)] = table[(False, "ru-other", "en-original")]
    assert copy_linked and not other_linked and copy_score > other_score


def test_lexicon_file_is_well_formed():
    """Lemmas in lower-case Cyrillic (a Latin letter typed inside one would never match), English in lower case."""
    import re

    from quelle.copies.lexicon import DATA

    lemma_ok = re.compile(r"[а-яё0-9]+(-[а-яё0-9]+)*")
    english_ok = re.compile(r"[a-z0-9é\-]+(,[a-z0-9é\-]+)*")
    bad = []
    for number, line in enumerate((DATA / "ru_en.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        lemma, _, english = line.partition("\t")
        if not lemma_ok.fullmatch(lemma) or not english_ok.fullmatch(english):
            bad.append((number, line))
    assert not bad
