"""Questions over the copy stage's tables: stories, one story's timeline, sites and what they relayed."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select

from quelle.copies import tables as T
from quelle.copies.doc import CopyDoc
from quelle.copies.near import Shingled, passages
from quelle.store import schema

D = schema.documents


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _members(conn, story_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not story_ids:
        return out
    via = D.alias("via")
    rows = conn.execute(
        select(T.members.c.story_id, T.members.c.relation, T.members.c.delay_days, D.c.id, D.c.source_id, D.c.site,
               D.c.language, D.c.published, D.c.title, D.c.origin_outlet, via.c.source_id.label("via_source_id"),
               T.inherited.c.published_inherited)
        .join(D, D.c.id == T.members.c.document_id)
        .outerjoin(via, via.c.id == T.members.c.via_id)
        .outerjoin(T.inherited, T.inherited.c.document_id == D.c.id)
        .where(T.members.c.story_id.in_(story_ids))
        .order_by(T.members.c.story_id, D.c.published.is_(None), D.c.published, D.c.id))
    for r in rows:
        out[r.story_id].append({
            "document_id": r.id, "source_id": r.source_id, "relation": r.relation, "site": r.site,
            "language": r.language, "published": _iso(r.published),
            "date_from_original": bool(r.published_inherited), "title": r.title,
            "origin_outlet": r.origin_outlet, "via": r.via_source_id, "delay_days": r.delay_days})
    return out


def _story_dict(row, members: list[dict[str, Any]]) -> dict[str, Any]:
    earliest = next((m for m in members if m["document_id"] == row.earliest_id), None)
    return {"story_id": row.id, "title": row.title, "size": row.size, "languages": (row.languages or "").split(","),
            "sites": row.sites, "first_published": _iso(row.first_published),
            "last_published": _iso(row.last_published), "origin_outlet": row.origin_outlet,
            "earliest": {k: earliest[k] for k in ("source_id", "site", "language", "published")} if earliest else None,
            "members": members}


def list_stories(store, *, site: str | None = None, lang: str | None = None, outlet: str | None = None,
                 since: date | None = None, until: date | None = None, min_size: int = 2, limit: int = 20,
                 offset: int = 0) -> dict[str, Any]:
    """Stories, newest first, each with its members (``source_id``, relation, site, language, date)."""
    where = [T.stories.c.size >= min_size]
    if outlet:
        where.append(func.lower(T.stories.c.origin_outlet).contains(outlet.lower()))
    if since:
        where.append(T.stories.c.last_published >= since)
    if until:
        where.append(T.stories.c.first_published <= until)
    if site or lang:
        member_where = [T.members.c.story_id == T.stories.c.id]
        if site:
            member_where.append(D.c.site == site.lower().removeprefix("www."))
        if lang:
            member_where.append(D.c.language == lang)
        where.append(select(T.members.c.document_id).join(D, D.c.id == T.members.c.document_id)
                     .where(and_(*member_where)).exists())
    with store.connect() as conn:
        total = conn.execute(select(func.count()).select_from(T.stories).where(and_(*where))).scalar_one()
        rows = conn.execute(select(T.stories).where(and_(*where))
                            .order_by(T.stories.c.first_published.desc(), T.stories.c.id.desc())
                            .limit(limit).offset(offset)).all()
        members = _members(conn, [r.id for r in rows])
    return {"total": total, "offset": offset, "results": [_story_dict(r, members[r.id]) for r in rows]}


def get_story(store, story_id: int) -> dict[str, Any] | None:
    """One story with its members in time order and the links between them, with their evidence."""
    with store.connect() as conn:
        row = conn.execute(select(T.stories).where(T.stories.c.id == story_id)).first()
        if row is None:
            return None
        members = _members(conn, [story_id])[story_id]
        ids = [m["document_id"] for m in members]
        source = {m["document_id"]: m["source_id"] for m in members}
        links = conn.execute(select(T.links).where(T.links.c.a_id.in_(ids))).all()
        docs = _copy_docs(conn, ids)
    story = _story_dict(row, members)
    story["links"] = [{"a": source.get(lk.a_id), "b": source.get(lk.b_id), "relation": lk.relation,
                       "score": lk.score, "evidence": json.loads(lk.evidence or "[]"),
                       "passages": json.loads(lk.passages or "null") or _passages(docs, lk)} for lk in links]
    return story


def _copy_docs(conn, ids: list[int]) -> dict[int, CopyDoc]:
    rows = conn.execute(select(schema.reports.c.document_id, schema.reports.c.body)
                        .where(schema.reports.c.document_id.in_(ids)))
    return {doc_id: CopyDoc.from_report(str(doc_id), json.loads(body)) for doc_id, body in rows}


def _passages(docs: dict[int, CopyDoc], link) -> list[dict[str, int]]:
    """What two documents of one language share, as character ranges of each base text (a: the newer)."""
    if link.relation == "translation" or link.a_id not in docs or link.b_id not in docs:
        return []
    a, b = docs[link.a_id], docs[link.b_id]
    return [p.to_dict() for p in passages(a, Shingled.of(a), b, Shingled.of(b))]


def _site_rows(conn, where) -> dict[str, dict[str, Any]]:
    sites: dict[str, dict[str, Any]] = {}
    rows = conn.execute(select(D.c.site, D.c.language, D.c.published, D.c.origin_outlet, T.members.c.relation,
                               T.members.c.delay_days, T.inherited.c.published_inherited)
                        .outerjoin(T.members, T.members.c.document_id == D.c.id)
                        .outerjoin(T.inherited, T.inherited.c.document_id == D.c.id).where(and_(*where)))
    for r in rows:
        s = sites.setdefault(r.site or "", {"documents": 0, "languages": Counter(), "outlets": Counter(),
                                            "dates": [], "delays": [], "relayed": 0})
        s["documents"] += 1
        s["languages"][r.language or "?"] += 1
        s["outlets"][r.origin_outlet or "(none)"] += 1
        if r.published and not r.published_inherited:  # a date taken from the original says nothing of the site
            s["dates"].append(r.published)
        if r.relation and r.relation != "original":
            s["relayed"] += 1
            if r.delay_days is not None:
                s["delays"].append(r.delay_days)
    return sites


def _profile(name: str, s: dict[str, Any]) -> dict[str, Any]:
    n = s["documents"]
    return {"site": name or None, "documents": n, "languages": dict(s["languages"].most_common()),
            "first_seen": _iso(min(s["dates"])) if s["dates"] else None,
            "last_seen": _iso(max(s["dates"])) if s["dates"] else None,
            "outlet_share": {k: round(v / n, 3) for k, v in s["outlets"].most_common()},
            "relayed": s["relayed"],
            "median_delay_days": statistics.median(s["delays"]) if s["delays"] else None}


def list_sites(store, *, lang: str | None = None, outlet: str | None = None, since: date | None = None,
               until: date | None = None, min_documents: int = 1, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Per site: documents, languages, first and last seen, share per origin outlet, relay delay."""
    where = [D.c.site.is_not(None)]
    if lang:
        where.append(D.c.language == lang)
    if since:
        where.append(D.c.published >= since)
    if until:
        where.append(D.c.published <= until)
    with store.connect() as conn:
        sites = _site_rows(conn, where)
    profiles = [_profile(name, s) for name, s in sites.items() if s["documents"] >= min_documents]
    if outlet:
        profiles = [p for p in profiles if any(outlet.lower() in k.lower() for k in p["outlet_share"])]
    profiles.sort(key=lambda p: (-p["documents"], p["site"] or ""))
    return {"total": len(profiles), "offset": offset, "results": profiles[offset:offset + limit]}


