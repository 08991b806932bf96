"""Metadata: who reports, for which period and term, under which number and date."""
import json

import pytest

from extractors.facts.metadata import extract_metadata, named_communes
from schemas.record import Metadata
from tests.conftest import SEED_EXPECTED
from tests.extractors.test_units import build_doc

COMMUNE_HEAD = [
    ("table", "HĐND XÃ ĐĂK SAO"), ("table", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("table", "THƯỜNG TRỰC HĐND"), ("table", "Độc lập - Tự do - Hạnh phúc"),
    ("table", "Số: 15/BC-HĐND"), ("table", "Đăk Sao, ngày 15 tháng 6 năm 2024"),
    ("body", "BÁO CÁO"),
    ("body", "Kết quả hoạt động của HĐND xã Đăk Sao 6 tháng đầu năm 2024"),
]
DISTRICT_HEAD = [
    ("table", "HỘI ĐỒNG NHÂN DÂN HUYỆN TU MƠ RÔNG"), ("table", "THƯỜNG TRỰC HĐND"),
    ("table", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("table", "Số:      /BC-TTHĐND"),
    ("table", "Tu Mơ Rông, ngày     tháng 12 năm 2024"), ("body", "BÁO CÁO"),
    ("body", "Kết quả hoạt động của HĐND huyện năm 2024, nhiệm kỳ 2021-2026"),
]


def _with_sections(head, *body):
    """Return a document: `head` blocks, then "I. ..." sections with body text."""
    doc = build_doc(*head, ("body", "I. KẾT QUẢ HOẠT ĐỘNG"), *(("body", t) for t in body))
    blocks = list(doc.blocks)
    i = len(head)
    blocks[i] = blocks[i].model_copy(update={"label": "I"})
    return doc.model_copy(update={"blocks": tuple(blocks)})


def test_seed_metadata_is_that_of_expected(seed_docx):
    from extractors.reader import read_document

    doc = read_document(seed_docx)
    meta = extract_metadata(doc)
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    got = meta.model_dump(mode="json")
    for field in ("kind", "level", "unit", "province", "period", "term"):
        assert got[field] == expected[field], field
    assert meta.district == expected["unit"]  # a district's own summary
    assert meta.number is None and meta.date is None  # the seed has no letterhead
    assert [(s.label, s.block) for s in meta.sections] == [
        (b.label, b.id) for b in doc.blocks if b.label]
    assert [s.label for s in meta.sections][:3] == ["I", "1", "2"]


def test_commune_report_with_a_letterhead():
    doc = _with_sections(COMMUNE_HEAD, "HĐND xã đã tổ chức 02 kỳ họp, nhiệm kỳ 2021-2026.")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.level.value, meta.unit, meta.district, meta.province) == (
        "commune_report", "commune", "Đăk Sao", "Tu Mơ Rông", "Kon Tum")
    assert (meta.period.year, meta.period.half) == (2024, 1)
    assert (meta.number, meta.date, meta.term) == ("15/BC-HĐND", "2024-06-15", "2021-2026")


def test_district_report_with_blank_number_and_day():
    doc = _with_sections(DISTRICT_HEAD, "HĐND các xã: Đăk Hà, Văn Xuôi tổ chức kỳ họp.",
                         "Trong 6 tháng cuối năm 2025 cần tập trung")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.level.value, meta.unit, meta.district, meta.province) == (
        "district_summary", "district", "Tu Mơ Rông", "Tu Mơ Rông", "Kon Tum")
    assert (meta.period.year, meta.period.half) == (2024, None)  # the title's, not the plan's
    assert (meta.number, meta.date) == ("/BC-TTHĐND", None)


