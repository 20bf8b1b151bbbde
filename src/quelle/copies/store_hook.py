"""Copy detection at ingest: the post-store hook (see ``quelle.store.hooks``).

After each batch commit, every stored document without a signature is matched against the
store's signatures (incrementally, in id order), its signature and links are written, the
stories touched are rebuilt, and marker-free copies inherit the origin of their story's
original. Idempotent and catching up: a document is done when its signature row exists, so
a batch that a ``kill -9`` kept from its hook is processed by the next run. Set
``QUELLE_COPIES=0`` to leave copy detection out of an ingest (benchmarks of analysis alone).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from quelle.copies import crossling
from quelle.copies import tables as T
from quelle.copies.doc import CopyDoc
from quelle.copies.matcher import CopyIndex, Link
from quelle.copies.stories import build_stories
from quelle.errors import QuelleError
from quelle.store import hooks, schema

BATCH = 500
_lock = threading.Lock()
_indexes: dict[str, CopyIndex] = {}
_caught_up: set[str] = set()  # stores this process has matched completely once


def _doc_from_row(doc_id: int, body: str, published: date | None) -> CopyDoc:
    data = json.loads(body)
    doc = CopyDoc.from_report(str(doc_id), data)
    if published:
        doc.published = published.isoformat()
    return doc


class _Fetch:
    """Stored documents by id for passages and cross-language features, with a small cache."""

    def __init__(self, store, size: int = 2000) -> None:
        self.store, self.size = store, size
        self.cache: OrderedDict[str, CopyDoc | None] = OrderedDict()

    def __call__(self, doc_id: str) -> CopyDoc | None:
        if doc_id in self.cache:
            self.cache.move_to_end(doc_id)
            return self.cache[doc_id]
        with self.store.connect() as conn:
            row = conn.execute(
                select(schema.reports.c.body, schema.documents.c.published)
                .join(schema.documents, schema.documents.c.id == schema.reports.c.document_id)
                .where(schema.reports.c.document_id == int(doc_id))).first()
        doc = _doc_from_row(int(doc_id), row[0], row[1]) if row else None
        self.cache[doc_id] = doc
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return doc


def _index(store) -> CopyIndex:
    """The in-memory index of the store's signatures, reloaded when another process added some."""
    with store.connect() as conn:
        count = conn.execute(select(func.count()).select_from(T.signatures)).scalar_one()
        index = _indexes.get(store.url)
        if index is not None and len(index) == count:
            return index
        # passages are worked out when a story is shown (query.get_story), not at ingest
        index = CopyIndex(keep_docs=False, with_passages=False, fetch=_Fetch(store))
        rows = conn.execute(select(T.signatures.c.document_id, T.signatures.c.language, T.signatures.c.minhash,
                                   T.signatures.c.shingles, T.signatures.c.xkeys)
                            .order_by(T.signatures.c.document_id))
        for doc_id, language, minhash, shingles, xkeys in rows:
            index.load(str(doc_id), language, np.frombuffer(minhash, dtype="<u4").copy(),
                       np.frombuffer(shingles, dtype="<u4").astype(np.uint32),
                       set(json.loads(xkeys)) if xkeys else None)
        for a_id, b_id, score in conn.execute(select(T.links.c.a_id, T.links.c.b_id, T.links.c.score)
                                              .where(T.links.c.relation == "translation")):
            index.note_translation(str(a_id), str(b_id), score or 0.0)
    _indexes[store.url] = index
    return index


def _link_row(link: Link, now: datetime) -> dict[str, Any]:
    return {"a_id": int(link.a), "b_id": int(link.b), "relation": link.relation, "score": link.score,
            "contained": link.contained, "evidence": json.dumps(link.evidence, ensure_ascii=False),
            "passages": json.dumps(link.passages), "created_at": now}


def _unmatched(store, ids: list[int] | None) -> list[Any]:
    """Up to BATCH stored documents without a signature, in id order: all of the store's when
    ``ids`` is None (catching up), else those among ``ids`` (the batch just stored)."""
    d, r = schema.documents, schema.reports
    query = (select(d.c.id, r.c.body, d.c.published)
             .join(r, r.c.document_id == d.c.id)
             .outerjoin(T.signatures, T.signatures.c.document_id == d.c.id)
             .where(T.signatures.c.document_id.is_(None)))
    if ids is not None:
        query = query.where(d.c.id.in_(ids))
    with store.connect() as conn:
        return conn.execute(query.order_by(d.c.id).limit(BATCH)).all()


