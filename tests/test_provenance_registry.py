"""The outlet registry: loading, validation, State Media Matrix coverage, measures and wording."""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path

import pytest

from quelle.provenance.attribute import origin_of
from quelle.provenance.build_matrix import build_rows
from quelle.provenance.registry import RegistryError, load_registry, registry

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MATRIX_CSV = SHARED / "data" / "state-media-matrix" / "State_Media_Matrix.csv"
DATA = Path(str(resources.files("quelle.provenance").joinpath("data")))
INDEPENDENT = {"IP", "ISF", "ISM", "ISFM"}


def test_registry_loads_handmade_outlets() -> None:
    reg = registry()
    assert {"rt", "sputnik", "tass", "ria-novosti"} <= set(reg.outlets)
    rt = reg.outlets["rt"]
    assert rt.outlet == "RT" and rt.typology == "SC"
    assert {"RT English", "RT UK", "RT DE", "RT France", "RT en Español", "RT Arabic", "RT Balkan"} <= {
        e.name for e in rt.editions}
    assert reg.lookup_host("de.rt.com").edition.name == "RT DE"
    assert reg.lookup_host("rtde.world").edition.name == "RT DE"
    assert reg.lookup_host("www.rt.com").edition.name == "RT English"
    assert reg.lookup_host("snanews.de").host.verified is False
    assert reg.lookup_host("example.org") is None


def test_every_matrix_row_is_an_entry() -> None:
    reg = registry()
    assert len(reg.matrix) == 1156  # the CSV's 1,157 data rows minus its one all-empty last row
    assert len({e.matrix_row for e in reg.matrix}) == len(reg.matrix)
    assert all(e.source == "state-media-matrix" for e in reg.matrix)
    codes = {e.typology for e in reg.matrix}
    assert codes <= {"SC", "CaPu", "CaPr", "ISFM", "ISF", "ISM", "IP"}
    assert sum(e.typology_uncertain for e in reg.matrix) == 4  # the "ISFM?" rows


def test_matrix_extract_matches_the_shared_csv() -> None:
    if not MATRIX_CSV.exists():
        pytest.skip(f"the State Media Matrix CSV is not at {MATRIX_CSV} (../shared/ absent)")
    with MATRIX_CSV.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    non_blank = [r for r in records if any((v or "").strip() for v in r.values())]
    rows = build_rows(MATRIX_CSV)
    assert len(rows) == len(non_blank) == len(registry().matrix)
    shipped = {(e.outlet, e.typology_source) for e in registry().matrix}
    for row in rows:
        assert (row["outlet"] or row["owner"], f"State Media Matrix, row {row['row']}") in shipped


def test_matrix_hosts_resolve_with_their_typology() -> None:
    reg = registry()
    bbc = reg.lookup_host("bbc.co.uk")
    assert bbc.entry.outlet == "BBC" and bbc.entry.typology == "IP"
    ntv = reg.lookup_host("www.ntv.ru")
    assert ntv.entry.source == "state-media-matrix" and ntv.entry.typology == "CaPu"
    assert reg.lookup_host("news.bbc.co.uk").entry.outlet == "BBC"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in ("outlets.yaml", "sanctions.yaml", "typology.yaml", "state_media_matrix.tsv"):
        shutil.copy(DATA / name, tmp_path / name)
    assert len(load_registry(tmp_path).outlets) == len(registry().outlets)
    return tmp_path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("kind: share_prompt, lang: en, edition: RT English, where: line, weight: 0.5,",
     "kind: share_prompt, lang: en, edition: RT English, where: line, weight: 1.5,", "weight"),
    ("kind: share_prompt, lang: en, edition: RT English,", "kind: share_prompt, lang: en, edition: RT Mars,",
     "not an edition"),
    ("kind: share_prompt, lang: en,", "kind: shout, lang: en,", "kind"),
    ('pattern: "follow rt on\\\\b.{0,60}"', 'pattern: "follow rt on (unclosed"', "not a valid regex"),
    ("    typology: SC\n    typology_source: State Media Matrix (TASS",
     "    typology: XX\n    typology_source: State Media Matrix (TASS", "typology"),
    ("        domains: [tass.com]", "        domains: [rt.com]", "already listed"),
    ("        domains: [ria.ru]", "        domains: [https://ria.ru/]", "not a host name"),
    ("  - id: zdf\n", "  - id: ZDF!\n", "id"),
])
def test_broken_outlet_entry_is_rejected(data_copy: Path, old: str, new: str, message: str) -> None:
    path = data_copy / "outlets.yaml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(RegistryError, match=message) as err:
        load_registry(data_copy)
    assert "outlets.yaml" in str(err.value)


def test_broken_measure_is_rejected(data_copy: Path) -> None:
    path = data_copy / "sanctions.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('applies_from: "2022-03-02"', 'applies_from: "2 March 2022"', 1), "utf-8")
    with pytest.raises(RegistryError, match=r"sanctions.yaml: measure 'Council Regulation \(EU\) 2022/350'"):
        load_registry(data_copy)
    path.write_text(text.replace("- {outlet: tass", "- {outlet: nowhere", 1).replace(
        "- {outlet: ria-novosti}", "- {outlet: nowhere}", 1), "utf-8")
    with pytest.raises(RegistryError, match="nowhere"):
        load_registry(data_copy)


def test_broken_matrix_row_is_rejected(data_copy: Path) -> None:
    path = data_copy / "state_media_matrix.tsv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("2\t"))
    lines[index] = lines[index].replace("\tSC\t", "\tState\t")
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(RegistryError, match="state_media_matrix.tsv: row 2"):
        load_registry(data_copy)


def test_measures_attach_to_the_editions_they_name() -> None:
    reg = registry()
    rt = reg.outlets["rt"]
    english = origin_of(rt, rt.edition("RT English"), reg)
    arabic = origin_of(rt, rt.edition("RT Arabic"), reg)
    assert [s.act for s in english.sanctions] == ["Council Regulation (EU) 2022/350"]
    assert [s.act for s in arabic.sanctions] == ["Council Regulation (EU) 2023/427"]
    ria = origin_of(reg.outlets["ria-novosti"], None, reg)
    assert [(s.act, s.applies_from) for s in ria.sanctions] == [("Council Regulation (EU) 2024/1428", "2024-06-25")]
    ntv = reg.lookup_host("ntv.ru")
    assert [s.act for s in origin_of(ntv.entry, ntv.edition, reg).sanctions] == ["Council Regulation (EU) 2022/2474"]
    for measure in reg.measures:
        assert measure.url and measure.url.startswith("https://eur-lex.europa.eu/")
        assert measure.verified or measure.note
        wording = measure.wording.lower()
        assert "illegal" not in wording and "breaks" not in wording and "violat" not in wording


def test_only_sc_capu_capr_are_called_state_controlled() -> None:
    reg = registry()
    assert {code for code, t in reg.typologies.items() if t.state_controlled} == {"SC", "CaPu", "CaPr"}
    entries = list(reg.outlets.values()) + list(reg.matrix)
    checked = 0
    for entry in entries:
        origin = origin_of(entry, entry.editions[0] if entry.editions else None, reg)
        if entry.typology in INDEPENDENT:
            checked += 1
            assert origin.state_controlled is False, entry.id
            label = (origin.state_affiliation_label or "").lower()
            assert "state media" not in label and "state-controlled" not in label, entry.id
        elif entry.typology in {"SC", "CaPu", "CaPr"}:
            assert origin.state_controlled is True, entry.id
    assert checked > 100
