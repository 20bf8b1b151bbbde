import pytest

from quelle.errors import BadInput
from quelle.ingest.decode import decode, looks_like_html

GERMAN = "Der Minister sagte am Montag, die Gespräche seien „unmöglich“ – so die Regierung in München."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_common_encodings_round_trip(encoding):
    decoded = decode(GERMAN.encode(encoding))
    assert decoded.text == GERMAN
    assert decoded.media_type == "text"


def test_latin1_without_c1_bytes():
    text = "Grüße aus München, sagte die Ärztin."
    decoded = decode(text.encode("latin-1"))
    assert decoded.text == text
    assert decoded.encoding in ("iso8859-1", "cp1252")


def test_cyrillic_code_page_is_not_read_as_western():
    text = "Москва заявила, что переговоры с США невозможны, сказал дипломат Рябков."
    assert decode(text.encode("cp1251")).text == text


def test_crlf_is_normalised():
    assert decode(b"Zeile eins\r\nZeile zwei").text == "Zeile eins\nZeile zwei"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (bytes(range(256)) * 4, "binary"),
        (b"12345 67890 -- ... !!!", "no letters"),
    ],
)
def test_bad_input_is_refused_with_a_reason(content, reason):
    with pytest.raises(BadInput, match=reason):
        decode(content)


def test_html_is_detected_from_content_not_name():
    assert looks_like_html("<!DOCTYPE html><html><body><p>Hallo</p></body></html>")
    assert looks_like_html("  <div><p>Hallo</p><p>Welt</p></div>")
    assert not looks_like_html("Ein Satz mit <b> einem Tag ist kein HTML.")
