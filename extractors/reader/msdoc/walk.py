"""The walk of a .doc: its stories, paragraph by paragraph, to the DOCX walk's raw blocks.

The same blocks as `extractors.reader.docx` makes of the same document: the main text with
its table cells (table, row, grid column), then text boxes, headers and footers, then
footnotes and endnotes in the order of their reference marks. Within a paragraph, field
results are kept and field codes dropped, hidden and deleted text left out, a deleted
paragraph mark joins two paragraphs, tabs and breaks become spaces, and runs in TCVN3 or VNI
fonts are converted by `extractors.reader.runtext`, exactly as for a DOCX.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from extractors.reader import legacy
from extractors.reader.docx import MAX_TEXT_CHARS
from extractors.reader.labels import typed_label
from extractors.reader.msdoc.container import DocProblem
from extractors.reader.msdoc.pieces import join_surrogates, prls, u16
from extractors.reader.msdoc.styles import ILFO, ILVL, Chp
from extractors.reader.runtext import NO_LEGACY, paragraph_text, symbol_text
from schemas.source import Part

_BODY = Part.body
_TOC_STYLE = re.compile(r"(?i)(toc|mucluc|m\u1ee5cl\u1ee5c)\s?\d")
_PARAGRAPH_ENDS = re.compile("[\r\x07\x0c]")
_SPECIAL = re.compile("([\x00-\x1f])")
_BLANK_CHARS = {"\t": " ", "\x0b": " ", "\x0e": " ", "\x0c": " ", "\x1e": "-"}
# Paragraph sprms for tables: in a table, row end (TTP), depth, nested cell and row ends, the
# row's cell boundaries (sprmTDefTable).
_IN_TABLE, _TTP, _ITAP, _DTAP, _INNER_CELL, _INNER_TTP, _TDEF, _PISTD = (
    0x2416, 0x2417, 0x6649, 0x664A, 0x244B, 0x244C, 0xD608, 0x4600)


class Para:
    """A paragraph's properties: style, table place, numbering."""

    __slots__ = ("istd", "depth", "row_end", "cell_end", "ilfo", "ilvl", "bounds")

    def __init__(self, istd: int, grpprl: bytes, extra: tuple):
        self.istd = istd
        in_table = row_end = inner_cell = inner_row_end = False
        itap = None
        self.ilfo: str | None = None
        self.ilvl: int | None = None
        self.bounds: list[int] | None = None
        for pairs in (prls(grpprl), extra):
            for sprm, op in pairs:
                if sprm == _IN_TABLE:
                    in_table = op[0] != 0
                elif sprm == _TTP:
                    row_end = op[0] != 0
                elif sprm == _ITAP and len(op) == 4:
                    itap = int.from_bytes(op, "little", signed=True)
                elif sprm == _DTAP and len(op) == 4:
                    itap = (itap or 0) + int.from_bytes(op, "little", signed=True)
                elif sprm == _INNER_CELL:
                    inner_cell = op[0] != 0
                elif sprm == _INNER_TTP:
                    inner_row_end = op[0] != 0
                elif sprm == ILFO:
                    self.ilfo = str(int.from_bytes(op[:2], "little", signed=True))
                elif sprm == ILVL:
                    self.ilvl = op[0]
                elif sprm == _TDEF and len(op) >= 3:
                    count = min(op[2], 64, (len(op) - 3) // 2 - 1)
                    self.bounds = [int.from_bytes(op[3 + 2 * i:5 + 2 * i], "little",
                                                  signed=True) for i in range(count + 1)]
                elif sprm == _PISTD:
                    self.istd = u16(op, 0)
        depth = (itap if itap is not None and itap > 0 else 1) if in_table else 0
        self.depth = min(depth, 64)
        self.row_end = row_end if depth <= 1 else inner_row_end
        self.cell_end = inner_cell if depth > 1 else None  # depth 1: the mark is \x07


class _Table:
    __slots__ = ("index", "row", "col", "cells", "bounds")

    def __init__(self, index: int):
        self.index, self.row, self.col = index, 0, 0
        self.cells: list[tuple[dict, int, int]] = []  # (block, row, cell index)
        self.bounds: dict[int, list[int]] = {}  # row -> its cell boundaries


class Walker:
    """Collects raw blocks from the stories of one .doc, in reading order."""

    def __init__(self, source):
        self.src = source
        self.text = source.text
        self.blocks: list[dict] = []
        self.warnings: list[str] = []
        self.hidden = 0
        self.chars = 0
        self.tables = 0
        self.stack: list[_Table] = []
        self.fields: list[list] = []
        self.carry: tuple | None = None
        self.toc_line = False
        self.order: dict[Part, dict[int, int]] = {Part.footnote: {}, Part.endnote: {}}
        self.anchors: dict[tuple[Part, int], tuple[int, int]] = {}
        self._chp: dict[tuple, tuple] = {}
        self._para: dict[tuple, Para] = {}

    # -- stories ---------------------------------------------------------------------
    def story(self, start: int, end: int, part: Part, ctx: dict) -> None:
        """Walk the paragraphs of CPs [start, end) as blocks of `part`."""
        self.fields = []
        pos = start
        sections = self.src.section_marks
        for m in _PARAGRAPH_ENDS.finditer(self.text, start, end):
            mark = m.start()
            if self.text[mark] == "\x0c" and mark not in sections:
                continue  # a page break inside a paragraph
            self.paragraph(pos, mark, part, ctx)
            pos = mark + 1
        if pos < end:
            self.paragraph(pos, end, part, ctx)
        self.flush_carry()
        self.close_tables(0)

    def para_props(self, mark: int) -> Para:
        src = self.src
        cp = min(mark, len(self.text) - 1)
        fc, piece = src.pieces.locate(cp)
        k = bisect_right(src.papx_starts, fc) - 1
        istd, grpprl = 0, b""
        if k >= 0 and fc < src.papx[k][0]:
            istd, grpprl = src.papx[k][1], src.papx[k][2]
        key = (istd, grpprl, src.pieces.prms[piece])
        found = self._para.get(key)
        if found is None:
            found = self._para[key] = Para(istd, grpprl, src.pieces.prm_prls(piece))
        return found

    # -- tables ----------------------------------------------------------------------
    def close_tables(self, depth: int) -> None:
        while len(self.stack) > depth:
            _grid_columns(self.stack.pop())

    def open_tables(self, depth: int) -> None:
        self.close_tables(depth)
        while len(self.stack) < depth:
            self.flush_carry()
            self.stack.append(_Table(self.tables))
            self.tables += 1

    # -- paragraphs ------------------------------------------------------------------
    def paragraph(self, start: int, mark: int, part: Part, ctx: dict) -> None:
        props = self.para_props(mark)
        table = None
        if props.depth:
            self.open_tables(props.depth)
            table = self.stack[-1]
            if props.row_end:
                self.flush_carry()
                if props.bounds:
                    table.bounds[table.row] = props.bounds
                table.row, table.col = table.row + 1, 0
                return
            ctx = {**ctx, "table": table.index, "row": table.row, "col": table.col}
            if part in (Part.body, Part.table):
                part = Part.table
        else:
            self.close_tables(0)
        pstyle = self.src.styles.style_id(props.istd)
        if self.carry is not None:
            pieces, encs, refs = self.carry[:3]
            self.carry = None
        else:
            pieces, encs, refs = [], [], []
        toc = bool(self.fields) and self.in_toc()
        deleted_mark = self.inline(start, mark, props.istd, part, pieces, encs, refs)
        self.toc_line = toc or (bool(self.fields) and self.in_toc()) or (
            pstyle is not None and _TOC_STYLE.match(pstyle) is not None)
        if self.fields and self.in_instruction():
            self.fields = [f for f in self.fields if not f[0]]
        cell_end = table is not None and (
            props.cell_end if props.cell_end is not None else self.text[mark:mark + 1] == "\x07")
        if deleted_mark and not cell_end:
            self.carry = (pieces, encs, refs, part, ctx, pstyle, props)
            return
        block = self.emit(pieces, encs, refs, part, ctx, pstyle, props)
        if table is not None:
            if block is not None:
                table.cells.append((block, table.row, table.col))
            if cell_end:
                table.col += 1

    def flush_carry(self) -> None:
        if self.carry is not None:
            carry, self.carry = self.carry, None
            self.emit(*carry)

    def emit(self, pieces, encs, refs, part: Part, ctx: dict, pstyle, props: Para):
        """Append the block of a finished paragraph and return it (None when empty)."""
        if self.src.pieces.surrogates:
            pieces = [join_surrogates(piece) for piece in pieces]
        text, offsets, legacy_used = paragraph_text(pieces, encs,
                                                    [r[0] for r in refs] if refs else [])
        label, auto = None, False
        numbering = self.src.numbering
        if part is _BODY and numbering.nums:
            num_id, ilvl = props.ilfo, props.ilvl
            if num_id is None:
                num_id, style_ilvl = self.src.styles.numpr_of(props.istd)
                ilvl = ilvl if ilvl is not None else style_ilvl
            label = numbering.label(num_id, ilvl)
            auto = label is not None
        if part is _BODY and label is None and text and not self.toc_line:
            label = typed_label(text)
        if not refs and not text.strip():
            return None
        self.chars += len(text) + 1
        if self.chars > MAX_TEXT_CHARS:
            raise DocProblem(f"tài liệu quá lớn (hơn {MAX_TEXT_CHARS} ký tự) / document too"
                             f" large (over {MAX_TEXT_CHARS} characters of text)")
        block_id = len(self.blocks)
        note_refs = []
        for (_, kind, ref), offset in zip(refs, offsets):
            order = self.order[kind]
            if ref not in order:
                order[ref] = len(order) + 1
                self.anchors[(kind, ref)] = (block_id, offset)
            note_refs.append((kind, order[ref], offset))
        block = {"part": part, "text": text, "label": label, "label_auto": auto,
                 "style": pstyle, "refs": note_refs, "legacy_encoding": legacy_used, **ctx}
        self.blocks.append(block)
        return block

    def inline(self, start: int, mark: int, istd: int, part: Part, pieces, encs, refs) -> bool:
        """Collect the text of CPs [start, mark) into pieces; return True when the paragraph
        mark itself is a tracked deletion."""
        src = self.src
        starts, runs = src.run_starts, src.runs
        k = max(bisect_right(starts, start) - 1, 0)
        notes = part in (Part.body, Part.table, Part.textbox)
        text = self.text
        while k < len(runs) and starts[k] < mark:
            a, b = max(starts[k], start), min(runs[k][0], mark)
            chp, enc = self.chp(k, istd)
            k += 1
            if a >= b or chp.deleted:
                continue  # deleted text is gone, with its field marks and note references
            segment = text[a:b]
            if chp.vanish:
                self.hidden_text(segment)
                continue
            note_marks = src.note_marks_in(a, b) if notes else ()
            texts = self.segment_text(segment, a, chp, note_marks, pieces, encs, refs, enc)
            if texts:
                pieces.append("".join(texts))
                encs.append(enc)
        if mark < len(text):
            k = bisect_right(starts, mark) - 1
            if 0 <= k < len(runs):
                return self.chp(k, istd)[0].deleted
        return False

    def segment_text(self, segment: str, at: int, chp: Chp, note_marks, pieces, encs, refs,
                     enc) -> list[str]:
        """Return the shown text of one run's characters starting at CP `at`; note marks
        flush what came before into `pieces` and are recorded in `refs`."""
        texts: list[str] = []
        if segment.isprintable() and not note_marks and chp.symbol is None:
            if self.fields and self.in_instruction():
                self.fields[-1][1] += segment
            else:
                texts.append(segment)
            return texts
        cuts = [(cp - at, kind) for cp, kind in note_marks]
        pos = 0
        for cut, kind in [*cuts, (len(segment), None)]:
            part_text = segment[pos:cut]
            for piece in _SPECIAL.split(part_text):
                if not piece:
                    continue
                if len(piece) == 1 and piece < " ":
                    self.special(piece, texts, enc)
                elif self.fields and self.in_instruction():
                    self.fields[-1][1] += piece
                elif chp.symbol is not None:
                    texts.append(piece.replace("(", self.symbol(chp.symbol)))
                else:
                    texts.append(piece)
            if kind is None:
                break
            if texts:
                pieces.append("".join(texts))
                encs.append(enc)
                texts = []
            refs.append((len(pieces), kind, at + cut))
            pos = cut + 1 if segment[cut:cut + 1] == "\x02" else cut  # a custom mark stays
        return texts

    def special(self, ch: str, texts: list[str], enc=NO_LEGACY) -> None:
        """Follow one control character: field marks, blanks; the rest shows nothing.

        Word's optional hyphen (0x1F) shows nothing, except in a TCVN3 font: there it is the
        byte 0xAD of "ư", which Word and LibreOffice store as an optional hyphen."""
        if ch == "\x13":
            self.fields.append([True, ""])
        elif ch == "\x14":
            if self.fields:
                self.fields[-1][0] = False
        elif ch == "\x15":
            if self.fields:
                self.fields.pop()
        elif ch in _BLANK_CHARS and not (self.fields and self.in_instruction()):
            texts.append(_BLANK_CHARS[ch])
        elif ch == "\x1f" and enc[0] == legacy.TCVN3 and not (
                self.fields and self.in_instruction()):
            texts.append("\xad")

    def hidden_text(self, segment: str) -> None:
        """Skip text formatted hidden, counting its characters; field marks still count."""
        for piece in _SPECIAL.split(segment):
            if len(piece) == 1 and piece < " ":
                if piece in "\x13\x14\x15":
                    self.special(piece, [])
            elif piece and not (self.fields and self.in_instruction()):
                self.hidden += len(piece)

    def symbol(self, symbol: tuple[int, int]) -> str:
        ftc, code = symbol
        return symbol_text(self.src.styles.font(ftc) or "", code)

    def chp(self, k: int, istd: int) -> tuple[Chp, tuple[str | None, bool]]:
        """Return (character properties, (legacy encoding, upper)) of run `k` in a paragraph
        of style `istd`."""
        _, grpprl, piece = self.src.runs[k]
        prm = self.src.pieces.prms[piece]
        key = (grpprl, prm, istd)
        found = self._chp.get(key)
        if found is None:
            styles = self.src.styles
            base = styles.paragraph_chp(istd)
            chp = base.copy()
            styles.apply(chp, grpprl, base)
            if prm:
                styles.apply(chp, self.src.pieces.prm_prls(piece), base)
            enc = NO_LEGACY
            if self.src.legacy_fonts:
                enc = legacy.font_encoding(styles.font(chp.ftc2) or styles.font(chp.ftc0))
            found = self._chp[key] = (chp, enc)
        return found

    def in_instruction(self) -> bool:
        return any(f[0] for f in self.fields)

    def in_toc(self) -> bool:
        return any(f[1].lstrip().upper().startswith("TOC") for f in self.fields)

    # -- notes -----------------------------------------------------------------------
    def notes(self, kind: Part, ranges: list[tuple[int, int]], refs: dict[int, int]) -> None:
        """Walk the notes whose marks were met, in the order met; `ranges` are their CPs by
        note index, `refs` maps a mark's CP to its note index."""
        order = self.order[kind]
        for number, ref in enumerate(order, 1):
            index = refs.get(ref)
            if index is None or index >= len(ranges):
                self.warnings.append(f"{kind.value} {number} không có nội dung / {kind.value}"
                                     f" {number} is missing")
                continue
            anchor_block, anchor_offset = self.anchors[(kind, ref)]
            first = len(self.blocks)
            self.story(*ranges[index], kind, {"note": number, "anchor_block": anchor_block,
                                              "anchor_offset": anchor_offset})
            if first < len(self.blocks):
                # The note's own mark (dropped) is followed by a space: no part of the text.
                block = self.blocks[first]
                stripped = block["text"].lstrip()
                cut = len(block["text"]) - len(stripped)
                block["text"] = stripped
                block["refs"] = [(k, n, max(0, off - cut)) for k, n, off in block["refs"]]
        met = {refs[ref] for ref in order if ref in refs}
        unreferenced = len(ranges) - len(met)
        if unreferenced > 0:
            self.warnings.append(f"{unreferenced} {kind.value} không có dấu tham chiếu, bỏ qua"
                                 f" / {unreferenced} {kind.value}(s) without a reference mark"
                                 " skipped")

    def finish(self) -> None:
        if self.hidden:
            self.warnings.append(f"bỏ qua {self.hidden} ký tự định dạng ẩn / {self.hidden}"
                                 " characters of hidden text not read")


def _grid_columns(table: _Table) -> None:
    """Give a closed table's cells their grid column, as a DOCX counts them (gridSpan).

    Word's grid is every cell boundary of every row; a cell's column is where its left edge
    stands in it, counted from the row's first edge."""
    if not table.bounds:
        return
    grid = sorted({x for row in table.bounds.values() for x in row})
    where = {x: i for i, x in enumerate(grid)}
    for block, row, cell in table.cells:
        bounds = table.bounds.get(row)
        if bounds and cell < len(bounds) - 1:
            block["col"] = where[bounds[cell]] - where[bounds[0]]
