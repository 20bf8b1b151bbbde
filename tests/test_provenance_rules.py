"""Title suffixes, outlet line rules, confidence, and the rule that topic is never evidence."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from quelle.model import Article, Document, HtmlInfo
from quelle.pipeline import analyze
from quelle.provenance import attribute, clean_title, line_rules
from quelle.provenance.attribute import confidence_label
from quelle.provenance.signatures import signatures
from quelle.render import print_report


@pytest.mark.parametrize(("title", "clean"), [
    ("Talks with US unlikely – Moscow — RT Russia & Former Soviet Union", "Talks with US unlikely – Moscow"),
    ("Gespräche unwahrscheinlich – Moskau – RT Russland und ehemalige Sowjetunion",
     "Gespräche unwahrscheinlich – Moskau"),
    ("Kremlin rules out talks - Russian Politics & Diplomacy - TASS", "Kremlin rules out talks"),
    ("Neue Fähre geplant - 26.01.2023, SNA", "Neue Fähre geplant"),
    ("Ferry delays - BBC News", "Ferry delays"),
    ("Warum RT in der EU verboten ist", "Warum RT in der EU verboten ist"),
    ("RT", "RT"),
    ("Streit um RT – eine Analyse", "Streit um RT – eine Analyse"),
    ("Ein Sender namens RTL – RTL", "Ein Sender namens RTL – RTL"),
])
def test_clean_title(title: str, clean: str) -> None:
    assert clean_title(title) == clean


def _kind(line: str) -> str | None:
    return next((rule.kind for rule in line_rules() if rule.matches(line)), None)


def test_line_rules_cover_outlet_furniture() -> None:
    assert _kind("You can share this story on social media:") == "share"
    assert _kind("Sie können diese Geschichte in den sozialen Medien teilen:") == "share"
    assert _kind("Folgen Sie RT weiter") == "follow"
    assert _kind("Russland und ehemalige Sowjetunion") == "section"
    assert _kind("Quelle: RT") == "source_label"
    assert _kind("Mehr zum Thema - Stadtwerke warnen vor höheren Abschlägen") == "teaser"
    assert _kind("Laut RT wurde der Sender in der EU verboten.") is None
    assert _kind("Kremlsprecher Dmitri Peskow sagte am Montag, RT werde weiter senden.") is None


def test_brand_templates_need_the_structure_not_the_name() -> None:
    sig = signatures()
    assert sig.follow.fullmatch("Follow RT on Telegram")
    assert sig.follow.fullmatch("Folgen Sie SNA auf Telegram")
    assert not sig.follow.fullmatch("Folgen Sie RT nicht blind, warnte der Experte.")
    assert sig.label.fullmatch("Quelle: RT")
    assert sig.label.fullmatch("Source: https://tass.com/politics/1234567")
    assert not sig.label.fullmatch("Bildquelle: Sputnik")
    assert not sig.label.fullmatch("Quelle Bild: Sputnik / Iwan Petrow")


def test_confidence_labels() -> None:
    assert [confidence_label(c) for c in (0.0, 0.49, 0.5, 0.7, 0.9, 1.0)] == [
        "none", "none", "low", "medium", "high", "high"]


ARTICLE = """{title}

{lede}

Die Regierung in Berlin kündigte an, die Lage weiter zu beobachten. Eine Entscheidung werde im Frühjahr erwartet.

