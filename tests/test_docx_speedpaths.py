"""The reader's short cuts read what the plain way reads.

The walk takes a paragraph's or run's properties as its first child (where the schema puts
them) before searching; these documents put them elsewhere, or twice, and must read exactly
as the same documents with the properties in place. Also: the legacy-font check on raw part
bytes, the typed-label pre-check, and a paragraph's text from its pieces.
"""
from __future__ import annotations

import pytest

from extractors.reader import read_document
from extractors.reader.labels import typed_label
from extractors.reader.package import _names_legacy_font
from extractors.reader.runtext import NO_LEGACY, paragraph_text
from schemas.source import Part
from tests.test_reader import _NUMBERING, _STYLES, _numbered, build_docx, p

_HIDDEN = '<w:rPr><w:vanish/></w:rPr>'
_DELETED_MARK = '<w:rPr><w:del w:id="9" w:author="A"/></w:rPr>'
_NUMBERED = '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'


def _run(text: str, rpr: str = "", rpr_last: bool = False) -> str:
    t = f'<w:t xml:space="preserve">{text}</w:t>'
    return f"<w:r>{t}{rpr}</w:r>" if rpr_last else f"<w:r>{rpr}{t}</w:r>"


def _para(ppr: str, *runs: str, ppr_last: bool = False) -> str:
    props, inner = f"<w:pPr>{ppr}</w:pPr>", "".join(runs)
    return f"<w:p>{inner}{props}</w:p>" if ppr_last else f"<w:p>{props}{inner}</w:p>"


def _table(rows: list[list[str]], *, tcpr_last: bool, deleted_row: int | None = None) -> str:
    """Return a table; a cell text "x|2" spans two grid columns."""
    out = []
    for r, cells in enumerate(rows):
        trpr = '<w:trPr><w:del w:id="3" w:author="A"/></w:trPr>' if r == deleted_row else ""
        tcs = []
        for cell in cells:
            text, _, span = cell.partition("|")
            tcpr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span else ""
            tcs.append(f"<w:tc>{p(text)}{tcpr}</w:tc>" if tcpr_last else
                       f"<w:tc>{tcpr}{p(text)}</w:tc>")
        out.append(f"<w:tr>{''.join(tcs)}{trpr}</w:tr>" if tcpr_last else
                   f"<w:tr>{trpr}{''.join(tcs)}</w:tr>")
    return f"<w:tbl>{''.join(out)}</w:tbl>"


# Each case: a body built with its properties in place (False) or out of place (True).
_CASES = {
    "style and numbering with pPr after the runs": lambda last: (
        _para('<w:pStyle w:val="Heading1"/>', _run("KẾT QUẢ HOẠT ĐỘNG"), ppr_last=last)
        + _para(_NUMBERED, _run("Kỳ họp thường lệ"), ppr_last=last)),
    "hidden run with rPr after its text": lambda last: _para(
        "", _run("Tổ chức "), _run("05 ", _HIDDEN, rpr_last=last), _run("06 kỳ họp"),
        ppr_last=last),
    "deleted paragraph mark with pPr after the runs": lambda last: (
        _para(_DELETED_MARK, _run("không quá 10 cử"), ppr_last=last)
        + _para("", _run(" tri"), ppr_last=last)),
    "grid span and deleted row with properties after the cells": lambda last: _table(
        [["Xã|2", "Số kỳ họp"], ["Cũ", "x", "0"], ["Đăk Sao", "Đăk Hà", "01"]],
        tcpr_last=last, deleted_row=1),
}


@pytest.mark.parametrize("case", list(_CASES))
def test_properties_out_of_place_read_as_in_place(tmp_path, case):
    docs = [read_document(build_docx(tmp_path / f"{last}.docx", _CASES[case](last),
                                     numbering=_NUMBERING, styles=_STYLES))
            for last in (False, True)]
    assert docs[0].blocks == docs[1].blocks
    assert docs[0].text == docs[1].text and docs[0].warnings == docs[1].warnings


def test_out_of_place_properties_still_take_effect(tmp_path):
    body = (_para('<w:pStyle w:val="Heading1"/>', _run("KẾT QUẢ"), ppr_last=True)
            + _para("", _run("Tổ chức "), _run("05 ", _HIDDEN, rpr_last=True), _run("06 kỳ họp"))
            + _para(_DELETED_MARK, _run("không quá 10 cử"), ppr_last=True) + p(" tri")
            + _table([["Xã|2", "Số kỳ họp"], ["Đăk Sao", "Đăk Hà", "01"]], tcpr_last=True))
    doc = read_document(build_docx(tmp_path / "odd.docx", body))
    assert [b.text for b in doc.blocks if b.part == Part.body] == [
        "KẾT QUẢ", "Tổ chức 06 kỳ họp", "không quá 10 cử tri"]
    assert doc.blocks[0].style == "Heading1"
    assert [(b.text, b.row, b.col) for b in doc.blocks if b.part == Part.table] == [
        ("Xã", 0, 0), ("Số kỳ họp", 0, 2), ("Đăk Sao", 1, 0), ("Đăk Hà", 1, 1), ("01", 1, 2)]


