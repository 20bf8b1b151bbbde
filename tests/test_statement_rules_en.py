"""English statement constructions of issue 12 on invented sentences (kept apart from
test_statement_rules.py, whose table covers every registered rule)."""

from __future__ import annotations

from datetime import date

from quelle.model import Document
from quelle.pipeline import analyze
from quelle.statements.text import find_quotes, sentences, tokenize


def _statements(text: str):
    report = analyze(Document(("Headline\n\n" + text).encode("utf-8"), source_id="en", published=date(2024, 5, 8)))
    assert report.language == "en"
    return report.statements


def test_a_middle_initial_does_not_end_the_sentence() -> None:
    toks = tokenize("He also calls Mayor Karla W. Wendel the \"Queen of Northport.\" Then he left. It was Plan B. It")
    got = [" ".join(t.text for t in toks[a:b]) for a, b in sentences(toks, find_quotes(toks))]
    assert got[0].startswith("He also calls Mayor Karla W . Wendel the")
    assert got[1:] == ["Then he left .", "It was Plan B .", "It"]


def test_quoted_words_after_a_name_with_an_initial() -> None:
    got = _statements("He also calls Mayor Karla W. Wendel the \"Queen of Northport,\" and praised the council.")
    assert [(s.type, s.speaker.mention.text) for s in got if s.type == "Direct"] == [("Direct", "He")]


def test_content_starts_at_the_verb_when_a_clause_precedes_a_later_that() -> None:
    got = _statements("Police said two men had been arrested and that a third was being sought.")
    assert [s.text for s in got] == ["two men had been arrested and that a third was being sought"]
    got = _statements("Ortiz told the Harbour and Dock Board on Monday that the cranes were safe.")
    assert [s.text for s in got] == ["that the cranes were safe"]


def test_a_participle_after_the_content_opens_a_second_statement() -> None:
    got = _statements("The harbour authority reported that a crane had failed, claiming the storm had damaged "
                      "its brakes.")
    assert [(s.text, s.speaker.mention.text, s.cue.text) for s in got] == [
        ("that a crane had failed", "The harbour authority", "reported"),
        ("the storm had damaged its brakes", "The harbour authority", "claiming")]


def test_a_participle_without_a_clause_is_no_statement() -> None:
    got = _statements("The two parties signed a deal to end the long war, claiming more than 2,000 lives.")
    assert [s for s in got if s.cue is not None and s.cue.text == "claiming"] == []


def test_a_subject_ends_before_its_first_verb() -> None:
    got = _statements("Bishop Karl Wendel visited the port this week and urged calm among the dockers.")
    assert [(s.type, s.speaker.mention.text) for s in got] == [("Reported", "Bishop Karl Wendel")]
    got = _statements("A docker named Lam Tran, from Northport, has confessed to stealing the crane.")
    assert [s.speaker.mention.text for s in got] == ["A docker named Lam Tran, from Northport"]
    got = _statements("Newly appointed harbour master Lena Ortiz today confirmed that the crane had failed.")
    assert [s.speaker.mention.text for s in got] == ["Newly appointed harbour master Lena Ortiz"]


def test_refused_speech_is_no_statement() -> None:
    got = _statements("Ortiz caused a row on Monday, when she refused to state that the toll was illegal.")
    assert [s for s in got if s.cue is not None and s.cue.text == "state"] == []
    assert [s for s in got if s.type == "Reported"] == []


def test_short_quoted_words_with_their_full_stop_take_the_clause_subject() -> None:
    got = _statements("Harbour officials have described the move as \"disappointing.\"")
    assert [(s.text, s.speaker.mention.text) for s in got] == [('"disappointing."', "Harbour officials")]


def test_an_english_quotation_after_its_frame_takes_the_subject_not_the_object() -> None:
    got = _statements("In the video, Wendel exhorts the dockers to \"Stay calm, stay together.\"")
    assert [(s.speaker.mention.text, s.cue.text) for s in got] == [("Wendel", "exhorts")]


