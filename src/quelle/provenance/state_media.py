"""Which outlet names are state-controlled media, from the registry's typologies (for filters)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def state_outlets() -> tuple[str, ...]:
    """The outlet names (as stored in ``origin_outlet``) whose typology is state-controlled."""
    from quelle.provenance.registry import registry

    reg = registry()
    names = set()
    for entry in (*reg.outlets.values(), *reg.matrix):
        typology = reg.typology(entry.typology)
        if typology is not None and typology.state_controlled:
            names.add(entry.outlet)
    return tuple(sorted(names))
