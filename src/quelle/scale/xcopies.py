"""Cross-language candidates and links of the batch copy stage, bucket by bucket.

The index (``crossling.XIndex``) reads a key while at most ``max_df`` earlier documents carry it,
with the weight ``1 / log(2 + r)``, sums the weights in key order and keeps each document's best
``max_candidates`` earlier documents of another language with ``min_shared`` keys. Here the keys are
grouped one bucket of keys at a time (the hits go to the scratch table ``xhits``), and the ranking and
the verification (``cross_language_link`` on both reports) run one bucket of documents at a time.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from quelle.scale.work import Work, in_range, pos_of

HITS = pa.schema([("i", pa.int64()), ("j", pa.int64()), ("key", pa.string()), ("w", pa.float64())])


def hits(daft: Any, work: Work, p: dict[str, Any]) -> None:
    """Every (later i, earlier j, key, weight) the index would read, into ``xhits``."""
    col, T = daft.col, daft.DataType
    max_df, n = p["x_max_df"], work.key_buckets
    hit_t = T.list(T.struct({"i": T.int64(), "j": T.int64(), "key": T.string(), "w": T.float64()}))

    @daft.func(return_dtype=hit_t)
    def read_key(key: str, members: list, languages: list) -> list:
        m = sorted(zip(members, languages, strict=True))
        rows = []
        for r in range(1, min(len(m), max_df + 1)):  # read while at most max_df earlier documents carry it
            w = 1.0 / math.log(2 + r)
            pos, language = m[r]
            rows.extend({"i": pos, "j": other, "key": key, "w": w} for other, lang in m[:r] if lang != language)
        return rows

    for bucket in range(n):
        keyed = (work.feats(daft)
                 .where(~col("xkeys").is_null() & ~col("language").is_null())
                 .select("pos", "language", col("xkeys").alias("key")).explode(col("key"))
                 .where(~col("key").is_null() & ((col("key").hash() % n) == bucket)))
        groups = (keyed.groupby("key").agg(col("pos").list_agg().alias("members"),
                                           col("language").list_agg().alias("languages"))
                  .where(col("members").length() > 1))
        work.write(groups.select(read_key(col("key"), col("members"), col("languages")).alias("h"))
                   .explode(col("h")).where(~col("h").is_null())
                   .select(col("h")["i"].alias("i"), col("h")["j"].alias("j"), col("h")["key"].alias("key"),
                           col("h")["w"].alias("w")), "xhits")


def links(daft: Any, out: Path, work: Work, p: dict[str, Any], lo: int, hi: int) -> pa.Table | None:
    """The cross-language links of the documents i in [lo, hi), with the link columns of the table."""
    from quelle.copies import crossling
    from quelle.copies.doc import CopyDoc
    from quelle.copies.matcher import cross_language_link
    from quelle.scale.copies import link_columns

    col, T = daft.col, daft.DataType
    min_shared, top = p["x_min_shared"], p["x_max_candidates"]
    ranked_t = T.list(T.struct({"j": T.int64(), "rank": T.int32()}))

    @daft.func(return_dtype=ranked_t)
    def rank(js: list, keys: list, ws: list) -> list:
        weights: dict[int, float] = {}
        counts: dict[int, int] = {}
        for _key, j, w in sorted(zip(keys, js, ws, strict=True), key=lambda t: t[0]):  # the index's key order
            weights[j] = weights.get(j, 0.0) + w
            counts[j] = counts.get(j, 0) + 1
        ordered = sorted(weights.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))
        chosen = [j for j, _ in ordered if counts[j] >= min_shared][:top]
        return [{"j": j, "rank": n} for n, j in enumerate(chosen)]

    chosen = (work.read(daft, "xhits", HITS).where(in_range(daft, "i", lo, hi))
              .groupby("i").agg(col("j").list_agg().alias("js"), col("key").list_agg().alias("keys"),
                                col("w").list_agg().alias("ws"))
              .select("i", rank(col("js"), col("keys"), col("ws")).alias("c")).explode(col("c"))
              .where(~col("c").is_null())
              .select("i", col("c")["j"].alias("j"), col("c")["rank"].alias("rank"))).to_arrow()
    if not chosen.num_rows:
        return None

    def xfeatures(report: str, published: str | None):
        doc = CopyDoc.from_report("0", json.loads(report))
        doc.published = published
        return crossling.features(doc)

    link_t = T.struct({"relation": T.string(), "score": T.float64(), "contained": T.string(),
                       "evidence": T.string()})

    @daft.func(return_dtype=link_t)
    def verify(a_report: str, a_published: str, b_report: str, b_published: str) -> dict | None:
        x, y = xfeatures(a_report, a_published), xfeatures(b_report, b_published)
        link = cross_language_link("a", x, "b", y) if x is not None and y is not None else None
        if link is None:
            return None
        return {"relation": link.relation, "score": link.score, "contained": link.contained,
                "evidence": json.dumps(link.evidence, ensure_ascii=False)}

    wanted = np.union1d(np.unique(chosen.column("i").to_numpy()), np.unique(chosen.column("j").to_numpy())).tolist()
    feats = (work.feats(daft).where(col("pos").is_in(wanted))
             .select("pos", "source_id", "content_hash", "published"))
    docs = (daft.read_parquet(str(out / "documents" / "*.parquet")).with_column("pos", pos_of(daft))
            .where(col("pos").is_in(wanted)).select("pos", "report"))
    base = daft.from_arrow(feats.join(docs, on="pos").to_arrow())
    left = base.select(col("pos").alias("i"), col("source_id").alias("a_source_id"),
                       col("content_hash").alias("a_content_hash"), col("report").alias("a_report"),
                       col("published").alias("a_published"))
    right = base.select(col("pos").alias("j"), col("source_id").alias("b_source_id"),
                        col("content_hash").alias("b_content_hash"), col("report").alias("b_report"),
                        col("published").alias("b_published"))
    scored = (daft.from_arrow(chosen).join(left, on="i").join(right, on="j")
              .with_column("link", verify(col("a_report"), col("a_published"), col("b_report"), col("b_published")))
              .where(~col("link").is_null()))
    return link_columns(daft, scored, col("rank") + 1).to_arrow()
