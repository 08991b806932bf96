"""Styles, fonts and lists of a .doc: what a paragraph and its runs inherit.

The style sheet (STSH, [MS-DOC] 2.9.271) lists styles by index (istd) with the one they are
based on and their property lists; the font table (SttbfFfn) names fonts by index (ftc); the
list tables (PlfLst with its LVLs, PlfLfo) define Word's automatic numbering, which is handed
to `extractors.reader.labels.Numbering` as the numbering.xml it corresponds to, so both
formats count and format labels by one code.
"""
from __future__ import annotations

import struct

from lxml import etree

from extractors.reader import legacy
from extractors.reader.labels import Numbering
from extractors.reader.msdoc.pieces import prls, u16, u32
from extractors.reader.package import W

# Character sprms the reader follows.
FTC0, FTC2, ISTD, VANISH, RMARK_DEL, SPEC, SYMBOL = (0x4A4F, 0x4A51, 0x4A30, 0x083C, 0x0800,
                                                      0x0855, 0x6A09)
# Paragraph sprms for numbering.
ILVL, ILFO = 0x260A, 0x460B
_NO_STYLE = 0x0FFF
_NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter",
        22: "decimalZero", 23: "bullet", 255: "none"}


def toggle(operand: bytes, inherited: bool) -> bool:
    """Return a ToggleOperand's value: 0 off, 1 on, 0x80 as inherited, 0x81 its opposite."""
    value = operand[0]
    if value == 0x80:
        return inherited
    if value == 0x81:
        return not inherited
    return value != 0


class Chp:
    """The character properties the reader needs, resolved for a run."""

    __slots__ = ("ftc0", "ftc2", "vanish", "deleted", "spec", "symbol")

    def __init__(self, ftc0: int = 0, ftc2: int = 0):
        self.ftc0, self.ftc2 = ftc0, ftc2
        self.vanish = self.deleted = self.spec = False
        self.symbol: tuple[int, int] | None = None  # (ftc, character) of sprmCSymbol

    def copy(self) -> Chp:
        other = Chp(self.ftc0, self.ftc2)
        other.vanish, other.deleted, other.spec, other.symbol = (
            self.vanish, self.deleted, self.spec, self.symbol)
        return other


class _Style:
    __slots__ = ("name", "kind", "base", "papx", "chpx")

    def __init__(self, name: str, kind: int, base: int, papx: bytes, chpx: bytes):
        self.name, self.kind, self.base, self.papx, self.chpx = name, kind, base, papx, chpx


