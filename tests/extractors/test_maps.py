"""A map per period: the old three-level map before 1 July 2025, the new two-level one from
then on, the old→new mapping between them, and the reports of each period read on its map
(a name of both maps, Măng Ri, decided by the period; former units' figures kept apart)."""
from __future__ import annotations

import json

import pytest

from extractors.facts.metadata import extract_metadata
from extractors.places import gazetteer, map_of, transition
from extractors.places.gazetteer import mapping_path
from pipeline.extract import extract_document
from tests.extractors.test_units import build_doc


@pytest.fixture(scope="module")
def new():
    return gazetteer("new")


@pytest.mark.parametrize("year, half, expected", [
    (2024, 1, "old"), (2024, None, "old"), (2025, 1, "old"), (2025, 2, "new"),
    (2025, None, "new"), (2026, 1, "new"), (None, None, "old"),
])
def test_the_period_decides_the_map(year, half, expected):
    assert map_of(year, half) == expected


def test_the_new_map_has_34_provinces_and_the_communes_of_the_data(new):
    rows = json.loads(mapping_path().read_text(encoding="utf-8"))
    communes = [u for p in new.provinces() for u in new.communes_in(p.name)]
    assert len(new.provinces()) == 34 == len(rows["province_names"])
    assert len(communes) == len({(r["new_province_key"], r["new_ward_key"])
                                 for r in rows["ward_mapping"]}) == 3321
    assert all(u.district is None and u.name and u.level == "commune" for u in communes)
    assert new.province("Quảng Ngãi").code == "51" and new.districts() == []


@pytest.mark.parametrize("key, kind, name", [
    # rows of mapping.json that give only the key of their new commune, with diacritics
    ("xãbatơ", "xã", "Ba Tơ"), ("xãbatô", "xã", "Ba Tô"), ("xãlộcthạnh", "xã", "Lộc Thạnh"),
])
def test_a_new_commune_given_only_by_its_key_gets_its_written_name(new, key, kind, name):
    [u] = [u for p in new.provinces() for u in new.communes_in(p.name)
           if u.code.endswith("/" + key)]
    assert (u.kind, u.name) == (kind, name)


def test_a_name_of_both_maps_is_two_units(new):
    [old] = gazetteer().lookup("xã Măng Ri", level="commune")
    [today] = new.lookup("xã Măng Ri", level="commune")
    assert (old.district, old.province, old.code) == (
        "Tu Mơ Rông", "Kon Tum", "tinhkontum/huyentumorong/xamangri")
    assert (today.district, today.province, today.code) == (None, "Quảng Ngãi", "51/xamangri")
    assert gazetteer().for_period(2026, 1) is new and new.for_period(2024, 1) is gazetteer()


def test_the_eleven_communes_of_tu_mo_rong_went_into_four(new):
    t = transition()
    after = {u.name: [s.new.name for s in t.successors(u)]
             for u in gazetteer().communes_of("Tu Mơ Rông", "Kon Tum")}
    assert after["Ngọk Yêu"] == ["Măng Ri"] and after["Đăk Na"] == ["Đăk Sao"]
    assert {n for names in after.values() for n in names} == {
        "Đăk Sao", "Đăk Tờ Kan", "Măng Ri", "Tu Mơ Rông"}
    [mang_ri] = new.lookup("Măng Ri", level="commune")
    assert sorted(s.old.name for s in t.predecessors(mang_ri)) == [
        "Măng Ri", "Ngọk Lây", "Ngọk Yêu", "Tê Xăng", "Văn Xuôi"]


def test_a_divided_commune_is_summable_onto_none():
    t = transition()
    divided = next(s.old for s in t.rows if s.kind == "divided")
    assert len({s.new for s in t.successors(divided)}) > 1 and t.summable(divided) is None
    merged = next(s.old for s in t.rows if s.kind == "merged")
    assert t.summable(merged) == t.successors(merged)[0].new


@pytest.mark.parametrize("text, found", [
    ("HĐND XÃ MĂNG RI, tỉnh Quảng Ngãi", [("Măng Ri", "commune", "51/xamangri"),
                                          ("Quảng Ngãi", "province", "51")]),
    # a special zone is a commune of the new map; "KHU" in capitals is still its kind word
    ("HỘI ĐỒNG NHÂN DÂN\nĐẶC KHU LÝ SƠN", [("Lý Sơn", "commune", "51/dackhulyson")]),
    ("các xã Đăk Sao, Tu Mơ Rông", [("Đăk Sao", "commune", "51/xadaksao"),
                                    ("Tu Mơ Rông", "commune", "51/xatumorong")]),
])
def test_the_new_map_finds_a_provinces_communes(new, text, found):
    got = [(m.unit.name, m.unit.level, m.unit.code)
           for m in new.find(text, province="Quảng Ngãi", bare="commune")]
    assert got == found


