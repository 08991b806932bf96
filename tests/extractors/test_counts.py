"""Counts from small documents built here: phrasings, levels, bodies, qualifiers, totals with
parts, footnote lists, distributive lists, tables, and what is never a count."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from extractors.facts.candidates import Context
from extractors.facts.counts import extract_counts
from extractors.language.lexicon import lexicon
from schemas.source import Block, Document, Part

COMMUNES = {"Đăk Sao": "Đăk Sao", "Đắk Sao": "Đăk Sao", "Ngọk Yêu": "Ngọk Yêu",
            "Ngọc Yêu": "Ngọk Yêu", "Tu Mơ Rông": "Tu Mơ Rông", "Đăk Hà": "Đăk Hà",
            "Măng Ri": "Măng Ri"}
SUMMARY = Context("district_summary", "district", "Tu Mơ Rông", "Tu Mơ Rông", "Kon Tum",
                  COMMUNES.get)
COMMUNE = Context("commune_report", "commune", "Đăk Sao", "Tu Mơ Rông", "Kon Tum", COMMUNES.get)


def _doc(paras: list[str], notes: dict[int, tuple[str, int, str]] | None = None,
         table: list[list[str]] | None = None) -> Document:
    """Build a Document: body paragraphs, footnotes {n: (text, anchor block, text before the
    mark)} and one table (rows of cell texts)."""
    blocks: list[Block] = []
    pos = 0

    def add(text: str, **kw) -> None:
        nonlocal pos
        blocks.append(Block(id=len(blocks), text=text, start=pos, end=pos + len(text), **kw))
        pos += len(text) + 1

    for p in paras:
        add(p, part=Part.body)
    for r, row in enumerate(table or []):
        for c, cell in enumerate(row):
            add(cell, part=Part.table, table=0, row=r, col=c)
    for n, (text, anchor, before) in sorted((notes or {}).items()):
        add(text, part=Part.footnote, note=n, anchor_block=anchor,
            anchor_offset=blocks[anchor].text.index(before) + len(before))
    return Document(file="t.docx", sha256="0" * 64, size=1, source_format="docx",
                    text="\n".join(b.text for b in blocks), blocks=tuple(blocks))


def _facts(doc: Document, ctx: Context = SUMMARY) -> list[tuple]:
    out = []
    for c in extract_counts(doc, ctx):
        q = {k: v for k, v in c.qualifiers.model_dump().items() if v is not None}
        out.append((c.indicator.value, c.value, c.level.value, c.unit, c.scope.value,
                    c.body.value if c.body else None, json.dumps(q, ensure_ascii=False)))
    return out


def _one(text: str, ctx: Context = COMMUNE) -> tuple[str, int, str]:
    """Return (indicator, value, qualifiers) of the single count of `text`."""
    facts = _facts(_doc([text]), ctx)
    assert len(facts) == 1, facts
    return facts[0][0], facts[0][1], facts[0][6]


@pytest.mark.parametrize("text, indicator, value, qualifiers", [
    ("HĐND xã đã tổ chức 02 kỳ họp chuyên đề.", "sessions", 2, {"kind": "thematic"}),
    ("HĐND xã đã tổ chức 01 kỳ họp bất thường.", "sessions", 1, {"kind": "extraordinary"}),
    ("HĐND xã tổ chức hai kỳ họp thường lệ.", "sessions", 2, {"kind": "regular"}),
    ("Kỳ họp đã thông qua mười hai nghị quyết.", "resolutions", 12, {}),
    ("Đã ban hành 02 (hai) Nghị quyết.", "resolutions", 2, {}),
    ("HĐND xã chưa ban hành nghị quyết nào.", "resolutions", 0, {}),
    ("Tổ chức 03 cuộc giám sát chuyên đề.", "supervision_topics", 3, {}),
    ("Tổ chức 05 buổi tiếp xúc cử tri.", "voter_meetings", 5, {}),
    ("Trong kỳ đã tổ chức 2 đợt TXCT.", "voter_meetings", 2, {}),
    ("Có trên 250 lượt cử tri tham dự.", "voter_attendance", 250, {"bound": "lower"}),
    ("Cử tri đã gửi 2.900 lượt ý kiến, kiến nghị.", "voter_petitions", 2900, {}),
    ("UBND xã đã trả lời, giải quyết 07 kiến nghị.", "petitions_answered", 7, {}),
    ("Đã có 5 ý kiến, kiến nghị được trả lời, giải quyết.", "petitions_answered", 5, {}),
    ("Tại kỳ họp có 4 lượt đại biểu chất vấn.", "questions", 4, {}),
    ("Có 4 lượt đại biểu đã tham gia chất vấn.", "questions", 4, {}),
    ("Buổi TXCT không quá 10 cử tri tham dự.", "voter_attendance", 10, {"bound": "upper"}),
    ("Đạt 6/6 cuộc giám sát theo kế hoạch.", "supervision_topics", 6, {}),
    ("Tại kỳ họp không có ý kiến chất vấn.", "questions", 0, {}),
    ("Đã tổ chức 01 phiên giải trình về 03 nội dung.", "explanation_sessions", 1, {}),
    ("Thường trực HĐND tổ chức 06 phiên họp thường kỳ.", "standing_meetings", 6,
     {"kind": "regular"}),
    ("Thường trực HĐND đã tổ chức sáu cuộc họp Thường trực.", "standing_meetings", 6, {}),
    ("Đã tổ chức 6 buổi tiếp công dân định kỳ.", "citizen_receptions", 6, {}),
    ("Thường trực HĐND đã tiếp công dân 4 buổi.", "citizen_receptions", 4, {}),
    ("Đã tiếp nhận 261đơn thư khiếu nại.", "complaints", 261, {}),
    ("Trong kỳ chưa nhận được đơn thư của công dân.", "complaints", 0, {}),
    ("Tổng số ý kiến, kiến nghị của cử tri: 45.", "voter_petitions", 45, {}),
    ("Số kiến nghị đã được giải quyết là 20.", "petitions_answered", 20, {}),
    ("Thường trực HĐND đã tổ chức 02 phiên họp đột xuất.", "standing_meetings", 2,
     {"kind": "extraordinary"}),
])
def test_phrasings(text, indicator, value, qualifiers):
    facts = _facts(_doc([text]), COMMUNE)
    assert (indicator, value, json.dumps(qualifiers)) in [(f[0], f[1], f[6]) for f in facts]


@pytest.mark.parametrize("text", [
    "Tại kỳ họp thứ 7, HĐND huyện khóa XIV đã xem xét báo cáo.",
    "Phiên giải trình lần thứ ba, nhiệm kỳ 2021-2026.",
    "Kế hoạch số 08/KH-TTHĐND, ngày 22/05/2024 của Thường trực HĐND.",
    "Thường trực HĐND đã có ý kiến gợi ý một số vấn đề đã có kiến nghị.",
    "Trong 06 tháng đầu năm 2024, HĐND tổ chức TXCT 3 cấp trên cùng một địa bàn.",
    "Dự kiến tổ chức vào 02 ngày 18-19/7/2024.",
    "Thực hiện Chương trình 135 và Nghị quyết 594/NQ-UBTVQH15.",
    "Trong đó mỗi Tổ đại biểu giám sát 01 chuyên đề.",
    "Thường trực HĐND các xã chưa báo cáo cụ thể các phiên họp.",
    "Tại kỳ họp, các đại biểu đã thảo luận, có 25 ý kiến phát biểu tại hội trường.",
    # several communes, one figure and no colon: each or together? Not guessed.
    "HĐND các xã Đăk Hà, Đăk Sao đã tổ chức 3 kỳ họp.",
])
def test_never_counts(text):
    assert _facts(_doc([text]), SUMMARY) == []


@pytest.mark.parametrize("text, expected", [
    ("HĐND xã đã tổ chức 12 kỳ họp, trong đó có 10 thường lệ, 2 chuyên đề.",
     [(12, "{}", None), (10, '{"kind": "regular"}', 0), (2, '{"kind": "thematic"}', 0)]),
    ("HĐND đã ban hành 135 nghị quyết; trong đó có 105 nghị quyết chuyên đề.",
     [(135, "{}", None), (105, "{}", 0)]),
    # two measures of one activity: the second is no part of the first
    ("Tổ chức 12 cuộc tiếp xúc cử tri tại 86 điểm, tiếp nhận 9 ý kiến với 20 nội dung.",
     [(12, "{}", None), (9, "{}", None)]),
    ("Đã tổ chức 36 buổi tiếp công dân với 72 lượt đại biểu tham gia.", [(36, "{}", None)]),
])
def test_breakdowns_in_running_text(text, expected):
    counts = extract_counts(_doc([text]), COMMUNE)
    index = {c.id: n for n, c in enumerate(counts)}
    got = [(c.value, json.dumps({k: v for k, v in c.qualifiers.model_dump().items() if v}),
            index.get(c.total_id)) for c in counts]
    assert got == expected


def test_a_list_in_brackets_is_the_breakdown_of_its_total():
    doc = _doc(["HĐND các xã đã ban hành 12 nghị quyết (xã Đắk Sao: 5; xã Ngọc Yêu: 7 nghị quyết)."])
    total, *items = extract_counts(doc, SUMMARY)
    assert (total.value, total.level.value, total.scope.value) == (12, "commune", "sum")
    assert [(c.unit, c.value, c.total_id == total.id, c.list_id) for c in items] == [
        ("Đăk Sao", 5, True, "b0:resolutions"), ("Ngọk Yêu", 7, True, "b0:resolutions")]


def test_total_with_parts_by_level():
    doc = _doc(["Sau các kỳ họp đã ban hành 18 Nghị quyết (cấp huyện: 06 nghị quyết; cấp xã: "
                "12 nghị quyết)."])
    counts = extract_counts(doc, SUMMARY)
    total, d, c = counts
    assert (total.value, total.level.value, total.scope.value) == (18, "all", "sum")
    assert (d.value, d.level.value, d.scope.value) == (6, "district", "unit")
    assert (c.value, c.level.value, c.scope.value, c.unit) == (12, "commune", "sum", "Tu Mơ Rông")
    assert d.total_id == c.total_id == total.id


def test_parts_with_bodies_and_bare_numbers():
    doc = _doc(["Trong kỳ, HĐND, các Ban của HĐND và Tổ đại biểu HĐND các cấp đã tổ chức giám "
                "sát 41 chuyên đề, cụ thể:",
                "- HĐND: 10 chuyên đề (trong đó huyện: 01; các xã: 9).",
                "- Thường trực HĐND: 31 chuyên đề (trong đó huyện: 02; các xã: 29)."])
    counts = extract_counts(doc, SUMMARY)
    by_value = {(c.value, c.body.value if c.body else None): c for c in counts}
    top = by_value[(41, None)]
    assert [c.value for c in counts if c.total_id == top.id] == [10, 31]
    council = by_value[(10, "council")]
    assert (council.level.value, council.scope.value) == ("all", "sum")
    assert [(c.value, c.level.value, c.body.value) for c in counts
            if c.total_id == council.id] == [(1, "district", "council"), (9, "commune", "council")]


def test_a_town_council_is_the_district_not_a_commune():
    ctx = Context("district_summary", "district", "Đức Phổ", "Đức Phổ", "Quảng Ngãi", {}.get)
    doc = _doc(["HĐND thị xã tổ chức 2 kỳ họp; HĐND thị xã Đức Phổ ban hành 9 nghị quyết."])
    assert [f[:5] for f in _facts(doc, ctx)] == [
        ("sessions", 2, "district", "Đức Phổ", "unit"),
        ("resolutions", 9, "district", "Đức Phổ", "unit")]


def test_the_district_named_with_another_spelling_is_the_district():
    doc = _doc(["HĐND HUYỆN TU MƠ RÔNG đã ban hành 06 nghị quyết."])
    assert [f[2:5] for f in _facts(doc)] == [("district", "Tu Mơ Rông", "unit")]


@pytest.mark.parametrize("text, body", [
    ("- Ban Kinh tế - Xã hội HĐND huyện: 03 chuyên đề.", "committees"),
    ("- Ban Pháp chế: 02 cuộc giám sát.", "committees"),
    ("- Tổ đại biểu HĐND huyện số 1: 01 chuyên đề.", "delegate_groups"),
    ("- Thường trực HĐND huyện: 02 chuyên đề.", "standing"),
])
def test_a_label_names_the_body(text, body):
    assert [f[5] for f in _facts(_doc([text]))] == [body]


@pytest.mark.parametrize("text, body", [
    pytest.param("HĐND xã Đăk Sao đã thực hiện 5 chuyên đề giám sát, khảo sát.", "council",
                 id="the-council"),
    pytest.param("Thường trực HĐND xã đã tổ chức 02 cuộc giám sát.", "standing",
                 id="the-standing-committee"),
    pytest.param("Các Ban HĐND xã đã giám sát 03 chuyên đề.", "committees", id="the-committees"),
    pytest.param("Thường trực HĐND tổ chức 02 cuộc giám sát, 01 cuộc khảo sát.", "standing",
                 id="past-an-earlier-count"),
    pytest.param("HĐND, các Ban và Tổ đại biểu đã giám sát 41 chuyên đề.", None,
                 id="several-together"),
])
def test_the_actor_of_the_clause_is_the_body(text, body):
    facts = _facts(_doc([text]), COMMUNE)
    assert {f[5] for f in facts if f[0] == "supervision_topics"} == {body}


def test_phases_take_the_session_number():
    doc = _doc(["Thường trực HĐND huyện đã tổng hợp, tiếp thu 26 lượt ý kiến, kiến nghị cử tri. "
                "Trong đó, sau kỳ họp thứ 6: 10 ý kiến; trước kỳ họp thứ 7: 16 ý kiến."])
    counts = extract_counts(doc, SUMMARY)
    assert [(c.value, c.qualifiers.phase, c.qualifiers.session) for c in counts] == [
        (26, None, None), (10, "after_session", 6), (16, "before_session", 7)]
    assert counts[1].total_id == counts[2].total_id == counts[0].id


def test_footnote_list_takes_indicator_and_total_from_its_anchor():
    anchor = "Đối với cấp xã: có 9 kiến nghị gửi đến kỳ họp HĐND, hầu hết đã được trả lời."
    doc = _doc([anchor], notes={5: ("Xã Đắk Sao: 6; xã Ngọc Yêu 3; xã Đăk Tô: 0.", 0,
                                    "gửi đến kỳ họp HĐND")})
    counts = extract_counts(doc, SUMMARY)
    total = counts[0]
    assert (total.indicator.value, total.value, total.level.value, total.scope.value) == (
        "voter_petitions", 9, "commune", "sum")
    items = counts[1:]
    assert [(c.indicator.value, c.unit, c.value, c.list_id, c.total_id) for c in items] == [
        ("voter_petitions", "Đăk Sao", 6, "fn5:voter_petitions", total.id),
        ("voter_petitions", "Ngọk Yêu", 3, "fn5:voter_petitions", total.id),
        # no commune of the district: kept as written for the unknown_unit flag
        ("voter_petitions", "Đăk Tô", 0, "fn5:voter_petitions", total.id)]


@pytest.mark.parametrize("anchor, before, level, linked", [
    ("Các xã đã có 9 kiến nghị gửi đến kỳ họp.", "kỳ họp", "commune", True),
    ("Cử tri đã gửi 9 kiến nghị đến kỳ họp.", "kỳ họp", "commune", True),
    ("HĐND huyện đã nhận 9 kiến nghị.", "kiến nghị", "district", False),
])
def test_footnote_items_link_only_to_a_sum(anchor, before, level, linked):
    doc = _doc([anchor], notes={1: ("xã Đăk Sao: 6 ý kiến; xã Ngọk Yêu: 3 ý kiến.", 0, before)})
    total, *items = extract_counts(doc, SUMMARY)
    assert total.level.value == level
    assert [c.total_id == total.id for c in items] == [linked, linked]


def test_distributive_list_gives_one_count_per_commune():
    doc = _doc(["(1) HĐND huyện tổ chức 02 kỳ họp; (2) HĐND các xã: Đăk Hà, Tu Mơ Rông, "
                "xã Ngọk Yêu tổ chức 01 kỳ họp chuyên đề."])
    facts = _facts(doc)
    assert facts == [
        ("sessions", 2, "district", "Tu Mơ Rông", "unit", None, "{}"),
        ("sessions", 1, "commune", "Đăk Hà", "unit", None, '{"kind": "thematic"}'),
        ("sessions", 1, "commune", "Tu Mơ Rông", "unit", None, '{"kind": "thematic"}'),
        ("sessions", 1, "commune", "Ngọk Yêu", "unit", None, '{"kind": "thematic"}')]
    ids = {c.list_id for c in extract_counts(doc, SUMMARY)[1:]}
    assert ids == {"b0:sessions:2"}


def test_names_the_gazetteer_knows_beyond_their_capitals():
    ctx = Context("district_summary", "district", "Sa Thầy", "Sa Thầy", "Kon Tum",
                  {"Ya ly": "Ya ly", "Ya Tăng": "Ya Tăng", "Bình Chương": "Bình Chương"}.get)
    doc = _doc(["HĐND các xã: Ya ly, Ya Tăng tổ chức 1 kỳ họp chuyên đề.",
                "Xã Bình Chương 12 ý kiến; xã Ya ly: 3 ý kiến."])
    assert [(f[3], f[1]) for f in _facts(doc, ctx)] == [
        ("Ya ly", 1), ("Ya Tăng", 1), ("Bình Chương", 12), ("Ya ly", 3)]


WARDS = {str(n): str(n) for n in (1, 2, 3, 4, 5, 9, 11, 12, 14)} | {"Võ Thị Sáu": "Võ Thị Sáu"}
QUAN_3 = Context("district_summary", "district", "3", "3", "Hồ Chí Minh", WARDS.get)


@pytest.mark.parametrize("text, expected", [
    ("HĐND phường 4: 01 Nghị quyết; phường 9: 03 nghị quyết; Phường 12 7 nghị quyết.",
     [("4", 1), ("9", 3), ("12", 7)]),
    ("phường 12 1 nghị quyết; HĐND phường 3: 02 nghị quyết; phường Võ Thị Sáu: 4 nghị quyết.",
     [("12", 1), ("3", 2), ("Võ Thị Sáu", 4)]),
])
def test_numbered_wards_are_communes_not_the_district(text, expected):
    doc = _doc(["HĐND các phường đã ban hành 14 nghị quyết."], notes={2: (text, 0, "nghị quyết")})
    total, *items = _facts(doc, QUAN_3)
    assert [(f[3], f[1]) for f in items] == expected
    assert {(f[2], f[4]) for f in items} == {("commune", "unit")}


def test_a_numbered_ward_the_district_lacks_is_a_list_item_kept_as_written():
    """"phường 18: 2 nghị quyết" in Quận 3's list names no ward of it: the item keeps the
    name as written, so the reconciler can say it is no ward of the district."""
    text = "phường 14: 2 nghị quyết; phường 18: 2 nghị quyết; HĐND phường 11: 2 Nghị quyết."
    doc = _doc(["HĐND các phường đã ban hành 6 nghị quyết."], notes={2: (text, 0, "nghị quyết")})
    counts = extract_counts(doc, QUAN_3)
    items = [(c.unit, c.value, c.list_id is not None) for c in counts if c.evidence.footnote]
    assert items == [("14", 2, True), ("18", 2, True), ("11", 2, True)]


@pytest.mark.parametrize("text, expected", [
    # a ward's number is its name, never a figure
    ("HĐND phường 11 đã giám sát 5 chuyên đề, trong đó: HĐND phường 11 2 chuyên đề; Thường "
     "trực HĐND 03 chuyên đề.", [5, 2, 3]),
    ("HĐND phường 2 tổ chức 02 kỳ họp chuyên đề (kỳ họp thứ 9, HĐND phường 2 khoá XIII).", [2]),
    # no ward 6 in the district, or a span of time: the number stays a figure or nothing
    ("Thường trực HĐND các phường 6 tháng đầu năm tổ chức 2 kỳ họp.", [2]),
])
def test_a_wards_number_is_no_figure(text, expected):
    ward = Context("commune_report", "commune", "11", "3", "Hồ Chí Minh", WARDS.get)
    assert [f[1] for f in _facts(_doc([text]), ward)] == expected


def test_numbered_wards_through_the_gazetteer():
    from extractors.places import gazetteer

    def canonical(name):
        found = gazetteer().lookup(name, level="commune", district="quận 3",
                                   province="Hồ Chí Minh")
        return found[0].name if len(found) == 1 else None

    ctx = Context("district_summary", "district", "3", "3", "Hồ Chí Minh", canonical)
    doc = _doc(["HĐND các phường đã ban hành 5 nghị quyết."],
               notes={1: ("Phường 09: 3 nghị quyết; phường 3: 02 nghị quyết.", 0, "nghị quyết")})
    total, *items = _facts(doc, ctx)
    assert [(f[2], f[3], f[1]) for f in items] == [("commune", "9", 3), ("commune", "3", 2)]


def test_a_number_after_phuong_is_a_ward_when_the_district_has_it_or_a_list_item_names_it():
    # "phường 7:" heads a list item: a ward's name even where the district has no ward 7
    # (kept as written, for unknown_unit); "phường 7 3 nghị quyết" without the colon is not
    doc = _doc(["Tổng số 9 nghị quyết."], notes={1: ("phường 4: 2 nghị quyết; phường 7: 3 nghị "
                                                    "quyết.", 0, "nghị quyết")})
    facts = [(f[3], f[2]) for f in _facts(doc, QUAN_3)]
    assert ("4", "commune") in facts and ("7", "commune") in facts
    doc = _doc(["Tổng số 9 nghị quyết."], notes={1: ("phường 4: 2 nghị quyết; phường 7 3 nghị "
                                                    "quyết.", 0, "nghị quyết")})
    assert ("7", "commune") not in [(f[3], f[2]) for f in _facts(doc, QUAN_3)]


def test_villages_are_no_units():
    doc = _doc(["Cử tri đã gửi 5 ý kiến, kiến nghị."],
               notes={1: ("thôn Ba Khen: 4 ý kiến; thôn Kạch Lớn: 1 ý kiến.", 0, "kiến nghị")})
    assert _facts(doc, COMMUNE) == [("voter_petitions", 5, "commune", "Đăk Sao", "unit", None,
                                     "{}")]


def test_restated_figure_keeps_the_level_of_its_first_statement():
    doc = _doc(["Đối với cấp xã: có 68 kiến nghị gửi đến kỳ họp.",
                "- Cả 68 kiến nghị đều được chuyển đến cơ quan có thẩm quyền."])
    facts = _facts(doc)
    assert [f[2:5] for f in facts] == [("commune", "Tu Mơ Rông", "sum")] * 2


@pytest.mark.parametrize("table, expected", [
    ([["TT", "Nội dung", "Số lượng"], ["1", "Số kỳ họp chuyên đề", "02"],
      ["2", "Số đơn thư khiếu nại, tố cáo", "0"]],
     [("sessions", 2, "commune", "Đăk Sao", "unit", None, '{"kind": "thematic"}'),
      ("complaints", 0, "commune", "Đăk Sao", "unit", None, "{}")]),
])
def test_table_rows_name_the_indicator(table, expected):
    assert _facts(_doc([], table=table), COMMUNE) == expected


def test_running_text_in_a_table_cell_is_read():
    # some reports lay the whole body out in a one-column table
    doc = _doc([], table=[["Kết quả"], ["HĐND xã đã tổ chức 02 kỳ họp và ban hành 05 nghị quyết."]])
    assert [(f[0], f[1]) for f in _facts(doc, COMMUNE)] == [("sessions", 2), ("resolutions", 5)]


@pytest.mark.parametrize("table", [
    [["Xã", "Kỳ họp", "Ý kiến cử tri"], ["Xã Đăk Sao", "2", "6"], ["Ngọk Yêu", "1", "3"],
     ["Tổng cộng", "3", "9"]],
    [["TT", "Xã, thị trấn", "Số kỳ họp", "Số ý kiến cử tri"], ["1", "Xã Đăk Sao", "2", "6"],
     ["2", "Ngọk Yêu", "1", "3"], ["", "Tổng cộng", "3", "9"]],
])
def test_per_commune_table_links_rows_to_the_total_row(table):
    counts = extract_counts(_doc([], table=table), SUMMARY)
    totals = {c.indicator.value: c for c in counts if c.scope.value == "sum"}
    assert {k: c.value for k, c in totals.items()} == {"sessions": 3, "voter_petitions": 9}
    items = [c for c in counts if c.scope.value == "unit"]
    assert [(c.unit, c.indicator.value, c.value) for c in items] == [
        ("Đăk Sao", "sessions", 2), ("Đăk Sao", "voter_petitions", 6),
        ("Ngọk Yêu", "sessions", 1), ("Ngọk Yêu", "voter_petitions", 3)]
    assert all(c.total_id == totals[c.indicator.value].id for c in items)


def test_every_span_is_the_text_it_claims():
    doc = _doc(["Sau các kỳ họp đã ban hành 18 Nghị quyết (cấp huyện: 06; cấp xã: 12)."],
               notes={2: ("HĐND xã Đăk Hà: 01 Nghị quyết; HĐND xã Măng Ri 11 Nghị quyết.", 0,
                          "cấp xã: 12")})
    for c in extract_counts(doc, SUMMARY):
        ev = c.evidence
        assert doc.blocks[ev.block].text[ev.start:ev.end] == ev.text
        assert doc.text[ev.doc_start:ev.doc_end] == ev.text


def test_the_lexicon_and_frames_load_with_unique_ids():
    lex = lexicon()
    assert len({e.id for e in lex.entries}) == len(lex.entries)
    assert all(e.phrases for e in lex.entries)
    assert len({f.id for f in lex.frames}) == len(lex.frames)


@pytest.mark.parametrize("written", ["N'Thol Hạ", "N’Thol Hạ", "N‘Thol Hạ", "NʼThol Hạ",
                                     "NThol Hạ"])
def test_a_commune_with_an_apostrophe_is_one_unit(written):
    from extractors.places import gazetteer

    def canonical(name):
        found = gazetteer().lookup(name, level="commune", district="Đức Trọng",
                                   province="Lâm Đồng")
        return found[0].name if len(found) == 1 else None

    ctx = Context("district_summary", "district", "Đức Trọng", "Đức Trọng", "Lâm Đồng",
                  canonical)
    doc = _doc([f"HĐND xã {written} đã tổ chức 01 kỳ họp thường lệ."])
    assert [(f[0], f[1], f[2], f[3]) for f in _facts(doc, ctx)] == [
        ("sessions", 1, "commune", "N'Thol Hạ")]


def _quoc_oai(name):
    from extractors.places import gazetteer

    found = gazetteer().lookup(name, level="commune", district="Quốc Oai", province="Hà Nội")
    return found[0].name if len(found) == 1 else None


@pytest.mark.parametrize("text, unit", [
    # "Phượng" folds like "phường", "Tô" like "tổ": names, not kind words
    ("Thường trực HĐND Phượng Sơn đã tổ chức 3 phiên họp.", "Quốc Oai"),
    ("HĐND Tô Hiệu đã tổ chức 3 phiên họp.", "Quốc Oai"),
    ("Thường trực HĐND xã Phượng Sơn đã tổ chức 3 phiên họp.", "Phượng Sơn"),
    ("Thường trực HĐND Xã Phượng Sơn đã tổ chức 3 phiên họp.", "Phượng Sơn"),
    ("Thường trực HĐND xa Phượng Sơn đã tổ chức 3 phiên họp.", "Phượng Sơn"),
])
def test_kind_words_are_read_with_their_diacritics(text, unit):
    ctx = Context("district_summary", "district", "Quốc Oai", "Quốc Oai", "Hà Nội", _quoc_oai)
    assert [f[3] for f in _facts(_doc([text]), ctx)] == [unit]


@pytest.mark.parametrize("label", ["Phượng Sơn", "Xã Phượng Sơn", "xã Phượng Sơn",
                                   "xa Phượng Sơn"])
def test_a_table_row_of_phuong_son_is_phuong_son(label):
    ctx = Context("district_summary", "district", "Quốc Oai", "Quốc Oai", "Hà Nội", _quoc_oai)
    table = [["Xã", "Kỳ họp"], [label, "2"], ["Sài Sơn", "1"], ["Tổng cộng", "3"]]
    items = [f for f in _facts(_doc([], table=table), ctx) if f[4] == "unit"]
    assert [(f[3], f[1]) for f in items] == [("Phượng Sơn", 2), ("Sài Sơn", 1)]


@pytest.mark.parametrize("note, expected", [
    ("HĐND phường Mỹ Đình 2: 4 nghị quyết; phường Mỹ Đình 1: 2 nghị quyết; phường Tây Mỗ 3 "
     "nghị quyết.", [("Mỹ Đình 2", 4), ("Mỹ Đình 1", 2), ("Tây Mỗ", 3)]),
    ("Phường Mỹ Đình 1 5 nghị quyết; phường Mễ Trì 4 nghị quyết.",
     [("Mỹ Đình 1", 5), ("Mễ Trì", 4)]),
])
def test_a_name_ending_in_a_number_keeps_it(note, expected):
    from extractors.places import gazetteer

    def canonical(name):
        found = gazetteer().lookup(name, level="commune", district="Nam Từ Liêm",
                                   province="Hà Nội")
        return found[0].name if len(found) == 1 else None

    ctx = Context("district_summary", "district", "Nam Từ Liêm", "Nam Từ Liêm", "Hà Nội",
                  canonical)
    doc = _doc(["HĐND các phường đã ban hành 9 nghị quyết."],
               notes={1: (note, 0, "nghị quyết")})
    total, *items = _facts(doc, ctx)
    assert [(f[3], f[1]) for f in items] == expected


def test_wards_numbered_in_roman_figures():
    from extractors.places import gazetteer

    def canonical(name):
        found = gazetteer().lookup(name, level="commune", district="Vị Thanh",
                                   province="Hậu Giang")
        return found[0].name if len(found) == 1 else None

    ctx = Context("district_summary", "district", "Vị Thanh", "Vị Thanh", "Hậu Giang",
                  canonical)
    doc = _doc(["HĐND các xã, phường đã tổ chức 6 kỳ họp chuyên đề; ban hành 12 nghị quyết."],
               notes={1: ("HĐND các xã, phường: phường VII, Hỏa Tiến, phường III tổ chức 02 "
                          "kỳ họp chuyên đề.", 0, "chuyên đề"),
                      2: ("HĐND phường I: 04 nghị quyết; phường III: 05 nghị quyết; HĐND "
                          "phường VII: 03 (ba) nghị quyết.", 0, "nghị quyết")})
    items = [(f[0], f[3], f[1]) for f in _facts(doc, ctx) if f[4] == "unit"]
    assert items == [("sessions", "VII", 2), ("sessions", "Hỏa Tiến", 2),
                     ("sessions", "III", 2), ("resolutions", "I", 4),
                     ("resolutions", "III", 5), ("resolutions", "VII", 3)]


@pytest.mark.parametrize("text, holds", [
    ("Tiếp nhận 06 đơn", True), ("MỘT kiến nghị", True), ("SÁU ý kiến", True),
    ("ſáu ý kiến", True),  # re.I reads ſ as s: so must the lower-case look-up
    ("haı cuộc giám sát", True), ("İ hai ý kiến", True),  # lower() lengthens "İ"
    ("KHÔNG CÓ đơn thư", True), ("Chưa tổ chức kỳ họp", True),
    ("năm 2024", False), ("ngày 22/5", False), ("nhiệm kỳ 2021-2026", False),
    ("Ban hành nghị quyết", False), ("", False),
    ("tổ chức kỳ họp thứ 7", True),  # an ordinal may imply one event held
])
def test_a_sentence_may_hold_a_count_whatever_its_case(text, holds):
    from extractors.language.sentences import may_hold_count

    assert may_hold_count(text) is holds


# ---- per-commune lists written with bare commune names ---------------------------------

FOREIGN = {"Đăk Rơ Nga", "Đăk Tô"}  # communes of Kon Tum outside Tu Mơ Rông
SUMMARY_KT = Context("district_summary", "district", "Tu Mơ Rông", "Tu Mơ Rông", "Kon Tum",
                     COMMUNES.get, FOREIGN.__contains__)
PETITIONS = "Đối với cấp xã: có 9 kiến nghị gửi đến kỳ họp HĐND."


def _note_items(note: str, ctx: Context = SUMMARY_KT) -> list[tuple]:
    """Return (unit, value, level, list id, linked to the anchor's total) of a footnote's
    counts, the footnote anchored after "kỳ họp HĐND" of PETITIONS."""
    total, *items = extract_counts(_doc([PETITIONS], notes={5: (note, 0, "kỳ họp HĐND")}), ctx)
    return [(c.unit, c.value, c.level.value, c.list_id, c.total_id == total.id) for c in items]


@pytest.mark.parametrize("bare, prefixed", [
    ("Đăk Hà: 5 ý kiến; Tu Mơ Rông: 3 ý kiến; Măng Ri: 1 ý kiến.",
     "xã Đăk Hà: 5 ý kiến; xã Tu Mơ Rông: 3 ý kiến; xã Măng Ri: 1 ý kiến."),
    ("Đăk Sao 06 ý kiến, Đăk Hà 02 ý kiến và Ngọc Yêu 01 ý kiến.",
     "xã Đăk Sao 06 ý kiến, xã Đăk Hà 02 ý kiến và xã Ngọc Yêu 01 ý kiến."),
    ("Ngọk Yêu (05), Măng Ri (03), Tu Mơ Rông (01).",
     "xã Ngọk Yêu: 05; xã Măng Ri: 03; xã Tu Mơ Rông: 01."),
    # the kind word written only before the first item
    ("Xã Đắk Sao 6 ý kiến; Ngọk Yêu 2 ý kiến; Tu Mơ Rông: 1 ý kiến.",
     "Xã Đắk Sao 6 ý kiến; xã Ngọk Yêu 2 ý kiến; xã Tu Mơ Rông: 1 ý kiến."),
    ("HĐND xã Đăk Hà: 4 ý kiến; HĐND Măng Ri - 5 ý kiến.",
     "HĐND xã Đăk Hà: 4 ý kiến; HĐND xã Măng Ri - 5 ý kiến."),
])
def test_bare_commune_names_in_a_footnote_list_are_each_communes_figure(bare, prefixed):
    items = _note_items(bare)
    assert items == _note_items(prefixed)
    assert [i[2:] for i in items] == [("commune", "fn5:voter_petitions", True)] * len(items)
    assert len({i[0] for i in items}) == len(items) > 1


def test_a_bracketed_figure_after_a_bare_name_is_the_whole_evidence():
    doc = _doc([PETITIONS], notes={5: ("Ngọk Yêu (05), Măng Ri (03).", 0, "kỳ họp HĐND")})
    assert [c.evidence.text for c in extract_counts(doc, SUMMARY_KT)[1:]] == [
        "Ngọk Yêu (05)", "Măng Ri (03)"]


def test_bare_names_in_a_body_list_after_a_prefixed_one():
    doc = _doc(["Cử tri các xã đã gửi 8 ý kiến (xã Đăk Hà: 5 ý kiến; Tu Mơ Rông: 3 ý kiến)."])
    total, *items = extract_counts(doc, SUMMARY_KT)
    assert [(c.unit, c.value, c.level.value, c.total_id == total.id) for c in items] == [
        ("Đăk Hà", 5, "commune", True), ("Tu Mơ Rông", 3, "commune", True)]
    assert items[0].list_id == items[1].list_id == "b0:voter_petitions"


@pytest.mark.parametrize("note, communes", [
    # the district's own name alone: the district, as in "Tu Mơ Rông có 26 ý kiến"
    ("Tu Mơ Rông: 26 ý kiến.", []),
    # one commune item only: no list of communes to stand in
    ("Đại biểu: 5 ý kiến; Đăk Hà: 3 ý kiến.", []),
    ("Thường trực HĐND: 2 ý kiến; Tổ đại biểu số 1: 3 ý kiến.", []),
    # a person, a village: no communes, whatever else the list names
    ("Đại biểu Nguyễn Văn A: 3 ý kiến; xã Đăk Hà: 5 ý kiến; xã Đăk Sao: 2 ý kiến.",
     ["Đăk Hà", "Đăk Sao"]),
    ("Nguyễn Văn An: 3 ý kiến; xã Đăk Hà: 5 ý kiến; xã Đăk Sao: 2 ý kiến.",
     ["Đăk Hà", "Đăk Sao"]),
    ("xã Đăk Hà: 5 ý kiến; Kon Hia: 3 ý kiến; xã Đăk Sao: 2 ý kiến.", ["Đăk Hà", "Đăk Sao"]),
    # a commune of another district, bare, in a list of communes: kept for unknown_unit
    ("xã Đăk Hà: 5 ý kiến; Đăk Rơ Nga: 3 ý kiến; Đăk Sao: 2 ý kiến.",
     ["Đăk Hà", "Đăk Rơ Nga", "Đăk Sao"]),
    # ... but not alone, nor where most items are no communes of the district
    ("Đăk Rơ Nga: 3 ý kiến.", []),
    ("Đăk Rơ Nga: 3 ý kiến; Đăk Tô: 2 ý kiến; Đăk Hà: 1 ý kiến.", []),
])
def test_bare_names_that_are_no_communes_figure(note, communes):
    items = _note_items(note)
    assert [u for u, _, level, _, _ in items if level == "commune"] == communes
    assert all(u == "Tu Mơ Rông" for u, _, level, _, _ in items if level != "commune")


def test_a_commune_report_naming_itself_bare_keeps_its_own_figure():
    facts = _facts(_doc(["Đăk Sao 6 ý kiến; thôn Kon Hia: 2 ý kiến; Đăk Hà 3 ý kiến."]), COMMUNE)
    assert [(f[1], f[2], f[3]) for f in facts] == [(6, "commune", "Đăk Sao"),
                                                   (3, "commune", "Đăk Sao")]


def _seed_with_notes(seed: Path, out: Path, edits: list[tuple[str, str]]) -> Path:
    """Write the seed with its footnotes' text edited (each edit must apply)."""
    with zipfile.ZipFile(seed) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/footnotes.xml":
                xml = data.decode("utf-8")
                for old, new in edits:
                    assert old in xml, old
                    xml = xml.replace(old, new)
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    return out


def _note_facts(path: Path, note: int) -> list[tuple]:
    from extractors.reader import read_document
    from pipeline.extract import extract_document

    counts = extract_document(read_document(path)).counts
    values = {c.id: c.value for c in counts}
    return [(c.indicator.value, c.value, c.level.value, c.unit, c.list_id,
             values.get(c.total_id)) for c in counts if c.evidence.footnote == note]


def test_the_seed_with_bare_names_yields_its_per_commune_lists(seed_docx, tmp_path):
    bare = _seed_with_notes(seed_docx, tmp_path / "bare.docx", [
        ("; xã ", "; "), ("; Xã ", "; "),  # footnote 5: "Xã Đăk Sao 6 ý kiến; Ngọk Yêu 4 ..."
        ("; HĐND xã ", "; HĐND ")])  # footnote 2: "HĐND xã Đăk Hà: 01 Nghị quyết; HĐND Tê ..."
    for note in (2, 5):
        want = _note_facts(seed_docx, note)
        assert _note_facts(bare, note) == want
        assert len({f[3] for f in want if f[2] == "commune"}) >= 10


def test_a_foreign_commune_written_bare_in_the_seeds_list_is_kept_as_written(seed_docx,
                                                                             tmp_path):
    bare = _seed_with_notes(seed_docx, tmp_path / "foreign.docx", [
        ("; xã ", "; "), ("; Xã ", "; "), ("Măng Ri: 3 ý kiến", "Đăk Rơ Nga: 3 ý kiến")])
    facts = _note_facts(bare, 5)
    assert ("voter_petitions", 3, "commune", "Đăk Rơ Nga", "fn5:voter_petitions", 68) in facts
    assert "Măng Ri" not in {f[3] for f in facts}


@pytest.mark.parametrize("text, values", [
    # "bình" alone is a name's syllable ("Thanh Bình", "Đinh Văn Bình"); "bình quân" is "each"
    ("Đại biểu Đinh Văn Bình đã tiếp 3 lượt công dân.", [3]),
    ("Bình quân mỗi buổi tiếp xúc cử tri có 5 ý kiến.", []),
    ("Bình quân có 5 ý kiến.", []),
])
def test_binh_is_each_only_in_binh_quan(text, values):
    assert [f[1] for f in _facts(_doc([text]), COMMUNE)] == values


# ---- constructions: the verb, the noun after or before, status, places, implied events -----

@pytest.mark.parametrize("text, expected", [
    pytest.param("Thường trực HĐND xã họp 07 phiên.", [("standing_meetings", 7, "{}")],
                 id="verb-then-measure"),
    pytest.param("Thường trực HĐND đã giải trình 03 nội dung.",
                 [("explanation_topics", 3, "{}")], id="verb-gives-the-contents"),
    pytest.param("Thường trực HĐND tiếp công dân 12 buổi.", [("citizen_receptions", 12, "{}")],
                 id="number-after-the-activity"),
    pytest.param("UBND xã đã trả lời trực tiếp 2 ý kiến tại hội nghị.",
                 [("petitions_answered", 2, "{}")], id="word-between-verb-and-number"),
    pytest.param("Có 5 ý kiến được xử lý.", [("petitions_answered", 5, "{}")],
                 id="status-after-the-noun"),
    pytest.param("Tổng số 10 ý kiến, đã trả lời 6 ý kiến, còn 4 ý kiến đang giải quyết.",
                 [("voter_petitions", 10, "{}"), ("petitions_answered", 6, "{}"),
                  ("voter_petitions", 4, '{"status": "pending"}')], id="pending-is-a-status"),
    pytest.param("Tại kỳ họp có 3 lượt đại biểu phát vấn.", [("questions", 3, "{}")],
                 id="phát-vấn"),
    pytest.param("Có 2 đại biểu tái chất vấn.", [("questions", 2, "{}")], id="tái-chất-vấn"),
    pytest.param("HĐND xã phối hợp tổ chức tiếp xúc cử tri tại 04 điểm.",
                 [("voter_meetings", 4, "{}")], id="meetings-counted-by-places"),
    pytest.param("Đại biểu HĐND xã tiếp xúc cử tri tại 7 thôn.", [("voter_meetings", 7, "{}")],
                 id="meetings-counted-by-villages"),
    pytest.param("Tổ chức 12 cuộc tiếp xúc cử tri tại 86 điểm.", [("voter_meetings", 12, "{}")],
                 id="places-beside-a-meetings-figure"),
    pytest.param("Ngày 12/7/2024, HĐND xã tổ chức kỳ họp thứ 13 để thông qua nghị quyết.",
                 [("sessions", 1, '{"implied": true}')], id="implied-session"),
    pytest.param("Tiếp xúc cử tri trước kỳ họp thứ 9 HĐND xã.", [], id="an-ordinal-alone"),
    pytest.param("Thực hiện Chương trình 135 và Tờ trình 12 của UBND xã.", [],
                 id="programme-numbers"),
    pytest.param("Trong năm, xã đạt chuẩn nông thôn mới 02 tiêu chí.", [], id="mới-is-not-mỗi"),
])
def test_constructions(text, expected):
    assert [(f[0], f[1], f[6]) for f in _facts(_doc([text]), COMMUNE)] == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("Các xã Đăk Hà, Đăk Sao mỗi xã tổ chức 01 kỳ họp; các xã Ngọk Yêu, Măng Ri "
                 "mỗi xã 02 kỳ họp.",
                 [("Đăk Hà", 1), ("Đăk Sao", 1), ("Ngọk Yêu", 2), ("Măng Ri", 2)],
                 id="groups-each-a-figure"),
    pytest.param("HĐND các xã Đăk Hà, Đăk Sao và Măng Ri đã tổ chức lần lượt 02, 03 và 01 kỳ "
                 "họp.", [("Đăk Hà", 2), ("Đăk Sao", 3), ("Măng Ri", 1)], id="lần-lượt"),
    pytest.param("Số kỳ họp của các xã Đăk Hà, Đăk Sao lần lượt là 2 và 3.",
                 [("Đăk Hà", 2), ("Đăk Sao", 3)], id="lần-lượt-after-a-label"),
    pytest.param("xã Đăk Hà, xã Đăk Sao mỗi đơn vị 01 kỳ họp.", [("Đăk Hà", 1), ("Đăk Sao", 1)],
                 id="mỗi-đơn-vị"),
    pytest.param("HĐND các xã Đăk Hà, Đăk Sao đã tổ chức 3 kỳ họp.", [], id="whose-3"),
])
def test_distributive_lists(text, expected):
    assert [(f[3], f[1]) for f in _facts(_doc([text]))] == expected