class StyleSheet:
    """Styles by istd: names (as DOCX style ids), fonts and numbering they give."""

    def __init__(self, stsh: bytes | None, fonts: list[str]):
        self.fonts = fonts
        self.styles: dict[int, _Style] = {}
        self.default_ftc = (0, 0)
        self._chp: dict[int, Chp] = {}
        self._num: dict[int, tuple[str | None, int | None]] = {}
        if stsh:
            self._read(stsh)

    def _read(self, stsh: bytes) -> None:
        if len(stsh) < 2:
            return
        size = u16(stsh, 0)
        info = stsh[2:2 + size]
        if len(info) < 18:
            return
        count, base_size = u16(info, 0), u16(info, 2)
        self.default_ftc = (u16(info, 12), u16(info, 16))  # rgftcStandardChpStsh: ascii, other
        at = 2 + size
        for istd in range(count):
            if at + 2 > len(stsh):
                break
            length = u16(stsh, at)
            std = stsh[at + 2:at + 2 + length]
            at += 2 + length
            if len(std) >= base_size + 2 and base_size >= 10:
                style = _std(std, base_size)
                if style is not None:
                    self.styles[istd] = style

    def _chain(self, istd: int) -> list[_Style]:
        """Return the styles from the root of `istd`'s basedOn chain down to it."""
        chain, seen = [], set()
        while istd in self.styles and istd not in seen:
            seen.add(istd)
            chain.append(self.styles[istd])
            istd = self.styles[istd].base
        return chain[::-1]

    def style_id(self, istd: int) -> str | None:
        """Return the style's name as a DOCX style id ("footnote text" -> "FootnoteText");
        None for Normal (istd 0), which a DOCX leaves unnamed."""
        style = self.styles.get(istd)
        if istd == 0 or style is None or not style.name:
            return None
        return "".join(w[:1].upper() + w[1:] for w in style.name.split())

    def paragraph_chp(self, istd: int) -> Chp:
        """Return the character properties a paragraph style gives its runs."""
        found = self._chp.get(istd)
        if found is None:
            found = Chp(*self.default_ftc)
            for style in self._chain(istd):
                self.apply(found, style.chpx)
            self._chp[istd] = found
        return found

    def apply(self, chp: Chp, grpprl, style_chp: Chp | None = None) -> None:
        """Apply character Prls (a grpprl, or (sprm, operand) pairs) to `chp` in place."""
        pairs = prls(grpprl) if isinstance(grpprl, bytes) else grpprl
        for sprm, op in pairs:
            if sprm == FTC0:
                chp.ftc0 = u16(op, 0)
            elif sprm == FTC2:
                chp.ftc2 = u16(op, 0)
            elif sprm == VANISH:
                chp.vanish = toggle(op, style_chp.vanish if style_chp else chp.vanish)
            elif sprm == RMARK_DEL:
                chp.deleted = toggle(op, False)
            elif sprm == SPEC:
                chp.spec = op[0] != 0
            elif sprm == SYMBOL and len(op) >= 4:
                chp.symbol = (u16(op, 0), u16(op, 2))
            elif sprm == ISTD:
                for style in self._chain(u16(op, 0)):
                    if style.kind == 2:  # a character style laid over the paragraph's
                        self.apply(chp, style.chpx)

    def font(self, ftc: int) -> str | None:
        return self.fonts[ftc] if 0 <= ftc < len(self.fonts) else None

    def numpr_of(self, istd: int) -> tuple[str | None, int | None]:
        """Return the (list id, level) a paragraph style gives, through its chain."""
        found = self._num.get(istd)
        if found is None:
            ilfo, ilvl = None, None
            for style in self._chain(istd):
                for sprm, op in prls(style.papx):
                    if sprm == ILFO:
                        ilfo = str(struct.unpack("<h", op[:2])[0])
                    elif sprm == ILVL:
                        ilvl = op[0]
            found = self._num[istd] = (ilfo, ilvl)
        return found


def _std(std: bytes, base_size: int) -> _Style | None:
    """Return the style an STD holds: its StdfBase, name and property lists (UPXs)."""
    kind_base, count_next = u16(std, 2), u16(std, 4)
    kind, base, upx_count = kind_base & 0xF, kind_base >> 4, count_next & 0xF
    at = base_size
    chars = u16(std, at)
    name = std[at + 2:at + 2 + 2 * chars].decode("utf-16-le", "replace")
    at += 2 + 2 * chars + 2
    upxs = []
    for _ in range(min(upx_count, 3)):
        if at + 2 > len(std):
            break
        size = u16(std, at)
        upxs.append(std[at + 2:at + 2 + size])
        at += 2 + size + (size & 1)
    papx = chpx = b""
    if kind == 1 and upxs:  # paragraph style: UpxPapx (istd, grpprl), then UpxChpx
        papx = upxs[0][2:]
        chpx = upxs[1] if len(upxs) > 1 else b""
    elif kind == 2 and upxs:  # character style: UpxChpx
        chpx = upxs[0]
    return _Style(name, kind, _NO_STYLE if base == _NO_STYLE else base, papx, chpx)


def font_names(sttbf: bytes | None) -> list[str]:
    """Return the font names of the font table, in ftc order."""
    if not sttbf or len(sttbf) < 4:
        return []
    at = 0
    if u16(sttbf, 0) == 0xFFFF:  # an extended STTB: the count follows
        at = 2
    count = u16(sttbf, at)
    at += 4  # the count and cbExtra
    names = []
    for _ in range(count):
        if at >= len(sttbf):
            break
        size = sttbf[at]
        ffn = sttbf[at + 1:at + 1 + size]
        raw = ffn[39:]
        end = next((i for i in range(0, len(raw) - 1, 2) if raw[i] == raw[i + 1] == 0),
                   len(raw) - len(raw) % 2)
        names.append(raw[:end].decode("utf-16-le", "replace"))
        at += 1 + size
    return names


