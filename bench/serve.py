"""`quelle serve` under load: 8 concurrent clients, 2,000 requests each, on the search page, a
document page and a static file of the same server (the baseline), over loopback.

    .venv/bin/python bench/serve.py                      # 600 invented documents, 8 x 2,000 requests
    .venv/bin/python bench/serve.py --requests 200 --workers 2

Builds a store from bench/ingest.py's invented documents (`quelle ingest --no-hooks`), starts
`quelle serve` on 127.0.0.1, and runs each target with CLIENTS client processes, each on one
kept-alive HTTP connection. Prints requests/s, p50 and p99 latency per target and the ratio of
each to the static file measured in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client(args: tuple[int, str, int]) -> list[float]:
    port, path, count = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        conn.request("GET", path)
        answer = conn.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{path}: HTTP {answer.status}")
        latencies.append(time.perf_counter() - started)
    conn.close()
    return latencies


def _load(port: int, path: str, clients: int, count: int) -> dict[str, float]:
    with mp.get_context("spawn").Pool(clients) as pool:
        pool.map(_client, [(port, path, 20)] * clients)  # warm connections and caches
        started = time.perf_counter()
        results = pool.map(_client, [(port, path, count)] * clients)
        elapsed = time.perf_counter() - started
    latencies = sorted(x for part in results for x in part)
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="requests per client and target")
    parser.add_argument("--workers", type=int, default=1, help="quelle serve --workers")
    args = parser.parse_args()
    from ingest import generate

    root = Path(tempfile.mkdtemp(prefix="quelle-bench-serve-"))
    paths = generate(root, args.docs)
    db = f"sqlite:///{root / 'serve.db'}"
    quelle = [sys.executable, "-m", "quelle"]
    subprocess.run([*quelle, "ingest", "--db", db, "--no-hooks", *paths], check=True, capture_output=True)
    port = _port()
    server = subprocess.Popen([*quelle, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(args.workers)], stderr=subprocess.DEVNULL,
                              env={**os.environ, "QUELLE_API_TOKEN": ""})
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/quelle.css", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        targets = [("static file", "/static/quelle.css"), ("search page", "/?q=Fähre+OR+bridge".replace("ä", "%C3%A4")),
                   ("search API", "/api/documents?q=bridge&limit=20"), ("document page", "/doc/7")]
        print(f"{args.docs} documents, {args.clients} clients x {args.requests} requests per target, "
              f"serve --workers {args.workers}, loopback")
        print(f"{'target':<14} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'rps / static':>13}")
        baseline = None
        for name, path in targets:
            figures = _load(port, path, args.clients, args.requests)
            baseline = baseline or figures["rps"]
            print(f"{name:<14} {figures['rps']:>11.0f} {figures['p50']:>8.1f} {figures['p99']:>8.1f} "
                  f"{figures['rps'] / baseline:>13.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
