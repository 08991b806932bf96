"""Reports after 1 July 2025, reconciled on the map of their period: a province's summary
against its new communes' own reports, as a district's summary against its communes; figures
of the former units compared with none of today's; no flag names a unit of another map."""
from __future__ import annotations

import docx
import pytest

from extractors.places import gazetteer
from pipeline.reconcile import reconcile
from pipeline.review import list_flags
from pipeline.run import run_batch
from pipeline.store import open_store
from schemas.flags import Rule

PROVINCE = "Quảng Ngãi"
TODAY = {u.name for u in gazetteer("new").communes_in(PROVINCE)}
FORMER = {u.name for u in gazetteer().communes_of("Tu Mơ Rông", "Kon Tum")}


def _write(path, lines):
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(path)
    return path


def _commune(path, sessions: int, half="đầu", year=2026, extra=()):
    return _write(path, [
        "HĐND XÃ MĂNG RI", "THƯỜNG TRỰC HĐND", "Số: 12/BC-HĐND",
        f"Măng Ri, ngày 20 tháng {6 if half == 'đầu' else 12} năm {year}", "BÁO CÁO",
        f"Kết quả hoạt động của HĐND xã Măng Ri 6 tháng {half} năm {year}",
        "Thực hiện Kế hoạch số 08/KH-TTHĐND của Thường trực HĐND tỉnh Quảng Ngãi, Thường "
        "trực HĐND xã báo cáo như sau:", "I. KẾT QUẢ HOẠT ĐỘNG", *extra,
        f"Trong 6 tháng {half} năm {year}, HĐND xã đã tổ chức {sessions:02d} kỳ họp, ban hành "
        "12 nghị quyết.", "II. PHƯƠNG HƯỚNG", "Tiếp tục thực hiện."])


def _summary(path, items: dict[str, int], half="đầu", year=2026):
    listed = "; ".join(f"xã {name} {n:02d} kỳ họp" for name, n in items.items())
    return _write(path, [
        "HĐND TỈNH QUẢNG NGÃI", "THƯỜNG TRỰC HĐND", "Số: 40/BC-TTHĐND",
        f"Quảng Ngãi, ngày 28 tháng {6 if half == 'đầu' else 12} năm {year}", "BÁO CÁO",
        f"Tổng hợp kết quả hoạt động của HĐND các xã, phường 6 tháng {half} năm {year}",
        "I. KẾT QUẢ HOẠT ĐỘNG", "HĐND tỉnh đã tổ chức 02 kỳ họp, ban hành 20 nghị quyết.",
        f"HĐND các xã, phường đã tổ chức kỳ họp: {listed}.",
        "Đối với cấp xã: cử tri đã gửi 40 ý kiến, kiến nghị đến kỳ họp HĐND các xã.",
        "II. PHƯƠNG HƯỚNG", "Tiếp tục thực hiện."])


@pytest.fixture(scope="module")
def issue_case(tmp_path_factory):
    """The issue's case: a 2026 H1 report of the new xã Măng Ri and the province summary
    listing its new communes, run as a user would."""
    folder = tmp_path_factory.mktemp("case")
    _commune(folder / "mang-ri-2026-h1.docx", 2)
    _summary(folder / "quang-ngai-2026-h1-summary.docx",
             {"Măng Ri": 3, "Đăk Sao": 2, "Tu Mơ Rông": 2, "Đăk Tờ Kan": 1})
    db = folder / "b.db"
    run_batch([folder], db, workers=1)
    with open_store(db, create=False) as store:
        records = {r.file.rsplit("/", 1)[-1]: r for r in store.load_records()}
    return records, list_flags(db, status="all")


def test_the_new_communes_report_is_placed_in_the_province_with_no_district(issue_case):
    records, _ = issue_case
    r = records["mang-ri-2026-h1.docx"]
    assert (r.kind.value, r.level.value, r.unit, r.district, r.province, r.code) == (
        "commune_report", "commune", "Măng Ri", None, PROVINCE, "51/xamangri")


def test_the_province_summary_is_a_province_summary(issue_case):
    records, _ = issue_case
    s = records["quang-ngai-2026-h1-summary.docx"]
    assert (s.kind.value, s.level.value, s.unit, s.district, s.province) == (
        "province_summary", "province", PROVINCE, None, PROVINCE)
    own = [(c.indicator.value, c.value) for c in s.counts if c.level.value == "province"]
    communes = [(c.indicator.value, c.value) for c in s.counts
                if c.level.value == "commune" and c.scope.value == "sum"]
    assert own == [("sessions", 2), ("resolutions", 20)]  # not filed at district level
    assert communes == [("voter_petitions", 40)] and s.counts[-1].unit == PROVINCE


def test_three_sessions_against_two_is_flagged(issue_case):
    _, flags = issue_case
    [f] = [f for f in flags if f.rule == Rule.cross_document_mismatch]
    assert (f.indicator, f.unit, f.values) == ("sessions", "Măng Ri", [2, 3])
    assert "xã Măng Ri có 3 kỳ họp" in f.message and "ghi 2" in f.message
    assert "province summary" in f.message_en


