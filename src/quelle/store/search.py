"""Questions to the store: search, statements, show, stats, export rows. One code path per
question; only full-text matching differs between SQLite (FTS5) and PostgreSQL (tsvector).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, false, func, literal, literal_column, not_, or_, select, table, true
from sqlalchemy.sql.elements import ColumnElement

from quelle.errors import BadInput
from quelle.store import query as q
from quelle.store.core import Store
from quelle.store.schema import documents, errors, reports, statements
from quelle.utterances import quoted_fragments

_DOC_FTS = table("documents_fts", literal_column("rowid"))
_ST_FTS = table("statements_fts", literal_column("rowid"))
_CONFIGS = ("simple", "german", "english")


@dataclass(slots=True)
class Filters:
    """What every question can be narrowed by: a query plus field filters and a date range."""

    query: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    site: str | None = None
    lang: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    extra: list[q.Node] = field(default_factory=list)
    # (True, names): the origin outlet is one of these names; (False, names): it is not (or there is none)
    origin_among: tuple[bool, tuple[str, ...]] | None = None

    def tree(self) -> q.Node | None:
        nodes: list[q.Node] = []
        parsed = q.parse(self.query) if self.query else None
        if parsed is not None:
            nodes.append(parsed)
        for name in ("speaker", "outlet", "site", "lang", "type"):
            value = getattr(self, name)
            if value:
                nodes.append(q.Field(name, value))
        nodes.extend(self.extra)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else q.And(tuple(nodes))


def parse_day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{option} {value!r} is not a date of the form YYYY-MM-DD") from None


MAX_LIMIT = 10_000
MAX_OFFSET = 1_000_000_000


def check_paging(limit: int, offset: int) -> None:
    """Limits a database can take: a --limit past 2^63 was an overflow deep in the driver."""
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"--limit {limit}: use 1 to {MAX_LIMIT:,}")
    if not 0 <= offset <= MAX_OFFSET:
        raise BadInput(f"--offset {offset}: use 0 to {MAX_OFFSET:,} (or --page)")


MAX_ROW_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


def is_row_id(ident: str) -> bool:
    """Whether ``ident`` can be a row id (ASCII digits within the id range); else it is a source_id."""
    return ident.isascii() and ident.isdigit() and len(ident) <= 10 and int(ident) <= MAX_ROW_ID


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _Compiler:
    """Query tree -> SQL condition over documents (target "documents") or statements."""

    def __init__(self, dialect: str, target: str) -> None:
        self.dialect = dialect
        self.target = target

    def __call__(self, node: q.Node) -> ColumnElement[bool]:
        if isinstance(node, q.And):
            return and_(*(self(n) for n in node.nodes))
        if isinstance(node, q.Or):
            return or_(*(self(n) for n in node.nodes))
        if isinstance(node, q.Not):  # NULL (a missing site, outlet, ...) counts as "does not match"
            return not_(func.coalesce(self(node.node), false()))
        if isinstance(node, q.Field):
            return self.field(node)
        return self.term(node)

    # full text ----------------------------------------------------------------------------
    def term(self, term: q.Term) -> ColumnElement[bool]:
        if not term.text.strip():
            return true()
        if self.dialect == "sqlite":
            return self._fts5(term)
        return self._tsquery(term)

    def _fts5(self, term: q.Term) -> ColumnElement[bool]:
        expr = '"' + term.text.replace('"', '""') + '"' + (" *" if term.prefix else "")
        fts, name, key = ((_DOC_FTS, "documents_fts", documents.c.id) if self.target == "documents"
                          else (_ST_FTS, "statements_fts", statements.c.id))
        sub = select(literal_column("rowid")).select_from(fts).where(literal_column(name).op("MATCH")(literal(expr)))
        return key.in_(sub)

    def _tsquery(self, term: q.Term) -> ColumnElement[bool]:
        column = literal_column("documents.tsv" if self.target == "documents" else "statements.tsv")
        if term.prefix:
            lexeme = re.sub(r"[^\w]", "", term.text)
            if not lexeme:
                return true()
            query = func.to_tsquery(literal("simple").op("::")(literal_column("regconfig")), literal(lexeme + ":*"))
        else:
            maker = func.phraseto_tsquery if term.phrase else func.plainto_tsquery
            parts = [maker(literal_column(f"'{config}'::regconfig"), literal(term.text)) for config in _CONFIGS]
            query = parts[0]
            for part in parts[1:]:
                query = query.op("||")(part)
        return column.op("@@")(query)

    # fields -------------------------------------------------------------------------------
    def field(self, node: q.Field) -> ColumnElement[bool]:
        value = node.value.strip()
        if not value:
            return true()
        if node.name in ("speaker", "type"):
            if node.name == "speaker":
                cond = statements.c.speaker_name.ilike(_like(value), escape="\\")
            else:
                cond = func.lower(statements.c.type) == value.lower()
            if self.target == "statements":
                return cond
            return exists().where(and_(statements.c.document_id == documents.c.id, cond))
        if node.name == "outlet":
            return or_(documents.c.origin_outlet.ilike(_like(value), escape="\\"),
                       documents.c.origin_edition.ilike(_like(value), escape="\\"))
        if node.name == "site":
            site = value.lower().removeprefix("www.")
            return or_(documents.c.site == site, documents.c.site.like("%." + site))
        if node.name == "lang":
            return documents.c.language == value.lower()
        if node.name == "title":
            return documents.c.title.ilike(_like(value), escape="\\")
        if node.name == "url":
            return documents.c.url.ilike(_like(value), escape="\\")
        return false()


def _conditions(store: Store, filters: Filters, target: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    tree = filters.tree()
    if tree is not None:
        conds.append(_Compiler(store.dialect, target)(tree))
    if filters.since:
        conds.append(documents.c.published >= filters.since)
    if filters.until:
        conds.append(documents.c.published <= filters.until)
    if filters.origin_among is not None:
        wanted, names = filters.origin_among
        among = documents.c.origin_outlet.in_(names) if names else false()
        conds.append(among if wanted else or_(documents.c.origin_outlet.is_(None), not_(among)))
    return conds


def _snippet(text: str, words: list[str], width: int = 160) -> str:
    flat = " ".join((text or "").split())
    lower = flat.lower()
    at = -1
    for word in words:
        at = lower.find(word.lower())
        if at >= 0:
            break
    start = max(0, at - width // 3) if at >= 0 else 0
    piece = flat[start:start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(flat) else "")


DOC_COLUMNS = (documents.c.id, documents.c.source_id, documents.c.url, documents.c.site, documents.c.title,
               documents.c.language, documents.c.published, documents.c.origin_outlet,
               documents.c.statement_count)


def _plain(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    for key, value in data.items():
        if isinstance(value, date):
            data[key] = value.isoformat()
    return data


SORTS = ("newest", "oldest")


def search_documents(store: Store, filters: Filters, limit: int = 20, offset: int = 0,
                     sort: str = "newest") -> dict[str, Any]:
    """Documents matching the filters, newest (or oldest) first, with a snippet, and the total count."""
    if sort not in SORTS:
        raise BadInput(f"sort {sort!r} is not one of {', '.join(SORTS)}")
    check_paging(limit, offset)
    conds = _conditions(store, filters, "documents")
    words = q.terms(filters.tree())
    order = ((documents.c.published.desc().nulls_last(), documents.c.id.desc()) if sort == "newest"
             else (documents.c.published.asc().nulls_last(), documents.c.id.asc()))
    with store.connect() as conn:
        total = conn.execute(select(func.count()).select_from(documents).where(*conds)).scalar_one()
        stmt = (select(*DOC_COLUMNS, documents.c.text).where(*conds)
                .order_by(*order)
                .limit(limit).offset(offset))
        hits = []
        for row in conn.execute(stmt):
            data = _plain(row)
            data["snippet"] = _snippet(data.pop("text") or "", words)
            hits.append(data)
    return {"total": total, "offset": offset, "limit": limit, "results": hits}


UTTERANCE = statements.c.parent_idx.is_(None)  # a quoted fragment is shown inside its utterance's row


def quoted_parts_of(data: str | None) -> list[dict[str, Any]]:
    """The quoted fragments kept in a statement row's JSON (``[]`` for JSON that holds none)."""
    try:
        statement = json.loads(data or "null")
    except ValueError:
        return []
    return quoted_fragments(statement) if isinstance(statement, dict) else []


