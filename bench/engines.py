"""Which engine for quelle batch: the same small job on Daft's native runner, Daft on a local Ray,
and Ray Data, each in a fresh process (start-up included), wall seconds and peak RSS of the tree.

    .venv/bin/python bench/engines.py --docs 1000

The job is the copy stage's core: MinHash signatures (the project's MinHasher) of generated word
sets, LSH band keys, a group-by on the keys, and the candidate pairs of each group. Every engine
must give the same pairs; the script checks that.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import ENV, _descendants  # noqa: E402
from ingest import _rss_kib  # noqa: E402

JOB = r'''
import json, random, sys
import numpy as np
from quelle.copies.lsh import BandedLSH
from quelle.copies.minhash import MinHasher

engine, docs = sys.argv[1], int(sys.argv[2])
rng = random.Random(5)
base = [rng.sample(range(1, 10**9), 300) for _ in range(docs // 4)]
rows = []
for n in range(docs):  # a quarter originals, the rest edited copies of them
    words = list(base[n % len(base)])
    if n >= len(base):
        words[: n % 40] = [rng.randrange(1, 10**9) for _ in range(n % 40)]
    rows.append({"pos": n, "shingles": words})
hasher, lsh = MinHasher(128), BandedLSH(128, 32)

def keys(shingles):
    return lsh.keys(hasher.signature(np.asarray(shingles, dtype=np.uint64))).tolist()

def pairs(members):
    m = sorted(members)
    return [(m[r], m[q]) for r in range(1, len(m)) for q in range(r)]

if engine.startswith("daft"):
    import daft
    if engine == "daft-ray":
        import ray
        ray.init(num_cpus=2, object_store_memory=200 * 2**20, include_dashboard=False, log_to_driver=False)
        daft.set_runner_ray()
    T = daft.DataType
    kf = daft.func(return_dtype=T.list(T.uint64()))(keys)
    pf = daft.func(return_dtype=T.list(T.list(T.int64())))(lambda members: [list(p) for p in pairs(members)])
    df = daft.from_pylist(rows).select("pos", kf(daft.col("shingles")).alias("key")).explode(daft.col("key"))
    g = df.groupby("key").agg(daft.col("pos").list_agg().alias("m")).where(daft.col("m").length() > 1)
    out = g.select(pf(daft.col("m")).alias("p")).explode(daft.col("p")).to_pydict()["p"]
    found = {tuple(p) for p in out if p}
else:
    import ray
    ray.init(num_cpus=2, object_store_memory=200 * 2**20, include_dashboard=False, log_to_driver=False)
    ds = ray.data.from_items(rows).flat_map(lambda r: [{"key": str(k), "pos": r["pos"]} for k in keys(r["shingles"])])
    grouped = ds.groupby("key").map_groups(
        lambda b: {"p": [json.dumps(pairs([int(x) for x in b["pos"]]))]}, batch_format="numpy")
    found = {tuple(p) for row in grouped.take_all() for p in json.loads(row["p"])}
print(json.dumps({"pairs": len(found), "digest": hash(frozenset(found)) & 0xFFFFFFFF}))
'''


def run(engine: str, docs: int) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", JOB, engine, str(docs)], env={**ENV, "PYTHONHASHSEED": "0"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_rss_kib(p) for p in [process.pid, *_descendants(process.pid)]))
        time.sleep(0.2)
    out, err = process.communicate()
    if process.returncode != 0:
        return {"engine": engine, "error": err.decode().strip().splitlines()[-1:]}
    return {"engine": engine, "seconds": round(time.perf_counter() - started, 1), "peak_mib": round(peak / 1024),
            **json.loads(out.decode().strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--engines", default="daft-native,daft-ray,ray-data")
    args = parser.parse_args()
    for engine in args.engines.split(","):
        print(json.dumps(run(engine, args.docs)))
    os.sys.stdout.flush()


if __name__ == "__main__":
    main()
