"""Copy and story commands: eval-copies, stories, story, sites, site (issue 5). Commands only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from quelle.cli.common import (
    DbOption,
    JsonOption,
    LangOption,
    LimitOption,
    OffsetOption,
    OutletOption,
    SinceOption,
    UntilOption,
    print_json,
)
from quelle.cli.common import open_store as _open
from quelle.errors import BadInput, UnreadableInput


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _day(value: str | None, option: str):
    from quelle.store.search import parse_day

    return parse_day(value, option)


# -- evaluation -------------------------------------------------------------------------------
def eval_copies(
    gold: Annotated[str | None, typer.Option("--gold", help="Gold JSONL: id, group, language, text "
                                             "(default: the shipped evaluation set).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Pair precision/recall/F1 and adjusted Rand index of copy and translation detection."""
    from quelle.copies.evalset import GOLD
    from quelle.copies.evaluate import evaluate_file
    from quelle.copies.lexicon import lexicon_name

    path = Path(gold) if gold else GOLD
    if not path.is_file():
        raise UnreadableInput(f"{path}: no such gold file")
    try:
        result, _, _ = evaluate_file(path)
    except (ValueError, KeyError) as err:
        raise BadInput(f"{path}: not a copies gold file: {err}") from None
    result["lexicon"] = lexicon_name()
    if json_out:
        print_json(result)
        return
    print(f"gold {path}: {result['documents']} documents, {result['groups']} groups, "
          f"{result['links']} links; lexicon {result['lexicon']}")
    for name in ("same_language", "cross_language"):
        r = result[name]
        ari = r.get("ari", r.get("ari_all_documents"))
        print(f"{name.replace('_', '-'):15s} pairs tp={r['tp']} fp={r['fp']} fn={r['fn']}"
              f"  precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  ARI {ari:.3f}")
    for pair, r in result["by_language_pair"].items():
        print(f"  {pair:13s} pairs tp={r['tp']} fp={r['fp']} fn={r['fn']}  precision {r['precision']:.3f}"
              f"  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    print(f"cross-language candidates per document: {result['cross_candidates_per_document']}")


# -- stories ----------------------------------------------------------------------------------
def stories(
    db: DbOption = None,
    site: Annotated[str | None, typer.Option("--site", help="A member was found on this site.")] = None,
    lang: LangOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_size: Annotated[int, typer.Option("--min-size", min=2, help="At least this many documents.")] = 2,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    json_out: JsonOption = False,
) -> None:
    """Stories: groups of copies and translations, each with its earliest document and outlet."""
    from quelle.copies.query import list_stories

    with _open(db) as store:
        result = list_stories(store, site=site, lang=lang, outlet=outlet, since=_day(since, "--since"),
                              until=_day(until, "--until"), min_size=min_size, limit=limit, offset=offset)
    if json_out:
        print_json(result)
        return
    from rich.table import Table

    table = Table()
    for name in ("story", "first", "size", "langs", "sites", "outlet", "earliest (source_id, site)", "title"):
        table.add_column(name, overflow="fold")
    for s in result["results"]:
        first = s["earliest"] or {}
        table.add_row(str(s["story_id"]), s["first_published"] or "", str(s["size"]), ",".join(s["languages"]),
                      str(s["sites"]), s["origin_outlet"] or "", f"{first.get('source_id')}\n{first.get('site') or ''}",
                      s["title"] or "")
    _console().print(table)
    shown = len(result["results"])
    _console(stderr=True).print(f"[dim]stories {result['offset'] + (1 if shown else 0)}–{result['offset'] + shown} "
                                f"of {result['total']}[/dim]")


def story(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Story id, or a member's document id or source_id.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """One story as a timeline: where and when each copy appeared, and how it relates to the first."""
    from quelle.copies.query import get_story, story_of

    with _open(db) as store:
        found = get_story(store, int(ident)) if ident.isdigit() else None
        if found is None:
            sid = story_of(store, ident)
            found = get_story(store, sid) if sid is not None else None
    if found is None:
        raise BadInput(f"no story with id {ident!r}, and no stored document of that id is part of one")
    if json_out:
        print_json(found)
        return
    out = _console()
    out.print(f"[bold]story {found['story_id']}[/bold]: {found['title'] or ''}")
    out.print(f"{found['size']} documents, languages {', '.join(found['languages'])}, {found['sites']} sites; "
              f"origin outlet: {found['origin_outlet'] or 'unknown'}")
    from rich.table import Table

    table = Table()
    for name in ("date", "+days", "site", "lang", "relation", "source_id", "via"):
        table.add_column(name, overflow="fold")
    for m in found["members"]:
        delay = "" if m["delay_days"] is None else f"{m['delay_days']:+g}"
        style = "bold" if m["relation"] == "original" else ""
        day = (m["published"] or "undated") + (" (original's)" if m.get("date_from_original") else "")
        table.add_row(day, delay, m["site"] or "", m["language"] or "", m["relation"],
                      m["source_id"], m["via"] or "", style=style)
    out.print(table)


# -- sites ------------------------------------------------------------------------------------
def sites(
    db: DbOption = None,
    lang: LangOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_documents: Annotated[int, typer.Option("--min-documents", min=1, help="Sites with at least N.")] = 1,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    json_out: JsonOption = False,
) -> None:
    """Profile each site: documents, languages, first/last seen, origin outlets, relay delay."""
    from quelle.copies.query import list_sites

    with _open(db) as store:
        result = list_sites(store, lang=lang, outlet=outlet, since=_day(since, "--since"),
                            until=_day(until, "--until"), min_documents=min_documents, limit=limit, offset=offset)
    if json_out:
        print_json(result)
        return
    _site_table(result["results"])


def _site_table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table()
    for name in ("site", "docs", "languages", "first seen", "last seen", "origin outlets", "relayed",
                 "median delay (days)"):
        table.add_column(name, overflow="fold")
    for p in rows:
        outlets = ", ".join(f"{k} {v:.0%}" for k, v in list(p["outlet_share"].items())[:3])
        langs = ", ".join(f"{k} {v}" for k, v in p["languages"].items())
        delay = "" if p["median_delay_days"] is None else f"{p['median_delay_days']:g}"
        table.add_row(p["site"] or "", str(p["documents"]), langs, p["first_seen"] or "", p["last_seen"] or "",
                      outlets, str(p["relayed"]), delay)
    _console().print(table)


def site(
    name: Annotated[str, typer.Argument(help="Site (domain), e.g. example.org.")],
    db: DbOption = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    json_out: JsonOption = False,
) -> None:
    """One site's profile and the stories it relayed."""
    from quelle.copies.query import get_site

    with _open(db) as store:
        found = get_site(store, name, limit=limit, offset=offset)
    if found is None:
        raise BadInput(f"no stored document from the site {name!r}")
    if json_out:
        print_json(found)
        return
    _site_table([found])
    from rich.table import Table

    table = Table(title="relayed")
    for name_ in ("date", "+days", "relation", "source_id", "story", "original (site)", "outlet"):
        table.add_column(name_, overflow="fold")
    for r in found["relays"]:
        delay = "" if r["delay_days"] is None else f"{r['delay_days']:+g}"
        table.add_row(r["published"] or "undated", delay, r["relation"], r["source_id"], str(r["story_id"]),
                      f"{r['original']} ({r['original_site'] or ''})", r["origin_outlet"] or "")
    _console().print(table)


def register(app: typer.Typer) -> None:
    app.command("eval-copies")(eval_copies)
    app.command()(stories)
    app.command()(story)
    app.command()(sites)
    app.command()(site)
