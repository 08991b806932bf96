"""The reader on the seed and on small documents built here: blocks, notes, labels, offsets."""
from __future__ import annotations

import re
import unicodedata

import pytest

from extractors.reader import read_document
from schemas.source import Part
from tests.conftest import SEED_DOCX, SEED_TXT

_NOTE_IN_TXT = re.compile(r"\s*\[(\d+):\s+(.*?)\]\s*(?=\[\d+:|$)")


def _seed_text_file() -> tuple[list[str], dict[int, str]]:
    """Return (body paragraphs, footnote number -> text) of the seed's text file."""
    text = unicodedata.normalize("NFC", SEED_TXT.read_text(encoding="utf-8"))
    body, notes = [], {}
    for line in text.split("\n"):
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line)
        for m in _NOTE_IN_TXT.finditer(line):
            notes[int(m.group(1))] = m.group(2).strip()
        line = re.sub(r"\[footnoteRef:\d+\]", "", _NOTE_IN_TXT.sub("", line))
        if line.strip():
            body.append(line.strip())
    return body, notes


@pytest.fixture(scope="module")
def seed(seed_docx):
    return read_document(seed_docx)


def test_seed_reads_every_body_paragraph_in_order(seed):
    body, _ = _seed_text_file()
    got = [b.text.strip() for b in seed.blocks if b.part == Part.body]
    assert got == body


def test_seed_has_ten_footnotes_with_the_text_file_content(seed):
    _, notes = _seed_text_file()
    got = {n: " ".join(b.text for b in blocks) for n, blocks in seed.notes().items()}
    assert sorted(got) == list(range(1, 11))
    assert got == notes


def test_seed_footnote_1_is_anchored_after_cac_ky_hop_chuyen_de(seed):
    note = seed.notes()[1][0]
    anchor = seed.block(note.anchor_block)
    body_blocks = [b for b in seed.blocks if b.part == Part.body]
    section_1 = next(i for i, b in enumerate(body_blocks) if b.label == "1")
    assert anchor.id == body_blocks[section_1 + 1].id  # first paragraph of section 1
    assert anchor.text[:note.anchor_offset].endswith("các kỳ họp chuyên đề")
    assert anchor.text[note.anchor_offset:].startswith(" để đánh giá")


@pytest.mark.parametrize("number, before", [
    (1, "các kỳ họp chuyên đề"),
    (2, "cấp xã: 12 nghị quyết"),
    (3, "ở nhiều lĩnh vực"),
    (5, "có 68 kiến nghị gửi đến kỳ họp HĐND"),
    (6, "tại nơi mình ứng cử"),
    (9, "xây dựng, tổng hợp và ban hành thông báo kết luận"),
    (10, "chỉ đạo tổng hợp, ban hành thông báo kết luận"),
])
def test_seed_note_anchor_follows_its_words(seed, number, before):
    note = seed.notes()[number][0]
    anchor = seed.block(note.anchor_block)
    assert anchor.part == Part.body
    assert anchor.text[:note.anchor_offset].rstrip(" ,.;:(").endswith(before)
    assert any(r.note == number and r.offset == note.anchor_offset for r in anchor.refs)


def test_seed_anchors_follow_note_numbers_in_reading_order(seed):
    anchors = [(seed.notes()[n][0].anchor_block, seed.notes()[n][0].anchor_offset)
               for n in range(1, 11)]
    assert anchors == sorted(anchors)
    assert len(set(anchors)) == 10


def test_seed_section_labels(seed):
    labels = [b.label for b in seed.blocks if b.label is not None]
    assert labels == ["I", "1", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "5", "5.1", "5.2",
                      "5.3", "5.4", "5.5", "6", "II", "1", "2", "2.1", "a", "b", "c", "d", "e",
                      "2.2", "IV", "1", "2"]
    assert not any(b.label_auto for b in seed.blocks)
    assert all(b.label is None for b in seed.blocks if b.text.startswith(("-", "+")))


def test_document_text_is_blocks_joined_and_spans_point_into_it(seed):
    assert seed.text == "\n".join(b.text for b in seed.blocks)
    for i, b in enumerate(seed.blocks):
        assert b.id == i
        assert seed.text[b.start:b.end] == b.text
    assert unicodedata.is_normalized("NFC", seed.text)


