"""The native .doc reader: the seed's and the sample's .doc read to the blocks of their DOCX
twins without LibreOffice, Word 97 files built here read as Word shows them, damaged files
fail in one line, and what the reader refuses goes to LibreOffice, named when it is missing."""
from __future__ import annotations

import io
import os
import random
import shutil
import struct
import sys

import olefile
import pytest

from extractors.reader import legacy, msdoc, read_document
from extractors.reader.docx import read_docx
from schemas.errors import InputError
from schemas.source import Part
from tests.conftest import SAMPLES, SEED_DOC, SEED_DOCX
from tests.doc97 import Doc, Level, Para, Run, build, cell, compound, row_end, streams
from tests.test_reader import build_docx, p

FIELDS = ("part", "text", "label", "table", "row", "col", "note", "anchor_block",
          "anchor_offset", "refs")
SAMPLE_DOC = SAMPLES / "te-xang-2024-h1.doc"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("BAOCAO_REQUIRE_SOFFICE"),
    reason="LibreOffice (soffice) is not installed")


@pytest.fixture
def no_libreoffice(monkeypatch):
    """LibreOffice absent: not on PATH, and any conversion an error."""
    def convert(data, suffix):
        raise AssertionError("LibreOffice was asked to convert")

    monkeypatch.setattr(legacy, "_soffice", lambda: None)
    monkeypatch.setattr(legacy, "_convert", convert)
    monkeypatch.setattr(legacy, "_converted", {})


def _fields(doc) -> list[tuple]:
    return [tuple(getattr(b, f) for f in FIELDS) for b in doc.blocks]


@pytest.fixture(scope="module")
def sample_twin(tmp_path_factory):
    """The DOCX samples/te-xang-2024-h1.doc was saved from: build_samples.py run again,
    keeping the DOCX instead of converting it (its generator is deterministic)."""
    out = tmp_path_factory.mktemp("samples")
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(SAMPLES))
        sys.modules.pop("build_samples", None)
        import build_samples

        mp.setattr(build_samples, "to_doc",
                   lambda docx: shutil.copyfile(docx, docx.with_suffix(".doc")))
        build_samples.build(out)
        sys.modules.pop("build_samples", None)
    return out / "te-xang-2024-h1.docx"


@pytest.mark.parametrize("which", ["seed", "sample"])
def test_doc_reads_natively_to_the_blocks_of_its_docx_twin(which, sample_twin, no_libreoffice):
    doc_path, twin_path = (SEED_DOC, SEED_DOCX) if which == "seed" else (SAMPLE_DOC, sample_twin)
    doc, twin = read_document(doc_path), read_document(twin_path)
    assert doc.source_format == "doc" and doc.warnings == twin.warnings == ()
    assert _fields(doc) == _fields(twin)
    assert doc.text == twin.text
    # What differs, and why: both .doc files were saved by LibreOffice, which names the
    # styles its own way ("Text Body" for Word's "Body Text"); the text does not depend on it.
    renamed = {(a.style, b.style) for a, b in zip(doc.blocks, twin.blocks) if a.style != b.style}
    assert renamed == ({("TextBody", "BodyText"), ("Footnote", "FootnoteText")}
                       if which == "seed" else set())
    if which == "seed":
        assert len(doc.notes(Part.footnote)) == 10
        assert [b.label for b in doc.blocks if b.label and b.label.isalpha()
                and b.label.isupper()] == ["I", "II", "IV"]
    else:
        assert {b.table for b in doc.blocks if b.part == Part.table} == {0, 1}


# ------------------------------------------------------------------ Word 97 files built here

def _tcvn3(text: str, font: str = ".VnTime") -> Run:
    return Run(legacy.unicode_to_tcvn3(text), font=font)


def _list_levels() -> list[Level]:
    return [Level(1, "%1."), Level(0, "%2."), Level(0, "%1.%2.%3.")]


