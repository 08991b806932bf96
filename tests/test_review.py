import pytest

from pipeline.review import (
    flag_detail,
    flag_json,
    format_flag_detail,
    format_flags,
    highlight,
    list_flags,
    resolve_flag,
)
from pipeline.store import open_store
from schemas.errors import InputError, StoreError
from schemas.flags import Flag, FlagEvidence
from schemas.record import Count, Evidence, Period, Record
from schemas.review import EvidenceContext, FlagDetail
from schemas.source import Block, Part

SUMMARY_NOTE = "Xã Đăk Sao 6 ý kiến; xã Ngọk Yêu 4 ý kiến"
COMMUNE_TEXT = "Tổng hợp được 7 ý kiến, kiến nghị của cử tri"


def _ev(text, start, end, part="body", footnote=None, block=0):
    return Evidence(part=part, footnote=footnote, block=block, start=start, end=end,
                    text=text[start:end], doc_start=start, doc_end=end)


def _doc(store, path, file, kind, unit, text, ev, part=Part.body, note=None):
    count = Count(id="c-" + file, indicator="voter_petitions", value=int(ev.text.split()[-3]),
                  level="commune", unit="Đăk Sao", evidence=ev, rule="t")
    record = Record(file=file, sha256="0" * 64, kind=kind, level="commune", unit=unit,
                    district="Tu Mơ Rông", province="Kon Tum", period=Period(year=2024, half=1),
                    term=None, counts=[count])
    blocks = [Block(id=0, part=Part.body, text="Báo cáo", start=0, end=7)]
    if part == Part.footnote:
        blocks.append(Block(id=1, part=part, text=text, start=8, end=8 + len(text), note=note,
                            label=None))
    else:
        blocks = [Block(id=0, part=part, text=text, start=0, end=len(text), label="II")]
    store.write_document(1, path, size=1, mtime=1.0, source_format="docx", blocks=blocks,
                         record=record)
    return count


FLAG_ID = "9f3c2a71d04e8b55"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "b.db"
    with open_store(path) as store:
        ev1 = _ev(SUMMARY_NOTE, 3, 19, part="footnote", footnote=5, block=1)
        a = _doc(store, "/d/s.docx", "tom-tat.docx", "district_summary", "Tu Mơ Rông",
                 SUMMARY_NOTE, ev1, part=Part.footnote, note=5)
        ev2 = _ev(COMMUNE_TEXT, 14, 22)
        b = _doc(store, "/d/k.docx", "dak-sao.docx", "commune_report", "Đăk Sao",
                 COMMUNE_TEXT, ev2)
        flag = Flag(id=FLAG_ID, rule="cross_document_mismatch", severity="error",
                    indicator="voter_petitions", level="commune", unit="Đăk Sao", values=[6, 7],
                    documents=["dak-sao.docx", "tom-tat.docx"],
                    message="Ý kiến cử tri của xã Đăk Sao: báo cáo huyện ghi 6, báo cáo xã ghi 7",
                    message_en="Voter petitions of Đăk Sao: district says 6, commune says 7",
                    evidence=[FlagEvidence(document="tom-tat.docx", value=6, count_id=a.id,
                                           evidence=a.evidence),
                              FlagEvidence(document="dak-sao.docx", value=7, count_id=b.id,
                                           evidence=b.evidence)])
        gap = Flag(id="1111aaaa2222bbbb", rule="section_gap", severity="warning",
                   message="Mục II nhảy sang mục IV", message_en="Section II jumps to IV",
                   documents=["tom-tat.docx"])
        store.save_flags(1, [flag, gap])
    return path


def test_open_flags_list_in_rule_order(db):
    assert [f.id for f in list_flags(db, "open")] == [FLAG_ID, "1111aaaa2222bbbb"]
    assert list_flags(db, "resolved") == []


@pytest.mark.parametrize("kwargs, action, status", [
    ({"value": 7}, "correct", "resolved"),
    ({"dismiss": True}, "reject", "dismissed"),
    ({}, "accept", "resolved"),
])
def test_resolving_records_a_decision_and_changes_the_status(db, kwargs, action, status):
    decision = resolve_flag(db, FLAG_ID[:6], note="đã hỏi xã", reviewer="Lan", **kwargs)
    assert (decision.target_id, decision.action.value, decision.value) == (
        FLAG_ID, action, kwargs.get("value"))
    assert [f.id for f in list_flags(db, status)] == [FLAG_ID]
    assert [f.id for f in list_flags(db, "open")] == ["1111aaaa2222bbbb"]


@pytest.mark.parametrize("flag_id, problem", [
    ("ffff0000", "không tìm thấy cờ ffff0000 / flag not found"),
    ("9f3", "không tìm thấy cờ 9f3 / flag not found"),  # too short to be a prefix
    ("", "không tìm thấy cờ  / flag not found"),
])
def test_an_unknown_flag_is_an_input_error_naming_the_database(db, flag_id, problem):
    with pytest.raises(InputError) as err:
        resolve_flag(db, flag_id, dismiss=True, note="x", reviewer="Lan")
    assert str(err.value) == f"{db}: {problem}"


