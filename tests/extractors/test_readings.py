"""Readings: every number of a document is a count, a known non-count (from the rules of
readings.jsonl or the number finder's refusal) or unread, in a section kind."""
from __future__ import annotations

import json

import pytest

from extractors.facts.readings import (
    RULES,
    extract_readings,
    read_numbers,
    reading_rules,
    section_kinds,
)
from extractors.reader import read_document
from pipeline.extract import extract_document
from schemas.errors import RuleError
from schemas.record import Count, Evidence, Indicator, Level, UnitMention
from schemas.source import Block, Document, Part
from tests.conftest import SAMPLES


def _doc(paras: list) -> Document:
    """Build a Document of body paragraphs (a table as a list of rows of cell texts)."""
    blocks: list[Block] = []
    pos = 0

    def add(text: str, **kw) -> None:
        nonlocal pos
        blocks.append(Block(id=len(blocks), text=text, start=pos, end=pos + len(text), **kw))
        pos += len(text) + 1

    for t, p in enumerate(paras):
        if isinstance(p, list):
            for r, row in enumerate(p):
                for c, cell in enumerate(row):
                    add(cell, part=Part.table, table=t, row=r, col=c)
        else:
            add(p, part=Part.body, label="I" if p.startswith("I. ") else None)
    return Document(file="t.docx", sha256="0" * 64, size=1, source_format="docx",
                    text="\n".join(b.text for b in blocks), blocks=tuple(blocks))


def _readings(text: str, rules_path=RULES) -> list[tuple[str, str]]:
    return [(r.text, r.reading) for r in read_numbers(_doc([text]), [], rules_path=rules_path)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Trong 06 tháng đầu năm 2024", [("06", "duration"), ("2024", "year")],
                 id="period-length"),
    pytest.param("Kế hoạch số 08/KH-TTHĐND ngày 22/05/2024",
                 [("08/KH-TTHĐND", "document_number"), ("22/05/2024", "date")], id="citation"),
    pytest.param("nhiệm kỳ 2021-2026", [("2021-2026", "term")], id="term"),
    pytest.param("giai đoạn 2021-2025", [("2021-2025", "range")], id="range"),
    pytest.param("kỳ họp thứ 7", [("7", "ordinal")], id="ordinal"),
    pytest.param("đạt 95% kế hoạch", [("95%", "percent")], id="percent"),
    pytest.param("theo Điều 5, khoản 2 Luật", [("5", "article"), ("2", "clause")],
                 id="article-clause"),
    pytest.param("thôn Kon Hia: 02 ý kiến", [("02", "village_figure")], id="village-figure"),
    pytest.param("tổ dân phố số 6: 01 ý kiến",
                 [("6", "place_number"), ("01", "village_figure")], id="numbered-village"),
    pytest.param("hỗ trợ 5 triệu đồng", [("5", "money")], id="money"),
    pytest.param("diện tích 12 ha", [("12", "measure")], id="area"),
    pytest.param("khai mạc lúc 8 giờ 30", [("8", "time"), ("30", "time")], id="time"),
    pytest.param("họp lúc 14h, kéo dài 2 giờ", [("14", "time"), ("2", "duration")],
                 id="time-duration"),
    pytest.param("ĐT: 0260.3861234", [("0260.3861234", "phone")], id="phone"),
    pytest.param("có 1.250 hộ", [("1.250", "population")], id="households"),
    pytest.param("(1) Báo cáo", [("(1)", "list_label")], id="list-label"),
    pytest.param("tiếp xúc cử tri 3 cấp, một phần ở địa bàn xã",
                 [("3", "tiers"), ("một", "idiom")], id="tiers-idiom"),
    pytest.param("trên cùng một địa bàn", [], id="one-and-the-same-is-no-number"),
    pytest.param("mỗi Tổ đại biểu giám sát 01 chuyên đề", [("01", "per_unit")], id="each"),
    pytest.param("gồm kỳ họp thứ 15, 16 và 17", [("15", "ordinal"), ("16", "ordinal"),
                                                 ("17", "ordinal")], id="ordinal-list"),
    pytest.param("tại tổ bầu cử số 02, 04 và 06", [("02", "numbered"), ("04", "numbered"),
                                                   ("06", "numbered")], id="numbered-list"),
    pytest.param("Ngày 02; 16; 30", [("02", "date"), ("16", "date"), ("30", "date")],
                 id="date-list"),
    pytest.param("Đợt 1", [("1", "ordinal")], id="round"),
    pytest.param("tại bản Háng Tàu 1 và bản Háng Tàu 2.",
                 [("1", "place_number"), ("2", "place_number")], id="village-name-number"),
    pytest.param("lễ kỷ niệm 70 năm thành lập xã", [("70", "duration"), ("năm", "duration")],
                 id="years-noun"),
    pytest.param("đạt 48 triệu đồng/người/năm", [("48", "money"), ("năm", "rate")],
                 id="per-year"),
    pytest.param("đã chuyển 17 hồ sơ", [("17", "unread")], id="unread"),
    pytest.param("các xã Nam Bình, Bình Định đã tổ chức 03 kỳ họp", [("03", "unread")],
                 id="a-count-noun-but-no-count"),
])
def test_each_number_gets_a_reading(text, expected):
    assert _readings(text) == expected


