"""Reading an article: headline, boilerplate lines, paragraphs, HTML metadata."""

from __future__ import annotations

from conftest import FIXTURES

from quelle.extract.boilerplate import LineClassifier
from quelle.extract.layout import layout
from quelle.model import Document
from quelle.pipeline import analyze, read_article, site_of
from quelle.report_json import report_to_dict
from quelle.spans import span_problems


def _layout(text: str):
    return layout(text, LineClassifier())


def test_repeated_headline_and_labels_are_boilerplate():
    text = (
        "Hafen wird ausgebaut – Hamburg\n\nHafen wird ausgebaut – Hamburg\n\nQuelllink\n\n"
        "Der Hafen soll bis 2030 wachsen, sagte die Senatorin.\n\n"
        "Sie können diese Geschichte in den sozialen Medien teilen:\n\nFolgen Sie uns auf Telegram\n"
    )
    parts = _layout(text)
    kinds = [b.kind for b in parts.boilerplate]
    assert kinds == ["headline", "headline_repeat", "source_label", "share", "follow"]
    assert parts.title == "Hafen wird ausgebaut – Hamburg"
    assert [p.text for p in parts.paragraphs] == ["Der Hafen soll bis 2030 wachsen, sagte die Senatorin."]
    for item in parts.boilerplate + parts.paragraphs:
        assert text[item.start : item.end] == item.text


def test_english_furniture():
    text = (
        "Port expansion approved\n\nThe council approved the plan on Monday.\n\n"
        "READ MORE: Council votes on budget\n\nSource: Example Times\n\n© 2024 Example Media Ltd\n"
        "Photo: Reuters / Jane Roe\n"
    )
    kinds = [b.kind for b in _layout(text).boilerplate]
    assert kinds == ["headline", "teaser", "source_label", "copyright", "credit"]


def test_sentences_that_start_like_furniture_are_kept():
    text = (
        "Titel der Meldung\n\n"
        "Quelle: Die Behörde bestätigte am Abend, dass der Zug wegen eines Defekts an der Oberleitung "
        "mehr als drei Stunden stand und die Fahrgäste erst gegen Mitternacht weiterfahren konnten.\n\n"
        "Folgen Sie den Anweisungen der Polizei, hieß es in einer Durchsage, die viele Reisende verärgerte, "
        "weil sie kaum zu verstehen war und keine Auskunft über die Dauer der Sperrung gab.\n"
    )
    parts = _layout(text)
    assert [b.kind for b in parts.boilerplate] == ["headline"]
    assert len(parts.paragraphs) == 2


def test_a_single_paragraph_without_title_keeps_its_text():
    text = "Der Hafen soll bis 2030 wachsen, sagte die Senatorin am Montag."
    parts = _layout(text)
    assert parts.title is None
    assert [p.text for p in parts.paragraphs] == [text]


def test_html_page_metadata_and_text():
    page = (FIXTURES / "html" / "stadtwerke.html").read_bytes()
    document = Document(content=page, url="https://www.nordkurier-beispiel.de/lokales/stadtwerke-preise-123.html")
    article = read_article(document)
    assert article.media_type == "html"
    assert article.site == "nordkurier-beispiel.de"
    assert article.published == "2024-02-14"
    assert article.published_source == "html"
    assert article.title == "Stadtwerke erhöhen die Preise für Fernwärme"
    assert article.language == "de"
    assert "Petra Lindqvist" in article.text
    assert "Startseite" not in article.text
    assert article.html is not None
    assert article.html.site_name == "Nordkurier Beispiel"
    assert article.html.canonical.endswith("stadtwerke-preise-123.html")
    assert article.html.meta["title"] == "Stadtwerke erhöhen Preise | Nordkurier Beispiel"
    assert any(link["host"] == "stadtwerke-beispiel.de" for link in article.html.links)
    assert any(b.kind == "source_label" for b in article.boilerplate)


def test_given_published_date_wins_over_html():
    from datetime import date

    page = (FIXTURES / "html" / "stadtwerke.html").read_bytes()
    article = read_article(Document(content=page, published=date(2024, 2, 15)))
    assert article.published == "2024-02-15"
    assert article.published_source == "given"


def test_html_report_spans_hold():
    page = (FIXTURES / "html" / "stadtwerke.html").read_bytes()
    report = report_to_dict(analyze(Document(content=page)))
    assert span_problems(report, html_text=page.decode("utf-8")) == []


def test_site_of_urls():
    assert site_of("https://www.Example.org/a?b=1") == "example.org"
    assert site_of("de.rt.com/russland/1") == "de.rt.com"
    assert site_of(None) is None
    assert site_of("http://[::1") is None


def test_a_lede_paragraph_is_not_taken_for_a_headline():
    text = (
        "Die Polizei hat am Sonntag einen 34-jährigen Mann festgenommen, der mehrere Brände gelegt haben soll.\n\n"
        "Der Mann habe die Taten gestanden, sagte ein Sprecher.\n"
    )
    parts = _layout(text)
    assert parts.title is None
    assert [b.kind for b in parts.boilerplate] == []
    assert len(parts.paragraphs) == 2


def test_a_headline_repeated_further_down_is_a_headline_even_with_a_full_stop():
    text = "Neue Brücke für Hamburg.\n\nNeue Brücke für Hamburg.\n\nDer Senat hat den Bau beschlossen.\n"
    parts = _layout(text)
    assert [b.kind for b in parts.boilerplate] == ["headline", "headline_repeat"]