@pytest.mark.parametrize("district_line, district", [
    ("UBND HUYỆN ĐĂK HÀ", "Đăk Hà"), ("UBND HUYỆN ĐẮK GLEI", "Đắk Glei"),
])
def test_commune_named_in_two_districts_is_placed_by_the_letterhead(district_line, district):
    head = [("table", district_line), ("table", "HĐND XÃ ĐĂK LONG")] + COMMUNE_HEAD[2:6]
    meta = extract_metadata(_with_sections(head, "Nội dung."))
    assert (meta.level.value, meta.unit, meta.district, meta.province) == (
        "commune", "Đăk Long", district, "Kon Tum")


def test_a_commune_in_a_lower_case_letterhead_line_and_its_district_named_below():
    doc = _with_sections([("body", "Thường trực HĐND xã Văn Xuôi"),
                          ("body", "Báo cáo sáu tháng đầu năm 2023 của xã, huyện Tu Mơ Rông")],
                         "Thực hiện chỉ đạo của Thường trực HĐND huyện Tu Mơ Rông")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.unit, meta.district) == ("commune_report", "Văn Xuôi",
                                                           "Tu Mơ Rông")
    assert (meta.period.year, meta.period.half) == (2023, 1)


def test_letterhead_split_over_two_lines_names_the_reporting_commune():
    head = [("table", "HỘI ĐỒNG NHÂN DÂN"), ("table", "XÃ ĐẮK SAO")] + COMMUNE_HEAD[1:]
    doc = _with_sections(head, "Thực hiện Kế hoạch của Thường trực HĐND huyện Tu Mơ Rông.")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.unit, meta.district) == ("commune_report", "Đăk Sao",
                                                           "Tu Mơ Rông")


@pytest.mark.parametrize("extra, province", [
    ("", None),  # four provinces have a huyện Châu Thành with a thị trấn Châu Thành
    ("Kính gửi Thường trực HĐND huyện Châu Thành, tỉnh Bến Tre.", "Bến Tre"),
])
def test_a_name_shared_across_provinces_leaves_the_province_unknown(extra, province):
    head = [("table", "HĐND THỊ TRẤN CHÂU THÀNH"), ("table", "Số: 2/BC-HĐND"),
            ("table", "Châu Thành, ngày 16 tháng 12 năm 2023"),
            ("body", "Kết quả hoạt động của HĐND thị trấn 6 tháng cuối năm 2023")]
    doc = _with_sections(head, "Thực hiện Kế hoạch của Thường trực HĐND huyện Châu Thành.",
                         extra)
    meta = extract_metadata(doc)
    assert (meta.level.value, meta.unit, meta.district, meta.province) == (
        "commune", "Châu Thành", "Châu Thành", province)


def test_letterhead_in_a_text_box_after_the_body():
    doc = build_doc(("body", "BÁO CÁO"), ("body", "Kết quả hoạt động 6 tháng đầu năm 2024"),
                    ("body", "I. KẾT QUẢ"), ("body", "Đã tổ chức kỳ họp."),
                    ("textbox", "HĐND XÃ VĂN XUÔI"), ("textbox", "Số: 7/BC-HĐND"))
    blocks = list(doc.blocks)
    blocks[2] = blocks[2].model_copy(update={"label": "I"})
    meta = extract_metadata(doc.model_copy(update={"blocks": tuple(blocks)}))
    assert (meta.kind.value, meta.unit, meta.district, meta.number) == (
        "commune_report", "Văn Xuôi", "Tu Mơ Rông", "7/BC-HĐND")


def test_the_letterhead_district_wins_over_communes_named_of_another():
    head = [("table", "HĐND HUYỆN ĐĂK HÀ"), ("body", "Báo cáo năm 2024")]
    doc = _with_sections(head, "Đoàn học tập tại xã Đăk Sao, xã Văn Xuôi, xã Tê Xăng của "
                               "huyện Tu Mơ Rông.")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.unit, meta.district) == ("district_summary", "Đăk Hà",
                                                           "Đăk Hà")


