"""Reviewer messages name each unit with its own kind word: phường, thị trấn, quận, thị xã,
thành phố, not always "xã … (huyện …)". Units and kinds are the gazetteer's, real ones."""
import pytest

from extractors.places import fold
from pipeline.reconcile import messages as msg
from pipeline.reconcile import reconcile
from schemas.flags import Rule
from schemas.record import Count, Evidence, Period, Qualifiers, Record

# the gazetteer's units before 2025: quận 3 has only phường (phường 7 joined Võ Thị Sáu in
# 2020), thị xã Sa Pa has phường and xã, huyện Đắk Tô has thị trấn Đăk Tô and xã
QUAN_3 = ("3", "Hồ Chí Minh", ["1", "2", "3", "4", "5", "9", "11", "12", "14", "Võ Thị Sáu"])
SA_PA = ("Sa Pa", "Lào Cai", ["Ô Quý Hồ", "Phan Si Păng", "Hàm Rồng", "Cầu Mây", "Thanh Bình",
                              "Bản Hồ", "Mường Bo", "Liên Minh", "Ngũ Chỉ Sơn", "Trung Chải",
                              "Tả Phìn", "Hoàng Liên", "Mường Hoa", "Tả Van"])
DAK_TO = ("Đắk Tô", "Kon Tum", ["Đăk Tô", "Tân Cảnh", "Diên Bình", "Pô Kô", "Đăk Trăm",
                                "Văn Lem", "Kon Đào", "Đăk Rơ Nga", "Ngọk Tụ"])
# huyện Long Phú has xã Long Phú and thị trấn Long Phú: the kind word written says which
LONG_PHU = ("Long Phú", "Sóc Trăng", ["thị trấn Đại Ngãi", "xã Long Đức", "thị trấn Long Phú",
                                      "xã Song Phụng", "xã Tân Hưng", "xã Châu Khánh",
                                      "xã Hậu Thạnh", "xã Trường Khánh", "xã Long Phú",
                                      "xã Phú Hữu", "xã Tân Thạnh"])
TU_MO_RONG = ("Tu Mơ Rông", "Kon Tum", ["Đăk Hà", "Đăk Na", "Đăk Rơ Ông", "Đăk Sao",
                                        "Đăk Tờ Kan", "Măng Ri", "Ngọk Lây", "Ngọk Yêu",
                                        "Tê Xăng", "Tu Mơ Rông", "Văn Xuôi"])


def ev(text, footnote=None):
    return Evidence(part="footnote" if footnote else "body", block=0, start=0, end=len(text),
                    text=text, footnote=footnote, doc_start=0, doc_end=len(text))


def count(value, unit, level="commune", scope="unit", indicator="voter_petitions", id=None,
          total_id=None, list_id=None, text=None):
    return Count(id=id or f"{fold(unit)}-{value}-{level}-{scope}", indicator=indicator,
                 value=value, level=level, unit=unit, scope=scope, qualifiers=Qualifiers(),
                 evidence=ev(text or f"{unit}: {value}", 4 if list_id else None), rule="test",
                 total_id=total_id, list_id=list_id)


def summary(place, counts):
    district, province, _ = place
    return Record(file="summary.docx", sha256=f"sha-{district}",
                  kind="district_summary", level="district", unit=district, district=district,
                  province=province, period=Period(year=2024, half=1), term="2021-2026",
                  counts=counts)


def report(place, unit, value=5, file=None):
    district, province, _ = place
    file = file or f"{fold(unit).replace(' ', '-')}-2024-h1.docx"
    return Record(file=file, sha256=f"sha-{file}", kind="commune_report", level="commune",
                  unit=unit, district=district, province=province,
                  period=Period(year=2024, half=1), term="2021-2026",
                  counts=[count(value, unit)])


def flagged(records, rule):
    """Return the (Vietnamese, English) messages of `rule`'s flags (the gazetteer's units)."""
    return [(f.message, f.message_en) for f in reconcile(records) if f.rule == rule]


