"""The questions only the pages ask: a speaker's spelling variants, a document's place in its
story, an outlet's relaying sites. Built on the store's and the copy stage's queries."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import func, or_, select

from quelle.copies import query as copies
from quelle.store.core import Store
from quelle.store.schema import documents, statements
from quelle.store.search import UTTERANCE, quoted_parts_of
from quelle.translit import name_keys, translit_key


@lru_cache(maxsize=100_000)
def person_keys(name: str) -> frozenset[str]:
    """The transliteration keys of a name's last word (``quelle.translit.name_keys``):
    Rjabkow, Ryabkov and Рябков share ``ryabkov``."""
    return frozenset(key for key in name_keys(name) if key)


def speaker_variants(store: Store, name: str, limit: int = 50) -> list[tuple[str, int]]:
    """The stored speaker names (with statement counts) that are spellings of ``name``'s person:
    the same last-name key (an indexed look-up of ``statements.speaker_key``/``speaker_key_de``),
    and first names that agree when both have one."""
    keys = sorted(person_keys(name))
    if not keys:
        return []
    first = _first_key(name)
    with store.connect() as conn:
        rows = conn.execute(select(statements.c.speaker_name, func.count()).where(
            statements.c.speaker_name.is_not(None),
            or_(statements.c.speaker_key.in_(keys), statements.c.speaker_key_de.in_(keys)))
            .group_by(statements.c.speaker_name)).all()
    found = []
    for stored, n in rows:
        other = _first_key(stored)
        if first and other and first[:3] != other[:3]:
            continue
        found.append((stored, n))
    found.sort(key=lambda row: (-row[1], row[0]))
    return found[:limit]


def _first_key(name: str) -> str:
    words = [w for w in name.split() if any(ch.isalpha() for ch in w)]
    return translit_key(words[0], "de") if len(words) > 1 else ""


def speaker_statements(store: Store, names: list[str], limit: int = 200) -> list[dict[str, Any]]:
    """The speaker's utterances, newest first, each with its quoted fragments."""
    if not names:
        return []
    with store.connect() as conn:
        rows = conn.execute(
            select(statements.c.id, statements.c.idx, statements.c.document_id, statements.c.speaker_name,
                   statements.c.speaker_role, statements.c.type, statements.c.cue, statements.c.text,
                   statements.c.said_on_start, documents.c.published, documents.c.site, documents.c.language,
                   documents.c.source_id, documents.c.origin_outlet, statements.c.data)
            .join(documents, documents.c.id == statements.c.document_id)
            .where(statements.c.speaker_name.in_(names), UTTERANCE)
            .order_by(func.coalesce(statements.c.said_on_start, documents.c.published).desc().nulls_last(),
                      statements.c.id)
            .limit(limit)).all()
    out = []
    for row in rows:
        data = dict(row._mapping)
        if isinstance(data.get("published"), date):
            data["published"] = data["published"].isoformat()
        data["when"] = data.get("said_on_start") or data.get("published")
        data["quoted_parts"] = quoted_parts_of(data.pop("data"))
        out.append(data)
    return out


def by_month(items: list[dict[str, Any]], key: str = "when") -> list[tuple[str, int]]:
    counts = Counter(str(item[key])[:7] for item in items if item.get(key))
    return sorted(counts.items())


def document_story(store: Store, doc_id: int) -> dict[str, Any] | None:
    """The document's story: the story, this member, and a sentence for each other member
    ("near-copy of X on site, 2 days later")."""
    story_id = copies.story_of(store, str(doc_id))
    if story_id is None:
        return None
    story = copies.get_story(store, story_id)
    if story is None:
        return None
    me = next((m for m in story["members"] if m["document_id"] == doc_id), None)
    earliest = story.get("earliest") or {}
    original = next((m for m in story["members"] if m["relation"] == "original"), None)
    return {"story": story, "me": me, "original": original, "earliest": earliest}


def relay_sites(store: Store, outlet: str, limit: int = 20) -> list[tuple[str, int]]:
    """Sites whose documents name this outlet as their origin but are not on the outlet's own site:
    the sites that relay it (republished or translated)."""
    with store.connect() as conn:
        rows = conn.execute(select(documents.c.site, func.count()).where(
            documents.c.origin_outlet == outlet, documents.c.republished.is_(True), documents.c.site.is_not(None))
            .group_by(documents.c.site).order_by(func.count().desc(), documents.c.site).limit(limit)).all()
    return [(site, n) for site, n in rows]
