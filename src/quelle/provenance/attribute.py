"""Attribution of an article to its originating outlet by structural signatures.

Only structure counts: boilerplate lines (share/follow prompts, disclaimers, section lines,
"Quelle: X" labels), title suffixes, datelines at the start of the lead, the page's own
domain and what the raw HTML says about itself. Topic never counts: a sentence that quotes
Peskov or says "laut RT" is article text, and article text is not searched for outlet names.

Confidence is 1 - prod(1 - w) over the distinct markers found for the chosen outlet, where
each weight w (registry data) is how strongly one marker alone supports the origin. An origin
is reported from 0.5 on; labels: high >= 0.9, medium >= 0.7, low >= 0.5 (docs/provenance.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from quelle.extract.boilerplate import LineRule
from quelle.model import Article, Evidence, Origin, Provenance, Sanction
from quelle.provenance.registry import Edition, HostMatch, Marker, OutletEntry, Registry, registry
from quelle.provenance.signatures import LABELS, MAX_LINE, Signatures, signatures

MIN_CONFIDENCE = 0.5
MAX_SOURCE_LINKS = 20
MAX_LABELS = 5  # republisher labels reported at most (the first distinct ones)
LABEL_THRESHOLDS = ((0.9, "high"), (0.7, "medium"), (0.5, "low"))
W_TITLE_SUFFIX = 0.7
W_SOURCE_LABEL = 0.6
W_FOLLOW_TEMPLATE = 0.45
W_SITE = 0.9
W_PAGE_URL = 0.8
W_SITE_NAME = 0.6
W_SOURCE_LINK = 0.55
W_UNVERIFIED_HOST = 0.6
W_REPUBLISHED_LABEL = 0.6
_ANCHOR_LABEL = re.compile(f"(?:{LABELS}|original|link|zum artikel|read the original|artikel lesen)\\s*[:.]?", re.I)
_LABEL_BEFORE = re.compile(f"(?:{LABELS})\\s*[:\\-–—]?\\s*$", re.I)
_TAG = re.compile(r"<[^>]*>")


@dataclass(slots=True)
class Hit:
    """One piece of origin evidence for one outlet; ``key`` makes repeated markers count once."""

    entry: OutletEntry
    edition: str | None
    key: str
    evidence: Evidence
    from_lang: str | None = None


def line_rules() -> tuple[LineRule, ...]:
    """Outlet-specific whole-line boilerplate rules (share/follow prompts, sections, labels)."""
    return signatures().rules


def clean_title(title: str) -> str:
    """The headline without a trailing outlet/section suffix ("... – RT World News")."""
    title = title.strip()
    match = signatures().title_suffix.search(title)
    if match and match.start() > 0:
        return title[: match.start()].rstrip() or title
    return title


def confidence_label(confidence: float) -> str:
    return next((label for bound, label in LABEL_THRESHOLDS if confidence >= bound), "none")


def _host_of(url: str | None) -> tuple[str | None, str]:
    if not url:
        return None, ""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        return (parts.hostname or "").removeprefix("www.") or None, parts.path
    except ValueError:
        return None, ""


def _ev(kind: str, text: str, start: int | None, weight: float, *, supports: str = "origin", in_: str = "text",
        detail: str | None = None, entry: OutletEntry | None = None, edition: str | None = None,
        language: str | None = None) -> Evidence:
    return Evidence(supports=supports, kind=kind, text=text, start=start,  # type: ignore[arg-type]
                    end=None if start is None else start + len(text), weight=round(weight, 3), in_=in_,  # type: ignore[arg-type]
                    detail=detail, outlet=entry.outlet if entry else None, edition=edition, language=language)


def _marker_hit(marker: Marker, reg: Registry, text: str, start: int | None, in_: str = "text") -> Hit:
    entry = reg.outlets[marker.outlet_id]
    detail = f"{marker.kind.replace('_', ' ')} of {marker.edition or entry.outlet}"
    if marker.from_lang:
        detail += f", machine-translated from {marker.from_lang} into {marker.lang}"
    evidence = _ev(marker.kind, text, start, marker.weight, in_=in_, detail=detail, entry=entry,
                   edition=marker.edition, language=marker.lang)
    return Hit(entry, marker.edition, marker.id, evidence, marker.from_lang)


def _locate(haystack: str | None, needle: str, near: int = 0) -> int | None:
    if not haystack or not needle:
        return None
    index = haystack.find(needle, near)
    if index < 0 and near:
        index = haystack.find(needle)
    return index if index >= 0 else None


class _Scan:
    """Collects hits for one article."""

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
            return _locate(source, text, 0)

        kind = "title_suffix" if in_ == "text" else "html_title"
        detail = f"the headline ends with the outlet name {match.group('brand')!r}"
        self.hits.append(Hit(entry, edition.name if edition else None, "title_suffix",
                             _ev(kind, suffix, at(start, suffix), W_TITLE_SUFFIX, in_=in_, detail=detail,
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
            self.hits.append(_marker_hit(marker, self.reg, name, at(match.start(group), name), in_))

    def headline(self) -> None:
        article = self.article
        head = next((b for b in article.boilerplate if b.kind == "headline"), None)
        if head is not None:
            self.title_suffix(head.text, head.start, "text")
        span = article.title_span
        if span is None and head is not None:
            span_text, span_start = clean_title(head.text), head.start
        elif span is not None:
            span_text, span_start = span.text, span.start
        else:
            return
        for family in self.sig.languages(self.sig.headlines, self.lang):
            match = family.regex.search(span_text)
            if match:
                text = match.group(0).strip(" \t")
                start = span_start + match.start() + (len(match.group(0)) - len(match.group(0).lstrip(" \t")))
                self.hits.append(_marker_hit(family.marker(match), self.reg, text.rstrip(), start))
                return

    # --- boilerplate lines ---------------------------------------------------------------------
    def lines(self) -> None:
        for item in self.article.boilerplate:
            if item.kind in ("headline", "headline_repeat") or len(item.text) > MAX_LINE:
                continue
            if item.kind == "source_label":
                self.republished.append(_ev("source_label", item.text, item.start, W_REPUBLISHED_LABEL,
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
                self.hits.append(_marker_hit(family.marker(match), self.reg, text, start))
                return True
        return False

    def _line_template(self, text: str, start: int) -> None:
        match = self.sig.label.fullmatch(text)
        if match:
            if match.group("brand"):
                brand = self.sig.brand(match.group("brand"))
                if brand:
                    edition = brand.edition.name if brand.edition else None
                    self.hits.append(Hit(brand.entry, edition, "source_label", _ev(
                        "source_label", text, start, W_SOURCE_LABEL, entry=brand.entry, edition=edition,
                        detail=f"a source label naming {brand.entry.outlet}")))
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
                self.hits.append(Hit(brand.entry, edition, "follow_template", _ev(
                    "follow_prompt", text, start, W_FOLLOW_TEMPLATE, entry=brand.entry, edition=edition,
                    detail=f"a follow prompt naming {brand.entry.outlet}")))

    # --- leads: datelines and agency credits ----------------------------------------------------
    def leads(self) -> None:
        for paragraph in self.article.paragraphs[:2]:
            for family in self.sig.languages(self.sig.leads, self.lang):
                match = family.regex.match(paragraph.text)
                if match:
                    self.hits.append(_marker_hit(family.marker(match), self.reg, match.group(0),
                                                 paragraph.start + match.start()))
                    break

    # --- the page: site, canonical, og tags, raw title, source links ----------------------------
    def _host_hit(self, found: HostMatch, kind: str, text: str, start: int | None, weight: float, in_: str,
                  detail: str) -> None:
        if found.host is not None and not found.host.verified:
            weight = min(weight, W_UNVERIFIED_HOST)
            detail += f" (unverified domain: {found.host.note})"
        edition = found.edition.name if found.edition else None
        key = "page_url" if kind in ("canonical", "og_url") else kind
        self.hits.append(Hit(found.entry, edition, key, _ev(kind, text, start, weight, in_=in_, detail=detail,
                                                            entry=found.entry, edition=edition)))

    def site(self) -> HostMatch | None:
        site = self.article.site
        host, path = _host_of(self.article.url)
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
            host, path = _host_of(url)
            found = self.reg.lookup_host(host, path)
            if found and url:
                self._host_hit(found, kind, url, _locate(page, url), W_PAGE_URL, "html",
                               f"the page declares its own address on {host}")
        site_name = info.site_name
        if site_name:
            brand = self.sig.brand(site_name)
            if brand:
                edition = brand.edition.name if brand.edition else None
                self.hits.append(Hit(brand.entry, edition, "site_name", _ev(
                    "site_name", site_name, _locate(page, site_name), W_SITE_NAME, in_="html", entry=brand.entry,
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
            start = _locate(page, href)
            if not (_ANCHOR_LABEL.fullmatch(link.get("text") or "") or self._label_before(page, start)):
                continue
            self._host_hit(found, "source_link", href, start, W_SOURCE_LINK, "html",
                           f"a source link to {link.get('host')}")
            self.republished.append(_ev("source_link", href, start, W_REPUBLISHED_LABEL, supports="republished",
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


def _score(hits: list[Hit]) -> float:
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.key] = max(best.get(hit.key, 0.0), hit.evidence.weight)
    remaining = 1.0
    for weight in best.values():
        remaining *= 1.0 - weight
    return 1.0 - remaining


def _choose(by_entry: dict[str, list[Hit]]) -> str | None:
    """The origin outlet: the text's own signatures first, the page's site only when they say nothing.

    A page on a known site (say a matrix outlet) that carries another outlet's furniture took the
    text from that outlet: the site tells who republished it, the markers where it comes from.
    """
    for use_site in (False, True):
        scored = sorted(((_score([h for h in hits if use_site or h.key != "site"]), entry_id)
                         for entry_id, hits in by_entry.items()), reverse=True)
        if scored and scored[0][0] >= MIN_CONFIDENCE:
            return scored[0][1]
    return None


def _edition(entry: OutletEntry, hits: list[Hit]) -> Edition | None:
    votes: dict[str, float] = {}
    for hit in hits:
        if hit.edition:
            votes[hit.edition] = votes.get(hit.edition, 0.0) + hit.evidence.weight
    if votes:
        return entry.edition(max(votes, key=votes.__getitem__))
    return entry.editions[0] if len(entry.editions) == 1 else None


def _sanctions(reg: Registry, entry: OutletEntry, edition: Edition | None) -> list[Sanction]:
    domains = {host.domain for host in entry.hosts}
    result = []
    for measure in reg.measures:
        for target in measure.targets:
            if target.outlet == entry.id and entry.source == "quelle":
                if target.editions and edition is not None and edition.name not in target.editions:
                    continue
                editions = list(target.editions) if target.editions else None
            elif target.domain and target.domain in domains:
                editions = [target.name] if target.name else None
            else:
                continue
            result.append(Sanction(act=measure.act, applies_from=measure.applies_from, authority=measure.authority,
                                   measure=measure.measure, wording=measure.wording, url=measure.url,
                                   editions=editions, adopted=measure.adopted, verified=measure.verified))
            break
    return result


def origin_of(entry: OutletEntry, edition: Edition | None, reg: Registry | None = None) -> Origin:
    """The report's view of a registry entry: typology wording, domains and EU measures."""
    reg = reg or registry()
    typology = reg.typology(entry.typology)
    label = typology.label if typology else None
    if label and entry.typology_uncertain:
        label += " (marked uncertain in the source typology)"
    hosts = list(edition.hosts if edition else ()) + [h for h in entry.hosts if not edition or h not in edition.hosts]
    return Origin(
        outlet=entry.outlet,
        edition=edition.name if edition and entry.source == "quelle" else None,
        language=edition.language if edition and edition.language != "und" else None,
        owner=entry.owner,
        country=entry.country,
        state_affiliation=entry.typology,
        state_affiliation_label=label,
        state_controlled=bool(typology and typology.state_controlled),
        domains=[h.domain for h in hosts],
        sanctions=_sanctions(reg, entry, edition),
    )