def test_a_table_sub_row_is_a_part_of_the_row_above_with_its_label_qualifiers():
    doc = _doc([], table=[["TT", "Nội dung", "Số lượng"], ["1", "Số kỳ họp", "03"],
                          ["", "- Thường lệ", "02"], ["", "- Chuyên đề", "01"],
                          ["2", "Giám sát", "5"], ["", "- Của Thường trực HĐND", "2"],
                          ["", "- Của các Ban", "3"],
                          ["3", "Tổng số ý kiến, kiến nghị cử tri", "20"],
                          ["", "Trong đó: đã được giải quyết", "15"],
                          ["", "+ Sau kỳ họp thứ 6", "8"]])
    counts = extract_counts(doc, COMMUNE)
    index = {c.id: n for n, c in enumerate(counts)}
    got = [(c.indicator.value, c.value, c.body.value if c.body else None,
            {k: v for k, v in c.qualifiers.model_dump().items() if v is not None},
            index.get(c.total_id)) for c in counts]
    assert got == [
        ("sessions", 3, None, {}, None),
        ("sessions", 2, None, {"kind": "regular"}, 0),
        ("sessions", 1, None, {"kind": "thematic"}, 0),
        ("supervision_topics", 5, None, {}, None),
        ("supervision_topics", 2, "standing", {}, 3),
        ("supervision_topics", 3, "committees", {}, 3),
        ("voter_petitions", 20, None, {}, None),
        ("petitions_answered", 15, None, {}, None),
        ("petitions_answered", 8, None, {"phase": "after_session", "session": 6}, 7)]