def _report(head: list[str], *body: str, notes: tuple[str, ...] = ()):
    doc = build_doc(*(("table", t) for t in head), ("body", "I. KẾT QUẢ HOẠT ĐỘNG"),
                    *(("body", t) for t in body), *(("footnote", t) for t in notes))
    blocks = list(doc.blocks)
    blocks[len(head)] = blocks[len(head)].model_copy(update={"label": "I"})
    return doc.model_copy(update={"blocks": tuple(blocks)})


def _commune_head(year: int, half: str = "đầu") -> list[str]:
    return ["HĐND XÃ MĂNG RI", "THƯỜNG TRỰC HĐND", "Số: 12/BC-HĐND",
            f"Măng Ri, ngày 20 tháng 6 năm {year}", "BÁO CÁO",
            f"Kết quả hoạt động của HĐND xã Măng Ri 6 tháng {half} năm {year}",
            f"Thực hiện Kế hoạch số 08/KH-TTHĐND của Thường trực HĐND "
            f"{'tỉnh Quảng Ngãi' if year > 2025 else 'huyện Tu Mơ Rông'}:"]


@pytest.mark.parametrize("year, place", [
    (2024, ("Tu Mơ Rông", "Kon Tum", "tinhkontum/huyentumorong/xamangri")),
    (2026, (None, "Quảng Ngãi", "51/xamangri")),
])
def test_a_report_of_xa_mang_ri_is_placed_on_the_map_of_its_period(year, place):
    meta = extract_metadata(_report(_commune_head(year), "HĐND xã đã tổ chức 02 kỳ họp."))
    assert (meta.kind.value, meta.level.value, meta.unit) == ("commune_report", "commune",
                                                              "Măng Ri")
    assert (meta.district, meta.province, meta.code) == place


@pytest.mark.parametrize("head, unit", [
    (["HĐND TỈNH QUẢNG NGÃI", "THƯỜNG TRỰC HĐND"], "Quảng Ngãi"),
    # a centrally-run city: "HĐND thành phố" is the province's council, no district's
    (["HĐND THÀNH PHỐ HUẾ", "THƯỜNG TRỰC HĐND"], "Huế"),
])
def test_a_provinces_summary_of_2026_is_a_province_summary(head, unit):
    doc = _report([*head, "Số: 40/BC-TTHĐND", "BÁO CÁO",
                   "Tổng hợp kết quả hoạt động của HĐND các xã, phường 6 tháng đầu năm 2026"],
                  "HĐND các xã, phường đã tổ chức 120 kỳ họp.")
    meta = extract_metadata(doc)
    assert (meta.kind.value, meta.level.value, meta.unit, meta.district, meta.province) == (
        "province_summary", "province", unit, None, unit)


def test_a_provinces_report_before_july_2025_stays_other():
    doc = _report(["HĐND TỈNH KON TUM", "THƯỜNG TRỰC HĐND", "BÁO CÁO",
                   "Kết quả hoạt động 6 tháng đầu năm 2024"], "HĐND tỉnh tổ chức 02 kỳ họp.")
    assert extract_metadata(doc).kind.value == "other"


def _counts(record) -> list[tuple]:
    return [(c.indicator.value, c.value, c.level.value, c.unit, c.scope.value,
             bool(c.qualifiers.former), c.code) for c in record.counts]


def test_a_province_summary_gives_its_own_its_communes_and_their_sum():
    doc = _report(["HĐND TỈNH QUẢNG NGÃI", "THƯỜNG TRỰC HĐND", "BÁO CÁO",
                   "Tổng hợp kết quả hoạt động của HĐND các xã, phường 6 tháng đầu năm 2026"],
                  "HĐND tỉnh đã tổ chức 02 kỳ họp.",
                  "HĐND các xã, phường đã tổ chức kỳ họp: xã Măng Ri 03 kỳ họp; xã Đăk Sao 02 "
                  "kỳ họp; đặc khu Lý Sơn 01 kỳ họp.",
                  "Đối với cấp xã: cử tri đã gửi 40 ý kiến, kiến nghị.")
    assert _counts(extract_document(doc)) == [
        ("sessions", 2, "province", "Quảng Ngãi", "unit", False, "51"),
        ("sessions", 3, "commune", "Măng Ri", "unit", False, "51/xamangri"),
        ("sessions", 2, "commune", "Đăk Sao", "unit", False, "51/xadaksao"),
        ("sessions", 1, "commune", "Lý Sơn", "unit", False, "51/dackhulyson"),
        ("voter_petitions", 40, "commune", "Quảng Ngãi", "sum", False, "51"),
    ]


