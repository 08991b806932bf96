"""Legacy Word 97-2003 .doc files read natively ([MS-DOC]), to the DOCX walk's raw blocks.

`read_doc(data)` returns the same (raw blocks, warnings) as `extractors.reader.docx.read_docx`
does for the DOCX of the same document. It raises `DocUnsupported` for a sound file it does
not read (Word 6.0/95 and older, password-protected), which LibreOffice may convert, and
`DocProblem` for a damaged one; both carry a one-line message.

- `container.py`: the OLE2 compound file (olefile) and the FIB;
- `pieces.py`: the piece table (the text), formatting runs and property lists (sprms);
- `styles.py`: styles, fonts and Word's list numbering;
- `walk.py`: the stories, paragraph by paragraph, to blocks.
"""
from __future__ import annotations

from bisect import bisect_left

from extractors.reader.msdoc import container as fib
from extractors.reader.msdoc.container import Container, DocEncrypted, DocProblem, DocUnsupported
from extractors.reader.msdoc.pieces import Pieces, char_runs, chpx_runs, papx_runs, plc
from extractors.reader.msdoc.styles import StyleSheet, font_names, names_legacy_font, numbering
from extractors.reader.msdoc.walk import Walker
from schemas.source import Part

__all__ = ["DocEncrypted", "DocProblem", "DocUnsupported", "read_doc"]

# Stories of a .doc in CP order ([MS-DOC] 2.3): main text, footnotes, headers, macros
# (unused), comments, endnotes, text boxes, text boxes of headers.
_STORY_ORDER = ("ccpText", "ccpFtn", "ccpHdd", "ccpMcr", "ccpAtn", "ccpEdn", "ccpTxbx",
                "ccpHdrTxbx")
_HEADER_KINDS, _FOOTER_KINDS = (0, 1, 4), (2, 3, 5)  # of the six stories of each section


