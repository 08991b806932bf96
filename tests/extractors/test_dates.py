"""Dates stated in a report, and whether the text places them inside the reporting period."""
import pytest

from extractors.facts.dates import extract_dates
from schemas.record import Period
from tests.extractors.test_units import build_doc

H1 = Period(year=2024, half=1)


@pytest.mark.parametrize("text, period, expected", [
    ("Trong 6 tháng đầu năm 2024, kỳ họp thứ 7 của HĐND xã được tổ chức vào ngày 26/07/2024.",
     H1, [("2024-07-26", True, "26/07/2024")]),
    ("Trong 06 tháng đầu năm, HĐND xã tổ chức kỳ họp thứ 8 vào ngày 12 tháng 1 năm 2024.",
     H1, [("2024-01-12", True, "ngày 12 tháng 1 năm 2024")]),
    ("Trong kỳ, Thường trực HĐND họp ngày 3/5/2024.", H1, [("2024-05-03", True, "3/5/2024")]),
    # no period named in the sentence: a date, but not claimed
    ("Ngày 15/7/2024, HĐND huyện tổ chức kỳ họp thứ 8.", H1, [("2024-07-15", False, "15/7/2024")]),
    # a plan: not claimed to have happened
    ("Trong 6 tháng đầu năm, dự kiến tổ chức vào 02 ngày 18-19/7/2024 tại Bà Rịa – Vũng Tàu.",
     H1, [("2024-07-19", False, "19/7/2024")]),
    # another period named
    ("Trong 6 tháng cuối năm, tổ chức kỳ họp vào ngày 10/12/2024.", H1,
     [("2024-12-10", False, "10/12/2024")]),
    ("Trong 6 tháng cuối năm, tổ chức kỳ họp vào ngày 10/12/2024.",
     Period(year=2024, half=2), [("2024-12-10", True, "10/12/2024")]),
    ("Trong năm 2024, HĐND xã họp ngày 20/12/2024.", Period(year=2024),
     [("2024-12-20", True, "20/12/2024")]),
    # "trong kỳ họp" is not "trong kỳ"
    ("Trong kỳ họp ngày 10/7/2024, HĐND xã thông qua 3 nghị quyết.", H1,
     [("2024-07-10", False, "10/7/2024")]),
    # the sentence before does not lend its period words
    ("Trong 6 tháng đầu năm, HĐND xã họp 2 lần. Ngày 15/7/2024 họp bất thường.", H1,
     [("2024-07-15", False, "15/7/2024")]),
    # dates of cited documents and of documents named without their number
    ("Trong 6 tháng đầu năm, thực hiện Kế hoạch số 08/KH-TTHĐND, ngày 22/05/2024 của TT.", H1, []),
    ("Trong 6 tháng đầu năm, triển khai Nghị quyết ngày 12/12/2023 của HĐND tỉnh.", H1, []),
    ("Ngày 31/02/2024 không có thật, trong kỳ.", H1, []),
    ("Năm 2024, kỳ họp thứ 7, khóa XII, 2021-2026.", H1, []),
    # written in capitals: a block is skipped only when it has neither "/" nor "ngày"
    ("TRONG KỲ, HĐND XÃ HỌP NGÀY 12 THÁNG 3 NĂM 2024.", H1,
     [("2024-03-12", True, "NGÀY 12 THÁNG 3 NĂM 2024")]),
])
def test_dates_are_read_with_whether_the_sentence_claims_the_period(text, period, expected):
    doc = build_doc(("body", text))
    got = [(d.date, d.claimed_in_period, d.evidence.text) for d in extract_dates(doc, period)]
    assert got == expected
    for d in extract_dates(doc, period):
        assert doc.text[d.evidence.doc_start:d.evidence.doc_end] == d.evidence.text


def test_the_place_and_date_line_is_the_documents_own_date():
    doc = build_doc(("body", "Đăk Sao, ngày 15 tháng 6 năm 2024"),
                    ("body", "Trong kỳ, HĐND xã họp ngày 02/03/2024."))
    assert [d.date for d in extract_dates(doc, H1)] == ["2024-03-02"]


def test_no_period_claims_nothing():
    doc = build_doc(("body", "Trong kỳ, HĐND xã họp ngày 02/03/2024."))
    assert [d.claimed_in_period for d in extract_dates(doc, Period())] == [False]


def test_the_seed_claims_no_date_in_its_period(seed_docx):
    from extractors.reader import read_document

    found = extract_dates(read_document(seed_docx), H1)
    # only "Dự kiến tổ chức vào 02 ngày 18-19/7/2024": a plan, so not claimed
    assert [(d.date, d.claimed_in_period) for d in found] == [("2024-07-19", False)]