def test_an_addressee_after_to_stands_between_the_cue_and_its_clause() -> None:
    got = _statements("Port officials have confirmed to the Northport Herald the cranes are safe.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [("the cranes are safe", "Port officials")]
    assert _statements("The mayor has confessed to stealing the crane.")[0].text == "to stealing the crane"


def test_progressive_speech_acts_are_reported() -> None:
    got = _statements("Mayor Karla Wendel is defending the toll.")
    assert [(s.type, s.speaker.mention.text) for s in got] == [("Reported", "Mayor Karla Wendel")]


def test_an_imperative_is_no_frame_and_a_leading_adverb_is_no_speaker() -> None:
    assert _statements("Please note: this summary may differ slightly from the recording of the meeting.") == []
    got = _statements("However other reports state that the crane is being repaired at the harbour.")
    assert [s.speaker.mention.text for s in got] == ["other reports"]


def test_a_phrasal_verb_is_no_weak_cue() -> None:
    assert _statements("Northport has called in divers following an inquiry that found two cracks in the pier.") == []
    got = _statements("The engineer pointed out that the pier had two cracks.")
    assert [s.text for s in got] == ["that the pier had two cracks"]


def test_more_speech_verbs_and_decisions_in_the_passive() -> None:
    got = _statements("Residents complained that the toll was too high.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [("that the toll was too high", "Residents")]
    got = _statements("The council has agreed with the mayor that the toll be scrapped.")
    assert [s.cue.text for s in got] == ["has agreed"]
    assert _statements("It has been agreed that the toll will be scrapped next year.") == []
    got = _statements("Students continue their protest against a new toll, proposed by the council.")
    assert [s for s in got if s.cue is not None and s.cue.text == "proposed"] == []


def test_a_participle_between_subject_and_verb_belongs_to_the_frame() -> None:
    got = _statements("The mayor, speaking at a press conference on Monday, said the pier would be rebuilt.")
    assert [(s.speaker.mention.text, [f.text for f in s.frame]) for s in got] == [
        ("The mayor", ["The mayor, speaking at a press conference on Monday, said"])]


def test_a_frame_inside_a_fronted_subordinate_clause_ends_before_the_main_clause() -> None:
    got = _statements("Hours after the rebels threatened to bomb the harbour in Northport, Nordland, a bomb went off.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [
        ("to bomb the harbour in Northport, Nordland", "the rebels")]
    got = _statements("When the mayor said that the toll would stay, the council protested.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [("that the toll would stay", "the mayor")]


def test_a_final_frame_speaks_the_clause_with_the_inner_frame_inside() -> None:
    got = _statements("The toll is expected to raise two million euros, officials said.")
    assert [(s.text, s.speaker.mention.text if s.speaker else None) for s in got] == [
        ("The toll is expected to raise two million euros", "officials"), ("to raise two million euros", None)]
    got = _statements("The pier will be rebuilt, the mayor said on Monday.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [("The pier will be rebuilt", "the mayor")]


def test_no_parenthetical_frame_from_a_participle_or_a_relative_clause() -> None:
    got = _statements("Students oppose the toll, proposed by the council, with new rallies in the harbour.")
    assert [s for s in got if s.cue is not None and s.cue.text == "proposed"] == []
    got = _statements("The toll, which the mayor said was fair, will stay in place.")
    assert [s for s in got if s.speaker is not None and s.speaker.mention.text == "the mayor"
            and s.text.startswith("The toll")] == []


def test_states_in_english_text_have_their_english_names() -> None:
    got = _statements("North Korea said that it would resume the talks. Iraq rejected the report.")
    assert [s.speaker.name for s in got] == ["North Korea", "Iraq"]
    report = analyze(Document("Überschrift\n\nNordkorea teilte mit, es werde die Gespräche fortsetzen.".encode(),
                              source_id="de", published=date(2024, 5, 8)))
    assert [s.speaker.name for s in report.statements] == ["Nordkorea"]


def test_english_names_the_entity_finder_misses_and_spelt_out_acronyms() -> None:
    got = _statements("The Northport Harbour Board (NHB) met on Monday. NHB said that the crane had failed. "
                      "The Associated Press reported that the port would close.")
    assert [s.speaker.name for s in got] == ["Northport Harbour Board", "Associated Press"]
    got = _statements("Karl Wendel Brandt opened the pier. Later Brandt said that the crane had failed.")
    assert [s.speaker.name for s in got] == ["Karl Wendel Brandt"]


def test_a_quantity_or_an_irregular_past_opens_unmarked_content() -> None:
    got = _statements("Officials said at least 12 people had been killed. Police said about half of the town "
                      "was flooded. Experts believe the virus spread from bats.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [
        ("at least 12 people had been killed", "Officials"), ("about half of the town was flooded", "Police"),
        ("the virus spread from bats", "Experts")]


def test_a_parenthetical_speaker_may_carry_an_of_or_for_phrase() -> None:
    got = _statements("The deal, a spokesman for the ministry said, was dead. The vote, the head of the union "
                      "said, was close.")
    assert [(s.text, s.speaker.mention.text) for s in got] == [
        ("The deal was dead", "a spokesman for the ministry"), ("The vote was close", "the head of the union")]
