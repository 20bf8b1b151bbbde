"""Stories: union-find over links; per story its earliest document and each member's relation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quelle.copies.matcher import Link


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(slots=True)
class Member:
    doc_id: str
    site: str | None
    language: str | None
    published: str | None
    relation: str  # original, identical, near-copy, excerpt, translation
    via: str | None = None  # the document it was linked to


@dataclass(slots=True)
class Story:
    story_id: str
    earliest: str
    members: list[Member] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "earliest": self.earliest,
                "members": [{"source_id": m.doc_id, "relation": m.relation, "site": m.site,
                             "language": m.language, "published": m.published, "via": m.via}
                            for m in self.members]}


def relation_of(doc: str, link: Link) -> str:
    """The relation of ``doc`` to the other end of ``link``: an excerpt is the smaller side."""
    if link.relation == "excerpt" and link.contained:
        smaller = link.a if link.contained == "a" else link.b
        return "excerpt" if smaller == doc else "near-copy"
    return link.relation


def _order_key(meta: dict[str, Any], order: dict[str, int], smaller: set[str]):
    """First published first; on the same day a page with an origin before a marker-free one, an
    origin from the text before one from the page's site only (``site_only``), the outlet's own
    page (``own_page``: nothing credits another's text) before a republication, a text not
    translated by its own markers (``translated``) before a translation, and a full text before an
    excerpt of it; only then the order of arrival, which must not decide what evidence can."""
    def key(doc_id: str):
        info = meta.get(doc_id, {})
        return (info.get("published") or "9999-99-99", not info.get("outlet"), bool(info.get("site_only")),
                not info.get("own_page"), bool(info.get("translated")), doc_id in smaller,
                order.get(doc_id, 1 << 30), doc_id)
    return key


def clusters(doc_ids: Iterable[str], links: Iterable[Link]) -> dict[str, list[str]]:
    uf = UnionFind()
    for doc in doc_ids:
        uf.find(doc)
    for link in links:
        uf.union(link.a, link.b)
    groups: dict[str, list[str]] = {}
    for doc in uf.parent:
        groups.setdefault(uf.find(doc), []).append(doc)
    return groups


def build_stories(meta: dict[str, dict[str, Any]], links: list[Link], min_size: int = 2) -> list[Story]:
    """Stories of at least ``min_size`` documents. ``meta``: doc id -> site, language, published.

    The earliest document is the first published (ties: the first ingested, i.e. the order of
    ``meta``); each other member takes the relation of its strongest link to an earlier member.
    """
    order = {doc: i for i, doc in enumerate(meta)}
    smaller = {(lk.a if lk.contained == "a" else lk.b) for lk in links if lk.relation == "excerpt" and lk.contained}
    key = _order_key(meta, order, smaller)
    by_doc: dict[str, list[Link]] = {}
    for link in links:
        by_doc.setdefault(link.a, []).append(link)
        by_doc.setdefault(link.b, []).append(link)
    stories = []
    for members in clusters(meta, links).values():
        if len(members) < min_size:
            continue
        members.sort(key=key)
        earliest = members[0]
        rank = {doc: i for i, doc in enumerate(members)}
        story = Story(f"s-{earliest}", earliest)
        for doc in members:
            info = meta.get(doc, {})
            relation, via = "original", None
            if doc != earliest:
                own = by_doc.get(doc, [])
                earlier = [lk for lk in own if rank.get(lk.b if lk.a == doc else lk.a, 1 << 30) < rank[doc]]
                chosen = max(earlier or own, key=lambda lk: lk.score, default=None)
                if chosen is not None:
                    relation, via = relation_of(doc, chosen), chosen.b if chosen.a == doc else chosen.a
                first_lang = meta.get(earliest, {}).get("language")
                if info.get("language") and first_lang and info.get("language") != first_lang:
                    relation = "translation"  # whatever copy it came through, it is in another language
            story.members.append(Member(doc, info.get("site"), info.get("language"), info.get("published"),
                                        relation, via))
        stories.append(story)
    stories.sort(key=lambda s: key(s.earliest))
    return stories


def drop_rivals(links: list[Link], language: dict[str, str | None]) -> list[Link]:
    """The links without rival translations: a text translates one text of a given language well.

    When document Y's best translation link to a text of language L scores more than
    ``matcher.RIVAL_MARGIN`` above its link to another text Z of L, and Z does not copy that best
    text, Z is a same-event look-alike (a public broadcaster's text written from the dispatch that Y
    translates). The matcher applies this to a newcomer; here it is applied to all links of the
    stories rebuilt, so a look-alike that arrived before the better original is left out as well.
    """
    from quelle.copies.crossling import canonical_language
    from quelle.copies.matcher import RIVAL_MARGIN

    lang = {doc: canonical_language(code) or "" for doc, code in language.items()}
    same = {frozenset((lk.a, lk.b)) for lk in links if lk.relation != "translation"}
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for lk in links:
        if lk.relation != "translation":
            continue
        for y, x in ((lk.a, lk.b), (lk.b, lk.a)):
            key = (y, lang.get(x, ""))
            if (lk.score, x) > best.get(key, (-1.0, "")):
                best[key] = (lk.score, x)

    def rival(lk: Link) -> bool:
        for y, x in ((lk.a, lk.b), (lk.b, lk.a)):
            score, top = best[(y, lang.get(x, ""))]
            if lk.score < score - RIVAL_MARGIN and frozenset((x, top)) not in same:
                return True
        return False

    return [lk for lk in links if lk.relation != "translation" or not rival(lk)]
