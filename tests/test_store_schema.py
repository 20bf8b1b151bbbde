"""The shipped migrations build exactly the tables that quelle.store.schema describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from quelle.store import open_store
from quelle.store.migrate import heads
from quelle.store.schema import metadata

OURS = set(metadata.tables)


def _ours(diff) -> bool:
    """Only differences about the store's own tables (later stages add their own)."""
    items = diff if isinstance(diff, list) else [diff]
    for item in items:
        for part in item[1:]:
            table = getattr(part, "table", None)
            name = getattr(part, "name", None) if table is None else table.name
            if isinstance(part, str):
                name = part
            if name in OURS:
                return True
    return False


def test_migrations_match_the_schema(store_url):
    def include(obj, name, type_, reflected, compare_to):
        if type_ == "table":
            return name in OURS
        if type_ in ("column", "index"):  # the PostgreSQL full-text column and its index: migration only
            return name not in ("tsv", "ix_documents_tsv", "ix_statements_tsv")
        return True

    with open_store(store_url) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": False})
        diffs = [d for d in compare_metadata(context, metadata) if _ours(d)]
        assert set(context.get_current_heads()) == heads()
    assert diffs == []


def test_migrations_are_frozen():
    """A migration imports nothing of quelle: later code must not change what an old revision writes."""
    import ast

    from quelle.store.migrate import MIGRATIONS

    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n == "quelle" or n.startswith("quelle.")], path.name
    assert len(list((MIGRATIONS / "versions").glob("0*.py"))) >= 5