OLD = "tinhkontum/huyentumorong/xa"


@pytest.mark.parametrize("text, expected", [
    pytest.param("Trước ngày 01/7/2025, HĐND 5 xã cũ đã tổ chức 08 kỳ họp.",
                 [("sessions", 8, "commune", "Măng Ri", "sum", True, "51/xamangri")],
                 id="xã-cũ-together"),
    pytest.param("Trước khi sắp xếp, HĐND xã đã tổ chức 03 kỳ họp.",
                 [("sessions", 3, "commune", "Măng Ri", "sum", True, "51/xamangri")],
                 id="trước-sắp-xếp"),
    pytest.param("HĐND xã Ngọk Yêu (cũ) đã tổ chức 02 kỳ họp.",
                 [("sessions", 2, "commune", "Ngọk Yêu", "unit", True, OLD + "ngokyeu")],
                 id="former-name"),
    pytest.param("HĐND xã Măng Ri (cũ) đã tổ chức 02 kỳ họp.",
                 [("sessions", 2, "commune", "Măng Ri", "unit", True, OLD + "mangri")],
                 id="a-name-of-both-maps-marked-cũ"),
    pytest.param("Từ ngày 01/7/2025, HĐND xã Măng Ri đã tổ chức 02 kỳ họp.",
                 [("sessions", 2, "commune", "Măng Ri", "unit", False, "51/xamangri")],
                 id="the-new-communes-own"),
    pytest.param("Trước ngày 01/7/2025, HĐND các xã cũ tổ chức 08 kỳ họp; từ ngày 01/7/2025 "
                 "HĐND xã đã tổ chức 02 kỳ họp.",
                 [("sessions", 8, "commune", "Măng Ri", "sum", True, "51/xamangri"),
                  ("sessions", 2, "commune", "Măng Ri", "unit", False, "51/xamangri")],
                 id="before-then-after"),
])
def test_a_2025_h2_report_keeps_its_former_communes_figures_apart(text, expected):
    record = extract_document(_report(_commune_head(2025, "cuối"), text))
    assert record.province == "Quảng Ngãi" and record.district is None
    assert _counts(record) == expected


def test_a_former_communes_list_in_a_footnote_names_each_on_the_old_map():
    record = extract_document(_report(
        _commune_head(2025, "cuối"),
        "Trước ngày 01/7/2025, HĐND các xã cũ đã tổ chức 04 kỳ họp.",
        notes=("Xã Măng Ri (cũ): 02 kỳ họp; xã Văn Xuôi (cũ): 01 kỳ họp; xã Tê Xăng (cũ): 01 "
               "kỳ họp.",)))
    assert _counts(record)[1:] == [
        ("sessions", 2, "commune", "Măng Ri", "unit", True, OLD + "mangri"),
        ("sessions", 1, "commune", "Văn Xuôi", "unit", True, OLD + "vanxuoi"),
        ("sessions", 1, "commune", "Tê Xăng", "unit", True, OLD + "texang")]
    former = [(u.name, u.code) for u in record.units if u.code.startswith(OLD)]
    assert former == [("Măng Ri", OLD + "mangri"), ("Văn Xuôi", OLD + "vanxuoi"),
                      ("Tê Xăng", OLD + "texang")]


def test_a_name_joined_with_a_dash_is_one_commune():
    head = ["HĐND XÃ CHÂN MÂY - LĂNG CÔ", "THƯỜNG TRỰC HĐND", "BÁO CÁO",
            "Kết quả hoạt động của HĐND xã 6 tháng đầu năm 2026 (thành phố Huế)"]
    record = extract_document(_report(
        head, "HĐND xã Chân Mây - Lăng Cô đã tổ chức 02 kỳ họp, tổng hợp 05 ý kiến cử tri."))
    assert record.unit == "Chân Mây - Lăng Cô" and record.province == "Huế"
    assert {c.unit for c in record.counts} == {"Chân Mây - Lăng Cô"}
    assert all(not c.qualifiers.former for c in record.counts)
