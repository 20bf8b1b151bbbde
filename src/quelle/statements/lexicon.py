"""Lexicons for the statement extractor, loaded once from the package's data files.

Why data files: cue verbs, role nouns, pronouns and place names are what a researcher
extends; they must not need a code change. German cue verbs are listed as infinitives and
expanded here with ablaut into the finite forms, participles and separable particles that
running text uses; Konjunktiv I forms are derived the same way.
"""

from __future__ import annotations

import csv
import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

MEDIA = ("Speech", "Writing", "Thought", "SW", "ST", "TW")


@dataclass(frozen=True, slots=True)
class CueForm:
    """One word form of a cue verb: which verb, which particle it needs, finite or not."""

    lemma: str
    particle: str | None
    finite: bool
    medium: str
    weak: bool


@dataclass(frozen=True, slots=True)
class Role:
    suffix: str
    gender: str
    number: str
    classes: frozenset[str]


@dataclass(slots=True)
class Lexicon:
    language: str
    cues: dict[str, list[CueForm]]
    attribution_before: set[str]
    attribution_after: set[str]
    nach_nouns: tuple[str, ...]
    attribution_adverbs: set[str]
    so_words: set[str]
    konj1: set[str]
    konj2: set[str]
    complementizers: set[str]
    adverbs: set[str]
    speaker_stop: set[str]
    pronouns: dict[str, tuple[str, str]]
    titles: set[str]
    particles: set[str]
    roles: list[Role] = field(default_factory=list)
    reported: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # finite form -> (lemma, particle)
    opinion_nouns: set[str] = field(default_factory=set)  # "X ist der Ansicht, dass …"
    not_speakers: set[str] = field(default_factory=set)  # words that never name a speaker alone ("any", "Sunday")
    cue_phrases: dict[str, str] = field(default_factory=dict)  # two-word cues -> medium ("made clear")
    to_cues: set[str] = field(default_factory=set)  # cues whose content may be a to-infinitive ("threatened to")
    object_cues: set[str] = field(default_factory=set)  # cues with an addressee object ("told reporters that")
    speaker_nouns: set[str] = field(default_factory=set)  # lower-case heads of speaker phrases ("police", "media")
    judgement_forms: set[str] = field(default_factory=set)  # "hält" of "hält es für möglich, dass"
    cue_companions: set[str] = field(default_factory=set)  # "sich", "darauf": part of the cue next to its verb
    institutions: tuple[str, ...] = ()  # heads of institution names that speak ("Regierung", "Bundespolizei")
    reported_passive: dict[str, str] = field(default_factory=dict)  # participle -> reported verb ("bezeichnet")
    addressee_verbs: set[str] = field(default_factory=set)  # infinitives whose object is the addressee ("vorwerfen")
    telling_verbs: set[str] = field(default_factory=set)  # infinitives with a dative addressee ("sagte der Zeitung")
    quote_verbs: set[str] = field(default_factory=set)  # verbs whose object carries quoted words ("calls him the …")
    headline_labels: set[str] = field(default_factory=set)  # words before a headline colon that name no speaker
    gloss_words: set[str] = field(default_factory=set)  # words before quoted glosses or names ("or", "so-called")
    active_only_cues: set[str] = field(default_factory=set)  # cues whose passive is a decision ("it was agreed")
    _role_cache: dict[str, Role | None] = field(default_factory=dict)

    def institution(self, word: str) -> bool:
        """A capitalised noun naming an institution that can speak ("Landesregierung", "Polizei")."""
        return word[:1].isupper() and word.lower().endswith(self.institutions)

    def role_of(self, word: str) -> Role | None:
        """The role noun a (capitalised) word ends with, longest suffix first; None if none."""
        try:
            return self._role_cache[word]
        except KeyError:
            pass
        low = word.lower()
        found = next((role for role in self.roles if low.endswith(role.suffix)), None)
        if len(self._role_cache) < 100_000:
            self._role_cache[word] = found
        return found


def _read_yaml(name: str) -> dict:
    with resources.files("quelle.statements.data").joinpath(name).open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe, in C
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping")
    _check_strings(data, name)
    return data