# id -> (document, expected blocks as (part, text, other fields), expected warnings)
CASES = {
    "tcvn3-fonts": (
        Doc([Para([_tcvn3("Thường trực HĐND xã "), _tcvn3("đăk sao", ".VnTimeH")]),
             # Word and LibreOffice keep TCVN3's byte 0xAD (ư) as an optional hyphen
             Para([Run("Th\x1fêng trùc", font=".VnTime")])]),
        [(Part.body, "Thường trực HĐND xã ĐĂK SAO", {"legacy_encoding": "tcvn3"}),
         (Part.body, "Thường trực", {"legacy_encoding": "tcvn3"})], []),
    "vni-font": (
        Doc([Para([Run(legacy.unicode_to_vni("Kỳ họp thứ 7 của HĐND xã"), font="VNI-Times")])]),
        [(Part.body, "Kỳ họp thứ 7 của HĐND xã", {"legacy_encoding": "vni"})], []),
    "unicode-left-in-vntime": (
        Doc([Para([Run("Thường trực HĐND xã Đăk Sao", font=".VnTime")])]),
        [(Part.body, "Thường trực HĐND xã Đăk Sao", {"legacy_encoding": None})], []),
    "tcvn3-in-a-unicode-font": (
        Doc([Para([Run(legacy.unicode_to_tcvn3("Thường trực HĐND huyện tổng hợp"))])]),
        [(Part.body, "Thường trực HĐND huyện tổng hợp", {"legacy_encoding": "tcvn3"})], []),
    "fields": (
        Doc([Para([Run("Xem "), Run('\x13 HYPERLINK "http://x.vn" \x14', special=True),
                   Run("Nghị quyết 15"), Run("\x15", special=True), Run(" năm 2024"),
                   Run('\x13 TC "ẩn" \x15', special=True), Run(".")])]),
        [(Part.body, "Xem Nghị quyết 15 năm 2024.", {})], []),
    "toc-lines-have-no-label": (
        Doc([Para([Run('\x13 TOC \\o "1-3" \x14', special=True), Run("1. Kết quả")]),
             Para([Run("2. Đánh giá"), Run("\x15", special=True)]),
             Para([Run("1. Kết quả")])]),
        [(Part.body, "1. Kết quả", {"label": None}), (Part.body, "2. Đánh giá", {"label": None}),
         (Part.body, "1. Kết quả", {"label": "1"})], []),
    "hidden-and-deleted": (
        Doc([Para([Run("Tổ chức "), Run("06", deleted=True), Run("05"), Run(" (ghi chú)",
                                                                           hidden=True),
                   Run(" kỳ họp")], deleted_mark=True),
             Para([Run(" chuyên đề.")])]),
        [(Part.body, "Tổ chức 05 kỳ họp chuyên đề.", {})],
        ["bỏ qua 10 ký tự định dạng ẩn / 10 characters of hidden text not read"]),
    "symbols-and-breaks": (
        Doc([Para([Run("Tỉ lệ "), Run("(", special=True, symbol=("Symbol", 0xF0B3)),
                   Run(" 50%\tđạt\x0bkết quả\x1eTốt, tr\x1fuờng")])]),
        [(Part.body, "Tỉ lệ ≥ 50% đạt kết quả-Tốt, truờng", {})], []),
    "characters-beyond-the-bmp": (
        Doc([Para([Run("Chữ Nôm 𠀧 và 🙂 hết"), Run("\x02", note=True)])],
            footnotes=[[Para([Run("\x02", special=True), Run(" Ghi chú")])]]),
        [(Part.body, "Chữ Nôm 𠀧 và 🙂 hết", {"refs": [(Part.footnote, 1, 18)]}),
         (Part.footnote, "Ghi chú", {"anchor_offset": 18})], []),
    "two-pieces-8-bit-and-utf16": (
        Doc([Para([Run("Report of the council, first half")]), Para([Run("Báo cáo Đăk Sao")])],
            compressed=True, split=True),
        [(Part.body, "Report of the council, first half", {}),
         (Part.body, "Báo cáo Đăk Sao", {})], []),
    "footnotes": (
        Doc([Para([Run("Tổ chức 02 kỳ họp"), Run("\x02", note=True), Run(" và 3 phiên"),
                   Run("*", note=True)]),
             Para([Run("Tiếp 6 công dân"), Run("\x02", note=True)])],
            footnotes=[[Para([Run("\x02", special=True), Run(" Kỳ họp thứ 7, thứ 8.")])],
                       [Para([Run("*"), Run(" Phiên họp tháng 3.")])],
                       [Para([Run("\x02", special=True), Run(" Tại trụ sở.")]),
                        Para([Run("Thôn Đăk Dế.")])]]),
        [(Part.body, "Tổ chức 02 kỳ họp và 3 phiên*", {"refs": [(Part.footnote, 1, 17),
                                                               (Part.footnote, 2, 28)]}),
         (Part.body, "Tiếp 6 công dân", {"refs": [(Part.footnote, 3, 15)]}),
         (Part.footnote, "Kỳ họp thứ 7, thứ 8.", {"note": 1, "anchor_block": 0,
                                                  "anchor_offset": 17}),
         (Part.footnote, "* Phiên họp tháng 3.", {"note": 2, "anchor_block": 0,
                                                  "anchor_offset": 28}),
         (Part.footnote, "Tại trụ sở.", {"note": 3, "anchor_block": 1, "anchor_offset": 15}),
         (Part.footnote, "Thôn Đăk Dế.", {"note": 3, "anchor_block": 1,
                                          "anchor_offset": 15})], []),
    "tables-with-a-wide-cell-and-a-nested-table": (
        Doc([Para([Run("Bảng 1")]),
             cell("TT"), cell("Nội dung"), cell("Số lượng"), row_end([0, 800, 4000, 6000]),
             cell("1"), cell("Kỳ họp và chuyên đề"), row_end([0, 800, 6000]),
             cell("2"), Para([Run("Gồm:")], in_table=True),
             Para([Run("Giám sát")], in_table=True, depth=2, inner_cell=True),
             Para([Run("03")], in_table=True, depth=2, inner_cell=True),
             row_end([800, 3000, 4000], depth=2),
             Para([], end="\x07", in_table=True), cell("3"), row_end([0, 800, 4000, 6000]),
             Para([Run("Hết")])]),
        [(Part.body, "Bảng 1", {}),
         (Part.table, "TT", {"table": 0, "row": 0, "col": 0}),
         (Part.table, "Nội dung", {"table": 0, "row": 0, "col": 1}),
         (Part.table, "Số lượng", {"table": 0, "row": 0, "col": 2}),
         (Part.table, "1", {"table": 0, "row": 1, "col": 0}),
         (Part.table, "Kỳ họp và chuyên đề", {"table": 0, "row": 1, "col": 1}),
         (Part.table, "2", {"table": 0, "row": 2, "col": 0}),
         (Part.table, "Gồm:", {"table": 0, "row": 2, "col": 1}),
         (Part.table, "Giám sát", {"table": 1, "row": 0, "col": 0}),
         (Part.table, "03", {"table": 1, "row": 0, "col": 1}),
         (Part.table, "3", {"table": 0, "row": 2, "col": 2}),
         (Part.body, "Hết", {})], []),
    "numbering": (
        Doc([Para([Run("KẾT QUẢ")], list_id=1, level=0),
             Para([Run("Về kỳ họp")], list_id=1, level=1),
             Para([Run("Về giám sát")], list_id=1, level=1),
             Para([Run("Giám sát chuyên đề")], list_id=1, level=2),
             Para([Run("ĐÁNH GIÁ")], list_id=1, level=0),
             Para([Run("Gạch đầu dòng")], list_id=2, level=0),
             Para([Run("3. Gõ tay")])],
            lists=[_list_levels(), [Level(23, "\uf0b7")]]),
        [(Part.body, "KẾT QUẢ", {"label": "I", "label_auto": True}),
         (Part.body, "Về kỳ họp", {"label": "1", "label_auto": True}),
         (Part.body, "Về giám sát", {"label": "2", "label_auto": True}),
         (Part.body, "Giám sát chuyên đề", {"label": "I.2.1", "label_auto": True}),
         (Part.body, "ĐÁNH GIÁ", {"label": "II", "label_auto": True}),
         (Part.body, "Gạch đầu dòng", {"label": None}),
         (Part.body, "3. Gõ tay", {"label": "3", "label_auto": False})], []),
    "text-box-and-header": (
        Doc([Para([Run("Nội dung chính")])],
            textboxes=[[Para([Run("Ô chữ: 12 kiến nghị")])]],
            headers=[Para([Run("HĐND XÃ ĐĂK SAO")])]),
        [(Part.body, "Nội dung chính", {}), (Part.textbox, "Ô chữ: 12 kiến nghị", {}),
         (Part.header, "HĐND XÃ ĐĂK SAO", {})], []),
}