def test_a_number_inside_a_count_is_that_count_and_one_in_a_unit_name_a_name():
    doc = _doc(["HĐND phường 9 tổ chức 02 kỳ họp và 3 hội nghị"])
    text = doc.blocks[0].text

    def ev(a: int, b: int) -> Evidence:
        return Evidence(part="body", block=0, start=a, end=b, text=text[a:b], doc_start=a,
                        doc_end=b)

    start = text.index("02")
    count = Count(id="c", indicator=Indicator.sessions, value=2, level=Level.commune,
                  unit="9", evidence=ev(start, start + len("02 kỳ họp")), rule="sessions.ky_hop")
    ward = UnitMention(name="9", level=Level.commune, evidence=ev(5, 13))
    got = [(r.text, r.reading, r.rule) for r in read_numbers(doc, [count], [ward])]
    assert got == [("9", "unit_name", None), ("02", "count", "sessions.ky_hop"),
                   ("3", "unread", None)]


def test_a_table_row_number_is_read_from_its_column_header():
    doc = _doc([[["TT", "Nội dung", "Số lượng"], ["1", "Số kỳ họp", "02"]]])
    assert [(r.text, r.reading) for r in read_numbers(doc, [])] == [
        ("1", "list_label"), ("02", "unread")]


def test_an_unread_number_says_what_follows_it():
    unread, tally = extract_readings(_doc(["I. KẾT QUẢ", "Đã chuyển 17 hồ sơ cho UBND."]), [])
    assert [(u.text, u.evidence.block, u.evidence.text) for u in unread] == [("17", 1, "17")]
    assert unread[0].reason == ("không phải số liệu, không thuộc loại số nào đã biết, trước «hồ "
                                "sơ cho UBND» / no count and no known kind of number, before "
                                "«hồ sơ cho UBND»")
    assert tally == {"activity": {"unread": 1}}


