"""An invented corpus for the batch tests: 1,000 documents with copies, translations and bad records.

Made of the copy evaluation set (270 documents: copies, excerpts, German, English and Russian
translations), generated stories with near-copies and teasers (originals on outlets' domains, so
marker-free copies inherit their origin), bad JSON lines, and a WARC written here with warcio
(HTML responses that copy some of the stories, plus records that are skipped or fail).
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from quelle.copies.evalset import GOLD

PEOPLE = ["Sergej Lawrow", "Annalena Berger", "Markus Feldmann", "Olga Petrowa", "Jens Kowalski", "Miriam Okafor",
          "John Carter", "Maria Lopez", "Ahmed Khan", "Sarah Mitchell", "Viktor Orlov", "Emily Zhang"]
PLACES = ["Berlin", "Moskau", "Wien", "Genf", "Ankara", "Warschau", "Kiew", "Brüssel"]
NOUNS = ["Hafen", "Haushalt", "Vertrag", "Pipeline", "Getreide", "Grenze", "Rente", "Wahl", "Brücke", "Fähre",
         "Netz", "Steuer", "Schule", "Klinik", "Bahn", "Strom", "Wasser", "Markt", "Kredit", "Zoll"]
VERBS = ["beschloss", "prüfte", "verschob", "kritisierte", "forderte", "lehnte ab", "begrüßte", "plante"]
ORIGINS = ["de.rt.com", "tass.com", "sputniknews.com", None, None]
SITES = ["nachrichten-portal.example", "blog-aktuell.example", "news-relay.example", "info-kanal.example",
         "stadtzeitung.example", "weltblick.example"]


def _paragraph(rng: random.Random, n: int) -> str:
    person, place = rng.choice(PEOPLE), rng.choice(PLACES)
    words = [rng.choice(NOUNS) for _ in range(8)]
    number = rng.randint(2, 900)
    return (f"In {place} {rng.choice(VERBS)} {person} am Dienstag den Plan für {words[0]} und {words[1]} "
            f"mit {number} Millionen Euro. Der Ausschuss sprach über {words[2]}, {words[3]} und {words[4]}; "
            f"die Sitzung {n} dauerte bis zum Abend. „Wir brauchen {words[5]} und {words[6]}“, sagte {person}. "
            f"Kritiker erklärten, der {words[7]} sei zu teuer.")


def _story(rng: random.Random, n: int) -> tuple[str, list[str]]:
    title = f"{rng.choice(NOUNS)}: {rng.choice(PEOPLE)} {rng.choice(VERBS)} Plan {n}"
    return title, [_paragraph(rng, n * 10 + k) for k in range(rng.randint(4, 7))]


def _cast_paragraph(rng: random.Random, people: list[str], place: str, numbers: list[int], n: int) -> str:
    """A paragraph about a story's own two people, place and numbers (edits of one article share them)."""
    w = [rng.choice(NOUNS) for _ in range(6)]
    return (f"{people[n % 2]} {rng.choice(VERBS)} in {place} den Entwurf zu {w[0]} und {w[1]} ({numbers[n % 2]} "
            f"Seiten). Laut {people[(n + 1) % 2]} fehlen {w[2]}, {w[3]} und {w[4]} seit dem Frühjahr. "
            f"Ob der {w[5]} bleibt, ist offen.")


def _windows(rng: random.Random, count: int) -> list[dict[str, str | None]]:
    """Two windows of one longer article each (paragraphs 1-6 and 5-10): they overlap in part only, so they
    link as partial copies, or not, by the long passages they share and their names and numbers."""
    rows: list[dict[str, str | None]] = []
    for n in range(count):
        people, place = rng.sample(PEOPLE, 2), rng.choice(PLACES)
        numbers = [rng.randint(10, 99), rng.randint(100, 999)]
        paragraphs = [_cast_paragraph(rng, people, place, numbers, k) for k in range(10)]
        title = f"{people[0]} und der Entwurf {n}"
        rows.append({"id": f"w{n}-a", "text": _text(title, paragraphs[:6]), "site": SITES[n % len(SITES)],
                     "published": f"2026-03-{n % 27 + 1:02d}"})
        later = None if n % 3 == 0 else f"2026-03-{n % 27 + 2:02d}"  # some undated
        rows.append({"id": f"w{n}-b", "text": _text("Neu: " + title, paragraphs[4:]),
                     "site": SITES[(n + 1) % len(SITES)], "published": later})
    return rows


def _text(title: str, paragraphs: list[str]) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs)


def _html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav>Start | Politik | Kontakt</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Impressum</footer></body></html>")


