"""WARC reading alone: ingest's FastWARC path against its warcio path on the same files, same items.

    .venv/bin/python bench/warc_read.py --records 5000

Writes one gzip WARC and one plain WARC of invented HTML responses (bench/ingest.py's pages),
reads each with both paths (median of --repeat runs) and checks that the items are identical.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import html_page  # noqa: E402


def write(path: Path, records: int, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(3)
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for n in range(records):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://site{n % 7}.example/{n}", "response",
                                                          payload=io.BytesIO(html_page(rng, n).encode()),
                                                          http_headers=http))


def main() -> None:
    from quelle.ingest import warc

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for gz in (True, False):
            path = Path(tmp) / ("crawl.warc.gz" if gz else "crawl.warc")
            write(path, args.records, gz)
            times: dict[str, list[float]] = {"warcio": [], "fastwarc": []}
            results = {}
            for _ in range(args.repeat):
                for name, reader in (("warcio", warc._read_warcio), ("fastwarc", warc.read_warc)):
                    started = time.perf_counter()
                    items = [(i.source_id, i.raw_ref, i.document.content if i.document else i.failure)
                             for i in reader(str(path), 10 * 1024 * 1024)]
                    times[name].append(time.perf_counter() - started)
                    results[name] = items
            slow, fast = statistics.median(times["warcio"]), statistics.median(times["fastwarc"])
            print(f"{path.name}: {args.records} records, warcio {args.records / slow:,.0f} records/s, fastwarc "
                  f"{args.records / fast:,.0f} records/s ({slow / fast:.1f}x), identical items: "
                  f"{results['warcio'] == results['fastwarc']}")


if __name__ == "__main__":
    main()
