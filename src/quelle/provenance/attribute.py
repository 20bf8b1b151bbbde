"""Attribution of an article to its originating outlet (being written: see issue 2)."""

from __future__ import annotations

from quelle.extract.boilerplate import LineRule
from quelle.model import Article, Provenance


def line_rules() -> tuple[LineRule, ...]:
    """Outlet-specific whole-line boilerplate rules (section names, share prompts)."""
    return ()


def clean_title(title: str) -> str:
    """The headline without a trailing outlet/section suffix."""
    return title.strip()


def attribute(article: Article) -> Provenance:
    return Provenance(
        origin=None, confidence=0.0, confidence_label="none", republished=None, translated=None
    )
