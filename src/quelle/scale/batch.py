"""``quelle batch`` without the command line: plan shards, analyse them on the engine, find copies, load.

Stage 1 (analysis) is a column of shards mapped by a Daft class whose instances each keep warm
ingest workers (``ShardRunner``); stage 2 (``quelle.scale.copies``) runs on the tables it wrote.
"""

from __future__ import annotations

import asyncio
import json
import queue
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quelle.errors import UnreadableInput
from quelle.scale import engine as engines
from quelle.scale import tables
from quelle.scale.analysis import DONE, Settings, ShardRunner
from quelle.scale.shards import Shard, expand, plan


@dataclass(slots=True)
class BatchSummary:
    shards: int = 0
    shards_skipped: int = 0
    documents: int = 0
    errors: int = 0
    statements: int = 0
    links: int = 0
    stories: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    loaded: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        rate = (self.documents + self.errors) / self.seconds if self.seconds > 0 else 0.0
        return (f"batch: {self.documents} documents, {self.errors} errors, {self.links} copy links, "
                f"{self.stories} stories from {self.shards} shards ({self.shards_skipped} already done) "
                f"in {self.seconds:.1f} s ({rate:.0f} documents/s)")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shard_json(shard: Shard) -> str:
    return json.dumps({"index": shard.index, "key": shard.key,
                       "files": [[f.path, f.kind] for f in shard.files]})


def _shard_of(text: str) -> Shard:
    from quelle.ingest.sources import InputFile

    data = json.loads(text)
    return Shard(data["index"], data["key"], tuple(InputFile(p, k) for p, k in data["files"]))


def _analyzer_class(daft: Any, workers: int, instances: int | None):
    @daft.cls(max_concurrency=instances, use_process=False)
    class AnalyzeShards:
        """Keeps ``workers`` warm ShardRunners (one pool process each) and lends one to each shard."""

        def __init__(self, out: str, settings: dict[str, Any]) -> None:
            self.out, self.settings = out, Settings(**settings)
            self.idle: queue.Queue[ShardRunner] = queue.Queue()
            for _ in range(workers):
                self.idle.put(ShardRunner(out, self.settings, workers=1))

        def _one(self, text: str) -> str:
            runner = self.idle.get()
            try:
                return json.dumps(runner.run(_shard_of(text)))
            finally:
                self.idle.put(runner)

        async def __call__(self, shard: str) -> str:
            return await asyncio.to_thread(self._one, shard)

    return AnalyzeShards


def analyse(daft: Any, shards: list[Shard], out: Path, settings: Settings, workers: int,
            instances: int | None = None) -> list[dict[str, int]]:
    """Stage 1 on the engine; shards already done are skipped by their marker before any work."""
    todo = [s for s in shards if not (out / DONE / f"{s.key}.json").exists()]
    done = [{**json.loads((out / DONE / f"{s.key}.json").read_text()), "skipped": 1}
            for s in shards if s not in todo]
    if todo:
        cls = _analyzer_class(daft, workers, instances)
        udf = cls(str(out), asdict(settings))
        frame = daft.from_pydict({"shard": [_shard_json(s) for s in todo]})
        result = frame.select(udf(daft.col("shard")).alias("counts")).to_pydict()["counts"]
        done.extend(json.loads(r) for r in result)
    return done


def write_missing(out: Path, missing: list[str]) -> int:
    """Named paths that do not exist: error rows, as ingest records them (before everything else)."""
    from quelle.ingest.items import failed

    rows = []
    for seq, path in enumerate(missing):
        item = failed(path, path, "unreadable", f"{path}: no such file or folder")
        rows.append({"shard": -1, "seq": seq, "source_id": item.source_id, "content_hash": "", "kind": "unreadable",
                     "message": item.failure[1] if item.failure else "", "url": None, "site": None,
                     "raw_ref": item.raw_ref, "detail": None})
    if rows:
        tables.write(out, "errors", "missing", rows)
    return len(rows)


def run_batch(paths: list[str], out: str, *, engine: str = "local", address: str | None = None,
              workers: int = 2, settings: Settings | None = None, db: str | None = None,
              num_cpus: int | None = None, object_store_bytes: int | None = None,
              files_per_shard: int | None = None) -> BatchSummary:
    started = time.perf_counter()
    files, missing = expand(paths)
    if not files:
        if missing:
            raise UnreadableInput(f"no input: {', '.join(missing[:3])}: no such file or folder")
        raise UnreadableInput("no input: the paths hold no .txt, .html, .jsonl or .warc files")
    shards = plan(files, files_per_shard) if files_per_shard else plan(files)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    daft = engines.start(engine, address=address, num_cpus=num_cpus or workers, object_store_bytes=object_store_bytes)
    summary = BatchSummary(shards=len(shards))
    summary.errors += write_missing(folder, missing)
    instances = None if engine == "local" else max(1, workers)
    per_instance = workers if engine == "local" else 1
    summary.stage_seconds["start"] = round(time.perf_counter() - started, 3)
    for counts in analyse(daft, shards, folder, settings or Settings(), per_instance, instances):
        summary.shards_skipped += counts.get("skipped", 0)
        summary.documents += counts["documents"]
        summary.errors += counts["errors"]
        summary.statements += counts["statements"]
    from quelle.scale.copies import run_copies

    summary.stage_seconds["analysis"] = round(time.perf_counter() - started, 3)
    copies = run_copies(daft, folder)
    summary.stage_seconds["copies"] = round(time.perf_counter() - started, 3)
    summary.links, summary.stories = copies["links"], copies["stories"]
    summary.seconds = time.perf_counter() - started
    if db is not None:
        from quelle.scale.load import load

        summary.loaded = load(folder, db)
        summary.seconds = time.perf_counter() - started
    return summary
