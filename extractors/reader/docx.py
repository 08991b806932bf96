"""The OOXML walk: a DOCX package to blocks of NFC text in reading order.

Each XML part is parsed once (see `extractors.reader.package`) and walked with tag comparisons.
Block order: body paragraphs and table-cell paragraphs interleaved as they stand; then the
body's text boxes (in the order their anchors stand); then headers and footers (a text box
in a header stays a header block); then the footnotes in the order of their reference marks
(numbered 1, 2, ... in that order); then the endnotes.

Text is what Word shows with tracked changes accepted: insertions kept, deletions and
moved-from text dropped, a deleted paragraph mark joining two paragraphs; field results kept,
field codes dropped; hidden text and content-control placeholders left out; tabs and breaks
as spaces; legacy-encoded runs converted (extractors.reader.legacy); NFC.
"""
from __future__ import annotations

import re
from collections import deque

from extractors.reader import legacy
from extractors.reader.labels import Numbering, read_numpr, typed_label
from extractors.reader.package import DocxProblem, Package, W
from extractors.reader.runtext import NO_LEGACY, paragraph_text, symbol_char
from extractors.reader.styles import Styles, rfonts_font
from schemas.source import Part

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_TEXT_CHARS = 5_000_000  # about 2,000 pages: far beyond any council report

# Tags compared in the walk.
_P, _R_, _T, _TBL, _TR, _TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
_PPR, _RPR, _SDT, _SDTCONTENT = W + "pPr", W + "rPr", W + "sdt", W + "sdtContent"
_TXBX, _CUSTOM_XML, _ALT = W + "txbxContent", W + "customXml", _MC + "AlternateContent"
_PSTYLE, _NUMPR, _DEL, _VANISH = W + "pStyle", W + "numPr", W + "del", W + "vanish"
_FLDCHAR, _SYM, _NO_BREAK_HYPHEN = W + "fldChar", W + "sym", W + "noBreakHyphen"
_VAL = W + "val"
_SPACE_TAGS = {W + "tab", W + "br", W + "cr", W + "ptab"}
# Everything else (deletions, field codes, bookmarks, properties) is skipped.
_CONTAINER_TAGS = {W + "ins", W + "moveTo", W + "hyperlink", W + "smartTag", _CUSTOM_XML,
                   W + "fldSimple", W + "dir", W + "bdo", _SDTCONTENT, _SDT}
# Wrappers of whole paragraphs and tables in a story.
_BLOCK_WRAPPERS = {_SDT, _SDTCONTENT, _CUSTOM_XML, W + "ins", W + "moveTo"}
_NOTE_SKIP_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
# Elements whose paragraphs form one story: a deleted paragraph mark joins only within one.
_STORIES = {W + "body", _TC, _TXBX, W + "hdr", W + "ftr", W + "footnote", W + "endnote"}


# --------------------------------------------------------------------------- the walk

_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_DRAWINGS = {W + "drawing", W + "pict", W + "object", _ALT}
_NOTE_KINDS = {W + "footnoteReference": Part.footnote, W + "endnoteReference": Part.endnote}
_INSTR = W + "instrText"
_TOC_STYLE = re.compile(r"(?i)(toc|mucluc|m\u1ee5cl\u1ee5c)\s?\d")
_BODY = Part.body  # an Enum member looked up on its class costs ~120 ns; the walk asks often


def _child(el, tag: str):
    """Return the first child of `el` with `tag`, or None.

    Property elements (w:pPr, w:rPr, w:tcPr, ...) come first by the schema, so the first
    child is tried before a search: lxml's find() costs ~2.5 µs a call, ten times this."""
    n = len(el)
    if n == 0:
        return None
    first = el[0]
    if first.tag == tag:
        return first
    return next(el.iterchildren(tag), None) if n > 1 else None


def _val(parent, tag: str) -> str | None:
    if parent is None:
        return None
    el = next(parent.iterchildren(tag), None)
    return el.get(_VAL) if el is not None else None


def _on(toggle) -> bool:
    """Return True for a present on/off property (w:vanish, ...) not switched off."""
    return toggle is not None and toggle.get(_VAL, "true") not in ("0", "false", "off")


def _placeholder(sdt) -> bool:
    """Return True for a content control still showing its placeholder ("Nhập văn bản")."""
    props = _child(sdt, W + "sdtPr")
    return props is not None and _on(next(props.iterchildren(W + "showingPlcHdr"), None))