def _forget_stories(conn, doc_ids: list[int]) -> None:
    """Documents matched again lose their links: the stories they were in are dropped and all
    their remaining links become pending, so ``refresh_stories`` rebuilds them from what is left."""
    m, L = T.members, T.links
    old = sorted(set(conn.execute(select(m.c.story_id).where(m.c.document_id.in_(doc_ids))).scalars()))
    for chunk in _chunks(old):
        docs = list(conn.execute(select(m.c.document_id).where(m.c.story_id.in_(chunk))).scalars())
        for part in _chunks(docs):
            conn.execute(L.update().where(L.c.a_id.in_(part) | L.c.b_id.in_(part)).values(in_story=False))
        conn.execute(m.delete().where(m.c.story_id.in_(chunk)))
        conn.execute(T.stories.delete().where(T.stories.c.id.in_(chunk)))


def match_new(store, ids: list[int] | None = None) -> int:
    """Match the stored documents that have no signature yet (all, or those among ``ids``);
    returns how many were matched."""
    index = _index(store)
    done = 0
    while True:
        rows = _unmatched(store, ids)
        if not rows:
            return done
        now = datetime.now(UTC)
        sig_rows, link_rows = [], []
        for doc_id, body, published in rows:
            doc = _doc_from_row(doc_id, body, published)
            links = index.add(doc)
            entry = index.entry(str(doc_id))
            sig_rows.append({"document_id": doc_id, "language": doc.language,
                             "minhash": entry.sig.astype("<u4").tobytes(),
                             "shingles": entry.unique.astype("<u4").tobytes(),
                             "xkeys": json.dumps(sorted(entry.xkeys)) if entry.xkeys is not None else None,
                             "created_at": now})
            link_rows.extend(_link_row(link, now) for link in links)
        try:
            with store.engine.begin() as conn:
                new_ids = [r["document_id"] for r in sig_rows]
                # a document matched again (its signature was lost) replaces all its links
                lost = conn.execute(T.links.delete().where(T.links.c.a_id.in_(new_ids) | T.links.c.b_id.in_(new_ids)))
                if lost.rowcount:
                    _forget_stories(conn, new_ids)
                conn.execute(insert(T.signatures), sig_rows)
                if link_rows:
                    conn.execute(insert(T.links), link_rows)
        except IntegrityError:
            # another process matched these documents meanwhile: drop what we computed, reload next time
            _indexes.pop(store.url, None)
            _caught_up.discard(store.url)
            return done
        done += len(rows)


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _pending(conn) -> list[tuple[int, int, int]]:
    """Links the stories do not include yet: (link id, a, b)."""
    rows = conn.execute(select(T.links.c.id, T.links.c.a_id, T.links.c.b_id).where(T.links.c.in_story.is_(False)))
    return [tuple(row) for row in rows]


def _component(conn, touched: set[int]) -> tuple[list[int], list[int]]:
    """The documents of every story a pending link touches (the old stories' ids, and all members).

    ``story_members`` is the union-find kept in the store: each linked document points at its
    story, whose id is the smallest member's. Old stories are whole components of the links the
    stories include, and a pending link joins two touched documents, so this set is closed under
    links: rebuilding it alone gives what a rebuild from all links would give.
    """
    m = T.members
    old: set[int] = set()
    for chunk in _chunks(sorted(touched)):
        old.update(conn.execute(select(m.c.story_id).where(m.c.document_id.in_(chunk))).scalars())
    docs = set(touched)
    for chunk in _chunks(sorted(old)):
        docs.update(conn.execute(select(m.c.document_id).where(m.c.story_id.in_(chunk))).scalars())
    return sorted(old), sorted(docs)


