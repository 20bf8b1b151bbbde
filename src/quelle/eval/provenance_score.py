"""Scoring predicted provenance against a manifest: the figures of provenance-dev's README.

A prediction is what the stored pipeline says about one page (outlet, state_controlled,
republished, translated_from, story). A row without a prediction (its text is missing or failed)
counts as a miss wherever something was expected of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from quelle.eval.provenance_manifest import Conventions, Row, conventions, outlet_key, row_class


@dataclass(frozen=True, slots=True)
class Prediction:
    outlet: str | None = None
    edition: str | None = None
    state_controlled: bool | None = None
    republished: bool | None = None
    translated_from: str | None = None
    story: str | None = None          # the tool's story id; None when the page is in no story
    site_outlet: str | None = None


@dataclass(slots=True)
class Figure:
    """``hits`` of ``total`` (a share), or a count of ``hits`` (when ``total`` is None)."""

    hits: int = 0
    total: int | None = 0

    @property
    def value(self) -> float | None:
        if self.total is None:
            return None
        return self.hits / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"hits": self.hits, "total": self.total}
        if self.total is not None:
            out["value"] = round(self.value or 0.0, 4)
        return out


@dataclass(slots=True)
class Failure:
    id: str
    figure: str
    expected: str
    got: str


@dataclass(slots=True)
class Scores:
    origin: Figure = field(default_factory=Figure)
    controls_flagged: Figure = field(default_factory=Figure)
    republished: Figure = field(default_factory=Figure)
    translated_recall: Figure = field(default_factory=Figure)
    false_translation_flags: Figure = field(default_factory=Figure)
    pairs: dict[str, int] = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0})
    missing: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def pair_precision(self) -> float:
        tp, fp = self.pairs["tp"], self.pairs["fp"]
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def pair_recall(self) -> float:
        tp, fn = self.pairs["tp"], self.pairs["fn"]
        return tp / (tp + fn) if tp + fn else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin_accuracy": self.origin.to_dict(),
            "controls_flagged": self.controls_flagged.to_dict(),
            "copy_pairs": {**self.pairs, "precision": round(self.pair_precision, 4),
                           "recall": round(self.pair_recall, 4)},
            "republished_accuracy": self.republished.to_dict(),
            "translated_from_recall": self.translated_recall.to_dict(),
            "false_translation_flags": self.false_translation_flags.to_dict(),
            "missing_texts": list(self.missing),
            "failures": [{"id": f.id, "figure": f.figure, "expected": f.expected, "got": f.got}
                         for f in self.failures],
        }


_MISSING = object()


def _show(value: Any) -> str:
    return "missing text" if value is _MISSING else "none" if value is None else str(value)


def score(rows: list[Row], predictions: dict[str, Prediction], conv: Conventions | None = None) -> Scores:
    """All figures over ``rows``; ``predictions`` maps row id -> Prediction (absent = missing text)."""
    conv = conv or conventions()
    s = Scores(controls_flagged=Figure(0, None), false_translation_flags=Figure(0, None))
    s.missing = [r.id for r in rows if r.id not in predictions]
    for row in rows:
        pred = predictions.get(row.id)
        got: Any = _MISSING if pred is None else pred
        cls = row_class(row, conv)
        reported = None if pred is None else pred.outlet
        if cls == "state":
            s.origin.total = (s.origin.total or 0) + 1
            if pred is not None and outlet_key(reported, conv) == outlet_key(row.outlet, conv):
                s.origin.hits += 1
            else:
                s.failures.append(Failure(row.id, "origin", row.outlet, _show(got if pred is None else reported)))
        elif cls == "control" and pred is not None and pred.state_controlled:
            s.controls_flagged.hits += 1
            s.failures.append(Failure(row.id, "control", f"{row.outlet} (independent)",
                                      f"{reported} (state-controlled)"))
        if cls != "unscored" and row.republication is not None:
            s.republished.total = (s.republished.total or 0) + 1
            value = None if pred is None else pred.republished
            if value is row.republication:
                s.republished.hits += 1
            else:
                s.failures.append(Failure(row.id, "republished", "yes" if row.republication else "no",
                                          _show(got) if pred is None else
                                          ("unknown" if value is None else "yes" if value else "no")))
        flagged = None if pred is None else pred.translated_from
        if row.translated_from:
            s.translated_recall.total = (s.translated_recall.total or 0) + 1
            if flagged == row.translated_from:
                s.translated_recall.hits += 1
            else:
                s.failures.append(Failure(row.id, "translated", row.translated_from,
                                          _show(got) if pred is None else _show(flagged)))
        elif flagged:
            s.false_translation_flags.hits += 1
            s.failures.append(Failure(row.id, "translated", "none", flagged))
    s.pairs = pair_counts(rows, predictions)
    return s


def pair_counts(rows: list[Row], predictions: dict[str, Prediction]) -> dict[str, int]:
    """Pair tp/fp/fn of "same story" (the tool's stories) against the manifest's story groups."""
    counts = {"tp": 0, "fp": 0, "fn": 0}
    for x, y in combinations(rows, 2):
        gold = bool(x.story_group) and x.story_group == y.story_group
        px, py = predictions.get(x.id), predictions.get(y.id)
        same = px is not None and py is not None and px.story is not None and px.story == py.story
        if gold and same:
            counts["tp"] += 1
        elif same:
            counts["fp"] += 1
        elif gold:
            counts["fn"] += 1
    return counts


def pair_failures(rows: list[Row], predictions: dict[str, Prediction]) -> list[Failure]:
    """Each wrong pair: joined but not one story group, or one group but not joined."""
    out = []
    for x, y in combinations(rows, 2):
        gold = bool(x.story_group) and x.story_group == y.story_group
        px, py = predictions.get(x.id), predictions.get(y.id)
        same = px is not None and py is not None and px.story is not None and px.story == py.story
        if gold != same:
            out.append(Failure(f"{x.id}+{y.id}", "copy_pair", "same story" if gold else "apart",
                               f"story {px.story}" if same and px else "apart"))
    return out


def format_scores(s: Scores) -> list[str]:
    def share(name: str, f: Figure) -> str:
        return f"{name:28s} {f.value:.3f}  ({f.hits}/{f.total})"

    p = s.pairs
    return [
        share("origin accuracy", s.origin),
        f"{'controls flagged':28s} {s.controls_flagged.hits}",
        f"{'copy pairs':28s} precision {s.pair_precision:.3f}  recall {s.pair_recall:.3f}  "
        f"(tp={p['tp']} fp={p['fp']} fn={p['fn']})",
        share("republished accuracy", s.republished),
        share("translated-from recall", s.translated_recall),
        f"{'false translation flags':28s} {s.false_translation_flags.hits}",
        f"{'missing texts':28s} {len(s.missing)}" + (f" ({', '.join(s.missing[:10])})" if s.missing else ""),
    ]
