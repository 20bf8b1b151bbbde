"""Where a text comes from: outlet registry, signatures and attribution."""

from quelle.provenance.attribute import attribute, clean_title, line_rules

__all__ = ["attribute", "clean_title", "line_rules"]
