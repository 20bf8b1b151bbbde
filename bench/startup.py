"""Cold start of `quelle analyze`: CPU of one whole process, against `python -c "import trafilatura"`.

Each measurement is a new process (interleaved rounds, CPU = user + system of the child, from
getrusage; wall-clock is printed too but depends on the machine's load). Rows:

* the seed article (plain text) with the prepared data in the cache (the normal case);
* the same with an empty cache folder (the first run for a user: it prepares the data);
* an invented German and an invented French HTML page (trafilatura and htmldate load);
* three files in one call (`quelle analyze A B C --json`, one warm pipeline);
* the baseline: `python -c "import trafilatura"`.

quelle's modules are byte-compiled first (``compileall``), as ``pip install`` does for the
installed trafilatura of the baseline: an editable install under ``PYTHONDONTWRITEBYTECODE``
(this machine sets it) would otherwise compile every quelle module from source in every process.

    .venv/bin/python bench/startup.py [--rounds 7] [--seed ../shared/samples/000_94a5e4ef7fbe2b37.txt]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "samples" / "000_94a5e4ef7fbe2b37.txt"
QUELLE = [sys.executable, "-m", "quelle"]

HTML = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2027-03-14T09:00:00Z"></head><body>
<nav><a href="/">Start</a> | <a href="/politik">Politik</a></nav><article><h1>{title}</h1>
{paragraphs}</article><footer>© 2027 Beispiel</footer></body></html>"""
DE = ["Der Stadtrat hat am Dienstag über den neuen Haushalt beraten. Die Bürgermeisterin Karla Wendel sagte, "
      "die Mittel reichten für zwei Jahre.", "„Wir müssen jetzt handeln“, sagte Wendel. Die Opposition erklärte, "
      "die Pläne seien zu teuer.", "Nach Angaben der Verwaltung soll die Arbeit im Frühjahr beginnen."]
FR = ["Le conseil municipal a débattu mardi du nouveau budget. La maire Karla Wendel a déclaré que les fonds "
      "suffiraient pour deux ans.", "« Nous devons agir maintenant », a affirmé Wendel. L'opposition a estimé "
      "que les projets étaient trop chers.", "Selon l'administration, les travaux commenceront au printemps."]


def page(lang: str, title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs * 3)
    return HTML.format(lang=lang, title=title, paragraphs=body)


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args()
    if not args.seed.exists():
        raise SystemExit(f"{args.seed} is absent (the shared samples live in ../shared)")
    work = Path(tempfile.mkdtemp(prefix="quelle-bench-start-"))
    de, fr = work / "de.html", work / "fr.html"
    de.write_text(page("de", "Stadtrat berät Haushalt", DE), encoding="utf-8")
    fr.write_text(page("fr", "Le conseil débat du budget", FR), encoding="utf-8")
    seed = str(args.seed)
    import quelle

    compileall.compile_dir(str(Path(quelle.__file__).parent), quiet=1)  # what pip install does
    subprocess.run([*QUELLE, "analyze", seed, "--json"], capture_output=True, check=True)  # cache filled
    rows = {
        "analyze seed (text)": lambda: run([*QUELLE, "analyze", seed, "--json"]),
        "analyze seed, empty cache": lambda: run([*QUELLE, "analyze", seed, "--json"],
                                                 {**os.environ, "QUELLE_CACHE_DIR": tempfile.mkdtemp(dir=work)}),
        "analyze German HTML": lambda: run([*QUELLE, "analyze", str(de), "--json"]),
        "analyze French HTML": lambda: run([*QUELLE, "analyze", str(fr), "--json"]),
        "analyze seed + 2 HTML, one call": lambda: run([*QUELLE, "analyze", seed, str(de), str(fr), "--json"]),
        "import trafilatura (baseline)": lambda: run([sys.executable, "-c", "import trafilatura"]),
    }
    cpu: dict[str, list[float]] = {name: [] for name in rows}
    wall: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.rounds):  # interleaved: the machine's load hits every row alike
        for name, measure in rows.items():
            c, w = measure()
            cpu[name].append(c)
            wall[name].append(w)
    base = statistics.median(cpu["import trafilatura (baseline)"])
    print(f"median of {args.rounds} rounds; CPU = user + system of the process")
    print(f"{'process':<34}{'CPU s':>8}{'vs baseline':>13}{'wall s':>9}")
    for name in rows:
        c = statistics.median(cpu[name])
        print(f"{name:<34}{c:>8.3f}{c / base:>12.2f}x{statistics.median(wall[name]):>9.2f}")
    seed_cpu = statistics.median(cpu["analyze seed (text)"])
    print(f"goal: analyze seed <= 0.6 s CPU ({seed_cpu:.3f}) and <= 2x import trafilatura ({seed_cpu / base:.2f}x)")


if __name__ == "__main__":
    main()
