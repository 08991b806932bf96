"""The compound file and the FIB: the streams of a .doc and where its structures lie.

olefile reads the OLE2 container; every stream read is bounded by the file's size (olefile
caps the FAT at the sectors the file holds) and its sector chain is checked for loops here,
which olefile does not do for streams. The FIB (File Information Block, [MS-DOC] 2.5) opens
the WordDocument stream; its fc/lcb pairs locate everything else in the table stream.
"""
from __future__ import annotations

import io
import struct

import olefile

# Indexes of fc/lcb pairs in FibRgFcLcb97 ([MS-DOC] 2.5.6).
STSHF, PLCFFNDREF, PLCFFNDTXT, PLCFSED, PLCFHDD = 1, 2, 3, 6, 11
PLCFBTECHPX, PLCFBTEPAPX, STTBFFFN, CLX = 12, 13, 15, 33
PLCFENDREF, PLCFENDTXT, PLCFTXBXTXT, PLFLST, PLFLFO = 46, 47, 56, 73, 74

_WORD97_IDENT = 0xA5EC  # wIdent of Word 97 and later
_WORD6_IDENT = 0xA5DC  # Word 6.0 and Word 95 (their Far East editions write others)
_WORD6_NFIB = 101  # nFib of Word 6.0; Word 95 writes 104
_WORD97_NFIB = 0xC1  # nFib of Word 97; later versions write 0xC1 here too, or more
_F_COMPLEX, _F_ENCRYPTED, _F_WHICH_TABLE, _F_OBFUSCATED = 0x0004, 0x0100, 0x0200, 0x8000
_STORIES = ("ccpText", "ccpFtn", "ccpHdd", "ccpMcr", "ccpAtn", "ccpEdn", "ccpTxbx",
            "ccpHdrTxbx")
# What olefile raises on damaged containers (beyond its own OleFileError, an OSError).
_OLE_ERRORS = (OSError, ValueError, IndexError, KeyError, struct.error, OverflowError,
               TypeError, AttributeError, UnicodeDecodeError, ZeroDivisionError, MemoryError)