def _rows(el, tag: str):
    """Yield the children of `el` with `tag`, looking through content-control wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDTCONTENT, _CUSTOM_XML):
            yield from _rows(child, tag)


def _alternate_branch(alt):
    """Return the one branch of mc:AlternateContent to read: Word writes the same text box
    in mc:Choice and again in mc:Fallback."""
    for branch in alt:
        return branch
    return None


class _Walker:
    """Collects raw blocks (dicts) from the parts of one package, in reading order."""

    def __init__(self, pkg: Package, main: str):
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
        self.styles = Styles(styles_root, fonts=pkg.legacy_fonts)
        self.numbering = Numbering(pkg.xml(numbering) if numbering else None)
        self.blocks: list[dict] = []
        self.warnings: list[str] = []
        self.hidden = 0  # characters of hidden text skipped
        self.toc_line = False  # the paragraph is a line of a table of contents
        self.toc_styles: dict[str, bool] = {}
        self.carry: tuple | None = None  # a paragraph whose mark was deleted, to join
        self.textboxes: deque[tuple] = deque()  # (txbxContent, part, ctx) waiting to be read
        self.where: tuple[Part, dict] = (Part.body, {})  # the part being walked
        # Per open field: [True while in its instruction, the instruction text so far].
        self.fields: list[list] = []
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
                self.table(child, part, ctx)
            elif tag == _SDT and _placeholder(child):
                continue
            elif tag in _BLOCK_WRAPPERS:
                self.container(child, part, ctx)
            elif tag == _ALT:
                branch = _alternate_branch(child)
                if branch is not None:
                    self.container(branch, part, ctx)
            elif tag == W + "altChunk":
                self.warnings.append("bỏ qua nội dung nhúng (altChunk) / embedded altChunk"
                                     " content not read")
        if el.tag in _STORIES:
            self.flush_carry()  # paragraphs never join across cells, boxes, notes or parts

    def table(self, tbl, part: Part, ctx: dict) -> None:
        index = self.tables
        self.tables += 1
        # Cells of a table in a text box, header or note stay blocks of that part, with their
        # cell position (and a note keeps its number and anchor).
        cell_part = Part.table if part in (Part.body, Part.table) else part
        row = 0
        for tr in _rows(tbl, _TR):
            trpr = _child(tr, W + "trPr")
            if trpr is not None and next(trpr.iterchildren(_DEL), None) is not None:
                continue  # a row deleted with tracked changes is gone
            col = 0
            for tc in _rows(tr, _TC):
                span = _val(_child(tc, W + "tcPr"), W + "gridSpan")
                self.container(tc, cell_part, {**ctx, "table": index, "row": row, "col": col})
                col += min(int(span), 64) if span and span.isascii() and span.isdigit() else 1
            row += 1

    # -- paragraphs ------------------------------------------------------------------
    def paragraph(self, p, part: Part, ctx: dict) -> None:
        self.where = (part, ctx)
        ppr = _child(p, _PPR)
        style = numpr = mark = None
        if ppr is not None:
            # One pass over the properties, backwards: the first of each tag wins, as with
            # find().
            for c in reversed(ppr):
                tag = c.tag
                if tag == _PSTYLE:
                    style = c
                elif tag == _NUMPR:
                    numpr = c
                elif tag == _RPR:
                    mark = c
        pstyle = style.get(_VAL) if style is not None else None
        if self.carry is not None:
            pieces, encs, refs = self.carry[:3]
            self.carry = None
        else:
            pieces, encs, refs = [], [], []
        toc = bool(self.fields) and self.in_toc()  # the last line closes the TOC field
        self.inline(p, pieces, encs, refs, pstyle or self.styles.default_para, part)
        self.toc_line = toc or (bool(self.fields) and self.in_toc()) or (
            pstyle is not None and self.toc_style(pstyle))
        if self.fields and self.in_instruction():
            # A field instruction never runs past its paragraph: drop unclosed ones so a
            # broken field cannot hide the rest of the document.
            self.fields = [f for f in self.fields if not f[0]]
        if mark is not None and next(mark.iterchildren(_DEL), None) is not None:
            # A tracked deletion of the paragraph mark: accepted, this paragraph and the
            # next are one ("không quá 10 cử" + "tri").
            self.carry = (pieces, encs, refs, part, ctx, pstyle, numpr)
            return
        self.emit(pieces, encs, refs, part, ctx, pstyle, numpr)

    def flush_carry(self) -> None:
        """Emit a paragraph whose deleted mark had no next paragraph to join."""
        if self.carry is not None:
            carry, self.carry = self.carry, None
            self.emit(*carry)

    def emit(self, pieces, encs, refs, part: Part, ctx: dict, pstyle, numpr) -> None:
        """Append the block of a finished paragraph (none when it is empty)."""
        text, offsets, legacy_used = paragraph_text(pieces, encs,
                                                    [r[0] for r in refs] if refs else [])
        label, auto = None, False
        if part is _BODY and self.numbering.nums:
            num_id, ilvl = read_numpr(numpr) if numpr is not None else (None, None)
            if num_id is None:
                num_id, style_ilvl = self.styles.numpr_of(pstyle)
                ilvl = ilvl if ilvl is not None else style_ilvl
            # Counters advance even for an empty numbered paragraph: Word shows its number.
            label = self.numbering.label(num_id, ilvl)
            auto = label is not None
        if part is _BODY and label is None and text and not self.toc_line:
            label = typed_label(text)
        if not refs and not text.strip():
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
            elif tag == _PPR:
                continue  # read by paragraph()
            elif tag == _SDT and _placeholder(child):
                continue
            elif tag in _CONTAINER_TAGS:
                self.inline(child, pieces, encs, refs, pstyle, part)
            elif tag == _ALT:
                branch = _alternate_branch(child)
                if branch is not None:
                    self.inline(branch, pieces, encs, refs, pstyle, part)
            elif isinstance(tag, str) and tag.startswith(_MATH):
                pieces.append("".join(t.text or "" for t in child.iter(_MATH + "t")))
                encs.append(NO_LEGACY)

    def run(self, r, pieces, encs, refs, pstyle, part) -> None:
        rpr = _child(r, _RPR)
        if rpr is not None and _on(next(rpr.iterchildren(_VANISH), None)):
            self.hidden_run(r)
            return
        texts: list[str] = []
        fields = self.fields
        for c in r:
            tag = c.tag
            if tag == _T:
                if not (fields and self.in_instruction()):
                    texts.append(c.text or "")
            elif tag == _RPR:
                continue
            elif tag == _INSTR:
                if fields:
                    fields[-1][1] += c.text or ""
            elif tag in _SPACE_TAGS:
                texts.append(" ")
            elif tag == _NO_BREAK_HYPHEN:
                texts.append("-")
            elif tag == _FLDCHAR:
                self.field_mark(c)  # changes self.fields (the same list) in place
            elif tag == _SYM:
                texts.append(symbol_char(c))
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
            pieces.append(texts[0] if len(texts) == 1 else "".join(texts))
            encs.append(self.encoding(rpr, pstyle))

    def hidden_run(self, r) -> None:
        """Skip a run formatted hidden (Word neither shows nor prints it), counting its
        characters for a warning; its field marks still open and close fields."""
        for c in r:
            tag = c.tag
            if tag == _T and not (self.fields and self.in_instruction()):
                self.hidden += len(c.text or "")
            elif tag == _FLDCHAR:
                self.field_mark(c)

    def field_mark(self, c) -> None:
        """Follow a w:fldChar: instruction text until "separate", result until "end"."""
        kind = c.get(W + "fldCharType")
        if kind == "begin":
            self.fields.append([True, ""])
        elif kind == "separate" and self.fields:
            self.fields[-1][0] = False
        elif kind == "end" and self.fields:
            self.fields.pop()

    def toc_style(self, pstyle: str) -> bool:
        """Return True for a table-of-contents paragraph style (TOC1, MucLuc2, ...)."""
        found = self.toc_styles.get(pstyle)
        if found is None:
            found = self.toc_styles[pstyle] = _TOC_STYLE.match(pstyle) is not None
        return found

    def in_instruction(self) -> bool:
        return any(f[0] for f in self.fields)

    def in_toc(self) -> bool:
        """Return True inside a table of contents, whose lines repeat the headings."""
        return any(f[1].lstrip().upper().startswith("TOC") for f in self.fields)

    def encoding(self, rpr, pstyle) -> tuple[str | None, bool]:
        """Return (legacy encoding or None, upper-case font) for a run, from its font."""
        if not self.pkg.legacy_fonts:
            return NO_LEGACY
        direct = rfonts_font(rpr)
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
                part, ctx = self.where
                # Boxes of the body become text box blocks; in a header, footer or note they
                # stay that part's blocks.
                if part in (Part.body, Part.table):
                    part, ctx = Part.textbox, {}
                self.textboxes.append((box, part, ctx))

    def flush_textboxes(self) -> None:
        """Read the text boxes collected so far, and those found inside them."""
        while self.textboxes:
            box, part, ctx = self.textboxes.popleft()
            self.container(box, part, ctx)

    # -- parts -----------------------------------------------------------------------
    def walk(self) -> None:
        root = self.pkg.xml(self.main)
        body = root.find(W + "body")
        if body is None:
            raise DocxProblem(f"{self.main} không có phần thân (w:body) / {self.main} has no"
                              " w:body")
        self.container(body, Part.body, {})
        self.flush_textboxes()
        for kind, part in (("headerReference", Part.header), ("footerReference", Part.footer)):
            seen = set()
            for ref in body.iter(W + kind):
                name = self.rels.get(ref.get(_R + "id", ""), ("", ""))[1]
                if name and name not in seen and self.pkg.has(name):
                    seen.add(name)
                    self.container(self.pkg.xml(name), part, {})
                    self.flush_textboxes()
        self.notes(Part.footnote, "footnotes", W + "footnote")
        self.notes(Part.endnote, "endnotes", W + "endnote")
        self.flush_textboxes()
        if self.hidden:
            self.warnings.append(f"bỏ qua {self.hidden} ký tự định dạng ẩn / {self.hidden}"
                                 " characters of hidden text not read")

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


def read_docx(source: bytes | str) -> tuple[list[dict], list[str]]:
    """Return (raw blocks in reading order, warnings) for a DOCX: its bytes or its path.

    Each raw block is a dict of `schemas.source.Block` fields without id/start/end; its
    "refs" are (kind, note number, offset) triples."""
    pkg = Package(source)
    try:
        walker = _Walker(pkg, pkg.main_part())
        walker.walk()
    finally:
        pkg.close()
    return walker.blocks, walker.warnings