@pytest.mark.parametrize("paras, kinds", [
    pytest.param(
        [[["HỘI ĐỒNG NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
          ["Số: 12/BC-HĐND", "Đăk Sao, ngày 15 tháng 6 năm 2024"]],
         "BÁO CÁO", "Kết quả hoạt động 6 tháng đầu năm 2024", "I. KẾT QUẢ",
         "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;", "Tổ chức 02 kỳ họp.",
         "Trên đây là báo cáo./.", "Nơi nhận:", "PHỤ LỤC", "Xã Đăk Sao: 06 ý kiến"],
        ["head"] * 6 + ["activity", "references", "activity", "closing", "closing", "activity",
                        "activity"], id="letterhead-to-appendix"),
    pytest.param(
        ["BÁO CÁO", "Kết quả hoạt động 6 tháng đầu năm 2024", "Tổ chức 02 kỳ họp."] +
        ["Giám sát 03 chuyên đề."] * 15,
        ["head", "head"] + ["activity"] * 16, id="no-numbered-section"),
])
def test_blocks_are_placed_in_section_kinds(paras, kinds):
    doc = _doc(paras)
    assert [section_kinds(doc)[b.id] for b in doc.blocks] == kinds


def test_a_new_kind_of_number_is_one_line_in_a_rules_file(tmp_path):
    text = "Giao thửa đất số 125, tờ bản đồ số 12 cho 3 hộ"
    shipped = [line for line in RULES.read_text(encoding="utf-8").splitlines()
               if '"land.parcel"' not in line]
    rules = tmp_path / "readings.jsonl"
    rules.write_text("\n".join(shipped) + "\n", encoding="utf-8")
    assert _readings(text, rules) == [("125", "numbered"), ("12", "numbered"),
                                      ("3", "population")]
    parcel = {"id": "land.parcel", "reading": "land_parcel", "finder": ["numbered", "quantity"],
              "before": r"\b(?:thửa(?: đất)?|tờ bản đồ)\s*(?:số\s*)?"}
    rules.write_text("\n".join([*shipped, json.dumps(parcel, ensure_ascii=False)]) + "\n",
                     encoding="utf-8")
    reading_rules.cache_clear()
    assert _readings(text, rules) == [("125", "land_parcel"), ("12", "land_parcel"),
                                      ("3", "population")]


@pytest.mark.parametrize("line, problem", [
    pytest.param("{not json", "not a JSON object", id="not-json"),
    pytest.param('["a"]', "not a JSON object", id="a-list"),
    pytest.param('{"id": "x", "reading": "money", "after": "đồng", "wrong": 1}',
                 "unknown key", id="unknown-key"),
    pytest.param('{"id": "x", "after": "đồng"}', "'reading' must be", id="no-reading"),
    pytest.param('{"id": "x", "reading": "Money!", "after": "đồng"}', "lower_case",
                 id="bad-reading-name"),
    pytest.param('{"id": "x", "reading": "unread", "after": "đồng"}', "not 'count'",
                 id="reserved-reading"),
    pytest.param('{"id": "x", "reading": "money"}', "give at least one", id="no-pattern"),
    pytest.param('{"id": "x", "reading": "money", "after": "(đồng"}', "bad 'after'",
                 id="bad-regex"),
    pytest.param('{"id": "x", "reading": "money", "after": "đồng", "finder": ["money"]}',
                 "'finder' must list", id="bad-finder"),
    pytest.param('{"id": "money", "reading": "money", "after": "đồng"}', "used twice",
                 id="duplicate-id"),
])
def test_a_malformed_rule_is_an_error_naming_the_file_and_line(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "money", "reading": "money", "after": "đồng"}\n\n' + line + "\n",
                    encoding="utf-8")
    with pytest.raises(RuleError, match=rf"bad\.jsonl:3: .*{problem}"):
        reading_rules(path)


def test_the_shipped_rules_load():
    assert len(reading_rules()) >= 30


def test_every_number_of_the_seed_is_read(seed_docx):
    doc = read_document(seed_docx)
    record = extract_document(doc)
    readings = read_numbers(doc, record.counts, record.units)
    assert sum(sum(t.values()) for t in record.readings.values()) == len(readings)
    assert record.unread == []
    by_text = {(r.block, r.text): r.reading for r in readings}
    # the standing committee's opinions on "02 nội dung đột xuất" are matters, not a count;
    # "trong một buổi" is how long a session lasted
    assert by_text[(41, "02")] == "agenda_items"
    assert by_text[(68, "một")] == "duration"


def _share(records) -> float:
    numbers = unread = 0
    for r in records:
        activity = r.readings.get("activity", {})
        numbers += sum(activity.values())
        unread += activity.get("unread", 0)
    return unread / numbers


def test_samples_leave_under_two_percent_of_their_activity_numbers_unread():
    records = [extract_document(read_document(p)) for p in sorted(SAMPLES.glob("*.docx"))
               if "email" not in p.name]
    assert _share(records) < 0.02


def test_a_generated_corpus_leaves_under_two_percent_unread(tmp_path):
    from pipeline.corpus.generate import generate_corpus

    generate_corpus(tmp_path, district="Quận 3", province="Hồ Chí Minh", seed=4)
    records = [extract_document(read_document(p)) for p in sorted(tmp_path.glob("*.docx"))]
    assert _share(records) < 0.02