def _translated(entry: OutletEntry, edition: Edition | None, hits: list[Hit], language: str | None,
                ) -> tuple[dict[str, str] | None, list[Evidence]]:
    evidence: list[Evidence] = []
    votes: dict[str, float] = {}
    for hit in hits:
        if hit.from_lang and hit.evidence.language and hit.evidence.language == (language or hit.evidence.language):
            item = _ev(hit.evidence.kind, hit.evidence.text, hit.evidence.start, hit.evidence.weight,
                       supports="translated", in_=hit.evidence.in_, entry=entry, edition=hit.edition,
                       language=hit.evidence.language,
                       detail=f"{hit.edition or entry.outlet} furniture written in {hit.evidence.language}: "
                              f"a translation from {hit.from_lang}")
            evidence.append(item)
            votes[hit.from_lang] = votes.get(hit.from_lang, 0.0) + hit.evidence.weight
    if language and language != "und":
        languages = {e.language for e in entry.editions}
        if edition is not None and edition.language not in (language, "und") and edition.language not in votes:
            evidence.append(_ev("language", language, None, 0.5, supports="translated", entry=entry,
                                edition=edition.name, language=language,
                                detail=f"the text is in {language}, the signatures are those of {edition.name} "
                                       f"({edition.language})"))
            votes[edition.language] = votes.get(edition.language, 0.0) + 0.5
        elif edition is None and not votes and entry.source == "quelle" and language not in languages:
            evidence.append(_ev("language", language, None, 0.5, supports="translated", entry=entry,
                                language=language,
                                detail=f"no edition of {entry.outlet} publishes in {language}; the source "
                                       "language is undetermined"))
            votes["und"] = 0.5
    if not votes:
        return None, evidence
    return {"from": max(votes, key=votes.__getitem__)}, evidence


