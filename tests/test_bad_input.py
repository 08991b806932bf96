"""Bad input: each file is built here; each gives one InputError line naming file and problem."""
from __future__ import annotations

import io
import random
import struct
import zipfile

import docx
import pytest

from extractors.reader import docx as docx_walk
from extractors.reader import read_document
from schemas.errors import InputError
from tests.conftest import SEED_DOC
from tests.test_reader import build_docx, p

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _text_renamed(tmp_path):
    path = tmp_path / "ghi-chu.docx"
    path.write_text("Báo cáo kết quả hoạt động 6 tháng đầu năm\n", encoding="utf-8")
    return path


def _empty_file(tmp_path):
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    return path


def _truncated(tmp_path, seed_docx):
    data = seed_docx.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt(tmp_path, seed_docx):
    """The seed with bytes of word/document.xml's compressed data overwritten."""
    data = bytearray(seed_docx.read_bytes())
    with zipfile.ZipFile(seed_docx) as z:
        info = z.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:
                                                     info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len + 100
    data[start:start + 64] = bytes(64)
    path = tmp_path / "hong.docx"
    path.write_bytes(bytes(data))
    return path


def _lying_size(tmp_path):
    """A package whose directory declares 10 bytes for its whole document part."""
    path = build_docx(tmp_path / "noi-doi.docx", p("Xã Đăk Sao 6 ý kiến" * 50))
    data = bytearray(path.read_bytes())
    idx = data.find(b"PK\x01\x02")
    while idx >= 0:  # central directory entries
        name_len = struct.unpack("<H", data[idx + 28:idx + 30])[0]
        if bytes(data[idx + 46:idx + 46 + name_len]) == b"word/document.xml":
            data[idx + 24:idx + 28] = struct.pack("<I", 10)  # uncompressed size
        idx = data.find(b"PK\x01\x02", idx + 4)
    path.write_bytes(bytes(data))
    return path


def ole2(streams: dict[str, bytes]) -> bytes:
    """Return a minimal OLE2 compound file (512-byte sectors) holding `streams`."""
    end, fat_mark, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat, body, entries = [fat_mark, end], b"", [("Root Entry", 5, end, 0)]
    for name, content in streams.items():
        content = content.ljust(4096, b"\0")  # at the mini-stream cutoff: regular sectors
        first, count = len(fat), len(content) // 512
        fat += [first + i + 1 for i in range(count - 1)] + [end]
        entries.append((name, 2, first, len(content)))
        body += content
    directory = b""
    for name, kind, start, size in entries:
        raw = name.encode("utf-16-le")
        directory += (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw) + 2, kind, 1)
                      + struct.pack("<III", free, free, free) + bytes(36)
                      + struct.pack("<II", start, size) + bytes(4))
    header = (_OLE2 + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(10)
              + struct.pack("<IIIIIIII", 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_sector + directory.ljust(512, b"\0") + body


def _fib(flags: int) -> bytes:
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x042A, 0, flags)


def _encrypted(tmp_path):
    """An OLE2 file with an EncryptedPackage stream: a DOCX saved with a password."""
    path = tmp_path / "mat-khau.docx"
    path.write_bytes(ole2({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"x" * 600}))
    return path


def _encrypted_doc(tmp_path):
    """A legacy .doc whose FIB says it is encrypted (fEncrypted)."""
    path = tmp_path / "mat-khau.doc"
    path.write_bytes(ole2({"WordDocument": _fib(0x0100), "1Table": b"t"}))
    return path


def _spreadsheet_as_doc(tmp_path):
    path = tmp_path / "bang-tinh.doc"
    path.write_bytes(ole2({"Workbook": b"\x09\x08"}))
    return path


def _empty_document(tmp_path):
    path = tmp_path / "trong.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(path)
    return path


def _missing_document_xml(tmp_path):
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/core.xml", "<coreProperties/>")
    return path


def _empty_zip(tmp_path):
    path = tmp_path / "zip-rong.docx"
    zipfile.ZipFile(path, "w").close()
    return path


def _zeros_part(tmp_path, megabytes: int):
    """A package whose document part is `megabytes` MB of zeros, written in a stream."""
    path = tmp_path / f"bom-{megabytes}.docx"
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    return path


def _entity_bomb(tmp_path):
    body = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "dtd.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", body)
    return path


def _malformed_xml(tmp_path):
    path = tmp_path / "xml-hong.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    return path


def _huge_document(tmp_path):
    """Real-looking text over the reader's cap, in paragraphs of about 100 KB."""
    rng = random.Random(0)
    syllables = ("hội đồng nhân dân huyện xã kỳ họp nghị quyết giám sát cử tri ý kiến "
                 "kiến nghị thường trực đại biểu tiếp xúc phiên giải trình chất vấn").split()
    para = " ".join(rng.choices(syllables, k=20_000))
    count = docx_walk.MAX_TEXT_CHARS // len(para) + 2
    body = "".join(f"<w:p><w:r><w:t>{para}</w:t></w:r></w:p>" for _ in range(count))
    path = tmp_path / "khong-lo.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                   f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return path


BAD_FILES = {
    "text renamed .docx": (_text_renamed, "not a Word document"),
    "empty file": (_empty_file, "empty file"),
    "truncated zip": (lambda t, s: _truncated(t, s), "corrupt or truncated zip"),
    "corrupt zip": (lambda t, s: _corrupt(t, s), "corrupt"),
    "declared size lies": (_lying_size, "corrupt"),
    "password-protected": (_encrypted, "password-protected"),
    "password-protected .doc": (_encrypted_doc, "password-protected"),
    "spreadsheet named .doc": (_spreadsheet_as_doc, "no Word document"),
    "empty document": (_empty_document, "empty document (no text)"),
    "missing document.xml": (_missing_document_xml, "missing word/document.xml"),
    "empty zip": (_empty_zip, "missing word/document.xml"),
    "part over the size cap": (lambda t: _zeros_part(t, 60), "too large"),
    "zip bomb under the size cap": (lambda t: _zeros_part(t, 20), "zip bomb"),
    "DTD and entities": (_entity_bomb, "DTD"),
    "malformed XML": (_malformed_xml, "malformed XML"),
    "huge document": (_huge_document, "document too large"),
}


