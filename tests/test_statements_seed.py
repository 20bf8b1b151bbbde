"""The seed article's "Done when" list for statements (issue 3), reached by general rules."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest

from quelle.model import Document, Report
from quelle.pipeline import analyze
from quelle.schema import report_schema
from quelle.spans import span_problems


@pytest.fixture
def seed_report(seed_bytes: bytes) -> Report:
    return analyze(Document(seed_bytes, source_id="seed", published=date(2023, 11, 27)))


def _find(report: Report, words: str):
    hits = [s for s in report.statements if words in s.text]
    assert hits, f"no statement contains {words!r}: {[s.text for s in report.statements]}"
    return hits[0]


def test_direct_quote_goes_to_rjabkow_with_role(seed_report: Report) -> None:
    st = _find(seed_report, "Ich glaube nicht")
    assert st.type == "Direct"
    assert st.text.startswith("„Ich glaube nicht")
    assert st.speaker.name == "Sergej Rjabkow"
    assert st.speaker.role == "stellvertretender russischer Außenminister"
    assert st.cue.text == "sagte"
    assert st.addressee is not None and st.addressee.text == "Reportern"


def test_indirect_konjunktiv_goes_to_rjabkow_with_date(seed_report: Report) -> None:
    st = _find(seed_report, "Sinnvolle Verhandlungen")
    assert st.type == "Indirect"
    assert "seien" in st.text and st.text.endswith("unmöglich")
    assert st.speaker.name == "Sergej Rjabkow"
    assert st.speaker.role == "stellvertretender russischer Außenminister"
    assert st.said_on is not None and st.said_on["value"] == "2023-11-27"


def test_separable_cue_parts(seed_report: Report) -> None:
    st = _find(seed_report, "dass Moskau immer noch darüber nachdenke")
    assert st.cue.text == "fügte hinzu"
    assert [p.text for p in st.cue_parts] == ["fügte", "hinzu"]


def test_role_noun_der_diplomat_resolves_to_rjabkow(seed_report: Report) -> None:
    st = _find(seed_report, "Russland habe einen Brief")
    assert st.speaker.mention.text == "Der Diplomat"
    assert st.speaker.name == "Sergej Rjabkow"
    assert st.speaker.resolution == "role"
    assert st.said_on["value"] == "2023-10"


def test_lede_role_noun_resolves_forward(seed_report: Report) -> None:
    st = _find(seed_report, "Russland werde")
    assert st.speaker.mention.text == "ein hochrangiger Diplomat"
    assert st.speaker.name == "Sergej Rjabkow"


def test_peskow_statement_with_kremlsprecher_role(seed_report: Report) -> None:
    st = _find(seed_report, "Washington solle aufhören")
    assert st.type == "Indirect"
    assert "„Vorträge zu halten“" in st.text
    assert st.speaker.name == "Dmitri Peskow"
    assert st.speaker.role == "Kremlsprecher"
    assert st.said_on["value"] == "2023-11"
    nested = [s for s in seed_report.statements if s.text == "„Vorträge zu halten“"]
    assert nested and nested[0].type == "Direct" and nested[0].speaker.name == "Dmitri Peskow"


def test_biden_statement(seed_report: Report) -> None:
    st = [s for s in seed_report.statements if "die USA würden die Ukraine" in s.text]
    assert st, [s.text for s in seed_report.statements]
    assert st[0].type == "Indirect"
    assert st[0].speaker.name == "Joe Biden"
    assert st[0].speaker.role == "Präsident"


def test_state_as_speaker(seed_report: Report) -> None:
    offen = _find(seed_report, "es sei offen für einen Dialog")
    assert offen.speaker.name == "Russland" and offen.speaker.kind == "state"
    assert offen.cue.text == "behauptet"
    waffen = _find(seed_report, "die Lieferung westlicher schwerer Waffen")
    assert waffen.speaker.name == "Russland"


def test_multi_sentence_continuation_keeps_speaker(seed_report: Report) -> None:
    st = _find(seed_report, "Im Moment geht es nicht einmal")
    assert st.type == "Direct"
    assert st.speaker.name == "Sergej Rjabkow"


def test_entities_and_spans(seed_report: Report) -> None:
    by_name = {e.name: e for e in seed_report.entities}
    assert by_name["Sergej Rjabkow"].kind == "person"
    assert "stellvertretender russischer Außenminister" in by_name["Sergej Rjabkow"].roles
    assert len(by_name["Sergej Rjabkow"].mentions) >= 4
    assert by_name["Dmitri Peskow"].roles == ["Kremlsprecher"]
    assert by_name["Russland"].kind == "state"
    for st in seed_report.statements:
        if st.speaker and st.speaker.entity is not None:
            assert seed_report.entities[st.speaker.entity].name == st.speaker.name
    data = seed_report.to_dict()
    jsonschema.validate(data, report_schema())
    assert span_problems(data) == []
    assert data["analysis"]["statements"].startswith("rules")


def test_statements_only_from_clean_paragraphs(seed_report: Report) -> None:
    boiler = [(b.start, b.end) for b in seed_report.boilerplate]
    for st in seed_report.statements:
        for span in st.spans:
            assert not any(a <= span.start < b for a, b in boiler)
