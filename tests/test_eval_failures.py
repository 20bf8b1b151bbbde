"""`quelle eval quotes --show-failures`: missed, invented and wrong-speaker lines name the rule."""

from __future__ import annotations

from quelle.eval.failures import failure_lines


def _ann(quote: list[int], speaker: list[int], rule: str | None = None, kind: str = "Indirect") -> dict:
    out = {"quote": {"tokenIds": quote, "text": f"q{quote[0]}"}, "speaker": {"tokenIds": speaker, "text": "s"},
           "cue": {"tokenIds": [], "text": ""}, "type": kind}
    if rule:
        out["rule"] = rule
    return out


def test_listing_names_missed_invented_and_speaker_errors() -> None:
    gold = [{"documentName": "d1", "annotations": [_ann([1, 2, 3], [0]), _ann([10, 11], [9]),
                                                   _ann([20, 21], [19], kind="Reported")]}]
    system = [{"documentName": "d1", "annotations": [_ann([1, 2], [0], "pre"), _ann([10, 11], [8], "post"),
                                                     _ann([30, 31], [29], "reported")]}]
    lines = failure_lines(gold, system)
    assert any(line.startswith("missed") and "Reported" in line for line in lines)
    assert any(line.startswith("invented") and "[reported]" in line for line in lines)
    assert any(line.startswith("speaker") and "[post]" in line for line in lines)
    assert not any(line.startswith(("speaker", "invented")) and "[pre]" in line for line in lines)
    table = lines[lines.index(next(x for x in lines if x.startswith("rule "))) + 1:]
    assert {row.split()[0]: row.split()[1:] for row in table}["pre"] == ["1", "1", "1"]
