"""A writer of small Word 97 (.doc) files for tests: what the native reader must read.

It writes what Word and LibreOffice write for the features the reader follows, and nothing
more: the FIB, the text in one or two pieces (UTF-16, or 8-bit cp1252), character runs
(fonts, hidden, deleted, special characters, symbols), paragraphs (style, table cells and rows,
nesting, numbering), footnotes, text boxes, headers, fonts, styles and lists, in an OLE2
compound file. `tests/test_msdoc.py` checks that LibreOffice reads these files as the native
reader does, when it is installed.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END, _FAT_MARK, _FREE = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_FIELD_TYPES = {"REF": 0x03, "TOC": 0x0D, "PAGE": 0x21, "HYPERLINK": 0x58}


@dataclass
class Run:
    text: str
    font: str | None = None
    hidden: bool = False
    deleted: bool = False
    special: bool = False  # sprmCFSpec: \x02 note marks, \x01 pictures, "(" symbols
    symbol: tuple[str, int] | None = None  # (font, character) of sprmCSymbol
    note: bool = False  # this run is a footnote reference mark


@dataclass
class Para:
    runs: list[Run]
    end: str = "\r"  # "\x07" for a cell mark
    style: int = 0
    in_table: bool = False
    row_end: bool = False
    depth: int = 1
    inner_cell: bool = False
    inner_row_end: bool = False
    bounds: list[int] | None = None  # sprmTDefTable cell boundaries, on a row end
    list_id: int | None = None  # ilfo (1-based)
    level: int | None = None
    deleted_mark: bool = False


@dataclass
class Level:
    fmt: int  # nfc: 0 decimal, 1 upper roman, 4 lower letter, 23 bullet
    text: str  # with "%1".."%9" for the levels' numbers
    start: int = 1


@dataclass
class Doc:
    body: list[Para]
    footnotes: list[list[Para]] = field(default_factory=list)
    headers: list[Para] = field(default_factory=list)  # one odd-page header
    textboxes: list[list[Para]] = field(default_factory=list)
    styles: list[str] = field(default_factory=lambda: ["Normal"])
    lists: list[list[Level]] = field(default_factory=list)  # one LFO per list, in order
    compressed: bool = False  # 8-bit text pieces where cp1252 can hold the text
    split: bool = False  # the text in two pieces


def cell(text: str, **kw) -> Para:
    return Para([Run(text)], end="\x07", in_table=True, **kw)


def row_end(bounds: list[int], depth: int = 1) -> Para:
    if depth == 1:
        return Para([], end="\x07", in_table=True, row_end=True, bounds=bounds)
    return Para([], in_table=True, depth=depth, inner_cell=True, inner_row_end=True,
                bounds=bounds)


def _code_units(text: str) -> str:
    """Return `text` one character per UTF-16 code unit (a CP): astral characters as their
    surrogate pairs."""
    raw = text.encode("utf-16-le")
    return "".join(chr(u) for u in struct.unpack(f"<{len(raw) // 2}H", raw))


def _sprm(code: int, operand: bytes) -> bytes:
    return struct.pack("<H", code) + operand


def _plc(positions: list[int], items: list[bytes] = ()) -> bytes:
    return struct.pack(f"<{len(positions)}I", *positions) + b"".join(items)


def build(doc: Doc) -> bytes:
    """Return the bytes of a .doc holding `doc`."""
    return compound(streams(doc))


def streams(doc: Doc) -> dict[str, bytes]:
    """Return the WordDocument and 1Table streams of a .doc holding `doc`."""
    fonts = ["Times New Roman", "Symbol"]

    def ftc(name: str) -> int:
        if name not in fonts:
            fonts.append(name)
        return fonts.index(name)

    text: list[str] = []
    runs: list[tuple[int, int, bytes]] = []  # CP start, CP end, grpprl
    paras: list[tuple[int, int, bytes]] = []
    note_refs: list[tuple[int, bool]] = []  # (CP, auto-numbered)

    def story(paragraphs: list[Para]) -> None:
        for para in paragraphs:
            start = sum(map(len, text))
            for run in para.runs:
                at = sum(map(len, text))
                if run.note:
                    note_refs.append((at, run.text == "\x02"))
                grpprl = b""
                if run.font:
                    grpprl += _sprm(0x4A4F, struct.pack("<H", ftc(run.font)))
                    grpprl += _sprm(0x4A51, struct.pack("<H", ftc(run.font)))
                if run.hidden:
                    grpprl += _sprm(0x083C, b"\x01")
                if run.deleted:
                    grpprl += _sprm(0x0800, b"\x01")
                if run.special or run.note:
                    grpprl += _sprm(0x0855, b"\x01")
                if run.symbol:
                    grpprl += _sprm(0x6A09, struct.pack("<HH", ftc(run.symbol[0]),
                                                        run.symbol[1]))
                units = _code_units(run.text)
                text.append(units)
                runs.append((at, at + len(units), grpprl))
            at = sum(map(len, text))
            text.append(para.end)
            runs.append((at, at + 1, _sprm(0x0800, b"\x01") if para.deleted_mark else b""))
            grpprl = struct.pack("<H", para.style)
            if para.in_table:
                grpprl += _sprm(0x2416, b"\x01") + _sprm(0x6649, struct.pack("<i", para.depth))
            if para.row_end:
                grpprl += _sprm(0x2417, b"\x01")
            if para.inner_cell:
                grpprl += _sprm(0x244B, b"\x01")
            if para.inner_row_end:
                grpprl += _sprm(0x244C, b"\x01")
            if para.bounds:
                n = len(para.bounds) - 1
                body = bytes([n]) + struct.pack(f"<{n + 1}h", *para.bounds) + bytes(20 * n)
                grpprl += _sprm(0xD608, struct.pack("<H", len(body) + 1) + body)
            if para.list_id is not None:
                grpprl += _sprm(0x460B, struct.pack("<h", para.list_id))
            if para.level is not None:
                grpprl += _sprm(0x260A, bytes([para.level]))
            paras.append((start, at + 1, grpprl))

    story(doc.body)
    ccp_text = sum(map(len, text))
    note_starts = []
    for note in doc.footnotes:
        note_starts.append(sum(map(len, text)) - ccp_text)
        story(note)
    if doc.footnotes:
        story([Para([])])  # the guard paragraph after the last note
    ccp_ftn = sum(map(len, text)) - ccp_text
    header_start = sum(map(len, text))
    if doc.headers:
        story([Para([]) for _ in range(6)])  # the six note separators, empty paragraphs
        story(doc.headers)
        story([Para([])])  # the guard
    ccp_hdd = sum(map(len, text)) - header_start
    box_start = sum(map(len, text))
    box_starts = []
    for box in doc.textboxes:
        box_starts.append(sum(map(len, text)) - box_start)
        story(box)
    ccp_txbx = sum(map(len, text)) - box_start
    if ccp_ftn or ccp_hdd or ccp_txbx:
        story([Para([])])  # the final paragraph mark after the stories
    if ccp_ftn:
        note_starts += [ccp_ftn - 1, ccp_ftn]  # the end of the last note, then undefined
    full = "".join(text)

    # WordDocument: the FIB, the text (pieces), then the FKP pages.
    word = bytearray(1024)
    cut = len(full) // 2 if doc.split else len(full)
    pieces = []  # (CP start, CP end, byte start, compressed)
    for a, b in ((0, cut), (cut, len(full))):
        if a == b:
            continue
        chunk = full[a:b]
        compressed = doc.compressed and all(ord(c) < 0x80 or 0xA0 <= ord(c) < 0x100
                                            for c in chunk)
        pieces.append((a, b, len(word), compressed))
        word += chunk.encode("latin-1") if compressed else chunk.encode("utf-16-le",
                                                                        "surrogatepass")

    def fc(cp: int) -> int:
        for a, b, start, compressed in pieces:
            if a <= cp < b or (cp == b == len(full)):
                return start + (cp - a) * (1 if compressed else 2)
        raise ValueError(cp)

    def fkp_pages(items: list[tuple[int, int, bytes]], papx: bool) -> list[tuple[int, int]]:
        """Write FKP pages of the (CP start, CP end, grpprl) items; return (first FC, pn)."""
        out = []
        for i in range(0, len(items), 4):
            chunk = items[i:i + 4]
            # split at piece boundaries: an FKP run lies within one piece's bytes
            spans = []
            for a, b, grpprl in chunk:
                for pa, pb, _, compressed in pieces:
                    lo, hi = max(a, pa), min(b, pb)
                    if lo < hi:
                        spans.append((fc(lo), fc(hi - 1) + (1 if compressed else 2), grpprl))
            page = bytearray(512)
            n = len(spans)
            for j, (f0, _, _) in enumerate(spans):
                struct.pack_into("<I", page, 4 * j, f0)
            struct.pack_into("<I", page, 4 * n, spans[-1][1])
            top = 511
            for j, (_, _, grpprl) in enumerate(spans):
                if not papx:
                    blob = bytes([len(grpprl)]) + grpprl
                elif len(grpprl) % 2:  # PapxInFkp: cb words, less one byte
                    blob = bytes([(len(grpprl) + 1) // 2]) + grpprl
                else:
                    blob = bytes([0, len(grpprl) // 2]) + grpprl
                top = (top - len(blob)) & ~1
                assert top > 4 * (n + 1) + 13 * n, "FKP page overflow"

                page[top:top + len(blob)] = blob
                if papx:
                    page[4 * (n + 1) + 13 * j] = top // 2
                else:
                    page[4 * (n + 1) + j] = top // 2
            page[511] = n
            while len(word) % 512:
                word.append(0)
            out.append((spans[0][0], len(word) // 512))
            word.extend(page)
        return out

    chpx = fkp_pages(runs, papx=False)
    papx = fkp_pages(paras, papx=True)
    end_fc = len(word)

    # The table stream.
    table = bytearray()
    pairs: dict[int, tuple[int, int]] = {}

    def put(index: int, data: bytes) -> None:
        pairs[index] = (len(table), len(data))
        table.extend(data)

    stshi = struct.pack("<HHHHHH", len(doc.styles), 10, 1, 0, 0, 0) + struct.pack("<HHH", 0,
                                                                                  0, 0)
    stsh = struct.pack("<H", len(stshi)) + stshi
    for istd, name in enumerate(doc.styles):
        std = struct.pack("<HHHHH", 0 if istd == 0 else 0xFFE,
                          1 | (0xFFF if istd == 0 else 0) << 4, 2 | istd << 4, 0, 0)
        std += struct.pack("<H", len(name)) + name.encode("utf-16-le") + b"\0\0"
        std += struct.pack("<HH", 2, istd) + struct.pack("<H", 0)  # UpxPapx, empty UpxChpx
        stsh += struct.pack("<H", len(std)) + std
    put(1, stsh)
    if doc.footnotes:
        put(2, _plc([cp for cp, _ in note_refs] + [ccp_text + 1],
                    [struct.pack("<H", auto) for _, auto in note_refs]))
        put(3, _plc(note_starts))
    if doc.headers:
        # six note separators, then the section's even header (empty), odd header, even
        # and odd footers, first-page header and footer (empty); the end; the guard
        end = ccp_hdd - 1
        put(11, _plc(list(range(6)) + [6, 6] + [end] * 5 + [ccp_hdd]))
    marks = [cp for cp, ch in enumerate(full[:ccp_text]) if ch in "\x13\x14\x15"]
    if marks:  # PlcFldMom: where the main text's fields begin, separate and end
        def flt(cp: int) -> int:  # the field's type, from the first word of its code
            words = full[cp + 1:cp + 40].split()
            return _FIELD_TYPES.get(words[0] if words else "", 0x01)

        put(16, _plc(marks + [ccp_text], [bytes([ord(full[cp]), flt(cp) if full[cp] == "\x13"
                                                 else 0]) for cp in marks]))
    chpx_bins = [f for f, _ in chpx] + [end_fc]
    put(12, _plc(chpx_bins, [struct.pack("<I", pn) for _, pn in chpx]))
    papx_bins = [f for f, _ in papx] + [end_fc]
    put(13, _plc(papx_bins, [struct.pack("<I", pn) for _, pn in papx]))
    ffns = b""
    for name in fonts:
        ffn = bytes([0x16]) + struct.pack("<H", 400) + bytes([0, 0]) + bytes(10) + bytes(24)
        ffn += name.encode("utf-16-le") + b"\0\0"
        ffns += bytes([len(ffn)]) + ffn
    put(15, struct.pack("<HH", len(fonts), 0) + ffns)
    pcds = b"".join(struct.pack("<HIH", 0, (start * 2 | 0x40000000) if compressed else start, 0)
                    for _, _, start, compressed in pieces)
    plcpcd = _plc([a for a, _, _, _ in pieces] + [len(full)], [pcds])
    put(33, b"\x02" + struct.pack("<I", len(plcpcd)) + plcpcd)
    if doc.textboxes:
        put(56, _plc(box_starts + [ccp_txbx], [bytes(22)] * len(box_starts)))
    if doc.lists:
        lst = struct.pack("<h", len(doc.lists))
        lvls = b""
        for i, levels in enumerate(doc.lists):
            lst += struct.pack("<ii", 100 + i, 0) + struct.pack("<9H", *[0xFFF] * 9) + bytes(2)
            for ilvl in range(9):
                lvl = levels[ilvl] if ilvl < len(levels) else Level(0, f"%{ilvl + 1}.")
                xst, numbers = "", []
                pos = 0
                while pos < len(lvl.text):
                    if lvl.text[pos] == "%" and lvl.text[pos + 1:pos + 2].isdigit():
                        xst += chr(int(lvl.text[pos + 1]) - 1)
                        numbers.append(len(xst))
                        pos += 2
                    else:
                        xst += lvl.text[pos]
                        pos += 1
                lvlf = struct.pack("<iBB", lvl.start, lvl.fmt, 0)
                lvlf += bytes(numbers + [0] * (9 - len(numbers))) + bytes([0]) + bytes(8)
                lvlf += bytes([0, 0, 0, 0])
                lvls += lvlf + struct.pack("<H", len(xst)) + xst.encode("utf-16-le")
        put(73, lst)
        table.extend(lvls)  # the LVLs follow the PlfLst
        lfo = struct.pack("<I", len(doc.lists))
        lfo += b"".join(struct.pack("<iiiBBBB", 100 + i, 0, 0, 0, 0, 0, 0)
                        for i in range(len(doc.lists)))
        lfo += b"".join(struct.pack("<I", 0xFFFFFFFF) for _ in doc.lists)
        put(74, lfo)

    fib = bytearray(struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0409, 0, 0x1200))
    fib += bytes(32 - len(fib))
    fib += struct.pack("<H", 14) + bytes(28)
    lw = [end_fc, 0, 0, ccp_text, ccp_ftn, ccp_hdd, 0, 0, 0, ccp_txbx, 0] + [0] * 11
    fib += struct.pack("<H", 22) + struct.pack("<22i", *lw)
    # FibRgFcLcb2000 (108 pairs) and nFibNew 0x00D9: Word 2000, the first with nested tables
    fib += struct.pack("<H", 108)
    for index in range(108):
        fib += struct.pack("<II", *pairs.get(index, (0, 0)))
    fib += struct.pack("<HHH", 2, 0x00D9, 0)
    word[:len(fib)] = fib
    return {"WordDocument": bytes(word), "1Table": bytes(table)}


def compound(streams: dict[str, bytes]) -> bytes:
    """Return an OLE2 compound file (512-byte sectors, no mini stream) holding `streams`."""
    body, fat, entries = b"", [], []
    for name, content in streams.items():
        content = content.ljust(4096, b"\0")
        content += bytes(-len(content) % 512)
        first, count = len(fat), len(content) // 512
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        entries.append((name, first, len(content)))
        body += content
    dir_sector = len(fat)
    fat.append(_END)
    fat_sectors = 1
    while 128 * fat_sectors < len(fat) + fat_sectors:
        fat_sectors += 1
    first_fat = len(fat)
    fat += [_FAT_MARK] * fat_sectors
    directory = _entry("Root Entry", 5, _FREE, 1, _END, 0)
    for i, (name, first, size) in enumerate(entries, 1):
        directory += _entry(name, 2, i + 1 if i < len(entries) else _FREE, _FREE, first, size)
    directory = directory.ljust(512, b"\0")
    difat = list(range(first_fat, first_fat + fat_sectors)) + [_FREE] * (109 - fat_sectors)
    header = (_OLE2 + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_sector, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512 * fat_sectors, b"\xff")
    return header + body + directory + fat_bytes


def _entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le")
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw) + 2, kind, 1)
            + struct.pack("<III", _FREE, right, child) + bytes(36)
            + struct.pack("<II", start, size) + bytes(4))