@pytest.mark.parametrize("ppr, style", [
    ('<w:pStyle w:val="Heading1"/><w:pStyle w:val="BodyText"/>', "Heading1"),
    ('<w:jc w:val="both"/><w:pStyle w:val="BodyText"/><w:pStyle w:val="Heading1"/>', "BodyText"),
    ('<w:pStyle/><w:pStyle w:val="Heading1"/>', None),
])
def test_the_first_of_repeated_properties_counts(tmp_path, ppr, style):
    doc = read_document(build_docx(tmp_path / "twice.docx", _para(ppr, _run("Nội dung"))))
    assert doc.blocks[0].style == style


@pytest.mark.parametrize("xml, named", [
    (b'<w:rfonts w:ascii=".vntime" w:hansi=".vntime"/>', True),
    (b"<w:rfonts w:ascii='.vnarialh'/>", True),
    (b'<w:rfonts w:hansi="vni-times"/>', True),
    (b"<w:font w:name='vni-helve'/>", True),
    (b'"vn', False),
    (b'<w:rfonts w:ascii="times new roman"/>', False),
    (b"<w:t>xem chinhphu.vn, hdnd.vn</w:t>", False),  # a web address is no font
    (b'<w:t>"vnexpress"</w:t>', False),  # "vn" then no "i"
    (b'<w:t>"vnindex"</w:t>', True),  # quoted "vni...": the check cannot tell, and says yes
    (b".vn", False),
    (b"vni", False),
    (b"", False),
])
def test_legacy_font_names_are_found_in_part_bytes(xml, named):
    assert _names_legacy_font(xml) is named


@pytest.mark.parametrize("text, label", [
    ("  2.1. Giám sát tại kỳ họp", "2.1"),
    ("\u00a0a) Đối với HĐND:", "a"),
    ("\u3000II. ĐÁNH GIÁ", "II"),
    ("H. Nội dung khác", "H"),
    ("Hội đồng nhân dân", None),
    ("Đ. Ý kiến", None),
    ("Q. CHỦ TỊCH", None),
    ("Tổ đại biểu", None),
    ("", None),
])
def test_typed_label_after_its_first_character_check(text, label):
    assert typed_label(text) == label


@pytest.mark.parametrize("pieces, ref_pieces, text, offsets", [
    (["Tổ chức", " 02 kỳ họp"], [1, 2], "Tổ chức 02 kỳ họp", [7, 17]),
    (["a\tb", "\nc"], [1], "a b c", [3]),
    # Decomposed "ổ" (o + circumflex + hook above) becomes one character: the mark moves back.
    (["To\u0302\u0309 chức", ""], [1], "Tổ chức", [7]),
    ([], [0], "", [0]),
])
def test_paragraph_text_of_unicode_pieces(pieces, ref_pieces, text, offsets):
    encs = [NO_LEGACY] * len(pieces)
    assert paragraph_text(pieces, encs, ref_pieces) == (text, offsets, None)



def _unused_lists(count: int) -> str:
    """Return `count` lists of nine levels that no paragraph uses, as Word's templates have."""
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="3"/><w:numFmt w:val="upperLetter"/>'
                     f'<w:lvlText w:val="%{i + 1}-"/></w:lvl>' for i in range(9))
    return "".join(f'<w:abstractNum w:abstractNumId="{100 + a}">{levels}</w:abstractNum>'
                   f'<w:num w:numId="{100 + a}"><w:abstractNumId w:val="{100 + a}"/></w:num>'
                   for a in range(count))


def test_lists_no_paragraph_uses_change_no_label(tmp_path):
    body = "".join([_numbered("KẾT QUẢ", 0), _numbered("Kỳ họp", 1), _numbered("Chuyên đề", 2),
                    _numbered("Đối với HĐND", 3), _numbered("Thường lệ", 2)])
    docs = [read_document(build_docx(tmp_path / f"{extra}.docx", body,
                                     numbering=_NUMBERING + _unused_lists(extra)))
            for extra in (0, 30)]
    labels = [[(b.label, b.label_auto) for b in doc.blocks] for doc in docs]
    assert labels[0] == labels[1] == [("I", True), ("1", True), ("1.1", True), ("a", True),
                                      ("1.2", True)]