def _check_strings(node: object, where: str) -> None:
    """Every list item must be a string: YAML reads bare on/no/yes as booleans, which would silently
    drop a word (this happened with "on" and Norway's "NO")."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_strings(value, f"{where}:{key}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                _check_strings(item, where)
            elif not isinstance(item, str):
                raise ValueError(f"{where}: {item!r} is not a string (quote it in the YAML file)")


def _read_roles(name: str) -> list[Role]:
    text = resources.files("quelle.statements.data").joinpath(name).read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    roles = []
    seen: set[str] = set()
    for row in csv.DictReader(rows, delimiter="\t"):
        if row["gender"] not in ("m", "f", "x") or row["number"] not in ("sg", "pl"):
            raise ValueError(f"{name}: bad gender/number in {row}")
        if row["suffix"].lower() in seen:
            raise ValueError(f"{name}: {row['suffix']!r} is listed twice")
        seen.add(row["suffix"].lower())
        roles.append(Role(row["suffix"].lower(), row["gender"], row["number"], frozenset(row["classes"].split(","))))
    roles.sort(key=lambda r: -len(r.suffix))
    return roles


def _german_forms(infinitive: str) -> list[tuple[str, str | None, bool]]:
    """(word, separable particle or None, finite?) for the forms news use of one verb."""
    import ablaut

    try:
        table = ablaut.conjugate(infinitive)
    except ValueError:
        return [(infinitive, None, False)]
    out: list[tuple[str, str | None, bool]] = []
    finite = [table.present[0], table.present[2], table.present[3], table.present[5], table.preterite[2],
              table.preterite[3], table.preterite[5], table.konjunktiv1[2], table.konjunktiv1[5],
              table.konjunktiv2[2], table.konjunktiv2[5]]
    for form in finite:
        words = form.split()
        out.append((words[0], words[-1] if len(words) > 1 else None, True))
        if len(words) > 1:  # verb-final clauses join the particle: "wie er mitteilte"
            out.append((words[-1] + words[0], None, True))
    for form in (table.past_participle, table.infinitive, table.zu_infinitive):
        out.append((form, None, False))
    return out


def _konj1_forms(verbs: list[str]) -> set[str]:
    """Konjunktiv I forms that differ from the indicative (sei, habe, könne, seien, ...)."""
    import ablaut

    forms: set[str] = set()
    for verb in verbs:
        try:
            table = ablaut.conjugate(verb)
        except ValueError:
            continue
        for person in (2, 5):
            k1, ind = table.konjunktiv1[person].split()[0], table.present[person].split()[0]
            if k1 != ind:
                forms.add(k1)
    return forms


@lru_cache(maxsize=4)
def lexicon(language: str) -> Lexicon:
    """The lexicon for "de" or "en" (anything else falls back to English)."""
    lang = "de" if language == "de" else "en"
    data = _read_yaml(f"{lang}.yaml")
    weak = set(data.get("weak_cues", []))
    cues: dict[str, list[CueForm]] = {}
    for medium, verbs in data["cue_verbs"].items():
        if medium not in MEDIA:
            raise ValueError(f"{lang}.yaml: unknown medium {medium}")
        for verb in verbs:
            forms = _german_forms(verb) if lang == "de" else [(verb, None, True)]
            for word, particle, finite in forms:
                entry = CueForm(verb, particle, finite, medium, verb in weak)
                bucket = cues.setdefault(word.lower(), [])
                if entry not in bucket:
                    bucket.append(entry)
    att = data.get("attribution", {})
    konj1 = _konj1_forms(list(data.get("konj1_verbs", [])) + [v for vs in data["cue_verbs"].values() for v in vs]) \
        if lang == "de" else set()
    return Lexicon(
        language=lang,
        cues=cues,
        attribution_before={w.lower() for w in att.get("before", [])},
        attribution_after={w.lower() for w in att.get("after", [])},
        nach_nouns=tuple(sorted((w.lower() for w in att.get("nach_nouns", [])), key=len, reverse=True)),
        attribution_adverbs={w.lower() for w in att.get("adverbs", [])},
        so_words={w.lower() for w in att.get("so", [])},
        konj1=konj1,
        konj2={w.lower() for w in data.get("konj2_forms", [])},
        complementizers={w.lower() for w in data.get("complementizers", [])},
        adverbs={w.lower() for w in data.get("adverbs", [])},
        speaker_stop={w.lower() for w in data.get("speaker_stop", [])},
        pronouns={k.lower(): (v[0], v[1]) for k, v in data.get("pronouns", {}).items()},
        titles=set(data.get("titles", [])),
        particles=set(data.get("name_particles", [])),
        roles=_read_roles(f"roles_{lang}.tsv"),
        reported=(_reported_forms(data.get("reported_verbs", [])) if lang == "de"
                  else {w.lower(): (w.lower(), None) for w in data.get("reported_verbs", [])}),
        opinion_nouns=set(data.get("opinion_nouns", [])),
        not_speakers={w.lower() for w in data.get("not_speakers", [])},
        cue_phrases={w.lower(): medium for medium, words in data.get("cue_phrases", {}).items() for w in words},
        to_cues={w.lower() for w in data.get("to_cues", [])},
        object_cues={w.lower() for w in data.get("object_cues", [])},
        speaker_nouns={w.lower() for w in data.get("speaker_nouns", [])},
        judgement_forms={w.lower() for w in data.get("judgement_forms", [])},
        cue_companions={w.lower() for w in data.get("cue_companions", [])},
        institutions=tuple(sorted((w.lower() for w in data.get("institutions", [])), key=len, reverse=True)),
        reported_passive=_participles(data.get("reported_verbs", [])) if lang == "de" else {},
        addressee_verbs=set(data.get("addressee_verbs", [])),
        telling_verbs=set(data.get("telling_verbs", [])),
        quote_verbs={w.lower() for w in data.get("quote_verbs", [])},
        headline_labels={w.lower() for w in data.get("headline_labels", [])},
        gloss_words={w.lower() for w in data.get("gloss_words", [])},
        active_only_cues={w.lower() for w in data.get("active_only_cues", [])},
    )


def _participles(verbs: list[str]) -> dict[str, str]:
    """Past participles of the reported-speech verbs ("bezeichnet", "vorgeworfen") for passive reports."""
    out: dict[str, str] = {}
    for verb in verbs:
        forms = [word for word, _particle, finite in _german_forms(verb) if not finite]
        if forms and forms[0] != verb:
            out.setdefault(forms[0].lower(), verb)
    return out


def _reported_forms(verbs: list[str]) -> dict[str, tuple[str, str | None]]:
    """Finite third-person forms of the reported-speech verbs: word -> (infinitive, separable particle)."""
    out: dict[str, tuple[str, str | None]] = {}
    for verb in verbs:
        for word, particle, finite in _german_forms(verb):
            if finite:
                out.setdefault(word.lower(), (verb, particle))
    return out


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    kind: str  # state, place, organisation
    name: str  # canonical name
    state: str | None


@lru_cache(maxsize=2)
def places(language: str = "de") -> dict[str, PlaceInfo]:
    """Surface form -> what it names: states (with pycountry's German/English names), capitals, organisations.
    A state's canonical name is the German one, or for English text the English one ("North Korea", not
    "Nordkorea": speaker names are read in the article's language)."""
    import pycountry

    data = _read_yaml("places.yaml")
    table: dict[str, PlaceInfo] = {}
    try:
        german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        german = None
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name)}
        if german is not None:
            names.add(german.gettext(country.name))
        for name in names:
            if " " not in name and "," not in name:
                table.setdefault(name, PlaceInfo("state", name, name))
    for entry in data["states"]:
        canonical = entry.get("en", entry["name"]) if language == "en" else entry["name"]
        info = PlaceInfo("state", canonical, canonical)
        for name in [entry["name"], *entry.get("aliases", [])]:
            table[name] = info
        for capital in entry.get("capitals", []):
            table[capital] = PlaceInfo("place", capital, canonical)
    for org in data.get("organisations", []):
        table[org] = PlaceInfo("organisation", org, None)
    return table


_NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "ität", "ismus", "ment", "tum", "nis", "ling", "ungen",
                  "heiten", "keiten", "schaften", "tionen", "nisse", "times", "news", "post", "zeitung", "wunsch",
                  "rights", "watch", "organisation", "agentur", "ministerium", "amt", "gericht", "partei")


def common_noun(word: str) -> bool:
    """German common nouns by their suffix ("Vorbereitung", "Gesellschaft"): never part of a name."""
    low = word.lower()
    return low.endswith(_NOUN_SUFFIXES) and len(low) > 5