def _page_site(article: Article) -> tuple[str | None, str, str | None]:
    """The page's own host: the given site, else the host of its canonical or og:url address."""
    if article.site:
        return article.site, "site", None
    info = article.html
    for kind, url in (("canonical", info.canonical if info else None),
                      ("og_url", info.meta.get("og:url") if info else None)):
        host, _ = _host_of(url)
        if host and url:
            return host, kind, url
    return None, "site", None


def _republished(article: Article, entry: OutletEntry, site_match: HostMatch | None, scan: _Scan,
                 translated: dict[str, str] | None, translated_evidence: list[Evidence], reg: Registry,
                 ) -> tuple[bool | None, list[Evidence]]:
    """True when the page is not on the origin's domains, or (site unknown) when the text shows it."""
    evidence: list[Evidence] = []
    site, kind, url = _page_site(article)
    if site:
        found = site_match if kind == "site" else reg.lookup_host(site)
        own = found is not None and found.entry.id == entry.id
        where = "the page's site" if kind == "site" else f"the page's {kind.replace('_', ':')} host"
        detail = (f"{where} {site} is a domain of {entry.outlet}" if own else
                  f"{where} {site} is not one of {entry.outlet}'s domains")
        if kind == "site":
            evidence.append(_ev("site", site, None, W_SITE, supports="republished", detail=detail, entry=entry))
        else:
            evidence.append(_ev(kind, url or site, _locate(article.html_text, url or site), W_PAGE_URL,
                                supports="republished", in_="html", detail=detail, entry=entry))
        if own:
            return False, evidence
    labels: dict[tuple[str, str], Evidence] = {}
    for item in scan.republished:
        labels.setdefault((item.kind, item.text), item)
    evidence.extend(list(labels.values())[:MAX_LABELS])
    shown = next((e for e in translated_evidence if e.kind != "language"), None)
    if shown is not None and translated and translated["from"] != "und":
        detail = (f"{shown.edition or entry.outlet} furniture translated into {shown.language}: "
                  "the text was taken over and translated")
        evidence.append(_ev("translated_boilerplate", shown.text, shown.start, 0.5, supports="republished",
                            in_=shown.in_, entry=entry, edition=shown.edition, language=shown.language,
                            detail=detail))
    return (True if evidence else None), evidence