def test_an_ambiguous_prefix_is_refused(db):
    with open_store(db) as store:
        store.save_flags(2, [f.model_copy(update={"id": FLAG_ID[:4] + "0" * 12})
                             for f in list_flags(db, "all")][:1] +
                         list(list_flags(db, "all")))
    with pytest.raises(InputError, match="mã cờ 9f3c khớp 2 cờ"):
        flag_detail(db, "9f3c")


def test_reviewing_a_missing_database_says_so(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        list_flags(tmp_path / "none.db", "open")
    assert not (tmp_path / "none.db").exists()


def test_detail_gives_each_value_its_block_and_span(db):
    detail = flag_detail(db, FLAG_ID)
    [summary, commune] = detail.items
    assert (summary.document, summary.value, summary.part, summary.footnote) == (
        "tom-tat.docx", 6, "footnote", 5)
    assert summary.text[summary.start:summary.end] == "Đăk Sao 6 ý kiến"
    assert (commune.label, commune.text[commune.start:commune.end]) == ("II", "7 ý kiến")


def test_detail_text_highlights_the_evidence_and_lists_decisions(db):
    resolve_flag(db, FLAG_ID, value=7, note="theo biên bản", reviewer="Hùng")
    text = format_flag_detail(flag_detail(db, FLAG_ID), "vi").splitlines()
    assert text[0] == f"Cờ {FLAG_ID} · cross_document_mismatch · error · trạng thái: resolved"
    assert text[1:4] == ["chỉ tiêu: voter_petitions · cấp: commune · đơn vị: Đăk Sao",
                         "Giá trị: 6, 7", "Tài liệu: dak-sao.docx, tom-tat.docx"]
    assert "  [1] 6 — tom-tat.docx, chú thích 5, đoạn 1" in text
    assert "      Xã «Đăk Sao 6 ý kiến»; xã Ngọk Yêu 4 ý kiến" in text
    assert "      Tổng hợp được «7 ý kiến», kiến nghị của cử tri" in text
    assert text[-3].endswith(" Hùng: correct (sửa số: số đúng là 7) — theo biên bản")
    assert text[-2] == ("Quyết định được nhận (baocao resolve): --choose X, --value N, "
                        "--accept, --dismiss, --undo")


def test_detail_of_a_flag_whose_block_changed_falls_back_to_the_span(db):
    with open_store(db) as store:
        store.db["blocks"].update(("/d/k.docx", 0), {"text": "đã sửa"})
    item = flag_detail(db, FLAG_ID).items[1]
    assert (item.text, item.start, item.end, item.label) == ("7 ý kiến", 0, 8, None)


@pytest.mark.parametrize("text, start, end, expected", [
    ("abc", 1, 2, "a«b»c"),
    ("x" * 400, 200, 201, "…" + "x" * 160 + "«x»" + "x" * 160 + "…"),
    ("Đăk", 0, 3, "«Đăk»"),
])
def test_highlight_wraps_the_span_and_cuts_long_blocks(text, start, end, expected):
    assert highlight(text, start, end) == expected


@pytest.mark.parametrize("lang, message", [
    ("vi", "Ý kiến cử tri của xã Đăk Sao: báo cáo huyện ghi 6, báo cáo xã ghi 7"),
    ("en", "Voter petitions of Đăk Sao: district says 6, commune says 7"),
])
def test_flag_json_follows_the_contract(db, lang, message):
    data = flag_json(list_flags(db, "open")[0], lang)
    assert {k: data[k] for k in ("id", "rule", "severity", "indicator", "level", "unit",
                                 "values", "documents", "message", "status")} == {
        "id": FLAG_ID, "rule": "cross_document_mismatch", "severity": "error",
        "indicator": "voter_petitions", "level": "commune", "unit": "Đăk Sao",
        "values": [6, 7], "documents": ["dak-sao.docx", "tom-tat.docx"], "message": message,
        "status": "open"}
    assert data["evidence"][0]["evidence"]["text"] == "Đăk Sao 6 ý kiến"


@pytest.mark.parametrize("lang, last, empty", [
    ("vi", "2 cờ", "Không có cờ nào."), ("en", "2 flag(s)", "No flags."),
])
def test_format_flags_lists_one_flag_per_entry(db, lang, last, empty):
    text = format_flags(list_flags(db, "open"), lang).splitlines()
    assert text[0].startswith(f"{FLAG_ID}  cross_document_mismatch ")
    assert text[0].endswith("voter_petitions Đăk Sao [6, 7]")
    assert text[-1] == last
    assert format_flags([], lang) == empty


def test_detail_models_round_trip_through_json(db):
    resolve_flag(db, FLAG_ID, value=7, note="x", reviewer="Lan")
    detail = flag_detail(db, FLAG_ID)
    assert FlagDetail.model_validate_json(detail.model_dump_json()) == detail
    item = EvidenceContext(document="a.docx", value="2024-05-22")
    assert EvidenceContext.model_validate(item.model_dump(mode="json")) == item
