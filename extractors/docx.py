"""The OOXML walk: a DOCX package to blocks of NFC text in reading order.

The zip is read here, not by python-docx, so that every part is bounded before it is
decompressed. Each XML part is parsed once with lxml and walked with tag comparisons.

Block order: body paragraphs and table-cell paragraphs interleaved as they stand; then the
text boxes (in the order their anchors stand in the body); then headers and footers; then the
footnotes in the order of their reference marks; then the endnotes.
"""
from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from urllib.parse import unquote

from lxml import etree

from extractors import legacy
from schemas.source import Part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"

MAX_PART_BYTES = 50 * 2**20  # one decompressed XML part
MAX_PACKAGE_BYTES = 200 * 2**20  # all parts read, decompressed
BOMB_RATIO = 200  # decompressed / compressed, above BOMB_MIN_BYTES
BOMB_MIN_BYTES = 2**20
MAX_TEXT_CHARS = 5_000_000  # about 2,000 pages: far beyond any council report

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          load_dtd=False, remove_comments=True, remove_pis=True)

# Tags compared in the walk.
_P, _R_, _T, _TBL, _TR, _TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
_PPR, _RPR, _SDT, _SDTCONTENT = W + "pPr", W + "rPr", W + "sdt", W + "sdtContent"
_TXBX = W + "txbxContent"
_SPACE_TAGS = {W + "tab", W + "br", W + "cr", W + "ptab"}
_SKIP_TAGS = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "delInstrText",
              W + "pPr", W + "rPr", W + "bookmarkStart", W + "bookmarkEnd", W + "proofErr",
              W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference",
              W + "permStart", W + "permEnd", W + "lastRenderedPageBreak", W + "footnoteRef",
              W + "endnoteRef", W + "annotationRef", W + "separator",
              W + "continuationSeparator", W + "sectPr", W + "tblPr", W + "tblGrid",
              W + "trPr", W + "tcPr", W + "sdtPr", W + "sdtEndPr"}
_CONTAINER_TAGS = {W + "ins", W + "moveTo", W + "hyperlink", W + "smartTag", W + "customXml",
                   W + "fldSimple", W + "dir", W + "bdo", _SDTCONTENT, _SDT}
_NOTE_SKIP_TYPES = {"separator", "continuationSeparator", "continuationNotice"}

_ROMAN = re.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})")
_TYPED_LABEL = re.compile(
    r"\s*(?:(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})|(?P<roman>[IVX]{1,6})|(?P<letter>[a-zđA-Z]))"
    r"(?P<punct>\.\)|[.)])")


# A legacy font name as an attribute value: w:ascii=".VnTime", w:hAnsi="VNI-Times".
_LEGACY_FONT_NAME = re.compile(rb'"\s*(?:\.[Vv][Nn]|[Vv][Nn][Ii])')


_STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)


class DocxProblem(Exception):
    """The package cannot be read; the message is one line for users, Vietnamese first."""


# ------------------------------------------------------------------------- the package