class _Source:
    """Everything the walk reads: text, runs, paragraph properties, styles, notes."""

    def __init__(self, data: bytes):
        doc = Container(data)
        self.pieces = Pieces(doc.table_part(fib.CLX, "Clx") or b"", len(doc.word))
        self.text = self.pieces.text(doc.word)
        self.stories: dict[str, tuple[int, int]] = {}
        at = 0
        for name in _STORY_ORDER:
            self.stories[name] = (at, at + doc.fib.ccp[name])
            at += doc.fib.ccp[name]
        if at > len(self.text):
            raise DocProblem(f"độ dài các phần văn bản ({at}) vượt bảng mảnh ({len(self.text)})"
                             f" / the stories ({at} characters) exceed the piece table"
                             f" ({len(self.text)})")
        self.run_starts, self.runs = char_runs(
            self.pieces, chpx_runs(doc.word, doc.table_part(fib.PLCFBTECHPX, "PlcBteChpx")))
        self.papx_starts, self.papx = papx_runs(
            doc.word, doc.data, doc.table_part(fib.PLCFBTEPAPX, "PlcBtePapx"))
        fonts = font_names(doc.table_part(fib.STTBFFFN, "SttbfFfn"))
        self.legacy_fonts = names_legacy_font(fonts)
        self.styles = StyleSheet(doc.table_part(fib.STSHF, "STSH"), fonts)
        lst_fc, lst_size = doc.fib.pair(fib.PLFLST)
        self.numbering = numbering(doc.table_part(fib.PLFLST, "PlfLst"),
                                   doc.table[lst_fc + lst_size:] if lst_size else b"",
                                   doc.table_part(fib.PLFLFO, "PlfLfo"))
        sections = doc.table_part(fib.PLCFSED, "PlcfSed")
        self.section_marks = set(p - 1 for p in plc(sections, 12, "PlcfSed")[0][1:]) \
            if sections else set()
        self.notes = {kind: self._notes(doc, kind, ref, txt, story) for kind, ref, txt, story in (
            (Part.footnote, fib.PLCFFNDREF, fib.PLCFFNDTXT, "ccpFtn"),
            (Part.endnote, fib.PLCFENDREF, fib.PLCFENDTXT, "ccpEdn"))}
        self.marks = sorted((cp, kind) for kind, (_, refs) in self.notes.items() for cp in refs)
        self.mark_cps = [cp for cp, _ in self.marks]
        self.headers = self._headers(doc)
        self.textboxes = self._ranges(doc.table_part(fib.PLCFTXBXTXT, "PlcftxbxTxt"), 22,
                                      "ccpTxbx")

    def _ranges(self, data: bytes | None, item: int, story: str,
                cut: int = 1) -> list[tuple[int, int]]:
        """Return the CP ranges a PLC of story-relative CPs marks out (all but the last
        `cut` positions start one), clipped to the story."""
        start, end = self.stories[story]
        if start == end:
            return []
        if data is None:
            return [(start, end)]
        cps = plc(data, item, story)[0]
        out = []
        for a, b in zip(cps[:len(cps) - cut], cps[1:]):
            a, b = start + a, min(start + b, end)
            out.append((a, b) if a < b else (b, b))
        return out

    def _notes(self, doc: Container, kind: Part, ref_index: int, text_index: int,
               story: str) -> tuple[list[tuple[int, int]], dict[int, int]]:
        """Return (CP range of each note's text, mark CP -> note index)."""
        refs = doc.table_part(ref_index, f"Plc{kind.value}Ref")
        if refs is None:
            return [], {}
        cps = plc(refs, 2, f"Plc{kind.value}Ref")[0][:-1]
        main_end = self.stories["ccpText"][1]
        texts = doc.table_part(text_index, f"Plc{kind.value}Txt")
        ranges = self._ranges(texts, 0, story, cut=2) if texts is not None else []
        return ranges, {cp: i for i, cp in enumerate(cps) if cp < main_end}

    def _headers(self, doc: Container) -> list[tuple[Part, int, int]]:
        """Return the header and footer stories of every section: headers first, then
        footers, as the DOCX walk reads them; a section inheriting one has an empty range."""
        data = doc.table_part(fib.PLCFHDD, "PlcfHdd")
        if data is None or self.stories["ccpHdd"][0] == self.stories["ccpHdd"][1]:
            return []
        ranges = self._ranges(data, 0, "ccpHdd")[6:]  # the first six: note separators
        out: list[tuple[Part, int, int]] = []
        seen = set()
        for part, kinds in ((Part.header, _HEADER_KINDS), (Part.footer, _FOOTER_KINDS)):
            for section in range(0, len(ranges) - 5, 6):
                for kind in kinds:
                    a, b = ranges[section + kind]
                    if a < b and (a, b) not in seen:
                        seen.add((a, b))
                        out.append((part, a, b))
        return out

    def note_marks_in(self, start: int, end: int) -> list[tuple[int, Part]]:
        """Return the (CP, kind) of note reference marks within [start, end)."""
        i = bisect_left(self.mark_cps, start)
        j = bisect_left(self.mark_cps, end, i)
        return self.marks[i:j]


def read_doc(data: bytes) -> tuple[list[dict], list[str]]:
    """Return (raw blocks in reading order, warnings) for the bytes of a Word 97-2003 .doc.

    Each raw block is a dict of `schemas.source.Block` fields without id/start/end; its
    "refs" are (kind, note number, offset) triples, as `read_docx` gives them."""
    src = _Source(data)
    walker = Walker(src)
    walker.story(*src.stories["ccpText"], Part.body, {})
    for start, end in src.textboxes:
        walker.story(start, end, Part.textbox, {})
    for part, start, end in src.headers:
        walker.story(start, end, part, {})
    for start, end in (src.stories["ccpHdrTxbx"],):
        if start < end:
            walker.story(start, end, Part.header, {})
    for kind in (Part.footnote, Part.endnote):
        ranges, refs = src.notes[kind]
        walker.notes(kind, ranges, refs)
    walker.finish()
    return walker.blocks, walker.warnings
