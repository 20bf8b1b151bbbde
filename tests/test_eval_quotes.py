"""The quotation scorer on hand-made cases, and against the dataset README's sanity numbers."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

from quelle.eval.quotes import PARTS, format_scores, score

DEV = SHARED / "data" / "german-news-quotation-attribution" / "dev.jsonl"


def ann(quote=(), speaker=(), cue=(), frame=(), addressee=(), type_="Direct", medium="Speech"):
    parts = {"quote": quote, "speaker": speaker, "cue": cue, "frame": frame, "addressee": addressee}
    return {**{k: {"tokenIds": list(v)} for k, v in parts.items()}, "type": type_, "medium": medium}


def doc(*annotations, name="d1"):
    return {"documentName": name, "annotations": list(annotations)}


GOLD_A = ann(quote=range(0, 10), speaker=[12, 13], cue=[11], frame=[11, 12, 13])
GOLD_B = ann(quote=range(20, 30), speaker=[31], cue=[30], frame=[30, 31], type_="Indirect")


def test_perfect_prediction_scores_one():
    s = score([doc(GOLD_A, GOLD_B)], [doc(GOLD_A, GOLD_B)])
    assert s.messages == (1.0, 1.0, 1.0)
    assert s.roles == (1.0, 1.0, 1.0)
    assert s.joint == (1.0, 1.0, 1.0)
    assert s.type_counts.prf() == (1.0, 1.0, 1.0)
    assert format_scores(s)[-1] == "joint F1 1.000"


def test_nothing_predicted_scores_zero_with_recall_defined():
    s = score([doc(GOLD_A, GOLD_B)], [])
    assert s.units == 2
    assert s.recalls["quote"] == [0.0, 0.0]
    assert s.precisions["quote"] == []  # no system tokens: precision undefined
    assert s.joint == (0.0, 0.0, 0.0)
    assert format_scores(s)[-1] == "joint F1 0.000"


def test_partial_overlap_per_part():
    # half of the quote, right speaker, no cue/frame
    system = ann(quote=range(0, 5), speaker=[12, 13])
    s = score([doc(GOLD_A)], [doc(system)])
    assert s.pairs == 1
    assert s.precisions["quote"] == [1.0]
    assert s.recalls["quote"] == [0.5]
    assert s.messages[2] == pytest.approx(2 * 0.5 / 1.5)
    # roles: precision defined for speaker only (1.0); recall for speaker 1.0, cue 0, frame 0
    assert s.roles[0] == 1.0
    assert s.roles[1] == pytest.approx(1 / 3)
    # joint: P over quote+speaker = 1.0, R over quote, speaker, cue, frame = (0.5 + 1 + 0 + 0) / 4
    assert s.joint[0] == 1.0
    assert s.joint[1] == pytest.approx(0.375)


def test_discontinuous_quote_scored_by_token_sets():
    gold = ann(quote=[0, 1, 2, 3, 8, 9, 10], speaker=[5], cue=[6], frame=[5, 6])
    system = ann(quote=[0, 1, 2, 3, 4, 8, 9], speaker=[5], cue=[6], frame=[5, 6])
    s = score([doc(gold)], [doc(system)])
    assert s.precisions["quote"] == [pytest.approx(6 / 7)]
    assert s.recalls["quote"] == [pytest.approx(6 / 7)]
    assert s.macro(["speaker", "cue", "frame"]) == (1.0, 1.0, 1.0)


def test_invented_quotation_costs_precision_for_each_part_it_fills():
    invented = ann(quote=[40, 41], speaker=[42], cue=[43])
    s = score([doc(GOLD_A)], [doc(GOLD_A, invented)])
    assert s.units == 2 and s.pairs == 1
    assert s.precisions["quote"] == [1.0, 0.0]
    assert s.precisions["speaker"] == [1.0, 0.0]
    assert s.precisions["frame"] == [1.0]  # the invented one has no frame: undefined, not 0
    assert s.recalls["quote"] == [1.0]
    assert s.messages[0] == 0.5 and s.messages[1] == 1.0
    # labels: the unpaired system quotation is a false positive for its type
    assert s.type_counts.tp == 1 and s.type_counts.fp == 1 and s.type_counts.fn == 0


def test_missed_quotation_costs_recall_for_each_part_gold_fills():
    s = score([doc(GOLD_A, GOLD_B)], [doc(GOLD_A)])
    assert s.recalls["quote"] == [1.0, 0.0]
    assert s.recalls["speaker"] == [1.0, 0.0]
    assert s.recalls["addressee"] == []
    assert s.precisions["quote"] == [1.0]
    assert s.messages == (1.0, 0.5, pytest.approx(2 / 3))
    assert s.type_counts.fn == 1


def test_assignment_prefers_better_overlap_and_type_breaks_ties():
    gold1 = ann(quote=range(0, 10), type_="Direct")
    gold2 = ann(quote=range(0, 10), type_="Indirect")  # same tokens, different type
    system = ann(quote=range(0, 10), type_="Indirect")
    s = score([doc(gold1, gold2)], [doc(system)])
    assert s.type_counts.tp == 1  # paired with the Indirect gold quotation
    assert s.type_counts.fn == 1  # the Direct one is unpaired


def test_documents_matched_by_name_and_unknown_system_documents_ignored():
    s = score([doc(GOLD_A, name="x")], [doc(GOLD_A, name="y")])
    assert s.system_quotations == 0 and s.joint[2] == 0.0


def test_labels_outside_the_dataset_are_rejected():
    with pytest.raises(ValueError, match="type"):
        score([doc(GOLD_A)], [doc(ann(quote=[1], type_="Quote"))])


def test_null_labels_are_no_prediction():
    s = score([doc(GOLD_A)], [doc(ann(quote=range(0, 10), type_=None, medium=None))])
    assert s.type_counts.tp == 0 and s.type_counts.fp == 0 and s.type_counts.fn == 1


def _only(gold_docs, keep):
    return [
        doc(*[{**{p: (a[p] if p in keep else {"tokenIds": []}) for p in PARTS}, "type": None, "medium": None}
              for a in d["annotations"]], name=d["documentName"])
        for d in gold_docs
    ]


@pytest.mark.shared
def test_readme_sanity_numbers_on_dev():
    if not DEV.exists():
        pytest.skip(f"the dev split is not at {DEV} (../shared/ absent)")
    gold = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    assert round(score(gold, _only(gold, {"quote", "speaker"})).joint[2], 3) == 0.725
    assert round(score(gold, _only(gold, {"quote", "speaker", "cue"})).joint[2], 3) == 0.870
    assert round(score(gold, _only(gold, {"quote", "speaker", "cue", "frame"})).joint[2], 3) == 0.989
    assert score(gold, gold).joint == (1.0, 1.0, 1.0)


def test_zero_overlap_pairs_kept_as_in_the_published_script():
    # the system quote misses the gold quote entirely but names the same speaker
    gold = ann(quote=[0, 1, 2], speaker=[5])
    system = ann(quote=[8, 9], speaker=[5])
    kept = score([doc(gold)], [doc(system)])
    assert kept.pairs == 1 and kept.zero_overlap_pairs == 1 and kept.units == 1
    assert kept.precisions["speaker"] == [1.0]  # the speaker still agrees within the pair
    split = score([doc(gold)], [doc(system)], keep_zero_pairs=False)
    assert split.pairs == 0 and split.units == 2
    assert split.precisions["speaker"] == [0.0] and split.recalls["speaker"] == [0.0]


def test_label_accuracy_over_pairs():
    wrong_medium = ann(quote=range(0, 10), speaker=[12, 13], cue=[11], frame=[11, 12, 13], medium="Writing")
    s = score([doc(GOLD_A, GOLD_B)], [doc(wrong_medium, GOLD_B)])
    assert (s.pair_type_right, s.pair_medium_right, s.pairs) == (2, 1, 2)
    assert s.as_dict()["medium_accuracy_over_pairs"] == 0.5
    assert any("accuracy 0.500 (1/2)" in line for line in format_scores(s))
