"""The quotation-attribution scorer of the German news quotation dataset, on plain dicts.

Why a re-implementation: the published figures (and the project's targets) are macro averages
over matched pairs with a particular Hungarian matching; any deviation makes our numbers
incomparable. The steps follow ../shared/data/german-news-quotation-attribution/README.md and
the authors' public evaluation script (uhh-lt/seq2seq-quotation-attribution, eval_quotes.py):

* per document, gold x system weights = token F1 of the ``quote`` sets, +0.01 when the overlap is
  non-zero and ``type`` agrees, +0.001 when it is non-zero and ``medium`` agrees;
  ``scipy.optimize.linear_sum_assignment(maximize=True)`` pairs min(#gold, #system) quotations
  (as in the published script, a pair may have zero weight);
* every pair and every unpaired quotation on either side is a unit; per unit and part, precision
  is defined when the system has tokens, recall when gold has tokens;
* messages / roles / joint = macro means of the defined values (an empty mean is 0), F1 = the
  harmonic mean; type and medium are exact labels, micro-averaged over units.

It works on the dataset's dicts (``documentName``, ``annotations`` with ``tokenIds``), so it does
not depend on the extractor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

PARTS = ("quote", "addressee", "cue", "frame", "speaker")
ROLES = PARTS[1:]
TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
MEDIA = ("Speech", "Thought", "Writing", "ST", "SW", "TW", "none")


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quotation reduced to what the scorer looks at: sorted token-id tuples and labels."""

    parts: Mapping[str, tuple[int, ...]]
    type: str | None
    medium: str | None


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, f1(p, r)


@dataclass(slots=True)
class Scores:
    """Everything the scorer measured; ``macro`` holds the published figures."""

    documents: int = 0
    gold_quotations: int = 0
    system_quotations: int = 0
    pairs: int = 0
    zero_overlap_pairs: int = 0
    units: int = 0
    precisions: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PARTS})
    recalls: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PARTS})
    tokens: dict[str, Counts] = field(default_factory=lambda: {p: Counts() for p in PARTS})
    type_counts: Counts = field(default_factory=Counts)
    medium_counts: Counts = field(default_factory=Counts)
    pair_type_right: int = 0  # pairs whose type labels agree (accuracy over pairs)
    pair_medium_right: int = 0

    def macro(self, parts: Iterable[str]) -> tuple[float, float, float]:
        """Macro precision, recall and F1 over the defined values of ``parts`` (empty mean = 0)."""
        parts = list(parts)
        ps = [v for p in parts for v in self.precisions[p]]
        rs = [v for p in parts for v in self.recalls[p]]
        p = sum(ps) / len(ps) if ps else 0.0
        r = sum(rs) / len(rs) if rs else 0.0
        return p, r, f1(p, r)

    @property
    def messages(self) -> tuple[float, float, float]:
        return self.macro(["quote"])

    @property
    def roles(self) -> tuple[float, float, float]:
        return self.macro(ROLES)

    @property
    def joint(self) -> tuple[float, float, float]:
        return self.macro(PARTS)

    def micro(self, parts: Iterable[str]) -> tuple[float, float, float]:
        """Token-level micro precision, recall and F1 (not the published figure)."""
        total = Counts()
        for p in parts:
            total.add(self.tokens[p])
        return total.prf()

    def as_dict(self) -> dict[str, Any]:
        def trio(values: tuple[float, float, float]) -> dict[str, float]:
            return {"precision": values[0], "recall": values[1], "f1": values[2]}

        return {
            "documents": self.documents,
            "gold_quotations": self.gold_quotations,
            "system_quotations": self.system_quotations,
            "pairs": self.pairs,
            "zero_overlap_pairs": self.zero_overlap_pairs,
            "units": self.units,
            "messages": trio(self.messages),
            "roles": trio(self.roles),
            "joint": trio(self.joint),
            "parts": {p: trio(self.macro([p])) for p in PARTS},
            "type_micro": trio(self.type_counts.prf()),
            "type_accuracy_over_pairs": self.pair_type_right / self.pairs if self.pairs else 0.0,
            "medium_accuracy_over_pairs": self.pair_medium_right / self.pairs if self.pairs else 0.0,
            "medium_micro": trio(self.medium_counts.prf()),
            "token_micro": {
                "messages": trio(self.micro(["quote"])),
                "roles": trio(self.micro(ROLES)),
                "joint": trio(self.micro(PARTS)),
            },
        }


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ids(part: Any) -> tuple[int, ...]:
    if not part:
        return ()
    ids = part.get("tokenIds", []) if isinstance(part, Mapping) else part
    return tuple(sorted({int(i) for i in ids}))