def test_a_table_column_may_name_a_level():
    doc = _doc([], table=[["Nội dung", "Cấp huyện", "Cấp xã", "Tổng"],
                          ["Kỳ họp", "2", "24", "26"]])
    assert [f[1:5] for f in _facts(doc)] == [(2, "district", "Tu Mơ Rông", "unit"),
                                             (24, "commune", "Tu Mơ Rông", "sum"),
                                             (26, "all", "Tu Mơ Rông", "sum")]


@pytest.mark.parametrize("paras, expected", [
    pytest.param(["Các buổi tiếp xúc cử tri có không quá 10 cử", "tri tham dự."],
                 [("voter_attendance", 10)], id="cử-/-tri"),
    pytest.param(["HĐND xã đã tổ chức 02 kỳ", "họp chuyên đề."], [("sessions", 2)],
                 id="kỳ-/-họp"),
    pytest.param(["HĐND xã đã tổ chức 02 kỳ họp.", "Họp bàn công tác."], [("sessions", 2)],
                 id="a-new-sentence-is-no-wrap"),
])
def test_a_phrase_cut_by_a_hard_line_break_is_joined(paras, expected):
    assert [(f[0], f[1]) for f in _facts(_doc(paras), COMMUNE)] == expected


@pytest.mark.parametrize("text, ctx, expected", [
    pytest.param("HĐND xã đã tổ chức kỳ họp thường lệ giữa năm 2024 để thông qua nghị quyết.",
                 COMMUNE, [("sessions", 1, "commune", '{"kind": "regular", "implied": true}')],
                 id="a-session-named-by-its-kind"),
    pytest.param("Trong 6 tháng, 11 xã, thị trấn đã tổ chức kỳ họp thường lệ giữa năm.", SUMMARY,
                 [("sessions", 11, "commune", '{"kind": "regular", "implied": true}')],
                 id="n-communes-held-one"),
    pytest.param("Thường trực HĐND chuẩn bị tổ chức kỳ họp thường lệ.", COMMUNE, [],
                 id="only-prepared"),
    pytest.param("Một số xã đã tổ chức kỳ họp chuyên đề.", SUMMARY, [], id="some-communes"),
    pytest.param("Kỳ họp thứ 15 HĐND huyện dự kiến tổ chức vào đầu tháng 7.", SUMMARY, [],
                 id="an-event-to-come"),
    pytest.param("Thường trực HĐND xã họp phiên đột xuất lần thứ 3 để cho ý kiến.", COMMUNE,
                 [("standing_meetings", 1, "commune",
                   '{"kind": "extraordinary", "implied": true}')], id="a-sitting-by-ordinal"),
])
def test_events_implied_without_a_figure(text, ctx, expected):
    assert [(f[0], f[1], f[2], f[6]) for f in _facts(_doc([text]), ctx)] == expected


