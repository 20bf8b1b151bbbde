"""The copy stage on the engine, with results equal to ingest's incremental matching.

Ingest matches each document, in storage order, against every document stored before it
(``quelle.copies.matcher.CopyIndex.add``). Here the same candidates come from group-bys instead of
a growing index, using the index's own parameters and seeds:

* MinHash LSH: the band keys of ``BandedLSH.keys`` (the signature computed in the analysis stage
  with ``MinHasher``'s seeds) grouped; every earlier member of a band group is a candidate;
* sampled shingles: grouped by shingle; a document at rank ``r`` in a group (``r`` documents before
  it) uses the shingle only while ``r <= max_df``, as the index stops reading common shingles; a pair
  needs the index's ``min_shared`` shared shingles (1 for a small sample);
* cross-language keys: grouped; a key is read while at most ``max_df`` earlier documents carry it, with
  the weight ``1 / log(2 + r)``; each document keeps its best ``max_candidates`` earlier documents of
  another language with ``min_shared`` keys, summed in the same key order, ranked as the index ranks.

Candidates are verified by the same functions (``same_language_link``, ``cross_language_link``), links
keep ingest's order, connected components run as join-based label propagation on the engine, and each
component becomes a story through ``quelle.copies.stories.build_stories``.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from quelle.scale import tables

SHIFT = 32  # pos = shard << SHIFT | seq: storage order, as ingest assigns ids


def _trace(message: str) -> None:
    """Progress of the stage on stderr when QUELLE_SCALE_TRACE is set (where a slow cluster job spends time)."""
    if os.environ.get("QUELLE_SCALE_TRACE"):
        print(f"quelle batch: {message}", file=sys.stderr, flush=True)


def _params() -> dict[str, Any]:
    from quelle.copies import crossling
    from quelle.copies.matcher import CopyIndex

    index = CopyIndex(keep_docs=False, with_passages=False)
    x = crossling.XIndex()
    return {"index": index, "sample_mod": int(index.sampled.mod), "sample_max_df": index.sampled.max_df,
            "sample_min_shared": index.sampled.min_shared, "x_max_df": x.max_df, "x_min_shared": x.min_shared,
            "x_max_candidates": x.max_candidates}


def first_occurrences(daft: Any, out: Path):
    """The features of each document key's first occurrence (ingest skips a key seen before in the run)."""
    col = daft.col
    feats = daft.read_parquet(str(out / "features" / "*.parquet"))
    feats = feats.with_column("pos", (col("shard").cast(daft.DataType.int64()) * (1 << SHIFT)) + col("seq"))
    errors = tables.read(out, "errors", ["shard", "seq", "source_id", "content_hash"])
    keys = feats.select("source_id", "content_hash", "pos")
    if errors.num_rows:
        err = daft.from_arrow(errors).with_column(
            "pos", (col("shard").cast(daft.DataType.int64()) * (1 << SHIFT)) + col("seq"))
        keys = keys.concat(err.select("source_id", "content_hash", "pos"))
    first = keys.groupby("source_id", "content_hash").agg(col("pos").min().alias("first"))
    feats = feats.join(first, on=["source_id", "content_hash"])
    return feats.where(col("pos") == col("first")).exclude("first")


def run_copies(daft: Any, out: Path) -> dict[str, int]:
    """Links and stories of everything the analysis stage wrote; returns their counts."""
    if not list((out / "features").glob("*.parquet")):
        tables.write(out, "links", "part-0", [])
        tables.write(out, "stories", "part-0", [])
        return {"links": 0, "stories": 0}
    p = _params()
    feats = first_occurrences(daft, out).collect()
    same = _same_language(daft, feats, p)
    cross = _cross_language(daft, feats, out, p)
    links = same.concat(cross).sort(["a_pos", "order", "b_pos"]).collect()
    link_rows = links.to_pylist()
    tables.write(out, "links", "part-0", link_rows)
    members = _stories(daft, feats, out, links, link_rows)
    tables.write(out, "stories", "part-0", members)
    return {"links": len(link_rows), "stories": len({m["story"] for m in members})}


