"""The report's view of a registry entry: typology wording, domains and the EU measures naming it.

Why its own module: the wording rules live here (only SC, CaPu, CaPr are state-controlled; the
others keep their own label) and measures are attached as facts, edition by edition.
"""

from __future__ import annotations

from quelle.model import Origin, Sanction
from quelle.provenance.registry import Edition, OutletEntry, Registry, registry


def sanctions_for(reg: Registry, entry: OutletEntry, edition: Edition | None) -> list[Sanction]:
    domains = {host.domain for host in entry.hosts}
    result = []
    for measure in reg.measures:
        for target in measure.targets:
            if target.outlet == entry.id and entry.source == "quelle":
                if target.editions and edition is not None and edition.name not in target.editions:
                    continue
                editions = list(target.editions) if target.editions else None
            elif target.domain and target.domain in domains:
                editions = [target.name] if target.name else None
            else:
                continue
            result.append(Sanction(act=measure.act, applies_from=measure.applies_from, authority=measure.authority,
                                   measure=measure.measure, wording=measure.wording, url=measure.url,
                                   editions=editions, adopted=measure.adopted, verified=measure.verified))
            break
    return result


def origin_of(entry: OutletEntry, edition: Edition | None, reg: Registry | None = None) -> Origin:
    """The report's view of a registry entry: typology wording, domains and EU measures."""
    reg = reg or registry()
    typology = reg.typology(entry.typology)
    label = typology.label if typology else None
    if label and entry.typology_uncertain:
        label += " (marked uncertain in the source typology)"
    hosts = list(edition.hosts if edition else ()) + [h for h in entry.hosts if not edition or h not in edition.hosts]
    return Origin(
        outlet=entry.outlet,
        edition=edition.name if edition and entry.source == "quelle" else None,
        language=edition.language if edition and edition.language != "und" else None,
        owner=entry.owner,
        country=entry.country,
        state_affiliation=entry.typology,
        state_affiliation_label=label,
        state_controlled=bool(typology and typology.state_controlled),
        domains=[h.domain for h in hosts],
        sanctions=sanctions_for(reg, entry, edition),
    )