def test_block_order_is_body_then_footnotes(seed):
    parts = [b.part for b in seed.blocks]
    first_note = parts.index(Part.footnote)
    assert set(parts[:first_note]) == {Part.body}
    assert set(parts[first_note:]) == {Part.footnote}
    assert [b.note for b in seed.blocks[first_note:]] == list(range(1, 11))


def test_seed_note_text_drops_the_mark_and_its_space(seed):
    for blocks in seed.notes().values():
        assert not blocks[0].text[:1].isspace()


def test_seed_file_identity(seed):
    import hashlib
    data = SEED_DOCX.read_bytes()
    assert seed.sha256 == hashlib.sha256(data).hexdigest()
    assert seed.size == len(data)
    assert seed.source_format == "docx"
    assert seed.warnings == ()


# ----------------------------------------------------------- small documents built here

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def build_docx(path, body: str, *, footnotes: str | None = None, endnotes: str | None = None,
               numbering: str | None = None, styles: str | None = None,
               header: str | None = None, footer: str | None = None):
    """Write a minimal DOCX package at `path` from raw WordprocessingML fragments."""
    import zipfile

    parts = {"footnotes": ("footnotes.xml", "footnotes", footnotes),
             "endnotes": ("endnotes.xml", "endnotes", endnotes),
             "numbering": ("numbering.xml", "numbering", numbering),
             "styles": ("styles.xml", "styles", styles),
             "header": ("header1.xml", "hdr", header),
             "footer": ("footer1.xml", "ftr", footer)}
    sect = ""
    if header is not None:
        sect += '<w:headerReference w:type="default" r:id="rIdheader"/>'
    if footer is not None:
        sect += '<w:footerReference w:type="default" r:id="rIdfooter"/>'
    rels = "".join(f'<Relationship Id="rId{kind}" Type="{_REL}{kind}" Target="{name}"/>'
                   for kind, (name, _, content) in parts.items() if content is not None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                   f'Type="{_REL}officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0"?><Relationships '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f"{rels}</Relationships>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {_NS}><w:body>'
                   f"{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>")
        for name, root, content in parts.values():
            if content is not None:
                z.writestr(f"word/{name}", f'<?xml version="1.0"?><w:{root} {_NS}>{content}'
                           f"</w:{root}>")
    return path


def p(*runs: str, ppr: str = "") -> str:
    """Return a paragraph of runs; a plain string becomes one text run."""
    inner = "".join(r if r.startswith("<") else f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>'
                    for r in runs)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def fn_ref(wid: int, kind: str = "footnote") -> str:
    return f'<w:r><w:{kind}Reference w:id="{wid}"/></w:r>'


def note(wid: int, *paragraphs: str, kind: str = "footnote") -> str:
    mark = f"<w:r><w:{kind}Ref/></w:r>"
    body = "".join(p(mark, " " + paragraphs[0]) if i == 0 else p(t)
                   for i, t in enumerate(paragraphs))
    return f'<w:{kind} w:id="{wid}">{body}</w:{kind}>'


_SEPARATORS = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
               '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               '<w:continuationSeparator/></w:r></w:p></w:footnote>')


def _cell(text: str, span: int = 1) -> str:
    tcpr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f"<w:tc>{tcpr}{p(text)}</w:tc>"


def test_tables_are_read_in_place_with_row_and_column(tmp_path):
    table = ("<w:tbl><w:tblPr/><w:tr>" + _cell("Xã", 2) + _cell("Số kỳ họp") + "</w:tr>"
             "<w:tr>" + _cell("Đăk Sao") + _cell("Đăk Hà") + _cell("01") + "</w:tr></w:tbl>")
    doc = read_document(build_docx(tmp_path / "t.docx", p("Trước bảng") + table + p("Sau bảng")))
    got = [(b.part, b.text, b.table, b.row, b.col) for b in doc.blocks]
    assert got == [(Part.body, "Trước bảng", None, None, None),
                   (Part.table, "Xã", 0, 0, 0), (Part.table, "Số kỳ họp", 0, 0, 2),
                   (Part.table, "Đăk Sao", 0, 1, 0), (Part.table, "Đăk Hà", 0, 1, 1),
                   (Part.table, "01", 0, 1, 2), (Part.body, "Sau bảng", None, None, None)]