# -- same language -------------------------------------------------------------------------------
def _same_language(daft: Any, feats, p: dict[str, Any]):
    col, T = daft.col, daft.DataType
    lsh = p["index"].lsh
    pair_t = T.list(T.struct({"i": T.int64(), "j": T.int64()}))

    @daft.func(return_dtype=T.list(T.uint64()))
    def band_keys(minhash: list) -> list:
        return lsh.keys(np.asarray(minhash, dtype=np.uint32)).tolist()

    mod = p["sample_mod"]

    @daft.func(return_dtype=T.list(T.uint32()))
    def sample(shingles: list) -> list:
        arr = np.asarray(shingles, dtype=np.uint32)
        return arr[arr % mod == 0].tolist()

    @daft.func(return_dtype=pair_t)
    def all_earlier(members: list) -> list:
        m = sorted(members)
        return [{"i": m[r], "j": m[q]} for r in range(1, len(m)) for q in range(r)]

    max_df = p["sample_max_df"]

    @daft.func(return_dtype=pair_t)
    def readable_earlier(members: list) -> list:
        m = sorted(members)  # the index stops reading a shingle once more than max_df documents have it
        return [{"i": m[r], "j": m[q]} for r in range(1, min(len(m), max_df + 1)) for q in range(r)]

    def pairs_of(frame, fn):
        return (frame.select(fn(col("members")).alias("p")).explode(col("p"))
                .select(col("p")["i"].alias("i"), col("p")["j"].alias("j")))

    bands = (feats.select("pos", band_keys(col("minhash")).alias("key")).explode(col("key"))
             .groupby("key").agg(col("pos").list_agg().alias("members"))
             .where(col("members").length() > 1))
    by_band = pairs_of(bands, all_earlier).distinct()

    sampled = feats.select("pos", sample(col("shingles")).alias("sample"))
    sizes = sampled.select(col("pos").alias("i"), col("sample").length().alias("sample_size"))
    groups = (sampled.explode(col("sample")).where(~col("sample").is_null())
              .groupby("sample").agg(col("pos").list_agg().alias("members"))
              .where(col("members").length() > 1))
    need_small, need = 1, p["sample_min_shared"]
    by_sample = (pairs_of(groups, readable_earlier).groupby("i", "j").agg(col("j").count().alias("shared"))
                 .join(sizes, on="i")
                 # a small sample (a teaser) needs one shared shingle, any other ``need``
                 .where((col("shared") >= need) | ((col("sample_size") < 4 * need) & (col("shared") >= need_small)))
                 .select("i", "j"))
    candidates = by_band.concat(by_sample).distinct()

    # each document is verified against all its candidates at once, as the index verifies it (the
    # "shared with 3+ candidates" passages of the partial-copy test are counted over the whole set)
    from quelle.copies.matcher import Entry, anchors_agree, verify_same_language
    from quelle.copies.near import Shingled, SpeechShingles

    found_t = T.list(T.struct({"j": T.int64(), "relation": T.string(), "score": T.float64(),
                               "contained": T.string(), "evidence": T.string()}))

    def entry(pos: int, unique: list, quoted: list | None, frames: list | None, words: list | None) -> Entry:
        speech = SpeechShingles([np.asarray(f, dtype=np.uint32) for f in frames or []],
                                [np.asarray(w, dtype=np.uint32) for w in words or []])
        return Entry(str(pos), None, np.asarray(unique, dtype=np.uint32), np.zeros(0, dtype=np.uint32), None, None,
                     None, np.asarray(quoted or [], dtype=np.uint32), speech)

    @daft.func(return_dtype=found_t)
    def verify(i: int, unique: list, ordered: list, quoted: list, frames: list | None, words: list | None,
               names: list | None, numbers: list | None, cands: list) -> list:
        new = entry(i, unique, quoted, frames, words)
        shingled = Shingled(np.asarray(ordered, dtype=np.uint32), new.unique)
        cands = sorted(cands, key=lambda c: c["j"])
        others = [entry(c["j"], c["unique"], c["quoted"], c["speech_frames"], c["speech_words"]) for c in cands]
        anchors = {str(c["j"]): (c["names"], c["numbers"]) for c in cands}

        def agree(other: Entry) -> bool:
            y_names, y_numbers = anchors[other.doc_id]
            if names is None or y_names is None:  # no cross-language features on one side
                return False
            return anchors_agree(names, numbers or [], y_names, y_numbers or [])

        links = verify_same_language(new, shingled, others, lambda: new.quoted, lambda e: e.quoted, agree,
                                     speech_new=lambda: new.speech, speech_of=lambda e: e.speech)
        return [{"j": int(link.b), "relation": link.relation, "score": link.score, "contained": link.contained,
                 "evidence": json.dumps(link.evidence, ensure_ascii=False)} for link in links]

    cand = feats.select(col("pos").alias("j"), daft.functions.to_struct(
        j=col("pos"), unique=col("shingles"), quoted=col("quoted"), speech_frames=col("speech_frames"),
        speech_words=col("speech_words"), names=col("names"),
        numbers=col("numbers")).alias("cand"))
    grouped = candidates.join(cand, on="j").groupby("i").agg(col("cand").list_agg().alias("cands"))
    left = feats.select(col("pos").alias("i"), col("source_id").alias("a_source_id"),
                        col("content_hash").alias("a_content_hash"), "shingles", "ordered", "quoted", "speech_frames",
                        "speech_words", "names", "numbers")
    right = feats.select(col("pos").alias("j"), col("source_id").alias("b_source_id"),
                         col("content_hash").alias("b_content_hash"))
    found = (grouped.join(left, on="i")
             .select("i", "a_source_id", "a_content_hash",
                     verify(col("i"), col("shingles"), col("ordered"), col("quoted"), col("speech_frames"),
                            col("speech_words"), col("names"), col("numbers"), col("cands")).alias("found"))
             .explode(col("found")).where(~col("found").is_null())
             .select("i", "a_source_id", "a_content_hash", col("found")["j"].alias("j"),
                     daft.functions.to_struct(relation=col("found")["relation"], score=col("found")["score"],
                                              contained=col("found")["contained"],
                                              evidence=col("found")["evidence"]).alias("link")))
    scored = found.join(right, on="j")
    return _link_columns(daft, scored, daft.lit(0))


