"""samples/: every file documented, truth.json exact, figures agreeing with the real seed,
the special files really special, and the folder rebuilt byte for byte by its script."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import zipfile

import pytest
from conftest import SAMPLES, SEED_EXPECTED

from extractors.reader import read_document
from pipeline.corpus.evaluate import truth_problems
from schemas.errors import InputError

TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
README = (SAMPLES / "README.md").read_text(encoding="utf-8")
DOCS = {d["file"]: d["record"] for d in TRUTH["documents"]}
SUMMARY = next(r for r in DOCS.values() if r["kind"] == "district_summary")


def _samples() -> list[str]:
    return sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".docx", ".doc"))


def test_every_sample_is_in_the_readme_and_in_truth():
    files = _samples()
    for f in DOCS:
        assert DOCS[f]["sha256"] == hashlib.sha256((SAMPLES / f).read_bytes()).hexdigest()
    assert len([f for f in files if f in DOCS]) == 15
    for f in files:
        assert f"`{f}`" in README, f
        assert f in DOCS or f in TRUTH["unreadable"], f


def test_every_planted_discrepancy_is_in_the_readme():
    rows = [line for line in README.splitlines() if re.match(r"\| \d+ \| `", line)]
    assert len(rows) == 9
    for d, row in zip(TRUTH["discrepancies"], rows):
        assert f"`{d['rule']}`" in row
        assert (d["unit"] or "–") in row and (d["indicator"] or "–") in row
        assert all(str(v) in row for v in d["values"])
    # then one row for the reports a folder of one of Quảng Ngãi's 96 communes lacks
    [many] = [line for line in README.splitlines() if line.startswith("| 10–104 | `")]
    rest = TRUTH["discrepancies"][9:]
    assert len(TRUTH["discrepancies"]) == 104 and len(rest) == 95
    assert all(d["rule"] == "missing_unit" and d["indicator"] is None for d in rest)
    assert "`missing_unit`" in many and "95 other communes of Quảng Ngãi" in many


def test_no_2026_discrepancy_names_a_former_commune():
    from extractors.places import gazetteer

    today = {u.name for u in gazetteer("new").communes_in("Quảng Ngãi")}
    former = {u.name for u in gazetteer().communes_of("Tu Mơ Rông", "Kon Tum")} - today
    named = {d["unit"] for d in TRUTH["discrepancies"][8:]}
    assert named <= today and not named & former and "Măng Ri" in named


@pytest.mark.parametrize("file", sorted(f for f in DOCS if not f.endswith(".doc")))
def test_truth_is_exact_against_the_text(file):
    assert truth_problems(SAMPLES / file, DOCS[file]) == []


def test_the_doc_sample_reads_like_its_truth():
    assert (SAMPLES / "te-xang-2024-h1.doc").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert truth_problems(SAMPLES / "te-xang-2024-h1.doc", DOCS["te-xang-2024-h1.doc"]) == []


@pytest.mark.parametrize("indicator", ["sessions", "resolutions", "voter_petitions"])
def test_summary_lists_agree_with_the_real_seed(indicator):
    seed = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))

    def units(counts):
        return sorted((c["unit"], c["value"]) for c in counts if c["indicator"] == indicator
                      and c["level"] == "commune" and c["scope"] == "unit")

    assert units(SUMMARY["counts"]) == units(seed["counts"])


def test_commune_reports_state_the_seed_figures_except_the_planted_one():
    listed = {c["unit"]: c["value"] for c in SUMMARY["counts"]
              if c["indicator"] == "voter_petitions" and c["level"] == "commune"
              and c["scope"] == "unit"}
    own = {r["unit"]: c["value"] for r in DOCS.values() if r["kind"] == "commune_report"
           and r["period"] == SUMMARY["period"]
           for c in r["counts"] if c["indicator"] == "voter_petitions" and not c["qualifiers"]}
    assert own["Đăk Sao"] == 6
    differ = {u for u in listed if own[u] != listed[u]}
    assert differ == {"Văn Xuôi"}


def test_tcvn3_sample_is_typed_in_vntime():
    with zipfile.ZipFile(SAMPLES / "ngok-lay-2024-h1.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert 'w:hAnsi=".VnTime"' in xml and 'w:hAnsi=".VnTimeH"' in xml
    assert "Ngọk Lây" not in xml
    doc = read_document(SAMPLES / "ngok-lay-2024-h1.docx")
    assert "Thường trực HĐND xã Ngọk Lây" in doc.text
    assert all(b.legacy_encoding == "tcvn3" for b in doc.blocks if b.text.strip())


def test_tracked_changes_sample_has_an_insertion_and_a_deletion():
    with zipfile.ZipFile(SAMPLES / "tu-mo-rong-2024-h1.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert "<w:delText" in xml and "<w:ins " in xml
    assert re.search(r"<w:delText[^>]*>06</w:delText>", xml)
    phrase = next(c["text"] for c in DOCS["tu-mo-rong-2024-h1.docx"]["counts"]
                  if c["indicator"] == "voter_petitions" and not c["qualifiers"])
    assert phrase.startswith("05 ")
    assert phrase in read_document(SAMPLES / "tu-mo-rong-2024-h1.docx").text


def test_table_sample_states_its_figures_only_in_the_table():
    parts = {c["part"] for c in DOCS["dak-na-2024-h1.docx"]["counts"]}
    assert parts == {"table"}


def test_broken_sample_is_refused_with_a_reason():
    with pytest.raises(InputError, match="mang-ri-2024-h1-email.docx"):
        read_document(SAMPLES / "mang-ri-2024-h1-email.docx")


def test_summary_keeps_the_seed_flags_sources():
    labels = [b.label for b in read_document(SAMPLES / "tu-mo-rong-2024-h1-summary.docx").blocks
              if b.label and re.fullmatch(r"[IVX]+", b.label)]
    assert labels == ["I", "II", "IV"]
    dates = {r["date"] for r in SUMMARY["references"] if r["type"] == "TB" and r["number"] == 29}
    assert dates == {"2024-06-24", "2023-07-05"}


def test_build_script_rebuilds_the_same_docx_files(tmp_path, monkeypatch):
    if shutil.which("soffice") is None:
        pytest.skip("soffice (libreoffice-writer-nogui) is needed for the .doc sample")
    monkeypatch.syspath_prepend(str(SAMPLES))
    sys.modules.pop("build_samples", None)
    import build_samples

    truth = build_samples.build(tmp_path)

    def stable(t):  # LibreOffice writes a new .doc each time: its hash changes
        return [{**d["record"], "sha256": None} if d["file"].endswith(".doc") else d["record"]
                for d in t["documents"]]

    assert stable(truth) == stable(TRUTH)
    assert {k: v for k, v in truth.items() if k != "documents"} == \
        {k: v for k, v in TRUTH.items() if k != "documents"}
    for f in _samples():
        if f.endswith(".docx"):
            assert (tmp_path / f).read_bytes() == (SAMPLES / f).read_bytes(), f
