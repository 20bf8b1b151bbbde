"""Speaker-name keys stored with each statement (migration 0204): spellings of one person meet
on an indexed value, an older store gets its keys when it is opened, hostile names stay bounded."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, text

from quelle.ingest.runner import Ingest
from quelle.ingest.sources import collect
from quelle.store.core import open_store
from quelle.store.schema import statements
from quelle.translit import NAME_KEY_LIMIT, name_keys
from quelle.web.queries import speaker_variants

# invented articles: one person in two spellings, one other person
TEXTS = [
    ("a/1", "Gespräche in Genf\n\nDer Diplomat Sergej Rjabkow sagte am Montag: „Wir warten ab.“\n"),
    ("b/1", "Talks in Geneva\n\nThe diplomat Sergey Ryabkov said on Monday: \"We will wait.\"\n"),
    ("c/1", "Neue Brücke\n\nDie Bürgermeisterin Anna Kolb sagte am Montag: „Wir bauen bald.“\n"),
]


def test_name_keys_join_spellings_and_stay_bounded():
    assert set(name_keys("Sergej Rjabkow")) & set(name_keys("Sergey Ryabkov")) & set(name_keys("Сергей Рябков"))
    assert not set(name_keys("Anna Kolb")) & set(name_keys("Sergey Ryabkov"))
    assert name_keys(None) == (None, None) and name_keys("— 42 —") == (None, None)
    long_key, long_key_de = name_keys("X " + "ab" * 5000)
    assert len(long_key) <= NAME_KEY_LIMIT and len(long_key_de) <= NAME_KEY_LIMIT


def _store(tmp_path: Path) -> str:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in TEXTS),
                     encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        Ingest(store, collect([str(jsonl)]), workers=1, run_hooks=False).run()
    return url


def test_new_rows_carry_keys_and_the_speaker_lookup_uses_them(tmp_path):
    url = _store(tmp_path)
    with open_store(url, create=False) as store:
        with store.connect() as conn:
            rows = conn.execute(select(statements.c.speaker_name, statements.c.speaker_key)).all()
        assert rows and all(key for name, key in rows if name)
        names = {name for name, _ in speaker_variants(store, "Sergej Rjabkow")}
    assert {"Sergej Rjabkow", "Sergey Ryabkov"} <= names and "Anna Kolb" not in names


def test_an_older_store_gets_its_keys_when_opened(tmp_path):
    url = _store(tmp_path)
    with open_store(url, create=False) as store, store.engine.begin() as conn:
        expected = conn.execute(select(statements.c.id, statements.c.speaker_key, statements.c.speaker_key_de)
                                .order_by(statements.c.id)).all()
        conn.execute(statements.update().values(speaker_key=None, speaker_key_de=None))
        conn.execute(text("UPDATE alembic_version SET version_num = '0203_utterance_counts'"))
    with open_store(url) as store, store.connect() as conn:  # runs 0204, then the backfill
        again = conn.execute(select(statements.c.id, statements.c.speaker_key, statements.c.speaker_key_de)
                             .order_by(statements.c.id)).all()
    assert again == expected and any(key for _, key, _ in again)
