"""The text of a .doc and the formatting laid over it.

The piece table (Clx, [MS-DOC] 2.9.38) maps character positions (CPs) to bytes of the
WordDocument stream: each piece is 8-bit (cp1252, "compressed") or UTF-16, and carries a Prm
of extra properties (fast-saved files). Direct formatting lives in 512-byte FKP pages listed
by two bin tables: CHPX pages for runs of characters, PAPX pages for paragraphs, both keyed by
stream offsets (FCs). Properties are lists of Prl: a 2-byte sprm and its operand.

Every count read from the file is checked against what the bytes can hold, and the whole text
is capped before it is decoded, so a damaged file fails in one line, never with unbounded work.
"""
from __future__ import annotations

import struct
from bisect import bisect_right

from extractors.reader.msdoc.container import DocProblem

MAX_CPS = 10_000_000  # characters of all stories: twice the reader's cap on block text
MAX_RUNS = 2_000_000  # formatting runs: far beyond any report
_SPRA_SIZE = (1, 1, 2, 4, 2, 2, 0, 3)  # operand size by sprm.spra; 6: variable
_TDEF_TABLE = (0xD608, 0xD606)  # sprmTDefTable(10): 2-byte length, as [MS-DOC] 2.2.5.1 says
_CHG_TABS = 0xC615  # sprmPChgTabs: 1-byte length, 255 meaning "count the tabs"
HUGE_PAPX = 0x6646  # sprmPHugePapx: the paragraph's properties sit in the Data stream
# Prm0 ([MS-DOC] 2.9.215): a piece's one sprm, by index; only those the reader uses.
_PRM0 = {0x0C: 0x260A, 0x18: 0x2416, 0x19: 0x2417, 0x41: 0x0800, 0x42: 0x0801, 0x5C: 0x083C}
# Compressed text is cp1252, except the bytes it leaves undefined, which keep their value.
_CP1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in
           (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def u16(data: bytes, at: int) -> int:
    return data[at] | data[at + 1] << 8


def u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 4], "little")


def prls(grpprl: bytes):
    """Yield (sprm, operand) of each Prl in `grpprl`; a cut-off last Prl is left out."""
    at, end = 0, len(grpprl)
    while at + 2 <= end:
        sprm = grpprl[at] | grpprl[at + 1] << 8
        at += 2
        size = _SPRA_SIZE[sprm >> 13]
        if size == 0:
            if at >= end:
                return
            if sprm in _TDEF_TABLE:
                size = u16(grpprl, at) + 1 if at + 2 <= end else end
            elif sprm == _CHG_TABS and grpprl[at] == 255 and at + 2 < end:
                deleted = grpprl[at + 1]
                added_at = at + 2 + 4 * deleted
                added = grpprl[added_at] if added_at < end else 0
                size = 3 + 4 * deleted + 3 * added
            else:
                size = 1 + grpprl[at]
        if at + size > end:
            return
        yield sprm, grpprl[at:at + size]
        at += size


def plc(data: bytes, item: int, name: str) -> tuple[list[int], list[bytes]]:
    """Return (n + 1 positions, n items of `item` bytes) of a PLC ([MS-DOC] 2.2.2)."""
    n, rest = divmod(len(data) - 4, 4 + item)
    if n < 0 or rest:
        raise DocProblem(f"{name} hỏng (độ dài {len(data)}) / corrupt {name} (length"
                         f" {len(data)})")
    positions = list(struct.unpack_from(f"<{n + 1}I", data))
    base = 4 * (n + 1)
    return positions, [data[base + item * i:base + item * (i + 1)] for i in range(n)]


