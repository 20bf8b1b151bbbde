"""Statement extraction on invented articles: the German and English patterns issue 3 lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jsonschema
import pytest

from quelle.model import Document, Report
from quelle.pipeline import analyze
from quelle.schema import report_schema
from quelle.spans import span_problems

FIXTURES = Path(__file__).resolve().parent / "fixtures"

GERMAN = (FIXTURES / "statements_de.txt").read_text(encoding="utf-8")  # invented

ENGLISH = (FIXTURES / "statements_en.txt").read_text(encoding="utf-8")  # invented


@pytest.fixture(scope="module")
def german() -> Report:
    return analyze(Document(GERMAN.encode("utf-8"), source_id="de", published=date(2024, 5, 8)))


@pytest.fixture(scope="module")
def english() -> Report:
    return analyze(Document(ENGLISH.encode("utf-8"), source_id="en", published=date(2024, 5, 8)))


def _with(report: Report, words: str):
    hits = [s for s in report.statements if words in s.text]
    assert hits, f"no statement with {words!r} in {[s.text for s in report.statements]}"
    return hits[0]


def test_report_is_valid_and_spans_index_source_text(german: Report, english: Report) -> None:
    for report in (german, english):
        data = report.to_dict()
        jsonschema.validate(data, report_schema())
        assert span_problems(data) == []
        for st in report.statements:
            for span in st.spans:
                assert report.source_text[span.start:span.end] == span.text


def test_direct_quote_with_postposed_cue_and_date(german: Report) -> None:
    st = _with(german, "Wir werden keine Brücke bauen")
    assert st.type == "Direct"
    assert st.spans[0].text.startswith("„") and st.spans[0].text.endswith("“")
    assert st.cue.text == "sagte"
    assert st.speaker.name == "Karla Wendel"
    assert st.speaker.role == "Bürgermeisterin"
    assert st.said_on["value"] == "2024-05-07"  # "am Dienstag" before a Wednesday publication
    assert st.medium == "Speech"


def test_multi_sentence_quote_continues_speaker(german: Report) -> None:
    st = _with(german, "Das Geld fehlt an allen Ecken. Die Schulen gehen vor.")
    assert st.type == "Direct"
    assert st.speaker.name == "Karla Wendel"


def test_pronoun_speaker_with_separable_cue(german: Report) -> None:
    st = _with(german, "dass die Stadt ein neues Gutachten")
    assert st.type == "Indirect"
    assert st.speaker.mention.text == "Sie"
    assert st.speaker.name == "Karla Wendel"
    assert st.speaker.resolution == "pronoun"
    assert st.cue.text == "fügte hinzu"


def test_nach_angaben_discontinuous_content(german: Report) -> None:
    st = _with(german, "Der Verkehr auf der alten Brücke sei")
    assert st.type == "Indirect"
    assert len(st.spans) == 2  # the frame "nach Angaben des Bauamts" sits inside the content
    assert st.speaker.mention.text == "Angaben des Bauamts"
    assert st.frame[0].text == "nach Angaben des Bauamts"


def test_laut_and_zufolge(german: Report) -> None:
    laut = _with(german, "fehlen dem Land")
    assert laut.cue.text == "Laut"
    assert laut.speaker.name == "Jonas Brede"
    zufolge = _with(german, "wird erst im Herbst entschieden")
    assert zufolge.cue.text == "zufolge"
    assert zufolge.speaker.mention.text == "Dem Minister"
    assert zufolge.speaker.name == "Jonas Brede"
    assert zufolge.speaker.resolution == "role"


def test_so_frame_and_nested_quote(german: Report) -> None:
    st = _with(german, "Die Opposition sei")
    assert st.cue.text == "so"
    assert st.speaker.name == "Malte Rieger"
    nested = [s for s in german.statements if s.text == "„empört“"]
    assert nested and nested[0].type == "Direct" and nested[0].speaker.name == "Malte Rieger"


def test_konjunktiv_two_without_dass_and_institution_speaker(german: Report) -> None:
    st = _with(german, "ein Neubau würde den Hafen")
    assert st.type == "Indirect"
    assert st.speaker.mention.text == "Die Handelskammer"
    assert st.cue.text == "erklärte"


def test_statements_skip_the_headline(german: Report) -> None:
    title_end = german.source_text.index("\n")
    assert all(span.start > title_end for st in german.statements for span in st.spans)


def test_entities_have_mentions_and_roles(german: Report) -> None:
    people = {e.name: e for e in german.entities if e.kind == "person"}
    assert "Karla Wendel" in people and "Jonas Brede" in people
    assert len(people["Karla Wendel"].mentions) >= 2
    assert any("Landesverkehrsminister" in r for r in people["Jonas Brede"].roles)
    assert any(e.kind == "place" and e.name == "Moskau" for e in german.entities)


def test_english_direct_reported_and_pronoun(english: Report) -> None:
    direct = _with(english, "We will not build a bridge")
    assert direct.type == "Direct"
    assert direct.speaker.name == "Karla Wendel"
    assert direct.cue.text == "said"
    pronoun = _with(english, "the city had ordered a new survey")
    assert pronoun.speaker.mention.text == "She"
    assert pronoun.speaker.name == "Karla Wendel"
    according = _with(english, "traffic on the old bridge has doubled")
    assert according.cue.text == "According to"
    assert "transport ministry" in according.speaker.mention.text


def test_english_speaker_after_cue(english: Report) -> None:
    st = _with(english, "This is a short-sighted decision")
    assert st.speaker.name == "Malte Rieger"
    assert st.cue.text == "said"


def test_unsupported_language_is_skipped_not_failed() -> None:
    text = "Le maire a dit que le pont ne serait pas construit. « Nous n'avons pas d'argent », a-t-il déclaré."
    report = analyze(Document(text.encode("utf-8")))
    assert report.statements == []
    assert report.analysis["statements"] == "skipped"


def test_empty_and_quote_only_inputs_do_not_crash() -> None:
    from quelle.model import Article
    from quelle.statements import extract

    for text in ("„", "„“ „ “", "sagte, so, laut, zufolge.", "Er sagte: „", "Der Zug kam an. Dies", "Isa, der",
                 "Dolkun Isa, der Sekretär", "Er sagte, der", "Laut", "X zufolge", "Wie er mitteilte,"):
        article = Article(source_text=text, media_type="text", encoding="utf-8", boilerplate=[], paragraphs=[],
                          title=None, title_span=None, language="de", language_score=1.0, published=None,
                          published_source=None, site=None, url=None)
        from quelle.model import Span

        article.paragraphs.append(Span(0, len(text), text))
        statements, entities, info = extract(article)
        assert info["statements"].startswith("rules")
        for st in statements:
            for span in st.spans:
                assert text[span.start:span.end] == span.text


def test_english_told_with_addressee_and_date() -> None:
    text = ("Bridge talks stall\n\nDeputy Minister Pavel Orlin told the Vostok news agency on Monday that talks "
            "were impossible.\n\nThe minister said last month that the city had received a letter.")
    report = analyze(Document(text.encode("utf-8"), published=date(2023, 11, 29)))
    told = _with(report, "talks were impossible")
    assert told.speaker.name == "Pavel Orlin"
    assert told.addressee.text == "the Vostok news agency"
    assert told.said_on["value"] == "2023-11-27"
    said = _with(report, "the city had received a letter")
    assert said.speaker.mention.text == "The minister"
    assert said.speaker.name == "Pavel Orlin"
    assert said.said_on["value"] == "2023-10"


def test_frame_inside_relative_or_subordinate_clause() -> None:
    text = ("Neue Leitung im Hafenamt\n\nZur neuen Leiterin wird eine Ingenieurin ernannt, Marta Quellhorst, die in "
            "ihrer ersten Rede vor dem Stadtrat betonte, sie gehöre keiner Partei an.\n\nNachdem die Anwältin der "
            "Reederei dem Gericht mitgeteilt hatte, dass der Vertrag ungültig sei, vertagte der Richter die Sitzung.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    relative = _with(report, "sie gehöre keiner Partei an")
    assert relative.type == "Indirect"
    assert relative.speaker.mention.text == "die"
    assert relative.speaker.name == "Marta Quellhorst"
    assert relative.cue.text == "betonte"
    fronted = _with(report, "dass der Vertrag ungültig sei")
    assert fronted.text == "dass der Vertrag ungültig sei"
    assert fronted.speaker.mention.text == "die Anwältin der Reederei"
    assert [p.text for p in fronted.cue_parts] == ["mitgeteilt", "hatte"]


def test_split_cue_words_are_scored_as_the_cue() -> None:
    from quelle.eval.predictions import statement_ranges

    text = ("Messe verschoben\n\nDie Messe falle in diesem Jahr aus, teilte die zur Stadt gehörende Gesellschaft "
            "am Dienstag mit.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "Die Messe falle")
    assert [p.text for p in st.cue_parts] == ["teilte", "mit"]
    cue = [report.source_text[s:e] for s, e in statement_ranges(st)["cue"]]
    assert cue == ["teilte", "mit"]


def test_indefinite_apposition_after_a_name() -> None:
    text = ("Hafen\n\nJonas Wredeberg, ein Fischer aus Nordstadt und Kapitän außer Dienst, sagte zu den Vorwürfen, "
            "dass der Zusammenstoß kein Unfall gewesen sei. Den Stadtrat, dessen Mitglieder heute tagen, forderte er "
            "auf, die Zahlungen auszusetzen.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "kein Unfall gewesen sei")
    assert st.speaker.mention.text == "Jonas Wredeberg, ein Fischer aus Nordstadt und Kapitän außer Dienst"
    assert st.speaker.name == "Jonas Wredeberg"
    asked = _with(report, "die Zahlungen auszusetzen")
    assert asked.speaker.mention.text == "er"  # "Den Stadtrat, dessen …" is the object, not the speaker


def test_possessive_and_genitive_attributions_inside_a_sentence() -> None:
    text = ("Streit im Rat\n\nDer Bürgermeister Tom Weller lobte den Plan. Auch die Sprecherin der Grünen, Ida Lorenz, "
            "schloss sich der Kritik an: Die Kosten seien ihrer Meinung nach viel zu hoch. Die Stadt könnte nach "
            "Lorenz' Worten klagen. Die Firma könnte nach Wellers Angaben den Bau verschieben.\n\n"
            "Reporter: Welche Pläne sind Ihrer Meinung nach verfassungswidrig?")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    own = _with(report, "Die Kosten seien")
    assert own.speaker.mention.text == "ihrer Meinung"
    assert own.speaker.name == "Ida Lorenz"  # the owner named in the same sentence, not the last speaker
    genitive = _with(report, "den Bau verschieben")
    assert genitive.speaker.mention.text == "Wellers Angaben"
    assert genitive.speaker.name == "Tom Weller"
    assert not [s for s in report.statements if "verfassungswidrig" in s.text and s.speaker
                and s.speaker.mention and s.speaker.mention.text.startswith("Ihrer")]


def test_more_cue_verbs_from_train_listing() -> None:
    text = ("Rat\n\nDie Regierung bleibe im Amt, wie er in einem Brief an das Parlament nach der Abstimmung "
            "bekundete.\n\nDie Ministerin schränkte ein, dass die Prüfung noch dauern werde.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    assert _with(report, "Die Regierung bleibe im Amt").cue.text == "bekundete"
    assert [p.text for p in _with(report, "dass die Prüfung").cue_parts] == ["schränkte", "ein"]


def test_reported_speech_act_after_a_relative_clause() -> None:
    text = ("Prozess\n\nDie Anwältin Anna Kern vertritt die Mutter. Kern, die fast nur Frauen vertritt und dort oft "
            "mit Gewalt zu tun hat, nennt das Urteil einen Skandal.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "nennt das Urteil einen Skandal")
    assert st.type == "Reported"
    assert st.speaker.mention.text == "Kern"
    assert st.speaker.name == "Anna Kern"


def test_quoted_words_with_the_speaker_after_the_verb_and_hyphenated_first_names() -> None:
    text = ("Deponie\n\nDer Geschäftsführer der Firma, Gerd-Jürgen Brusch, hatte intern gewarnt. In einem Gespräch "
            "mit dem Minister wies der Geschäftsführer alle Vorwürfe als „haltlos“ zurück.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "„haltlos“")
    assert st.type == "Direct"
    assert st.speaker.mention.text == "der Geschäftsführer"
    assert st.speaker.name == "Gerd-Jürgen Brusch"
    person = next(e for e in report.entities if e.name == "Gerd-Jürgen Brusch")
    assert person.kind == "person"


def test_english_appositions_before_the_cue() -> None:
    text = ("Harbour talks\n\nThe strike went on. Nora Quist, head of the pilots' union, said on Tuesday that talks "
            "had failed. The harbour commissioner, Ivo Marsh, said that the port would stay closed. His rival, "
            "Lea Brandt, said she would not give up.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    assert _with(report, "talks had failed").speaker.name == "Nora Quist"
    assert _with(report, "the port would stay closed").speaker.name == "Ivo Marsh"
    rival = _with(report, "she would not give up")
    assert rival.speaker.mention.text == "His rival, Lea Brandt"
    assert rival.speaker.name == "Lea Brandt"


def test_reported_with_a_fronted_object() -> None:
    text = ("Wahl\n\nDer Diplomat Albrecht Kunze kam am Montag an. Eine Verschiebung der Wahl bezeichnete Kunze als "
            "gefährlich.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "Eine Verschiebung der Wahl")
    assert st.type == "Reported"
    assert st.speaker.mention.text == "Kunze"
    assert st.speaker.name == "Albrecht Kunze"


def test_role_noun_before_an_unknown_name_and_more_reported_verbs() -> None:
    text = ("Manila\n\nDie philippinische Präsidentin Gloria Arroyo sagte, das Land sei sicher. Ein Militärsprecher "
            "verwies auf das schlechte Wetter.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "das Land sei sicher")
    assert st.speaker.name == "Gloria Arroyo"
    assert st.speaker.role == "philippinische Präsidentin"
    assert _with(report, "verwies auf das schlechte Wetter").type == "Reported"


def test_laut_with_a_participle_phrase_or_a_lower_case_compound() -> None:
    text = ("Hilfe\n\nLaut einer am Dienstag veröffentlichten Mitteilung des Roten Kreuzes wurden 2.000 Menschen "
            "versorgt. Bei Diebstählen gibt es aber laut ai-Bericht eine hohe Dunkelziffer.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    first = _with(report, "wurden 2.000 Menschen versorgt")
    assert first.speaker.mention.text == "einer am Dienstag veröffentlichten Mitteilung des Roten Kreuzes"
    second = _with(report, "eine hohe Dunkelziffer")
    assert second.speaker.mention.text == "ai-Bericht"
    assert second.cue.text == "laut"


def test_relative_pronoun_frames_after_any_noun() -> None:
    text = ("Gipfel\n\nEin Vorschlag kam von Norwegen, das vorschlug, im Norden eine Schutzzone einzurichten. Die "
            "Firmen prüfen die Angaben eines Hackers, der behauptet, dass er den Schlüssel habe.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    state = _with(report, "im Norden eine Schutzzone einzurichten")
    assert (state.speaker.mention.text, state.speaker.name) == ("das", "Norwegen")
    hacker = _with(report, "dass er den Schlüssel habe")
    assert hacker.speaker.mention.text == "der"
    assert hacker.cue.text == "behauptet"


def test_wonach_names_its_source() -> None:
    text = ("Festnahme\n\nEin Bericht der Agentur Nordpress, wonach der Politiker verhaftet worden sei, wurde "
            "dementiert.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "der Politiker verhaftet worden sei")
    assert st.text == "der Politiker verhaftet worden sei"
    assert st.cue.text == "wonach"
    assert st.speaker.mention.text == "Ein Bericht der Agentur Nordpress"


def test_nach_medien_and_meldungen() -> None:
    text = ("Anschlag\n\nZu dem Anschlag bekannte sich nach örtlichen Medien eine kleine Gruppe. Nach Meldungen der "
            "Agentur Nordpress wurden drei Menschen verletzt.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    assert _with(report, "eine kleine Gruppe").speaker.mention.text == "örtlichen Medien"
    assert _with(report, "drei Menschen verletzt").speaker.mention.text == "Meldungen der Agentur Nordpress"


def test_nach_denen_relative_attribution() -> None:
    text = "Gerüchte\n\nEs gibt auch Gerüchte, nach denen der Sänger schwer krank war, doch die Familie schweigt."
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "der Sänger schwer krank war")
    assert (st.cue.text, st.speaker.mention.text) == ("nach", "denen")
    assert st.text == "der Sänger schwer krank war"


def test_english_subject_with_apposed_name_is_not_postposed_content() -> None:
    text = ("Cup tie\n\nThe team lost. The striker, Ben Okafor, told the club's website that the team would fight "
            "back. The data protection commissioner, Felix Marsh, said his office had opened an investigation.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    striker = _with(report, "the team would fight back")
    assert striker.speaker.mention.text == "The striker, Ben Okafor"
    assert striker.speaker.name == "Ben Okafor"
    office = _with(report, "his office had opened an investigation")
    assert office.speaker.name == "Felix Marsh"
    assert not [s for s in report.statements if s.text.startswith("The striker")]


def test_english_role_noun_inside_the_name_phrase() -> None:
    text = ("Leak\n\nThe files were open. Security researcher Nadia Brook said the leak had been open for weeks.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "the leak had been open for weeks")
    assert st.speaker.mention.text == "Security researcher Nadia Brook"
    assert st.speaker.name == "Nadia Brook"


def test_dies_geht_aus_hervor() -> None:
    text = ("Umbau\n\nDie Firma wird eine Europäische Gesellschaft. Dies geht aus einer Pressemitteilung des "
            "Konzerns hervor, die am Montag erschien.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    st = _with(report, "Die Firma wird eine Europäische Gesellschaft")
    assert st.speaker.mention.text == "einer Pressemitteilung des Konzerns"
    assert [p.text for p in st.cue_parts] == ["geht", "hervor"]


def test_role_adjective_matches_a_state_in_brackets() -> None:
    text = ("Gipfel\n\nZum Gipfel kamen Rafael Correa (Ecuador) und Michelle Bachelet (Chile). Die Bank werde "
            "wachsen, sagte der ecuadorianische Präsident.")
    report = analyze(Document(text.encode("utf-8"), published=date(2024, 5, 8)))
    assert _with(report, "Die Bank werde wachsen").speaker.name == "Rafael Correa"
