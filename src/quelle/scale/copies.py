"""The copy stage on the engine, with results equal to ingest's incremental matching.

Ingest matches each document, in storage order, against every document stored before it
(``quelle.copies.matcher.CopyIndex.add``). Here the same candidates come from group-bys instead of
a growing index, using the index's own parameters and seeds:

* MinHash LSH: the band keys of ``BandedLSH.keys`` (the signature computed in the analysis stage
  with ``MinHasher``'s seeds) grouped; every earlier member of a band group is a candidate;
* sampled shingles: grouped by shingle; a document at rank ``r`` in a group (``r`` documents before
  it) uses the shingle only while ``r <= max_df``, as the index stops reading common shingles; a pair
  needs the index's ``min_shared`` shared shingles (1 for a small sample);
* cross-language keys (``quelle.scale.xcopies``): grouped; read while at most ``max_df`` earlier
  documents carry them, best ``max_candidates`` per document, ranked as the index ranks.

The corpus is never collected into the driver (``quelle.scale.work``): the group-bys run one
bucket of keys at a time (a key's bucket is its hash) and write their pairs as Parquet; the candidates are
gathered and counted per document, and scored one bucket of documents (a range of storage positions holding
at most a fixed number of documents and of candidate pairs, docs/scale.md) at a time, each document
with the features of its candidates read from Parquet, and the links written part by part in
ingest's order. Candidates are verified by the same functions (``verify_same_language``,
``cross_language_link``); connected components and stories: ``quelle.scale.stories``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from quelle.scale import tables
from quelle.scale.work import SHIFT, Work, in_range, pos_of, replace_table, write_part

__all__ = ["SHIFT", "run_copies"]
PAIRS = pa.schema([("i", pa.int64()), ("j", pa.int64())])


def _trace(message: str) -> None:
    """Progress of the stage on stderr when QUELLE_SCALE_TRACE is set (where a slow cluster job spends time
    and memory: the driver's peak RSS so far)."""
    if os.environ.get("QUELLE_SCALE_TRACE"):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        with open("/proc/self/statm") as statm:  # Linux; the peak alone hides which step holds memory
            now = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // (1 << 20)
        print(f"quelle batch: {message} (RSS {now} MiB, peak {peak} MiB)", file=sys.stderr, flush=True)


def _params() -> dict[str, Any]:
    from quelle.copies import crossling
    from quelle.copies.matcher import CopyIndex

    index = CopyIndex(keep_docs=False, with_passages=False)
    x = crossling.XIndex()
    return {"index": index, "sample_mod": int(index.sampled.mod), "sample_max_df": index.sampled.max_df,
            "sample_min_shared": index.sampled.min_shared, "x_max_df": x.max_df, "x_min_shared": x.min_shared,
            "x_max_candidates": x.max_candidates}


def first_occurrences(daft: Any, out: Path, work: Work) -> None:
    """Plan the buckets over the first occurrence of each document key (ingest skips a key seen before in
    the run); only the positions and keys are read here, 8 bytes a document stay."""
    col = daft.col
    keys = daft.read_parquet(str(out / "features" / "*.parquet")).select(
        "source_id", "content_hash", pos_of(daft).alias("pos"))
    errors = tables.read(out, "errors", ["shard", "seq", "source_id", "content_hash"])
    if errors.num_rows:
        err = daft.from_arrow(errors).with_column("pos", pos_of(daft))
        keys = keys.concat(err.select("source_id", "content_hash", "pos"))
    first = keys.groupby("source_id", "content_hash").agg(col("pos").min().alias("first")).select("first")
    first = np.asarray(first.to_arrow().column("first").to_numpy(), dtype=np.int64)
    present = np.asarray(daft.read_parquet(str(out / "features" / "*.parquet")).select(pos_of(daft).alias("pos"))
                         .to_arrow().column("pos").to_numpy(), dtype=np.int64)
    kept = np.intersect1d(present, first)
    work.plan(kept, np.setdiff1d(present, kept).tolist())


def run_copies(daft: Any, out: Path) -> dict[str, int]:
    """Links and stories of everything the analysis stage wrote; returns their counts."""
    from quelle.scale import stories, xcopies

    replace_table(out, "links")
    replace_table(out, "stories")
    if not list((out / "features").glob("*.parquet")):
        tables.write(out, "links", "part-00000", [])
        tables.write(out, "stories", "part-00000", [])
        return {"links": 0, "stories": 0}
    p = _params()
    work = Work.fresh(out)
    _trace("copies: start")
    first_occurrences(daft, out, work)
    _trace(f"copies: {len(work.bounds)} buckets of documents, {work.key_buckets} of keys")
    _pairs(daft, work, p)
    _plan_by_candidates(daft, work, p)
    xcopies.hits(daft, work, p)
    _trace("copies: cross-language hits")
    n_links = 0
    for number, (lo, hi) in enumerate(work.bounds):
        found = [_same_language(daft, work, p, lo, hi), xcopies.links(daft, out, work, p, lo, hi)]
        found = [f for f in found if f is not None and f.num_rows]
        data = (pa.concat_tables([f.cast(found[0].schema) for f in found]) if found
                else tables.LINKS.empty_table())
        data = data.sort_by([("a_pos", "ascending"), ("order", "ascending"), ("b_pos", "ascending")])
        write_part(out, "links", number, data)
        n_links += data.num_rows
        _trace(f"copies: bucket {number + 1}/{len(work.bounds)}, {data.num_rows} links")
    n_stories = stories.run(daft, out, work) if n_links else 0
    if not n_stories:
        tables.write(out, "stories", "part-00000", [])
    work.clear()
    return {"links": n_links, "stories": n_stories}


# -- candidate pairs, one bucket of keys at a time -----------------------------------------------
def _pairs(daft: Any, work: Work, p: dict[str, Any]) -> None:
    """Band and sampled-shingle groups, bucket by bucket of keys, into the tables ``band_pairs`` and
    ``sample_pairs`` (i the later document, j the earlier)."""
    col, T = daft.col, daft.DataType
    lsh, mod, max_df, n = p["index"].lsh, p["sample_mod"], p["sample_max_df"], work.key_buckets
    pair_t = T.list(T.struct({"i": T.int64(), "j": T.int64()}))

    @daft.func(return_dtype=T.list(T.uint64()))
    def band_keys(minhash: list) -> list:
        return lsh.keys(np.asarray(minhash, dtype=np.uint32)).tolist()

    @daft.func(return_dtype=T.list(T.uint32()))
    def sample(shingles: list) -> list:
        arr = np.asarray(shingles, dtype=np.uint32)
        return arr[arr % mod == 0].tolist()

    @daft.func(return_dtype=pair_t)
    def all_earlier(members: list) -> list:
        m = sorted(members)
        return [{"i": m[r], "j": m[q]} for r in range(1, len(m)) for q in range(r)]

    @daft.func(return_dtype=pair_t)
    def readable_earlier(members: list) -> list:
        m = sorted(members)  # the index stops reading a shingle once more than max_df documents have it
        return [{"i": m[r], "j": m[q]} for r in range(1, min(len(m), max_df + 1)) for q in range(r)]

    def pairs_of(frame, fn):
        return (frame.select(fn(col("members")).alias("p")).explode(col("p")).where(~col("p").is_null())
                .select(col("p")["i"].alias("i"), col("p")["j"].alias("j")))

    for bucket in range(n):
        feats = work.feats(daft)
        bands = (feats.select("pos", band_keys(col("minhash")).alias("key")).explode(col("key"))
                 .where((col("key") % n) == bucket)
                 .groupby("key").agg(col("pos").list_agg().alias("members"))
                 .where(col("members").length() > 1))
        work.write(pairs_of(bands, all_earlier).distinct(), "band_pairs")
        feats = work.feats(daft)
        groups = (feats.select("pos", sample(col("shingles")).alias("sample")).explode(col("sample"))
                  .where(~col("sample").is_null() & ((col("sample").hash() % n) == bucket))
                  .groupby("sample").agg(col("pos").list_agg().alias("members"))
                  .where(col("members").length() > 1))
        work.write(pairs_of(groups, readable_earlier), "sample_pairs")
        _trace(f"copies: candidate pairs, key bucket {bucket + 1}/{n}")


def _plan_by_candidates(daft: Any, work: Work, p: dict[str, Any]) -> None:
    """The candidate pairs of every document into the scratch table ``candidates``, one bucket of documents at
    a time, then the buckets cut again by their number of candidates (``Work.replan``): what a scoring bucket
    holds is its candidates' features, and a late document has more earlier candidates than an early one."""
    col = daft.col
    for lo, hi in work.bounds:
        work.write(_candidates(daft, work, p, lo, hi), "candidates")
    counts = (work.read(daft, "candidates", PAIRS).groupby("i").agg(col("j").count().alias("n"))
              .to_arrow())
    docs = np.asarray(counts.column("i").to_numpy(), dtype=np.int64)
    pairs = np.asarray(counts.column("n").to_numpy(), dtype=np.int64)
    before = len(work.bounds)
    work.replan(docs, pairs)
    _trace(f"copies: {int(pairs.sum())} candidate pairs, {before} -> {len(work.bounds)} buckets of documents "
           f"(largest {int(pairs.max()) if len(pairs) else 0} a document)")


def _candidates(daft: Any, work: Work, p: dict[str, Any], lo: int, hi: int):
    """Candidate pairs (i, j) of the documents i in [lo, hi), as a frame."""
    col = daft.col
    mod, need_small, need = p["sample_mod"], 1, p["sample_min_shared"]

    @daft.func(return_dtype=daft.DataType.int64())
    def sample_size(shingles: list) -> int:
        return int((np.asarray(shingles, dtype=np.uint32) % mod == 0).sum())

    by_band = work.read(daft, "band_pairs", PAIRS).where(in_range(daft, "i", lo, hi))
    sizes = (work.feats(daft).where(in_range(daft, "pos", lo, hi))
             .select(col("pos").alias("i"), sample_size(col("shingles")).alias("sample_size")))
    by_sample = (work.read(daft, "sample_pairs", PAIRS).where(in_range(daft, "i", lo, hi))
                 .groupby("i", "j").agg(col("j").count().alias("shared"))
                 .join(sizes, on="i")
                 # a small sample (a teaser) needs one shared shingle, any other ``need``
                 .where((col("shared") >= need) | ((col("sample_size") < 4 * need) & (col("shared") >= need_small)))
                 .select("i", "j"))
    return by_band.concat(by_sample).distinct()


# -- same language: each document verified against all its candidates at once, as the index does -------
def _same_language(daft: Any, work: Work, p: dict[str, Any], lo: int, hi: int) -> pa.Table | None:
    candidates = work.read(daft, "candidates", PAIRS).where(in_range(daft, "i", lo, hi)).to_arrow()
    if not candidates.num_rows:
        return None
    col, T = daft.col, daft.DataType
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

    js = np.unique(candidates.column("j").to_numpy()).tolist()
    earlier = daft.from_arrow(work.feats(daft).where(col("pos").is_in(js)).select(
        "pos", "source_id", "content_hash", "shingles", "quoted", "speech_frames", "speech_words", "names",
        "numbers").to_arrow())
    cand = earlier.select(col("pos").alias("j"), daft.functions.to_struct(
        j=col("pos"), unique=col("shingles"), quoted=col("quoted"), speech_frames=col("speech_frames"),
        speech_words=col("speech_words"), names=col("names"), numbers=col("numbers")).alias("cand"))
    grouped = daft.from_arrow(candidates).join(cand, on="j").groupby("i").agg(col("cand").list_agg().alias("cands"))
    left = (work.feats(daft).where(in_range(daft, "pos", lo, hi))
            .select(col("pos").alias("i"), col("source_id").alias("a_source_id"),
                    col("content_hash").alias("a_content_hash"), "shingles", "ordered", "quoted", "speech_frames",
                    "speech_words", "names", "numbers"))
    right = earlier.select(col("pos").alias("j"), col("source_id").alias("b_source_id"),
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
    return link_columns(daft, found.join(right, on="j"), daft.lit(0)).to_arrow()


def link_columns(daft: Any, frame, order):
    col = daft.col
    return frame.select(
        "a_source_id", "a_content_hash", "b_source_id", "b_content_hash",
        col("link")["relation"].alias("relation"), col("link")["score"].alias("score"),
        col("link")["contained"].alias("contained"), col("link")["evidence"].alias("evidence"),
        col("i").alias("a_pos"), col("j").alias("b_pos"), order.cast(daft.DataType.int32()).alias("order"))