class _Package:
    """A DOCX zip whose parts are size-checked before and while they are decompressed."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            # Part names are case-insensitive in OPC: some tools write "Word/Document.xml".
            self.infos = {i.filename.lstrip("/").lower(): i for i in self.zip.infolist()}
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as e:
            raise DocxProblem(f"tệp zip hỏng hoặc bị cắt cụt / corrupt or truncated zip ({e})")
        self.read_total = 0
        self.legacy_fonts = False  # some part read so far names a legacy font

    def has(self, name: str) -> bool:
        return name.lower() in self.infos

    def read(self, name: str) -> bytes:
        """Return the decompressed bytes of part `name`, refusing oversized parts and bombs."""
        info = self.infos[name.lower()]
        if info.file_size > MAX_PART_BYTES:
            raise DocxProblem(f"phần {name} quá lớn ({info.file_size} byte) / part {name} is"
                              f" too large ({info.file_size} bytes > {MAX_PART_BYTES})")
        if info.file_size > BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * max(
                info.compress_size, 1):
            raise DocxProblem(f"phần {name} là bom nén (tỉ lệ {info.file_size // max(info.compress_size, 1)}:1)"
                              f" / part {name} is a zip bomb (ratio over {BOMB_RATIO}:1)")
        chunks, size = [], 0
        try:
            with self.zip.open(info) as fh:
                # Declared sizes can lie: count what really comes out and stop over the cap.
                while chunk := fh.read(1 << 20):
                    size += len(chunk)
                    self.read_total += len(chunk)
                    if size > MAX_PART_BYTES or self.read_total > MAX_PACKAGE_BYTES:
                        raise DocxProblem(f"phần {name} vượt giới hạn khi giải nén / part {name}"
                                          " exceeds the size limit when decompressed")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
            raise DocxProblem(f"tệp zip hỏng ({name}) / corrupt zip entry {name} ({e})")
        except RuntimeError as e:  # an encrypted zip entry
            raise DocxProblem(f"phần {name} được mã hóa / part {name} is encrypted ({e})")
        except NotImplementedError as e:
            raise DocxProblem(f"kiểu nén không hỗ trợ ({name}) / unsupported compression ({e})")
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """Return the parsed root of XML part `name`; DTDs and entities are refused."""
        data = self.read(name)
        if not self.legacy_fonts and _LEGACY_FONT_NAME.search(data):
            self.legacy_fonts = True
        if b"purl.oclc.org/ooxml/" in data:
            # Strict OOXML: the same vocabulary under other namespace names.
            for strict, transitional in _STRICT_NAMESPACES:
                data = data.replace(strict, transitional)
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            raise DocxProblem(f"XML hỏng trong {name} / malformed XML in {name}"
                              f" ({str(e).splitlines()[0]})")
        if root.getroottree().docinfo.doctype:
            raise DocxProblem(f"{name} chứa khai báo DTD / {name} declares a DTD (refused)")
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Return rId -> (type suffix, part name) for the relationships of `part`."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(_PKG_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target", ""))
            name = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
        return out


def _main_part(pkg: _Package) -> str:
    """Return the name of the main document part (from _rels/.rels, else the usual name)."""
    for _rid, (kind, name) in pkg.rels("").items():
        if kind == "officeDocument" and pkg.has(name):
            return name
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    raise DocxProblem("thiếu word/document.xml (không phải tài liệu Word)"
                      " / missing word/document.xml (not a Word document)")


# ------------------------------------------------------------------ styles and numbering

def _rfonts_font(rpr) -> str | None:
    """Return the font a run property set names for non-ASCII text, "" for a theme font."""
    if rpr is None:
        return None
    rfonts = rpr.find(W + "rFonts")
    if rfonts is None:
        return None
    # Word draws characters at or above U+0080 with hAnsi: that is where legacy text lives.
    font = rfonts.get(W + "hAnsi") or rfonts.get(W + "ascii")
    if font:
        return font
    if rfonts.get(W + "hAnsiTheme") or rfonts.get(W + "asciiTheme"):
        return ""
    return None


class _Styles:
    """Style chains: fonts (for legacy encodings) and numbering inherited from styles."""

    def __init__(self, root, fonts: bool = True):
        """Read `root` (styles.xml); `fonts=False` skips fonts when no legacy font is named."""
        self.based: dict[str, str] = {}
        self.font: dict[str, str] = {}
        self.num: dict[str, tuple[str | None, int | None]] = {}
        self.default_para: str | None = None
        self.default_font: str | None = None
        if root is None:
            return
        # Targeted iter() walks run in C: far cheaper than visiting every style in Python.
        for style in root.iter(W + "style"):
            if style.get(W + "default") in ("1", "true") and style.get(W + "type") == "paragraph":
                self.default_para = style.get(W + "styleId")
                break
        for based in root.iter(W + "basedOn"):
            sid = based.getparent().get(W + "styleId")
            if sid and based.get(W + "val"):
                self.based[sid] = based.get(W + "val")
        for numpr in root.iter(W + "numPr"):
            owner = numpr.getparent().getparent()
            if owner.tag == W + "style" and owner.get(W + "styleId"):
                self.num[owner.get(W + "styleId")] = _numpr(numpr)
        if not fonts:
            return
        for rfonts in root.iter(W + "rFonts"):
            rpr = rfonts.getparent()
            owner = rpr.getparent()
            font = _rfonts_font(rpr)
            if font is None:
                continue
            if owner.tag == W + "rPrDefault":
                self.default_font = font
            elif owner.tag == W + "style" and owner.get(W + "styleId"):
                self.font[owner.get(W + "styleId")] = font

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            yield sid
            sid = self.based.get(sid)

    def font_of(self, style: str | None) -> str | None:
        for sid in self._chain(style):
            if sid in self.font:
                return self.font[sid]
        return None

    def numpr_of(self, style: str | None) -> tuple[str | None, int | None]:
        for sid in self._chain(style):
            if sid in self.num:
                return self.num[sid]
        return None, None


def _numpr(numpr) -> tuple[str | None, int | None]:
    num_id = numpr.find(W + "numId")
    ilvl = numpr.find(W + "ilvl")
    return (num_id.get(W + "val") if num_id is not None else None,
            int(ilvl.get(W + "val", "0")) if ilvl is not None and
            ilvl.get(W + "val", "0").isdigit() else None)


class _Level:
    __slots__ = ("fmt", "text", "start", "legal")

    def __init__(self, lvl):
        def val(tag, default):
            el = lvl.find(W + tag)
            return el.get(W + "val", default) if el is not None else default
        self.fmt = val("numFmt", "decimal")
        self.text = val("lvlText", "")
        start = val("start", "0")  # the standard's default when w:start is absent
        self.start = int(start) if start.lstrip("-").isdigit() else 0
        self.legal = lvl.find(W + "isLgl") is not None


class _Numbering:
    """Word's automatic numbering: counters per list, labels from lvlText and numFmt.

    Counters are kept per abstract list: Word continues one count across the w:num instances
    that share an abstractNum, unless an instance restarts it with w:startOverride."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.alias: dict[str, str] = {}
        if root is None:
            return
        links: dict[str, str] = {}  # list style name -> abstractNum defining it
        uses: dict[str, str] = {}  # abstractNum -> list style it only points to
        for absn in root.iter(W + "abstractNum"):
            abs_id = absn.get(W + "abstractNumId", "")
            self.abstract[abs_id] = {
                int(lvl.get(W + "ilvl", "0")): _Level(lvl) for lvl in absn.iter(W + "lvl")}
            if _val(absn, W + "styleLink"):
                links[_val(absn, W + "styleLink")] = abs_id
            if _val(absn, W + "numStyleLink"):
                uses[abs_id] = _val(absn, W + "numStyleLink")
        # A list using a list style (w:numStyleLink) takes its levels, and its counters, from
        # the abstractNum that defines the style (w:styleLink).
        self.alias = {abs_id: links[name] for abs_id, name in uses.items()
                      if name in links and not self.abstract.get(abs_id)}
        for num in root.iter(W + "num"):
            abs_el = num.find(W + "abstractNumId")
            starts: dict[int, int] = {}
            levels: dict[int, _Level] = {}
            for ov in num.iter(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                so = ov.find(W + "startOverride")
                if so is not None and so.get(W + "val", "").isdigit():
                    starts[ilvl] = int(so.get(W + "val"))
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _Level(lvl)
            self.nums[num.get(W + "numId", "")] = (
                abs_el.get(W + "val", "") if abs_el is not None else "", starts, levels)

    def label(self, num_id: str | None, ilvl: int | None) -> str | None:
        """Advance the list's counter for this paragraph; return its label or None."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abs_id, starts, own_levels = self.nums[num_id]
        abs_id = self.alias.get(abs_id, abs_id)
        levels = {**self.abstract.get(abs_id, {}), **own_levels}
        ilvl = ilvl or 0
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(abs_id, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in starts.items():
                if 0 <= lv < 10:
                    counters[lv] = start - 1
        lvl = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = (lvl.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if lvl.fmt in ("bullet", "none"):
            return None

        def number(m):
            k = int(m.group(1)) - 1
            level = levels.get(k)
            if level is None:
                return ""
            value = counters[k] if counters[k] is not None else level.start
            return _format_number(value, "decimal" if lvl.legal else level.fmt)
        text = re.sub(r"%([1-9])", number, lvl.text)
        label = text.strip().strip(".)( \t")
        return label or None


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def typed_label(text: str) -> str | None:
    """Return the section label typed at the start of `text` ("I", "2.1", "a"), or None."""
    m = _TYPED_LABEL.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    nxt = rest[:1]
    if m.group("letter"):
        # "a) ..." or "a. ...": only a space may follow a one-letter label.
        return m.group("letter") if nxt.isspace() else None
    if m.group("roman") and not _ROMAN.fullmatch(m.group("roman")):
        return None
    # Clerks sometimes leave out the space: "2.Hoạt động"; a digit would be a number.
    if nxt.isspace() or (nxt.isalpha() and nxt.isupper()):
        return m.group("num") or m.group("roman")
    return None


# --------------------------------------------------------------------------- the walk

_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_DRAWINGS = {W + "drawing", W + "pict", W + "object", _MC + "AlternateContent"}
_NOTE_KINDS = {W + "footnoteReference": Part.footnote, W + "endnoteReference": Part.endnote}
_BLANKS = re.compile(r"[\t\r\n\v\f]")
_NO_LEGACY = (None, False)


def _val(parent, tag: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(tag)
    return el.get(W + "val") if el is not None else None


def _rows(el, tag: str):
    """Yield the children of `el` with `tag`, looking through content-control wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDTCONTENT, W + "customXml"):
            yield from _rows(child, tag)