def _links_of(conn, docs: list[int]) -> list[Link]:
    """Every link with an end in ``docs`` (both ends are in it: see ``_component``), in id order."""
    L = T.links
    cols = (L.c.id, L.c.a_id, L.c.b_id, L.c.relation, L.c.score, L.c.contained)
    found: dict[int, Link] = {}
    for chunk in _chunks(docs):
        for column in (L.c.a_id, L.c.b_id):
            for link_id, a, b, rel, score, contained in conn.execute(select(*cols).where(column.in_(chunk))):
                found[link_id] = Link(str(a), str(b), rel, score or 0.0, contained=contained)
    return [found[k] for k in sorted(found)]


def _meta(conn, ids: list[int]) -> dict[str, dict[str, Any]]:
    d, inh = schema.documents, T.inherited
    meta: dict[str, dict[str, Any]] = {}
    ev = schema.evidence
    for chunk in _chunks(ids):
        # an origin known only from the page's own site is the republisher's (site_outlet), not the text's
        from_text = {int(i) for (i,) in conn.execute(
            select(ev.c.document_id).where(ev.c.document_id.in_(chunk), ev.c.supports == "origin",
                                           ev.c.kind != "site").distinct())}
        rows = conn.execute(select(d.c.id, d.c.source_id, d.c.site, d.c.language, d.c.published, d.c.title,
                                   d.c.origin_outlet, inh.c.document_id.label("inherited"),
                                   inh.c.published_inherited.label("date_inherited"))
                            .outerjoin(inh, inh.c.document_id == d.c.id)
                            .where(d.c.id.in_(chunk)))
        for row in rows:
            # a date taken from the original is not the copy's own: no delay, no place in the order
            published = None if row.date_inherited or not row.published else row.published.isoformat()
            meta[str(row.id)] = {"source_id": row.source_id, "site": row.site, "language": row.language,
                                 "published": published, "title": row.title,
                                 "outlet": None if row.inherited is not None else row.origin_outlet,
                                 "site_only": row.origin_outlet is not None and row.id not in from_text}
    return {k: meta[k] for k in sorted(meta, key=int)}


def refresh_stories(store) -> None:
    """Bring the stories up to date with the links they do not include yet, then let marker-free
    members inherit their origin. Only the stories those links touch are rebuilt (from their own
    links), never all of them: the work per batch follows the batch, not the store."""
    with store.connect() as conn:
        pending = _pending(conn)
        if not pending:
            return
        old_ids, docs = _component(conn, {x for _, a, b in pending for x in (a, b)})
        links = _links_of(conn, docs)
        meta = _meta(conn, docs)
    stories = build_stories(meta, links)
    now = datetime.now(UTC)
    story_rows, member_rows, inherit = [], [], []
    for story in stories:
        sid = min(int(m.doc_id) for m in story.members)
        first = meta[story.earliest]
        dates = sorted(m.published for m in story.members if m.published)
        # the original's origin comes from its text (markers, credits) rather than from a site
        source = next((m for m in story.members if meta[m.doc_id]["outlet"] and not meta[m.doc_id]["site_only"]),
                      None) or next((m for m in story.members if meta[m.doc_id]["outlet"]), None)
        story_rows.append({"id": sid, "earliest_id": int(story.earliest), "size": len(story.members),
                           "languages": ",".join(sorted({m.language or "?" for m in story.members})),
                           "sites": len({m.site for m in story.members}),
                           "first_published": date.fromisoformat(dates[0]) if dates else None,
                           "last_published": date.fromisoformat(dates[-1]) if dates else None,
                           "title": first["title"], "origin_outlet": meta[source.doc_id]["outlet"] if source else None,
                           "updated_at": now})
        for m in story.members:
            delay = None
            if m.published and first["published"] and m.doc_id != story.earliest:
                delay = (date.fromisoformat(m.published) - date.fromisoformat(first["published"])).days
            member_rows.append({"document_id": int(m.doc_id), "story_id": sid, "relation": m.relation,
                                "via_id": int(m.via) if m.via else None, "delay_days": delay})
            if source is not None and m.doc_id != source.doc_id and (
                    not meta[m.doc_id]["outlet"]
                    or (meta[m.doc_id]["site_only"] and not meta[source.doc_id]["site_only"])):
                inherit.append((int(m.doc_id), int(source.doc_id), m))
    with store.engine.begin() as conn:
        for chunk in _chunks(docs):
            conn.execute(T.members.delete().where(T.members.c.document_id.in_(chunk)))
        for chunk in _chunks(old_ids):
            conn.execute(T.stories.delete().where(T.stories.c.id.in_(chunk)))
        if story_rows:
            conn.execute(insert(T.stories), story_rows)
            conn.execute(insert(T.members), member_rows)
        for chunk in _chunks([link_id for link_id, _, _ in pending]):
            conn.execute(T.links.update().where(T.links.c.id.in_(chunk)).values(in_story=True))
        done: dict[int, tuple[int, str]] = {}
        for chunk in _chunks([doc for doc, _, _ in inherit]):
            done.update((row[0], (row[1], row[2])) for row in
                        conn.execute(select(T.inherited.c.document_id, T.inherited.c.from_id, T.inherited.c.relation)
                                     .where(T.inherited.c.document_id.in_(chunk))))
    by_pair = {frozenset((lk.a, lk.b)): lk for lk in links}
    for doc_id, source_id, member in inherit:
        # new, or its original or its relation to the story changed (a later, earlier-dated member can turn
        # an "original" into a copy): what is stored then depends only on the links, not on batch boundaries
        if done.get(doc_id) != (source_id, member.relation):
            _inherit(store, doc_id, source_id, member, by_pair)