def list_statements(store: Store, filters: Filters, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Utterances (with their document) matching the filters; the query runs over statement texts.

    One row per utterance: a quoted fragment that the report also keeps as a statement of its own
    (``parent``) is not a row but one of ``quoted_parts`` of the statement it is part of."""
    check_paging(limit, offset)
    conds = [statements.c.document_id == documents.c.id, UTTERANCE, *_conditions(store, filters, "statements")]
    columns = (statements.c.id, statements.c.document_id, documents.c.source_id, documents.c.site,
               documents.c.published, documents.c.origin_outlet, statements.c.speaker_name,
               statements.c.speaker_role, statements.c.type, statements.c.cue, statements.c.said_on_start,
               statements.c.text, statements.c.idx, statements.c.data)
    with store.connect() as conn:
        total = conn.execute(select(func.count()).select_from(statements).select_from(documents)
                             .where(*conds)).scalar_one()
        stmt = (select(*columns).where(*conds)
                .order_by(documents.c.published.desc().nulls_last(), statements.c.document_id.desc(),
                          statements.c.idx)
                .limit(limit).offset(offset))
        rows = []
        for row in conn.execute(stmt):
            data = _plain(row)
            data["quoted_parts"] = quoted_parts_of(data.pop("data"))
            rows.append(data)
    return {"total": total, "offset": offset, "limit": limit, "results": rows}


def find_document(store: Store, ident: str) -> dict[str, Any] | None:
    """The stored report for a numeric id or a source_id (the newest version), with its row."""
    with store.connect() as conn:
        row = None
        if is_row_id(ident):
            row = conn.execute(select(documents.c.id).where(documents.c.id == int(ident))).first()
        if row is None:
            row = conn.execute(select(documents.c.id).where(documents.c.source_id == ident)
                               .order_by(documents.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        found = conn.execute(select(*DOC_COLUMNS, documents.c.content_hash, documents.c.raw_ref,
                                    documents.c.fetched, documents.c.created_at, reports.c.body)
                             .where(documents.c.id == row[0], reports.c.document_id == documents.c.id)).first()
    if found is None:
        return None
    data = _plain(found)
    report = json.loads(data.pop("body"))
    return {"document": data, "report": report}


def find_by_hash(store: Store, content_hash: str) -> dict[str, Any] | None:
    """The first stored document with this content hash (SHA-256 of the raw bytes): a citable link."""
    value = content_hash.strip().lower()
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        return None
    with store.connect() as conn:
        row = conn.execute(select(documents.c.id).where(documents.c.content_hash == value)
                           .order_by(documents.c.id).limit(1)).first()
    return find_document(store, str(row[0])) if row else None


def find_error(store: Store, ident: str) -> dict[str, Any] | None:
    with store.connect() as conn:
        row = conn.execute(select(errors).where(errors.c.source_id == ident).order_by(errors.c.id.desc())
                           .limit(1)).first()
    return _plain(row) if row is not None else None


def _month(store: Store):
    if store.dialect == "sqlite":
        return func.strftime("%Y-%m", documents.c.published)
    return func.to_char(documents.c.published, "YYYY-MM")


STAT_GROUPS = ("outlet", "site", "language", "month")


def stats(store: Store, filters: Filters, top: int = 20, groups: tuple[str, ...] = STAT_GROUPS) -> dict[str, Any]:
    """Counts of documents by outlet, site, language and month (the ``top`` largest of each);
    ``groups`` names the counts wanted (the search page needs only two)."""
    conds = _conditions(store, filters, "documents")
    result: dict[str, Any] = {}
    with store.connect() as conn:
        result["documents"] = conn.execute(select(func.count()).select_from(documents).where(*conds)).scalar_one()
        result["statements"] = conn.execute(
            select(func.count()).select_from(statements).where(statements.c.document_id == documents.c.id,
                                                               UTTERANCE, *conds)
        ).scalar_one()
        result["errors"] = conn.execute(select(func.count()).select_from(errors)).scalar_one()
        for name, column in (("outlet", documents.c.origin_outlet), ("site", documents.c.site),
                             ("language", documents.c.language), ("month", _month(store))):
            if name not in groups:
                continue
            label = column.label("value")
            stmt = select(label, func.count().label("n")).where(*conds).group_by(label)
            stmt = stmt.order_by(label.nulls_last()) if name == "month" else stmt.order_by(func.count().desc(), label)
            rows = conn.execute(stmt.limit(None if name == "month" else top)).all()
            result[f"by_{name}"] = [{"value": value, "documents": n} for value, n in rows]
    return result


def list_errors(store: Store, limit: int = 50, offset: int = 0, kind: str | None = None) -> dict[str, Any]:
    check_paging(limit, offset)
    conds = [errors.c.kind == kind] if kind else []
    with store.connect() as conn:
        total = conn.execute(select(func.count()).select_from(errors).where(*conds)).scalar_one()
        rows = conn.execute(select(errors.c.id, errors.c.source_id, errors.c.kind, errors.c.message,
                                   errors.c.url, errors.c.raw_ref, errors.c.created_at)
                            .where(*conds).order_by(errors.c.id).limit(limit).offset(offset)).all()
    out = []
    for row in rows:
        data = _plain(row)
        if data.get("created_at") is not None:
            data["created_at"] = str(data["created_at"])
        out.append(data)
    return {"total": total, "offset": offset, "limit": limit, "results": out}


EXPORT_FIELDS = ("id", "source_id", "url", "site", "title", "language", "published", "origin_outlet",
                 "confidence", "republished", "translated_from", "statement_count")


def export_rows(store: Store, filters: Filters, *, with_report: bool, with_errors: bool,
                batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every matching document (then, with ``with_errors``, every error row), streamed.

    Rows come through a server-side cursor on PostgreSQL (``yield_per``) and SQLite's lazy
    cursor, so memory stays flat however large the store is.
    """
    conds = _conditions(store, filters, "documents")
    columns = [documents.c[name] for name in EXPORT_FIELDS]
    stmt = select(*columns, *( [reports.c.body] if with_report else [])).where(*conds)
    if with_report:
        stmt = stmt.where(reports.c.document_id == documents.c.id)
    stmt = stmt.order_by(documents.c.id)
    with store.connect() as conn:
        for row in conn.execution_options(yield_per=batch).execute(stmt):
            data = _plain(row)
            if with_report:
                body = json.loads(data.pop("body"))
                report = {"schema": body.pop("schema", None), "source_id": data["source_id"],
                          "url": data["url"], "site": data["site"]}
                for key in ("source_id", "url", "site"):
                    body.pop(key, None)
                report.update(body)
                yield {"row": data, "report": report}
            else:
                yield {"row": data}
        if with_errors:
            estmt = select(errors).order_by(errors.c.id)
            if filters.site:  # the only filter an error row can answer
                site = filters.site.lower().removeprefix("www.")
                estmt = estmt.where(or_(errors.c.site == site, errors.c.site.like("%." + site)))
            for row in conn.execution_options(yield_per=batch).execute(estmt):
                data = _plain(row)
                data["created_at"] = str(data["created_at"]) if data.get("created_at") else None
                yield {"error": data}
