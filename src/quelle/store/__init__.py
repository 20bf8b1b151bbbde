"""The store: analysed documents in SQLite or PostgreSQL, with full-text search (issue 4).

``open_store(db)`` opens or creates a store (running the shipped migrations);
``Store.write_batch`` is what ingest calls; ``quelle.store.query`` answers the questions.
"""

from quelle.store.core import Store, open_store
from quelle.store.url import default_db, resolve_url

__all__ = ["Store", "default_db", "open_store", "resolve_url"]
