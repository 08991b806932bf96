"""Generated corpora of districts whose names are hard to tell apart, extracted, reconciled
and scored end to end: a clean corpus gives no flag, a planted one gives its flags. The same
for provinces after 1 July 2025 (new communes and the province summary), where no flag may
name a unit absent from the map of its period."""
from __future__ import annotations

import pytest

from pipeline.corpus import generate
from pipeline.corpus.evaluate import evaluate_dir, format_scores


@pytest.mark.parametrize("district, province, discrepancies", [
    # xã Ba Tô and thị trấn Ba Tơ fold alike; the thị trấn shares the district's name
    ("Ba Tơ", "Quảng Ngãi", 0),
    ("Ba Tơ", "Quảng Ngãi", 6),
    # numbered wards ("phường 9"), one of them named like the district ("phường 3")
    ("Quận 3", "Hồ Chí Minh", 0),
    ("Quận 3", "Hồ Chí Minh", 6),
    # xã and thị trấn Long Phú; phường and xã Tân Thành (with numbered wards) in Cà Mau
    ("Long Phú", "Sóc Trăng", 0),
    ("Cà Mau", "Cà Mau", 6),
])
def test_districts_with_hard_names_score_like_the_others(tmp_path, district, province,
                                                        discrepancies):
    # the names are what is tested here: clerks without the newer habits (those are scored
    # by the test below and by `baocao eval` on larger corpora)
    generate.generate_corpus(tmp_path / "c", district=district, province=province, seed=3,
                             discrepancies=discrepancies, habits=False)
    scores = evaluate_dir(tmp_path, workers=1)
    assert scores["counts"]["precision"] >= 0.98, format_scores(scores)
    assert scores["counts"]["recall"] >= 0.98, format_scores(scores)
    assert scores["flags"]["false_flags"] == 0, format_scores(scores)
    assert scores["flags"]["matched"] == discrepancies, format_scores(scores)


@pytest.mark.parametrize("seed", [21, 25])
def test_per_commune_lists_written_in_groups_raise_exactly_the_planted_list_flags(
        tmp_path, seed):
    """A summary whose clerk writes per-commune lists in groups ("các xã A, B mỗi xã 08 ý
    kiến; các xã C và D đều có 03 ý kiến; xã E 06 ý kiến"), with a commune left out of one
    list and a commune of another district in one: both flagged, nothing else on lists."""
    import json

    from pipeline.extract import extract_file
    from pipeline.reconcile import reconcile

    generate.generate_corpus(tmp_path, district="Tu Mơ Rông", province="Kon Tum", seed=seed,
                             discrepancies=6)
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    summary = next(d for d in truth["documents"] if d["record"]["kind"] == "district_summary")
    assert "distributive" in summary["habits"]
    lists = ("missing_unit", "unknown_unit")
    planted = {(d["rule"], d["indicator"], d["unit"]) for d in truth["discrepancies"]
               if d["rule"] in lists and d["documents"]}
    assert len(planted) == 2
    records = [extract_file(f) for f in sorted(tmp_path.glob("*.docx"))]
    flagged = {(f.rule.value, f.indicator, f.unit) for f in reconcile(records)
               if f.rule.value in lists and f.indicator}
    assert flagged == planted
@pytest.mark.parametrize("province, period, discrepancies", [
    ("Lai Châu", "2026H1", 0),
    ("Lai Châu", "2026H1", 8),
    # reports of the transition half give their former communes' figures too
    ("Điện Biên", "2025H2", 6),
])
def test_provinces_after_july_2025_score_like_the_districts(tmp_path, province, period,
                                                            discrepancies):
    # the subject is the map: clerks without the newer habits (scored in test_generate)
    generate.generate_corpus(tmp_path / "c", province=province, period=period, seed=3,
                             discrepancies=discrepancies, habits=False)
    scores = evaluate_dir(tmp_path, workers=1)
    assert scores["counts"]["precision"] >= 0.98, format_scores(scores)
    assert scores["counts"]["recall"] >= 0.98, format_scores(scores)
    assert scores["flags"]["false_flags"] == 0, format_scores(scores)
    assert scores["flags"]["matched"] == discrepancies, format_scores(scores)
    assert scores["flags"]["off_map"] == [], format_scores(scores)