def _label(value: Any, allowed: tuple[str, ...], what: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of the dataset's labels {', '.join(allowed)} (or null)")
    return value


def quotation(annotation: Mapping[str, Any]) -> Quotation:
    """A dataset annotation dict -> Quotation; raises ValueError on a label outside the dataset's set."""
    return Quotation(
        parts={p: _ids(annotation.get(p)) for p in PARTS},
        type=_label(annotation.get("type"), TYPES, "type"),
        medium=_label(annotation.get("medium"), MEDIA, "medium"),
    )


EMPTY = Quotation(parts={p: () for p in PARTS}, type=None, medium=None)


def token_f1(gold: tuple[int, ...], system: tuple[int, ...]) -> float:
    both = len(set(gold) & set(system))
    if not both:
        return 0.0
    return 2 * both / (len(gold) + len(system))


def assign(system: list[Quotation], gold: list[Quotation], *,
           keep_zero_pairs: bool = True) -> tuple[list[tuple[int, int]], int]:
    """Hungarian pairing (system index, gold index) and how many pairs have zero quote overlap.

    The published script keeps every pair the assignment returns, even with zero overlap (its
    roles may still agree); ``keep_zero_pairs=False`` leaves those unpaired (a diagnostic only).
    """
    if not system or not gold:
        return [], 0
    weights = np.zeros((len(gold), len(system)))
    overlap = np.zeros((len(gold), len(system)))
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            o = token_f1(g.parts["quote"], s.parts["quote"])
            overlap[i, j] = o
            if o > 0:
                o += (0.01 if g.type == s.type else 0.0) + (0.001 if g.medium == s.medium else 0.0)
            weights[i, j] = o
    rows, cols = linear_sum_assignment(weights, maximize=True)
    pairs = [(int(j), int(i)) for i, j in zip(rows, cols, strict=True) if keep_zero_pairs or overlap[i, j] > 0]
    zero = sum(1 for i, j in zip(rows, cols, strict=True) if overlap[i, j] == 0)
    return pairs, zero


def _score_label(system: str | None, gold: str | None, counts: Counts) -> None:
    if system == gold:
        if gold is not None:
            counts.tp += 1
        return
    if system is not None:
        counts.fp += 1
    if gold is not None:
        counts.fn += 1


def score_unit(system: Quotation, gold: Quotation, scores: Scores) -> None:
    """Add one unit (a pair, or a quotation paired with EMPTY) to ``scores``."""
    scores.units += 1
    for part in PARTS:
        s, g = set(system.parts[part]), set(gold.parts[part])
        tp = len(s & g)
        counts = Counts(tp, len(s) - tp, len(g) - tp)
        scores.tokens[part].add(counts)
        if s:
            scores.precisions[part].append(tp / len(s))
        if g:
            scores.recalls[part].append(tp / len(g))
    _score_label(system.type, gold.type, scores.type_counts)
    _score_label(system.medium, gold.medium, scores.medium_counts)


def score_document(system: list[Quotation], gold: list[Quotation], scores: Scores, *,
                   keep_zero_pairs: bool = True) -> None:
    pairs, zero = assign(system, gold, keep_zero_pairs=keep_zero_pairs)
    scores.documents += 1
    scores.gold_quotations += len(gold)
    scores.system_quotations += len(system)
    scores.pairs += len(pairs)
    scores.zero_overlap_pairs += zero
    for si, gi in pairs:
        score_unit(system[si], gold[gi], scores)
        scores.pair_type_right += system[si].type == gold[gi].type
        scores.pair_medium_right += system[si].medium == gold[gi].medium
    paired_system = {si for si, _ in pairs}
    paired_gold = {gi for _, gi in pairs}
    for si, s in enumerate(system):
        if si not in paired_system:
            score_unit(s, EMPTY, scores)
    for gi, g in enumerate(gold):
        if gi not in paired_gold:
            score_unit(EMPTY, g, scores)


def score(gold_docs: Iterable[Mapping[str, Any]], system_docs: Iterable[Mapping[str, Any]], *,
          keep_zero_pairs: bool = True) -> Scores:
    """Score system documents against gold documents, matched by ``documentName``.

    Gold documents without a system document count as "nothing predicted"; system documents
    without a gold document are ignored (as in the published script).
    """
    system_by_name: dict[str, list[Quotation]] = {}
    for doc in system_docs:
        name = doc["documentName"]
        system_by_name.setdefault(name, []).extend(quotation(a) for a in doc.get("annotations") or [])
    scores = Scores()
    for doc in gold_docs:
        gold = [quotation(a) for a in doc.get("annotations") or []]
        score_document(system_by_name.get(doc["documentName"], []), gold, scores, keep_zero_pairs=keep_zero_pairs)
    return scores


def _share(right: int, total: int) -> str:
    return f"{right / total:.3f} ({right}/{total})" if total else "n/a"


def format_scores(scores: Scores) -> list[str]:
    """Human-readable lines; the last one is exactly ``joint F1 0.xxx`` (the published macro figure)."""

    def trio(values: tuple[float, float, float]) -> str:
        return f"P {values[0]:.3f}  R {values[1]:.3f}  F1 {values[2]:.3f}"

    lines = [
        f"documents {scores.documents}  gold quotations {scores.gold_quotations}  "
        f"system quotations {scores.system_quotations}  pairs {scores.pairs} "
        f"(zero quote overlap {scores.zero_overlap_pairs})  units {scores.units}",
        "macro (published method):",
        f"  messages  {trio(scores.messages)}",
        f"  roles     {trio(scores.roles)}",
        f"  joint     {trio(scores.joint)}",
    ]
    lines += [f"  {p:<9} {trio(scores.macro([p]))}" for p in ROLES]
    lines += [
        "labels (micro over units; accuracy over pairs):",
        f"  type      {trio(scores.type_counts.prf())}  accuracy {_share(scores.pair_type_right, scores.pairs)}",
        f"  medium    {trio(scores.medium_counts.prf())}  accuracy {_share(scores.pair_medium_right, scores.pairs)}",
        "token-level micro (not the published figure):",
        f"  messages  {trio(scores.micro(['quote']))}",
        f"  roles     {trio(scores.micro(ROLES))}",
        f"  joint     {trio(scores.micro(PARTS))}",
        f"joint F1 {scores.joint[2]:.3f}",
    ]
    return lines
