"""Fill the speaker-name keys of statements stored before the keys existed (migration 0204).

New rows get their keys when they are written (``records``); rows of an older store are
filled here once, in chunks, the first time a newer quelle opens it.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, select
from sqlalchemy.engine import Engine

from quelle.store.schema import statements
from quelle.translit import name_keys

CHUNK = 5000


def backfill(engine: Engine) -> int:
    """Give every statement with a speaker name and no keys its keys; returns how many rows."""
    missing = and_(statements.c.speaker_name.is_not(None), statements.c.speaker_key.is_(None),
                   statements.c.speaker_key_de.is_(None))
    update = (statements.update().where(statements.c.id == bindparam("row_id"))
              .values(speaker_key=bindparam("key"), speaker_key_de=bindparam("key_de")))
    done, after = 0, 0
    while True:
        with engine.begin() as conn:
            rows = conn.execute(select(statements.c.id, statements.c.speaker_name)
                                .where(missing, statements.c.id > after)
                                .order_by(statements.c.id).limit(CHUNK)).all()
            if not rows:
                return done
            values = []
            for row in rows:
                key, key_de = name_keys(row.speaker_name)
                values.append({"row_id": row.id, "key": key, "key_de": key_de})
            conn.execute(update, values)
        done += len(rows)
        after = rows[-1].id
