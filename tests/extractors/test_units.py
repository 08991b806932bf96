"""Unit mentions: every commune and district named, with its evidence."""
import json

import pytest

from extractors.facts.units import extract_units
from extractors.places import fold
from schemas.source import Block, Document, Part
from tests.conftest import SEED_EXPECTED


def build_doc(*parts: tuple[str, str]) -> Document:
    """Return a Document of one block per (part, text); note blocks get numbers 1, 2, ..."""
    blocks, pos, note = [], 0, 0
    for i, (part, text) in enumerate(parts):
        is_note = part in ("footnote", "endnote")
        note += is_note
        blocks.append(Block(id=i, part=Part(part), text=text, start=pos, end=pos + len(text),
                            note=note if is_note else None, anchor_block=0 if is_note else None))
        pos += len(text) + 1
    text = "\n".join(t for _, t in parts)
    return Document(file="built.docx", sha256="0" * 64, size=len(text.encode()),
                    source_format="docx", text=text, blocks=tuple(blocks))


@pytest.fixture(scope="module")
def seed_units(seed_docx):
    from extractors.reader import read_document

    doc = read_document(seed_docx)
    return doc, extract_units(doc, "Tu Mơ Rông", "Kon Tum")


def test_seed_units_cover_the_communes_and_the_other_districts(seed_units):
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    _, units = seed_units
    communes = {u.name for u in units if u.level.value == "commune"}
    assert communes == set(expected["communes"])
    others = {fold(n) for n in expected["not_communes_of_this_district"]}
    assert others <= {fold(u.name) for u in units if u.level.value == "district"}
    assert not others & {fold(u.name) for u in units if u.level.value == "commune"}


def test_seed_unit_evidence_points_into_the_document(seed_units):
    doc, units = seed_units
    for u in units:
        ev = u.evidence
        assert doc.text[ev.doc_start:ev.doc_end] == ev.text
        assert doc.blocks[ev.block].text[ev.start:ev.end] == ev.text
        assert fold(u.name) in fold(ev.text)


def test_seed_footnote_five_names_each_commune_once(seed_units):
    _, units = seed_units
    in_note = [u.name for u in units if u.evidence.footnote == 5]
    assert sorted(in_note) == sorted(set(in_note))
    assert len(in_note) == 11


@pytest.mark.parametrize("parts, bare, expected", [
    ([("footnote", "Xã Đắk Sao 6 ý kiến; xã Ngọc Yêu 4 ý kiến; Xã Đăk Sao: 2 ý kiến")], "district",
     [("Đăk Sao", "commune", "Xã Đắk Sao", 1), ("Ngọk Yêu", "commune", "xã Ngọc Yêu", 1),
      ("Đăk Sao", "commune", "Xã Đăk Sao", 1)]),
    ([("body", "HĐND HUYỆN TU MƠ RÔNG"), ("body", "Tu Mơ Rông, ngày 15 tháng 6 năm 2024")],
     "district",
     [("Tu Mơ Rông", "district", "HUYỆN TU MƠ RÔNG", None),
      ("Tu Mơ Rông", "district", "Tu Mơ Rông", None)]),
    ([("body", "HĐND XÃ TU MƠ RÔNG"), ("body", "Tu Mơ Rông, ngày 15 tháng 6 năm 2024")],
     "commune",
     [("Tu Mơ Rông", "commune", "XÃ TU MƠ RÔNG", None),
      ("Tu Mơ Rông", "commune", "Tu Mơ Rông", None)]),
    ([("table", "Xã Văn Xuôi"), ("body", "không nêu tên đơn vị nào")], "district",
     [("Văn Xuôi", "commune", "Xã Văn Xuôi", None)]),
])
def test_units_are_listed_once_per_place(parts, bare, expected):
    doc = build_doc(*parts)
    units = extract_units(doc, "Tu Mơ Rông", "Kon Tum", bare=bare)
    got = [(u.name, u.level.value, u.evidence.text, u.evidence.footnote) for u in units]
    assert got == expected


def test_units_keep_district_province_and_successor():
    doc = build_doc(("body", "HĐND xã Đăk Rơ Ông"))
    [u] = extract_units(doc, "Tu Mơ Rông", "Kon Tum")
    assert (u.district, u.province) == ("Tu Mơ Rông", "Kon Tum")
    assert u.successor == "xã Đăk Tờ Kan, tỉnh Quảng Ngãi"
    assert u.code and u.code.endswith("/xadakroong")


def test_units_without_a_district_still_see_provinces_and_named_districts():
    doc = build_doc(("body", "Đoàn công tác đến huyện Phú Giáo, tỉnh Bình Dương."))
    units = extract_units(doc, None, None)
    assert [(u.name, u.level.value, u.province) for u in units] == [
        ("Phú Giáo", "district", "Bình Dương"), ("Bình Dương", "province", "Bình Dương")]
