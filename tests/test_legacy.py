"""Legacy inputs: TCVN3 and VNI runs converted to Unicode, and the seed's .doc twin."""
from __future__ import annotations

import os
import shutil

import docx
import pytest

from extractors.reader import legacy, read_document
from schemas.errors import InputError
from schemas.source import Part
from tests.conftest import SEED_DOC
from tests.test_reader import _seed_text_file, build_docx, p


@pytest.mark.parametrize("encoded, unicode_text", [
    # Spellings as legacy keyboards produced them (Unikey/Vietkey output).
    ("Tæng hîp kÕt qu¶ ho¹t ®éng", "Tổng hợp kết quả hoạt động"),
    ("Th\u00adêng trùc H§ND huyÖn", "Thường trực HĐND huyện"),
    ("§¨k Sao, Ngäk Y£u", "Đăk Sao, Ngọk YÊu"),
    ("¨ © ª « ¬ \u00ad ®", "ă â ê ô ơ ư đ"),
])
def test_tcvn3_table(encoded, unicode_text):
    assert legacy.tcvn3_to_unicode(encoded) == unicode_text
    assert len(legacy.tcvn3_to_unicode(encoded)) == len(encoded)


@pytest.mark.parametrize("encoded, unicode_text", [
    ("Toång hôïp keát quaû hoaït ñoäng", "Tổng hợp kết quả hoạt động"),
    ("Thöôøng tröïc HÑND huyeän", "Thường trực HĐND huyện"),
    ("ÑAÊK SAO, NGOÏK YEÂU", "ĐĂK SAO, NGỌK YÊU"),
    ("aúng ñaúng, yù kieán, kyø hoïp", "ẳng đẳng, ý kiến, kỳ họp"),
])
def test_vni_table(encoded, unicode_text):
    assert legacy.vni_to_unicode(encoded) == unicode_text
    assert legacy.unicode_to_vni(unicode_text) == encoded


@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("tcvn3", False)),
    (".VnTimeH", ("tcvn3", True)),
    (".VnArial NarrowH", ("tcvn3", True)),
    ("VNI-Times", ("vni", False)),
    ("VNI Helve", ("vni", False)),
    ("Times New Roman", (None, False)),
    ("Vninh", (None, False)),
    (None, (None, False)),
])
def test_font_encoding(font, expected):
    assert legacy.font_encoding(font) == expected