def _matches(doc, rows) -> list[str]:
    """Return what differs between the document's blocks and the expected rows (part,
    text, and the fields each row names)."""
    if len(doc.blocks) != len(rows):
        return [f"{len(doc.blocks)} blocks, expected {len(rows)}: "
                f"{[b.text for b in doc.blocks]}"]
    problems = []
    for block, (part, text, extra) in zip(doc.blocks, rows):
        for key, value in {"part": part, "text": text, **extra}.items():
            got = getattr(block, key)
            if key == "refs":
                got = [(r.kind, r.note, r.offset) for r in got]
            if got != value:
                problems.append(f"{block.text!r}: {key} = {got!r}, expected {value!r}")
    return problems


@pytest.mark.parametrize("case", sorted(CASES))
def test_word97_files_read_as_word_shows_them(case, tmp_path, no_libreoffice):
    document, rows, warnings = CASES[case]
    path = tmp_path / f"{case}.doc"
    path.write_bytes(build(document))
    doc = read_document(path)
    assert _matches(doc, rows) == []
    assert list(doc.warnings) == warnings
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)


# Where LibreOffice's way (convert, then read the DOCX) loses what the native reader keeps:
# (what LibreOffice's text becomes once that loss is undone, why).
_LIBREOFFICE_LOSES = {
    "tcvn3-fonts": (lambda t: t.replace("ư", ""), "TCVN3's ư (byte 0xAD) is taken for an"
                    " optional hyphen and dropped"),
    "tcvn3-in-a-unicode-font": (lambda t: t.replace("ư", ""), "the same, in a Unicode font"),
    "symbols-and-breaks": (lambda t: t.replace("\uf0b3", "≥"), "an inserted symbol is left as"
                           " its private-use code (U+F0B3)"),
}