class Pieces:
    """The piece table: CP ranges, where their characters lie, and their Prm."""

    def __init__(self, clx: bytes, word_size: int):
        self.grpprls: list[bytes] = []  # the Prc array: property lists Prm points to
        at = 0
        while at < len(clx) and clx[at] == 1:
            size = int.from_bytes(clx[at + 1:at + 3], "little", signed=True)
            if size < 0 or at + 3 + size > len(clx):
                raise DocProblem("bảng mảnh văn bản hỏng (Prc) / corrupt piece table (Prc)")
            self.grpprls.append(clx[at + 3:at + 3 + size])
            at += 3 + size
        if at + 5 > len(clx) or clx[at] != 2:
            raise DocProblem("bảng mảnh văn bản hỏng (không có Pcdt) / corrupt piece table"
                             " (no Pcdt)")
        size = u32(clx, at + 1)
        cps, pcds = plc(clx[at + 5:at + 5 + size], 8, "PlcPcd")
        if len(pcds) > MAX_RUNS:
            raise DocProblem(f"quá nhiều mảnh văn bản ({len(pcds)}) / too many pieces of text"
                             f" ({len(pcds)})")
        if len(pcds) == 0 or cps[0] != 0 or any(a >= b for a, b in zip(cps, cps[1:])):
            raise DocProblem("bảng mảnh văn bản hỏng (vị trí không tăng dần) / corrupt piece"
                             " table (positions not increasing)")
        if cps[-1] > MAX_CPS:
            raise DocProblem(f"tài liệu quá lớn ({cps[-1]} ký tự) / document too large"
                             f" ({cps[-1]} characters, over {MAX_CPS})")
        self.cps = cps
        self.surrogates = False  # the text holds surrogates (characters beyond U+FFFF)
        self.starts: list[int] = []  # byte offset of each piece in WordDocument
        self.widths: list[int] = []  # 1: compressed cp1252, 2: UTF-16
        self.prms: list[int] = []
        for i, pcd in enumerate(pcds):
            fc, prm = u32(pcd, 2), u16(pcd, 6)
            wide = 1 if fc & 0x40000000 else 2
            start = (fc & 0x3FFFFFFF) // 2 if wide == 1 else fc
            if start + (cps[i + 1] - cps[i]) * wide > word_size:
                raise DocProblem("bảng mảnh văn bản trỏ ra ngoài luồng WordDocument / the piece"
                                 " table points past the end of the WordDocument stream")
            self.starts.append(start)
            self.widths.append(wide)
            self.prms.append(prm)

    def text(self, word: bytes) -> str:
        """Return the whole text, one character per CP (a UTF-16 surrogate stays one: see
        `self.surrogates`)."""
        out = []
        for i, start in enumerate(self.starts):
            n = self.cps[i + 1] - self.cps[i]
            if self.widths[i] == 1:
                chunk = word[start:start + n].decode("latin-1")
                if not chunk.isascii():
                    chunk = chunk.translate(_CP1252)
            else:
                raw = word[start:start + 2 * n]
                chunk = raw.decode("utf-16-le", "surrogatepass")
                if len(chunk) != n:  # a surrogate pair became one character: keep CPs
                    chunk = "".join(map(chr, struct.unpack(f"<{n}H", raw)))
                    self.surrogates = True
            out.append(chunk)
        return "".join(out)

    def locate(self, cp: int) -> tuple[int, int]:
        """Return (FC, piece index) of character `cp`."""
        i = min(bisect_right(self.cps, cp) - 1, len(self.starts) - 1)
        return self.starts[i] + (cp - self.cps[i]) * self.widths[i], i

    def prm_prls(self, i: int) -> tuple[tuple[int, bytes], ...]:
        """Return the Prls the Prm of piece `i` adds (none for most files)."""
        prm = self.prms[i]
        if prm & 1:
            index = prm >> 1
            return tuple(prls(self.grpprls[index])) if index < len(self.grpprls) else ()
        sprm = _PRM0.get((prm >> 1) & 0x7F)
        return ((sprm, bytes([prm >> 8])),) if sprm is not None and prm > 1 else ()


def _page(word: bytes, pn: int, name: str) -> bytes:
    page = word[pn * 512:pn * 512 + 512]
    if len(page) < 512:
        raise DocProblem(f"trang {name} nằm ngoài luồng WordDocument / an {name} page lies past"
                         " the end of the WordDocument stream")
    return page


def chpx_runs(word: bytes, bin_table: bytes | None) -> list[tuple[int, int, bytes]]:
    """Return the (first FC, end FC, grpprl) of every run of character formatting."""
    if bin_table is None:
        return []
    _, pns = plc(bin_table, 4, "PlcBteChpx")
    runs = []
    for pn in pns:
        page = _page(word, u32(pn, 0) & 0x3FFFFF, "CHPX FKP")
        crun = page[511]
        if 5 * crun + 4 > 511:
            raise DocProblem("trang CHPX FKP hỏng / corrupt CHPX FKP page")
        for j in range(crun):
            b = page[4 * (crun + 1) + j]
            grpprl = page[2 * b + 1:2 * b + 1 + page[2 * b]] if b else b""
            runs.append((u32(page, 4 * j), u32(page, 4 * j + 4), grpprl))
    if len(runs) > MAX_RUNS:
        raise DocProblem(f"quá nhiều đoạn định dạng ({len(runs)}) / too many formatting runs"
                         f" ({len(runs)})")
    runs.sort(key=lambda r: r[0])
    return runs


