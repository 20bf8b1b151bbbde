"""German statement parts beyond the rule that finds them (invented sentences): addressees from the cue
verb, the words an impersonal cue keeps ("heißt es", "Es wird angenommen") with the document it names,
a free indirect speaker carried across one narrative sentence, and fronted adverbials that are no subject."""

from __future__ import annotations

from datetime import date

import pytest

from quelle.model import Document
from quelle.pipeline import analyze


def _statements(text: str):
    return analyze(Document(("Überschrift\n\n" + text).encode("utf-8"), source_id="t",
                            published=date(2024, 5, 8))).statements


@pytest.mark.parametrize(("text", "addressee", "speaker"), [
    ("Der Stadtrat warf der Verwaltung vor, sie habe die Brücke vergessen.", "der Verwaltung", "Der Stadtrat"),
    ("Die Ministerin sagte der Nordstädter Zeitung, die Brücke werde gebaut.", "der Nordstädter Zeitung",
     "Die Ministerin"),
    ("Die Partei forderte die Stadtverwaltung auf, die Brücke zu sperren.", "die Stadtverwaltung", "Die Partei"),
    ("Am Montag rief der Bürgermeister alle Anwohner dazu auf, die Fenster zu schließen.", "alle Anwohner",
     "der Bürgermeister"),
    ("Der Bürgermeister appellierte an die Anwohner, die Fenster zu schließen.", "die Anwohner",
     "Der Bürgermeister"),
    ("Ihm wird vorgeworfen, die Kasse des Vereins geplündert zu haben.", "Ihm", None),
    ("Die Ministerin sagte hierzu der Nordstädter Zeitung, die Brücke werde gebaut.", "der Nordstädter Zeitung",
     "Die Ministerin"),
    ("Die Polizisten forderten die Schüler und Lehrer auf, das Gebäude zu verlassen.", "die Schüler und Lehrer",
     "Die Polizisten"),
    ("Über Lautsprecher wurden die Anwohner gebeten, die Fenster zu schließen.", "die Anwohner", None),
])
def test_addressee_from_the_cue_verb(text: str, addressee: str, speaker: str | None) -> None:
    got = [(s.addressee.text if s.addressee else None, s.speaker.mention.text if s.speaker else None)
           for s in _statements(text)]
    assert got == [(addressee, speaker)]


@pytest.mark.parametrize("text", ["Er sagte, die Brücke werde gebaut.",
                                  "Die Ministerin erklärte die Brücke für sicher, sie werde gebaut.",
                                  "Die Ministerin sagte am Montag, die Brücke werde gebaut."])
def test_no_addressee_without_an_object_slot(text: str) -> None:
    assert all(s.addressee is None for s in _statements(text))


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("In dem Bericht heißt es, die Brücke sei marode.", "heißt es", "dem Bericht"),
    ("Die Brücke sei marode, heißt es in einer Erklärung des Verbands.", "heißt es", "einer Erklärung des Verbands"),
    ("Bisher hieß es, die Brücke sei marode.", "hieß es", None),
    ("Es wird angenommen, dass die Brücke marode ist.", "Es wird angenommen", None),
    ("Die Anwohner warnen davor, die Brücke zu betreten.", "warnen davor", "Die Anwohner"),
])
def test_impersonal_cues_keep_es_and_their_document(text: str, cue: str, speaker: str | None) -> None:
    got = [(s.cue.text, s.speaker.mention.text if s.speaker else None) for s in _statements(text)]
    assert got == [(cue, speaker)]


def test_free_indirect_speech_keeps_its_speaker_across_one_narrative_sentence() -> None:
    statements = _statements("Der Bürgermeister Paul Brenner sagte am Montag, die Brücke werde im Mai gesperrt. "
                             "Die Brücke wurde 1962 gebaut. Eine Umleitung führe dann über die Hafenstraße.")
    assert [(s.type, s.speaker.mention.text if s.speaker else None) for s in statements] == [
        ("Indirect", "Der Bürgermeister Paul Brenner"), ("IndirectFreeIndirect", "Der Bürgermeister Paul Brenner")]


@pytest.mark.parametrize("text", ["Als Begründung gab der Minister an, die Brücke sei marode.",
                                  "Des Weiteren erklärte der Minister, die Brücke sei marode.",
                                  "Sinngemäß sagte der Minister, die Brücke sei marode.",
                                  "Neben der Brücke kritisierte der Minister auch die Straße, sie sei marode."])
def test_a_fronted_adverbial_is_no_subject(text: str) -> None:
    assert [s.speaker.mention.text for s in _statements(text) if s.type == "Indirect"] == ["der Minister"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("In einem Interview sprach Karla Wendel von der Möglichkeit einer neuen Brücke.", "Karla Wendel"),
    ("Der Nordstädter Rundfunk berichtet von einem Unwetter während des Festes.", "Der Nordstädter Rundfunk"),
])
def test_reported_speech_of_something_ends_its_speaker_before_von(text: str, speaker: str) -> None:
    assert [(s.type, s.speaker.mention.text) for s in _statements(text)] == [("Reported", speaker)]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Diese bestätigte, dass gegen den Mann ein Haftbefehl besteht.", "Diese"),
    ("Dieser sagte, die Brücke sei marode.", "Dieser"),
])
def test_a_demonstrative_before_the_cue_is_the_subject(text: str, speaker: str) -> None:
    assert [s.speaker.mention.text for s in _statements(text)] == [speaker]


def test_a_quoted_name_heads_a_subject() -> None:
    got = _statements("Die „Nordstädter Zeitung“ hatte gestern berichtet, 200 Mitarbeiter würden entlassen.")
    assert [s.speaker.mention.text for s in got] == ["Die „Nordstädter Zeitung“"]


def test_lower_case_media_names_end_a_noun_phrase() -> None:
    got = _statements("Ein Reporter des Fernsehsenders n-tv berichtete, dass die Brücke gesperrt sei.")
    assert [s.speaker.mention.text for s in got] == ["Ein Reporter des Fernsehsenders n-tv"]


def test_the_reflexive_after_the_cue_is_no_speaker() -> None:
    got = _statements("Ähnlich äußerte sich der Präsident Paul Brenner: „Wir bauen die Brücke im Mai.“")
    assert [(s.cue.text, s.speaker.mention.text) for s in got] == [("äußerte sich", "der Präsident Paul Brenner")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Karl Brenner, Vorsitzender des Heimatvereins, kritisierte die Entscheidung des Landes.",
     "Karl Brenner, Vorsitzender des Heimatvereins"),
    ("Paul Brenner, der seit Jahren im Stadtrat sitzt, kritisierte die Entscheidung des Landes.", "Paul Brenner"),
])
def test_reported_speech_after_an_apposition_or_relative_clause(text: str, speaker: str) -> None:
    assert [(s.type, s.speaker.mention.text) for s in _statements(text)] == [("Reported", speaker)]