def _build(name, tmp_path, seed_docx):
    make, _ = BAD_FILES[name]
    try:
        return make(tmp_path, seed_docx)
    except TypeError:
        return make(tmp_path)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_gives_one_line_naming_file_and_problem(name, tmp_path, seed_docx):
    path = _build(name, tmp_path, seed_docx)
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert err.value.file == str(path)
    assert message.startswith(f"{path}: ")
    assert BAD_FILES[name][1] in err.value.problem
    assert "\n" not in message and len(message) < 400


def test_ole2_builder_makes_files_the_reader_can_inspect():
    from extractors.reader import legacy

    assert legacy.inspect_ole(ole2({"WordDocument": _fib(0), "1Table": b"t"})) == "word"
    assert legacy.inspect_ole(ole2({"WordDocument": _fib(0x0100)})) == "encrypted"
    assert legacy.inspect_ole(SEED_DOC.read_bytes()) == "word"


def test_zip_bomb_is_refused_before_decompression(tmp_path, monkeypatch):
    path = _zeros_part(tmp_path, 60)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open",
                        lambda self, name, *a, **k: opened.append(name) or real_open(
                            self, name, *a, **k))
    with pytest.raises(InputError):
        read_document(path)
    assert "word/document.xml" not in [getattr(n, "filename", n) for n in opened]


def test_a_batch_reads_every_good_file_whatever_the_bad_ones(tmp_path, seed_docx):
    good = [seed_docx, build_docx(tmp_path / "tot.docx", p("Xã Đăk Sao 6 ý kiến"))]
    bad = [_build(name, tmp_path, seed_docx) for name in sorted(BAD_FILES)
           if name not in ("huge document", "part over the size cap")]
    batch = bad[:3] + good[:1] + bad[3:] + good[1:]
    read, failed = [], []
    for path in batch:
        try:
            read.append(read_document(path).file)
        except InputError as e:
            failed.append(e.file)
    assert sorted(set(read)) == sorted(str(g) for g in good)
    assert sorted(failed) == sorted(str(b) for b in bad)


def _mutations(seed: bytes, count: int):
    """Yield damaged copies of a DOCX: flipped bytes in the zip, or cuts, copies and stray
    markup inside its XML parts (re-zipped, so the damage reaches the parser and the walk)."""
    rng = random.Random(2024)
    with zipfile.ZipFile(io.BytesIO(seed)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    names = ["word/document.xml", "word/footnotes.xml", "word/styles.xml",
             "word/numbering.xml", "word/_rels/document.xml.rels", "_rels/.rels"]
    for _ in range(count):
        if rng.random() < 0.4:
            data = bytearray(seed)
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            yield bytes(data)
            continue
        changed = dict(parts)
        name = rng.choice(names)
        xml = bytearray(changed[name])
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(xml))
            choice = rng.random()
            if choice < 0.3:
                del xml[at:at + rng.randint(1, 30)]
            elif choice < 0.6:
                src = rng.randrange(len(xml))
                xml[at:at] = xml[src:src + rng.randint(1, 200)]
            else:
                xml[at] = rng.choice(b'<>/"=w:ab0 ')
        changed[name] = bytes(xml)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for part, content in changed.items():
                z.writestr(part, content)
        yield buffer.getvalue()


def test_damaged_copies_of_the_seed_read_or_fail_in_one_line(tmp_path, seed_docx):
    outcomes = {"read": 0, "refused": 0}
    for i, data in enumerate(_mutations(seed_docx.read_bytes(), 120)):
        path = tmp_path / f"hong-{i}.docx"
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


def test_photos_do_not_count_against_the_reader_only_parts_it_reads(tmp_path, monkeypatch):
    """A DOCX is read part by part: a large photo is hashed, never decompressed or held."""
    from extractors import reader

    path = build_docx(tmp_path / "anh.docx", p("Báo cáo có ảnh"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        z.writestr("word/media/image1.jpeg", random.Random(1).randbytes(3 * 2**20))
    monkeypatch.setattr(reader, "MAX_LEGACY_BYTES", 2**20)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == ["Báo cáo có ảnh"]
    assert doc.size == path.stat().st_size
    monkeypatch.setattr(reader, "MAX_DOCX_BYTES", 2**20)
    with pytest.raises(InputError, match="file too large"):
        read_document(path)


@pytest.mark.parametrize("flag_bits, method, problem", [
    (0x1, zipfile.ZIP_DEFLATED, "is encrypted"),  # the zip's own (weak) encryption
    (0x0, 99, "corrupt zip entry"),  # a compression method zipfile does not know
])
def test_zip_entries_that_cannot_be_opened(tmp_path, flag_bits, method, problem):
    path = build_docx(tmp_path / "mahoa.docx", p("Xã Đăk Sao"))
    data = bytearray(path.read_bytes())
    idx = data.find(b"PK\x01\x02")
    while idx >= 0:  # patch every directory entry: flags and compression method
        data[idx + 8:idx + 10] = struct.pack("<H", flag_bits)
        data[idx + 10:idx + 12] = struct.pack("<H", method)
        idx = data.find(b"PK\x01\x02", idx + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=problem):
        read_document(path)
