"""Credit forms (credits.py, credits.yaml): each form on invented pages, and a control that must not fire.

The pages are written here; they mimic the forms found on real pages (datelines with an agency on
the second line, source lines in many languages, a bare agency line, a closing "(Xinhua)"), never
their text.
"""

from __future__ import annotations

import pytest

from quelle.model import Document
from quelle.pipeline import analyze

BODY = ("Die Regierung kündigte an, die Lage weiter zu beobachten. Eine Entscheidung werde im Frühjahr "
        "erwartet, hieß es.\nBeobachter zeigten sich wenig überrascht von der Ankündigung.")


def _origin(text: str, url: str | None = None):
    report = analyze(Document(text.encode("utf-8"), url=url), with_statements=False)
    assert report.provenance is not None
    return report.provenance


@pytest.mark.parametrize(("text", "outlet", "state"), [
    # datelines with the agency, on the first lines, single line breaks, any case
    ("Gespräche in Moskau\nNOVO-OGARYOVO, April 15. /tass/. Der Präsident sprach mit Gästen.\n" + BODY, "TASS", True),
    ("Treffen in Peking\nPEKING, 4. November (Xinhua) -- Der Präsident traf den Kanzler.\n" + BODY, "Xinhua", True),
    ("Gespräch im Kreml\nMOSKAU, 15. April / Radio Sputnik. Der Präsident sprach Deutsch.\n" + BODY, "Sputnik", True),
    (" date 2024-03 MOSKAU (dpa-AFX) - Der Botschafter führte Gespräche.\n" + BODY, "dpa", False),
    ("Le Kremlin dément\nPar\nUn résumé.\nMOSCOU (Reuters) - Le Kremlin a démenti lundi.\n" + BODY, "Reuters", False),
    ("Titre\n\nموسكو — سبوتنيك\nوقال الوزير في مقابلة إن الوضع صعب.\n" + BODY, "Sputnik", True),
    # source lines in other languages and scripts
    ("Заглавие\n\nТекстът на статията е тук.\n" + BODY + "\nИзточник: БТА", "BTA", False),
    ("عنوان\n\nنص المقال هنا.\n" + BODY + "\nالمصدر| RT", "RT", True),
    ("Naslov\n\nTekst članka.\n" + BODY + "\nIzvor: Beta", "Beta", False),
    ("Başlık\n\nHaber metni burada.\n" + BODY + "\nKaynak: Anadolu Ajansı", "Anadolu Agency", True),
    # a bare agency line under the headline or at the end; a co-credit; a closing bracket credit
    ("Ein Titel\nSputnik\n" + BODY, "Sputnik", True),
    ("عنوان الخبر\n\n" + BODY + "\nسانا", "SANA", True),
    ("Un titre\n\net AFP\n\n" + BODY, "AFP", False),
    ("A headline\n\n" + BODY + " The talks will go on. (Xinhua)\n\nAgencies", "Xinhua", True),
    ("Ein Titel\n\n" + BODY + "\n© AFP", "AFP", False),
    # bylines and headline credits
    ("Naslov\nНова 26.04.2022 | Аутор:Бета\n\n" + BODY, "Beta", False),
    ("Charting a course\nBy Li Wei | chinadaily.com.cn | Updated: 2024-04-16\n\n" + BODY, "China Daily", True),
    ("A visit of confidence (China Daily editorial)\n\n" + BODY, "China Daily", True),
    # a Persian lead that credits the report
    ("عنوان\n\nسخنگو تاکید کرد.\nبه گزارش روسیا الیوم، سخنگو گفت که کشورش منزوی نمی شود.\n" + BODY, "RT", True),
])
def test_credit_forms_name_the_origin(text: str, outlet: str, state: bool) -> None:
    prov = _origin(text)
    assert prov.origin is not None, text
    assert prov.origin.outlet == outlet
    assert prov.origin.state_controlled is state
    for item in prov.evidence:
        if item.start is not None and item.in_ == "text":
            assert text[item.start:item.end] == item.text


