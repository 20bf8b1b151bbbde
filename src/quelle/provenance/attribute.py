"""Attribution of an article to its originating outlet by structural signatures.

Only structure counts: boilerplate lines (share/follow prompts, disclaimers, section lines,
"Quelle: X" labels), title suffixes, datelines at the start of the lead, the page's own
domain and what the raw HTML says about itself. Topic never counts: a sentence that quotes
Peskov or says "laut RT" is article text, and article text is not searched for outlet names.

Confidence is 1 - prod(1 - w) over the distinct markers found for the chosen outlet, where
each weight w (registry data) is how strongly one marker alone supports the origin. An origin
is reported from 0.5 on; labels: high >= 0.9, medium >= 0.7, low >= 0.5 (docs/provenance.md).

Modules: registry.py loads the data files, signatures.py compiles them, evidence.py finds the
signatures in one article, origin.py words the result, and this module decides.
"""

from __future__ import annotations

from quelle.extract.boilerplate import LineRule
from quelle.model import Article, Evidence, Provenance
from quelle.provenance.evidence import (
    W_PAGE_URL,
    W_SITE,
    Hit,
    Scanner,
    ev,
    host_of,
    locate,
)
from quelle.provenance.languages import main_language
from quelle.provenance.leftovers import find_leftover
from quelle.provenance.origin import origin_of
from quelle.provenance.registry import Edition, HostMatch, OutletEntry, Registry, registry
from quelle.provenance.signatures import signatures, strip_title_suffix

__all__ = ["attribute", "clean_title", "confidence_label", "line_rules", "origin_of"]

MIN_CONFIDENCE = 0.5
W_NO_CREDIT = 0.3  # the weak presumption that an uncredited page is its site's own text
MAX_LABELS = 5  # republisher labels reported at most (the first distinct ones)
LABEL_THRESHOLDS = ((0.9, "high"), (0.7, "medium"), (0.5, "low"))


def line_rules() -> tuple[LineRule, ...]:
    """Outlet-specific whole-line boilerplate rules (share/follow prompts, sections, labels)."""
    return signatures().rules


def clean_title(title: str) -> str:
    """The headline without a trailing outlet/section suffix ("... – RT World News")."""
    return strip_title_suffix(signatures(), title)


def confidence_label(confidence: float) -> str:
    return next((label for bound, label in LABEL_THRESHOLDS if confidence >= bound), "none")


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
                         for entry_id, hits in by_entry.items() if hits[0].entry.role == "outlet"), reverse=True)
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


