"""What a story adds to its members' own provenance: an inherited origin and a translation finding.

Why one place, recomputed from scratch: both depend on the whole story (which member carries the
origin, which language the story was written in), and a story grows as documents arrive, in any
order. So the copy stage keeps each document's own findings (``provenance.before_copies``, what
``analyze()`` said) and works out the derived ones from those and the story every time the story
is rebuilt; a document that leaves every story gets its own findings back. What is stored then
depends on the links and the documents' own evidence, never on the order of arrival.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select

from quelle.copies import tables as T
from quelle.copies.matcher import Link
from quelle.copies.stories import Member, Story
from quelle.provenance.languages import main_language
from quelle.store import schema

# the findings the copy stage may change; ``before_copies`` keeps the document's own values of these
OWN_KEYS = ("origin", "confidence", "confidence_label", "republished", "translated", "evidence")
# votes for the language a story was written in (see ``story_language``)
VOTE_OWN_TRANSLATION = 2.0  # the member's own markers say which language it was translated from
VOTE_TEXT_ORIGIN = 1.0  # the member's text credits an origin and shows no translation
VOTE_OWN_SITE = 0.5  # the member is on its outlet's own site and nothing credits another's text
VOTE_EARLIEST_DATE = 1.0  # the one member published first


@dataclass(frozen=True, slots=True)
class Own:
    """A member's own findings (before the copy stage), as far as the story needs them."""

    outlet: str | None
    site_only: bool  # its origin comes only from the page's own site
    confidence: float
    republished: bool | None
    translated: str | None  # its own translated.from
    published: str | None  # its own date (not one taken from an original)
    language: str | None


@dataclass(frozen=True, slots=True)
class Derived:
    """What the story gives a member: the member whose origin it inherits, and a source language."""

    source: int | None = None
    relation: str | None = None
    translated: str | None = None


NOTHING = Derived()


def own_findings(prov: dict[str, Any]) -> dict[str, Any]:
    """The document's own provenance findings, whatever the copy stage has written over them."""
    if "before_copies" in prov:
        return copy.deepcopy(prov["before_copies"])
    own = {key: copy.deepcopy(prov.get(key)) for key in OWN_KEYS}
    if "inherited_from" in prov:  # written before own findings were kept: the copy stage's part taken out
        own.update(origin=None, confidence=0.0, confidence_label="none", translated=None,
                   evidence=[e for e in prov.get("evidence") or [] if e.get("kind") != "copy_link"])
    return own


def own_of(prov: dict[str, Any], language: str | None, published: str | None) -> Own:
    found = own_findings(prov)
    origin = found.get("origin") or {}
    kinds = {e.get("kind") for e in found.get("evidence") or [] if e.get("supports") == "origin"}
    translated = (found.get("translated") or {}).get("from")
    return Own(outlet=origin.get("outlet"), site_only=bool(origin) and kinds <= {"site"},
               confidence=float(found.get("confidence") or 0.0), republished=found.get("republished"),
               translated=translated, published=published, language=main_language(language))


def current(prov: dict[str, Any]) -> Derived:
    """What the copy stage has given the document so far."""
    inherited = prov.get("inherited_from") or {}
    translated = None
    if "before_copies" in prov and prov.get("translated") != (prov["before_copies"] or {}).get("translated"):
        translated = (prov.get("translated") or {}).get("from")
    return Derived(inherited.get("document_id"), inherited.get("relation"), translated)


def story_language(members: list[Member], own: dict[str, Own]) -> str | None:
    """The language the story's original was written in, from the members' own evidence, or None.

    A member translated by its own markers names its source language; a member whose text credits
    an origin and shows no translation, or that is its outlet's own page, is likely in it; the one
    member published first votes for its language. A tie says nothing: then arrival order would
    decide, and it must not.
    """
    votes: Counter[str] = Counter()
    for m in members:
        o = own[m.doc_id]
        if o.translated and o.translated != "und":
            votes[main_language(o.translated) or o.translated] += VOTE_OWN_TRANSLATION
        elif o.language and o.outlet and not o.site_only:
            votes[o.language] += VOTE_TEXT_ORIGIN
        elif o.language and o.outlet and o.republished is False:
            votes[o.language] += VOTE_OWN_SITE
    dated = sorted((o.published, o.language) for o in (own[m.doc_id] for m in members)
                   if o.published and o.language)
    if dated and (len(dated) == 1 or dated[0][0] < dated[1][0]):
        votes[dated[0][1]] += VOTE_EARLIEST_DATE
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def source_of(members: list[Member], own: dict[str, Own], arrival: dict[str, int]) -> str | None:
    """The member whose origin the others inherit: an origin from its text before one from its site,
    then the first published, a text not translated, the highest confidence; arrival order last."""
    found = [m.doc_id for m in members if own[m.doc_id].outlet]
    if not found:
        return None

    def key(doc: str):
        o = own[doc]
        return (o.site_only, o.published or "9999-99-99", o.translated is not None, -o.confidence,
                arrival.get(doc, 1 << 30), int(doc))
    return min(found, key=key)