@pytest.mark.parametrize("text, body", [
    pytest.param("Năm 2024 có 05 cuộc giám sát của Thường trực HĐND xã.", "standing",
                 id="a-genitive-after-the-noun"),
    pytest.param("Thường trực HĐND xã, trên cơ sở chương trình đã được HĐND xã thông qua, đã "
                 "tổ chức 02 cuộc giám sát.", "standing", id="an-agent-is-no-actor"),
    pytest.param("Ban Kinh tế - Xã hội của HĐND xã tổ chức 01 cuộc khảo sát.", "committees",
                 id="a-committee-of-the-council"),
    pytest.param("HĐND các cấp tổ chức 41 cuộc giám sát.", None, id="the-councils-at-large"),
])
def test_who_acted(text, body):
    assert [f[5] for f in _facts(_doc([text]), COMMUNE)] == [body]


def test_a_heading_naming_one_body_gives_it_when_the_clause_names_none():
    doc = _doc(["b) Đối với Thường trực HĐND xã:",
                "Đã chủ trì 03 cuộc giám sát chuyên đề, ban hành báo cáo kết quả giám sát."])
    doc = doc.model_copy(update={"blocks": (doc.blocks[0].model_copy(update={"label": "b"}),
                                            doc.blocks[1])})
    assert [f[5] for f in _facts(doc, COMMUNE)] == ["standing"]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Đại biểu HĐND huyện đã tiếp xúc cử tri tại xã Đăk Hà, xã Đăk Sao với 160 "
                 "lượt cử tri tham dự.", [("district", "Tu Mơ Rông", 160)], id="a-place-not-an-owner"),
    pytest.param("Thường trực HĐND huyện tham dự lễ kỷ niệm thành lập xã Đăk Hà và tổ chức 01 "
                 "kỳ họp chuyên đề.", [("district", "Tu Mơ Rông", 1)], id="an-object-not-an-owner"),
    pytest.param("HĐND các xã, thị trấn đã tổ chức 34 kỳ họp, ban hành 152 nghị quyết.",
                 [("commune", "Tu Mơ Rông", 34), ("commune", "Tu Mơ Rông", 152)],
                 id="the-level-carries-over"),
    pytest.param("Trong năm, HĐND huyện và HĐND các xã đã thực hiện 66 cuộc giám sát.",
                 [("all", "Tu Mơ Rông", 66)], id="both-levels-are-all"),
    pytest.param("Cử tri thành phố có 1.215 ý kiến, kiến nghị gửi đến kỳ họp HĐND các cấp.",
                 [("all", "Tu Mơ Rông", 1215)], id="a-level-after-the-noun"),
])
def test_whose_figure(text, expected):
    assert [(f[2], f[3], f[1]) for f in _facts(_doc([text]))] == expected


