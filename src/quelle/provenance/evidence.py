"""Finding an outlet's signatures in one article: title suffixes, boilerplate lines, datelines, the page.

Why separate from the decision: this module only says what was found, where, for whom and with
what weight (registry data); attribute.py weighs the findings. Only structural places are
searched (boilerplate lines, the headline, the start of the lead, the page's own metadata), never
the article's sentences, so an outlet named in the text is never evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from quelle.model import Article, Evidence
from quelle.provenance.credits import CreditScanner
from quelle.provenance.registry import HostMatch, Marker, OutletEntry, Registry
from quelle.provenance.signatures import LABELS, MAX_LINE, Signatures, strip_title_suffix

MAX_SOURCE_LINKS = 20
LEAD_LINES = 3  # datelines are looked for at the start of the first three lead lines
# Weights of the evidence that is not a registry marker (registry markers carry their own).
W_TITLE_SUFFIX = 0.7
W_SOURCE_LABEL = 0.6
W_SOURCE_AMONG_SEVERAL = 0.3  # "Quellen: RT, dpa, Reuters": RT material, but not RT's text
W_FOLLOW_TEMPLATE = 0.5  # alone a low origin: a reposted channel post keeps its outlet's follow line
W_SITE = 0.9
W_PAGE_URL = 0.8
W_SITE_NAME = 0.6
W_SOURCE_LINK = 0.55
W_UNVERIFIED_HOST = 0.6
W_REPUBLISHED_LABEL = 0.6
_ANCHOR_LABEL = re.compile(f"(?:{LABELS}|original|link|zum artikel|read the original|artikel lesen)\\s*[:.]?", re.I)
_LABEL_BEFORE = re.compile(f"(?:{LABELS})\\s*[:\\-–—]?\\s*$", re.I)
_TAG = re.compile(r"<[^>]*>")
_SEVERAL = re.compile(r"[,;/&+]\s*\w|\s(?:und|and|sowie|et|y)\s+\w", re.I)


class _LazyCredits:
    """One CreditScanner per process, built on first use (after the registry is loaded)."""

    scanner: CreditScanner | None = None

    def scan(self, article: Article):
        if self.scanner is None:
            self.scanner = CreditScanner()
        return self.scanner.scan(article)


_CREDITS = _LazyCredits()


@dataclass(slots=True)
class Hit:
    """One piece of origin evidence for one outlet; ``key`` makes repeated markers count once."""

    entry: OutletEntry
    edition: str | None
    key: str
    evidence: Evidence
    from_lang: str | None = None


def host_of(url: str | None) -> tuple[str | None, str]:
    if not url:
        return None, ""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        return (parts.hostname or "").removeprefix("www.") or None, parts.path
    except ValueError:
        return None, ""


def ev(kind: str, text: str, start: int | None, weight: float, *, supports: str = "origin", in_: str = "text",
        detail: str | None = None, entry: OutletEntry | None = None, edition: str | None = None,
        language: str | None = None) -> Evidence:
    return Evidence(supports=supports, kind=kind, text=text, start=start,  # type: ignore[arg-type]
                    end=None if start is None else start + len(text), weight=round(weight, 3), in_=in_,  # type: ignore[arg-type]
                    detail=detail, outlet=entry.outlet if entry else None, edition=edition, language=language)


def marker_hit(marker: Marker, reg: Registry, text: str, start: int | None, in_: str = "text") -> Hit:
    entry = reg.outlets[marker.outlet_id]
    detail = f"{marker.kind.replace('_', ' ')} of {marker.edition or entry.outlet}"
    if marker.from_lang:
        detail += f", machine-translated from {marker.from_lang} into {marker.lang}"
    evidence = ev(marker.kind, text, start, marker.weight, in_=in_, detail=detail, entry=entry,
                   edition=marker.edition, language=marker.lang)
    return Hit(entry, marker.edition, marker.id, evidence, marker.from_lang)


def locate(haystack: str | None, needle: str, near: int = 0) -> int | None:
    if not haystack or not needle:
        return None
    index = haystack.find(needle, near)
    if index < 0 and near:
        index = haystack.find(needle)
    return index if index >= 0 else None


class Scanner:
    """Collects the hits of one article: call each method once, then read ``hits`` and ``republished``."""

    def __init__(self, article: Article, sig: Signatures, reg: Registry) -> None:
        self.article, self.sig, self.reg = article, sig, reg
        self.lang = article.language
        self.hits: list[Hit] = []
        self.republished: list[Evidence] = []

    # --- title: suffix, section, headline convention -------------------------------------------
    def title_suffix(self, title: str, offset: int | None, in_: str, source: str | None = None) -> None:
        match = self.sig.title_suffix.search(title)
        if not match or match.start() == 0:
            return
        brand = self.sig.brand(match.group("brand"))
        if brand is None:
            return
        entry, edition = brand.entry, brand.edition
        start = match.start("brand")
        suffix = title[start : match.end()].rstrip()

        def at(pos: int, text: str) -> int | None:
            if offset is not None:
                return offset + pos
            return locate(source, text, 0)

        kind = "title_suffix" if in_ == "text" else "html_title"
        detail = f"the headline ends with the outlet name {match.group('brand')!r}"
        self.hits.append(Hit(entry, edition.name if edition else None, "title_suffix",
                             ev(kind, suffix, at(start, suffix), W_TITLE_SUFFIX, in_=in_, detail=detail,
                                 entry=entry, edition=edition.name if edition else None)))
        for group in ("s1", "s2"):
            name = match.group(group)
            if not name:
                continue
            markers = [m for m in self.sig.sections.get(" ".join(name.split()).lower(), ())
                       if m.outlet_id == entry.id and (edition is None or m.edition in (None, edition.name))]
            if not markers:
                continue
            markers.sort(key=lambda m: (m.lang != self.lang, -m.weight))
            marker = markers[0]
            self.hits.append(marker_hit(marker, self.reg, name, at(match.start(group), name), in_))

    def headline(self) -> None:
        article = self.article
        head = next((b for b in article.boilerplate if b.kind == "headline"), None)
        if head is not None:
            self.title_suffix(head.text, head.start, "text")
        span = article.title_span
        if span is None and head is not None:
            span_text, span_start = strip_title_suffix(self.sig, head.text), head.start
        elif span is not None:
            span_text, span_start = span.text, span.start
        else:
            return
        for family in self.sig.languages(self.sig.headlines, self.lang):
            match = family.regex.search(span_text)
            if match:
                text = match.group(0).strip(" \t")
                start = span_start + match.start() + (len(match.group(0)) - len(match.group(0).lstrip(" \t")))
                self.hits.append(marker_hit(family.marker(match), self.reg, text.rstrip(), start))
                return

    # --- boilerplate lines ---------------------------------------------------------------------
    def lines(self) -> None:
        for item in self.article.boilerplate:
            if item.kind in ("headline", "headline_repeat") or len(item.text) > MAX_LINE:
                continue
            if item.kind == "source_label":
                self.republished.append(ev("source_label", item.text, item.start, W_REPUBLISHED_LABEL,
                                            supports="republished",
                                            detail="a republisher's source label (the page cites where the "
                                                   "text comes from)"))
            if self._line_marker(item.text, item.start):
                continue
            self._line_template(item.text, item.start)

    def _line_marker(self, text: str, start: int) -> bool:
        for family in self.sig.languages(self.sig.lines, self.lang):
            match = family.regex.fullmatch(text)
            if match:
                self.hits.append(marker_hit(family.marker(match), self.reg, text, start))
                return True
        return False

    def _line_template(self, text: str, start: int) -> None:
        match = self.sig.label.fullmatch(text)
        if match:
            if match.group("brand"):
                brand = self.sig.brand(match.group("brand"))
                if brand:
                    edition = brand.edition.name if brand.edition else None
                    several = bool(_SEVERAL.search(text[match.end("brand") :]))
                    weight = W_SOURCE_AMONG_SEVERAL if several else W_SOURCE_LABEL
                    detail = (f"a source label naming {brand.entry.outlet} among other sources" if several else
                              f"a source label naming {brand.entry.outlet}")
                    self.hits.append(Hit(brand.entry, edition, "source_label", ev(
                        "source_label", text, start, weight, entry=brand.entry, edition=edition, detail=detail)))
            elif match.group("host"):
                found = self.reg.lookup_host(match.group("host"))
                if found:
                    self._host_hit(found, "source_label", text, start, W_SOURCE_LABEL, "text",
                                   f"a source label linking to {match.group('host')}")
            return
        match = self.sig.follow.fullmatch(text)
        if match:
            brand = self.sig.brand(match.group("brand"))
            if brand:
                edition = brand.edition.name if brand.edition else None
                self.hits.append(Hit(brand.entry, edition, "follow_template", ev(
                    "follow_prompt", text, start, W_FOLLOW_TEMPLATE, entry=brand.entry, edition=edition,
                    detail=f"a follow prompt naming {brand.entry.outlet}")))

    # --- leads: datelines and agency credits ----------------------------------------------------
    def leads(self) -> None:
        """Outlet datelines at the start of the first lead lines (paragraphs, or lines of a paragraph
        when a plain-text crawl separates them by single line breaks)."""
        for start, text in self._lead_lines():
            for family in self.sig.languages(self.sig.leads, self.lang):
                match = family.regex.match(text)
                if match:
                    self.hits.append(marker_hit(family.marker(match), self.reg, match.group(0), start + match.start()))
                    break

    def _lead_lines(self) -> list[tuple[int, str]]:
        lines: list[tuple[int, str]] = []
        for paragraph in self.article.paragraphs[:LEAD_LINES]:
            offset = 0
            for part in paragraph.text.split("\n", LEAD_LINES):
                if part.strip():
                    lines.append((paragraph.start + offset, part))
                    if len(lines) >= LEAD_LINES:
                        return lines
                offset += len(part) + 1
        return lines

    # --- credits: the generic forms any page uses (credits.py) --------------------------------
    def credits(self) -> None:
        for credit in _CREDITS.scan(self.article):
            found = credit.brand or credit.host
            assert found is not None
            entry, edition = found.entry, (found.edition.name if found.edition else None)
            key = "source_label" if credit.form == "source_label" else f"credit:{credit.form}"
            detail = f"{credit.detail}: {entry.outlet}"
            self.hits.append(Hit(entry, edition, key, ev(credit.form, credit.text, credit.start, credit.weight,
                                                        detail=detail, entry=entry, edition=edition)))

    # --- the page: site, canonical, og tags, raw title, source links ----------------------------
    def _host_hit(self, found: HostMatch, kind: str, text: str, start: int | None, weight: float, in_: str,
                  detail: str) -> None:
        if found.host is not None and not found.host.verified:
            weight = min(weight, W_UNVERIFIED_HOST)
            detail += f" (unverified domain: {found.host.note})"
        edition = found.edition.name if found.edition else None
        key = "page_url" if kind in ("canonical", "og_url") else kind
        self.hits.append(Hit(found.entry, edition, key, ev(kind, text, start, weight, in_=in_, detail=detail,
                                                            entry=found.entry, edition=edition)))

    def site(self) -> HostMatch | None:
        site = self.article.site
        host, path = host_of(self.article.url)
        found = self.reg.lookup_host(site or host, path if (host and site and host.endswith(site)) else "")
        if found:
            self._host_hit(found, "site", site or host or "", None, W_SITE, "text",
                           f"the page is on {site or host}, a domain of {found.entry.outlet}")
        return found

    def html(self) -> None:
        info, page = self.article.html, self.article.html_text
        if info is None:
            return
        for kind, url in (("canonical", info.canonical), ("og_url", info.meta.get("og:url"))):
            host, path = host_of(url)
            found = self.reg.lookup_host(host, path)
            if found and url:
                self._host_hit(found, kind, url, locate(page, url), W_PAGE_URL, "html",
                               f"the page declares its own address on {host}")
        site_name = info.site_name
        if site_name:
            brand = self.sig.brand(site_name)
            if brand:
                edition = brand.edition.name if brand.edition else None
                self.hits.append(Hit(brand.entry, edition, "site_name", ev(
                    "site_name", site_name, locate(page, site_name), W_SITE_NAME, in_="html", entry=brand.entry,
                    edition=edition, detail=f"og:site_name names {brand.entry.outlet}")))
        raw_title = info.meta.get("title")
        if raw_title:
            self.title_suffix(raw_title, None, "html", page)
        checked = 0
        for link in info.links:
            found = self.reg.lookup_host(link.get("host"))
            if not found or found.entry.source != "quelle":
                continue
            checked += 1
            if checked > MAX_SOURCE_LINKS:  # each check searches the page: bound the work on huge pages
                break
            href = link.get("href") or ""
            start = locate(page, href)
            if not (_ANCHOR_LABEL.fullmatch(link.get("text") or "") or self._label_before(page, start)):
                continue
            self._host_hit(found, "source_link", href, start, W_SOURCE_LINK, "html",
                           f"a source link to {link.get('host')}")
            self.republished.append(ev("source_link", href, start, W_REPUBLISHED_LABEL, supports="republished",
                                        in_="html", detail="the page links to its source"))

    @staticmethod
    def _label_before(page: str | None, start: int | None) -> bool:
        if not page or start is None:
            return False
        tag = page.rfind("<a", 0, start)
        if tag < 0:
            return False
        before = _TAG.sub(" ", page[max(0, tag - 200) : tag])
        return bool(_LABEL_BEFORE.search(" ".join(before.split())))