def _tcvn3_runs(text: str) -> list[tuple[str, str]]:
    """Return (font, TCVN3 text) runs for `text`: capitals with a tone, which TCVN3 cannot
    write, go in `.VnTimeH` written lower-case, as typists did."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        code = legacy.unicode_to_tcvn3(ch)
        font = ".VnTime"
        if ch.isupper() and legacy.tcvn3_to_unicode(code) != ch:
            font, code = ".VnTimeH", legacy.unicode_to_tcvn3(ch.lower())
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + code)
        else:
            runs.append((font, code))
    return runs


@pytest.fixture(scope="module")
def seed_body():
    return _seed_text_file()[0]


def test_seed_written_in_tcvn3_reads_back_to_the_same_unicode(tmp_path, seed_body):
    document = docx.Document()
    for text in seed_body:
        para = document.add_paragraph()
        if text.isupper():  # headings: the whole line in the capitals font
            runs = [(".VnTimeH", legacy.unicode_to_tcvn3(text.lower()))]
        else:
            runs = _tcvn3_runs(text)
        for font, code in runs:
            para.add_run(code).font.name = font
    path = tmp_path / "tcvn3.docx"
    document.save(path)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == seed_body
    assert {b.legacy_encoding for b in doc.blocks} == {"tcvn3"}
    assert any(font == ".VnTimeH" for t in seed_body for font, _ in _tcvn3_runs(t))


@pytest.mark.parametrize("encoding, encode, decode", [
    ("tcvn3", legacy.unicode_to_tcvn3, legacy.tcvn3_to_unicode),
    ("vni", legacy.unicode_to_vni, legacy.vni_to_unicode),
])
def test_legacy_text_in_a_unicode_font_is_found_by_its_characters(tmp_path, seed_body,
                                                                  encoding, encode, decode):
    document = docx.Document()
    legacy_rows = []
    for text in seed_body:
        code = encode(text)
        as_legacy = code != text and decode(code) == text
        legacy_rows.append(as_legacy)
        document.add_paragraph().add_run(code if as_legacy else text).font.name = "Arial"
    document.save(tmp_path / "mixed.docx")
    doc = read_document(tmp_path / "mixed.docx")
    assert len(doc.blocks) == len(seed_body)
    unicode_rows = [i for i, lg in enumerate(legacy_rows) if not lg]
    legacy_idx = [i for i, lg in enumerate(legacy_rows) if lg]
    # Unicode paragraphs are never touched; nearly every legacy one is recovered (a very
    # short one with no telling letter may stay as it is, by design).
    assert all(doc.blocks[i].text == seed_body[i] for i in unicode_rows)
    assert all(doc.blocks[i].legacy_encoding is None for i in unicode_rows)
    recovered = [i for i in legacy_idx if doc.blocks[i].text == seed_body[i]]
    assert len(recovered) >= 0.95 * len(legacy_idx)
    assert {doc.blocks[i].legacy_encoding for i in recovered} == {encoding}


@pytest.mark.parametrize("text", [
    "Müller GmbH", "Microsoft® Word©", "«Bonjour» à tous", "niño año", "Straße 5", "25°C",
    "Señor Núñez", "Zürich, Genève", "Café Olé", "naïve", "Noël", "Cá và gà", "Hoà bình",
    "Thường trực HĐND huyện", "HĐND", "",
])
def test_unicode_and_other_languages_are_not_taken_for_legacy(text):
    assert legacy.guess_encoding(text) is None


def test_soft_hyphen_is_tcvn3_u_horn_not_dropped(tmp_path):
    run = '<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>'
    doc = read_document(build_docx(tmp_path / "u.docx", p(run + "Th\u00adêng trùc</w:t></w:r>")))
    assert doc.blocks[0].text == "Thường trực"


@pytest.mark.parametrize("styles, ppr", [
    # Font from the paragraph style, through its basedOn chain.
    ('<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:rFonts w:ascii=".VnTime" '
     'w:hAnsi=".VnTime"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Body">'
     '<w:basedOn w:val="Base"/></w:style>', '<w:pStyle w:val="Body"/>'),
    # Font from the document defaults.
    ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:hAnsi=".VnTime"/></w:rPr>'
     '</w:rPrDefault></w:docDefaults>', ""),
    # Attributes in single quotes, as some tools write them.
    ("<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:hAnsi='.VnTime'/></w:rPr>"
     "</w:rPrDefault></w:docDefaults>", ""),
    # hAnsi decides over ascii: Word draws the letters above U+007F with it.
    ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
     'w:hAnsi=".VnTime"/></w:rPr></w:rPrDefault></w:docDefaults>', ""),
])
def test_legacy_font_is_found_through_styles(tmp_path, styles, ppr):
    doc = read_document(build_docx(tmp_path / "s.docx", p("Ngäk Y£u", ppr=ppr), styles=styles))
    assert doc.blocks[0].text == "Ngọk YÊu"
    assert doc.blocks[0].legacy_encoding == "tcvn3"


def test_vni_paragraphs_read_back_to_unicode(tmp_path, seed_body):
    sample = [t for t in seed_body if len(t) < 200][:12]
    document = docx.Document()
    for text in sample:
        document.add_paragraph().add_run(legacy.unicode_to_vni(text)).font.name = "VNI-Times"
    document.save(tmp_path / "vni.docx")
    doc = read_document(tmp_path / "vni.docx")
    assert [b.text for b in doc.blocks] == sample
    assert {b.legacy_encoding for b in doc.blocks} == {"vni"}


def test_unicode_text_in_a_unicode_font_is_untouched(tmp_path, seed_body):
    document = docx.Document()
    for text in seed_body:
        document.add_paragraph().add_run(text).font.name = "Times New Roman"
    document.save(tmp_path / "uni.docx")
    doc = read_document(tmp_path / "uni.docx")
    assert [b.text for b in doc.blocks] == seed_body
    assert all(b.legacy_encoding is None for b in doc.blocks)


# -------------------------------------------------------------- .doc files and LibreOffice

# CI sets BAOCAO_REQUIRE_SOFFICE so these run (and fail loudly) instead of skipping there.
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("BAOCAO_REQUIRE_SOFFICE"),
    reason="LibreOffice (soffice) is not installed")


@needs_soffice
def test_seed_doc_converted_by_libreoffice_reads_to_the_same_blocks(seed_docx):
    """The fallback for what the native reader refuses: LibreOffice's DOCX of the seed's
    .doc reads to the blocks of the seed's DOCX."""
    from extractors.reader.docx import read_docx

    legacy.forget_conversions()
    raw, _ = read_docx(legacy.doc_to_docx(SEED_DOC.read_bytes()))
    from_docx = read_document(seed_docx)
    assert [(b["part"], b["text"], b["label"], b.get("note"), b.get("anchor_block"),
             b.get("anchor_offset")) for b in raw] == [
        (b.part, b.text, b.label, b.note, b.anchor_block, b.anchor_offset)
        for b in from_docx.blocks]


