"""Tables read by their headers: columns per commune (names from the gazetteer), total
columns linking the figures beside them, columns of another period or of comparisons that
give nothing, body columns and levels named in a row label."""
from __future__ import annotations

import json

import pytest

from extractors.facts.candidates import Context
from extractors.facts.counts import extract_counts
from extractors.facts.readings import read_numbers
from extractors.language.nlp import analyse
from extractors.places import gazetteer
from schemas.source import Block, Document, Part


def _context(district: str, province: str, *, unit: str | None = None, year: int = 2024,
             half: int | None = 1) -> Context:
    """A report's context whose commune names resolve through the gazetteer in `district`,
    as `pipeline.extract` builds it: a district summary, or the report of commune `unit`."""
    gaz = gazetteer()

    def canonical(name: str) -> str | None:
        found = gaz.lookup(name, level="commune", district=district, province=province)
        return found[0].name if len(found) == 1 else None

    kind, level = ("commune_report", "commune") if unit else ("district_summary", "district")
    return Context(kind, level, unit or district, district, province, canonical,
                   year=year, half=half)


TAM_DAO = _context("Tam Đảo", "Vĩnh Phúc")  # 2024H1
NHO_QUAN = _context("Nho Quan", "Ninh Bình", year=2023, half=2)
LUC_YEN = _context("Lục Yên", "Yên Bái", year=2024, half=None)


def _doc(table: list[list[str]]) -> Document:
    """Build a Document holding one table (rows of cell texts)."""
    blocks: list[Block] = []
    pos = 0
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            blocks.append(Block(id=len(blocks), text=text, start=pos, end=pos + len(text),
                                part=Part.table, table=0, row=r, col=c))
            pos += len(text) + 1
    return Document(file="t.docx", sha256="0" * 64, size=1, source_format="docx",
                    text="\n".join(b.text for b in blocks), blocks=tuple(blocks))


def _facts(table: list[list[str]], ctx: Context) -> list[tuple]:
    """Return (indicator, value, level, unit, scope, body, qualifiers) of each count."""
    out = []
    for c in extract_counts(_doc(table), ctx):
        q = {k: v for k, v in c.qualifiers.model_dump().items() if v is not None}
        out.append((c.indicator.value, c.value, c.level.value, c.unit, c.scope.value,
                    c.body.value if c.body else None, json.dumps(q, ensure_ascii=False)))
    return out


def test_columns_naming_communes_give_each_commune_its_figure_and_the_total_their_sum():
    table = [["Nội dung", "Bồ Lý", "Đạo Trù", "Hợp Châu", "Cộng"],
             ["Kỳ họp", "02", "02", "01", "05"],
             ["Ý kiến cử tri", "12", "08", "10", "30"]]
    counts = extract_counts(_doc(table), TAM_DAO)
    got = [(c.indicator.value, c.value, c.level.value, c.unit, c.scope.value) for c in counts]
    assert got == [
        ("sessions", 2, "commune", "Bồ Lý", "unit"), ("sessions", 2, "commune", "Đạo Trù", "unit"),
        ("sessions", 1, "commune", "Hợp Châu", "unit"),
        ("sessions", 5, "commune", "Tam Đảo", "sum"),
        ("voter_petitions", 12, "commune", "Bồ Lý", "unit"),
        ("voter_petitions", 8, "commune", "Đạo Trù", "unit"),
        ("voter_petitions", 10, "commune", "Hợp Châu", "unit"),
        ("voter_petitions", 30, "commune", "Tam Đảo", "sum")]
    totals = {c.indicator.value: c.id for c in counts if c.scope.value == "sum"}
    parts = [c for c in counts if c.scope.value == "unit"]
    assert all(c.total_id == totals[c.indicator.value] for c in parts)
    assert {c.list_id for c in parts if c.indicator.value == "sessions"} == {"t0:sessions"}


@pytest.mark.parametrize("table, ctx, expected", [
    pytest.param([["TT", "Nội dung", "Xã Văn Phương", "Thị trấn Nho Quan", "Tổng số"],
                  ["1", "Phiên giải trình", "01", "0", "01"]], NHO_QUAN,
                 [("explanation_sessions", 1, "commune", "Văn Phương", "unit"),
                  ("explanation_sessions", 0, "commune", "Nho Quan", "unit"),
                  ("explanation_sessions", 1, "commune", "Nho Quan", "sum")],
                 id="kind-words-and-a-town-named-like-its-district"),
    pytest.param([["Chỉ tiêu", "Mai Sơn", "Khánh Hòa"], ["Số cuộc giám sát", "03", "02"]],
                 LUC_YEN, [("supervision_topics", 3, "commune", "Mai Sơn", "unit"),
                           ("supervision_topics", 2, "commune", "Khánh Hòa", "unit")],
                 id="two-bare-names-no-total"),
    pytest.param([["Nội dung", "Trung tâm"], ["Đơn thư tiếp nhận", "04"]], LUC_YEN,
                 [("complaints", 4, "district", "Lục Yên", "unit")],
                 id="one-bare-name-alone-is-no-commune-column"),
    pytest.param([["Nội dung", "Đạo Trù", "Hợp Châu"], ["Kỳ họp", "02", "01"]],
                 _context("Tam Đảo", "Vĩnh Phúc", unit="Bồ Lý"),
                 [("sessions", 2, "commune", "Bồ Lý", "unit"),
                  ("sessions", 1, "commune", "Bồ Lý", "unit")],
                 id="a-commune-report-has-no-commune-columns"),
])
def test_commune_columns(table, ctx, expected):
    assert [f[:5] for f in _facts(table, ctx)] == expected