@pytest.mark.parametrize("place, missing, vi, en", [
    (QUAN_3, "9", "Chưa có báo cáo của phường 9 (quận 3) cho 6 tháng đầu năm 2024: kiểm tra "
     "phường đã nộp báo cáo chưa.", "No report from ward 9 (urban district 3)"),
    (SA_PA, "Hàm Rồng", "Chưa có báo cáo của phường Hàm Rồng (thị xã Sa Pa)",
     "No report from ward Hàm Rồng (town Sa Pa)"),
    (SA_PA, "Tả Van", "Chưa có báo cáo của xã Tả Van (thị xã Sa Pa)",
     "No report from commune Tả Van (town Sa Pa)"),
    (DAK_TO, "Đăk Tô", "Chưa có báo cáo của thị trấn Đăk Tô (huyện Đắk Tô) cho 6 tháng đầu "
     "năm 2024: kiểm tra thị trấn đã nộp báo cáo chưa.",
     "No report from township Đăk Tô (district Đắk Tô)"),
    (TU_MO_RONG, "Măng Ri", "Chưa có báo cáo của xã Măng Ri (huyện Tu Mơ Rông) cho 6 tháng "
     "đầu năm 2024: kiểm tra xã đã nộp báo cáo chưa.",
     "No report from commune Măng Ri (district Tu Mơ Rông)"),
])
def test_missing_report_names_the_commune_and_district_by_their_kind(place, missing, vi, en):
    records = [report(place, u) for u in place[2] if u != missing]
    [(message, message_en)] = flagged(records, Rule.missing_unit)
    assert message.startswith(vi) and message_en.startswith(en)


@pytest.mark.parametrize("place, missing, vi, en", [
    (QUAN_3, "Võ Thị Sáu", "Danh sách theo phường về ý kiến, kiến nghị của cử tri "
     "(summary.docx, chú thích 4) không có phường Võ Thị Sáu của quận 3: kiểm tra phường "
     "này bị bỏ sót hay không có số liệu.", "does not include ward Võ Thị Sáu of urban district 3"),
    (SA_PA, "Cầu Mây", "Danh sách theo xã, phường về ý kiến, kiến nghị của cử tri "
     "(summary.docx, chú thích 4) không có phường Cầu Mây của thị xã Sa Pa",
     "does not include ward Cầu Mây of town Sa Pa"),
    (DAK_TO, "Đăk Tô", "Danh sách theo xã, thị trấn về ý kiến, kiến nghị của cử tri "
     "(summary.docx, chú thích 4) không có thị trấn Đăk Tô của huyện Đắk Tô: kiểm tra "
     "thị trấn này", "does not include township Đăk Tô of district Đắk Tô"),
])
def test_missing_from_list_names_the_commune_and_district_by_their_kind(place, missing, vi, en):
    listed = [count(3, u, list_id="fn4") for u in place[2] if u != missing]
    [(message, message_en)] = flagged([summary(place, listed)], Rule.missing_unit)
    assert message.startswith(vi) and en in message_en


@pytest.mark.parametrize("missing, vi, en", [
    ("thị trấn Long Phú", "không có thị trấn Long Phú của huyện Long Phú: kiểm tra thị trấn này",
     "does not include township Long Phú of district Long Phú"),
    ("xã Long Phú", "không có xã Long Phú của huyện Long Phú: kiểm tra xã này",
     "does not include commune Long Phú of district Long Phú"),
])
def test_missing_from_list_tells_which_of_two_communes_of_one_name_is_missing(missing, vi, en):
    listed = [count(3, w.removeprefix("xã ").removeprefix("thị trấn "), list_id="fn4",
                    text=f"{w}: 3") for w in LONG_PHU[2] if w != missing]
    [(message, message_en)] = flagged([summary(LONG_PHU, listed)], Rule.missing_unit)
    assert message.startswith("Danh sách theo xã, thị trấn về") and vi in message
    assert en in message_en


@pytest.mark.parametrize("place, vi, en", [
    (QUAN_3, "không phải là phường của quận 3: kiểm tra tên phường",
     "is no ward of urban district 3"),
    (DAK_TO, "không phải là xã, thị trấn của huyện Đắk Tô", "is no commune or township of "
     "district Đắk Tô"),
    (SA_PA, "không phải là xã, phường của thị xã Sa Pa", "is no commune or ward of town Sa Pa"),
    (TU_MO_RONG, "không phải là xã của huyện Tu Mơ Rông: kiểm tra tên xã",
     "is no commune of district Tu Mơ Rông"),
])
def test_unknown_unit_names_the_district_and_the_kinds_of_its_communes(place, vi, en):
    listed = [count(3, u, list_id="fn4") for u in place[2]]
    listed.append(count(2, "7", list_id="fn4", text="Phường 7: 2"))  # no such ward any more
    [(message, message_en)] = flagged([summary(place, listed)], Rule.unknown_unit)
    assert message.startswith("“7” (2 ý kiến, kiến nghị của cử tri") and vi in message
    assert en in message_en


