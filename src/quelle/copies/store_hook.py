"""Copy detection at ingest: the post-store hook (see ``quelle.store.hooks``).

After each batch commit, every stored document without a signature is matched against the
store's signatures (incrementally, in id order), its signature and links are written, the
stories touched are rebuilt, and marker-free copies inherit the origin of their story's
original. Idempotent and catching up: a document is done when its signature row exists, so
a batch that a ``kill -9`` kept from its hook is processed by the next run. Set
``QUELLE_COPIES=0`` to leave copy detection out of an ingest (benchmarks of analysis alone).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
from collections import OrderedDict
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from quelle.copies import crossling, derive
from quelle.copies import tables as T
from quelle.copies.doc import CopyDoc
from quelle.copies.matcher import CopyIndex, Link
from quelle.copies.stories import build_stories, drop_rivals
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

    ``story_members`` is the union-find in the store: each linked document points at its story,
    whose id is the smallest member's. A link the stories left out (a rival translation, see
    ``stories.drop_rivals``) can join a story to a document in none, so the set is closed under the
    links of its documents and their stories: rebuilding it alone gives what a rebuild from all
    links would give.
    """
    m, L = T.members, T.links
    docs: set[int] = set()
    old: set[int] = set()
    new = set(touched)
    while new:
        docs |= new
        found: set[int] = set()
        for chunk in _chunks(sorted(new)):
            stories = set(conn.execute(select(m.c.story_id).where(m.c.document_id.in_(chunk))).scalars()) - old
            old |= stories
            for part in _chunks(sorted(stories)):
                found.update(conn.execute(select(m.c.document_id).where(m.c.story_id.in_(part))).scalars())
            for column, other in ((L.c.a_id, L.c.b_id), (L.c.b_id, L.c.a_id)):
                found.update(conn.execute(select(other).where(column.in_(chunk))).scalars())
        new = found - docs
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
    """Bring the stories up to date with the links they do not include yet, then bring every member's
    inherited provenance up to date (``quelle.copies.derive``). Only the stories those links touch
    are rebuilt (from their own links), never all of them: the work per batch follows the batch,
    not the store."""
    with store.connect() as conn:
        pending = _pending(conn)
        if not pending:
            return
        old_ids, docs = _component(conn, {x for _, a, b in pending for x in (a, b)})
        links = _links_of(conn, docs)
        meta = _meta(conn, docs)
    rows = derive.read(store, docs)
    own = derive.owns(rows)
    for doc, info in meta.items():  # the page's own findings order the story (stories._order_key),
        o = own[doc]                # not what an earlier rebuild gave it
        info.update(outlet=o.outlet, site_only=o.site_only, own_page=bool(o.outlet) and o.republished is False,
                    translated=o.translated)
    # a text translates one text of a language well, whichever arrived first (see drop_rivals)
    kept = drop_rivals(links, {doc: info["language"] for doc, info in meta.items()})
    stories = build_stories(meta, kept)
    arrival = {doc: i for i, doc in enumerate(meta)}
    now = datetime.now(UTC)
    story_rows, member_rows = [], []
    for story in stories:
        sid = min(int(m.doc_id) for m in story.members)
        first = meta[story.earliest]
        dates = sorted(m.published for m in story.members if m.published)
        source = derive.source_of(story.members, own, arrival)
        story_rows.append({"id": sid, "earliest_id": int(story.earliest), "size": len(story.members),
                           "languages": ",".join(sorted({m.language or "?" for m in story.members})),
                           "sites": len({m.site for m in story.members}),
                           "first_published": date.fromisoformat(dates[0]) if dates else None,
                           "last_published": date.fromisoformat(dates[-1]) if dates else None,
                           "title": first["title"], "origin_outlet": own[source].outlet if source else None,
                           "updated_at": now})
        for m in story.members:
            delay = None
            if m.published and first["published"] and m.doc_id != story.earliest:
                delay = (date.fromisoformat(m.published) - date.fromisoformat(first["published"])).days
            member_rows.append({"document_id": int(m.doc_id), "story_id": sid, "relation": m.relation,
                                "via_id": int(m.via) if m.via else None, "delay_days": delay})
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
    # what is stored depends only on the links and the members' own evidence, not on batch boundaries
    # or the order of arrival: a document that left every story gets its own findings back
    derive.update(store, rows, own, stories, arrival, kept)


def run_stage(store, document_ids: list[int] | None = None) -> int:
    """Match what is new, then bring stories and inherited provenance up to date.

    The first run in a process (or after a failure) looks at the whole store, to catch up with
    what a killed run left unmatched; later runs look only at the batch just stored, so the cost
    of finding new documents does not grow with the store.
    """
    with _lock, _collector_paused():
        ids = document_ids if store.url in _caught_up else None
        matched = match_new(store, ids)
        if ids is None:
            _caught_up.add(store.url)
        refresh_stories(store)  # also picks up links a killed run left out of the stories
        return matched


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while a batch is matched. Matching makes hundreds of
    thousands of small tuples and lists per batch, and every collection they trigger walks the
    index's long-lived objects too (about an eighth of the stage's time); they hold no cycles
    worth collecting before the batch ends, when the collector runs as usual again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
