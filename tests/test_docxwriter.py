"""The DOCX writer: real Word footnotes, tracked changes, legacy fonts, tables, same bytes."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from extractors.reader import read_document
from pipeline.corpus.docxwriter import DocxWriter, Note, Para, Run, pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _sample() -> DocxWriter:
    w = DocxWriter(title="Báo cáo", date="2024-06-20T08:00:00Z")
    w.table([[[Para(("HĐND XÃ ĐĂK SAO",), align="center"), "THƯỜNG TRỰC HĐND"],
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]], (6.0, 10.0), borders=False)
    w.paragraph("I. KẾT QUẢ HOẠT ĐỘNG", bold=True)
    w.paragraph("Cử tri đã gửi 06 ý kiến, kiến nghị", Note("thôn Kon Hia: 02 ý kiến"),
                ", trong đó ", Run("05", change="del"), Run("04", change="ins"),
                " ý kiến sau kỳ họp", Note("ghi chú thứ hai"), ".", align="both", indent=1.0)
    w.paragraph(Run("Héi ®ång", font=".VnTime"), " & <A>")
    return w


def _xml(data: bytes, part: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def test_footnotes_are_real_word_footnotes():
    data = _sample().to_bytes()
    notes = _xml(data, "word/footnotes.xml")
    kinds = {n.get(f"{W}id"): n.get(f"{W}type") for n in notes.iter(f"{W}footnote")}
    assert kinds == {"-1": "separator", "0": "continuationSeparator", "1": None, "2": None}
    refs = [r.get(f"{W}id") for r in _xml(data, "word/document.xml").iter(
        f"{W}footnoteReference")]
    assert refs == ["1", "2"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/footnotes.xml"' in types
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels


def test_python_docx_opens_it_and_sees_the_footnotes_part():
    d = docx.Document(io.BytesIO(_sample().to_bytes()))
    assert d.paragraphs[0].text == "I. KẾT QUẢ HOẠT ĐỘNG"
    rels = {r.reltype.rsplit("/", 1)[-1] for r in d.part.rels.values()}
    assert {"footnotes", "styles", "settings"} <= rels


def test_reader_sees_notes_anchored_and_changes_accepted(tmp_path):
    path = _sample().save(tmp_path / "a.docx")
    doc = read_document(path)
    body = next(b for b in doc.blocks if b.text.startswith("Cử tri"))
    assert body.text == "Cử tri đã gửi 06 ý kiến, kiến nghị, trong đó 04 ý kiến sau kỳ họp."
    notes = doc.notes()
    assert [n[0].text for n in notes.values()] == ["thôn Kon Hia: 02 ý kiến",
                                                   "ghi chú thứ hai"]
    assert notes[1][0].anchor_block == body.id
    assert body.text[:notes[1][0].anchor_offset].endswith("kiến nghị")
    cells = [b for b in doc.blocks if b.part.value == "table"]
    assert [(b.row, b.col) for b in cells] == [(0, 0), (0, 0), (0, 1)]


def test_tracked_changes_and_fonts_are_written_as_word_does():
    xml = _xml(_sample().to_bytes(), "word/document.xml")
    ins = xml.find(f".//{W}ins")
    assert ins.get(f"{W}author") == "Văn phòng HĐND" and ins.find(f".//{W}t").text == "04"
    assert xml.find(f".//{W}del//{W}delText").text == "05"
    fonts = [f.get(f"{W}hAnsi") for f in xml.iter(f"{W}rFonts")]
    assert fonts == [".VnTime"]
    assert "".join(t.text for t in xml.iter(f"{W}t")).endswith(" & <A>")


def test_same_content_gives_the_same_bytes():
    a, b = _sample().to_bytes(), _sample().to_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2024-06-20T08:00:00Z" in z.read("docProps/core.xml")


def test_pack_keeps_the_order_given():
    data = pack({"b.xml": "<b/>", "a.xml": b"<a/>"})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["b.xml", "a.xml"]


@pytest.mark.parametrize("align", ["middle", "justify"])
def test_unknown_alignment_is_refused(align):
    with pytest.raises(ValueError, match="alignment"):
        DocxWriter().paragraph("x", align=align)


def test_page_break_before_a_paragraph():
    w = DocxWriter()
    w.paragraph("PHỤ LỤC", page_break=True)
    xml = _xml(w.to_bytes(), "word/document.xml")
    assert xml.find(f".//{W}pPr/{W}pageBreakBefore") is not None


def test_headings_numbered_by_word_read_as_labels(tmp_path):
    w = DocxWriter()
    for level, text in [(0, "KẾT QUẢ"), (1, "Kỳ họp"), (1, "Giám sát"), (0, "ĐÁNH GIÁ"),
                        (1, "Ưu điểm")]:
        w.paragraph(text, level=level, bold=True)
    doc = read_document(w.save(tmp_path / "n.docx"))
    assert [(b.label, b.label_auto, b.text) for b in doc.blocks] == [
        ("I", True, "KẾT QUẢ"), ("1", True, "Kỳ họp"), ("2", True, "Giám sát"),
        ("II", True, "ĐÁNH GIÁ"), ("1", True, "Ưu điểm")]