@pytest.mark.parametrize("runs, expected", [
    (['<w:ins w:id="1"><w:r><w:t>06 nghị quyết</w:t></w:r></w:ins>',
      '<w:del w:id="2"><w:r><w:delText>05 nghị quyết</w:delText></w:r></w:del>'],
     "06 nghị quyết"),
    (["Có ", '<w:moveFrom><w:r><w:t>cũ </w:t></w:r></w:moveFrom>',
      '<w:moveTo><w:r><w:t>mới</w:t></w:r></w:moveTo>'], "Có mới"),
    (['<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
      '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>12</w:t></w:r>'
      '<w:r><w:fldChar w:fldCharType="end"/></w:r>', " kỳ họp"], "12 kỳ họp"),
    (['<w:fldSimple w:instr=" SEQ "><w:r><w:t>3</w:t></w:r></w:fldSimple>', " lượt"],
     "3 lượt"),
    (['<w:r><w:t>Tu</w:t><w:tab/><w:t>Mơ</w:t><w:br/><w:t>Rông</w:t><w:cr/>'
      '<w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t></w:r>'], "Tu Mơ Rông A-B"),
    (['<w:hyperlink r:id="x"><w:r><w:t>Kế hoạch</w:t></w:r></w:hyperlink>', " số 08"],
     "Kế hoạch số 08"),
    (['<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Đăk Tô</w:t></w:r></w:sdtContent></w:sdt>'],
     "Đăk Tô"),
    (['<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>', "10"], "≥10"),
    (['<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', " Đạt"], "✓ Đạt"),
    (['<w:r><w:sym w:font="Arial" w:char="D800"/><w:sym w:font="Arial" w:char="FFFFFFFF"/>'
      '<w:sym w:font="Arial" w:char="zz"/></w:r>', "Đạt"], "Đạt"),
    # Decomposed input (o + combining hook + dot below) comes out NFC.
    (["Ho\u0323\u0302i đo\u0302\u0300ng"], "Hội đồng"),
])
def test_run_content_is_resolved(tmp_path, runs, expected):
    doc = read_document(build_docx(tmp_path / "r.docx", p(*runs)))
    assert [b.text for b in doc.blocks] == [expected]


def test_a_field_left_open_does_not_swallow_the_next_paragraphs(tmp_path):
    broken = p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>mã</w:t></w:r>', "Một")
    doc = read_document(build_docx(tmp_path / "f.docx", broken + p("Hai") + p("Ba")))
    assert [b.text for b in doc.blocks] == ["Hai", "Ba"]


def test_old_tone_placement_is_kept_for_display_and_folded_for_matching(tmp_path):
    from extractors.places import fold

    doc = read_document(build_docx(tmp_path / "k.docx", p("HĐND khoá XIV, hoà giải")))
    assert doc.blocks[0].text == "HĐND khoá XIV, hoà giải"
    assert fold(doc.blocks[0].text) == fold("HĐND khóa XIV, hòa giải")


def test_text_box_is_read_once_after_the_body(tmp_path):
    box = ('<w:txbxContent>' + p("Trong khung") + '</w:txbxContent>')
    run = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>' + box
           + '</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
           + box + '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    doc = read_document(build_docx(tmp_path / "b.docx", p("Trước", run) + p("Sau")))
    assert [(b.part, b.text) for b in doc.blocks] == [
        (Part.body, "Trước"), (Part.body, "Sau"), (Part.textbox, "Trong khung")]


def test_headers_and_footers_follow_the_body(tmp_path):
    doc = read_document(build_docx(tmp_path / "h.docx", p("Nội dung"),
                                   header=p("HĐND HUYỆN TU MƠ RÔNG"), footer=p("Trang 1")))
    assert [(b.part, b.text) for b in doc.blocks] == [
        (Part.body, "Nội dung"), (Part.header, "HĐND HUYỆN TU MƠ RÔNG"),
        (Part.footer, "Trang 1")]


def test_notes_are_numbered_by_reference_order_not_by_id(tmp_path):
    body = (p("Đoạn một", fn_ref(7), " tiếp", fn_ref(3, "endnote"))
            + "<w:tbl><w:tr><w:tc>" + p("Ô bảng", fn_ref(2)) + "</w:tc></w:tr></w:tbl>")
    doc = read_document(build_docx(
        tmp_path / "n.docx", body,
        footnotes=_SEPARATORS + note(2, "Chú thích hai", "đoạn thứ hai") + note(7, "Chú thích bảy"),
        endnotes=note(3, "Ghi chú cuối", kind="endnote")))
    notes = [(b.part, b.note, b.text, b.anchor_block, b.anchor_offset)
             for b in doc.blocks if b.note is not None]
    assert notes == [(Part.footnote, 1, "Chú thích bảy", 0, len("Đoạn một")),
                     (Part.footnote, 2, "Chú thích hai", 1, len("Ô bảng")),
                     (Part.footnote, 2, "đoạn thứ hai", 1, len("Ô bảng")),
                     (Part.endnote, 1, "Ghi chú cuối", 0, len("Đoạn một tiếp"))]
    assert [(r.kind, r.note, r.offset) for r in doc.blocks[0].refs] == [
        (Part.footnote, 1, 8), (Part.endnote, 1, 13)]
    assert doc.warnings == ()