def _redate_statements(body: dict[str, Any], published: date) -> list[tuple[int, dict[str, Any]]]:
    """Resolve "am Montag" and the like in statements that had no date, now that the copy has one."""
    from quelle.dates import find_date_expressions, resolve_relative_date

    language = body.get("language") or ""
    changed = []
    for idx, statement in enumerate(body.get("statements") or []):
        if statement.get("said_on"):
            continue
        for span in statement.get("frame") or []:
            text, offset = span.get("text") or "", span.get("start") or 0
            found = None
            for start, _end, expression in find_date_expressions(text, language):
                value = resolve_relative_date(expression, published, language)
                if value:
                    found = {**value, "text": expression, "text_start": offset + start,
                             "text_end": offset + start + len(expression), "date_from": "copy_of"}
                    break
            if found:
                statement["said_on"] = found
                changed.append((idx, statement))
                break
    return changed


def _label(confidence: float) -> str:
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


def _inherit(store, doc_id: int, source_id: int, member, links: dict[frozenset[str], Link]) -> None:
    """Give document ``doc_id`` the origin of ``source_id``, with the copy link as evidence."""
    d, r = schema.documents, schema.reports
    with store.engine.begin() as conn:
        done = conn.execute(select(T.inherited.c.from_id, T.inherited.c.relation, T.inherited.c.published_inherited)
                            .where(T.inherited.c.document_id == doc_id)).first()
        if done is not None and (done[0], done[1]) == (source_id, member.relation):
            return
        src = conn.execute(select(r.c.body, d.c.source_id, d.c.site, d.c.published, d.c.language)
                           .join(d, d.c.id == r.c.document_id).where(r.c.document_id == source_id)).first()
        own = conn.execute(select(r.c.body, d.c.published, d.c.language)
                           .join(d, d.c.id == r.c.document_id).where(r.c.document_id == doc_id)).first()
        if src is None or own is None:
            return
        src_body, body = json.loads(src.body), json.loads(own.body)
        src_prov = src_body.get("provenance") or {}
        origin = src_prov.get("origin")
        if not origin:
            return
        link = links.get(frozenset((str(doc_id), member.via)))
        score = link.score if link else 0.5
        confidence = round(float(src_prov.get("confidence") or 0.0) * min(1.0, 0.6 + 0.4 * score), 3)
        prov = body.get("provenance") or {"origin": None, "confidence": 0.0, "confidence_label": "none",
                                          "republished": None, "translated": None, "evidence": []}
        evidence = {"supports": "origin", "kind": "copy_link", "text": src_body.get("title") or src.source_id,
                    "start": None, "end": None, "weight": round(score, 3), "in": "text",
                    "detail": f"{member.relation} of {src.source_id} ({src.site or 'unknown site'}, "
                              f"{src.published or 'undated'}) via copy link; the original's origin is inherited",
                    "outlet": origin.get("outlet"), "edition": origin.get("edition"), "language": src.language}
        prov["evidence"] = [e for e in prov.get("evidence") or [] if e.get("kind") != "copy_link"] + [evidence]
        prov.update(origin=origin, confidence=confidence, confidence_label=_label(confidence), republished=True,
                    inherited_from={"document_id": source_id, "source_id": src.source_id,
                                    "relation": member.relation})
        if own.language and src.language and own.language != src.language:
            prov["translated"] = {"from": src.language}
        body["provenance"] = prov
        values: dict[str, Any] = {"origin_outlet": origin.get("outlet"), "origin_edition": origin.get("edition"),
                                  "confidence": confidence, "confidence_label": _label(confidence),
                                  "republished": True}
        if prov.get("translated"):
            values["translated_from"] = src.language
        was_dated = bool(done is not None and done[2])  # its date came from the earlier original
        dated = (own.published is None or was_dated) and src.published is not None
        redated: list[tuple[int, dict[str, Any]]] = []
        if dated:
            values["published"] = src.published
            body["published"] = src.published.isoformat()
            body.setdefault("analysis", {})["published_source"] = f"copy_of:{src.source_id}"
            redated = _redate_statements(body, src.published)
        st = schema.statements
        for idx, statement in redated:
            said_on = statement["said_on"]
            conn.execute(st.update().where((st.c.document_id == doc_id) & (st.c.idx == idx)).values(
                said_on_start=str(said_on.get("start"))[:10], said_on_end=str(said_on.get("end"))[:10],
                data=json.dumps(statement, ensure_ascii=False)))
        conn.execute(d.update().where(d.c.id == doc_id).values(**values))
        conn.execute(r.update().where(r.c.document_id == doc_id).values(body=json.dumps(body, ensure_ascii=False)))
        conn.execute(schema.evidence.delete().where((schema.evidence.c.document_id == doc_id)
                                                    & (schema.evidence.c.kind == "copy_link")))
        idx = conn.execute(select(func.count()).select_from(schema.evidence)
                           .where(schema.evidence.c.document_id == doc_id)).scalar_one()
        conn.execute(insert(schema.evidence).values(
            document_id=doc_id, idx=idx, supports="origin", kind="copy_link", text=evidence["text"],
            start=None, end=None, weight=evidence["weight"], in_source="text", outlet=evidence["outlet"],
            edition=evidence["edition"], language=evidence["language"], detail=evidence["detail"],
            data=json.dumps(evidence, ensure_ascii=False)))
        conn.execute(T.inherited.delete().where(T.inherited.c.document_id == doc_id))
        conn.execute(insert(T.inherited).values(document_id=doc_id, from_id=source_id, outlet=origin.get("outlet"),
                                                relation=member.relation, published_inherited=dated,
                                                created_at=datetime.now(UTC)))


def run_stage(store, document_ids: list[int] | None = None) -> int:
    """Match what is new, then bring stories and inherited provenance up to date.

    The first run in a process (or after a failure) looks at the whole store, to catch up with
    what a killed run left unmatched; later runs look only at the batch just stored, so the cost
    of finding new documents does not grow with the store.
    """
    with _lock:
        ids = document_ids if store.url in _caught_up else None
        matched = match_new(store, ids)
        if ids is None:
            _caught_up.add(store.url)
        refresh_stories(store)  # also picks up links a killed run left out of the stories
        return matched


@hooks.register
def on_stored(store, document_ids: list[int]) -> None:
    """After a batch commit. A failure here never stops the ingest: the stage catches up next time."""
    if os.environ.get("QUELLE_COPIES", "1") == "0":
        return
    try:
        run_stage(store, document_ids)
    except (SQLAlchemyError, QuelleError) as err:
        _indexes.pop(store.url, None)
        _caught_up.discard(store.url)
        message = str(getattr(err, "orig", None) or err).strip().splitlines()
        print(f"quelle: warning: copy detection deferred: {message[0] if message else type(err).__name__}",
              file=sys.stderr)


__all__ = ["crossling", "match_new", "on_stored", "refresh_stories", "run_stage"]
