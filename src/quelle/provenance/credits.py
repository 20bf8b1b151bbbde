"""Credits as pages write them: datelines with an agency, source lines, bare agency lines, bylines.

Why a module of its own: the outlet-specific markers of outlets.yaml cover an outlet's own
furniture; credits are the generic forms any page uses to say whose text it carries, in many
languages and scripts ("BERLIN (dpa) -", "NOVO-OGARYOVO, April 15. /tass/.", "موسكو — سبوتنيك",
"المصدر| RT", "Source: Xinhua", a last line "سانا", "(Xinhua)" closing the last paragraph). The
forms are data (credits.yaml) combined with every outlet name of the registry.

Only structural places are looked at, and only a few lines: the first lines of the text, its last
lines and the end of the headline. A sentence that names an outlet ("laut RT", "told RIA Novosti")
is never a credit: every form below is anchored to a whole line, a line start or the line end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quelle.model import Article
from quelle.provenance.credit_data import credit_data, label_alternation
from quelle.provenance.registry import HostMatch, Registry, registry
from quelle.provenance.signatures import Brand, Signatures, signatures

TOP_LINES = 8     # non-empty lines read from the top of the text
TAIL_LINES = 3    # ... and from its end
BARE_TOP_LINES = 3  # a bare outlet line counts among the first three lines only (headline, the line under it)
MAX_LINE = 300    # longer lines are paragraphs: only their start (datelines) is read
W_DATELINE = 0.8
W_SEVERAL = 0.3   # "(dpa/AFP)": material of several agencies, not one agency's text
W_LABEL = 0.6
W_LINE = 0.55     # a bare outlet line under the headline or at the end
W_BYLINE = 0.6
W_TAIL = 0.55     # "(Xinhua)" closing the text
W_COCREDIT = 0.5
W_COPYRIGHT = 0.5
W_TITLE = 0.6
W_OPENER = 0.6
_SEVERAL = re.compile(r"\s*(?:[/,;&+]|\s(?:und|and|et|y|e|i|и)\s)\s*\S")


@dataclass(frozen=True, slots=True)
class Credit:
    """One credit found: the outlet it names, the form, the matched text and where it starts."""

    brand: Brand | None
    host: HostMatch | None
    form: str
    text: str
    start: int
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Forms:
    dateline: re.Pattern[str]     # at a line start: "CITY, date /BRAND/." "CITY (BRAND) -" ...
    zh_dateline: re.Pattern[str]  # "新华社北京11月4日电"
    label: re.Pattern[str]        # whole line "Label: BRAND"
    bare: re.Pattern[str]         # whole line "BRAND", "BRAND - Weekend"
    cocredit: re.Pattern[str]     # whole line "et AFP"
    byline: re.Pattern[str]       # "Autor: dpa", "By X | chinadaily.com.cn |"
    tail: re.Pattern[str]         # a line ending "(BRAND)"
    copyright: re.Pattern[str]    # whole line "© AFP"
    title: re.Pattern[str]        # headline ending "(BRAND editorial)"
    opener: re.Pattern[str]       # line start "به گزارش BRAND،"
    stamp: re.Pattern[str]        # a crawl's date stamp before the first line


def _words(items) -> str:
    unique = sorted({str(w) for w in items if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def _brand_alternation(reg: Registry) -> str:
    names = {name for entry in reg.outlets.values() if entry.role == "outlet"
             for name in (*entry.names, *(n for e in entry.editions for n in e.names))}
    unique = sorted((n for n in names if n), key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in unique)


def build_forms(reg: Registry, data: dict | None = None) -> Forms:
    data = data or credit_data()
    names = _brand_alternation(reg)

    def brand_group(n: int) -> str:
        return f"(?P<brand{n}>(?i:{names}))(?![\\w-])"

    brand = brand_group(1)
    place = r"[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3}"
    date = r"[^\n/()–—|]{1,30}?"
    def several(n: int) -> str:
        return f"(?P<more{n}>(?:\\s*[/,&+]\\s*[\\w-]+){{0,3}})"

    dateline = re.compile(
        f"(?:{place}),\\s*{date}\\s*(?:[/(]\\s*{brand}{several(1)}\\s*[/)]|[/–—-]\\s*{brand_group(2)}\\s*[.:])"
        f"|(?:{place})\\s*\\(\\s*{brand_group(3)}{several(3)}\\s*\\)\\s*[-–—:]"
        f"|(?:{place})\\s*[–—-]\\s*{brand_group(4)}\\s*[.:]?\\s*$"
    )
    zh_dateline = re.compile(f"{brand}社?[^\\W\\d_]{{0,6}}\\d{{1,2}}月\\d{{1,2}}日[电電]")
    label = re.compile(f"(?i:{label_alternation()})\\s*[:：|\\-–—]?\\s*{brand}(?P<more1>\\s*[/(,].{{0,60}})?\\.?\\s*$"
                       f"|(?i:{_words(data.get('via_words') or ())})\\s+{brand_group(2)}\\.?\\s*$")
    bare = re.compile(f"{brand}\\.?(?:\\s+[-–—|]\\s+[^\\W\\d_]+(?:\\s[^\\W\\d_]+)?)?\\s*$")
    cocredit = re.compile(f"(?i:{_words(data.get('cocredit_words') or ())})\\s+{brand}\\.?\\s*$")
    host = r"(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)"
    byline = re.compile(
        f"(?:^|.*\\|\\s*)(?i:{_words(data.get('byline_words') or ())})\\s*:?\\s*"
        f"(?:{brand}(?:\\s+[^\\W\\d_]+)?\\s*(?:\\||$)|[^|\\n]{{2,60}}\\|\\s*(?:{brand_group(2)}|{host})\\s*(?:\\||$))"
    )
    tail = re.compile(f"(?<=[.!?»”\"'])\\s*\\(\\s*{brand}\\s*\\)\\s*$")
    copyright = re.compile(f"(?:{_words(data.get('copyright_marks') or ())})\\s*{brand}(?:\\s+\\d{{4}})?\\.?\\s*$")
    title = re.compile(f"\\(\\s*{brand}(?:\\s+(?i:{_words(data.get('editorial_words') or ())}))?\\s*\\)\\s*$")
    openers = _words(w for words in (data.get("lead_openers") or {}).values() for w in words)
    opener = re.compile(f"(?:{openers})\\s*(?:خبرگزاری\\s+)?{brand}\\s*[،,，]")
    stamp = re.compile(str(data.get("date_stamp") or r"(?!)"))
    return Forms(dateline, zh_dateline, label, bare, cocredit, byline, tail, copyright, title, opener, stamp)


@lru_cache(maxsize=1)
def forms() -> Forms:
    return build_forms(registry())


def _lines(text: str, top: bool, count: int) -> list[tuple[str, int]]:
    """The first (or last) ``count`` non-empty lines of ``text`` with their start offsets."""
    out: list[tuple[str, int]] = []
    if top:
        pos = 0
        while pos < len(text) and len(out) < count:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            stripped = line.strip()
            if stripped:
                out.append((stripped, pos + line.index(stripped[0])))
            pos = end + 1
        return out
    end = len(text)
    while end > 0 and len(out) < count:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        stripped = line.strip()
        if stripped:
            out.append((stripped, start + line.index(stripped[0])))
        end = start - 1
    out.reverse()
    return out


def _stripped(match: re.Match[str], offset: int) -> tuple[str, int]:
    """The match without surrounding blanks, and where it starts in the source text."""
    raw = match.group(0)
    text = raw.strip()
    return text, offset + match.start() + (raw.index(text[0]) if text else 0)


class CreditScanner:
    """Finds the credits of one article (call ``scan`` once)."""

    def __init__(self, sig: Signatures | None = None, reg: Registry | None = None, f: Forms | None = None) -> None:
        self.sig = sig or signatures()
        self.reg = reg or registry()
        self.f = f or forms()

    def _credit(self, match: re.Match[str], form: str, text: str, start: int, weight: float, detail: str,
                ) -> Credit | None:
        groups = match.groupdict()
        name = next((v for k, v in groups.items() if v and k.startswith("brand")), None)
        brand = self.sig.brand(name) if name else None
        host = None
        if brand is None and groups.get("host"):
            host = self.reg.lookup_host(match.group("host"))
            if host is None or host.entry.source != "quelle" or host.entry.role != "outlet":
                return None
        if brand is None and host is None:
            return None
        more = next((v for k, v in groups.items() if v and k.startswith("more")), None)
        if more and _SEVERAL.match(more):
            weight, detail = W_SEVERAL, detail + " among other agencies"
        return Credit(brand, host, form, text, start, weight, detail)

    def scan(self, article: Article) -> list[Credit]:
        text = article.source_text
        f = self.f
        found: list[Credit] = []
        top = _lines(text, True, TOP_LINES)
        tail = _lines(text, False, TAIL_LINES)
        if top:
            line, start = top[0]
            stamp = f.stamp.match(line)
            if stamp:
                top[0] = (line[stamp.end():], start + stamp.end())
        head = next((b for b in article.boilerplate if b.kind == "headline"), None)
        if head is not None:
            match = f.title.search(head.text)
            if match and match.start() > 0:
                credit = self._credit(match, "title_credit", *_stripped(match, head.start),
                                      W_TITLE, "the headline ends with the outlet's name in brackets")
                if credit:
                    found.append(credit)
        tail_starts = {start for _, start in tail}
        for index, (line, start) in enumerate(top):
            for regex, form, weight, detail in (
                (f.dateline, "dateline_credit", W_DATELINE, "a dateline credits the agency"),
                (f.zh_dateline, "dateline_credit", W_DATELINE, "a dateline credits the agency"),
                (f.opener, "lead_credit", W_OPENER, "the lead opens by crediting the report"),
            ):
                match = regex.match(line)
                if match:
                    credit = self._credit(match, form, match.group(0).rstrip(), start, weight, detail)
                    if credit:
                        found.append(credit)
                        break
            if len(line) <= MAX_LINE:
                self._whole_line(line, start, found, bare=index < BARE_TOP_LINES or start in tail_starts)
        top_starts = {start for _, start in top}
        for line, start in tail:
            if len(line) <= MAX_LINE and start not in top_starts:
                self._whole_line(line, start, found, bare=True)
            match = f.tail.search(line)
            if match:
                credit = self._credit(match, "tail_credit", *_stripped(match, start),
                                      W_TAIL, "the text closes with the agency's name in brackets")
                if credit:
                    found.append(credit)
            match = f.copyright.match(line)
            if match:
                credit = self._credit(match, "copyright_credit", line, start, W_COPYRIGHT,
                                      "the text ends with the agency's copyright line")
                if credit:
                    found.append(credit)
        return found

    def _whole_line(self, line: str, start: int, found: list[Credit], bare: bool) -> None:
        """Source lines, bylines and co-credits anywhere in the lines read; a bare outlet line only
        right under the headline (``bare``) or at the end: in the middle it is a heading or a menu."""
        f = self.f
        for regex, form, weight, detail in (
            (f.label, "source_label", W_LABEL, "a source line names the outlet"),
            (f.byline, "byline_credit", W_BYLINE, "the byline names the agency"),
            (f.cocredit, "cocredit", W_COCREDIT, "the byline adds the agency"),
        ):
            match = regex.match(line)
            if match:
                credit = self._credit(match, form, line, start, weight, detail)
                if credit:
                    found.append(credit)
                return
        match = f.bare.match(line) if bare else None
        if match:
            credit = self._credit(match, "credit_line", line, start, W_LINE, "a line of its own names the outlet")
            if credit:
                found.append(credit)