def attribute(article: Article) -> Provenance:
    """Origin outlet and edition, republished/translated findings and one evidence list."""
    sig, reg = signatures(), registry()
    scan = _Scan(article, sig, reg)
    scan.headline()
    scan.lines()
    scan.leads()
    site_match = scan.site()
    scan.html()
    site_outlet = origin_of(site_match.entry, site_match.edition, reg) if site_match else None

    by_entry: dict[str, list[Hit]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for hit in scan.hits:  # a marker repeated down the page is reported (and counted) once
        mark = (hit.entry.id, hit.key, hit.evidence.kind, hit.evidence.in_)
        if mark not in seen:
            seen.add(mark)
            by_entry.setdefault(hit.entry.id, []).append(hit)
    entry_id = _choose(by_entry)
    if entry_id is None:
        return Provenance(origin=None, confidence=0.0, confidence_label="none", republished=None, translated=None,
                          evidence=[], site_outlet=site_outlet)
    confidence = _score(by_entry[entry_id])
    hits = by_entry[entry_id]
    entry = hits[0].entry
    edition = _edition(entry, hits)
    origin = origin_of(entry, edition, reg)
    evidence = [hit.evidence for hit in hits]

    translated, translated_evidence = _translated(entry, edition, hits, article.language)
    republished, republished_evidence = _republished(article, entry, site_match, scan, translated,
                                                     translated_evidence, reg)
    return Provenance(
        origin=origin,
        confidence=round(confidence, 3),
        confidence_label=confidence_label(confidence),
        republished=republished,
        translated=translated,
        evidence=evidence + republished_evidence + translated_evidence,
        site_outlet=site_outlet,
    )
