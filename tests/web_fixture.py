"""A small store for the web tests: one story in three languages (our invented RT fixture and
its versions) and hostile documents (script tags, event attributes, javascript: URLs, bidi
tricks, right-to-left text, very long lines, a source_id with '/')."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

COPIES = Path(__file__).resolve().parent / "fixtures" / "copies"

SCRIPT_TITLE = '<script>window.__pwned = 1</script>Hafen <img src=x onerror="window.__pwned = 2">'
HOSTILE_TEXT = (
    SCRIPT_TITLE + "\n\n"
    "Die Reederei will im Sommer eine neue Fähre zwischen Kiel und Aarhus einsetzen. "
    "„Wir sind <b onmouseover=\"window.__pwned = 3\">bereit</b>“, sagte Geschäftsführerin Jana Holm am Dienstag. "
    "Die Datei heißt invoice\u202egnp.exe und <a href=\"javascript:alert(1)\">hier</a> klicken. "
    "<svg onload=\"window.__pwned = 4\"></svg>\n\n"
    + "Langezeile" * 600 + "\n"
)
RTL_TEXT = ("ميناء جديد في المدينة\n\nقالت الوزيرة سارة خليل يوم الثلاثاء إن الميناء الجديد سيفتح في الصيف. "
            "وأضافت أن المشروع سيوفر آلاف الوظائف في المنطقة.\n")  # invented
HOSTILE_URL = "javascript:alert(document.domain)"


def _marker_free(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith(("You can share", "Follow RT"))]
    lines[0] = lines[0].split(" – ")[0]
    return "\n".join(lines).strip() + "\n"


def rows() -> list[dict]:
    en = (COPIES / "rt_story_en.txt").read_text(encoding="utf-8")
    return [
        {"id": "rt-en", "text": en, "site": "rt.com", "url": "https://www.rt.com/news/1-ryabkov/",
         "published": "2027-06-07"},
        {"id": "mt-de", "text": (COPIES / "rt_story_de_mt.txt").read_text(encoding="utf-8"),
         "site": "nachrichten-spiegel.example", "url": "https://nachrichten-spiegel.example/a/1",
         "published": "2027-06-08"},
        {"id": "relay-en", "text": _marker_free(en), "site": "relay.example", "url": "https://relay.example/ryabkov",
         "published": "2027-06-09"},
        {"id": "ru/relay/1", "text": (COPIES / "rt_story_ru.txt").read_text(encoding="utf-8"),
         "site": "ru-relay.example", "url": "https://ru-relay.example/1", "published": "2027-06-10"},
        {"id": "hostile/script", "text": HOSTILE_TEXT, "url": HOSTILE_URL, "site": "evil.example",
         "published": "2027-06-11"},
        {"id": "rtl-1", "text": RTL_TEXT, "url": "https://ar.example/port", "site": "ar.example",
         "published": "2027-06-12"},
    ]


def build(folder: Path) -> str:
    """The store's URL after a real `quelle ingest` (copy detection included)."""
    jsonl = folder / "web.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows()) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'web.db'}"
    result = subprocess.run([sys.executable, "-m", "quelle", "ingest", "--db", url, "--workers", "1", str(jsonl)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return url


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`quelle serve` on 127.0.0.1 in a subprocess, for tests that need a real HTTP server."""

    def __init__(self, db_url: str, *args: str) -> None:
        import os
        import time
        import urllib.request

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "QUELLE_API_TOKEN": ""}
        self.process = subprocess.Popen([sys.executable, "-m", "quelle", "serve", "--db", db_url, "--host",
                                         "127.0.0.1", "--port", str(self.port), *args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"quelle serve exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(self.base + "/static/quelle.css", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("quelle serve did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