def papx_runs(word: bytes, data: bytes, bin_table: bytes | None,
              ) -> tuple[list[int], list[tuple[int, int, bytes]]]:
    """Return (first FCs, (end FC, istd, grpprl)) of the paragraph runs, sorted by FC."""
    if bin_table is None:
        return [], []
    _, pns = plc(bin_table, 4, "PlcBtePapx")
    runs = []
    for pn in pns:
        page = _page(word, u32(pn, 0) & 0x3FFFFF, "PAPX FKP")
        crun = page[511]
        if 17 * crun + 4 > 511:
            raise DocProblem("trang PAPX FKP hỏng / corrupt PAPX FKP page")
        for j in range(crun):
            at = 2 * page[4 * (crun + 1) + 13 * j]
            istd, grpprl = 0, b""
            if at:
                size = 2 * page[at] - 1 if page[at] else 2 * page[at + 1]
                body = page[at + 1:at + 1 + size] if page[at] else page[at + 2:at + 2 + size]
                istd, grpprl = (u16(body, 0), body[2:]) if len(body) >= 2 else (0, b"")
                grpprl = _huge(grpprl, data)
            runs.append((u32(page, 4 * j), u32(page, 4 * j + 4), istd, grpprl))
    if len(runs) > MAX_RUNS:
        raise DocProblem(f"quá nhiều đoạn văn ({len(runs)}) / too many paragraphs"
                         f" ({len(runs)})")
    runs.sort(key=lambda r: r[0])
    return [r[0] for r in runs], [r[1:] for r in runs]


def _huge(grpprl: bytes, data: bytes) -> bytes:
    """Return `grpprl` with a sprmPHugePapx replaced by the Prls it points to in Data."""
    if HUGE_PAPX.to_bytes(2, "little") not in grpprl:
        return grpprl
    out = b""
    for sprm, operand in prls(grpprl):
        if sprm == HUGE_PAPX:
            at = u32(operand, 0)
            size = u16(data, at) if at + 2 <= len(data) else 0
            out += data[at + 2:at + 2 + size]
        else:
            out += sprm.to_bytes(2, "little") + operand
    return out


def char_runs(pieces: Pieces, runs: list[tuple[int, int, bytes]],
              ) -> tuple[list[int], list[tuple[int, bytes, int]]]:
    """Return (first CPs, (end CP, grpprl, piece index)) of the character runs in CP order.

    A stretch no FKP describes gets the empty grpprl (the style's properties)."""
    run_ends = [r[1] for r in runs]
    starts: list[int] = []
    out: list[tuple[int, bytes, int]] = []
    budget = 2 * (len(runs) + len(pieces.starts))  # runs met: once each, unless pieces overlap
    for i, fc0 in enumerate(pieces.starts):
        cp0, cp1, wide = pieces.cps[i], pieces.cps[i + 1], pieces.widths[i]
        fc1 = fc0 + (cp1 - cp0) * wide
        cp = cp0
        k = bisect_right(run_ends, fc0)
        while k < len(runs) and runs[k][0] < fc1 and cp < cp1:
            a = cp0 + max(0, runs[k][0] - fc0) // wide
            b = min(cp1, cp0 + -(-(runs[k][1] - fc0) // wide))
            if a > cp:
                starts.append(cp)
                out.append((a, b"", i))
                cp = a
            if b > cp:
                starts.append(cp)
                out.append((b, runs[k][2], i))
                cp = b
            k += 1
            budget -= 1
            if budget < 0:
                raise DocProblem("mảnh văn bản và đoạn định dạng chồng lên nhau / pieces of"
                                 " text and formatting runs overlap (corrupt tables)")
        if cp < cp1:
            starts.append(cp)
            out.append((cp1, b"", i))
    return starts, out


def join_surrogates(text: str) -> str:
    """Return `text` with UTF-16 surrogate pairs made characters, lone ones U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
