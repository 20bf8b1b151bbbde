"""The outlet registry: hand-made outlets with markers, State Media Matrix outlets, EU measures.

Why data files: a researcher adds an outlet, a mirror domain or a marker by editing YAML,
not code (docs/provenance.md). Everything is validated once on load; a broken entry raises
RegistryError naming the file and the entry, so a typo never turns into a silent miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from quelle import regex_cache

DATA_PACKAGE = "quelle.provenance"
KINDS = {
    "share_prompt", "follow_prompt", "disclaimer", "teaser", "section", "dateline", "agency_credit",
    "headline_convention",
}
WHERE = {"line", "lead", "headline", "title"}
ROLES = {"outlet", "network_republisher"}
BOILERPLATE_OF_KIND = {
    "share_prompt": "share", "follow_prompt": "follow", "disclaimer": "disclaimer", "teaser": "teaser",
    "section": "section", "dateline": "credit", "agency_credit": "credit", "headline_convention": "headline",
}
_ID = regex_cache.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANG = regex_cache.compile(r"^([a-z]{2}|und)$")
_HOST = regex_cache.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_DATE = regex_cache.compile(r"^\d{4}-\d{2}-\d{2}$")


class RegistryError(ValueError):
    """A registry file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Host:
    domain: str
    verified: bool = True
    note: str | None = None
    mirror: bool = False


@dataclass(frozen=True, slots=True)
class Edition:
    name: str
    language: str
    names: tuple[str, ...]
    hosts: tuple[Host, ...]


@dataclass(frozen=True, slots=True)
class Marker:
    """One signature: where to look, what to match, what it betrays and how much it weighs."""

    id: str
    outlet_id: str
    kind: str
    lang: str
    where: str
    weight: float
    regex: str  # a Python regex source (literals and names are escaped at load)
    edition: str | None = None
    from_lang: str | None = None  # the language the marker was translated from, if it is a translation
    boilerplate: str = "other"
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletEntry:
    id: str
    outlet: str
    owner: str | None
    country: str | None
    typology: str | None
    typology_source: str | None
    names: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = ()
    markers: tuple[Marker, ...] = ()
    source: str = "quelle"  # "quelle" (outlets.yaml) or "state-media-matrix"
    typology_uncertain: bool = False
    matrix_row: int | None = None
    path: str = ""  # for matrix rows whose URL has a path (several outlets on one host)
    status: str | None = None
    role: str = "outlet"  # "outlet", or "network_republisher": never an origin, its pages always republish
    relays_from: str | None = None  # a network's source language: its other-language pages are translations

    @property
    def hosts(self) -> tuple[Host, ...]:
        return tuple(host for edition in self.editions for host in edition.hosts)

    def edition(self, name: str | None) -> Edition | None:
        return next((e for e in self.editions if e.name == name), None) if name else None


@dataclass(frozen=True, slots=True)
class Target:
    outlet: str | None = None
    editions: tuple[str, ...] | None = None
    domain: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    act: str
    adopted: str
    applies_from: str
    authority: str
    measure: str
    wording: str
    url: str | None
    verified: bool
    note: str | None
    targets: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class Typology:
    code: str
    label: str
    state_controlled: bool


@dataclass(frozen=True, slots=True)
class HostMatch:
    """An outlet found for a host, with the edition and the registry host entry when known."""

    entry: OutletEntry
    edition: Edition | None
    host: Host | None