@needs_soffice
@pytest.mark.parametrize("case", sorted(CASES))
def test_libreoffice_reads_the_files_built_here_alike(case, tmp_path):
    """The files built for these tests are real Word files: LibreOffice, an independent
    reader, finds the same blocks in them, but for what its way loses (above) and the text
    box and header, which Word draws from records these files leave out."""
    document, rows, _ = CASES[case]
    data = build(document)
    native = [(b["part"], b["text"], b.get("table"), b.get("row"), b.get("col"))
              for b in msdoc.read_doc(data)[0]]
    converted = [(b["part"], b["text"], b.get("table"), b.get("row"), b.get("col"))
                 for b in read_docx(legacy._convert(data, ".doc"))[0]]
    if case == "text-box-and-header":
        native = [b for b in native if b[0] == Part.body]
    if case in _LIBREOFFICE_LOSES:
        undo = _LIBREOFFICE_LOSES[case][0]
        assert native != converted
        native = [(b[0], undo(b[1]), *b[2:]) for b in native]
        converted = [(b[0], undo(b[1]), *b[2:]) for b in converted]
    assert native == converted


# ------------------------------------------------------------------------- damaged files

def _patched(data: bytes, stream: str, at: int, value: bytes) -> bytes:
    """Return `data` with `value` written at offset `at` of one of its streams."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    entry = ole.direntries[ole._find(stream)]
    sector, out = entry.isectStart, bytearray(data)
    for _ in range(at // ole.sectorsize):
        sector = ole.fat[sector]
    pos = (sector + 1) * ole.sectorsize + at % ole.sectorsize
    out[pos:pos + len(value)] = value
    return bytes(out)


def _fib_pair(data: bytes, index: int) -> tuple[int, int]:
    word = olefile.OleFileIO(io.BytesIO(data)).openstream("WordDocument").read()
    return struct.unpack_from("<II", word, 154 + 8 * index)


def _looping_chain(data: bytes) -> bytes:
    """The seed .doc with the WordDocument stream's sector chain turned back on itself."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    first = ole.direntries[ole._find("WordDocument")].isectStart
    third = ole.fat[ole.fat[first]]
    fat_sector = struct.unpack_from("<I", data, 0x4C + 4 * (third // 128))[0]
    out = bytearray(data)
    struct.pack_into("<I", out, (fat_sector + 1) * 512 + 4 * (third % 128), first)
    return bytes(out)


def _clx_past_the_end(data: bytes) -> bytes:
    fc, _ = _fib_pair(data, 33)
    return _patched(data, "1Table", fc + 5 + 8 + 2, struct.pack("<I", 0x00FFFFFF))


def _huge_stream(data: bytes) -> bytes:
    """A directory entry declaring a WordDocument stream larger than the file."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    sid = ole._find("WordDocument")
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    sector = first_dir
    for _ in range(sid // 4):
        sector = ole.fat[sector]
    out = bytearray(data)
    struct.pack_into("<I", out, (sector + 1) * 512 + 128 * (sid % 4) + 0x78, 0x7FFFFFF0)
    return bytes(out)


DAMAGED = {
    "truncated": (lambda d: d[:len(d) * 2 // 3], "corrupt OLE2 container"),
    "cut to its header": (lambda d: d[:1536], "corrupt OLE2 container"),
    "FIB overwritten": (lambda d: _patched(d, "WordDocument", 0, b"\x00\x00\x00\x00"),
                        "corrupt FIB"),
    "looping sector chain": (_looping_chain, "loops"),
    "stream larger than the file": (_huge_stream, "more than the file holds"),
    "piece table past the end": (_clx_past_the_end, "piece table points past the end"),
    "stories longer than the text": (
        lambda d: _patched(d, "WordDocument", 64 + 12, struct.pack("<i", 2**30)),
        "exceed the piece table"),
    "bin table past the end": (
        lambda d: _patched(d, "WordDocument", 154 + 8 * 12 + 4, struct.pack("<I", 2**31)),
        "PlcBteChpx points past the end"),
    "FKP page with an absurd count": (
        lambda d: _patched(d, "WordDocument", 512 * struct.unpack_from(
            "<I", olefile.OleFileIO(io.BytesIO(d)).openstream("1Table").read(),
            sum(_fib_pair(d, 12)) - 4)[0] + 511, b"\xff"), "corrupt CHPX FKP page"),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_doc_fails_in_one_line_naming_file_and_problem(name, tmp_path, no_libreoffice):
    damage, problem = DAMAGED[name]
    path = tmp_path / "hong.doc"
    path.write_bytes(damage(SEED_DOC.read_bytes()))
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert err.value.file == str(path) and message.startswith(f"{path}: ")
    assert problem in err.value.problem
    assert "\n" not in message and len(message) < 400


def _mutations(data: bytes, n: int):
    """Yield `n` damaged copies of `data`: bytes overwritten inside its streams."""
    rng = random.Random(20241208)
    ole = olefile.OleFileIO(io.BytesIO(data))
    sectors = []
    for name in ("WordDocument", "1Table"):
        sector = ole.direntries[ole._find(name)].isectStart
        for _ in range(8):
            sectors.append(sector)
            sector = ole.fat[sector]
    for _ in range(n):
        out = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            at = (rng.choice(sectors) + 1) * 512 + rng.randrange(512)
            out[at:at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\0\0\0\0", rng.randbytes(4)])
        yield bytes(out)


def test_damaged_copies_of_the_seed_doc_read_or_fail_in_one_line(tmp_path, no_libreoffice):
    outcomes = {"read": 0, "refused": 0}
    for i, data in enumerate(_mutations(SEED_DOC.read_bytes(), 150)):
        path = tmp_path / f"hong-{i}.doc"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except InputError as e:
            assert e.file == str(path) and "\n" not in str(e)
            outcomes["refused"] += 1
            continue
        outcomes["read"] += 1
        assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)
        for b in doc.blocks:
            if b.anchor_block is not None:
                assert 0 <= b.anchor_offset <= len(doc.blocks[b.anchor_block].text)
    assert outcomes["read"] and outcomes["refused"]


# ---------------------------------------------------------------- what goes to LibreOffice

def _word6(tmp_path):
    """A .doc whose FIB says Word 6.0 (nFib 101): a format the native reader leaves to
    LibreOffice."""
    parts = streams(Doc([Para([Run("Báo cáo")])]))
    word = bytearray(parts["WordDocument"])
    word[0:4] = struct.pack("<HH", 0xA5DC, 101)
    path = tmp_path / "word6.doc"
    path.write_bytes(compound({**parts, "WordDocument": bytes(word)}))
    return path


def test_a_refused_doc_without_libreoffice_names_the_reason_and_the_package(tmp_path,
                                                                             no_libreoffice):
    path = _word6(tmp_path)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.file == str(path)
    assert "Word 6.0/95" in err.value.problem
    assert "libreoffice-writer-nogui" in err.value.problem
    assert "\n" not in str(err.value)


def test_a_refused_doc_goes_to_libreoffice_when_installed(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(legacy, "_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(legacy, "_converted", {})
    monkeypatch.setattr(legacy, "_convert", lambda data, suffix: calls.append(suffix) or (
        build_docx(tmp_path / "out.docx", p("Đã chuyển")).read_bytes()))
    doc = read_document(_word6(tmp_path))
    assert [b.text for b in doc.blocks] == ["Đã chuyển"] and calls == [".doc"]
    assert doc.source_format == "doc"
    assert doc.warnings[0].startswith("đọc qua LibreOffice (tệp Word 6.0/95")


def test_a_password_protected_doc_is_refused_without_libreoffice(tmp_path, no_libreoffice):
    parts = streams(Doc([Para([Run("Mật")])]))
    word = bytearray(parts["WordDocument"])
    word[11] |= 0x01  # fEncrypted (0x0100 of the flags at offset 10)
    path = tmp_path / "mat-khau.doc"
    path.write_bytes(compound({**parts, "WordDocument": bytes(word)}))
    with pytest.raises(InputError, match="password-protected"):
        read_document(path)