@pytest.mark.parametrize("text", [
    # an outlet named inside sentences, at the top and at the end: never a credit
    "Titel\nWie die Agentur TASS meldete, sind die Gespräche gescheitert.\n" + BODY
    + "\nDas sagte er der Agentur TASS.",
    "Titel\nMoskau – Sputnik berichtete am Montag über neue Gespräche in der Stadt.\n" + BODY,
    "Titel\n" + BODY + "\nDie Äußerungen wurden von RIA Novosti verbreitet (RIA Novosti) und dann gelöscht, sagte er",
    # a photo credit or an agency list is not one agency's text
    "Titel\n© Sputnik / Dmitri Winogradow\n" + BODY,
    "Titel\nFoto: Sputnik\n" + BODY + "\nBildquelle: RT",
    "Titel\nBERLIN (dpa/AFP/Reuters) - Die Regierung hat entschieden.\n" + BODY.replace("Regierung", "Koalition"),
    # a bare outlet name in the middle of the text, and a byline of a person
    "Titel\n" + BODY + "\nSputnik\n" + BODY + "\n" + BODY,
    "Titel\nVon Anna Schmidt\n" + BODY,
    # a Persian sentence that mentions a report in its middle
    "عنوان\n\nسخنگو گفت که به گزارش روسیا الیوم اعتماد ندارد.\n" + BODY,
])
def test_credit_controls_do_not_fire(text: str) -> None:
    prov = _origin(text)
    assert prov.origin is None or not prov.origin.state_controlled
    if prov.origin is not None:  # only the agency list may name several: none of them is the origin
        pytest.fail(f"unexpected origin {prov.origin.outlet}")


def test_network_republisher_is_never_the_origin_and_always_republishes() -> None:
    text = "Putin sprach Deutsch\nNEU-OGAREVO, am 15. April. /tass/. Der Präsident sprach Deutsch.\n" + BODY
    prov = _origin(text, url="https://germany.news-pravda.com/world/2025/04/15/1.html")
    assert prov.origin is not None and prov.origin.outlet == "TASS"
    assert prov.republished is True
    assert prov.translated == {"from": "ru"}  # TASS has no German edition: the network relays Russian sources
    assert prov.site_outlet is not None and prov.site_outlet.outlet.startswith("Pravda network")
    uncredited = _origin("Ein Titel\n\n" + BODY, url="https://deutsch.news-pravda.com/x/1.html")
    assert uncredited.origin is None and uncredited.republished is True
    spanish = _origin("Un título\n\nEl portavoz habló el lunes sobre las elecciones y la situación.\n"
                      "Además dijo que votó en línea y que era muy cómodo.\n"
                      "Síguenos en Sputnik Mundo / Sputnik Mundo Visual",
                      url="https://spanish.news-pravda.com/world/1.html")
    assert spanish.origin is not None and spanish.origin.edition == "Sputnik Mundo"
    assert spanish.translated is None  # the credited edition writes in Spanish: nothing was translated


def test_a_language_variety_is_not_a_translation_of_its_own_edition() -> None:
    text = ("Zaharova je odgovorila premijeru\n\nZaharova je podsetila na izveštaje medija o istrazi i rekla da je "
            "to apsurd. Ona je dodala da su delovi olupine ostavljeni da trule na poljima mesecima.\n")
    prov = _origin(text, url="https://lat.sputnikportal.rs/20161004/1.html")
    assert prov.origin is not None and prov.origin.edition == "Sputnik Srbija"
    assert prov.republished is False and prov.translated is None


def test_a_byline_with_empty_fields_is_read_without_failing() -> None:
    report = analyze(Document(b"A title\n\nBy Staff | | \n\nThe council met on Monday and approved the budget "
                               b"for the harbour."))
    assert report.error is None
    assert report.provenance is not None