def _alternate_branch(alt):
    """Return the one branch of mc:AlternateContent to read: Word writes the same text box
    in mc:Choice and again in mc:Fallback."""
    for branch in alt:
        return branch
    return None


class _Walker:
    """Collects raw blocks (dicts) from the parts of one package, in reading order."""

    def __init__(self, pkg: _Package, main: str):
        self.pkg = pkg
        self.main = main
        self.rels = pkg.rels(main)
        self.by_type: dict[str, str] = {}
        for kind, name in self.rels.values():
            if pkg.has(name):
                self.by_type.setdefault(kind, name)
        styles = self.by_type.get("styles")
        numbering = self.by_type.get("numbering")
        styles_root = pkg.xml(styles) if styles else None
        self.styles = _Styles(styles_root, fonts=pkg.legacy_fonts)
        self.numbering = _Numbering(pkg.xml(numbering) if numbering else None)
        self.blocks: list[dict] = []
        self.warnings: list[str] = []
        self.textboxes: list = []
        self.fields: list[bool] = []  # per open field: True while in its instruction
        self.tables = 0
        self.chars = 0
        self.order: dict[Part, dict[str, int]] = {Part.footnote: {}, Part.endnote: {}}
        self.anchors: dict[tuple[Part, str], tuple[int, int]] = {}
        self.font_cache: dict[tuple, tuple[str | None, bool]] = {}

    # -- containers ------------------------------------------------------------------
    def container(self, el, part: Part, ctx: dict) -> None:
        for child in el:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, part, ctx)
            elif tag == _TBL:
                self.table(child, part)
            elif tag in (_SDT, _SDTCONTENT, W + "customXml", W + "ins", W + "moveTo"):
                self.container(child, part, ctx)
            elif tag == _MC + "AlternateContent":
                branch = _alternate_branch(child)
                if branch is not None:
                    self.container(branch, part, ctx)
            elif tag == W + "altChunk":
                self.warnings.append("bỏ qua nội dung nhúng (altChunk) / embedded altChunk"
                                     " content not read")

    def table(self, tbl, part: Part) -> None:
        index = self.tables
        self.tables += 1
        # Cells of a table inside a text box stay text box blocks, with their cell position.
        cell_part = Part.table if part in (Part.body, Part.table) else part
        for row, tr in enumerate(_rows(tbl, _TR)):
            col = 0
            for tc in _rows(tr, _TC):
                tcpr = tc.find(W + "tcPr")
                span = _val(tcpr, W + "gridSpan")
                self.container(tc, cell_part, {"table": index, "row": row, "col": col})
                col += int(span) if span and span.isdigit() else 1

    # -- paragraphs ------------------------------------------------------------------
    def paragraph(self, p, part: Part, ctx: dict) -> None:
        ppr = p.find(_PPR)
        pstyle = _val(ppr, W + "pStyle")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        pieces: list[str] = []
        encs: list[tuple[str | None, bool]] = []
        refs: list[tuple[int, Part, str]] = []
        self.inline(p, pieces, encs, refs, pstyle or self.styles.default_para, part)
        if True in self.fields:
            # A field instruction never runs past its paragraph: drop unclosed ones so a
            # broken field cannot hide the rest of the document.
            self.fields = [f for f in self.fields if not f]
        text, offsets, legacy_used = _finish(pieces, encs, [r[0] for r in refs])
        label, auto = None, False
        if part == Part.body and self.numbering.nums:
            num_id, ilvl = _numpr(numpr) if numpr is not None else (None, None)
            if num_id is None:
                num_id, style_ilvl = self.styles.numpr_of(pstyle)
                ilvl = ilvl if ilvl is not None else style_ilvl
            # Counters advance even for an empty numbered paragraph: Word shows its number.
            label = self.numbering.label(num_id, ilvl)
            auto = label is not None
        if part == Part.body and label is None and text:
            label = typed_label(text)
        if not text.strip() and not refs:
            return
        self.chars += len(text) + 1
        if self.chars > MAX_TEXT_CHARS:
            raise DocxProblem(f"tài liệu quá lớn (hơn {MAX_TEXT_CHARS} ký tự) / document too"
                              f" large (over {MAX_TEXT_CHARS} characters of text)")
        block_id = len(self.blocks)
        note_refs = []
        for (_, kind, wid), offset in zip(refs, offsets):
            order = self.order[kind]
            if wid not in order:
                order[wid] = len(order) + 1
                self.anchors[(kind, wid)] = (block_id, offset)
            note_refs.append((kind, order[wid], offset))
        self.blocks.append({"part": part, "text": text, "label": label, "label_auto": auto,
                            "style": pstyle, "refs": note_refs, "legacy_encoding": legacy_used,
                            **ctx})

    def inline(self, el, pieces, encs, refs, pstyle, part) -> None:
        for child in el:
            tag = child.tag
            if tag == _R_:
                self.run(child, pieces, encs, refs, pstyle, part)
            elif tag in _CONTAINER_TAGS:
                self.inline(child, pieces, encs, refs, pstyle, part)
            elif tag == _MC + "AlternateContent":
                branch = _alternate_branch(child)
                if branch is not None:
                    self.inline(branch, pieces, encs, refs, pstyle, part)
            elif isinstance(tag, str) and tag.startswith(_MATH):
                pieces.append("".join(t.text or "" for t in child.iter(_MATH + "t")))
                encs.append((None, False))

    def run(self, r, pieces, encs, refs, pstyle, part) -> None:
        rpr = r.find(_RPR)
        texts: list[str] = []
        for c in r:
            tag = c.tag
            if tag == _T:
                if not (self.fields and True in self.fields):
                    texts.append(c.text or "")
            elif tag in _SPACE_TAGS:
                texts.append(" ")
            elif tag == W + "noBreakHyphen":
                texts.append("-")
            elif tag == W + "fldChar":
                kind = c.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append(True)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = False
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == W + "sym":
                texts.append(_sym(c))
            elif tag in _NOTE_KINDS:
                if texts:
                    pieces.append("".join(texts))
                    encs.append(self.encoding(rpr, pstyle))
                    texts = []
                if part in (Part.body, Part.table, Part.textbox):
                    refs.append((len(pieces), _NOTE_KINDS[tag], c.get(W + "id", "")))
            elif tag in _DRAWINGS:
                self.collect_textboxes(c)
        if texts:
            pieces.append("".join(texts))
            encs.append(self.encoding(rpr, pstyle))

    def encoding(self, rpr, pstyle) -> tuple[str | None, bool]:
        """Return (legacy encoding or None, upper-case font) for a run, from its font."""
        if not self.pkg.legacy_fonts:
            return _NO_LEGACY
        direct = _rfonts_font(rpr)
        rstyle = _val(rpr, W + "rStyle")
        key = (direct, rstyle, pstyle)
        found = self.font_cache.get(key)
        if found is None:
            font = direct
            if font is None:
                font = self.styles.font_of(rstyle)
            if font is None:
                font = self.styles.font_of(pstyle)
            if font is None:
                font = self.styles.default_font
            found = self.font_cache[key] = legacy.font_encoding(font)
        return found

    def collect_textboxes(self, el) -> None:
        if el.tag == _MC + "AlternateContent":
            el = _alternate_branch(el)
            if el is None:
                return
        for box in el.iter(_TXBX):
            # A text box inside another is read when its parent box is.
            parent = box.getparent()
            while parent is not None and parent is not el and parent.tag != _TXBX:
                parent = parent.getparent()
            if parent is None or parent is el:
                self.textboxes.append(box)

    # -- parts -----------------------------------------------------------------------
    def walk(self) -> None:
        root = self.pkg.xml(self.main)
        body = root.find(W + "body")
        if body is None:
            raise DocxProblem(f"{self.main} không có phần thân (w:body) / {self.main} has no"
                              " w:body")
        self.container(body, Part.body, {})
        done = 0
        while done < len(self.textboxes):  # boxes found inside boxes are appended
            self.container(self.textboxes[done], Part.textbox, {})
            done += 1
        for kind, part in (("headerReference", Part.header), ("footerReference", Part.footer)):
            seen = set()
            for ref in body.iter(W + kind):
                name = self.rels.get(ref.get(_R + "id", ""), ("", ""))[1]
                if name and name not in seen and self.pkg.has(name):
                    seen.add(name)
                    self.container(self.pkg.xml(name), part, {})
        self.notes(Part.footnote, "footnotes", W + "footnote")
        self.notes(Part.endnote, "endnotes", W + "endnote")

    def notes(self, kind: Part, rel_type: str, tag: str) -> None:
        order = self.order[kind]
        name = self.by_type.get(rel_type)
        if not order:
            return
        if name is None:
            self.warnings.append(f"thiếu phần {rel_type} / the {rel_type} part is missing")
            return
        found = {}
        for note in self.pkg.xml(name).iter(tag):
            if note.get(W + "type") not in _NOTE_SKIP_TYPES:
                found[note.get(W + "id", "")] = note
        for number, wid in enumerate(order, 1):
            note = found.get(wid)
            if note is None:
                self.warnings.append(f"{kind.value} {number} (w:id={wid}) không có nội dung"
                                     f" / {kind.value} {number} (w:id={wid}) is missing")
                continue
            anchor_block, anchor_offset = self.anchors[(kind, wid)]
            first = len(self.blocks)
            self.container(note, kind, {"note": number, "anchor_block": anchor_block,
                                        "anchor_offset": anchor_offset})
            if first < len(self.blocks):
                # The note's own mark is followed by a space: it is no part of the text.
                block = self.blocks[first]
                stripped = block["text"].lstrip()
                cut = len(block["text"]) - len(stripped)
                block["text"] = stripped
                block["refs"] = [(k, n, max(0, off - cut)) for k, n, off in block["refs"]]
        unreferenced = len(found) - sum(1 for wid in order if wid in found)
        if unreferenced > 0:
            self.warnings.append(f"{unreferenced} {kind.value} không có dấu tham chiếu, bỏ qua"
                                 f" / {unreferenced} {kind.value}(s) without a reference mark"
                                 " skipped")