def get_site(store, name: str, *, limit: int = 100, offset: int = 0) -> dict[str, Any] | None:
    """A site's profile and what it relayed: each copy with its story, relation and original."""
    site = name.lower().removeprefix("www.")
    with store.connect() as conn:
        sites = _site_rows(conn, [D.c.site == site])
        if not sites:
            return None
        first = D.alias("first")
        rows = conn.execute(
            select(D.c.source_id, D.c.published, D.c.language, D.c.title, D.c.origin_outlet, T.members.c.story_id,
                   T.members.c.relation, T.members.c.delay_days, first.c.source_id.label("original"),
                   first.c.site.label("original_site"))
            .join(T.members, T.members.c.document_id == D.c.id)
            .join(T.stories, T.stories.c.id == T.members.c.story_id)
            .join(first, first.c.id == T.stories.c.earliest_id)
            .where(D.c.site == site, T.members.c.relation != "original")
            .order_by(D.c.published.desc(), D.c.id.desc()).limit(limit).offset(offset)).all()
    profile = _profile(site, sites[site])
    profile["relays"] = [{"source_id": r.source_id, "published": _iso(r.published), "language": r.language,
                          "title": r.title, "origin_outlet": r.origin_outlet, "story_id": r.story_id,
                          "relation": r.relation, "delay_days": r.delay_days, "original": r.original,
                          "original_site": r.original_site} for r in rows]
    return profile


def story_of(store, ident: str) -> int | None:
    """The story holding the document with this id or source_id."""
    from quelle.store.search import is_row_id

    where = D.c.source_id == ident
    if is_row_id(ident):
        where = (D.c.id == int(ident)) | where
    with store.connect() as conn:
        row = conn.execute(select(T.members.c.story_id).join(D, D.c.id == T.members.c.document_id)
                           .where(where).limit(1)).first()
    return row[0] if row else None
