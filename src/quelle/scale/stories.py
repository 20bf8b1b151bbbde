"""Connected components of the batch's links and their stories, without the corpus in the driver.

Components: join-based label propagation on the engine (each node takes the smallest label among
itself and its neighbours until nothing changes), every round's labels written to Parquet and read
back (a long lineage of collected frames stalls the Ray runner; a Parquet round trip cuts it). The
label of a component is its earliest position, so components are taken one bucket of labels at a
time, in storage order: the members' metadata and the component's links are read for that bucket
only, and ``quelle.copies.stories.build_stories`` makes its stories, written part by part.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from quelle.scale.tables import STORIES
from quelle.scale.work import Work, in_range, pos_of, write_part

LABELS = pa.schema([("node", pa.int64()), ("label", pa.int64())])


def components(daft: Any, out: Path, work: Work) -> None:
    """The scratch table ``labels`` (node, label) of every linked document."""
    from quelle.scale.copies import _trace

    col = daft.col
    links = daft.read_parquet(str(out / "links" / "*.parquet")).select(col("a_pos").alias("src"),
                                                                      col("b_pos").alias("dst"))
    work.write(links.concat(links.select(col("dst").alias("src"), col("src").alias("dst"))).distinct(), "edges")
    edges = daft.read_parquet(work.path("edges"))
    work.write(edges.select(col("src").alias("node")).distinct().with_column("label", col("node")), "labels-0")
    rounds = 0
    while True:
        labels = daft.read_parquet(work.path(f"labels-{rounds}"))
        edges = daft.read_parquet(work.path("edges"))
        proposals = (edges.join(labels, left_on="src", right_on="node")
                     .groupby("dst").agg(col("label").min().alias("best")))
        updated = (labels.join(proposals, left_on="node", right_on="dst", how="left")
                   .with_column("best", daft.functions.coalesce(col("best"), col("label")))
                   .select("node", daft.functions.when(col("best") < col("label"), col("best"))
                           .otherwise(col("label")).alias("label"),
                           (col("best") < col("label")).alias("changed")))
        rounds += 1
        work.write(updated, f"labels-{rounds}")
        changed = daft.read_parquet(work.path(f"labels-{rounds}")).where(col("changed")).count_rows()
        _trace(f"components: round {rounds}, {changed} labels changed")
        if changed == 0:
            break
    work.write(daft.read_parquet(work.path(f"labels-{rounds}")).select("node", "label"), "labels")


def run(daft: Any, out: Path, work: Work) -> int:
    """Write the table ``stories`` component bucket by component bucket; returns the number of stories."""
    from quelle.copies.matcher import Link
    from quelle.copies.stories import build_stories, drop_rivals

    col = daft.col
    components(daft, out, work)
    n_stories, part = 0, 0
    for lo, hi in work.bounds:
        labels = work.read(daft, "labels", LABELS).where(in_range(daft, "label", lo, hi)).to_arrow()
        if not labels.num_rows:
            continue
        nodes = labels.column("node").to_numpy()
        label = dict(zip(nodes.tolist(), labels.column("label").to_pylist(), strict=True))
        wanted = np.sort(nodes).tolist()
        meta_rows = (daft.read_parquet(str(out / "documents" / "*.parquet")).with_column("pos", pos_of(daft))
                     .where(col("pos").is_in(wanted))
                     .select("pos", "source_id", "content_hash", "site", "language", "published", "title",
                             "origin_outlet", "republished", "translated_from").sort("pos").to_pylist())
        link_rows = (daft.read_parquet(str(out / "links" / "*.parquet")).where(col("a_pos").is_in(wanted))
                     .select("a_pos", "b_pos", "relation", "score", "contained", "order")
                     .sort(["a_pos", "order", "b_pos"]).to_pylist())
        by_component: dict[int, tuple[dict[str, dict[str, Any]], list[Link]]] = {}
        info: dict[int, dict[str, Any]] = {}
        for row in meta_rows:
            meta, _ = by_component.setdefault(label[row["pos"]], ({}, []))
            meta[str(row["pos"])] = {"source_id": row["source_id"], "site": row["site"],
                                     "language": row["language"],
                                     "published": row["published"].isoformat() if row["published"] else None,
                                     "title": row["title"], "outlet": row["origin_outlet"],
                                     # the page's own findings (before the copy stage): stories._order_key
                                     "own_page": bool(row["origin_outlet"]) and row["republished"] is False,
                                     "translated": row["translated_from"]}
            info[row["pos"]] = row
        for row in link_rows:
            by_component[label[row["a_pos"]]][1].append(
                Link(str(row["a_pos"]), str(row["b_pos"]), row["relation"], row["score"] or 0.0,
                     contained=row["contained"]))
        members = []
        for component in sorted(by_component):
            meta, component_links = by_component[component]
            # rival translations left out as ingest leaves them out (copies.stories.drop_rivals)
            kept = drop_rivals(component_links, {doc: info["language"] for doc, info in meta.items()})
            for story in build_stories(meta, kept):
                first = info[min(int(m.doc_id) for m in story.members)]
                earliest = info[int(story.earliest)]
                for m in story.members:
                    row = info[int(m.doc_id)]
                    members.append({"story": first["source_id"], "earliest": earliest["source_id"],
                                    "source_id": row["source_id"], "content_hash": row["content_hash"],
                                    "relation": m.relation, "via": info[int(m.via)]["source_id"] if m.via else None,
                                    "site": m.site, "language": m.language, "published": m.published,
                                    "pos": int(m.doc_id)})
        n_stories += len({m["story"] for m in members})
        write_part(out, "stories", part, pa.Table.from_pylist(members, schema=STORIES))
        part += 1
    return n_stories