@dataclass(slots=True)
class Registry:
    outlets: dict[str, OutletEntry]
    matrix: tuple[OutletEntry, ...]
    measures: tuple[Measure, ...]
    typologies: dict[str, Typology]
    _hosts: dict[str, list[HostMatch]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.outlets.values():
            for edition in entry.editions:
                for host in edition.hosts:
                    self._hosts.setdefault(host.domain, []).append(HostMatch(entry, edition, host))
        for entry in self.matrix:
            for host in entry.hosts:
                known = self._hosts.setdefault(host.domain, [])
                if not any(m.entry.source == "quelle" for m in known):
                    known.append(HostMatch(entry, None, host))

    def lookup_host(self, host: str | None, path: str = "") -> HostMatch | None:
        """The outlet of a host or of its nearest registered parent domain (news.bbc.co.uk -> bbc.co.uk)."""
        if not host:
            return None
        host = host.lower().strip().rstrip(".").removeprefix("www.")
        labels = host.split(".")
        for i in range(len(labels) - 1):
            matches = self._hosts.get(".".join(labels[i:]))
            if matches:
                with_path = [m for m in matches if m.entry.path and path.startswith(m.entry.path)]
                return with_path[0] if with_path else matches[0]
        return None

    def typology(self, code: str | None) -> Typology | None:
        return self.typologies.get(code) if code else None


def _fail(file: str, where: str, message: str) -> RegistryError:
    return RegistryError(f"{file}: {where}: {message}")


def _str(value: Any, file: str, where: str, key: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, where, f"'{key}' must be a non-empty string, got {value!r}")
    return value.strip()


def _host(raw: Any, file: str, where: str, mirror: bool) -> Host:
    if isinstance(raw, str):
        raw = {"domain": raw}
    if not isinstance(raw, dict):
        raise _fail(file, where, f"a domain must be a string or a mapping, got {raw!r}")
    unknown = set(raw) - {"domain", "verified", "note"}
    if unknown:
        raise _fail(file, where, f"unknown keys {sorted(unknown)} in domain {raw.get('domain')!r} "
                                 "(quote notes that contain commas)")
    domain = str(raw.get("domain", "")).lower().removeprefix("www.")
    if not _HOST.match(domain):
        raise _fail(file, where, f"{domain!r} is not a host name (write it without scheme, www. or path)")
    verified = raw.get("verified", True)
    if not isinstance(verified, bool):
        raise _fail(file, where, f"'verified' of {domain} must be true or false")
    if not verified and not raw.get("note"):
        raise _fail(file, where, f"unverified domain {domain} needs a 'note' saying where it was reported")
    return Host(domain, verified, raw.get("note"), mirror)


def _literal_regex(text: str) -> str:
    core = text.strip().rstrip(":.!")
    return r"\s+".join(re.escape(part) for part in core.split()) + r"\s*[:.!]?"


def _check_regex(pattern: str, file: str, where: str) -> str:
    if "(?P<" in pattern:
        raise _fail(file, where, "named groups are not allowed in marker patterns")
    try:
        regex_cache.compile(pattern)
    except re.error as err:
        raise _fail(file, where, f"pattern {pattern!r} is not a valid regex: {err}") from None
    return pattern


def _marker(raw: Any, entry_id: str, index: int, editions: dict[str, Edition], file: str) -> Marker:
    where = f"outlet '{entry_id}', marker {index + 1}"
    if not isinstance(raw, dict):
        raise _fail(file, where, "a marker must be a mapping")
    unknown = set(raw) - {"kind", "lang", "edition", "from", "weight", "where", "text", "pattern", "names",
                          "boilerplate", "note"}
    if unknown:
        raise _fail(file, where, f"unknown keys {sorted(unknown)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(file, where, f"kind {kind!r} is not one of {sorted(KINDS)}")
    lang = raw.get("lang")
    if not isinstance(lang, str) or not _LANG.match(lang):
        raise _fail(file, where, f"lang {lang!r} must be an ISO 639-1 code or 'und'")
    place = raw.get("where")
    if place not in WHERE:
        raise _fail(file, where, f"where {place!r} is not one of {sorted(WHERE)}")
    weight = raw.get("weight")
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight < 1:
        raise _fail(file, where, f"weight must be a number strictly between 0 and 1, got {weight!r}")
    edition_name = raw.get("edition")
    edition = editions.get(edition_name) if edition_name else None
    if edition_name and edition is None:
        raise _fail(file, where, f"edition {edition_name!r} is not an edition of this outlet")
    from_lang = raw.get("from")
    if from_lang is not None and (not isinstance(from_lang, str) or not _LANG.match(from_lang)):
        raise _fail(file, where, f"from {from_lang!r} must be an ISO 639-1 code")
    if from_lang is None and edition is not None and lang not in ("und", edition.language):
        from_lang = edition.language
    sources = [k for k in ("text", "pattern", "names") if raw.get(k)]
    if len(sources) != 1:
        raise _fail(file, where, "give exactly one of 'text', 'pattern' or 'names'")
    names: tuple[str, ...] = ()
    if kind == "section" or place == "title":
        if sources != ["names"] or not isinstance(raw["names"], list):
            raise _fail(file, where, "section markers list their 'names'")
        names = tuple(_str(n, file, where, "names") or "" for n in raw["names"])
        regex = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        regex = f"(?:{regex})\\s*[:|]?"
    elif sources == ["names"]:
        raise _fail(file, where, "'names' is only for section markers")
    elif sources == ["text"]:
        if place != "line":
            raise _fail(file, where, "literal 'text' markers are whole lines (where: line)")
        regex = _literal_regex(_str(raw["text"], file, where, "text") or "")
    else:
        regex = _check_regex(_str(raw["pattern"], file, where, "pattern") or "", file, where)
    boilerplate = raw.get("boilerplate") or BOILERPLATE_OF_KIND[kind]
    return Marker(
        id=f"{entry_id}#{index + 1}", outlet_id=entry_id, kind=kind, lang=lang, where=place, weight=float(weight),
        regex=regex, edition=edition.name if edition else None, from_lang=from_lang, boilerplate=boilerplate,
        names=names,
    )


def _outlet(raw: Any, index: int, typologies: dict[str, Typology], file: str) -> OutletEntry:
    if not isinstance(raw, dict):
        raise _fail(file, f"outlet {index + 1}", "an outlet must be a mapping")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise _fail(file, f"outlet {index + 1}", f"id {entry_id!r} must be lowercase letters, digits, hyphens")
    where = f"outlet '{entry_id}'"
    unknown = set(raw) - {"id", "outlet", "owner", "country", "typology", "typology_source", "names", "editions",
                          "markers", "note", "role", "relays_from"}
    if unknown:
        raise _fail(file, where, f"unknown keys {sorted(unknown)}")
    role = raw.get("role") or "outlet"
    if role not in ROLES:
        raise _fail(file, where, f"role {role!r} is not one of {sorted(ROLES)}")
    relays_from = raw.get("relays_from")
    if relays_from is not None and (not isinstance(relays_from, str) or not _LANG.match(relays_from)):
        raise _fail(file, where, f"relays_from {relays_from!r} must be an ISO 639-1 code")
    typology = raw.get("typology")
    if typology is not None and typology not in typologies:
        raise _fail(file, where, f"typology {typology!r} is not one of {sorted(typologies)}")
    editions_raw = raw.get("editions")
    if not isinstance(editions_raw, list) or not editions_raw:
        raise _fail(file, where, "'editions' must be a non-empty list")
    editions: dict[str, Edition] = {}
    for e_index, e_raw in enumerate(editions_raw):
        e_where = f"{where}, edition {e_index + 1}"
        if not isinstance(e_raw, dict):
            raise _fail(file, e_where, "an edition must be a mapping")
        name = _str(e_raw.get("name"), file, e_where, "name") or ""
        language = e_raw.get("language")
        if not isinstance(language, str) or not _LANG.match(language):
            raise _fail(file, e_where, f"language {language!r} must be an ISO 639-1 code")
        hosts = tuple(_host(h, file, e_where, False) for h in e_raw.get("domains") or ())
        hosts += tuple(_host(h, file, e_where, True) for h in e_raw.get("mirrors") or ())
        if name in editions:
            raise _fail(file, e_where, f"edition {name!r} appears twice")
        names = tuple(_str(n, file, e_where, "names") or "" for n in e_raw.get("names") or ())
        editions[name] = Edition(name, language, names, hosts)
    markers = tuple(_marker(m, entry_id, i, editions, file) for i, m in enumerate(raw.get("markers") or ()))
    names_raw = raw.get("names") or []
    if not isinstance(names_raw, list) or not names_raw:
        raise _fail(file, where, "'names' must list how the brand is written")
    return OutletEntry(
        id=entry_id,
        outlet=_str(raw.get("outlet"), file, where, "outlet") or "",
        owner=_str(raw.get("owner"), file, where, "owner", required=False),
        country=_str(raw.get("country"), file, where, "country", required=False),
        typology=typology,
        typology_source=raw.get("typology_source"),
        names=tuple(_str(n, file, where, "names") or "" for n in names_raw),
        editions=tuple(editions.values()),
        markers=markers,
        role=role,
        relays_from=relays_from,
    )


def _read(data_dir: Path | None, name: str) -> str:
    if data_dir is not None:
        return (data_dir / name).read_text("utf-8")
    return resources.files(DATA_PACKAGE).joinpath(f"data/{name}").read_text("utf-8")


def _yaml(text: str, file: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        raise RegistryError(f"{file}: not valid YAML: {err}") from None


def load_typologies(data_dir: Path | None = None) -> dict[str, Typology]:
    file = "typology.yaml"
    raw = _yaml(_read(data_dir, file), file)
    if not isinstance(raw, dict) or not raw:
        raise RegistryError(f"{file}: expected a mapping of typology codes")
    result = {}
    for code, item in raw.items():
        if not isinstance(item, dict) or not isinstance(item.get("state_controlled"), bool):
            raise _fail(file, f"typology {code!r}", "needs 'label' and 'state_controlled: true|false'")
        result[code] = Typology(code, _str(item.get("label"), file, code, "label") or "", item["state_controlled"])
    return result


def load_outlets(data_dir: Path | None = None, typologies: dict[str, Typology] | None = None) -> dict[str, OutletEntry]:
    file = "outlets.yaml"
    typologies = typologies or load_typologies(data_dir)
    raw = _yaml(_read(data_dir, file), file)
    if not isinstance(raw, dict) or not isinstance(raw.get("outlets"), list):
        raise RegistryError(f"{file}: expected a top-level 'outlets:' list")
    outlets: dict[str, OutletEntry] = {}
    owner_of_host: dict[str, str] = {}
    for index, item in enumerate(raw["outlets"]):
        entry = _outlet(item, index, typologies, file)
        if entry.id in outlets:
            raise _fail(file, f"outlet '{entry.id}'", "id appears twice")
        for host in entry.hosts:
            if host.domain in owner_of_host:
                raise _fail(file, f"outlet '{entry.id}'", f"domain {host.domain} is already listed by "
                                                          f"'{owner_of_host[host.domain]}'")
            owner_of_host[host.domain] = entry.id
        outlets[entry.id] = entry
    return outlets


def load_matrix(data_dir: Path | None = None, typologies: dict[str, Typology] | None = None) -> tuple[OutletEntry, ...]:
    """Every State Media Matrix outlet from the generated TSV (one entry per non-blank CSV row)."""
    file = "state_media_matrix.tsv"
    typologies = typologies or load_typologies(data_dir)
    lines = [line for line in _read(data_dir, file).splitlines() if line and not line.startswith("#")]
    if not lines:
        raise RegistryError(f"{file}: no rows")
    columns = lines[0].split("\t")
    entries = []
    for number, line in enumerate(lines[1:], start=2):
        values = line.split("\t")
        if len(values) != len(columns):
            raise _fail(file, f"line {number}", f"expected {len(columns)} columns, got {len(values)}")
        row = dict(zip(columns, values, strict=True))
        code = row["typology"].rstrip("?") or None
        if code is not None and code not in typologies:
            raise _fail(file, f"row {row['row']}", f"typology {row['typology']!r} is not known")
        hosts = (Host(row["domain"]),) if row["domain"] else ()
        edition = Edition(row["outlet"] or row["owner"], "und", (), hosts)
        entries.append(OutletEntry(
            id=f"smm-{row['row']}", outlet=row["outlet"] or row["owner"], owner=row["owner"] or None,
            country=row["country"] or None, typology=code,
            typology_source=f"State Media Matrix, row {row['row']}", editions=(edition,),
            source="state-media-matrix", typology_uncertain=row["typology"].endswith("?"),
            matrix_row=int(row["row"]), path=row["path"], status=row["status"] or None,
        ))
    return tuple(entries)


def load_measures(data_dir: Path | None = None, outlets: dict[str, OutletEntry] | None = None) -> tuple[Measure, ...]:
    file = "sanctions.yaml"
    raw = _yaml(_read(data_dir, file), file)
    if not isinstance(raw, dict) or not isinstance(raw.get("measures"), list):
        raise RegistryError(f"{file}: expected a top-level 'measures:' list")
    measures = []
    for index, item in enumerate(raw["measures"]):
        where = f"measure {index + 1}"
        if not isinstance(item, dict):
            raise _fail(file, where, "a measure must be a mapping")
        act = _str(item.get("act"), file, where, "act") or ""
        where = f"measure '{act}'"
        for key in ("adopted", "applies_from"):
            if not isinstance(item.get(key), str) or not _DATE.match(item[key]):
                raise _fail(file, where, f"'{key}' must be a YYYY-MM-DD string")
        if not isinstance(item.get("verified"), bool):
            raise _fail(file, where, "'verified' must be true or false")
        if not item["verified"] and not item.get("note"):
            raise _fail(file, where, "an unverified measure needs a 'note' saying what is uncertain")
        targets = []
        for t_raw in item.get("targets") or ():
            if not isinstance(t_raw, dict) or not (t_raw.get("outlet") or t_raw.get("domain")):
                raise _fail(file, where, f"target {t_raw!r} needs 'outlet' or 'domain'")
            outlet_id = t_raw.get("outlet")
            if outlet_id and outlets is not None:
                if outlet_id not in outlets:
                    raise _fail(file, where, f"target outlet {outlet_id!r} is not in outlets.yaml")
                known = {e.name for e in outlets[outlet_id].editions}
                for name in t_raw.get("editions") or ():
                    if name not in known:
                        raise _fail(file, where, f"edition {name!r} is not an edition of '{outlet_id}'")
            editions = tuple(t_raw["editions"]) if t_raw.get("editions") else None
            targets.append(Target(outlet_id, editions, t_raw.get("domain"), t_raw.get("name")))
        if not targets:
            raise _fail(file, where, "'targets' must name at least one outlet or domain")
        measures.append(Measure(
            act=act, adopted=item["adopted"], applies_from=item["applies_from"],
            authority=_str(item.get("authority"), file, where, "authority") or "",
            measure=_str(item.get("measure"), file, where, "measure") or "",
            wording=_str(item.get("wording"), file, where, "wording") or "",
            url=item.get("url"), verified=item["verified"], note=item.get("note"), targets=tuple(targets),
        ))
    return tuple(measures)


def load_registry(data_dir: Path | None = None) -> Registry:
    """Load and validate every registry file (from the package, or from ``data_dir`` for tests)."""
    typologies = load_typologies(data_dir)
    outlets = load_outlets(data_dir, typologies)
    return Registry(
        outlets=outlets,
        matrix=load_matrix(data_dir, typologies),
        measures=load_measures(data_dir, outlets),
        typologies=typologies,
    )


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The package registry, loaded once per process."""
    return load_registry()
