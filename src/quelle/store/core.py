"""Store: one interface over SQLite and PostgreSQL for writing batches and checking keys.

SQLite runs in WAL mode (readers query while an ingest writes) with a busy timeout, so a
second process waits for the write lock instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select, tuple_
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from quelle import __version__
from quelle.errors import StoreError
from quelle.store import migrate, schema, speaker_keys
from quelle.store.records import ErrorRecord, Record
from quelle.store.url import describe, resolve_url

Key = tuple[str, str]  # (source_id, content_hash)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def _one_line(err: BaseException) -> str:
    text = str(getattr(err, "orig", None) or err).strip().splitlines()
    return text[0] if text else type(err).__name__


class Store:
    """An open store. Create with ``open_store``; close with ``close()`` or ``with``."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection; database errors become one-line StoreErrors."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as err:
            raise StoreError(f"the store {describe(self.url)} failed: {_one_line(err)}") from None

    # -- keys -------------------------------------------------------------------------------
    def existing_keys(self, keys: Iterable[Key], with_errors: bool = True) -> set[Key]:
        """Which (source_id, content_hash) pairs are already stored, as documents (or errors)."""
        wanted = list(dict.fromkeys(keys))
        found: set[Key] = set()
        if not wanted:
            return found
        with self.connect() as conn:
            for start in range(0, len(wanted), 400):
                chunk = wanted[start:start + 400]
                ids = list({source_id for source_id, _ in chunk})
                # by source_id (an index search); the pairs are checked here, as a row-value IN
                # would scan the whole index on SQLite
                for table in (schema.documents, schema.errors) if with_errors else (schema.documents,):
                    rows = conn.execute(select(table.c.source_id, table.c.content_hash)
                                        .where(table.c.source_id.in_(ids)))
                    found.update((row[0], row[1]) for row in rows)
        found.intersection_update(wanted)
        return found

    # -- writing ----------------------------------------------------------------------------
    def write_batch(self, records: list[Record], errors: list[ErrorRecord]) -> list[int]:
        """Insert one batch in one transaction; returns the new document ids.

        Keys already present (another process stored them meanwhile) are left out, so the
        batch never fails on a duplicate and never stores one twice. A batch the database
        refuses for any other reason than the database itself (a value it cannot hold) is
        written again row by row: the rows it refuses alone become error rows (``unstorable``),
        so one document never costs the batch. A full disk, a lost connection or a locked
        store (OperationalError) stop the run instead: every row would fail alike.
        """
        try:
            try:
                return self._write(records, errors)
            except IntegrityError:
                records, errors = self._unstored(records, errors)
                return self._write(records, errors)
        except OperationalError as err:
            raise StoreError(f"writing to {describe(self.url)} failed: {_one_line(err)}") from None
        except Exception:  # noqa: BLE001 - isolate the row the database refuses
            return self._write_row_by_row(records, errors)

    def _unstored(self, records: list[Record], errors: list[ErrorRecord]) -> tuple[list[Record], list[ErrorRecord]]:
        existing = self.existing_keys(
            [(r.document["source_id"], r.document["content_hash"]) for r in records]
            + [(e.source_id, e.content_hash) for e in errors]
        )
        return ([r for r in records if (r.document["source_id"], r.document["content_hash"]) not in existing],
                [e for e in errors if (e.source_id, e.content_hash) not in existing])

    def _write_row_by_row(self, records: list[Record], errors: list[ErrorRecord]) -> list[int]:
        records, errors = self._unstored(records, errors)
        ids: list[int] = []
        refused: list[ErrorRecord] = []
        for record in records:
            try:
                ids.extend(self._write([record], []))
            except IntegrityError:
                continue  # stored meanwhile by another process
            except OperationalError as err:
                raise StoreError(f"writing to {describe(self.url)} failed: {_one_line(err)}") from None
            except Exception as err:  # noqa: BLE001 - this one row cannot be stored: record why
                doc = record.document
                refused.append(ErrorRecord(
                    source_id=doc["source_id"], content_hash=doc["content_hash"], kind="unstorable",
                    message=f"the store refused the document: {_one_line(err)[:300]}",
                    url=doc.get("url"), site=doc.get("site"), raw_ref=doc.get("raw_ref")))
        for error in [*errors, *refused]:
            try:
                self._write([], [error])
            except IntegrityError:
                continue
            except Exception as err:  # noqa: BLE001 - even the error row is refused: keep an ASCII one
                try:
                    self._write([], [_ascii_error(error)])
                except IntegrityError:
                    continue
                except SQLAlchemyError:
                    raise StoreError(f"writing to {describe(self.url)} failed: {_one_line(err)}") from None
        return ids

    def _write(self, records: list[Record], errors: list[ErrorRecord]) -> list[int]:
        now = datetime.now(UTC)
        ids: list[int] = []
        with self.engine.begin() as conn:
            if records:
                rows = [{**r.document, "created_at": now} for r in records]
                stmt = insert(schema.documents).returning(schema.documents.c.id, sort_by_parameter_order=True)
                ids = [row[0] for row in conn.execute(stmt, rows)]
                reports, raws, evidence, statements, entities = [], [], [], [], []
                for doc_id, record in zip(ids, records, strict=True):
                    reports.append({"document_id": doc_id, "schema": record.schema, "quelle_version": __version__,
                                    "created_at": now, "body": record.report})
                    if record.raw is not None:
                        raws.append({"document_id": doc_id, "compression": "zlib", "content": record.raw})
                    evidence.extend({**row, "document_id": doc_id} for row in record.evidence)
                    statements.extend({**row, "document_id": doc_id} for row in record.statements)
                    entities.extend({**row, "document_id": doc_id} for row in record.entities)
                conn.execute(insert(schema.reports), reports)  # (typed: its timestamp goes through SQLAlchemy)
                for table, rows_ in ((schema.raw_pages, raws), (schema.evidence, evidence),
                                     (schema.statements, statements), (schema.entities, entities)):
                    _bulk_insert(conn, table, rows_)
                # a document that failed before and succeeds now is no longer an error
                keys = [(r.document["source_id"], r.document["content_hash"]) for r in records]
                pair = tuple_(schema.errors.c.source_id, schema.errors.c.content_hash)
                conn.execute(schema.errors.delete().where(pair.in_(keys)))
            if errors:  # a retried failure replaces its old error row
                pair = tuple_(schema.errors.c.source_id, schema.errors.c.content_hash)
                conn.execute(schema.errors.delete().where(pair.in_([(e.source_id, e.content_hash) for e in errors])))
                conn.execute(insert(schema.errors), [
                    {"source_id": e.source_id, "content_hash": e.content_hash, "url": e.url, "site": e.site,
                     "raw_ref": e.raw_ref, "kind": e.kind, "message": e.message, "detail": e.detail,
                     "created_at": now}
                    for e in errors
                ])
        return ids


