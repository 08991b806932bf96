"""Write DOCX files fast and byte-for-byte reproducibly: paragraphs, tables, real Word
footnotes, tracked changes and runs in a given (legacy) font.

python-docx has no footnote API and its save is slow for corpora of thousands of files, so
this module writes the OOXML text itself from a few fixed parts. Every part is built as a
string; the zip gets fixed timestamps, so the same content gives the same bytes.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_ALIGN = {"left", "center", "right", "both"}


@dataclass(frozen=True)
class Run:
    """A run of text with its own formatting.

    `font` names the font of the run (".VnTime" for text already encoded in TCVN3);
    `size` is in points; `change` is "ins" or "del" for a tracked insertion or deletion.
    """

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    font: str | None = None
    size: float | None = None
    change: str | None = None


@dataclass(frozen=True)
class Note:
    """A footnote: its reference mark stands where the Note is placed in a paragraph."""

    text: str | tuple[Run, ...]


Segment = str | Run | Note


@dataclass(frozen=True)
class Para:
    """One paragraph: its content and paragraph-level formatting.

    `indent` is the first-line indent in centimetres; `space_after` in points.
    """

    content: tuple[Segment, ...]
    align: str | None = None
    bold: bool = False
    italic: bool = False
    indent: float | None = None
    space_after: float | None = None
    size: float | None = None
    style: str | None = None
    page_break: bool = False  # start a new page with this paragraph
    level: int | None = None  # Word's automatic heading numbering: 0 "I.", 1 "1."


@dataclass(frozen=True)
class Table:
    """A table: rows of cells, each cell a tuple of paragraphs. `widths` in centimetres."""

    rows: tuple[tuple[tuple[Para, ...], ...], ...]
    widths: tuple[float, ...]
    borders: bool = True


def _twips(cm: float) -> int:
    return round(cm * 567)


def _rpr(bold=False, italic=False, underline=False, font=None, size=None, extra="") -> str:
    parts = [extra]
    if font:
        f = escape(font, {'"': "&quot;"})
        parts.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if underline:
        parts.append('<w:u w:val="single"/>')
    if size:
        hp = round(size * 2)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    body = "".join(parts)
    return f"<w:rPr>{body}</w:rPr>" if body else ""


def _text(text: str, tag: str = "w:t") -> str:
    return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'


class DocxWriter:
    """Build one document paragraph by paragraph, then `to_bytes()` or `save(path)`.

    `font`/`size` are the document defaults (points); `author` and `date` (ISO, UTC) go into
    the core properties and onto tracked changes, so output depends only on the inputs.
    """

    def __init__(self, *, font: str = "Times New Roman", size: float = 14,
                 note_size: float = 12, author: str = "Văn phòng HĐND",
                 date: str = "2024-06-20T08:00:00Z", title: str = ""):
        self.font = font
        self.size = size
        self.note_size = note_size
        self.author = author
        self.date = date
        self.title = title
        self._body: list[str] = []
        self._notes: list[str] = []
        self._change_id = 0

    # -- building -------------------------------------------------------------------
    def paragraph(self, *content: Segment, **fmt) -> None:
        """Append a paragraph; keyword arguments are those of `Para`."""
        self._body.append(self._para(Para(tuple(content), **fmt)))

    def add(self, item: Para | Table) -> None:
        """Append a prepared paragraph or table."""
        self._body.append(self._para(item) if isinstance(item, Para) else self._table(item))

    def table(self, rows, widths, *, borders: bool = True) -> None:
        """Append a table. Each cell is a string, a Para, or a sequence of them."""
        self._body.append(self._table(Table(cells(rows), tuple(widths), borders)))

    @property
    def note_count(self) -> int:
        """How many footnotes have been written so far."""
        return len(self._notes)

    # -- XML ------------------------------------------------------------------------
    def _runs(self, content, para: Para) -> str:
        out = []
        for seg in content:
            if isinstance(seg, str):
                seg = Run(seg)
            if isinstance(seg, Note):
                out.append(self._note_ref(seg))
                continue
            rpr = _rpr(seg.bold or para.bold, seg.italic or para.italic, seg.underline,
                       seg.font, seg.size or para.size)
            if seg.change == "del":
                out.append(f'<w:del {self._change_attrs()}><w:r>{rpr}'
                           f'{_text(seg.text, "w:delText")}</w:r></w:del>')
            elif seg.change == "ins":
                out.append(f'<w:ins {self._change_attrs()}><w:r>{rpr}{_text(seg.text)}</w:r>'
                           '</w:ins>')
            else:
                out.append(f"<w:r>{rpr}{_text(seg.text)}</w:r>")
        return "".join(out)

    def _change_attrs(self) -> str:
        self._change_id += 1
        return (f'w:id="{self._change_id}" w:author="{escape(self.author)}" '
                f'w:date="{self.date}"')

    def _ppr(self, para: Para) -> str:
        parts = []
        if para.style:
            parts.append(f'<w:pStyle w:val="{para.style}"/>')
        if para.page_break:
            parts.append("<w:pageBreakBefore/>")
        if para.level is not None:
            parts.append(f'<w:numPr><w:ilvl w:val="{para.level}"/><w:numId w:val="1"/></w:numPr>')
        if para.space_after is not None:
            parts.append(f'<w:spacing w:after="{round(para.space_after * 20)}"/>')
        if para.indent:
            parts.append(f'<w:ind w:firstLine="{_twips(para.indent)}"/>')
        if para.align:
            if para.align not in _ALIGN:
                raise ValueError(f"unknown alignment {para.align!r}")
            parts.append(f'<w:jc w:val="{para.align}"/>')
        return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""

    def _para(self, para: Para) -> str:
        return f"<w:p>{self._ppr(para)}{self._runs(para.content, para)}</w:p>"

    def _note_ref(self, note: Note) -> str:
        nid = len(self._notes) + 1
        content = (note.text,) if isinstance(note.text, str) else note.text
        body = self._runs(content, Para(()))
        self._notes.append(
            f'<w:footnote w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
            f'<w:jc w:val="both"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{body}</w:p></w:footnote>')
        return (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{nid}"/></w:r>')

    def _table(self, table: Table) -> str:
        grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in table.widths)
        if table.borders:
            b = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                        for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        else:
            b = "".join(f'<w:{s} w:val="nil"/>'
                        for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        total = sum(_twips(w) for w in table.widths)
        out = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{b}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
        for row in table.rows:
            out.append("<w:tr>")
            for width, cell in zip(table.widths, row):
                paras = "".join(self._para(p) for p in cell) or "<w:p/>"
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{_twips(width)}" w:type="dxa"/></w:tcPr>'
                           f"{paras}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    # -- output ---------------------------------------------------------------------
    def parts(self) -> dict[str, str]:
        """Return every part of the package: zip name -> XML text."""
        body = "".join(self._body)
        document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}'
                    f"{_SECT_PR}</w:body></w:document>")
        footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">{_SEPARATORS}'
                     f'{"".join(self._notes)}</w:footnotes>')
        return {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _ROOT_RELS,
            "docProps/core.xml": _core(self.title, self.author, self.date),
            "docProps/app.xml": _APP,
            "word/document.xml": document,
            "word/styles.xml": _styles(self.font, self.size, self.note_size),
            "word/settings.xml": _SETTINGS,
            "word/fontTable.xml": _FONT_TABLE,
            "word/footnotes.xml": footnotes,
            "word/numbering.xml": _NUMBERING,
            "word/_rels/document.xml.rels": _DOC_RELS,
        }

    def to_bytes(self) -> bytes:
        """Return the DOCX file as bytes; the same content always gives the same bytes."""
        return pack(self.parts())

    def save(self, path: str | Path) -> Path:
        """Write the DOCX to `path` and return it."""
        path = Path(path)
        path.write_bytes(self.to_bytes())
        return path


def pack(parts: dict[str, str | bytes]) -> bytes:
    """Return a zip of `parts` (name -> text or bytes) with fixed dates and order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data,
                        compresslevel=6)
    return buf.getvalue()


