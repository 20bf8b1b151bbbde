"""The document model: what flows into analyze() and the Report that comes out.

Everything that points into text is a span over one base text, the report's
``source_text``; spans found in the raw HTML page say ``in_="html"`` instead.
All classes are plain dataclasses so that they pickle (worker processes, Spark)
and serialise to JSON without custom code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

SCHEMA_ID = "quelle.report/1"

SpanSource = Literal["text", "html"]
Finding = Literal["origin", "republished", "translated"]


@dataclass(frozen=True, slots=True)
class Document:
    """One input: raw bytes plus what the caller knows about where they came from."""

    content: bytes
    source_id: str | None = None
    url: str | None = None
    site: str | None = None
    published: date | None = None
    fetched: date | None = None
    media_type: Literal["text", "html"] | None = None  # None: detect from the content
    title: str | None = None  # a title given by the caller (JSONL input)
    repairs: dict[str, int] | None = None  # what quelle.storable changed in the given fields


@dataclass(slots=True)
class Span:
    """A character range of ``source_text`` with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Boilerplate:
    """Site or platform furniture removed from the clean text, kept as evidence."""

    kind: str  # share, follow, source_label, teaser, copyright, headline, section, caption, ...
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Evidence:
    """One observation that supports a conclusion, with where it was found."""

    supports: Finding
    kind: str  # marker, section, domain, dateline, agency_credit, headline_convention, ...
    text: str
    start: int | None
    end: int | None
    weight: float
    in_: SpanSource = "text"
    detail: str | None = None
    outlet: str | None = None
    edition: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["in"] = data.pop("in_")
        return data


@dataclass(slots=True)
class Sanction:
    """An EU (or other) measure naming an outlet: stated as a fact, never as a verdict."""

    act: str
    applies_from: str  # YYYY-MM-DD
    authority: str
    measure: str
    wording: str
    url: str | None = None
    editions: list[str] | None = None
    adopted: str | None = None  # YYYY-MM-DD, when the act was adopted
    verified: bool | None = None  # False: a date or name was not checked against the act (see the registry note)


@dataclass(slots=True)
class Origin:
    """The outlet a text originates from, with what the registry knows about it."""

    outlet: str
    edition: str | None
    language: str | None
    owner: str | None
    country: str | None
    state_affiliation: str | None  # typology code: SC, CaPu, CaPr, ISFM, ISF, ISM, IP
    state_affiliation_label: str | None
    state_controlled: bool
    domains: list[str] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)


@dataclass(slots=True)
class Provenance:
    origin: Origin | None
    confidence: float
    confidence_label: str
    republished: bool | None
    translated: dict[str, str] | None
    evidence: list[Evidence] = field(default_factory=list)
    site_outlet: Origin | None = None  # the outlet that owns the page's own site, if known


@dataclass(slots=True)
class HtmlInfo:
    """What the raw page says about itself (evidence with in="html")."""

    canonical: str | None = None
    site_name: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """The article as read: base text, boilerplate spans and metadata."""

    source_text: str
    media_type: Literal["text", "html"]
    encoding: str
    boilerplate: list[Boilerplate]
    paragraphs: list[Span]
    title: str | None
    title_span: Span | None
    language: str | None
    language_score: float | None
    published: str | None
    published_source: str | None
    site: str | None
    url: str | None
    html: HtmlInfo | None = None
    html_text: str | None = None  # the decoded page, which in="html" spans index
    notes: dict[str, Any] = field(default_factory=dict)  # what reading changed: bytes replaced, HTML cut

    @property
    def text(self) -> str:
        """The clean article: paragraphs of source_text that are not boilerplate."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Speaker:
    mention: Mention | None
    name: str | None
    role: str | None
    entity: int | None  # index into Report.entities
    kind: str | None = None  # person, organisation, state, place, unknown
    resolution: str | None = None  # how the name was found: named, coreference, role, ...


@dataclass(slots=True)
class Statement:
    text: str
    spans: list[Span]
    type: str  # Direct, Indirect, FreeIndirect, IndirectFreeIndirect, Reported
    cue: Mention | None
    speaker: Speaker | None
    addressee: Mention | None = None
    medium: str | None = None
    # {"value", "start": first day, "end": last day, "granularity", "text", "text_start", "text_end": offsets}
    said_on: dict[str, str] | None = None
    frame: list[Span] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    cue_parts: list[Span] = field(default_factory=list)  # the cue's words when split ("teilte … mit")
    # one utterance with quoted words inside its content: the outer statement lists the quoted fragments
    # in ``quoted_parts``; each fragment is also a Direct statement (as the German dataset annotates
    # it) whose ``parent`` is the outer statement's index in ``statements``
    parent: int | None = None
    quoted_parts: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    id: int
    kind: str  # person, organisation, place, state
    name: str
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """The result of analyze(): everything quelle knows about one document."""

    source_id: str | None
    url: str | None
    site: str | None
    source_text: str
    text: str
    title: str | None
    language: str | None
    published: str | None
    media_type: str | None
    encoding: str | None
    boilerplate: list[Boilerplate]
    paragraphs: list[Span]
    provenance: Provenance | None
    statements: list[Statement] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    html: HtmlInfo | None = None
    error: dict[str, str] | None = None
    analysis: dict[str, Any] = field(default_factory=dict)
    schema: str = SCHEMA_ID

    def to_dict(self) -> dict[str, Any]:
        from quelle.report_json import report_to_dict

        return report_to_dict(self)