# ---- constructions of the bank's second round, in sentences written here ----------------

SUMMARY_2024 = Context("district_summary", "district", "Tu Mơ Rông", "Tu Mơ Rông", "Kon Tum",
                       COMMUNES.get, year=2024)
COMMUNE_2024 = Context("commune_report", "commune", "Đăk Sao", "Tu Mơ Rông", "Kon Tum",
                       COMMUNES.get, year=2024)


@pytest.mark.parametrize("text, expected", [
    pytest.param("Ủy ban MTTQ xã tổ chức 02 cuộc giám sát.", [], id="front-acts"),
    pytest.param("Đảng ủy xã ban hành 03 nghị quyết chuyên đề.", [], id="party-acts"),
    pytest.param("Đoàn ĐBQH tỉnh tiếp xúc cử tri tại xã với 120 cử tri.", [],
                 id="national-deputies"),
    pytest.param("Cử tri nêu 04 nội dung với đại biểu Quốc hội tại buổi tiếp xúc.", [],
                 id="raised-to-national-deputies"),
    pytest.param("Phối hợp với Ủy ban MTTQ xã tổ chức 03 buổi tiếp xúc cử tri.",
                 [("voter_meetings", 3, "{}")], id="front-as-partner"),
    pytest.param("Lãnh đạo UBND xã đã trả lời 09 ý kiến của cử tri.",
                 [("petitions_answered", 9, "{}")], id="administration-answers"),
    pytest.param("Từ đầu nhiệm kỳ đến nay, HĐND xã đã tổ chức 15 kỳ họp.", [],
                 id="since-the-start-of-the-term"),
    pytest.param("Tính từ năm 2021 đến nay, Thường trực HĐND xã tiếp 80 lượt công dân.", [],
                 id="from-an-earlier-year"),
    pytest.param("Thường trực HĐND xã phấn đấu tổ chức 04 cuộc giám sát.",
                 [("supervision_topics", 4, '{"planned": true}')], id="target"),
    pytest.param("HĐND xã tổ chức kỳ họp thứ 9, kỳ họp thường lệ giữa năm.",
                 [("sessions", 1, '{"kind": "regular", "implied": true}')],
                 id="kind-in-apposition"),
    pytest.param("HĐND xã tổ chức kỳ họp thứ 8 và kỳ họp thứ 9.",
                 [("sessions", 1, '{"implied": true}'), ("sessions", 1, '{"implied": true}')],
                 id="coordinated-ordinals"),
    pytest.param("Thường trực HĐND xã họp lệ kỳ 06 phiên.",
                 [("standing_meetings", 6, '{"kind": "regular"}')], id="le-ky-is-regular"),
    pytest.param("Cử tri nêu 10 ý kiến; đã trả lời tại chỗ 06 ý kiến, chuyển UBND xã xem xét,"
                 " giải quyết 04 ý kiến.",
                 [("voter_petitions", 10, "{}"), ("petitions_answered", 6, "{}"),
                  ("voter_petitions", 4, '{"status": "pending"}')], id="forwarded-is-pending"),
    pytest.param("Thường trực HĐND xã tiếp 20 lượt công dân, tăng 05 lượt so với cùng kỳ.",
                 [("citizen_receptions", 20, "{}")], id="change-is-no-count"),
    pytest.param("Có 12 lượt cử tri phát biểu với 15 ý kiến, kiến nghị.",
                 [("voter_petitions", 15, "{}")], id="speakers-are-no-attendance"),
])
def test_second_round_constructions_in_a_commune_report(text, expected):
    got = [(f[0], f[1], f[6]) for f in _facts(_doc([text]), COMMUNE_2024)]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("Một số xã tổ chức kỳ họp chuyên đề như: Đăk Sao (02 kỳ họp); Ngọk Yêu, "
                 "Măng Ri (01 kỳ họp).",
                 [("Đăk Sao", 2), ("Ngọk Yêu", 1), ("Măng Ri", 1)], id="groups-in-brackets"),
    pytest.param("Các xã còn lại đều tổ chức 02 kỳ họp; riêng xã Đăk Hà tổ chức 03 kỳ họp.",
                 [("Đăk Hà", 3)], id="unnamed-communes-give-no-sum"),
    pytest.param("Tại xã Măng Ri, HĐND xã tổ chức 01 kỳ họp bất thường.",
                 [("Măng Ri", 1)], id="fronted-place"),
    pytest.param("HĐND TT. Đăk Hà tổ chức 03 kỳ họp; HĐND X. Đăk Sao tổ chức 02 kỳ họp.",
                 [("Đăk Hà", 3), ("Đăk Sao", 2)], id="abbreviated-kind-words"),
])
def test_second_round_constructions_in_a_summary(text, expected):
    got = [(f[3], f[1]) for f in _facts(_doc([text]), SUMMARY_2024)]
    assert got == expected


def test_figure_first_footnote_groups_give_each_commune_its_figure():
    doc = _doc(["HĐND các xã tổ chức 08 kỳ họp."],
               notes={1: ("02 kỳ họp: Đăk Sao, Ngọk Yêu; 04 kỳ họp: Măng Ri.", 0, "kỳ họp")})
    assert [(f[3], f[1]) for f in _facts(doc, SUMMARY_2024)][1:] == [
        ("Đăk Sao", 2), ("Ngọk Yêu", 2), ("Măng Ri", 4)]


def test_a_wrapped_total_with_its_part_in_the_next_paragraph_is_read():
    doc = _doc(["HĐND huyện đã tổ chức 03 kỳ",
                "họp, trong đó HĐND các xã 21 (hai mươi mốt) kỳ họp."])
    facts = _facts(doc, SUMMARY_2024)
    assert ("sessions", 3, "district", "Tu Mơ Rông", "unit", None, "{}") in facts