def cells(rows) -> tuple:
    """Return table rows normalised: every cell a tuple of Para (strings become paragraphs)."""
    out = []
    for row in rows:
        row_cells = []
        for cell in row:
            if isinstance(cell, (str, Para)):
                cell = (cell,)
            row_cells.append(tuple(Para((p,)) if isinstance(p, str) else p for p in cell))
        out.append(tuple(row_cells))
    return tuple(out)


def _core(title: str, author: str, date: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
            f'XMLSchema-instance"><dc:title>{escape(title)}</dc:title>'
            f"<dc:creator>{escape(author)}</dc:creator>"
            f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>'
            "</cp:coreProperties>")


def _styles(font: str, size: float, note_size: float) -> str:
    f = escape(font, {'"': "&quot;"})
    hp, nhp = round(size * 2), round(note_size * 2)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>'
        f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/><w:lang w:val="vi-VN"/></w:rPr>'
        '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" '
        'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        '</w:style>'
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" '
        f'w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="{nhp}"/><w:szCs w:val="{nhp}"/>'
        '</w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="FootnoteReference">'
        '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/>'
        '</w:rPr></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr></w:style></w:styles>')


# A4 portrait, the margins of Decree 30/2020 (top/bottom 2 cm, left 3 cm, right 1.5 cm).
_SECT_PR = ('<w:sectPr><w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" '
            'w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>'
            "</w:sectPr>")

_SEPARATORS = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
               'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
               '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
               '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r>'
               "<w:continuationSeparator/></w:r></w:p></w:footnote>")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/></Types>')

_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>')

_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footnotes" Target="footnotes.xml"/>'
    '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/></Relationships>')

_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>')

# One two-level heading list: "I." (upper roman) and "1." (decimal, restarting under each I.).
_NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
    '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" '
    'w:firstLine="567"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%2."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" '
    'w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')

_FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="Times New Roman"><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')

_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>Microsoft Office Word</Application></Properties>')
