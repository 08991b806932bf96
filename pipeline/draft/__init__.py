"""The district summary written from the cleaned data, in the seed's form: the letterhead,
the title, each activity's total with its parts in the body, the per-commune lists in real
Word footnotes, an appendix table per indicator with a row per commune, communes without a
report named as such, and a figure still disputed left blank ("…") with a Word comment
saying what is stated where, never guessed.

Built with python-docx: its document model for paragraphs, tables and styles, its comments
API for the comments, its package layer for the footnotes (`pipeline.draft.notes`). The
words are `pipeline.draft.words`; what to say comes from the district table."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from extractors.places import gazetteer
from pipeline.aggregate import district_tables
from pipeline.draft import words
from pipeline.draft.notes import Footnotes
from pipeline.export.files import write_atomic
from schemas.aggregate import DistrictTable
from schemas.errors import QueryError

FONT = "Times New Roman"
AUTHOR = "baocao"


def draft_summary(db: Path, district: str, period: str, out: Path,
                  on: date | None = None) -> Path:
    """Write the district summary of `district` for `period` to `out` (.docx) and return it;
    `on` is the date of its place-and-date line (default: today)."""
    tables = district_tables(db, district, period)
    if len(tables) != 1:
        raise QueryError(f"{district} khớp {len(tables)} huyện; ghi rõ hơn",
                         f"{district} matches {len(tables)} districts; be more precise")
    doc = build(tables[0], on or date.today())
    return write_atomic(Path(out), doc.save)


def build(t: DistrictTable, on: date):
    """Return the python-docx Document of the summary of one district table."""
    doc = Document()
    _page(doc)
    d = _Draft(doc, t)
    d.letterhead(on)
    d.body()
    d.signature()
    d.appendix()
    doc.core_properties.title = f"Báo cáo tổng hợp {t.district} {t.period}"
    doc.core_properties.author = AUTHOR
    return doc


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15


class _Draft:
    def __init__(self, doc, t: DistrictTable):
        self.doc, self.t = doc, t
        self.notes = Footnotes(doc, size=12)
        self.kind = _district_kind(t.district, t.province)
        self.totals = {x.column: x for x in t.totals}
        self.columns = {c.key: c for c in t.columns}
        self.appendices: list[str] = []  # column keys with a table in the appendix

    # --- paragraphs -----------------------------------------------------------------------

    def para(self, *parts, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
             indent=True, size=None, after=None):
        """Add a paragraph of text parts: a str, a ("note", text) footnote, or a
        ("comment", shown, comment) figure marked with a Word comment."""
        p = self.doc.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        for part in parts:
            if isinstance(part, str):
                run = p.add_run(part)
                run.bold, run.italic = bold, italic
                if size:
                    run.font.size = Pt(size)
            elif part[0] == "note":
                self.notes.add(p, part[1])
            elif part[0] == "comment":  # a figure with a comment on it
                run = p.add_run(part[1])
                run.bold = part[1] == "…"
                self.doc.add_comment(run, text=part[2], author=AUTHOR, initials="BC")
        return p

    def heading(self, text: str):
        return self.para(text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)

    # --- the parts of the report ----------------------------------------------------------

    def letterhead(self, on: date) -> None:
        t = self.t
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Cm(6), Cm(10))
        left = [(f"HĐND {self.kind.upper()} {t.district.upper()}", False),
                ("THƯỜNG TRỰC HĐND", True)]
        right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                 ("Độc lập - Tự do - Hạnh phúc", True)]
        for j, width in enumerate(widths):
            table.columns[j].width = width
        for col, lines in enumerate((left, right)):
            cell = table.cell(0, col)
            cell.width = widths[col]
            for i, (text, bold) in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                _centered(p, text, bold=bold, size=12)
        number = table.cell(1, 0)
        number.width = widths[0]
        _centered(number.paragraphs[0], "Số:        /BC-TTHĐND", size=13)
        dated = table.cell(1, 1)
        dated.width = widths[1]
        _centered(dated.paragraphs[0], f"{t.district}, ngày {on.day} tháng {on.month} năm "
                                       f"{on.year}", italic=True, size=13)
        self.para("BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                  after=0).paragraph_format.space_before = Pt(12)
        self.para(f"Tổng hợp kết quả hoạt động của HĐND {self.kind}, xã "
                  f"{words.period(t)}" + (f", nhiệm kỳ {t.term}" if t.term else ""),
                  bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    def body(self) -> None:
        t = self.t
        known = [r for r in t.rows if r.known]
        reported = [r for r in known if r.reported]
        intro = (f"Thường trực HĐND {self.kind} báo cáo tổng hợp kết quả hoạt động của HĐND "
                 f"{self.kind}, xã {words.period(t)} từ báo cáo của các xã, số liệu đã được "
                 "đối chiếu và xem xét")
        if t.not_reported:
            intro += (f". Các xã chưa gửi báo cáo: {words.names(t, t.not_reported)}; số liệu "
                      "của các xã này chưa có trong báo cáo")
        self.para(intro + ", cụ thể như sau:")
        self.heading(f"I. KẾT QUẢ HOẠT ĐỘNG CỦA HĐND, CÁC CƠ QUAN CỦA HĐND CÁC CẤP "
                     f"{words.period(t).upper()}")
        if not reported:
            self.para("Chưa có xã nào gửi báo cáo cho kỳ này.")
        for title, indicators in words.SECTIONS:
            sentences = [s for ind in indicators for s in self.sentences(ind)]
            if not sentences:
                continue
            self.heading(title)
            for parts in sentences:
                self.para(*parts)
        self.heading("II. ĐỀ NGHỊ")
        self.para("Đề nghị Thường trực HĐND các xã tiếp tục thực hiện đầy đủ chế độ thông tin, "
                  "báo cáo; số liệu chi tiết theo từng xã tại các phụ lục kèm theo.")

    def sentences(self, indicator: str) -> list[list]:
        """Return the sentences about one indicator: its main figure with the district's and
        the communes' parts, and the breakdowns the seed's form gives."""
        if indicator == "supervision_topics":
            return words.supervision(self)
        key = self.main_column(indicator)
        if key is None:
            return []
        return [words.sentence(self, key)]

    def main_column(self, indicator: str) -> str | None:
        """Return the column an indicator is reported by: the one most communes state (its
        own, without body or qualifier, among equals), else the district's."""
        keys = [c.key for c in self.t.columns if c.indicator.value == indicator
                and not c.implied and not c.status]
        if not keys:
            return None
        best = max(keys, key=lambda k: (self.totals[k].communes_with_figure,
                                        self.totals[k].district_value is not None,
                                        k == indicator, -keys.index(k)))
        tot = self.totals[best]
        return best if tot.communes_with_figure or tot.district_value is not None else None

    def signature(self) -> None:
        self.para(f"Trên đây là Báo cáo tổng hợp kết quả hoạt động của HĐND {self.kind}, xã "
                  f"{words.period(self.t)}./.")
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.cell(0, 0), table.cell(0, 1)
        p = left.paragraphs[0]
        run = p.add_run("Nơi nhận:")
        run.bold, run.italic, run.font.size = True, True, Pt(12)
        for line in (f"- Thường trực {self.kind.capitalize()} ủy (b/c);",
                     f"- Thường trực HĐND {self.kind};", "- Thường trực HĐND các xã;",
                     "- Lưu: VT."):
            left.add_paragraph().add_run(line).font.size = Pt(11)
        _centered(right.paragraphs[0], "TM. THƯỜNG TRỰC HĐND", bold=True, size=14)
        _centered(right.add_paragraph(), "CHỦ TỊCH", bold=True, size=14)

    def appendix(self) -> None:
        """A table per indicator every reporting commune states, a row per commune."""
        keys = [k for k in self.appendices if k in self.totals]
        if not keys:
            return
        p = self.para("PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        p.paragraph_format.page_break_before = True
        self.para(f"Số liệu theo từng xã, {words.period(self.t)}", italic=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        for n, key in enumerate(keys, 1):
            words.appendix_table(self, n, key)


def _centered(p, text: str, *, bold=False, italic=False, size=None) -> None:
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = Cm(0)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def set_borders(table) -> None:
    """Give every cell of `table` a thin single border (the default template has none)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    tbl_pr.append(borders)


def repeat_header(row) -> None:
    """Mark a table's first row as its header, repeated at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _district_kind(district: str, province: str | None) -> str:
    """Return "huyện", "thị xã", "thành phố" or "quận" as the gazetteer knows the district."""
    try:
        found = gazetteer().lookup(district, level="district", province=province)
    except (LookupError, ValueError):
        found = []
    kinds = {u.kind for u in found}
    return kinds.pop() if len(kinds) == 1 else "huyện"
