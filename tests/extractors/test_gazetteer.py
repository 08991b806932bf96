"""The gazetteer: units from underthesea's mapping.json, found whatever the spelling."""
import json
import unicodedata

import pytest

from extractors.places import AmbiguousName, Gazetteer, fold, gazetteer
from extractors.places.gazetteer import mapping_path
from tests.conftest import SEED_EXPECTED

TMR = {"district": "Tu Mơ Rông", "province": "Kon Tum"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


def _found(gaz, text, **kw):
    return [(text[m.start:m.end], m.unit.level, m.unit.name) for m in gaz.find(text, **kw)]


def test_gazetteer_is_loaded_once_per_process():
    assert gazetteer() is gazetteer()


def test_every_named_commune_of_the_mapping_is_a_unit(gaz):
    rows = json.loads(mapping_path().read_text(encoding="utf-8"))["ward_mapping"]
    named = {(r["old_province_key"], r["old_district_key"], r["old_ward_key"])
             for r in rows if r["old_ward"].strip()}
    communes = [u for d in gaz.districts() for u in gaz.communes_of(d)]
    assert len(communes) == len(named)
    assert len(gaz.provinces()) == 63


def test_communes_of_tu_mo_rong_are_the_eleven_of_the_domain(gaz, expected):
    names = [u.name for u in gaz.communes_of("Tu Mơ Rông", "Kon Tum")]
    assert sorted(names) == sorted(expected["communes"])
    assert gaz.names_in_district("huyện Tu Mơ Rông") == {fold(n) for n in expected["communes"]}


def test_commune_keeps_its_2025_successor(gaz):
    [u] = gaz.lookup("Đăk Na", level="commune", district="Tu Mơ Rông")
    assert u.successor == "xã Đăk Sao, tỉnh Quảng Ngãi"
    assert u.province == "Kon Tum" and u.district == "Tu Mơ Rông"
    assert gaz.province("Kon Tum").successor == "tỉnh Quảng Ngãi"


@pytest.mark.parametrize("written", [
    "Đăk Sao", "Đắk Sao", "Đak Sao", "Dak Sao", "ĐĂK SAO", "dak sao",
    unicodedata.normalize("NFD", "Đắk Sao"), "xã Đăk Sao", "Xã Đắk Sao",
])
def test_lookup_ignores_spelling(gaz, written):
    found = gaz.lookup(written, district="Tu Mơ Rông", province="Kontum")
    assert [(u.name, u.level) for u in found] == [("Đăk Sao", "commune")]


@pytest.mark.parametrize("written, name", [
    ("Ngọc Lây", "Ngọk Lây"), ("Ngok Yeu", "Ngọk Yêu"), ("Đăk Rơ Ông", "Đăk Rơ Ông"),
])
def test_lookup_meets_k_and_c_spellings(gaz, written, name):
    assert [u.name for u in gaz.lookup(written, level="commune", **TMR)] == [name]


def test_lookup_kind_word_filters(gaz):
    assert [u.level for u in gaz.lookup("huyện Tu Mơ Rông")] == ["district"]
    assert [u.level for u in gaz.lookup("xã Tu Mơ Rông")] == ["commune"]
    assert {u.level for u in gaz.lookup("Tu Mơ Rông")} == {"district", "commune"}


@pytest.mark.parametrize("name, province", [
    ("Quan Hóa", "Thanh Hóa"), ("huyện Quan Sơn", "Thanh Hóa"), ("Tịnh Biên", "An Giang"),
])
def test_names_beginning_like_a_kind_word_are_names(gaz, name, province):
    [u] = gaz.lookup(name, level="district")
    assert (u.province, u.name) == (province, name.removeprefix("huyện "))
    text = f"Đoàn đi {name}, tỉnh {province}"
    found = _found(gaz, text, district=None, province=province)
    assert found[0][1:] == ("district", name.removeprefix("huyện "))


def test_province_written_as_one_word(gaz):
    assert gaz.province("Kontum").name == "Kon Tum"
    assert gaz.province("tỉnh Bà Rịa – Vũng Tàu").name == "Bà Rịa - Vũng Tàu"
    assert gaz.province("Atlantis") is None
    assert gaz.province("tỉnh Thừa Thiên Huế").name == "Huế"
    assert _found(gaz, "tại TP. HCM và tỉnh Thừa Thiên Huế", district=None, province=None) == [
        ("TP. HCM", "province", "Hồ Chí Minh"), ("tỉnh Thừa Thiên Huế", "province", "Huế")]


def test_district_none_when_unknown_and_raises_when_ambiguous(gaz):
    assert gaz.district("Không Có Huyện Này") is None
    with pytest.raises(AmbiguousName) as err:
        gaz.district("Châu Thành")
    assert len(err.value.candidates) > 1
    assert gaz.district("Châu Thành", province="Bến Tre").province == "Bến Tre"
    assert gaz.communes_of("Không Có Huyện Này") == []


@pytest.mark.parametrize("text, expected", [
    ("HĐND xã Tu Mơ Rông: 01 Nghị quyết",
     [("xã Tu Mơ Rông", "commune", "Tu Mơ Rông")]),
    ("trên địa bàn huyện Tu Mơ Rông; Thực hiện",
     [("huyện Tu Mơ Rông", "district", "Tu Mơ Rông")]),
    ("Ban Thường trực huyện Tu Mơ Rông và Tu Mơ Rông mới",
     [("huyện Tu Mơ Rông", "district", "Tu Mơ Rông"), ("Tu Mơ Rông", "district", "Tu Mơ Rông")]),
    ("HĐND các xã: Đăk Hà, Tu Mơ Rông, Đăk Tờ Kan tổ chức 01 kỳ họp",
     [("Đăk Hà", "commune", "Đăk Hà"), ("Tu Mơ Rông", "commune", "Tu Mơ Rông"),
      ("Đăk Tờ Kan", "commune", "Đăk Tờ Kan")]),
    ("xã Đăk Rơ Ông: 3 ý kiến; Tu Mơ Rông: 5 ý kiến",
     [("xã Đăk Rơ Ông", "commune", "Đăk Rơ Ông"), ("Tu Mơ Rông", "commune", "Tu Mơ Rông")]),
    ("Xã Đắk Sao 6 ý kiến; XÃ NGỌC YÊU 4 ý kiến",
     [("Xã Đắk Sao", "commune", "Đăk Sao"), ("XÃ NGỌC YÊU", "commune", "Ngọk Yêu")]),
    ("HĐND HUYỆN TU MƠ RÔNG", [("HUYỆN TU MƠ RÔNG", "district", "Tu Mơ Rông")]),
    ("Sau Hội nghị giao ban lần thứ 5 tại Huyện Đăk Tô, Thường trực",
     [("Huyện Đăk Tô", "district", "Đắk Tô")]),
    ("tại huyện Phú Giáo, tỉnh Bình Dương và huyện Mỏ Cày Bắc, tỉnh Bến Tre năm 2024",
     [("huyện Phú Giáo", "district", "Phú Giáo"), ("tỉnh Bình Dương", "province", "Bình Dương"),
      ("huyện Mỏ Cày Bắc", "district", "Mỏ Cày Bắc"), ("tỉnh Bến Tre", "province", "Bến Tre")]),
    ("Thường trực HĐND tỉnh Kon Tum tại Thông báo", [("tỉnh Kon Tum", "province", "Kon Tum")]),
    ("TP. Kon Tum và Kon Tum", [("TP. Kon Tum", "district", "Kon Tum"),
                                ("Kon Tum", "province", "Kon Tum")]),
    ("huyen Tu Mo Rong va xa Dak Sao, tinh Kon Tum",
     [("huyen Tu Mo Rong", "district", "Tu Mơ Rông"), ("xa Dak Sao", "commune", "Đăk Sao"),
      ("tinh Kon Tum", "province", "Kon Tum")]),
    ("Tp Kon Tum", [("Tp Kon Tum", "district", "Kon Tum")]),
    ("tổ chức tại Bà Rịa – Vũng Tàu.", [("Bà Rịa – Vũng Tàu", "province", "Bà Rịa - Vũng Tàu")]),
    ("xã Đăk Trăm, huyện Đăk Tô", [("xã Đăk Trăm", "commune", "Đăk Trăm"),
                                   ("huyện Đăk Tô", "district", "Đắk Tô")]),
])
def test_find_decides_level_from_context(gaz, text, expected):
    assert _found(gaz, text, **TMR) == expected


@pytest.mark.parametrize("text", [
    "tu mơ rông viết thường",  # bare names must be capitalised
    "Đăk Sao",  # only communes of the document's own district are found bare
    "huyện Châu Thành đã họp",  # a district of several provinces, none named after it
    "huyện.\n5 nội dung",  # a kind word ending a sentence introduces nothing
    "xã hội, Đăk",
])
def test_find_refuses(gaz, text):
    assert gaz.find(text, district="Đăk Glei", province="Kon Tum") == []


def test_numbered_wards_need_their_own_kind_word_and_are_no_span_of_time(gaz):
    text = "HĐND Phường 6 tổ chức kỳ họp; HĐND phường 6 tháng đầu năm; xã 6: 2; Phường 6: 3"
    found = [(text[m.start:m.end], m.unit.kind, m.unit.name)
             for m in gaz.find(text, district="quận 3", province="Hồ Chí Minh")]
    assert found == [("Phường 6", "phường", "6"), ("Phường 6", "phường", "6")]


def test_a_wards_number_may_have_a_leading_zero(gaz):
    text = "HĐND Phường 03: 2 nghị quyết; phường 09 và phường 3"
    found = [(text[m.start:m.end], m.unit.name)
             for m in gaz.find(text, district="quận 3", province="Hồ Chí Minh")]
    assert found == [("Phường 03", "3"), ("phường 09", "9"), ("phường 3", "3")]
    [ward] = gaz.lookup("phường 03", level="commune", district="quận 3", province="Hồ Chí Minh")
    assert ward.name == "3"


def test_district_mentions_keep_every_district_of_a_shared_name(gaz):
    [(start, end, cands)] = gaz.district_mentions("của Thường trực HĐND huyện Châu Thành về")
    assert {u.province for u in cands} >= {"Bến Tre", "Tiền Giang", "An Giang"}
    assert all(u.kind == "huyện" and u.name == "Châu Thành" for u in cands)


@pytest.mark.parametrize("text, expected", [
    # bare: only a province counts; "Thường" heads districts (Thường Tín), "1" Quận 1
    ("Thường Tín và Đăk Tô, Kon Tum", [("Kon Tum", "province", "Kon Tum")]),
    ("huyện Thường Tín, Hà Nội", [("huyện Thường Tín", "district", "Thường Tín"),
                                  ("Hà Nội", "province", "Hà Nội")]),
    ("Ông Nguyễn Văn A tại Quận 1", [("Quận 1", "district", "1")]),
    # a commune's kind word names no district or province
    ("xã Kon Tum ở tỉnh Kon Tum", [("tỉnh Kon Tum", "province", "Kon Tum")]),
    ("TP. Hồ Chí Minh và Kontum", [("TP. Hồ Chí Minh", "province", "Hồ Chí Minh"),
                                   ("Kontum", "province", "Kon Tum")]),
    ("quận 1 TP.HCM", [("quận 1", "district", "1"), ("TP.HCM", "province", "Hồ Chí Minh")]),
    ("của HĐNDKon Tum", []),  # a capital inside a word starts no name
])
def test_district_mentions_name_districts_by_kind_word_and_provinces_bare(gaz, text, expected):
    found = [(text[s:e], u.level, u.name) for s, e, units in gaz.district_mentions(text)
             for u in units[:1]]
    assert found == expected


def test_lookup_within_a_district_written_with_its_kind(gaz):
    town = {u.name for u in gaz.communes_of(gaz.district("thị xã Long Mỹ", "Hậu Giang"))}
    rural = {u.name for u in gaz.communes_of(gaz.district("huyện Long Mỹ", "Hậu Giang"))}
    only_town = sorted(town - rural)[0]
    assert gaz.lookup(only_town, level="commune", district="thị xã Long Mỹ")
    assert not gaz.lookup(only_town, level="commune", district="huyện Long Mỹ")


def test_communes_of_accepts_the_district_unit(gaz):
    with pytest.raises(AmbiguousName):
        gaz.communes_of("Long Mỹ", "Hậu Giang")  # a huyện and a thị xã
    town = gaz.district("thị xã Long Mỹ", "Hậu Giang")
    assert gaz.communes_of(town) and all(gaz.district_of(u) == town
                                         for u in gaz.communes_of(town))


@pytest.mark.parametrize("motto", [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC",
    "Độc Lập – Tự Do – Hạnh Phúc", "Cộng hoà xã hội chủ nghĩa Việt Nam",
])
def test_the_national_motto_names_no_commune(gaz, motto):
    # Quảng Hòa has communes Độc Lập, Tự Do, Hạnh Phúc; Hưng Hà one called Cộng Hòa
    assert gaz.find(motto, district="Quảng Hòa", province="Cao Bằng") == []
    assert gaz.find(motto, district="Hưng Hà", province="Thái Bình") == []
    assert gaz.find("HĐND xã Tự Do", district="Quảng Hòa", province="Cao Bằng")
    assert gaz.unmatched(motto, district="Hưng Hà", province="Thái Bình") == []


def test_find_country_wide_district_decided_by_next_province(gaz):
    found = _found(gaz, "huyện Châu Thành, tỉnh Bến Tre", **TMR)
    assert found[0] == ("huyện Châu Thành", "district", "Châu Thành")
    assert gaz.find("huyện Châu Thành, tỉnh Bến Tre", **TMR)[0].unit.province == "Bến Tre"


def test_find_bare_level_for_a_commune_report(gaz):
    assert _found(gaz, "Tu Mơ Rông, ngày 15 tháng 6", bare="commune", **TMR) == [
        ("Tu Mơ Rông", "commune", "Tu Mơ Rông")]


def test_find_spans_point_into_the_text_as_given(gaz):
    text = unicodedata.normalize("NFD", "Ý kiến của HĐND xã Ngọk Lây về")
    [m] = gaz.find(text, **TMR)
    assert fold(text[m.start:m.end]) == "xa ngoc lay"
    assert text[m.name_start:m.end] == unicodedata.normalize("NFD", "Ngọk Lây")
    assert unicodedata.normalize("NFC", m.prefix) == "xã"


def test_unmatched_names_after_a_commune_kind_word(gaz):
    text = "xã Đăk Sao 6 ý kiến; xã Hòa Vang 3 ý kiến; Xã Đăk Na: 2 ý kiến"
    [m] = gaz.unmatched(text, **TMR)
    assert (m.name, m.prefix, text[m.start:m.end]) == ("Hòa Vang", "xã", "xã Hòa Vang")


def test_seed_names_every_commune_and_three_other_districts(gaz, expected, seed_docx):
    from extractors.reader import read_document

    doc = read_document(seed_docx)
    found = gaz.find(doc.text, **TMR)
    communes = {m.unit.name for m in found if m.unit.level == "commune"}
    assert communes == set(expected["communes"])
    districts = {fold(m.unit.name) for m in found if m.unit.level == "district"}
    assert {fold(n) for n in expected["not_communes_of_this_district"]} <= districts
    assert not {fold(n) for n in expected["not_communes_of_this_district"]} & {
        fold(c) for c in communes}


BA_TO = {"district": "Ba Tơ", "province": "Quảng Ngãi"}  # xã Ba Tô and thị trấn Ba Tơ


@pytest.mark.parametrize("written, units", [
    ("Ba Tô", [("xã", "Ba Tô")]),
    ("xã Ba Tô", [("xã", "Ba Tô")]),
    ("Ba Tơ", [("thị trấn", "Ba Tơ")]),
    ("BA TƠ", [("thị trấn", "Ba Tơ")]),
    (unicodedata.normalize("NFD", "Ba Tơ"), [("thị trấn", "Ba Tơ")]),
    ("Ba To", [("xã", "Ba Tô"), ("thị trấn", "Ba Tơ")]),  # no marks: it could be either
])
def test_lookup_tells_apart_communes_that_fold_alike(gaz, written, units):
    found = gaz.lookup(written, level="commune", **BA_TO)
    assert [(u.kind, u.name) for u in found] == units


def test_lookup_keeps_a_district_and_its_commune_of_one_name(gaz):
    found = gaz.lookup("Ba Tơ", **BA_TO)
    assert [(u.kind, u.name) for u in found] == [("huyện", "Ba Tơ"), ("thị trấn", "Ba Tơ")]


@pytest.mark.parametrize("text, expected", [
    ("HĐND các xã: Ba Cung, Ba Tô, Ba Tơ và Ba Vì",
     [("Ba Cung", "xã", "Ba Cung"), ("Ba Tô", "xã", "Ba Tô"), ("Ba Tơ", "thị trấn", "Ba Tơ"),
      ("Ba Vì", "xã", "Ba Vì")]),
    ("thị trấn Ba Tơ 5 ý kiến; Ba Tô: 7 ý kiến",
     [("thị trấn Ba Tơ", "thị trấn", "Ba Tơ"), ("Ba Tô", "xã", "Ba Tô")]),
    # the spelling outweighs a loose kind word, as in the counts' units (by name only)
    ("xã Ba Tơ", [("xã Ba Tơ", "thị trấn", "Ba Tơ")]),
    ("xã Ba To", [("xã Ba To", "xã", "Ba Tô")]),  # no marks: the kind word decides
])
def test_find_tells_apart_communes_that_fold_alike(gaz, text, expected):
    found = gaz.find(text, **BA_TO)
    assert [(text[m.start:m.end], m.unit.kind, m.unit.name) for m in found] == expected


def test_a_tone_alone_does_not_part_a_district_from_its_commune(gaz):
    # huyện Đắk Tô and its thị trấn Đăk Tô: one name in two spellings of the data
    found = gaz.lookup("Đăk Tô", district="Đắk Tô", province="Kon Tum")
    assert {(u.kind, u.name) for u in found} == {("huyện", "Đắk Tô"), ("thị trấn", "Đăk Tô")}
    [m] = gaz.find("tại Đăk Tô", district="Đắk Tô", province="Kon Tum")
    assert (m.unit.kind, [(u.kind, u.name) for u in m.alternatives]) == (
        "huyện", [("thị trấn", "Đăk Tô")])


@pytest.mark.parametrize("text", [
    "HĐND xã N'Thol Hạ họp", "HĐND xã N’Thol Hạ họp", "HĐND xã NThol Hạ họp",
    "HĐND xã N Thol Hạ họp", "Các xã Hiệp An, N’Thol Hạ họp",
])
def test_names_with_an_apostrophe_whatever_the_clerk_typed(gaz, text):
    found = [(m.unit.level, m.unit.name) for m in gaz.find(text, district="Đức Trọng",
                                                           province="Lâm Đồng")]
    assert ("commune", "N'Thol Hạ") in found
    assert gaz.lookup("NThol Hạ", district="Đức Trọng")[0].name == "N'Thol Hạ"
    assert [u.name for u in gaz.lookup("huyện Ea H’Leo")] == ["Ea H'leo"]


@pytest.mark.parametrize("text, district, province, name", [
    # "PHƯỜNG NAM" folds like Phương Nam, another ward of Uông Bí
    ("HĐND PHƯỜNG NAM KHÊ", "Uông Bí", "Quảng Ninh", "Nam Khê"),
    ("Phường Nam Khê", "Uông Bí", "Quảng Ninh", "Nam Khê"),
    ("PHƯỜNG PHƯƠNG NAM", "Uông Bí", "Quảng Ninh", "Phương Nam"),
    ("Phường Đúc", "Thuận Hóa", "Huế", "Phường Đúc"),  # a ward named so
    # "TRẤN YÊN" is huyện Trấn Yên, in the same province
    ("HĐND THỊ TRẤN YÊN BÌNH", "Yên Bình", "Yên Bái", "Yên Bình"),
])
def test_a_capitalised_kind_word_heads_the_name_after_it(gaz, text, district, province, name):
    assert [m.unit.name for m in gaz.find(text, district=district, province=province)] \
        == [name]


@pytest.mark.parametrize("scope", [TMR, {"district": None, "province": ("Kon Tum",)},
                                   {"district": None, "province": None}])
def test_capitals_shared_between_calls_change_no_match(gaz, seed_docx, scope):
    from extractors.places import Capitals
    from extractors.reader import read_document

    text = read_document(seed_docx).text
    capitals = Capitals(text)
    assert gaz.district_mentions(text, capitals=capitals) == gaz.district_mentions(text)
    shared = gaz.find(text, **scope, capitals=capitals)
    assert shared == gaz.find(text, **scope)
    assert shared and gaz.find(text, **scope, capitals=capitals) == shared  # kinds kept


def test_capitals_of_another_text_are_refused(gaz):
    from extractors.places import Capitals

    with pytest.raises(ValueError):
        gaz.find("xã Đăk Hà", **TMR, capitals=Capitals("xã Tu Mơ Rông"))
