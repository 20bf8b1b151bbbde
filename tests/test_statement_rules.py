"""Each registered statement rule on its own: an invented sentence it must read, run with that rule
alone, so a rule's test does not depend on the rules tried before it."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import quelle.statements.rules as rules_pkg
from quelle.model import Document
from quelle.pipeline import analyze
from quelle.statements.rules.base import rules_for

# rule name -> (language, invented text, words in the content, speaker mention or None)
CASES = {
    "direct-standalone": ("de", "„Wir bauen keine neue Brücke über den Fluss“, sagte Bürgermeisterin Karla Wendel.",
                          "keine neue Brücke", "Bürgermeisterin Karla Wendel"),
    "anaphoric": ("de", "Das Werk in Nordstadt wird im Herbst geschlossen. Dies teilte der Konzern am Montag mit.",
                  "im Herbst geschlossen", "der Konzern"),
    "postposed": ("de", "Die Verhandlungen seien gescheitert, sagte der Sprecher des Verbands.",
                  "Verhandlungen seien gescheitert", "der Sprecher des Verbands"),
    "preposed": ("en", "Mayor Karla Wendel said the bridge would not be built this year.",
                 "the bridge would not be built", "Mayor Karla Wendel"),
    "reported-en": ("en", "The city council has criticized the new toll on the harbour bridge.",
                    "criticized the new toll", "The city council"),
    "speech-clause-en": ("en", "However, the deputy harbour master of Northport, Lena Ortiz, has stated that the "
                                "crane had failed twice.", "that the crane had failed twice",
                         "the deputy harbour master of Northport, Lena Ortiz"),
    "saying": ("en", "The mayor rejected the plan on Monday, saying the bridge was safe for another decade.",
               "the bridge was safe for another decade", "The mayor"),
    "wie": ("de", "Wie die Polizei mitteilte, wurde niemand verletzt.", "wurde niemand verletzt", "die Polizei"),
    "attribution": ("de", "Laut dem Wetterdienst wird es am Wochenende stürmisch.", "am Wochenende stürmisch",
                    "dem Wetterdienst"),
    "embedded": ("de", "Die Richterin hörte den Anwalt Peter Brand, der vor Gericht betonte, sein Mandant sei "
                       "unschuldig.", "sein Mandant sei unschuldig", "der"),
    "dass-clause": ("de", "Die Polizei geht davon aus, dass der Brand in der Nacht gelegt wurde.",
                    "dass der Brand in der Nacht gelegt wurde", "Die Polizei"),
    "direct": ("de", "Er nannte es „eine Entscheidung gegen die ganze Region und ihre Bürger“.",
               "gegen die ganze Region", None),
    "free-indirect": ("de", "Der Minister sprach in Bonn. Die Reform sei notwendig und komme im Sommer.",
                      "Die Reform sei notwendig", None),
    "reported": ("de", "Der Bürgermeister kritisierte die Entscheidung des Landes.", "kritisierte die Entscheidung",
                 "Der Bürgermeister"),
    "quoted-words": ("de", "Der Minister nannte den Bericht eine „Zeitungsente“.", "Zeitungsente", "Der Minister"),
    "reportative-sollen": ("de", "Der Verdächtige soll das Auto gestohlen haben.", "soll das Auto gestohlen haben",
                           None),
    # German, issue 12 (invented sentences)
    "attribution-inside": ("de", "„Die Brücke bleibt gesperrt“, sagte der Bauleiter laut Radio Nordstadt.",
                           "sagte der Bauleiter", "Radio Nordstadt"),
    "reported-passive": ("de", "Die Pläne wurden von Stadträtin Karla Wendel als überteuert bezeichnet.",
                         "als überteuert bezeichnet", "Stadträtin Karla Wendel"),
    # English quotations and headlines (issue 12, invented sentences)
    "headline-colon-en": ("en", "Port official: second crane failed twice this winter\n\nThe port stayed open.",
                          "second crane failed twice", "Port official"),
    "quoted-words-en": ("en", "The mayor also calls the new toll a \"harbour tax.\"", "harbour tax",
                        "The mayor"),
    "post-final-en": ("en", "Ortiz has said she will appeal the ruling, her lawyer said.", "Ortiz has said she will",
                      "her lawyer"),
    "parenthetical-en": ("en", "The decision, the mayor said, was final.", "was final", "the mayor"),
    "quoted-as-en": ("en", "The mayor was quoted as saying the toll was fair.", "the toll was fair", "The mayor"),
    "scare-quotes-en": ("en", "The old pier was closed after a \"structural event\" on Friday.",
                        "structural event", None),
    "comma-frame": ("de", "Der Vorsitzende des Vereins, der seit Jahren in Nordstadt lebt, erklärte, die Pläne "
                          "seien überteuert.", "die Pläne seien überteuert", "Der Vorsitzende des Vereins"),
}


def _alone(monkeypatch: pytest.MonkeyPatch, name: str, language: str, text: str):
    only = [r for r in rules_for(language) if r.name == name]
    assert only, f"rule {name!r} is not registered for {language}"
    monkeypatch.setattr(rules_pkg, "rules_for", lambda _language: only)
    report = analyze(Document(text.encode("utf-8"), source_id="rule", published=date(2024, 5, 8)))
    assert report.language == language
    return report.statements


def test_every_registered_rule_has_a_case() -> None:
    names = {r.name for language in ("de", "en") for r in rules_for(language)}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_alone_reads_its_construction(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    language, text, words, mention = CASES[name]
    statements = _alone(monkeypatch, name, language, "Überschrift\n\n" + text if language == "de"
                        else "Headline\n\n" + text)
    hits = [s for s in statements if words in s.text]
    assert hits, f"{name}: no statement with {words!r} in {[s.text for s in statements]}"
    if mention is not None:
        assert hits[0].speaker is not None and hits[0].speaker.mention.text == mention


def test_rules_run_in_order_and_names_are_unique() -> None:
    for language in ("de", "en"):
        ordered = rules_for(language)
        assert [r.order for r in ordered] == sorted(r.order for r in ordered)
        assert len({r.name for r in ordered}) == len(ordered)


_LAYERS = ["text", "lexicon", "phrases", "entities", "resolve", "rules", "__init__"]


def test_lower_statement_layers_never_import_higher_ones() -> None:
    root = Path(rules_pkg.__file__).resolve().parent.parent
    for path in [*root.glob("*.py"), *root.glob("rules/*.py")]:
        layer = "rules" if path.parent.name == "rules" else path.stem
        rank = _LAYERS.index(layer)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("quelle.statements."):
                target = node.module.split(".")[2]
                assert _LAYERS.index(target) <= rank, f"{path.name} imports the higher layer {node.module}"


@pytest.mark.parametrize("text", ["Es ist wichtig, dass der Brand in der Nacht gelöscht wurde.",
                                  "Die Folge war, dass viele Züge am Morgen ausfielen."])
def test_dass_clause_needs_a_person_or_organisation(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _alone(monkeypatch, "dass-clause", "de", "Überschrift\n\n" + text) == []


def test_english_cue_keeps_its_auxiliaries(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _alone(monkeypatch, "preposed", "en",
                        "Headline\n\nThe harbour authority has also denied that the crane had failed twice.")
    assert [(s.cue.text, s.speaker.mention.text, s.text) for s in statements] == [
        ("has also denied", "The harbour authority", "that the crane had failed twice")]


def test_english_speech_act_with_a_content_clause_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in ("The mayor announced that the bridge would close.", "The mayor announced he would resign.",
                 "The mayor will not criticize the plan.", "The toll was criticized in the council."):
        assert _alone(monkeypatch, "reported-en", "en", "Headline\n\n" + text) == []
    statements = _alone(monkeypatch, "reported-en", "en",
                        "Headline\n\nThe mayor rejected the plan, saying it was too expensive.")
    assert [(s.type, s.text) for s in statements] == [("Reported", "The mayor rejected the plan"),
                                                      ("Indirect", "it was too expensive")]


def _report(text: str):
    return analyze(Document(text.encode("utf-8"), source_id="t", published=date(2024, 5, 8)))


def test_role_phrases_keep_numbers() -> None:
    report = _report("Überschrift\n\nDie 64-jährige deutsche Bundeskanzlerin Karla Wendel sagte, sie sei zufrieden.")
    assert [(s.speaker.name, s.speaker.role) for s in report.statements] == [
        ("Karla Wendel", "64-jährige deutsche Bundeskanzlerin")]


def test_weekdays_and_quantifiers_are_never_speakers() -> None:
    report = _report("Headline\n\nThe bridge will stay closed until June, Sunday said.")
    assert all(s.speaker is None for s in report.statements)
    assert report.statements, "the postposed frame is still read, only without a speaker"


@pytest.mark.parametrize(("text", "mention", "content"), [
    ("On Monday, the harbour authority said that the crane had failed.", "the harbour authority",
     "that the crane had failed"),
    ("The inspectors who visited the site say that the crane had failed.", "The inspectors",
     "that the crane had failed"),
    ("Reports say that the crane had failed twice.", "Reports", "that the crane had failed twice"),
    ("Northwind Co. confirms that the crane had failed.", "Northwind Co.", "that the crane had failed"),
])
def test_english_subjects_before_the_cue(text: str, mention: str, content: str) -> None:
    report = _report("Headline\n\n" + text)
    assert [(s.speaker.mention.text, s.text) for s in report.statements] == [(mention, content)]


def test_quoted_words_inside_reported_speech_are_one_statement_with_parts() -> None:
    report = _report("Überschrift\n\nDer Minister sagte, die Reform sei „ein Schritt in die richtige Richtung“ "
                     "und komme bald.")
    outer, inner = report.statements
    assert outer.parent is None and [p.text for p in outer.quoted_parts] == ["„ein Schritt in die richtige Richtung“"]
    assert inner.type == "Direct" and inner.parent == 0 and inner.quoted_parts == []
    assert inner.spans[0] == outer.quoted_parts[0]  # the nested form stays for the German scorer


@pytest.mark.parametrize(("text", "mention", "cue", "content", "frame"), [
    ("In Northport, veteran crane driver Ben Adeyemi has confirmed the crane was faulty.",
     "veteran crane driver Ben Adeyemi", "has confirmed", "the crane was faulty",
     "In Northport, veteran crane driver Ben Adeyemi has confirmed"),
    ("Although the harbour reopened on Monday, officials say it will take weeks to clear the backlog.",
     "officials", "say", "it will take weeks to clear the backlog", "officials say"),
    ("Dockers and their families had initially feared that the harbour would close.", "Dockers and their families",
     "had feared", "that the harbour would close", "Dockers and their families had initially feared"),
    ("The Northport Gazette is reporting that the harbour will close in June.", "The Northport Gazette",
     "is reporting", "that the harbour will close in June", "The Northport Gazette is reporting"),
    ("Harbour officials made clear that no cargo would be lost.", "Harbour officials", "made clear",
     "that no cargo would be lost", "Harbour officials made clear"),
    ("The union threatened to strike for a week.", "The union", "threatened", "to strike for a week",
     "The union threatened"),
    ("Mayor Karla Wendel told reporters on Monday that the bridge was safe.", "Mayor Karla Wendel", "told",
     "that the bridge was safe", "Mayor Karla Wendel told reporters on Monday"),
    ("The crane was inspected by Lena Ortiz, who has stated that it was safe.", "who", "has stated",
     "that it was safe", "who has stated"),
    ("The fire is thought by harbour police to have started in a warehouse.", "harbour police", "is thought",
     "to have started in a warehouse", "is thought by harbour police"),
    ("Mayor Karla Wendel has announced she wants a new bridge.", "Mayor Karla Wendel", "has announced",
     "she wants a new bridge", "Mayor Karla Wendel has announced"),
])
def test_english_speech_clause_parts(monkeypatch: pytest.MonkeyPatch, text: str, mention: str, cue: str,
                                     content: str, frame: str) -> None:
    statements = _alone(monkeypatch, "speech-clause-en", "en", "Headline\n\n" + text)
    assert [(s.speaker.mention.text, " ".join(p.text for p in s.cue_parts) or s.cue.text, s.text,
             s.frame[0].text) for s in statements] == [(mention, cue, content, frame)]


@pytest.mark.parametrize("text", [
    "The mayor denied the report, saying it was wrong.",  # no clause after "denied": the participle frame's
    "The mayor said: \"The bridge is safe for another decade.\"",  # a quotation, read by the quotation rules
    "A magnitude seven point one earthquake struck the coast.",  # "point" is no cue here
    "Paramedics were called to his home in the morning.",
])
def test_english_speech_clause_declines(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _alone(monkeypatch, "speech-clause-en", "en", "Headline\n\n" + text) == []


def _statements(text: str):
    report = analyze(Document(("Überschrift\n\n" + text).encode("utf-8"), source_id="rule",
                              published=date(2024, 5, 8)))
    return report.statements


def test_a_source_inside_a_framed_sentence_is_a_second_statement() -> None:
    statements = _statements("„Die Brücke bleibt gesperrt“, sagte der Bauleiter laut Radio Nordstadt.")
    rules = {next(e["detail"] for e in s.evidence if e["kind"] == "rule"): s for s in statements}
    assert rules["direct-post"].speaker.mention.text == "der Bauleiter"
    assert rules["attribution-inside"].cue.text == "laut"
    assert "„Die Brücke bleibt gesperrt“" in rules["attribution-inside"].text


def test_passive_report_without_agent_has_no_speaker_and_denials_are_none() -> None:
    got = _statements("Als Grund für die Sperrung wurde ein Riss im Pfeiler angegeben.")
    assert [s.type for s in got] == ["Reported"] and got[0].speaker is None
    assert _statements("Die Zahl der Verletzten wurde noch nicht bestätigt.") == []


@pytest.mark.parametrize(("text", "cue"), [
    ("Der Bauleiter wies darauf hin, dass die Brücke marode sei.", "wies darauf hin"),
    ("Die Stadt geht davon aus, dass die Brücke im Mai öffnet.", "geht davon aus"),
    ("Wie der Bauleiter mitteilte, bleibt die Brücke gesperrt.", "Wie der Bauleiter mitteilte"),
])
def test_german_cues_keep_their_companions(text: str, cue: str) -> None:
    got = _statements(text)
    words = " ".join(p.text for p in got[0].cue_parts) if got and got[0].cue_parts else got and got[0].cue.text
    assert words == " ".join(w for w in cue.split() if w not in ("der", "Bauleiter"))


def test_an_institution_with_an_adjective_speaks() -> None:
    got = _statements("Die norwegische Regierung warnt vor weiteren Stürmen an der Küste.")
    assert got and got[0].type == "Reported" and got[0].speaker.mention.text == "Die norwegische Regierung"


@pytest.mark.parametrize(("text", "quote", "mention"), [
    ("Von einer „gezielten Kampagne“ sprach der Abgeordnete Paul Brenner.", "„gezielten Kampagne“",
     "der Abgeordnete Paul Brenner"),
    ("Die Vorsitzende des Vereins, Karla Wendel, nannte den Plan einen „Schildbürgerstreich“.",
     "„Schildbürgerstreich“", "Die Vorsitzende des Vereins, Karla Wendel"),
])
def test_quoted_words_in_fronted_objects_and_after_appositions(monkeypatch: pytest.MonkeyPatch, text: str,
                                                               quote: str, mention: str) -> None:
    got = _alone(monkeypatch, "quoted-words", "de", "Überschrift\n\n" + text)
    assert [(s.text, s.speaker.mention.text) for s in got] == [(quote, mention)]


@pytest.mark.parametrize(("text", "source"), [
    ("Laut „Nordstadter Rundschau“ soll die Brücke im Mai öffnen.", "„Nordstadter Rundschau“"),
    ("Nach Berechnungen der Stadtwerke steigen die Preise um zehn Prozent.", "Berechnungen der Stadtwerke"),
])
def test_attribution_sources_in_quotes_and_more_nach_nouns(monkeypatch: pytest.MonkeyPatch, text: str,
                                                           source: str) -> None:
    got = _alone(monkeypatch, "attribution", "de", "Überschrift\n\n" + text)
    assert got and got[0].speaker.mention.text == source

@pytest.mark.parametrize(("text", "act", "mention"), [
    ("The harbour board met on Monday, and it criticized the new toll.", "it criticized the new toll", "it"),
    ("Lena Ortiz, the former harbour master, spoke of a culture of secrecy.",
     "Lena Ortiz, the former harbour master, spoke of a culture of secrecy.", "Lena Ortiz, the former harbour master"),
    ("The council quickly condemned the toll, and the mayor resigned.", "The council quickly condemned the toll",
     "The council"),
])
def test_english_reported_act_is_its_clause(monkeypatch: pytest.MonkeyPatch, text: str, act: str,
                                            mention: str) -> None:
    statements = _alone(monkeypatch, "reported-en", "en", "Headline\n\n" + text)
    assert [(s.text, s.speaker.mention.text) for s in statements] == [(act, mention)]



@pytest.mark.parametrize(("text", "content", "mention", "cue"), [
    ("Der Präsident des Verbands, Paul Brenner, sagte vor der Presse, dass die Brücke gesperrt wurde.",
     "dass die Brücke gesperrt wurde", "Der Präsident des Verbands, Paul Brenner", "sagte"),
    ("Der Verband hat angekündigt die Preise ab Oktober zu erhöhen.", "die Preise ab Oktober zu erhöhen",
     "Der Verband", "hat angekündigt"),
    ("Die Stadt hält es jedoch für möglich, dass die Brücke im Mai öffnet.", "dass die Brücke im Mai öffnet",
     "Die Stadt", "hält es für möglich"),
])
def test_preposed_frames_with_appositions_bare_zu_infinitives_and_judgements(
        monkeypatch: pytest.MonkeyPatch, text: str, content: str, mention: str, cue: str) -> None:
    got = _alone(monkeypatch, "preposed", "de", "Überschrift\n\n" + text)
    assert got and got[0].text == content and got[0].speaker.mention.text == mention
    assert (" ".join(p.text for p in got[0].cue_parts) or got[0].cue.text) == cue


@pytest.mark.parametrize(("text", "mention", "content"), [
    ("Außerdem ließ der Sprecher des Hafenamts verlauten, dass die Fähre ab Mai wieder fahre.",
     "der Sprecher des Hafenamts", "dass die Fähre ab Mai wieder fahre"),
    ("Die Bürgermeisterin Karla Wendel hat am Samstag auf einer Versammlung in Nordstadt angekündigt, "
     "ihr Amt im Herbst niederzulegen.", "Die Bürgermeisterin Karla Wendel", "ihr Amt im Herbst niederzulegen"),
    ("Paul Brenner von der Feuerwehr, die seit Montag im Einsatz ist, sagte, dass der Damm halte.",
     "Paul Brenner von der Feuerwehr", "dass der Damm halte"),
    ("Ein hoher Beamter, den die Nordstädter Zeitung zitiert, kommentierte, die Pläne seien überteuert.",
     "Ein hoher Beamter", "die Pläne seien überteuert"),
    ("General Karl Brenner, Oberbefehlshaber der Küstenwache, hat bereits angekündigt, die Suche fortzusetzen.",
     "General Karl Brenner, Oberbefehlshaber der Küstenwache", "die Suche fortzusetzen"),
    ("Der Händler bot den Kunden an, die Ware am Bahnhof zu übergeben.", "Der Händler",
     "die Ware am Bahnhof zu übergeben"),
    ("Aus Hafenkreisen verlautete ursprünglich, dass die Fähre ausfalle.", "Aus Hafenkreisen",
     "dass die Fähre ausfalle"),
])
def test_comma_frame_reads_long_subjects_and_middle_fields(monkeypatch: pytest.MonkeyPatch, text: str,
                                                            mention: str, content: str) -> None:
    statements = _alone(monkeypatch, "comma-frame", "de", "Überschrift\n\n" + text)
    assert [(s.speaker.mention.text if s.speaker else None, s.text) for s in statements] == [(mention, content)]


@pytest.mark.parametrize("text", ["Der Zug hielt in Nordstadt, sagte aber nichts über die Verspätung.",
                                  "Die Stadt erklärte, warum die Brücke gesperrt wurde, nicht."])
def test_comma_frame_needs_a_content_clause(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _alone(monkeypatch, "comma-frame", "de", "Überschrift\n\n" + text) == []


def test_nominalised_number_adjective_is_a_subject() -> None:
    report = _report("Überschrift\n\nDer 39-Jährige gab jedoch an, es gehe ihm nur um die Kinder.")
    assert [(s.speaker.mention.text, s.text) for s in report.statements] == [
        ("Der 39-Jährige", "es gehe ihm nur um die Kinder")]


@pytest.mark.parametrize(("text", "cue"), [
    ("Zuvor war schon bekannt geworden, dass die Brücke marode ist.", "war bekannt geworden"),
    ("Gestern war berichtet worden, dass die Fähre ausfalle.", "war berichtet worden"),
    ("Es wurde bekannt, dass die Brücke marode ist.", "Es wurde bekannt"),
])
def test_comma_frame_reads_impersonal_passives_without_a_speaker(monkeypatch: pytest.MonkeyPatch, text: str,
                                                                 cue: str) -> None:
    statements = _alone(monkeypatch, "comma-frame", "de", "Überschrift\n\n" + text)
    assert [(" ".join(p.text for p in s.cue_parts) or s.cue.text, s.speaker) for s in statements] == [(cue, None)]


def test_wie_frame_after_a_conjunction(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _alone(monkeypatch, "wie", "de", "Überschrift\n\nDenn wie die Zeitung am Montag berichtete, "
                                                  "leidet der Sänger an einer Krankheit.")
    assert [(s.speaker.mention.text, s.text) for s in statements] == [
        ("die Zeitung", "leidet der Sänger an einer Krankheit")]


def test_direct_quote_after_a_subject_with_an_apposition(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _alone(monkeypatch, "direct", "de", "Überschrift\n\nDer Vorsitzende des Bauverbands in Nordstadt, "
                        "Paul Brenner, kritisierte die Entscheidung der Behörde scharf: „Die Behörde muss sich fragen "
                        "lassen, warum sie das zulässt.“")
    assert [s.speaker.mention.text for s in statements] == [
        "Der Vorsitzende des Bauverbands in Nordstadt, Paul Brenner"]


@pytest.mark.parametrize(("text", "source", "content"), [
    ("Nach Angaben von n24 sind die Gruppen sehr mobil.", "Angaben von n24", "sind die Gruppen sehr mobil"),
    ("Nach Angaben der Nordstädter Zeitung und der Südstädter Post ist die Brücke marode.",
     "Angaben der Nordstädter Zeitung und der Südstädter Post", "ist die Brücke marode"),
    ("Laut Polizei und Feuerwehr wurde niemand verletzt.", "Polizei und Feuerwehr", "wurde niemand verletzt"),
    ("Die Brücke ist nach Angaben des Sprechers der Stadt, Paul Brenner, seit Montag gesperrt.",
     "Angaben des Sprechers der Stadt, Paul Brenner", "Die Brücke ist seit Montag gesperrt"),
    ("Nach Meinung von Paul Brenner, Professor an der Universität Nordstadt, ist die Brücke marode.",
     "Meinung von Paul Brenner, Professor an der Universität Nordstadt", "ist die Brücke marode"),
    ("Nach Angaben seines Anwalts ist das Geld verloren.", "Angaben seines Anwalts", "ist das Geld verloren"),
    ("Laut Behördenangaben 7.000 Menschen starben bei dem Beben.", "Behördenangaben",
     "7.000 Menschen starben bei dem Beben"),
    ("Berichten der Sender Radio Nord und Radio Süd zufolge war das Beben bis Nordstadt zu spüren.",
     "Berichten der Sender Radio Nord und Radio Süd", "war das Beben bis Nordstadt zu spüren"),
    ("Am Samstag starben behördlichen Angaben zufolge 40 Menschen.", "behördlichen Angaben",
     "Am Samstag starben 40 Menschen"),
    ("Berichten lokaler Medien zufolge wurde die Brücke gesperrt.", "Berichten lokaler Medien",
     "wurde die Brücke gesperrt"),
])
def test_attribution_sources_keep_coordinated_and_lower_case_names(monkeypatch: pytest.MonkeyPatch, text: str,
                                                                   source: str, content: str) -> None:
    statements = _alone(monkeypatch, "attribution", "de", "Überschrift\n\n" + text)
    assert [(s.speaker.mention.text, s.text) for s in statements] == [(source, content)]

@pytest.mark.parametrize(("text", "content", "mention", "frame"), [
    ("Karla Wendel: the bridge will stay closed until spring", "the bridge will stay closed until spring",
     "Karla Wendel", "Karla Wendel:"),
    ("Bridge to stay closed until spring: Wendel", "Bridge to stay closed until spring", "Wendel", ": Wendel"),
])
def test_headline_colon_reads_both_orders(monkeypatch: pytest.MonkeyPatch, text: str, content: str,
                                          mention: str, frame: str) -> None:
    statements = _alone(monkeypatch, "headline-colon-en", "en", "Headline\n\n" + text + "\n\nMore text here.")
    assert [(s.text, s.speaker.mention.text, [f.text for f in s.frame]) for s in statements] == [
        (content, mention, [frame])]


@pytest.mark.parametrize("text", ["Today on Northport News: the bridge will stay closed until spring",
                                  "Recorded by: Karla Wendel", "Northport Shorts: March 29, 2007",
                                  "The council said: the bridge will stay closed until spring."])
def test_headline_colon_skips_labels_and_sentences(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _alone(monkeypatch, "headline-colon-en", "en", "Headline\n\n" + text + "\n\nMore text.") == []


def test_quoted_words_en_after_a_participle_and_in_relative_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _alone(monkeypatch, "quoted-words-en", "en", "Headline\n\nThe row follows remarks made by "
                        "Mayor Karla Wendel calling the toll \"plain robbery\". It rose in what experts say "
                        "is \"record speed\" this year. It fell in what Wendel's staff believe is \"no time\".")
    assert [(s.text, s.speaker.mention.text, s.cue.text) for s in statements] == [
        ('"plain robbery"', "Mayor Karla Wendel", "calling"), ('"record speed"', "experts", "say"),
        ('"no time"', "Wendel's staff", "believe")]


@pytest.mark.parametrize("text", ["The pier was called a \"structural risk\" by engineers.",
                                  "The council named its report \"Harbour Future\" last week."])
def test_quoted_words_en_skip_passives_and_titles(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    got = _alone(monkeypatch, "quoted-words-en", "en", "Headline\n\n" + text)
    assert all(s.speaker is None or s.speaker.mention.text != "The pier" for s in got)
    assert _alone(monkeypatch, "scare-quotes-en", "en", "Headline\n\n" + text.replace("structural risk",
                                                                                       "Structural Risk")) == []


@pytest.mark.parametrize("text", ["Cattle were tested for BSE, or \"mad cow disease.\"",
                                  "Harbour to close after \"structural event\"",
                                  "She wrote a blog entitled The \"Harbour Diaries\" last year."])
def test_scare_quotes_skip_glosses_headlines_and_titles(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert _alone(monkeypatch, "scare-quotes-en", "en", "Headline\n\n" + text + "\n\nMore text.") == []


def test_a_headline_line_above_its_text_is_a_sentence_of_its_own() -> None:
    from quelle.statements.text import find_quotes, sentences, tokenize

    text = "Harbour crane fails twice, port stays open\nReports say the crane failed twice.\nIt was\nrepaired."
    toks = tokenize(text)
    lines = {k for k in range(1, len(toks)) if "\n" in text[toks[k - 1].end:toks[k].start]}
    got = [" ".join(t.text for t in toks[a:b]) for a, b in sentences(toks, find_quotes(toks), lines)]
    assert got == ["Harbour crane fails twice , port stays open", "Reports say the crane failed twice .",
                   "It was repaired ."]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Dead gull found in Northport, Lena confirmed H5N1 virus in the gull", None),
    ("The crane had failed twice, the harbour master said on Monday.", "the harbour master"),
])
def test_english_postposed_frame_takes_no_object(monkeypatch: pytest.MonkeyPatch, text: str,
                                                 speaker: str | None) -> None:
    got = _alone(monkeypatch, "postposed", "en", "Headline\n\n" + text)
    assert [s.speaker.mention.text for s in got] == ([speaker] if speaker else [])


@pytest.mark.parametrize(("text", "speaker"), [
    ("Two cranes failed in the storm, as harbour officials said yesterday.", "harbour officials"),
    ("The pier, as requested by the council, was closed on Monday.", None),
])
def test_english_as_frame_after_its_content(monkeypatch: pytest.MonkeyPatch, text: str, speaker: str | None) -> None:
    got = _alone(monkeypatch, "postposed", "en", "Headline\n\n" + text)
    assert [(s.speaker.mention.text, s.text) for s in got] == (
        [(speaker, "Two cranes failed in the storm")] if speaker else [])


def test_english_clauses_joined_by_a_semicolon_are_read_one_by_one() -> None:
    report = analyze(Document((b"Headline\n\nAccording to a spokesman from the harbour authority, the crane failed "
                               b"twice; the spokesman further added that the port would stay open."),
                              source_id="rule", published=date(2024, 5, 8)))
    assert [(s.text, s.speaker.mention.text) for s in report.statements] == [
        ("the crane failed twice", "a spokesman from the harbour authority"),
        ("that the port would stay open", "the spokesman")]


@pytest.mark.parametrize(("text", "mention"), [
    ("According to officials at the harbour authority, the crane failed twice.", "officials at the harbour authority"),
    ("The crane failed twice according to officials in the morning papers", "officials in the morning papers"),
    ("According to officials, the crane failed twice at the harbour.", "officials"),
])
def test_english_according_to_keeps_the_source_phrase(monkeypatch: pytest.MonkeyPatch, text: str,
                                                      mention: str) -> None:
    got = _alone(monkeypatch, "attribution", "en", "Headline\n\n" + text)
    assert [s.speaker.mention.text for s in got] == [mention]
def test_attribution_frame_keeps_the_comma_after_an_apposition(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _alone(monkeypatch, "attribution", "de", "Überschrift\n\nNach den Worten der Sprecherin der "
                        "Fraktion, Karla Wendel, ist die Brücke marode.")
    assert [[f.text for f in s.frame] for s in statements] == [["Nach den Worten der Sprecherin der Fraktion, "
                                                                 "Karla Wendel,"]]


@pytest.mark.parametrize(("text", "mention"), [
    ("Northport mayor faults council over harbour toll", "Northport mayor"),
    ("Former docker claims abuse by harbour police", "Former docker"),
    ("The website wants to move its servers abroad.", None),
    ("Students continue their protest against a toll, proposed by the council, with new rallies.", None),
])
def test_reported_en_acts_and_what_is_no_act(monkeypatch: pytest.MonkeyPatch, text: str, mention: str | None) -> None:
    got = _alone(monkeypatch, "reported-en", "en", "Headline\n\n" + text + "\n\nMore text.")
    assert [s.speaker.mention.text for s in got if s.type == "Reported"] == ([mention] if mention else [])


def test_a_quotation_closing_a_content_clause_stays_inside_the_indirect_statement() -> None:
    report = _report("Überschrift\n\nSie sagte, Ziel der Sperrung sei es, „die alte Brücke vor dem Winter zu retten“.")
    assert [(s.type, s.text) for s in report.statements] == [
        ("Indirect", "Ziel der Sperrung sei es, „die alte Brücke vor dem Winter zu retten“"),
        ("Direct", "„die alte Brücke vor dem Winter zu retten“")]


@pytest.mark.parametrize("text", [
    "Zu dieser Zeit ging Karla Wendel, die Anwältin der Frau, noch davon aus, dass die Polizei vor dem Gebäude "
    "warte, „um den Kindern den Anblick zu ersparen“.",
    "Paul Brenner von der Feuerwehr sagte, dass, „wenn die Brücke hält, alles gut wird“."])
def test_a_quotation_after_a_dass_clause_frame_is_its_quoted_part(text: str) -> None:
    report = _report("Überschrift\n\n" + text)
    assert [s.type for s in report.statements] == ["Indirect", "Direct"]
    assert report.statements[1].parent == 0


@pytest.mark.parametrize(("text", "mention"), [
    ("Ein Sprecher der Polizei von Nordstadt, Kommissar Paul Brenner sagte, die Brücke sei gesperrt.",
     "Ein Sprecher der Polizei von Nordstadt, Kommissar Paul Brenner"),
    ("In einem Interview mit dem Anwalt der Familie sagte dieser, die Brücke sei gesperrt.", "dieser"),
    ("Ihre Mandantin sei davon ausgegangen, dass der Richter die Polizei informieren werde.", "Ihre Mandantin"),
    ("Aber man betont auch, dass die Brücke gesperrt bleibe.", "man"),
])
def test_comma_frame_subjects_without_a_closing_comma_or_after_the_verb(monkeypatch: pytest.MonkeyPatch, text: str,
                                                                        mention: str) -> None:
    statements = _alone(monkeypatch, "comma-frame", "de", "Überschrift\n\n" + text)
    assert [s.speaker.mention.text for s in statements] == [mention]


def test_a_continued_quotation_keeps_the_cue_and_frame_it_continues() -> None:
    report = _report("Überschrift\n\nDer Bürgermeister Paul Brenner sagte am Montag, die Brücke werde gesperrt. "
                     "„Wir haben keine andere Wahl, die Pfeiler sind marode.“")
    first, second = report.statements
    assert (second.type, second.speaker.mention.text) == ("Direct", "Der Bürgermeister Paul Brenner")
    assert (second.cue.text, [f.text for f in second.frame]) == (first.cue.text, [f.text for f in first.frame])


def test_comma_frame_reads_a_passive_speech_act_before_its_content(monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _alone(monkeypatch, "comma-frame", "de", "Überschrift\n\nIm Radio wurden die Anwohner von der "
                        "Feuerwehr aufgefordert, die Fenster zu schließen.")
    assert [(s.type, s.text, s.speaker.mention.text) for s in statements] == [
        ("Indirect", "die Fenster zu schließen", "der Feuerwehr")]