@pytest.mark.parametrize("title, term", [
    ("Báo cáo 6 tháng đầu năm 2024", "2021-2026"),
    ("Báo cáo năm 2021", "2021-2026"),
    ("Báo cáo năm 2019", "2016-2021"),
    ("Báo cáo 6 tháng cuối năm 2026", "2026-2031"),
])
def test_term_not_stated_is_that_of_the_period(title, term):
    meta = extract_metadata(_with_sections([("body", title)], "HĐND xã khóa XIII"))
    assert meta.term == term


@pytest.mark.parametrize("titles, year, half", [
    (["Kết quả hoạt động 6 tháng đầu năm 2024"], 2024, 1),
    (["KẾT QUẢ HOẠT ĐỘNG 06 THÁNG CUỐI NĂM 2023"], 2023, 2),
    (["Kết quả hoạt động sáu tháng đầu năm 2025"], 2025, 1),
    (["Báo cáo công tác năm 2022"], 2022, None),
    (["Tu Mơ Rông, ngày 15 tháng 6 năm 2024", "báo cáo 6 tháng đầu năm"], 2024, 1),
    (["Số: 3/BC-HĐND\t\tTu Mơ Rông, ngày 15/6/2024", "báo cáo 6 tháng đầu năm"], 2024, 1),
    (["Tu Mơ Rông, ngày    tháng 12 năm 2024", "Báo cáo 6 tháng cuối năm"], 2024, 2),
    (["Tu Mơ Rông, ngày 15 tháng 6 năm 2024"], None, None),  # a date is no period
    (["Kết quả 6 tháng đầu năm và phương hướng 6 tháng cuối năm 2024"], 2024, 1),
])
def test_period_from_the_title(titles, year, half):
    head = [("body", t) for t in titles]
    meta = extract_metadata(_with_sections(head, "Nội dung không nói kỳ nào."))
    assert (meta.period.year, meta.period.half) == (year, half)


@pytest.mark.parametrize("line, date", [
    ("Đăk Sao, ngày 15 tháng 6 năm 2024", "2024-06-15"),
    ("Số: 15/BC-HĐND\t\tĐăk Sao, ngày 05/7/2024", "2024-07-05"),
    ("Đăk Sao, ngày     tháng 6 năm 2024", None),
    ("Phường 5, ngày 18 tháng 6 năm 2024", "2024-06-18"),
    ("Ngày 15 tháng 6 năm 2024, HĐND xã tổ chức kỳ họp thứ 7", None),  # an event, not the line
    ("Thực hiện Kế hoạch số 08/KH-TTHĐND, ngày 22/05/2024 của Thường trực", None),
])
def test_date_is_that_of_the_place_and_date_line(line, date):
    meta = extract_metadata(_with_sections([("body", line)], "Nội dung."))
    assert meta.date == date


@pytest.mark.parametrize("texts, term", [
    (["nhiệm kỳ 2021-2026", "nhiệm kỳ 2021 – 2026"], "2021-2026"),
    (["nhiệm kỳ 2021-2023", "Nhiệm kỳ 2021-2026"], "2021-2026"),  # the slip loses
    (["khóa XIV, lần thứ 3"], None),
    (["HĐND xã khóa XIII, NK 2021-2026"], "2021-2026"),
    (["NHIỆM KỲ 2016 - 2021"], "2016-2021"), (["ANK 2021-2026", "nk 2016-2021"], None),
])
def test_term_is_the_well_formed_one(texts, term):
    meta = extract_metadata(_with_sections([("body", "Báo cáo")], *texts))
    assert meta.term == term


def test_a_provincial_report_is_other_at_province_level():
    head = [("table", "HĐND TỈNH KON TUM"), ("table", "Số: 9/BC-HĐND"),
            ("body", "Kết quả hoạt động của HĐND tỉnh năm 2024")]
    meta = extract_metadata(_with_sections(head, "HĐND huyện Tu Mơ Rông đã tổ chức kỳ họp."))
    assert (meta.kind.value, meta.level.value, meta.unit, meta.district, meta.province) == (
        "other", "province", "Kon Tum", None, "Kon Tum")