@pytest.mark.parametrize("headers, ctx, counted", [
    pytest.param(["6 tháng đầu năm 2023", "6 tháng đầu năm 2024", "So sánh (%)"], TAM_DAO,
                 [7], id="last-year-and-a-rate"),
    pytest.param(["Năm 2023", "Năm 2024", "Tăng (+), giảm (-)"], LUC_YEN, [7],
                 id="last-year-and-the-change"),
    pytest.param(["Cùng kỳ năm 2022", "Kỳ này"], NHO_QUAN, [7], id="cùng-kỳ-năm"),
    pytest.param(["Cùng kỳ", "Thực hiện", "Ghi chú"], TAM_DAO, [7], id="cùng-kỳ-and-notes"),
    pytest.param(["6 tháng đầu năm 2023", "6 tháng cuối năm 2023"], NHO_QUAN, [7],
                 id="the-first-half-in-a-second-half-report"),
    pytest.param(["6 tháng đầu năm", "Cả năm 2024"], LUC_YEN, [5, 7],
                 id="a-half-inside-the-year-is-no-earlier-period"),
    pytest.param(["Lũy kế từ đầu nhiệm kỳ", "6 tháng đầu năm 2024"], TAM_DAO, [7],
                 id="cumulative"),
    pytest.param(["Năm 2024", "Kế hoạch năm 2025"], LUC_YEN, [5], id="next-year-plan"),
    pytest.param(["Cung ky", "Ky nay"], TAM_DAO, [7], id="without-diacritics"),
])
def test_only_the_reports_own_period_column_counts(headers, ctx, counted):
    table = [["Nội dung", *headers], ["Cuộc giám sát", "05", "07", "140"][:len(headers) + 1]]
    assert [f[1] for f in _facts(table, ctx)] == counted


def test_comparison_columns_are_read_as_such_not_left_unread():
    doc = _doc([["Nội dung", "Năm 2023", "Năm 2024", "Tăng, giảm", "Ghi chú"],
                ["Kỳ họp", "03", "04", "+01", "Tăng 01 kỳ so với cùng kỳ"]])
    counts = [c for c in extract_counts(doc, LUC_YEN)]
    assert [(r.text, r.reading) for r in read_numbers(doc, counts)] == [
        ("2023", "year"), ("2024", "year"), ("03", "comparison"), ("04", "count"),
        ("01", "comparison"), ("01", "note")]


def test_body_columns_give_supervision_its_body_and_their_total_none():
    table = [["Nội dung", "Thường trực HĐND huyện", "Các Ban HĐND huyện", "Cộng"],
             ["Cuộc giám sát", "02", "03", "05"],
             ["Lượt tiếp công dân", "10", "", "10"]]
    counts = extract_counts(_doc(table), TAM_DAO)
    got = [(c.indicator.value, c.value, c.level.value, c.scope.value,
            c.body.value if c.body else None) for c in counts]
    assert got == [("supervision_topics", 2, "district", "unit", "standing"),
                   ("supervision_topics", 3, "district", "unit", "committees"),
                   ("supervision_topics", 5, "district", "unit", None),
                   ("citizen_receptions", 10, "district", "unit", None),
                   ("citizen_receptions", 10, "district", "unit", None)]
    assert [c.total_id for c in counts] == [counts[2].id, counts[2].id, None,
                                            counts[4].id, None]


def test_a_commune_row_total_is_part_of_the_total_row_and_its_figures_of_it():
    table = [["Xã", "Kỳ họp thường lệ", "Kỳ họp chuyên đề", "Cộng"],
             ["Hồ Sơn", "01", "01", "02"], ["Minh Quang", "01", "02", "03"],
             ["Tổng cộng", "02", "03", "05"]]
    counts = extract_counts(_doc(table), TAM_DAO)
    name = {c.id: f"{c.unit} {c.value} {c.qualifiers.kind or ''}".strip() for c in counts}
    assert [(name[c.id], name.get(c.total_id)) for c in counts] == [
        ("Hồ Sơn 1 regular", "Hồ Sơn 2"), ("Hồ Sơn 1 thematic", "Hồ Sơn 2"),
        ("Hồ Sơn 2", "Tam Đảo 5"),
        ("Minh Quang 1 regular", "Minh Quang 3"), ("Minh Quang 2 thematic", "Minh Quang 3"),
        ("Minh Quang 3", "Tam Đảo 5"),
        ("Tam Đảo 2 regular", "Tam Đảo 5"), ("Tam Đảo 3 thematic", "Tam Đảo 5"),
        ("Tam Đảo 5", None)]


def test_a_total_column_beside_columns_of_two_levels_is_all_levels():
    table = [["Nội dung", "HĐND huyện", "HĐND các xã", "Tổng cộng"], ["Nghị quyết", "12", "40", "52"]]
    assert [f[1:5] for f in _facts(table, NHO_QUAN)] == [
        (12, "district", "Nho Quan", "unit"), (40, "commune", "Nho Quan", "sum"),
        (52, "all", "Nho Quan", "sum")]


def test_a_row_label_names_the_level():
    table = [["Nội dung", "Năm 2023", "Năm 2024"], ["Kỳ họp HĐND huyện", "05", "04"],
             ["Kỳ họp HĐND các xã, thị trấn", "38", "36"]]
    assert [f[:5] for f in _facts(table, LUC_YEN)] == [
        ("sessions", 4, "district", "Lục Yên", "unit"),
        ("sessions", 36, "commune", "Lục Yên", "sum")]



def test_a_column_word_in_running_text_hides_no_count_word():
    a = analyse("Trong cùng kỳ họp, HĐND xã thông qua 05 nghị quyết.")
    assert [(m.rule.id, a.words[m.start]) for m in a.columns] == [("column.compare", "cùng")]
    assert "head.session" in {m.rule.id for m in a.matches}
