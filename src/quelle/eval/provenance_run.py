"""Run the stored pipeline on a manifest's pages and read back what it says about each one.

Why through a store: copies are linked and marker-free copies inherit their original's origin
only after ingest, in the post-store hooks, so the figures must come from a store, not from
``analyze()`` alone. Each page is fed as id, url (only an http(s) URL) and text: never the
manifest's labels, site or language, which would hand the answers to the pipeline.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from quelle.eval.provenance_manifest import Row
from quelle.eval.provenance_score import Prediction


def read_texts(rows: list[Row], texts: str | Path) -> dict[str, str]:
    """Row id -> text for every row whose ``<id>.txt`` exists and is not blank (others are misses)."""
    folder = Path(texts)
    out: dict[str, str] = {}
    for row in rows:
        path = folder / f"{row.id}.txt"
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        if text.strip():
            out[row.id] = text
    return out


def _inputs(rows: list[Row], texts: dict[str, str]) -> list[dict[str, str]]:
    docs = []
    for row in rows:
        if row.id not in texts:
            continue
        doc = {"id": row.id, "text": texts[row.id]}
        if row.url.lower().startswith(("http://", "https://")):
            doc["url"] = row.url
        docs.append(doc)
    return docs


def predictions_from_store(store) -> dict[str, Prediction]:
    """source_id -> Prediction, from the stored reports (after the hooks) and story members."""
    from sqlalchemy import select

    from quelle.copies import tables as T
    from quelle.store import schema

    d, r = schema.documents, schema.reports
    with store.connect() as conn:
        stories = dict(conn.execute(select(T.members.c.document_id, T.members.c.story_id)).all())
        rows = conn.execute(select(d.c.id, d.c.source_id, r.c.body).join(r, r.c.document_id == d.c.id)).all()
    out: dict[str, Prediction] = {}
    for doc_id, source_id, body in rows:
        prov = (json.loads(body).get("provenance") or {})
        origin = prov.get("origin") or {}
        translated = prov.get("translated") or {}
        site = prov.get("site_outlet") or {}
        story = stories.get(doc_id)
        out[source_id] = Prediction(
            outlet=origin.get("outlet"), edition=origin.get("edition"),
            state_controlled=origin.get("state_controlled"), republished=prov.get("republished"),
            translated_from=translated.get("from"), story=None if story is None else str(story),
            site_outlet=site.get("outlet") if isinstance(site, dict) else None)
    return out


def run_pipeline(rows: list[Row], texts: dict[str, str], *, workers: int = 2,
                 progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, Prediction], int]:
    """Ingest the pages into a temporary SQLite store (hooks on) and return (predictions, failed)."""
    from quelle.ingest.runner import Ingest
    from quelle.ingest.sources import collect
    from quelle.store.core import open_store

    with tempfile.TemporaryDirectory(prefix="quelle-eval-provenance-") as tmp:
        pages = Path(tmp) / "pages.jsonl"
        with pages.open("w", encoding="utf-8") as handle:
            for doc in _inputs(rows, texts):
                handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
        store = open_store(str(Path(tmp) / "eval.db"))
        try:
            summary = Ingest(store, collect([str(pages)]), workers=workers, progress=progress).run()
            return predictions_from_store(store), summary.failed
        finally:
            store.close()