def names_legacy_font(fonts: list[str]) -> bool:
    """Return True when the font table names a TCVN3 or VNI font."""
    return any(legacy.font_encoding(name)[0] for name in fonts)


# ------------------------------------------------------------------------ lists -> numbering

def numbering(plf_lst: bytes | None, lvls: bytes, plf_lfo: bytes | None) -> Numbering:
    """Return Word's numbering of the document, read from its LSTF, LVL and LFO records."""
    root = etree.Element(W + "numbering")
    if plf_lst and len(plf_lst) >= 2:
        count = min(struct.unpack("<h", plf_lst[:2])[0], (len(plf_lst) - 2) // 28)
        at = 0
        for i in range(max(count, 0)):
            lstf = plf_lst[2 + 28 * i:30 + 28 * i]
            lsid, simple = u32(lstf, 0), lstf[26] & 1
            absn = etree.SubElement(root, W + "abstractNum", {W + "abstractNumId": str(lsid)})
            for ilvl in range(1 if simple else 9):
                lvl, at = _lvl(lvls, at)
                if lvl is None:
                    break
                absn.append(_lvl_element(lvl, ilvl))
    if plf_lfo and len(plf_lfo) >= 4:
        count = min(u32(plf_lfo, 0), (len(plf_lfo) - 4) // 16)
        at = 4 + 16 * count  # the LFOData records follow the LFOs
        for i in range(count):
            lfo = plf_lfo[4 + 16 * i:20 + 16 * i]
            num = etree.SubElement(root, W + "num", {W + "numId": str(i + 1)})
            etree.SubElement(num, W + "abstractNumId", {W + "val": str(u32(lfo, 0))})
            at += 4  # LFOData.cp
            for _ in range(lfo[12]):
                if at + 8 > len(plf_lfo):
                    break
                start, flags = struct.unpack_from("<iI", plf_lfo, at)
                at += 8
                ilvl = flags & 0xF
                override = etree.SubElement(num, W + "lvlOverride", {W + "ilvl": str(ilvl)})
                if flags & 0x20:  # fFormatting: a whole LVL follows
                    lvl, at = _lvl(plf_lfo, at)
                    if lvl is None:
                        break
                    override.append(_lvl_element(lvl, ilvl))
                if flags & 0x10:  # fStartAt
                    etree.SubElement(override, W + "startOverride", {W + "val": str(start)})
    return Numbering(root)


def _lvl(data: bytes, at: int) -> tuple[tuple | None, int]:
    """Return ((start, nfc, legal, text), next offset) of the LVL at `at`, or (None, at)."""
    if at + 30 > len(data):
        return None, at
    start, nfc, info = struct.unpack_from("<iBB", data, at)
    numbers = data[at + 6:at + 15]
    end = at + 28 + data[at + 25] + data[at + 24]  # after grpprlPapx and grpprlChpx
    if end + 2 > len(data):
        return None, at
    chars = u16(data, end)
    raw = data[end + 2:end + 2 + 2 * chars]
    if len(raw) < 2 * chars:
        return None, at
    text = raw.decode("utf-16-le", "replace")
    places = {n - 1 for n in numbers if 0 < n <= len(text)}
    # A placeholder (the character at each rgbxchNums position) stands for a level's number.
    lvl_text = "".join(f"%{ord(ch) + 1}" if i in places and ord(ch) < 9 else ch
                       for i, ch in enumerate(text)
                       if (i in places and ord(ch) < 9) or _xml_char(ch))
    return (start, nfc, bool(info & 0x04), lvl_text), end + 2 + 2 * chars


def _xml_char(ch: str) -> bool:
    """Return True for a character XML can hold (no control character, no surrogate)."""
    return ch >= " " and not "\ud800" <= ch <= "\udfff" and ch not in "\ufffe\uffff"


def _lvl_element(lvl: tuple, ilvl: int):
    start, nfc, legal, text = lvl
    el = etree.Element(W + "lvl", {W + "ilvl": str(ilvl)})
    etree.SubElement(el, W + "start", {W + "val": str(start)})
    etree.SubElement(el, W + "numFmt", {W + "val": _NFC.get(nfc, "decimal")})
    etree.SubElement(el, W + "lvlText", {W + "val": text})
    if legal:
        etree.SubElement(el, W + "isLgl")
    return el