def test_anchor_offsets_count_nfc_characters(tmp_path):
    body = p("Ho\u0323\u0302i đo\u0302\u0300ng", fn_ref(1), " xã")
    doc = read_document(build_docx(tmp_path / "d.docx", body, footnotes=note(1, "Ghi chú")))
    block = doc.blocks[0]
    assert block.text == "Hội đồng xã"
    assert block.refs[0].offset == len("Hội đồng")


def test_unreferenced_and_missing_notes_are_reported(tmp_path):
    body = p("Một", fn_ref(1), " hai", fn_ref(9))
    doc = read_document(build_docx(tmp_path / "m.docx", body,
                                   footnotes=note(1, "Có") + note(4, "Không ai trỏ tới")))
    assert [b.text for b in doc.blocks if b.part == Part.footnote] == ["Có"]
    assert len(doc.warnings) == 2
    assert "w:id=9" in doc.warnings[0] and "1 footnote" in doc.warnings[1]


_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%2.%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%4)"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="-"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>')
_STYLES = ('<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr>'
           '<w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>')


def _numbered(text: str, level: int | None, num: int = 1) -> str:
    if level is None:
        return p(text, ppr='<w:pStyle w:val="Heading1"/>')
    return p(text, ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>')


def test_word_numbering_gives_labels(tmp_path):
    body = "".join([
        _numbered("KẾT QUẢ", None), _numbered("Kỳ họp", 1), _numbered("Giám sát", 1),
        _numbered("Tại kỳ họp", 2), _numbered("Chuyên đề", 2), _numbered("Đối với HĐND", 3),
        _numbered("Đối với Thường trực", 3), _numbered("gạch đầu dòng", 0, num=2),
        p("Đoạn thường"), _numbered("ĐÁNH GIÁ", None), _numbered("Ưu điểm", 1),
        _numbered("PHƯƠNG HƯỚNG", 0, num=3), p("2.1. Gõ tay")])
    doc = read_document(build_docx(tmp_path / "num.docx", body, numbering=_NUMBERING,
                                   styles=_STYLES))
    got = [(b.label, b.label_auto) for b in doc.blocks]
    assert got == [("I", True), ("1", True), ("2", True), ("2.1", True), ("2.2", True),
                   ("a", True), ("b", True), (None, False), (None, False), ("II", True),
                   ("1", True), ("IV", True), ("2.1", False)]


@pytest.mark.parametrize("text, label", [
    ("I. KẾT QUẢ HOẠT ĐỘNG", "I"),
    ("IV. PHƯƠNG HƯỚNG", "IV"),
    ("2.1. Giám sát tại kỳ họp", "2.1"),
    ("\t5.2. Phiên họp giải trình", "5.2"),
    ("1. Ưu điểm", "1"),
    ("3.Về chuẩn bị", "3"),
    ("a) Đối với HĐND:", "a"),
    ("đ) Đối với đại biểu", "đ"),
    ("1) Kỳ họp thứ 7", "1"),
    ("- Việc xem xét báo cáo", None),
    ("+ Thường trực HĐND", None),
    ("1.500 lượt cử tri", None),
    ("2024. Năm", None),
    ("06 tháng đầu năm", None),
    ("IIII. Sai số La Mã", None),
    ("Xã Đăk Sao 6 ý kiến", None),
    ("a)b", None),
    ("I.5 km", None),
    ("2.1 Giám sát tại kỳ họp", "2.1"),
    ("I - KẾT QUẢ HOẠT ĐỘNG", "I"),
    ("II- ĐÁNH GIÁ CHUNG", "II"),
    ("1- Về xem xét", "1"),
    ("2.1 lượt", None),
    ("5 - 7 ý kiến", None),
    ("06 Nghị quyết", None),
    ("I Kết quả", None),
    ("a - Đối với", None),
    ("V. Đăk Sao", "V"),
    ("A. PHẦN MỞ ĐẦU", "A"),
    ("Q. CHỦ TỊCH", None),
])
def test_typed_labels(text, label):
    from extractors.reader.labels import typed_label

    assert typed_label(text) == label


def test_format_blocks_shows_marks_labels_and_anchors(seed):
    from pipeline.read import format_blocks

    lines = format_blocks(seed).splitlines()
    assert len(lines) == 1 + len(seed.blocks)
    first_para = next(line for line in lines if "các kỳ họp chuyên đề[^1] để" in line)
    assert first_para.split()[:2] == ["body", "4"]
    assert "[^2])" in first_para
    note_1 = next(line for line in lines if line.startswith("footnote") and " 1 → b4@" in line)
    assert note_1.endswith(seed.notes()[1][0].text)
    assert any(line.split()[:3] == ["body", "6", "2.1"] for line in lines)


def test_cli_read_prints_blocks_and_json(seed_docx):
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["read", str(seed_docx)])
    assert result.exit_code == 0
    assert "[^10]" in result.output
    result = CliRunner().invoke(cli, ["read", "--json", str(seed_docx)])
    assert result.exit_code == 0
    assert len(json.loads(result.output)["blocks"]) == len(read_document(seed_docx).blocks)


