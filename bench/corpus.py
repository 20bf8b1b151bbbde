"""Invented, varied news articles for benchmarks: German and English, text and HTML.

Deterministic (seeded), written from word lists here, so the benchmarks need no
third-party text. Articles are about 3 KB, the size the issue targets name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PEOPLE_DE = ["Sergej Lawrow", "Annalena Berger", "Markus Feldmann", "Olga Petrowa", "Jens Kowalski",
             "Miriam Okafor", "Dmitri Sokolow", "Helga Brandt", "Tomasz Nowak", "Lea Schuster"]
ROLES_DE = ["Außenminister", "Regierungssprecherin", "Bürgermeister", "Botschafter", "Sprecher des Ministeriums",
            "Vorsitzende des Ausschusses", "Wirtschaftsminister", "Diplomat"]
PLACES = ["Berlin", "Moskau", "Washington", "Kiew", "Brüssel", "Warschau", "Peking", "Wien", "Genf", "Ankara"]
TOPICS_DE = ["die Gaspreise", "den Hafenausbau", "die Verhandlungen", "die Sanktionen", "die Wahl",
             "den Haushalt", "die Getreideexporte", "den Grenzverkehr", "die Rentenreform", "den Streik"]
CUES_DE = ["sagte", "betonte", "erklärte", "teilte mit", "warnte", "fügte hinzu", "unterstrich"]
KONJ_DE = ["sei", "habe", "werde", "könne", "müsse", "solle"]
PEOPLE_EN = ["John Carter", "Maria Lopez", "Ahmed Khan", "Sarah Mitchell", "Viktor Orlov", "Emily Zhang",
             "Robert Hughes", "Anna Kowalczyk", "David Osei", "Laura Fischer"]
ROLES_EN = ["foreign minister", "spokeswoman", "mayor", "ambassador", "senator", "chief executive", "diplomat"]
TOPICS_EN = ["gas prices", "the port expansion", "the negotiations", "sanctions", "the election", "the budget",
             "grain exports", "border traffic", "pension reform", "the strike"]
CUES_EN = ["said", "told reporters", "stressed", "warned", "added", "explained"]


@dataclass(frozen=True, slots=True)
class BenchArticle:
    name: str
    language: str
    media_type: str
    content: bytes


def _german(rng: random.Random) -> tuple[str, list[str]]:
    person, role, place = rng.choice(PEOPLE_DE), rng.choice(ROLES_DE), rng.choice(PLACES)
    surname = person.split()[-1]
    topic = rng.choice(TOPICS_DE)
    title = f"Streit um {topic.split(' ', 1)[1]} in {place}"
    paragraphs = [
        f"Der {role} {person} hat am Montag in {place} vor Folgen für {topic} gewarnt.",
    ]
    while sum(len(p) for p in paragraphs) < 2900:
        kind = rng.randrange(4)
        if kind == 0:
            paragraphs.append(
                f"„Wir werden {topic} nicht aus den Augen verlieren, und wir erwarten Antworten bis "
                f"{rng.randint(1, 28)}. {rng.choice(['März', 'April', 'Mai', 'Juni'])}“, {rng.choice(CUES_DE)} "
                f"{surname} vor Journalisten in {rng.choice(PLACES)}."
            )
        elif kind == 1:
            paragraphs.append(
                f"{surname} {rng.choice(CUES_DE)}, die Lage {rng.choice(KONJ_DE)} ernst, aber man "
                f"{rng.choice(KONJ_DE)} bereit, über {topic} zu sprechen. Nach Angaben des Ministeriums wurden "
                f"{rng.randint(2, 900)} Anträge geprüft."
            )
        elif kind == 2:
            paragraphs.append(
                f"Laut {rng.choice(PEOPLE_DE)} hat die Regierung in {rng.choice(PLACES)} bereits {rng.randint(3, 60)} "
                f"Millionen Euro bereitgestellt. Kritiker halten das für zu wenig und verlangen eine Debatte im "
                f"Parlament, die noch in diesem Monat stattfinden soll."
            )
        else:
            paragraphs.append(
                f"Die Opposition kritisierte das Vorgehen scharf. Der Streit über {topic} dauert seit Wochen an, "
                f"zuletzt hatten sich Vertreter aus {rng.choice(PLACES)} und {rng.choice(PLACES)} getroffen, ohne "
                f"eine Einigung zu erzielen."
            )
    return title, paragraphs


def _english(rng: random.Random) -> tuple[str, list[str]]:
    person, role, place = rng.choice(PEOPLE_EN), rng.choice(ROLES_EN), rng.choice(PLACES)
    surname = person.split()[-1]
    topic = rng.choice(TOPICS_EN)
    title = f"Row over {topic} deepens in {place}"
    paragraphs = [f"The {role} {person} warned on Monday in {place} about the consequences for {topic}."]
    while sum(len(p) for p in paragraphs) < 2900:
        kind = rng.randrange(4)
        if kind == 0:
            paragraphs.append(
                f"“We will not lose sight of {topic}, and we expect answers by the end of the month,” "
                f"{surname} {rng.choice(CUES_EN)} in {rng.choice(PLACES)}."
            )
        elif kind == 1:
            paragraphs.append(
                f"{surname} {rng.choice(CUES_EN)} that the situation was serious but that the government was ready "
                f"to talk about {topic}. According to the ministry, {rng.randint(2, 900)} applications were checked."
            )
        elif kind == 2:
            paragraphs.append(
                f"According to {rng.choice(PEOPLE_EN)}, the government in {rng.choice(PLACES)} has already set "
                f"aside {rng.randint(3, 60)} million euros. Critics say that is not enough."
            )
        else:
            paragraphs.append(
                f"The opposition sharply criticised the move. The dispute over {topic} has lasted for weeks; "
                f"officials from {rng.choice(PLACES)} and {rng.choice(PLACES)} met last week without agreement."
            )
    return title, paragraphs


def _as_text(title: str, paragraphs: list[str], rng: random.Random) -> str:
    lines = [title, ""]
    if rng.random() < 0.3:
        lines += ["Quelle: Beispielagentur" if rng.random() < 0.5 else "Source: Example Agency", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    if rng.random() < 0.5:
        lines += ["Folgen Sie uns auf Telegram" if rng.random() < 0.5 else "Follow us on Telegram"]
    return "\n".join(lines)


def _as_html(title: str, paragraphs: list[str], rng: random.Random, index: int) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    nav = "".join(f'<li><a href="/rubrik/{i}">Rubrik {i}</a></li>' for i in range(12))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | Beispielzeitung</title>'
        f'<meta property="og:site_name" content="Beispielzeitung">'
        f'<meta property="article:published_time" content="2024-0{1 + index % 9}-1{index % 10}T10:00:00Z">'
        f'<link rel="canonical" href="https://beispiel-{index % 50}.example/artikel/{index}"></head>'
        f"<body><header><ul>{nav}</ul></header><main><article><h1>{title}</h1>{body}</article>"
        f'<aside><h2>Meistgelesen</h2><ul>{nav}</ul></aside></main>'
        f"<footer><p>© 2024 Beispielzeitung</p><p>Impressum · Datenschutz · Kontakt</p></footer></body></html>"
    )


def build(count: int, seed: int = 7, html_share: float = 0.5) -> list[BenchArticle]:
    """COUNT articles, half German and half English, html_share of them as HTML pages."""
    rng = random.Random(seed)
    articles = []
    for index in range(count):
        language = "de" if index % 2 == 0 else "en"
        title, paragraphs = _german(rng) if language == "de" else _english(rng)
        if rng.random() < html_share:
            content, media = _as_html(title, paragraphs, rng, index), "html"
        else:
            content, media = _as_text(title, paragraphs, rng), "text"
        articles.append(BenchArticle(f"bench-{index:06d}", language, media, content.encode("utf-8")))
    return articles