{tail}
"""


@pytest.mark.parametrize(("lede", "tail"), [
    ("Laut RT sind die Gespräche gescheitert, sagte Kremlsprecher Dmitri Peskow am Montag.", "Foto: dpa"),
    ("Wie RT DE berichtete, folgen Sie RT auf Telegram, hieß es in einem Aufruf des Senders.", "Foto: Sputnik"),
    ("Die Agentur TASS meldete: MOSKAU, 3. März. /TASS/. Der Satz stand mitten im Text.", "Bildquelle: Sputnik"),
    ("Sputnik und RIA Novosti wurden 2022 und 2024 in der EU gesperrt, teilte der Rat mit.",
     "Mit Material von AFP"),
    ("Die Angaben beider Seiten ließen sich nicht unabhängig überprüfen.", "Quellen: RT, dpa, Reuters"),
    ("Die Angaben beider Seiten ließen sich nicht unabhängig überprüfen.", "Quelle: TASS und AFP"),
])
def test_topic_is_never_evidence(lede: str, tail: str) -> None:
    text = ARTICLE.format(title="Streit um ein Sendeverbot", lede="Berlin – " + lede, tail=tail)
    report = analyze(Document(text.encode()), with_statements=False)
    prov = report.provenance
    assert prov is not None
    assert prov.origin is None
    assert prov.evidence == []


@pytest.mark.parametrize(("tail", "outlet"), [("Quelle: dpa", "dpa"), ("Source: Reuters", "Reuters"),
                                             ("Fuente: EFE", "EFE"), ("Fonte: ANSA", "ANSA")])
def test_an_independent_agency_credit_is_the_origin_and_the_topic_still_is_not(tail: str, outlet: str) -> None:
    lede = "Laut RT sind die Gespräche gescheitert, sagte Kremlsprecher Dmitri Peskow am Montag."
    text = ARTICLE.format(title="Streit um ein Sendeverbot", lede="Berlin – " + lede, tail=tail)
    prov = analyze(Document(text.encode()), with_statements=False).provenance
    assert prov is not None and prov.origin is not None
    assert prov.origin.outlet == outlet and prov.origin.state_controlled is False
    assert all(e.outlet in (None, outlet) for e in prov.evidence)  # "Laut RT" in the lede is never evidence


def test_public_broadcaster_wording_in_terminal_report() -> None:
    text = ("Ferry operators warn of winter delays - BBC News\n\nFerry operators in the Baltic have warned of "
            "delays this winter.\n\nThe Kremlin said Russian ports would remain open.\n")
    report = analyze(Document(text.encode(), site="bbc.co.uk"), with_statements=False)
    assert report.provenance is not None and report.provenance.origin is not None
    assert report.provenance.origin.state_affiliation == "IP"
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=200, color_system=None))
    out = buffer.getvalue().replace("State Media Matrix", "")
    assert "independent public" in out
    assert "state media" not in out.lower() and "state-controlled" not in out.lower()


def test_rt_report_states_measure_as_fact() -> None:
    text = ("Arctic deal close – Moscow\n\nRussia and China are close to a shipping deal, a deputy prime minister "
            "said.\n\nYou can share this story on social media:\n\nFollow RT on\n")
    report = analyze(Document(text.encode()), with_statements=False)
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=200, color_system=None))
    out = buffer.getvalue()
    assert "2022/350" in out and "2022-03-02" in out
    for word in ("illegal", "breaks", "violat", "unlawful"):
        assert word not in out.lower()


def test_repeated_markers_count_once_and_evidence_stays_bounded() -> None:
    body = "\n\n".join(["Quelle: RT", "Folgen Sie RT weiter", "Ein kurzer Absatz über das Wetter in der Stadt."] * 300)
    once = "\n\n".join(["Quelle: RT", "Folgen Sie RT weiter", "Ein kurzer Absatz über das Wetter in der Stadt."])
    many = analyze(Document(("Das Wetter\n\n" + body).encode()), with_statements=False).provenance
    single = analyze(Document(("Das Wetter\n\n" + once).encode()), with_statements=False).provenance
    assert many is not None and single is not None and many.origin is not None
    assert many.confidence == single.confidence
    assert len(many.evidence) == len(single.evidence) <= 10


@pytest.mark.parametrize("site", [None, "", "::not a host::", "http://[::1", "RT.COM.", "com"])
def test_attribute_never_raises_on_odd_input(site: str | None) -> None:
    html = HtmlInfo(canonical="http://[broken", site_name="", meta={"og:url": "not a url", "title": " – RT"},
                    links=[{"href": "", "host": None, "text": ""}, {"href": "https://rt.com/x", "host": "rt.com"}])
    article = Article(source_text="", media_type="html", encoding="utf-8", boilerplate=[], paragraphs=[],
                      title=None, title_span=None, language=None, language_score=None, published=None,
                      published_source=None, site=site, url=site, html=html, html_text="<a href=x>RT</a>")
    prov = attribute(article)
    assert prov.confidence_label in {"none", "low", "medium", "high"}
    if site == "RT.COM.":
        assert prov.origin is not None and prov.origin.outlet == "RT" and prov.republished is False