def test_rtf_named_doc_without_libreoffice_names_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "_soffice", lambda: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"{\\rtf1\\ansi B\\'e1o c\\'e1o}")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.file == str(path)
    assert "RTF/HTML" in err.value.problem
    assert "libreoffice-writer-nogui" in err.value.problem
    assert "\n" not in str(err.value)


def test_a_doc_named_docx_is_read_like_a_doc(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "_soffice", lambda: None)
    renamed = tmp_path / "that-ra-la-doc.docx"
    renamed.write_bytes(SEED_DOC.read_bytes())
    doc = read_document(renamed)
    assert doc.source_format == "doc"
    assert doc.file == str(renamed)
    assert len(doc.notes()) == 10


@needs_soffice
def test_html_saved_as_doc_is_converted(tmp_path):
    path = tmp_path / "tu-cong-thong-tin.doc"
    path.write_text('<html><head><meta charset="utf-8"></head><body><p>I. KẾT QUẢ</p>'
                    "<p>HĐND xã Đăk Sao tổ chức 02 kỳ họp</p><table><tr><td>Xã</td>"
                    "<td>01</td></tr></table></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert [(b.part, b.text, b.label) for b in doc.blocks] == [
        (Part.body, "I. KẾT QUẢ", "I"), (Part.body, "HĐND xã Đăk Sao tổ chức 02 kỳ họp", None),
        (Part.table, "Xã", None), (Part.table, "01", None)]
    assert doc.source_format == "doc"


def test_unicode_text_left_in_a_vntime_font_is_not_converted(tmp_path):
    run = ('<w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
           '<w:t xml:space="preserve">{}</w:t></w:r>')
    body = (p(run.format("Thường trực HĐND xã Đăk Sao"), run.format(" đã ban hành"))
            + p(run.format("Th\u00adêng trùc")))
    doc = read_document(build_docx(tmp_path / "u.docx", body))
    assert [(b.text, b.legacy_encoding) for b in doc.blocks] == [
        ("Thường trực HĐND xã Đăk Sao đã ban hành", None), ("Thường trực", "tcvn3")]


def _report_profile(queue):
    import os

    folder = legacy._profile_dir()
    queue.put((folder, os.path.isdir(folder)))


def test_each_process_has_its_own_libreoffice_profile_removed_at_exit():
    import multiprocessing
    import os

    ours = legacy._profile_dir()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    worker = ctx.Process(target=_report_profile, args=(queue,))
    worker.start()
    theirs, existed = queue.get(timeout=30)
    worker.join(timeout=30)
    assert existed and theirs != ours
    assert not os.path.exists(theirs)
    assert os.path.isdir(ours)


def test_a_doc_read_again_is_not_converted_again(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(legacy, "_converted", {})
    monkeypatch.setattr(legacy, "_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(legacy, "_convert", lambda data, suffix: calls.append(suffix) or (
        build_docx(tmp_path / "out.docx", p("Đã chuyển")).read_bytes()))
    path = tmp_path / "cu.doc"
    path.write_bytes(b"<html><body><p>B\xc3\xa1o c\xc3\xa1o</p></body></html>")
    first, again = read_document(path), read_document(path)
    assert [b.text for b in again.blocks] == [b.text for b in first.blocks] == ["Đã chuyển"]
    assert calls == [".doc"]