# Word's symbol fonts draw their own glyphs at these codes; the Unicode meant by each.
_SYMBOL_FONT = dict(zip(
    [0x2D, 0xA3, 0xA5, 0xAC, 0xAD, 0xAE, 0xAF, 0xB0, 0xB1, 0xB3, 0xB4, 0xB7, 0xB8, 0xB9, 0xBB,
     0xD6, 0xDE, 0xDC, 0x61, 0x62, 0x64, 0x44, 0x6D, 0x70, 0x53, 0x57],
    "−≤∞←↑→↓°±≥×•÷≠≈√⇒⇐αβδΔμπΣΩ"))
_WINGDINGS = {0xFC: "✓", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒", 0xA8: "☐", 0x6F: "☐", 0x6E: "■",
              0x6C: "●", 0xA7: "▪", 0x9F: "•", 0xD8: "➢", 0x76: "❖", 0xE0: "→", 0xE8: "→"}


def _sym(el) -> str:
    """Return the character a w:sym shows; symbol fonts use codes U+F020-U+F0FF."""
    try:
        code = int(el.get(W + "char", ""), 16)
    except ValueError:
        return ""
    if 0xF020 <= code <= 0xF0FF:
        code -= 0xF000
    font = (el.get(W + "font") or "").lower()
    if font == "symbol":
        return _SYMBOL_FONT.get(code, chr(code) if 0x20 <= code < 0x7F else "")
    if font.startswith("wingdings") or font.startswith("webdings"):
        return _WINGDINGS.get(code, "")
    return chr(code) if code >= 0x20 else ""