class DocUnsupported(Exception):
    """A sound .doc this reader does not read (another Word version, encrypted, ...);
    `vi` and `en` say what it is, the message is both (one line, Vietnamese first)."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.vi, self.en = vi, en


class DocEncrypted(DocUnsupported):
    """A .doc saved with a password (encrypted or obfuscated)."""


class DocProblem(Exception):
    """A .doc that cannot be read: its structure is broken, or it is too large; the message
    (one line, Vietnamese first) names the problem."""


def _u16(data: bytes, at: int) -> int:
    return data[at] | data[at + 1] << 8


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 4], "little")


class Fib:
    """The FIB fields the reader needs: story lengths, flags and fc/lcb pairs."""

    def __init__(self, word: bytes):
        if len(word) < 0x200:
            raise DocProblem("luồng WordDocument quá ngắn / the WordDocument stream is too short"
                             f" ({len(word)} bytes)")
        ident, self.nfib = _u16(word, 0), _u16(word, 2)
        flags = _u16(word, 10)
        if ident == _WORD6_IDENT or (_WORD6_NFIB <= self.nfib < _WORD97_NFIB):
            raise DocUnsupported("tệp Word 6.0/95 (định dạng cũ hơn Word 97)",
                                 f"a Word 6.0/95 file (nFib {self.nfib}), older than Word 97")
        if ident != _WORD97_IDENT:
            raise DocProblem(f"FIB hỏng (wIdent {ident:#06x}) / corrupt FIB (wIdent"
                             f" {ident:#06x}, not a Word document)")
        if flags & (_F_ENCRYPTED | _F_OBFUSCATED):
            raise DocEncrypted("tệp có mật khẩu", "password-protected file")
        self.complex = bool(flags & _F_COMPLEX)  # fast-saved: several pieces, Prc properties
        self.table_name = "1Table" if flags & _F_WHICH_TABLE else "0Table"
        # FibBase (32 bytes), csw + FibRgW97, cslw + FibRgLw97, cbRgFcLcb + the fc/lcb pairs.
        at = 32
        csw = _u16(word, at)
        at += 2 + 2 * csw
        cslw = _u16(word, at) if at + 2 <= len(word) else 0
        if cslw < 11:
            raise DocProblem(f"FIB hỏng (cslw {cslw}) / corrupt FIB (cslw {cslw})")
        lw = at + 2
        if lw + 4 * len(_STORIES) + 12 > len(word):
            raise DocProblem("FIB hỏng (bị cắt cụt) / corrupt FIB (cut short)")
        self.ccp = {name: struct.unpack_from("<i", word, lw + 12 + 4 * i)[0]
                    for i, name in enumerate(_STORIES)}
        if any(n < 0 for n in self.ccp.values()):
            raise DocProblem("FIB hỏng (độ dài văn bản âm) / corrupt FIB (negative text length)")
        at = lw + 4 * cslw
        count = _u16(word, at) if at + 2 <= len(word) else 0
        self.pairs = word[at + 2:at + 2 + 8 * count]
        if len(self.pairs) < 8 * (CLX + 1):
            raise DocProblem("FIB hỏng (thiếu bảng vị trí) / corrupt FIB (fc/lcb pairs cut"
                             " short)")

    def pair(self, index: int) -> tuple[int, int]:
        """Return (fc, lcb) of the pair at `index`, (0, 0) when the FIB has none there."""
        if 8 * index + 8 > len(self.pairs):
            return 0, 0
        return _u32(self.pairs, 8 * index), _u32(self.pairs, 8 * index + 4)


class Container:
    """The streams of a .doc: WordDocument, its table stream and Data, and the FIB."""

    def __init__(self, data: bytes):
        self.size = len(data)
        try:
            ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
        except _OLE_ERRORS as e:
            raise DocProblem(f"cấu trúc OLE2 hỏng / corrupt OLE2 container ({_reason(e)})") from e
        try:
            if not ole.exists("WordDocument"):
                raise DocProblem("không có luồng WordDocument / no WordDocument stream")
            self.word = self._stream(ole, "WordDocument")
            self.fib = Fib(self.word)
            if not ole.exists(self.fib.table_name):
                raise DocProblem(f"thiếu luồng {self.fib.table_name} / the"
                                 f" {self.fib.table_name} stream is missing")
            self.table = self._stream(ole, self.fib.table_name)
            self.data = self._stream(ole, "Data") if ole.exists("Data") else b""
        except _OLE_ERRORS as e:
            raise DocProblem(f"cấu trúc OLE2 hỏng / corrupt OLE2 container ({_reason(e)})") from e
        finally:
            ole.close()

    def _stream(self, ole, name: str) -> bytes:
        """Return the bytes of stream `name`, refusing an impossible size or a looping chain."""
        entry = ole.direntries[ole._find(name)]
        if entry.size > self.size:
            raise DocProblem(f"luồng {name} khai báo {entry.size} byte, lớn hơn cả tệp / stream"
                             f" {name} declares {entry.size} bytes, more than the file holds")
        mini = entry.size < ole.minisectorcutoff
        if mini:
            ole.loadminifat()
        fat = ole.minifat if mini else ole.fat
        sector_size = ole.minisectorsize if mini else ole.sectorsize
        sector, seen = entry.isectStart, set()
        for _ in range(-(-entry.size // sector_size)):
            if sector >= len(fat) or sector in seen:
                raise DocProblem(f"chuỗi sector của luồng {name} hỏng hoặc lặp vòng / the sector"
                                 f" chain of stream {name} is broken or loops")
            seen.add(sector)
            sector = fat[sector]
        return ole.openstream(name).read()

    def table_part(self, index: int, name: str) -> bytes | None:
        """Return the table-stream bytes of FIB pair `index`; None when the pair is empty.

        Raises DocProblem naming the structure when the pair points outside the stream."""
        fc, lcb = self.fib.pair(index)
        if lcb == 0:
            return None
        if fc + lcb > len(self.table):
            raise DocProblem(f"{name} nằm ngoài luồng {self.fib.table_name} / {name} points past"
                             f" the end of the {self.fib.table_name} stream")
        return self.table[fc:fc + lcb]


def _reason(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:120]