def _ascii_error(error: ErrorRecord) -> ErrorRecord:
    """The error row with every text field reduced to escaped ASCII: what any database stores."""
    def ascii_(value: str | None, limit: int) -> str | None:
        return None if value is None else value.encode("ascii", "backslashreplace").decode("ascii")[:limit]

    return ErrorRecord(source_id=ascii_(error.source_id, 1000) or "", content_hash=error.content_hash,
                       kind=error.kind, message=ascii_(error.message, 1000) or "", url=ascii_(error.url, 1000),
                       site=ascii_(error.site, 255), raw_ref=ascii_(error.raw_ref, 1000), detail=None)


@lru_cache(maxsize=64)
def _insert_sql(dialect_name: str, table_name: str, columns: tuple[str, ...], quote) -> str:
    marker = "?" if dialect_name == "sqlite" else "%s"
    names = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table_name)} ({names}) VALUES ({', '.join([marker] * len(columns))})"


def _bulk_insert(conn: Connection, table, rows: list[dict]) -> None:
    """executemany straight through the driver: child rows need no RETURNING, and skipping
    SQLAlchemy's per-row parameter processing halves the parent's share of the ingest work."""
    if not rows:
        return
    columns = tuple(c.name for c in table.columns if c.name in rows[0])
    if conn.dialect.name == "postgresql":
        # COPY in the same transaction: several times fewer round trips than executemany for the
        # child rows of a batch (ingest and `quelle load`)
        quote = conn.dialect.identifier_preparer.quote
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(row.get(c) for c in columns))
        return
    sql = _insert_sql(conn.dialect.name, table.name, columns, conn.dialect.identifier_preparer.quote)
    conn.exec_driver_sql(sql, [tuple(row.get(c) for c in columns) for row in rows])


def open_store(db: str | None = None, *, create: bool = True) -> Store:
    """Open (and, with ``create``, create or upgrade) the store at ``db`` (path or URL)."""
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise StoreError(f"no store at {path} (run 'quelle ingest' first, or pass --db)")
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as err:
        raise StoreError(f"cannot use the database {describe(url)}: {_one_line(err)}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name}: use SQLite or PostgreSQL")
    try:
        if migrate.upgrade(engine):
            speaker_keys.backfill(engine)
    except SQLAlchemyError as err:
        engine.dispose()
        raise StoreError(f"cannot open the store {describe(url)}: {_one_line(err)}") from None
    return Store(engine, url)