def test_no_missing_unit_names_a_former_commune_for_2026(issue_case):
    _, flags = issue_case
    missing = [f for f in flags if f.rule == Rule.missing_unit]
    named = {f.unit for f in missing}
    assert named and named <= TODAY
    assert not named & (FORMER - TODAY)  # Ngọk Yêu, Văn Xuôi, ... exist no more
    assert "Măng Ri" not in named and len(missing) == len(TODAY) - 1
    assert all("(tỉnh Quảng Ngãi)" in f.message for f in missing)
    assert {f.rule for f in flags} == {Rule.cross_document_mismatch, Rule.missing_unit}


def test_the_same_name_in_2024_is_the_former_commune_of_tu_mo_rong(tmp_path):
    from pipeline.extract import extract_file

    path = _write(tmp_path / "mang-ri-2024-h1.docx", [
        "HĐND XÃ MĂNG RI", "THƯỜNG TRỰC HĐND", "Măng Ri, ngày 20 tháng 6 năm 2024", "BÁO CÁO",
        "Kết quả hoạt động của HĐND xã Măng Ri 6 tháng đầu năm 2024",
        "Thực hiện Kế hoạch của Thường trực HĐND huyện Tu Mơ Rông:", "I. KẾT QUẢ",
        "HĐND xã đã tổ chức 02 kỳ họp."])
    r = extract_file(path)
    assert (r.unit, r.district, r.province, r.code) == (
        "Măng Ri", "Tu Mơ Rông", "Kon Tum", "tinhkontum/huyentumorong/xamangri")


def test_former_figures_of_2025_h2_are_compared_with_none_of_todays(tmp_path):
    from pipeline.extract import extract_file

    report = extract_file(_commune(
        tmp_path / "mang-ri-2025-h2.docx", 2, half="cuối", year=2025,
        extra=["Trước ngày 01/7/2025, HĐND các xã cũ đã tổ chức 08 kỳ họp: xã Măng Ri (cũ) "
               "03 kỳ họp; xã Ngọk Yêu (cũ) 02 kỳ họp; xã Văn Xuôi (cũ) 03 kỳ họp."]))
    summary = extract_file(_summary(tmp_path / "qn-2025-h2.docx",
                                    {"Măng Ri": 2, "Đăk Sao": 2, "Tu Mơ Rông": 2},
                                    half="cuối", year=2025))
    former = [(c.unit, c.value, c.scope.value) for c in report.counts if c.qualifiers.former]
    assert former == [("Măng Ri", 8, "sum"), ("Măng Ri", 3, "unit"), ("Ngọk Yêu", 2, "unit"),
                      ("Văn Xuôi", 3, "unit")]
    found = [f for f in reconcile([report, summary])
             if f.rule not in (Rule.missing_unit,)]
    # Măng Ri (cũ) 3 and the new Măng Ri's 2 are two facts: no repeated_mismatch, and the
    # summary's 2 agrees with the new commune's own 2
    assert found == []
    missing = {f.unit for f in reconcile([report, summary]) if f.rule == Rule.missing_unit}
    assert missing <= TODAY and not missing & {"Ngọk Yêu", "Văn Xuôi"}


def test_a_province_summary_leaving_out_a_commune_or_naming_another_provinces():
    from pipeline.extract import extract_document
    from tests.extractors.test_units import build_doc

    lai_chau = [u.name for u in gazetteer("new").communes_in("Lai Châu")]
    listed = "; ".join(f"{u.kind} {u.name}: 02 nghị quyết"
                       for u in gazetteer("new").communes_in("Lai Châu")[1:])
    doc = build_doc(("table", "HĐND TỈNH LAI CHÂU"), ("table", "THƯỜNG TRỰC HĐND"),
                    ("body", "BÁO CÁO"),
                    ("body", "Tổng hợp kết quả hoạt động của HĐND các xã, phường 6 tháng đầu "
                             "năm 2026"),
                    ("body", f"HĐND các xã, phường đã ban hành nghị quyết: {listed}; xã Măng "
                             "Ri: 03 nghị quyết."))
    s = extract_document(doc)
    assert s.kind.value == "province_summary"
    got = {(f.rule, f.unit) for f in reconcile([s])}
    assert got == {(Rule.missing_unit, lai_chau[0]), (Rule.unknown_unit, "Măng Ri")}


def test_a_flag_on_a_province_sum_names_the_province():
    from pipeline.reconcile.flags import who
    from pipeline.reconcile.units import Communes, gazetteer_communes
    from schemas.record import Count, Evidence, Period, Record

    ev = Evidence(part="body", block=0, start=0, end=1, text="4", doc_start=0, doc_end=1)
    count = Count(id="c", indicator="voter_petitions", value=40, level="commune",
                  unit=PROVINCE, scope="sum", evidence=ev, rule="t")
    r = Record(file="s.docx", sha256="0", kind="province_summary", level="province",
               unit=PROVINCE, district=None, province=PROVINCE,
               period=Period(year=2026, half=1), term=None, counts=[count])
    assert who(r, count, Communes(gazetteer_communes)) == (
        "cấp xã của tỉnh Quảng Ngãi", "communes of province Quảng Ngãi")