def _finish(pieces: list[str], encs: list[tuple[str | None, bool]],
            ref_pieces: list[int]) -> tuple[str, list[int], str | None]:
    """Return a paragraph's NFC text, its note-mark offsets and the legacy encoding used."""
    unknown = [i for i, (enc, _) in enumerate(encs) if enc is None]
    if unknown:
        # Runs in no legacy font may still be legacy: judge them together, by their characters.
        guessed = legacy.guess_encoding("".join(pieces[i] for i in unknown))
        if guessed is not None:
            for i in unknown:
                encs[i] = (guessed, False)
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    used = None
    for piece, (enc, upper) in zip(pieces, encs):
        starts.append(pos)
        if enc is not None:
            piece = legacy.convert(piece, enc, upper)
            used = used or enc
        out.append(piece)
        pos += len(piece)
    starts.append(pos)
    text = _BLANKS.sub(" ", "".join(out))
    offsets = [starts[i] for i in ref_pieces]
    if not unicodedata.is_normalized("NFC", text):
        offsets = [len(unicodedata.normalize("NFC", text[:o])) for o in offsets]
        text = unicodedata.normalize("NFC", text)
    return text, offsets, used


def read_docx(data: bytes) -> tuple[list[dict], list[str]]:
    """Return (raw blocks in reading order, warnings) for the DOCX bytes `data`.

    Each raw block is a dict of `schemas.source.Block` fields without id/start/end; its
    "refs" are (kind, note number, offset) triples."""
    pkg = _Package(data)
    walker = _Walker(pkg, _main_part(pkg))
    walker.walk()
    return walker.blocks, walker.warnings