def _translated(entry: OutletEntry, edition: Edition | None, hits: list[Hit], language: str | None,
                ) -> tuple[dict[str, str] | None, list[Evidence]]:
    evidence: list[Evidence] = []
    votes: dict[str, float] = {}
    for hit in hits:
        if hit.from_lang and hit.evidence.language and main_language(hit.evidence.language) == (
                language or main_language(hit.evidence.language)):
            item = ev(hit.evidence.kind, hit.evidence.text, hit.evidence.start, hit.evidence.weight,
                       supports="translated", in_=hit.evidence.in_, entry=entry, edition=hit.edition,
                       language=hit.evidence.language,
                       detail=f"{hit.edition or entry.outlet} furniture written in {hit.evidence.language}: "
                              f"a translation from {hit.from_lang}")
            evidence.append(item)
            votes[hit.from_lang] = votes.get(hit.from_lang, 0.0) + hit.evidence.weight
    if language and language != "und":
        languages = {main_language(e.language) for e in entry.editions}
        if (edition is not None and main_language(edition.language) not in (language, "und")
                and edition.language not in votes):
            evidence.append(ev("language", language, None, 0.5, supports="translated", entry=entry,
                                edition=edition.name, language=language,
                                detail=f"the text is in {language}, the signatures are those of {edition.name} "
                                       f"({edition.language})"))
            votes[edition.language] = votes.get(edition.language, 0.0) + 0.5
        elif edition is None and not votes and entry.source == "quelle" and language not in languages:
            evidence.append(ev("language", language, None, 0.5, supports="translated", entry=entry,
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
        host, _ = host_of(url)
        if host and url:
            return host, kind, url
    return None, "site", None


def _republished(article: Article, entry: OutletEntry, site_match: HostMatch | None, scan: Scanner,
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
            evidence.append(ev("site", site, None, W_SITE, supports="republished", detail=detail, entry=entry))
        else:
            evidence.append(ev(kind, url or site, locate(article.html_text, url or site), W_PAGE_URL,
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
        evidence.append(ev("translated_boilerplate", shown.text, shown.start, 0.5, supports="republished",
                            in_=shown.in_, entry=entry, edition=shown.edition, language=shown.language,
                            detail=detail))
    return (True if evidence else None), evidence


def _network_evidence(network: OutletEntry, article: Article) -> Evidence:
    return ev("site", article.site or "", None, W_SITE, supports="republished", entry=network,
              detail=f"the page is on a site of the {network.outlet}, a network republisher: it publishes "
                     "other outlets' texts, never its own")


def _relayed(network: OutletEntry, entry: OutletEntry | None, edition: Edition | None, language: str | None,
             ) -> tuple[dict[str, str] | None, list[Evidence]]:
    """A network page in another language than the one the network relays from is a translation,
    unless its credit names an edition that publishes in the page's own language."""
    source = network.relays_from
    if not source or not language or language in ("und", source):
        return None, []
    if edition is not None and main_language(edition.language) == language:
        return None, []
    if edition is None and entry is not None and any(main_language(e.language) == language and e.hosts
                                                     for e in entry.editions):
        return None, []  # the outlet has an edition in this language: the page may carry its text as is
    detail = (f"the {network.outlet} relays {source} sources and this page is in {language}"
              + (f"; no {language} edition of {entry.outlet} is named" if entry is not None else ""))
    return {"from": source}, [ev("network_relay", language, None, 0.5, supports="translated", entry=network,
                                 language=language, detail=detail)]


def _leftover(article: Article, translated: dict[str, str] | None,
              evidence: list[Evidence]) -> tuple[dict[str, str] | None, list[Evidence]]:
    """A line left in the source language's script (leftovers.py) names the source language when
    the markers did not (no translation found, or its source undetermined)."""
    if translated is not None and translated.get("from") != "und":
        return translated, evidence
    found = find_leftover(article.source_text, article.language)
    if found is None:
        return translated, evidence
    item = ev("source_leftover", found.text, found.start, 0.5, supports="translated", language=found.language,
              detail=f"a line in {found.script} script near the top of a {main_language(article.language)} page, "
                     f"left in the source language ({found.language}): the text was translated from it")
    return {"from": found.language}, [e for e in evidence if not (e.supports == "translated" and e.kind == "language")
                                      ] + [item]


def attribute(article: Article) -> Provenance:
    """Origin outlet and edition, republished/translated findings and one evidence list."""
    sig, reg = signatures(), registry()
    scan = Scanner(article, sig, reg)
    scan.headline()
    scan.lines()
    scan.leads()
    scan.credits()
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
    network = site_match.entry if site_match and site_match.entry.role == "network_republisher" else None
    if entry_id is None:
        if network is not None:  # a network page whose source is not shown: still a republication
            translated, relay = _relayed(network, None, None, main_language(article.language))
            translated, relay = _leftover(article, translated, relay)
            return Provenance(origin=None, confidence=0.0, confidence_label="none", republished=True,
                              translated=translated, evidence=[_network_evidence(network, article)] + relay,
                              site_outlet=site_outlet)
        site, kind, _ = _page_site(article)
        if site:  # nothing names another outlet's text: the page is presumed to be the site's own text
            own = ev("no_credit", site, None, W_NO_CREDIT, supports="republished",
                     detail=f"no credit, dateline, source line or outlet furniture names another outlet's text: "
                            f"presumed the own text of {site} (a copy link found later overrides this)")
            translated, extra = _leftover(article, None, [])
            return Provenance(origin=None, confidence=0.0, confidence_label="none", republished=False,
                              translated=translated, evidence=[own] + extra, site_outlet=site_outlet)
        translated, extra = _leftover(article, None, [])
        return Provenance(origin=None, confidence=0.0, confidence_label="none", republished=None,
                          translated=translated, evidence=extra, site_outlet=site_outlet)
    confidence = _score(by_entry[entry_id])
    hits = by_entry[entry_id]
    entry = hits[0].entry
    edition = _edition(entry, hits)
    origin = origin_of(entry, edition, reg)
    evidence = [hit.evidence for hit in hits]

    language = main_language(article.language)
    translated, translated_evidence = _translated(entry, edition, hits, language)
    if network is not None and (translated is None or translated["from"] == "und"):
        relayed, relay = _relayed(network, entry, edition, language)
        if relayed:
            translated = relayed
            translated_evidence = [e for e in translated_evidence if e.kind != "language"] + relay
    republished, republished_evidence = _republished(article, entry, site_match, scan, translated,
                                                     translated_evidence, reg)
    translated, translated_evidence = _leftover(article, translated, translated_evidence)
    if network is not None:
        republished = True
        republished_evidence = [e for e in republished_evidence if e.kind != "site"] + [
            _network_evidence(network, article)]
    return Provenance(
        origin=origin,
        confidence=round(confidence, 3),
        confidence_label=confidence_label(confidence),
        republished=republished,
        translated=translated,
        evidence=evidence + republished_evidence + translated_evidence,
        site_outlet=site_outlet,
    )
