"""The terminal report (Rich): what a reader checks first, evidence included."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quelle.model import Origin, Report
from quelle.utterances import utterances

_TYPOLOGY_LABELS = {
    "SC": "state-controlled media",
    "CaPu": "captured public / state-managed media (state-controlled)",
    "CaPr": "captured private media (state-controlled editorial line)",
    "ISFM": "independent state-funded and state-managed",
    "ISF": "independent state-funded",
    "ISM": "independent state-managed",
    "IP": "independent public",
}


def _origin_line(origin: Origin) -> Text:
    line = Text()
    line.append(origin.outlet, style="bold")
    if origin.edition and origin.edition != origin.outlet:
        line.append(f" ({origin.edition})")
    details = [d for d in (origin.country, origin.owner) if d]
    if details:
        line.append(" · " + " · ".join(details), style="dim")
    return line


def statement_cell(text: str, quoted: list[dict]) -> Text:
    """A statement's words and, below them, the quoted fragments inside it; stored strings are
    plain text (Text, never Rich markup: "[bold]" in an article stays "[bold]")."""
    cell = Text(text)
    for part in quoted:
        cell.append("\n  quoted: ", style="dim")
        cell.append(str(part.get("text", ""))[:200])
    return cell


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=False)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold cyan", justify="right")
    head.add_column()
    for name, value in (("title", report.title or "—"), ("site", report.site or "unknown"),
                        ("url", report.url or "—"), ("language", report.language or "unknown"),
                        ("published", report.published or "unknown"),
                        ("input", f"{report.media_type}, {report.encoding}")):
        head.add_row(name, Text(value))  # page strings are plain text, never Rich markup
    console.print(head)
    console.print()

    prov = report.provenance
    if prov is not None:
        console.rule("Where it comes from")
        if prov.origin:
            console.print(Text("origin      ").append(_origin_line(prov.origin)))
            code = prov.origin.state_affiliation
            if code:
                label = prov.origin.state_affiliation_label or _TYPOLOGY_LABELS.get(code, code)
                console.print(f"affiliation {label} [{code}] (State Media Matrix typology)")
            for sanction in prov.origin.sanctions:
                console.print(
                    f"measure     {sanction.authority} {sanction.act}, applies from "
                    f"{sanction.applies_from}: {sanction.measure}"
                )
        else:
            console.print("origin      no outlet identified")
        if prov.site_outlet and (prov.origin is None or prov.site_outlet.outlet != prov.origin.outlet):
            site = prov.site_outlet
            code = site.state_affiliation
            label = site.state_affiliation_label or _TYPOLOGY_LABELS.get(code or "", code or "no typology")
            console.print(Text("site owner  ").append(_origin_line(site)).append(f" · {label} [{code}]"))
        console.print(f"confidence  {prov.confidence:.2f} ({prov.confidence_label})")
        republished = {True: "yes", False: "no", None: "unknown"}[prov.republished]
        console.print(f"republished {republished}")
        translated = f"yes, from {prov.translated['from']}" if prov.translated else "no evidence"
        console.print(f"translated  {translated}")
        if prov.evidence:
            table = Table(title="evidence", title_justify="left", show_lines=False)
            for column in ("supports", "kind", "text", "where", "weight"):
                table.add_column(column)
            for item in prov.evidence:
                where = (
                    f"{item.in_} {item.start}-{item.end}" if item.start is not None else item.in_
                )
                table.add_row(item.supports, item.kind, Text(item.text[:70]), where, f"{item.weight:.2f}")
            console.print(table)
        console.print()

    if report.statements:
        console.rule("Who said what")
        table = Table(show_lines=True)
        for column in ("speaker", "type", "cue", "statement", "said on"):
            table.add_column(column)
        for row in utterances(report.statements):  # a quote inside a statement is listed in its row
            st = row["statement"]
            speaker = Text("—")
            if st.speaker:
                speaker = Text(st.speaker.name or (st.speaker.mention.text if st.speaker.mention else "—"))
                if st.speaker.role:
                    speaker.append("\n" + st.speaker.role, style="dim")
            said = st.said_on.get("value", "") if st.said_on else ""
            table.add_row(speaker, Text(st.type), Text(st.cue.text if st.cue else ""),
                          statement_cell(st.text[:200], row["quoted"]), Text(str(said)))
        console.print(table)
        console.print()

    if report.boilerplate:
        console.rule("Removed as boilerplate")
        for item in report.boilerplate:
            console.print(Text(f"{item.kind:>16}", style="dim").append(f"  {item.text[:100]}  ")
                          .append(f"({item.start}-{item.end})", style="dim"))
        console.print()
    console.rule("Clean text")
    console.print(report.text, markup=False)