def _link_columns(daft: Any, frame, order):
    col = daft.col
    return frame.select(
        "a_source_id", "a_content_hash", "b_source_id", "b_content_hash",
        col("link")["relation"].alias("relation"), col("link")["score"].alias("score"),
        col("link")["contained"].alias("contained"), col("link")["evidence"].alias("evidence"),
        col("i").alias("a_pos"), col("j").alias("b_pos"), order.cast(daft.DataType.int32()).alias("order"))


# -- across languages ----------------------------------------------------------------------------
def _cross_language(daft: Any, feats, out: Path, p: dict[str, Any]):
    col, T = daft.col, daft.DataType
    max_df, min_shared, top = p["x_max_df"], p["x_min_shared"], p["x_max_candidates"]
    hit_t = T.list(T.struct({"i": T.int64(), "j": T.int64(), "key": T.string(), "w": T.float64()}))

    @daft.func(return_dtype=hit_t)
    def hits(key: str, members: list, languages: list) -> list:
        m = sorted(zip(members, languages, strict=True))
        rows = []
        for r in range(1, min(len(m), max_df + 1)):  # read while at most max_df earlier documents carry it
            w = 1.0 / math.log(2 + r)
            pos, language = m[r]
            rows.extend({"i": pos, "j": other, "key": key, "w": w} for other, lang in m[:r] if lang != language)
        return rows

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

    keyed = (feats.where(~col("xkeys").is_null() & ~col("language").is_null())
             .select("pos", "language", col("xkeys").alias("key")).explode(col("key")))
    groups = (keyed.groupby("key").agg(col("pos").list_agg().alias("members"),
                                       col("language").list_agg().alias("languages"))
              .where(col("members").length() > 1))
    hit_rows = (groups.select(hits(col("key"), col("members"), col("languages")).alias("h")).explode(col("h"))
                .where(~col("h").is_null())
                .select(col("h")["i"].alias("i"), col("h")["j"].alias("j"), col("h")["key"].alias("key"),
                        col("h")["w"].alias("w")))
    chosen = (hit_rows.groupby("i").agg(col("j").list_agg().alias("js"), col("key").list_agg().alias("keys"),
                                        col("w").list_agg().alias("ws"))
              .select("i", rank(col("js"), col("keys"), col("ws")).alias("c")).explode(col("c"))
              .where(~col("c").is_null())
              .select("i", col("c")["j"].alias("j"), col("c")["rank"].alias("rank")))

    from quelle.copies import crossling
    from quelle.copies.doc import CopyDoc
    from quelle.copies.matcher import cross_language_link

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

    docs = daft.read_parquet(str(out / "documents" / "*.parquet")).select(
        ((col("shard").cast(T.int64()) * (1 << SHIFT)) + col("seq")).alias("pos"), "report")
    base = feats.select("pos", "source_id", "content_hash", "published").join(docs, on="pos")
    left = base.select(col("pos").alias("i"), col("source_id").alias("a_source_id"),
                       col("content_hash").alias("a_content_hash"), col("report").alias("a_report"),
                       col("published").alias("a_published"))
    right = base.select(col("pos").alias("j"), col("source_id").alias("b_source_id"),
                        col("content_hash").alias("b_content_hash"), col("report").alias("b_report"),
                        col("published").alias("b_published"))
    scored = (chosen.join(left, on="i").join(right, on="j")
              .with_column("link", verify(col("a_report"), col("a_published"), col("b_report"), col("b_published")))
              .where(~col("link").is_null()))
    return _link_columns(daft, scored, col("rank") + 1)