def test_cli_read_reports_a_bad_file_in_one_line(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    bad = tmp_path / "x.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    result = CliRunner().invoke(cli, ["read", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {bad}: không phải tệp Word (.docx/.doc) / not a Word document"
        " (no DOCX zip or .doc signature)"]


def _rewrite(path, change):
    """Rewrite every part of the package at `path` through change(name, bytes) -> (name, bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [change(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return path


def test_strict_ooxml_is_read_like_transitional(tmp_path):
    path = build_docx(tmp_path / "strict.docx", p("Kỳ họp", fn_ref(1)), footnotes=note(1, "Một"))
    _rewrite(path, lambda name, data: (name, data.replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main").replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships")))
    doc = read_document(path)
    assert [(b.part, b.text) for b in doc.blocks] == [(Part.body, "Kỳ họp"),
                                                     (Part.footnote, "Một")]


def test_part_names_are_case_insensitive_and_targets_unquoted(tmp_path):
    path = build_docx(tmp_path / "case.docx", p("Báo cáo", fn_ref(1)), footnotes=note(1, "Hai"))

    def change(name, data):
        if name == "word/footnotes.xml":
            return "word/Foot Notes.XML", data
        return name, data.replace(b'Target="footnotes.xml"', b'Target="foot%20notes.xml"')
    _rewrite(path, change)
    assert [b.text for b in read_document(path).blocks] == ["Báo cáo", "Hai"]


def test_list_style_links_share_levels_and_counters(tmp_path):
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="DanhSach"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="DanhSach"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>')
    body = _numbered("Một", 0, num=1) + _numbered("Hai", 0, num=2) + _numbered("Ba", 0, num=2)
    doc = read_document(build_docx(tmp_path / "link.docx", body, numbering=numbering))
    assert [b.label for b in doc.blocks] == ["I", "II", "III"]


def _boxed(*paragraphs: str) -> str:
    return ('<w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + "".join(paragraphs)
            + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')


def test_text_box_in_a_header_is_read_as_header(tmp_path):
    header = p(_boxed(p("HĐND XÃ ĐĂK SAO"), p("Số: 16/BC-HĐND")))
    doc = read_document(build_docx(tmp_path / "hb.docx", p("Nội dung"), header=header))
    assert [(b.part, b.text) for b in doc.blocks] == [
        (Part.body, "Nội dung"), (Part.header, "HĐND XÃ ĐĂK SAO"),
        (Part.header, "Số: 16/BC-HĐND")]


def test_table_in_a_footnote_keeps_the_note_and_its_cells(tmp_path):
    table = "<w:tbl><w:tr>" + _cell("Đăk Sao") + _cell("6") + "</w:tr></w:tbl>"
    footnotes = note(1, "Danh sách:")[:-len("</w:footnote>")] + table + "</w:footnote>"
    doc = read_document(build_docx(tmp_path / "ft.docx", p("Ý kiến", fn_ref(1)),
                                   footnotes=footnotes))
    notes = [(b.part, b.text, b.note, b.anchor_block, b.row, b.col)
             for b in doc.blocks if b.part == Part.footnote]
    assert notes == [(Part.footnote, "Danh sách:", 1, 0, None, None),
                     (Part.footnote, "Đăk Sao", 1, 0, 0, 0), (Part.footnote, "6", 1, 0, 0, 1)]


_DELETED_MARK = '<w:rPr><w:del w:id="9" w:author="A" w:date="2024-06-01T00:00:00Z"/></w:rPr>'


def test_a_deleted_paragraph_mark_joins_the_paragraphs(tmp_path):
    body = (p("Tiếp xúc không quá 10 cử ", ppr=_DELETED_MARK) + p("tri", fn_ref(1))
            + p("Đoạn sau"))
    doc = read_document(build_docx(tmp_path / "j.docx", body, footnotes=note(1, "Chú thích")))
    assert [b.text for b in doc.blocks] == ["Tiếp xúc không quá 10 cử tri", "Đoạn sau",
                                            "Chú thích"]
    assert doc.blocks[0].refs[0].offset == len("Tiếp xúc không quá 10 cử tri")
    assert doc.blocks[2].anchor_block == 0


def test_deleted_rows_are_dropped_and_cells_never_join(tmp_path):
    deleted_row = ('<w:tr><w:trPr><w:del w:id="3" w:author="A"/></w:trPr>' + _cell("Cũ")
                   + "</w:tr>")
    last_cell = f"<w:tc>{p('Đăk Sao', ppr=_DELETED_MARK)}</w:tc>"
    table = ("<w:tbl><w:tr>" + last_cell + _cell("6") + "</w:tr>" + deleted_row + "<w:tr>"
             + _cell("Đăk Hà") + _cell("4") + "</w:tr></w:tbl>")
    doc = read_document(build_docx(tmp_path / "row.docx", table))
    assert [(b.text, b.row, b.col) for b in doc.blocks] == [
        ("Đăk Sao", 0, 0), ("6", 0, 1), ("Đăk Hà", 1, 0), ("4", 1, 1)]


def test_hidden_text_and_placeholders_are_not_read(tmp_path):
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>05 </w:t></w:r>'
    shown = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>06 </w:t></w:r>'
    placeholder = ('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>'
                   '<w:t>Bấm để nhập văn bản</w:t></w:r></w:sdtContent></w:sdt>')
    doc = read_document(build_docx(tmp_path / "v.docx", p(hidden, shown, "nghị quyết",
                                                            placeholder)))
    assert [b.text for b in doc.blocks] == ["06 nghị quyết"]
    assert doc.warnings == ("bỏ qua 3 ký tự định dạng ẩn / 3 characters of hidden text not read",)


@pytest.mark.parametrize("numbering", [
    # Nonsense a damaged or hand-made numbering.xml may hold: no crash, no label.
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="x"><w:start w:val="²"/>'
    '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="99">'
    '<w:startOverride w:val="-5"/></w:lvlOverride></w:num>',
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="40"><w:start w:val="99999999999"/>'
    '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%41)"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
])
def test_malformed_numbering_does_not_stop_reading(tmp_path, numbering):
    body = (p("Một", ppr='<w:numPr><w:ilvl w:val="40"/><w:numId w:val="1"/></w:numPr>')
            + p("Hai", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    doc = read_document(build_docx(tmp_path / "bad-num.docx", body, numbering=numbering))
    assert [b.text for b in doc.blocks] == ["Một", "Hai"]


def test_table_of_contents_lines_get_no_section_labels(tmp_path):
    begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
             ' TOC \\o "1-3" \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
             '</w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    body = (p(begin, "I. KẾT QUẢ HOẠT ĐỘNG 1") + p("1. Về kỳ họp 2")
            + p("II. ĐÁNH GIÁ CHUNG 5", end) + p("Mục lục thủ công", ppr='<w:pStyle w:val="TOC2"/>')
            + p("2.1. Ở mục lục", ppr='<w:pStyle w:val="TOC2"/>')
            + p("I. KẾT QUẢ HOẠT ĐỘNG") + p("1. Về kỳ họp"))
    doc = read_document(build_docx(tmp_path / "toc.docx", body))
    assert [b.label for b in doc.blocks] == [None, None, None, None, None, "I", "1"]
    assert doc.blocks[0].text == "I. KẾT QUẢ HOẠT ĐỘNG 1"