def plan(story: Story, own: dict[str, Own], arrival: dict[str, int]) -> dict[str, Derived]:
    """What each member of ``story`` should get from it."""
    language = story_language(story.members, own)
    source = source_of(story.members, own, arrival)
    out: dict[str, Derived] = {}
    for m in story.members:
        o = own[m.doc_id]
        src = None
        if source is not None and m.doc_id != source and (
                not o.outlet or (o.site_only and not own[source].site_only)):
            src = source
        from_language = language
        if from_language is None and src is not None:
            from_language = own[src].language  # a tie of votes: the original's language, as before
        translated = None
        if (o.translated in (None, "und") and o.language and o.language != "und" and from_language
                and from_language != o.language):
            translated = from_language
        out[m.doc_id] = Derived(int(src) if src else None, m.relation if src else None, translated)
    return out


def _label(confidence: float) -> str:
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


def _redate_statements(body: dict[str, Any], published: date) -> list[tuple[int, dict[str, Any]]]:
    """Resolve "am Montag" and the like in statements that had no date, now that the copy has one."""
    from quelle.dates import find_date_expressions, resolve_relative_date

    language = body.get("language") or ""
    changed = []
    for idx, statement in enumerate(body.get("statements") or []):
        if statement.get("said_on"):
            continue
        for span in statement.get("frame") or []:
            text, offset = span.get("text") or "", span.get("start") or 0
            found = None
            for start, _end, expression in find_date_expressions(text, language):
                value = resolve_relative_date(expression, published, language)
                if value:
                    found = {**value, "text": expression, "text_start": offset + start,
                             "text_end": offset + start + len(expression), "date_from": "copy_of"}
                    break
            if found:
                statement["said_on"] = found
                changed.append((idx, statement))
                break
    return changed


