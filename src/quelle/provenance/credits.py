"""Credits as pages write them: datelines with an agency, source lines, bare agency lines, bylines.

Why a module of its own: the outlet-specific markers of outlets.yaml cover an outlet's own
furniture; credits are the generic forms any page uses to say whose text it carries, in many
languages and scripts ("BERLIN (dpa) -", "NOVO-OGARYOVO, April 15. /tass/.", "موسكو — سبوتنيك",
"المصدر| RT", "Source: Xinhua", a last line "سانا", "(Xinhua)" closing the last paragraph). The
forms are data (credits.yaml); the outlet a form names must be one of the registry's outlet names.

Only structural places are looked at, and only a few lines: the first lines of the text, its last
lines and the end of the headline. A sentence that names an outlet ("laut RT", "told RIA Novosti")
is never a credit: every form is anchored to a whole line, a line start or the line end, and the
name it captures must be an outlet's name as a whole. Why capture-then-look-up instead of one
regex with every outlet name: a regex alternation of a few hundred names costs a quarter of a
millisecond a document; a capture and a dictionary look-up cost almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quelle import regex_cache
from quelle.model import Article
from quelle.provenance.credit_data import credit_data, label_alternation, source_label_words
from quelle.provenance.registry import HostMatch, Registry, registry
from quelle.provenance.signatures import Brand, Signatures, signatures

TOP_LINES = 8     # non-empty lines read from the top of the text
TAIL_LINES = 3    # ... and from its end
BARE_TOP_LINES = 3  # a bare outlet line counts among the first three lines only (headline, the line under it)
MAX_LINE = 160    # longer lines are paragraphs: only their start (datelines) is read
MAX_NAME = 60
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
_SPLIT = regex_cache.compile(r"\s*(?:[/,;&+]|\s(?:und|and|et|y|e|i|и)\s)\s*")
_SENTENCE_END = ".!?»”\"'"
_HOST = regex_cache.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


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
    dateline: re.Pattern[str]     # at a line start: "CITY, date /NAME/." "CITY (NAME) -" "CITY — NAME"
    zh_dateline: re.Pattern[str]  # "新华社北京11月4日电"
    label: re.Pattern[str]        # whole line "Label: NAME", "Via NAME"
    opener: re.Pattern[str]       # line start "به گزارش NAME،"
    stamp: re.Pattern[str]        # a crawl's date stamp before the first line
    cocredit: frozenset[str]      # "et", "mit" ... (lower case)
    byline_words: frozenset[str]
    editorial: frozenset[str]
    copyright: tuple[str, ...]
    opener_starts: tuple[str, ...]
    label_starts: frozenset[str]  # first words of the source labels and via words (lower case)


def _words(items) -> str:
    unique = sorted({str(w) for w in items if w}, key=regex_cache.longest_first)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def build_forms(data: dict | None = None) -> Forms:
    data = data or credit_data()
    place = r"[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3}"
    date = r"[^\n/()–—|]{1,30}?"
    name = f"[^/()\\n]{{1,{MAX_NAME}}}?"
    dateline = regex_cache.compile(
        f"{place},\\s*{date}\\s*(?:/\\s*(?P<s1>{name})\\s*/|\\((?P<p1>[^()\\n]{{1,{MAX_NAME}}})\\)"
        f"|[/–—-]\\s*(?P<n1>[^.:/()\\n]{{1,{MAX_NAME}}}?)\\s*[.:])"
        f"|{place}\\s*\\((?P<p2>[^()\\n]{{1,{MAX_NAME}}})\\)\\s*[-–—:]"
        f"|{place}\\s*[–—-]\\s*(?P<n2>[^.:()\\n]{{1,{MAX_NAME}}}?)\\s*[.:]?\\s*$"
    )
    zh_dateline = regex_cache.compile(r"(?P<n1>[^\W\d_]{2,8}?)社?[^\W\d_]{0,6}\d{1,2}月\d{1,2}日[电電]")
    label = regex_cache.compile(f"(?i:{label_alternation()})\\s*[:：|\\-–—]?\\s*(?P<p1>[^\\n]{{1,80}}?)\\.?\\s*$"
                       f"|(?i:{_words(data.get('via_words') or ())})\\s+(?P<n1>[^\\n]{{1,{MAX_NAME}}}?)\\.?\\s*$")
    openers = [str(w) for words in (data.get("lead_openers") or {}).values() for w in words]
    opener = regex_cache.compile(
        f"(?:{_words(openers)})\\s*(?:خبرگزاری\\s+)?(?P<n1>[^،,，\\n]{{1,{MAX_NAME}}}?)\\s*[،,，]"
    )
    stamp = regex_cache.compile(str(data.get("date_stamp") or r"(?!)"))
    return Forms(
        dateline, zh_dateline, label, opener, stamp,
        cocredit=frozenset(str(w).lower() for w in data.get("cocredit_words") or ()),
        byline_words=frozenset(str(w).lower() for w in data.get("byline_words") or ()),
        editorial=frozenset(str(w).lower() for w in data.get("editorial_words") or ()),
        copyright=tuple(str(w) for w in data.get("copyright_marks") or ()),
        opener_starts=tuple(openers),
        label_starts=frozenset(str(w).split()[0].lower()
                               for w in (*source_label_words(), *(data.get("via_words") or ()))),
    )


@lru_cache(maxsize=1)
def forms() -> Forms:
    return build_forms()


def _lines(text: str, top: bool, count: int) -> list[tuple[str, int]]:
    """The first (or last) ``count`` non-empty lines of ``text`` with their start offsets."""
    out: list[tuple[str, int]] = []
    if top:
        pos = 0
        for line in text.split("\n", count * 3):
            stripped = line.strip()
            if stripped:
                out.append((stripped, pos + line.index(stripped[0])))
                if len(out) >= count:
                    break
            pos += len(line) + 1
        return out
    parts = text.rsplit("\n", count * 3)
    pos = len(text)
    for line in reversed(parts):
        pos -= len(line)
        stripped = line.strip()
        if stripped:
            out.append((stripped, pos + line.index(stripped[0])))
            if len(out) >= count:
                break
        pos -= 1
    out.reverse()
    return out


# cheap test before the dateline regex: a place (letters, no digits) then "," "(" or a dash
_DATELINE_HEAD = regex_cache.compile(r"[^\W\d_][^\d,(–—\-\n]{0,46}?[,(–—-]")


def _may_be_dateline(head: str) -> bool:
    match = _DATELINE_HEAD.match(head)
    return match is not None and match.group(0).count(" ") <= 5


def _stripped(raw: str, offset: int) -> tuple[str, int]:
    """``raw`` without surrounding blanks, and where that starts (``raw`` starts at ``offset``)."""
    text = raw.strip()
    return text, offset + (raw.index(text[0]) if text else 0)


class CreditScanner:
    """Finds the credits of one article (call ``scan``)."""

    def __init__(self, sig: Signatures | None = None, reg: Registry | None = None, f: Forms | None = None) -> None:
        self.sig = sig or signatures()
        self.reg = reg or registry()
        self.f = f or forms()

    # -- names ----------------------------------------------------------------------------------
    def outlet(self, name: str | None) -> Brand | None:
        """The outlet ``name`` is a name of (whole name, any case), never a network republisher."""
        if not name or len(name) > MAX_NAME:
            return None
        brand = self.sig.brand(name.strip(" .:"))
        return brand if brand is not None and brand.entry.role == "outlet" else None

    def _named(self, names: str, form: str, text: str, start: int, weight: float, detail: str,
               allow_several: bool = True) -> Credit | None:
        """A credit when ``names`` is one outlet's name, or (``allow_several``) a list that starts with one."""
        brand = self.outlet(names)
        if brand is not None:
            return Credit(brand, None, form, text, start, weight, detail)
        if not allow_several:
            return None
        parts = [p for p in _SPLIT.split(names.strip()) if p]
        if len(parts) > 1:
            brand = self.outlet(parts[0])
            if brand is not None:
                return Credit(brand, None, form, text, start, W_SEVERAL, detail + " among other sources")
        return None

    def _host(self, host: str, form: str, text: str, start: int, weight: float, detail: str) -> Credit | None:
        found = self.reg.lookup_host(host)
        if found is None or found.entry.source != "quelle" or found.entry.role != "outlet":
            return None
        return Credit(None, found, form, text, start, weight, detail)

    # -- the scan -------------------------------------------------------------------------------
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
            self._title(head.text, head.start, found)
        tail_starts = {start for _, start in tail}
        for index, (line, start) in enumerate(top):
            credit = self._lead(line, start)
            if credit:
                found.append(credit)
            if len(line) <= MAX_LINE:
                self._whole_line(line, start, found, bare=index < BARE_TOP_LINES or start in tail_starts)
        top_starts = {start for _, start in top}
        for line, start in tail:
            if len(line) <= MAX_LINE and start not in top_starts:
                self._whole_line(line, start, found, bare=True)
            self._closing(line, start, found)
        return found

    def _title(self, title: str, offset: int, found: list[Credit]) -> None:
        """A headline ending "(China Daily editorial)" or "(AFP)"."""
        end = title.rstrip()
        if not end.endswith(")"):
            return
        open_at = end.rfind("(")
        if open_at <= 0:
            return
        inner = end[open_at + 1 : -1].strip()
        words = inner.rsplit(None, 1)
        name = words[0] if len(words) == 2 and words[1].lower() in self.f.editorial else inner
        credit = self._named(name, "title_credit", end[open_at:], offset + open_at, W_TITLE,
                             "the headline ends with the outlet's name in brackets", allow_several=False)
        if credit:
            found.append(credit)

    def _lead(self, line: str, start: int) -> Credit | None:
        f = self.f
        head = line[:160]
        match = f.dateline.match(head) if _may_be_dateline(head) else None
        if match:
            groups = match.groupdict()
            names = next((v for k in ("s1", "p1", "n1", "p2", "n2") if (v := groups.get(k))), None)
            if names:
                credit = self._named(names, "dateline_credit", match.group(0).rstrip(), start, W_DATELINE,
                                     "a dateline credits the agency")
                if credit:
                    return credit
        if "电" in head[:30] or "電" in head[:30]:
            match = f.zh_dateline.match(head)
            if match:
                # Chinese names are written without spaces: try the longest name the capture starts with
                name = match.group("n1")
                for cut in range(len(name), 1, -1):
                    credit = self._named(name[:cut], "dateline_credit", match.group(0), start, W_DATELINE,
                                         "a dateline credits the agency", allow_several=False)
                    if credit:
                        return credit
        if head.startswith(f.opener_starts):
            match = f.opener.match(head)
            if match:
                return self._named(match.group("n1"), "lead_credit", match.group(0), start, W_OPENER,
                                   "the lead opens by crediting the report", allow_several=False)
        return None

    def _whole_line(self, line: str, start: int, found: list[Credit], bare: bool) -> None:
        """Source lines, bylines and co-credits anywhere in the lines read; a bare outlet line only
        right under the headline (``bare``) or at the end: in the middle it is a heading or a menu."""
        f = self.f
        token = line.split(None, 1)[0] if line else ""
        lead = token.split(":", 1)[0].split("：", 1)[0].split("|", 1)[0].lower()
        match = f.label.match(line) if lead in f.label_starts else None
        if match:
            names = match.group("p1") or match.group("n1") or ""
            credit = self._named(names, "source_label", line, start, W_LABEL, "a source line names the outlet")
            if credit:
                found.append(credit)
                return
        first = line.split(None, 1)[0].split(":", 1)[0].lower() if line else ""
        if first in f.byline_words or "|" in line:
            credit = self._byline(line, start)
            if credit:
                found.append(credit)
                return
        if first in f.cocredit and " " in line:
            credit = self._named(line.split(None, 1)[1], "cocredit", line, start, W_COCREDIT,
                                 "the byline adds the agency", allow_several=False)
            if credit:
                found.append(credit)
                return
        if bare and len(line) <= MAX_NAME:
            name = line.split(" - ", 1)[0].split(" – ", 1)[0].split(" | ", 1)[0]
            if len(name) == len(line) or len(line[len(name):].split()) <= 3:
                credit = self._named(name, "credit_line", line, start, W_LINE, "a line of its own names the outlet",
                                     allow_several=False)
                if credit:
                    found.append(credit)

    def _byline(self, line: str, start: int) -> Credit | None:
        """"Autor: dpa", "Нова 26.04.2022 | Аутор:Бета", "By Li Wei | chinadaily.com.cn | Updated: ...":
        a field that starts with a byline word names the agency, or the field after it is the agency."""
        fields = [part.strip() for part in line.split("|")]
        for index, field in enumerate(fields):
            if not field:
                continue  # "a | | b", a trailing "|": an empty field names nothing
            word, _, rest = field.partition(":") if ":" in field.split(None, 1)[0] else field.partition(" ")
            if word.strip().lower() not in self.f.byline_words:
                continue
            rest = rest.strip()
            candidates = [rest] + ([rest.rsplit(None, 1)[0]] if " " in rest else [])  # "Н1 Загреб": agency, city
            candidates += fields[index + 1 : index + 2]
            for candidate in candidates:
                if _HOST.fullmatch(candidate):
                    credit = self._host(candidate, "byline_credit", line, start, W_BYLINE,
                                        "the byline names the agency's site")
                else:
                    credit = self._named(candidate, "byline_credit", line, start, W_BYLINE,
                                         "the byline names the agency", allow_several=False)
                if credit:
                    return credit
        return None

    def _closing(self, line: str, start: int, found: list[Credit]) -> None:
        """The end of the text: "... development. (Xinhua)" and "© AFP"."""
        end = line.rstrip()
        if end.endswith(")"):
            open_at = end.rfind("(")
            before = end[:open_at].rstrip()
            if open_at > 0 and before and before[-1] in _SENTENCE_END:
                credit = self._named(end[open_at + 1 : -1], "tail_credit", end[open_at:], start + open_at, W_TAIL,
                                     "the text closes with the agency's name in brackets", allow_several=False)
                if credit:
                    found.append(credit)
        if line.startswith(self.f.copyright):
            mark = next(m for m in self.f.copyright if line.startswith(m))
            rest = line[len(mark):].strip()
            rest = re.sub(r"\s+\d{4}\.?$", "", rest)
            credit = self._named(rest, "copyright_credit", line, start, W_COPYRIGHT,
                                 "the text ends with the agency's copyright line", allow_several=False)
            if credit:
                found.append(credit)