def write_corpus(root: Path, generated_stories: int = 150, seed: int = 11) -> tuple[list[str], int]:
    """Writes the inputs under ``root``; returns the input paths and the number of records in them."""
    rng = random.Random(seed)
    records = 0
    jsonl = root / "articles.jsonl"
    warc_pages: list[tuple[str, str]] = []
    with open(jsonl, "w", encoding="utf-8") as out:
        for line in GOLD.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "text": row["text"], "site": row.get("site"),
                                  "published": row.get("published")}, ensure_ascii=False) + "\n")
            records += 1
        for n in range(generated_stories):
            title, paragraphs = _story(rng, n)
            origin = ORIGINS[n % len(ORIGINS)]
            day = f"2026-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
            site = origin or rng.choice(SITES)
            out.write(json.dumps({"id": f"g{n}", "text": _text(title, paragraphs), "site": site, "published": day,
                                  "url": f"https://{site}/politik/{n}"}, ensure_ascii=False) + "\n")
            records += 1
            for c in range(n % 4):  # copies: whole, edited (last paragraph dropped), teaser
                copy_site = SITES[(n + c) % len(SITES)]
                if c == 0:
                    text = _text(title, paragraphs)
                elif c == 1:
                    text = _text("Neu: " + title, paragraphs[:-1])
                else:
                    text = _text(title, paragraphs[:1]) + "\n\nWeiterlesen"
                published = None if (n + c) % 5 == 0 else day  # some copies are undated
                out.write(json.dumps({"id": f"g{n}-c{c}", "text": text, "site": copy_site, "published": published},
                                     ensure_ascii=False) + "\n")
                records += 1
            if n % 5 == 0:
                warc_pages.append((title, _html(title, paragraphs)))
        for row in _windows(random.Random(seed + 1), 20):  # its own generator: the rest stays as it was
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            records += 1
        out.write("this line is not JSON\n")
        out.write(json.dumps({"id": "empty", "text": "   "}) + "\n")
        records += 2
    records += _filler(root / "filler.jsonl", rng, 1000 - records)  # 1,000 JSON lines, then the WARC
    records += _warc(root / "crawl.warc.gz", warc_pages)
    return [str(jsonl), str(root / "filler.jsonl"), str(root / "crawl.warc.gz")], records


def _filler(path: Path, rng: random.Random, count: int) -> int:
    """Unrelated articles (every one its own story): the bulk of a real crawl."""
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            title, paragraphs = _story(rng, 10_000 + n)
            out.write(json.dumps({"id": f"f{n}", "text": _text(title, paragraphs), "site": rng.choice(SITES),
                                  "published": f"2026-{n % 12 + 1:02d}-{n % 27 + 1:02d}"},
                                 ensure_ascii=False) + "\n")
    return count


def _warc(path: Path, pages: list[tuple[str, str]]) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def http(content_type: str) -> StatusAndHeaders:
        return StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")

    records = 0
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, (_title, page) in enumerate(pages):
            writer.write_record(writer.create_warc_record(
                f"https://relay{n % 3}.example/a/{n}", "response", payload=io.BytesIO(page.encode()),
                http_headers=http("text/html; charset=utf-8")))
            records += 1
        writer.write_record(writer.create_warc_record(  # skipped: not HTML
            "https://relay0.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n"),
            http_headers=http("image/png")))
        writer.write_record(writer.create_warc_record(  # an error row: binary content declared as HTML
            "https://relay1.example/broken", "response", payload=io.BytesIO(b"\x89PNG\r\n\x00\x00binary"),
            http_headers=http("text/html")))
        writer.write_record(writer.create_warc_record(  # an error row: empty page
            "https://relay2.example/empty", "response", payload=io.BytesIO(b" "), http_headers=http("text/html")))
        records += 2
    return records


def dump_store(path: Path) -> dict[str, list]:
    """Everything ingest writes to a SQLite store, keyed by source_id instead of row ids (for comparisons)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        def rows(sql: str) -> list[tuple]:
            return conn.execute(sql).fetchall()

        ids = dict(rows("select id, source_id from documents"))
        columns = ("source_id, content_hash, url, site, title, language, published, fetched, media_type, encoding, "
                   "origin_outlet, origin_edition, confidence, confidence_label, republished, translated_from, "
                   "statement_count, entity_count, size, raw_ref, text")
        return {
            "documents": sorted(rows(f"select {columns} from documents")),
            "reports": sorted((ids[d], b) for d, b in rows("select document_id, body from reports")),
            "raw_pages": sorted((ids[d], bytes(c)) for d, c in rows("select document_id, content from raw_pages")),
            "evidence": sorted((ids[d], i, data) for d, i, data in rows("select document_id, idx, data from evidence")),
            "statements": sorted((ids[d], i, data) for d, i, data in
                                 rows("select document_id, idx, data from statements")),
            "entities": sorted((ids[d], i, data) for d, i, data in rows("select document_id, idx, data from entities")),
            "errors": sorted(rows("select source_id, content_hash, kind, message, raw_ref from errors")),
            "copy_links": sorted((ids[a], ids[b], r, s, c, e) for a, b, r, s, c, e in
                                 rows("select a_id, b_id, relation, score, contained, evidence from copy_links")),
            "stories": sorted((ids[s], ids[e], n, lang, sites, str(f), str(last), t, o)
                              for s, e, n, lang, sites, f, last, t, o in
                              rows("select id, earliest_id, size, languages, sites, first_published, "
                                   "last_published, title, origin_outlet from stories")),
            "story_members": sorted((ids[d], ids[s], r, ids.get(v), delay) for d, s, r, v, delay in
                                    rows("select document_id, story_id, relation, via_id, delay_days "
                                         "from story_members")),
            "copy_inherited": sorted((ids[d], ids[f], o, r, p) for d, f, o, r, p in
                                     rows("select document_id, from_id, outlet, relation, published_inherited "
                                          "from copy_inherited")),
        }
    finally:
        conn.close()