def test_the_province_that_asked_for_a_report_is_not_its_author():
    head = [("body", "Báo cáo kết quả hoạt động 6 tháng đầu năm 2024"),
            ("body", "Thực hiện Kế hoạch của Thường trực HĐND tỉnh Kon Tum, Thường trực "
                     "HĐND huyện Tu Mơ Rông báo cáo như sau:")]
    meta = extract_metadata(_with_sections(head, "Nội dung."))
    assert (meta.kind.value, meta.level.value, meta.unit) == ("district_summary", "district",
                                                              "Tu Mơ Rông")


def test_a_summary_naming_neither_district_nor_province_is_placed_by_its_communes():
    head = [("body", "Tổng hợp kết quả hoạt động của HĐND huyện, xã 6 tháng đầu năm 2024")]
    doc = _with_sections(head, "Thường trực HĐND huyện đã chỉ đạo.",
                         "Xã Đăk Sao 6 ý kiến; xã Ngọk Yêu 4 ý kiến; xã Đăk Hà: 8 ý kiến.")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.unit, meta.district, meta.province) == (
        "district_summary", "Tu Mơ Rông", "Tu Mơ Rông", "Kon Tum")


def test_a_document_of_no_council_is_other():
    meta = extract_metadata(_with_sections([("body", "Thông tin chung của UBND")], "Nội dung"))
    assert (meta.kind.value, meta.level, meta.unit, meta.district) == ("other", None, None,
                                                                       None)


def test_metadata_round_trips_through_json():
    meta = extract_metadata(_with_sections(COMMUNE_HEAD, "Nội dung."))
    assert Metadata.model_validate(meta.model_dump(mode="json")) == meta


# a commune report whose letterhead names only its commune, which two districts have
DAK_HA_HEAD = [("table", "HỘI ĐỒNG NHÂN DÂN"), ("table", "XÃ ĐĂK HÀ"),
               ("table", "Số: 27/BC-HĐND"), ("table", "Đăk Hà, ngày 16 tháng 6 năm 2024"),
               ("body", "BÁO CÁO"), ("body", "Kết quả hoạt động của HĐND xã 6 tháng đầu năm 2024")]


@pytest.mark.parametrize("district, province, placed", [
    pytest.param(None, None, (None, None), id="no-hint"),
    pytest.param("Tu Mơ Rông", "Kon Tum", ("Đăk Hà", "Tu Mơ Rông"), id="tu-mo-rong"),
    pytest.param("Đăk Glong", "Đắk Nông", ("Đắk Ha", "Đăk Glong"), id="dak-glong"),
    pytest.param("Đăk Tô", "Kon Tum", (None, None), id="no-such-commune"),
])
def test_a_district_given_places_a_report_that_names_none(district, province, placed):
    doc = _with_sections(DAK_HA_HEAD, "HĐND xã đã tổ chức 02 kỳ họp.")
    meta = extract_metadata(doc, district=district, province=province)
    assert (meta.kind.value, meta.level.value) == ("commune_report", "commune")
    assert (meta.unit, meta.district) == placed


def test_a_district_given_never_overrides_the_text():
    meta = extract_metadata(_with_sections(COMMUNE_HEAD, "Nội dung."), district="Đăk Glong",
                            province="Đắk Nông")
    assert (meta.unit, meta.district) == ("Đăk Sao", "Tu Mơ Rông")


def test_named_communes_are_the_heads_own_with_every_commune_of_that_name():
    doc = _with_sections(DAK_HA_HEAD, "Nội dung.")
    [(written, units)] = named_communes(doc)
    assert written == "XÃ ĐĂK HÀ"
    assert sorted((u.name, u.district) for u in units) == [("Đăk Hà", "Tu Mơ Rông"),
                                                           ("Đắk Ha", "Đăk Glong")]
    no_council = [b for b in DAK_HA_HEAD if b[1] != "XÃ ĐĂK HÀ"]
    [(written, _)] = named_communes(_with_sections(no_council, "Nội dung."))
    assert written == "Đăk Hà"  # the place of the place-and-date line
