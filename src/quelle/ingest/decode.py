"""Bytes -> text: detect binary content, the encoding, and whether it is HTML.

Why not just ``bytes.decode("utf-8", "replace")``: pages arrive as UTF-16 with a
BOM, Windows-1252 or ISO-8859-1, and a silent replacement would corrupt names
and quotes. We decode strictly and say which encoding was used.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from quelle.errors import BadInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip file"),
    (b"RIFF", "a RIFF (audio/video/WebP) file"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ", "an xz file"),
    (b"OggS", "an Ogg file"),
    (b"ID3", "an MP3 file"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|span|a|br|section|script)\b[^>]*>",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    media_type: str  # "text" or "html"
    replaced_bytes: int = 0  # invalid UTF-8 bytes replaced by U+FFFD (a mostly-UTF-8 input)


def _mostly_utf8(body: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a cut multi-byte character, one stray Latin-1 byte): the text
    with those bytes replaced, and their count; None when the input is not UTF-8 at all.

    UTF-8 it is when the valid multi-byte characters outnumber the bad bytes four to one: a
    Windows-1252 text has almost no valid UTF-8 sequences, a UTF-8 text almost no invalid ones.
    """
    bad = 0

    def count(err: UnicodeDecodeError) -> tuple[str, int]:
        nonlocal bad
        bad += err.end - err.start
        return "\ufffd" * (err.end - err.start), err.end

    codecs.register_error("quelle-count", count)
    text = body.decode("utf-8", "quelle-count")
    if not bad:
        return text, 0
    multibyte = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    if multibyte >= 4 * bad:
        return text, bad
    return None


def _strip_bom(content: bytes) -> tuple[bytes, str | None]:
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :], name
    return content, None


def _utf16_without_bom(content: bytes) -> str | None:
    sample = content[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _check_binary(content: bytes) -> None:
    for magic, what in _BINARY_MAGIC:
        if content.startswith(magic):
            raise BadInput(f"the input is {what}, not a text or HTML article")
    if b"\x00" in content[:8192]:
        raise BadInput("the input is binary (it contains NUL bytes), not a text or HTML article")


def _declared_charset(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _too_many_controls(text: str) -> bool:
    sample = text[:100_000]
    return len(_CONTROL.findall(sample)) > 0.01 * len(sample) + 2


def _decode_western(content: bytes) -> tuple[str, str] | None:
    """Windows-1252 / ISO-8859-1, accepted when the result reads like a Latin-script text.

    In a Western text, accented letters are a small share of all letters; Cyrillic or
    Greek bytes read as Windows-1252 give words made only of accented letters.
    """
    has_c1 = any(0x80 <= b <= 0x9F for b in content[:200_000])
    name = "cp1252" if has_c1 else "latin_1"
    try:
        text = content.decode(name)
    except UnicodeDecodeError:
        return None
    sample = text[:100_000]
    letters = _LETTER.findall(sample)
    if not letters or _too_many_controls(sample):
        return None
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    if non_ascii / len(letters) > 0.25:
        return None
    return text, codecs.lookup(name).name


def _decode_legacy(content: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes: a declared charset first, then a detector."""
    declared = _declared_charset(content)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return content.decode(declared), declared
        except UnicodeDecodeError:
            pass
    western = _decode_western(content)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding:
        try:
            text = content.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and not _too_many_controls(text):
            return text, codecs.lookup(best.encoding).name
    raise BadInput("the input's encoding could not be determined (not UTF-8, UTF-16 or a Western code page)")


def looks_like_html(text: str) -> bool:
    """Content sniffing: a doctype/html tag, or several common tags near the start."""
    head = text[:8192].lstrip()
    if re.match(r"<(?:!doctype\s+html|html)\b", head, re.I):
        return True
    return len(_HTML_SNIFF.findall(head)) >= 3


def decode(content: bytes, media_type: str | None = None) -> Decoded:
    """Decode bytes to text, raising BadInput with a one-line reason if they are not an article."""
    if not content or not content.strip():
        raise BadInput("the input is empty")
    body, encoding = _strip_bom(content)
    if encoding is None:
        encoding = _utf16_without_bom(body)
    if encoding is None:
        _check_binary(body)
        replaced = 0
        try:
            text = body.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            mostly = _mostly_utf8(body) if _declared_charset(body) in (None, "utf-8") else None
            if mostly is not None:
                (text, replaced), encoding = mostly, "utf-8"
            else:
                text, encoding = _decode_legacy(body)
    else:
        replaced = 0
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as err:
            raise BadInput(f"the input claims {encoding} but is not valid {encoding}: {err.reason}") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise BadInput("the input is binary (it contains NUL characters), not a text or HTML article")
    if media_type not in ("text", "html"):
        media_type = "html" if looks_like_html(text) else "text"
    if media_type == "text" and not _LETTER.search(text):
        raise BadInput("the input contains no letters, so there is no article to read")
    return Decoded(text=text, encoding=encoding, media_type=media_type, replaced_bytes=replaced)
