"""References: cited documents with type, number, issuer and date, once per citation."""
import json

import pytest

from extractors.facts.references import extract_references, find_citations
from schemas.errors import RuleError
from tests.conftest import SEED_EXPECTED
from tests.extractors.test_units import build_doc


@pytest.mark.parametrize("text, expected", [
    ("Thực hiện Kế hoạch số 08/KH-TTHĐND, ngày 22/05/2024 của Thường trực",
     [("KH", 8, "TTHĐND", "2024-05-22", 2024, "Kế hoạch số 08/KH-TTHĐND, ngày 22/05/2024")]),
    ("(1) Báo cáo số 03/BC-TTHĐND ngày 22/1/2024 của Thường trực",
     [("BC", 3, "TTHĐND", "2024-01-22", 2024, "Báo cáo số 03/BC-TTHĐND ngày 22/1/2024")]),
    ("theo Nghị quyết 594/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội",
     [("NQ", 594, "UBTVQH15", None, None, "Nghị quyết 594/NQ-UBTVQH15")]),
    ("Quyết định số 123/QD-UBND ngày 5 tháng 3 năm 2024 của UBND huyện",
     [("QĐ", 123, "UBND", "2024-03-05", 2024,
       "Quyết định số 123/QD-UBND ngày 5 tháng 3 năm 2024")]),
    ("Nghị quyết số 12/2023/NQ-HĐND của HĐND tỉnh",
     [("NQ", 12, "HĐND", None, 2023, "Nghị quyết số 12/2023/NQ-HĐND")]),
    ("các văn bản 15/TB-HĐND và 16/KH-UBND-VP đã ban hành",
     [("TB", 15, "HĐND", None, None, "15/TB-HĐND"),
      ("KH", 16, "UBND-VP", None, None, "16/KH-UBND-VP")]),
    ("theo Công văn số 45/UBND-VP ngày 3/4/2024 của UBND huyện",
     [("CV", 45, "UBND-VP", "2024-04-03", 2024, "Công văn số 45/UBND-VP ngày 3/4/2024")]),
    ("Thông báo số 29/TB-TTHĐND ngày 31/02/2024 (ngày không có thật)",
     [("TB", 29, "TTHĐND", None, None, "Thông báo số 29/TB-TTHĐND")]),
])
def test_citations_are_read_with_their_date(text, expected):
    got = [(c.type, c.number, c.issuer, c.date, c.year, text[c.start:c.end])
           for c in find_citations(text)]
    assert got == expected


@pytest.mark.parametrize("text", [
    "Số: 15/BC-HĐND",  # the document's own number: metadata
    "Số:12/BC-HĐND   Đăk Sao, ngày 15 tháng 6 năm 2024",
    "thực hiện Nghị quyết 594 của Ủy ban Thường vụ Quốc hội",  # no code: no reference
    "trong ngày 18-19/7/2024 tại Bà Rịa",  # a date is no code
    "tỷ lệ 6/6 cuộc, đạt 100%",
    "đã gửi 45/UBND-VP cho các xã",  # a letter's code without its name is not read
])
def test_no_reference_in(text):
    assert find_citations(text) == []


def test_each_citation_is_listed_with_its_evidence():
    doc = build_doc(("body", "Thông báo số 08/TB-TTHĐND ngày 08/3/2024."),
                    ("footnote", "Xem Thông báo số 08/TB-TTHĐND ngày 08/3/2024."))
    refs = extract_references(doc)
    assert len(refs) == 2
    assert [r.evidence.part for r in refs] == ["body", "footnote"]
    for r in refs:
        assert doc.text[r.evidence.doc_start:r.evidence.doc_end] == r.evidence.text


def test_an_issuer_cut_short_takes_the_full_form_cited_elsewhere():
    doc = build_doc(("body", "theo Nghị quyết 594/NQ-UBTVQH15 của Ủy ban"),
                    ("body", "để Nghị quyết 594/NQ-UBTVQH của Ủy ban được thực hiện"))
    refs = extract_references(doc)
    assert [r.issuer for r in refs] == ["UBTVQH15", "UBTVQH15"]
    assert refs[1].evidence.text == "Nghị quyết 594/NQ-UBTVQH"


def test_seed_references_are_the_nine_of_expected(seed_docx):
    from extractors.reader import read_document

    doc = read_document(seed_docx)
    refs = extract_references(doc)
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))["references"]
    distinct = {(r.type, r.number, r.issuer, r.date) for r in refs}
    assert distinct == {(e["type"], e["number"], e["issuer"], e["date"]) for e in expected}
    assert len(refs) > len(distinct)  # 594/NQ-UBTVQH15 and 08/TB-TTHĐND are cited again
    for r in refs:
        assert doc.text[r.evidence.doc_start:r.evidence.doc_end] == r.evidence.text


def test_a_malformed_rule_names_its_line(tmp_path):
    rules = tmp_path / "references.jsonl"
    rules.write_text('{"id": "ok", "label": "name", "pattern": "số"}\n'
                     '{"id": "bad", "label": "reference", "pattern": "(unclosed"}\n',
                     encoding="utf-8")
    with pytest.raises(RuleError, match="references.jsonl:2"):
        find_citations("Kế hoạch số 08/KH-TTHĐND", rules_path=rules)