def _undate_statements(body: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The statements dated from an original's date lose that date (the original is gone)."""
    changed = []
    for idx, statement in enumerate(body.get("statements") or []):
        if (statement.get("said_on") or {}).get("date_from") == "copy_of":
            statement["said_on"] = None
            changed.append((idx, statement))
    return changed


def _inherit(prov: dict[str, Any], want: Derived, src: Any, member: Member | None,
             links: dict[frozenset[str], Link], doc_id: int) -> None:
    """Give ``prov`` the origin of document ``want.source`` (row ``src``), with the copy link as evidence."""
    src_prov = own_findings(json.loads(src.body).get("provenance") or {})  # never what it inherited itself
    origin = src_prov.get("origin")
    if not origin:
        return
    via = member.via if member else None
    link = links.get(frozenset((str(doc_id), via))) if via else None
    score = link.score if link else 0.5
    confidence = round(float(src_prov.get("confidence") or 0.0) * min(1.0, 0.6 + 0.4 * score), 3)
    relation = want.relation or "copy"
    prov["evidence"].append({
        "supports": "origin", "kind": "copy_link", "text": src.title or src.source_id,
        "start": None, "end": None, "weight": round(score, 3), "in": "text",
        "detail": f"{relation} of {src.source_id} ({src.site or 'unknown site'}, {src.published or 'undated'}) "
                  "via copy link; the original's origin is inherited",
        "outlet": origin.get("outlet"), "edition": origin.get("edition"), "language": src.language})
    prov.update(origin=origin, confidence=confidence, confidence_label=_label(confidence), republished=True,
                inherited_from={"document_id": want.source, "source_id": src.source_id, "relation": relation})


def _translate(prov: dict[str, Any], language: str) -> None:
    prov["translated"] = {"from": language}
    prov["republished"] = True
    prov["evidence"].append({
        "supports": "translated", "kind": "story_translation", "text": language, "start": None, "end": None,
        "weight": 0.5, "in": "text", "outlet": None, "edition": None, "language": language,
        "detail": f"a translation link joins it to a story whose original is in {language} (from the members' "
                  f"own evidence: credits, dates, translation markers): the text was translated from {language}"})


def read(store, docs: list[int]) -> dict[int, Any]:
    """Each document's row: report body, site, language, dates (whether its date is an original's)."""
    d, r = schema.documents, schema.reports
    rows: dict[int, Any] = {}
    with store.connect() as conn:
        for start in range(0, len(docs), 500):
            chunk = docs[start:start + 500]
            for row in conn.execute(
                    select(d.c.id, d.c.source_id, d.c.site, d.c.published, d.c.language, d.c.title, r.c.body,
                           T.inherited.c.published_inherited)
                    .join(r, r.c.document_id == d.c.id).outerjoin(T.inherited, T.inherited.c.document_id == d.c.id)
                    .where(d.c.id.in_(chunk))):
                rows[row.id] = row
    return rows


def owns(rows: dict[int, Any]) -> dict[str, Own]:
    """Each document's own findings (by string id, as the stories name them)."""
    out = {}
    for doc_id, row in rows.items():
        prov = json.loads(row.body).get("provenance") or {}
        published = None if row.published_inherited or not row.published else row.published.isoformat()
        out[str(doc_id)] = own_of(prov, row.language, published)
    return out


def update(store, rows: dict[int, Any], own: dict[str, Own], stories: list[Story], arrival: dict[str, int],
           links: list[Link]) -> None:
    """Bring every document of ``rows`` (closed under links) to what its story gives it now."""
    from quelle.store.records import _evidence_rows

    want: dict[int, Derived] = {}
    members: dict[int, Member] = {}
    for story in stories:
        for doc, derived in plan(story, own, arrival).items():
            want[int(doc)] = derived
        for m in story.members:
            members[int(m.doc_id)] = m
    by_pair = {frozenset((lk.a, lk.b)): lk for lk in links}
    for doc_id, row in rows.items():
        prov = json.loads(row.body).get("provenance") or {}
        target = want.get(doc_id, NOTHING)
        if current(prov) == target:
            continue
        if "inherited_from" in prov and "before_copies" not in prov and (target.source, target.relation) == (
                prov["inherited_from"].get("document_id"), prov["inherited_from"].get("relation")):
            continue  # written by an older version without its own findings: leave the inheritance as it is
        _rewrite(store, row, target, rows, members.get(doc_id), by_pair, _evidence_rows)


def _rewrite(store, row: Any, want: Derived, rows: dict[int, Any], member: Member | None,
             links: dict[frozenset[str], Link], evidence_rows) -> None:
    """Start from the document's own findings and add what ``want`` says, in the report and its rows."""
    d, r, st = schema.documents, schema.reports, schema.statements
    doc_id = row.id
    body = json.loads(row.body)
    prov = body.get("provenance") or {}
    own = own_findings(prov)
    prov = {k: v for k, v in prov.items() if k not in ("before_copies", "inherited_from")}
    prov.update(copy.deepcopy(own))
    prov["evidence"] = list(prov.get("evidence") or [])
    src = None
    with store.engine.begin() as conn:
        if want.source is not None:
            src = rows.get(want.source) or conn.execute(
                select(r.c.body, d.c.source_id, d.c.site, d.c.published, d.c.language, d.c.title)
                .join(d, d.c.id == r.c.document_id).where(r.c.document_id == want.source)).first()
        if src is not None:
            _inherit(prov, want, src, member, links, doc_id)
        if want.translated:
            _translate(prov, want.translated)
        inherited = "inherited_from" in prov
        if inherited or want.translated:
            prov["before_copies"] = own
        body["provenance"] = prov
        was_dated = bool(row.published_inherited)
        published = None if was_dated else row.published
        dated = inherited and published is None and src is not None and src.published is not None
        restatement: list[tuple[int, dict[str, Any]]] = []
        if was_dated and not dated:
            body["published"] = None
            (body.get("analysis") or {}).pop("published_source", None)
            restatement = _undate_statements(body)
        if dated:
            published = src.published
            body["published"] = src.published.isoformat()
            body.setdefault("analysis", {})["published_source"] = f"copy_of:{src.source_id}"
            restatement = _undate_statements(body) + _redate_statements(body, src.published)
        for idx, statement in restatement:
            said_on = statement.get("said_on") or {}
            conn.execute(st.update().where((st.c.document_id == doc_id) & (st.c.idx == idx)).values(
                said_on_start=str(said_on["start"])[:10] if said_on.get("start") else None,
                said_on_end=str(said_on["end"])[:10] if said_on.get("end") else None,
                data=json.dumps(statement, ensure_ascii=False)))
        origin = prov.get("origin") or {}
        conn.execute(d.update().where(d.c.id == doc_id).values(
            origin_outlet=origin.get("outlet"), origin_edition=origin.get("edition"),
            confidence=prov.get("confidence"), confidence_label=prov.get("confidence_label"),
            republished=prov.get("republished"), translated_from=(prov.get("translated") or {}).get("from"),
            published=published))
        conn.execute(r.update().where(r.c.document_id == doc_id).values(body=json.dumps(body, ensure_ascii=False)))
        conn.execute(schema.evidence.delete().where(schema.evidence.c.document_id == doc_id))
        items = evidence_rows(prov["evidence"])
        if items:
            conn.execute(insert(schema.evidence), [{**item, "document_id": doc_id} for item in items])
        conn.execute(T.inherited.delete().where(T.inherited.c.document_id == doc_id))
        if inherited:
            conn.execute(insert(T.inherited).values(
                document_id=doc_id, from_id=want.source, outlet=origin.get("outlet"), relation=want.relation,
                published_inherited=dated, created_at=datetime.now(UTC)))


__all__ = ["Derived", "Own", "current", "own_findings", "owns", "plan", "read", "source_of", "story_language", "update"]