def test_cross_document_mismatch_sends_the_clerk_to_the_wards_report():
    records = [summary(QUAN_3, [count(7, "9")]), report(QUAN_3, "9", 5)]
    [(message, message_en)] = flagged(records, Rule.cross_document_mismatch)
    assert message == ("Báo cáo tổng hợp ghi phường 9 có 7 ý kiến, kiến nghị của cử tri "
                       "(summary.docx), nhưng báo cáo của phường ghi 5 (9-2024-h1.docx): "
                       "đối chiếu với báo cáo của phường.")
    assert "for ward 9" in message_en and "the ward's own report" in message_en


@pytest.mark.parametrize("place, unit, vi, en", [
    (DAK_TO, "Đăk Tô", "Thị trấn Đăk Tô có hai báo cáo", "Township Đăk Tô has two reports"),
    (QUAN_3, "Võ Thị Sáu", "Phường Võ Thị Sáu có hai báo cáo", "Ward Võ Thị Sáu has two"),
    (TU_MO_RONG, "Đăk Sao", "Xã Đăk Sao có hai báo cáo", "Commune Đăk Sao has two reports"),
])
def test_duplicate_submission_names_the_commune_by_its_kind(place, unit, vi, en):
    records = [report(place, unit, 5, "a.docx"), report(place, unit, 6, "b.docx")]
    [(message, message_en)] = flagged(records, Rule.duplicate_submission)
    assert message.startswith(vi) and message_en.startswith(en)


@pytest.mark.parametrize("place, level, scope, unit, vi, en", [
    (QUAN_3, "district", "unit", "3", "(quận 3)", "(urban district 3)"),
    (QUAN_3, "commune", "sum", "3", "(cấp xã của quận 3)", "(communes of urban district 3)"),
    (SA_PA, "all", "sum", "Sa Pa", "(toàn thị xã Sa Pa)", "(town Sa Pa with its communes)"),
    (SA_PA, "commune", "unit", "Phan Si Păng", "(phường Phan Si Păng)", "(ward Phan Si Păng)"),
    (QUAN_3, "province", "unit", "Hồ Chí Minh", "(thành phố Hồ Chí Minh)",
     "(city Hồ Chí Minh)"),
    (DAK_TO, "commune", "unit", "Đăk Tô", "(thị trấn Đăk Tô)", "(township Đăk Tô)"),
    (TU_MO_RONG, "district", "unit", "Tu Mơ Rông", "(huyện Tu Mơ Rông)",
     "(district Tu Mơ Rông)"),
])
def test_total_mismatch_names_whose_total_it_is_by_its_kind(place, level, scope, unit, vi, en):
    total = count(8, unit, level, scope, "supervision_topics", id="t")
    parts = [count(v, unit, level, scope, "supervision_topics", id=f"p{v}", total_id="t")
             for v in (2, 3)]
    [(message, message_en)] = flagged([summary(place, [total, *parts])], Rule.total_mismatch)
    assert f"= 5 {vi}: kiểm tra lại" in message and f"= 5 {en}: check" in message_en


@pytest.mark.parametrize("words, vi, en", [
    ([], "xã", "commune"),
    (["phường"], "phường", "ward"),
    (["thị trấn", "xã", "xã"], "xã, thị trấn", "commune or township"),
    (["thị trấn", "phường", "xã"], "xã, phường, thị trấn", "commune, ward or township"),
])
def test_kinds_lists_a_districts_commune_kinds_as_district_documents_do(words, vi, en):
    assert msg.kinds(words) == (vi, en)


@pytest.mark.parametrize("level, unit, scope, kind, expected", [
    ("commune", "Đăk Sao", "unit", None, ("xã Đăk Sao", "commune Đăk Sao")),
    ("commune", "7", "unit", "phường", ("phường 7", "ward 7")),
    ("district", "Tu Mơ Rông", "unit", None, ("huyện Tu Mơ Rông", "district Tu Mơ Rông")),
    ("district", "Kon Tum", "unit", "thành phố", ("thành phố Kon Tum", "city Kon Tum")),
    ("province", "Kon Tum", "unit", None, ("tỉnh Kon Tum", "province Kon Tum")),
    ("commune", "Tu Mơ Rông", "sum", None, ("cấp xã của huyện Tu Mơ Rông",
                                            "communes of district Tu Mơ Rông")),
    ("all", "Sa Pa", "sum", "thị xã", ("toàn thị xã Sa Pa", "town Sa Pa with its communes")),
    ("commune", "", "unit", "phường", ("", "")),
])
def test_place_names_a_unit_with_its_kind_word(level, unit, scope, kind, expected):
    assert msg.place(level, unit, scope, kind) == expected