# -- stories -------------------------------------------------------------------------------------
def components(daft: Any, links) -> dict[int, int]:
    """Connected components of the link graph by join-based label propagation on the engine:
    each node takes the smallest label among itself and its neighbours until nothing changes."""
    col = daft.col
    edges = links.select(col("a_pos").alias("src"), col("b_pos").alias("dst"))
    # each round starts from plain Arrow tables: a long lineage of collected frames stalls the Ray runner
    edges = daft.from_arrow(edges.concat(edges.select(col("dst").alias("src"), col("src").alias("dst")))
                            .distinct().to_arrow())
    labels = daft.from_arrow(edges.select(col("src").alias("node")).distinct()
                             .with_column("label", col("node")).to_arrow())
    rounds = 0
    while True:
        rounds += 1
        proposals = (edges.join(labels, left_on="src", right_on="node")
                     .groupby("dst").agg(col("label").min().alias("best")))
        updated = (labels.join(proposals, left_on="node", right_on="dst", how="left")
                   .with_column("best", daft.functions.coalesce(col("best"), col("label")))
                   .select("node", daft.functions.when(col("best") < col("label"), col("best"))
                           .otherwise(col("label")).alias("label"),
                           (col("best") < col("label")).alias("changed"))
                   .to_arrow())
        changed = sum(updated.column("changed").to_pylist())
        labels = daft.from_arrow(updated.select(["node", "label"]))
        _trace(f"components: round {rounds}, {changed} labels changed")
        if changed == 0:
            break
    data = labels.to_pydict()
    return dict(zip(data["node"], data["label"], strict=True))


def _stories(daft: Any, feats, out: Path, links, link_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from quelle.copies.matcher import Link
    from quelle.copies.stories import build_stories

    if not link_rows:
        return []
    label = components(daft, links)
    col = daft.col
    docs = daft.read_parquet(str(out / "documents" / "*.parquet")).select(
        ((col("shard").cast(daft.DataType.int64()) * (1 << SHIFT)) + col("seq")).alias("pos"),
        "source_id", "content_hash", "site", "language", "published", "title", "origin_outlet")
    wanted = daft.from_pydict({"pos": sorted(label)})
    meta_rows = docs.join(wanted, on="pos").sort("pos").to_pylist()
    by_component: dict[int, tuple[dict[str, dict[str, Any]], list[Link]]] = {}
    info: dict[int, dict[str, Any]] = {}
    for row in meta_rows:
        meta, _ = by_component.setdefault(label[row["pos"]], ({}, []))
        meta[str(row["pos"])] = {"source_id": row["source_id"], "site": row["site"], "language": row["language"],
                                 "published": row["published"].isoformat() if row["published"] else None,
                                 "title": row["title"], "outlet": row["origin_outlet"]}
        info[row["pos"]] = row
    for row in link_rows:
        by_component[label[row["a_pos"]]][1].append(
            Link(str(row["a_pos"]), str(row["b_pos"]), row["relation"], row["score"] or 0.0,
                 contained=row["contained"]))
    members = []
    for component in sorted(by_component):
        meta, component_links = by_component[component]
        for story in build_stories(meta, component_links):
            first = info[min(int(m.doc_id) for m in story.members)]
            earliest = info[int(story.earliest)]
            for m in story.members:
                row = info[int(m.doc_id)]
                members.append({"story": first["source_id"], "earliest": earliest["source_id"],
                                "source_id": row["source_id"], "content_hash": row["content_hash"],
                                "relation": m.relation, "via": info[int(m.via)]["source_id"] if m.via else None,
                                "site": m.site, "language": m.language, "published": m.published,
                                "pos": int(m.doc_id)})
    return members
