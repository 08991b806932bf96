"""The XLSX export: a workbook a person opens and prints, written with XlsxWriter.

Sheets: the district table (communes × indicators, a total row, the summary's figures and
the difference), the coverage grid, charts, the long table of figures, the flags with their
decisions, the documents and the data dictionary. Vietnamese headers and names, frozen
headers, filters, number formats, and a print set-up (A4 landscape, one page wide, header
rows repeated, page numbers). The file is byte-reproducible (a fixed creation date; XlsxWriter
writes fixed zip timestamps), and a text longer than a cell holds goes whole to a side file
named in the cell."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import xlsxwriter

from pipeline.aggregate.text import cell_text, difference_text, sum_text
from pipeline.export import columns_of, safe_cell
from pipeline.export.dictionary import (
    DICTIONARY_COLUMNS,
    TABLE_NAMES,
    TABLE_TITLES,
    codes_of,
    dictionary,
    header,
)
from pipeline.export.files import write_atomic
from schemas.aggregate import Coverage, CoverageGrid, DistrictTable
from schemas.exports import TodayAggregateRow
from schemas.names import COVERAGE

BOOK = "baocao.xlsx"
LONG_TEXT_DIR = "baocao-xlsx-van-ban-dai"  # texts longer than a cell, one file each
CELL_LIMIT = 32_767  # Excel's limit of characters in a cell
_CREATED = datetime(2000, 1, 1)  # the workbook's fixed creation date: byte-reproducible
# the long tables a person reads: the sheet, its title, the exported table and its columns
SHEETS = (
    ("Số liệu", "counts", ["file", "district", "year", "half", "level", "unit", "indicator",
                           "body", "qualifiers_kind", "qualifiers_phase", "qualifiers_session",
                           "qualifiers_planned", "value", "effective_value", "decision_flag",
                           "decision_reviewer", "evidence_footnote", "evidence_text"]),
    ("Cờ", "flags", ["id", "rule", "severity", "status", "indicator", "unit", "values",
                     "documents", "message", "decision", "decision_value", "decision_reviewer",
                     "decision_note"]),
    ("Văn bản", "documents", ["file", "kind", "level", "unit", "district", "province",
                              "period_year", "period_half", "term", "number", "date",
                              "source_format", "status", "error"]),
)
FIRST_SHEETS = ("Bảng tổng hợp", "Tình hình báo cáo", "Biểu đồ")
DICTIONARY_SHEET = "Từ điển dữ liệu"
# column widths (characters); a column named here wraps its text
_WIDE = {"evidence_text": 42, "message": 52, "meaning": 50, "codes": 40, "documents": 26,
         "file": 24, "decision_note": 22, "error": 30, "values": 9, "indicator": 18,
         "rule": 16, "unit": 12, "decision_reviewer": 13, "column": 18, "header": 18,
         "table": 18, "type": 11}
_NARROW = {"year": 5, "half": 4, "period_year": 5, "period_half": 4, "qualifiers_session": 5,
           "qualifiers_planned": 5, "value": 6, "effective_value": 7, "evidence_footnote": 6,
           "decision_value": 6, "severity": 8, "status": 9, "level": 9, "kind": 14,
           "qualifiers_kind": 9, "qualifiers_phase": 9, "body": 11, "district": 11,
           "decision_flag": 9, "id": 9, "decision": 9, "source_format": 6, "term": 9,
           "number": 11, "date": 10, "province": 10}
_NO_THOUSANDS = {"year", "half", "period_year", "period_half", "qualifiers_session",
                 "evidence_footnote", "evidence_block", "first_seen_run", "last_seen_run"}
_FILLS = {Coverage.reported: "#DCF3E3", Coverage.flagged: "#FFF1CC", Coverage.missing: "#FDE2E1"}
CHART_INDICATORS = ("voter_petitions", "resolutions", "sessions")


class _Book:
    """One workbook being written, with its formats and its side files of long text."""

    def __init__(self, handle, out: Path):
        self.wb = xlsxwriter.Workbook(handle, {"constant_memory": False,
                                               "strings_to_formulas": False,
                                               "strings_to_urls": False})
        self.wb.set_properties({"title": "Dữ liệu hoạt động HĐND (baocao)",
                                "created": _CREATED, "author": "baocao"})
        self.out = out
        self.side_files: dict[Path, bytes] = {}
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.f = {
            "head": self.wb.add_format({**base, "bold": True, "font_color": "#FFFFFF",
                                        "bg_color": "#1F3A5F", "text_wrap": True,
                                        "border": 1, "align": "center"}),
            "title": self.wb.add_format({**base, "bold": True, "font_size": 13}),
            "note": self.wb.add_format({**base, "italic": True, "font_color": "#4A5260"}),
            "note_wrap": self.wb.add_format({**base, "italic": True, "font_color": "#4A5260",
                                             "text_wrap": True}),
            "head_up": self.wb.add_format({**base, "bold": True, "font_color": "#FFFFFF",
                                           "bg_color": "#1F3A5F", "text_wrap": True,
                                           "border": 1, "rotation": 90, "valign": "bottom",
                                           "align": "center"}),
            "text": self.wb.add_format({**base, "border": 1, "border_color": "#C5CCD6"}),
            "wrap": self.wb.add_format({**base, "border": 1, "border_color": "#C5CCD6",
                                        "text_wrap": True}),
            "int": self.wb.add_format({**base, "border": 1, "border_color": "#C5CCD6",
                                       "num_format": "#,##0"}),
            "plain": self.wb.add_format({**base, "border": 1, "border_color": "#C5CCD6",
                                         "num_format": "0"}),
            "disputed": self.wb.add_format({**base, "border": 1, "bg_color": "#FFE066",
                                            "align": "right", "bold": True}),
            "total": self.wb.add_format({**base, "bold": True, "top": 2, "border": 1,
                                         "num_format": "#,##0", "bg_color": "#EEF1F5"}),
            "total_text": self.wb.add_format({**base, "bold": True, "top": 2, "border": 1,
                                              "bg_color": "#EEF1F5", "text_wrap": True}),
            "sum": self.wb.add_format({**base, "border": 1, "num_format": "#,##0",
                                       "bg_color": "#F6F7F9"}),
            "sum_text": self.wb.add_format({**base, "border": 1, "bg_color": "#F6F7F9",
                                            "align": "right"}),
            "label": self.wb.add_format({**base, "border": 1, "bg_color": "#F6F7F9",
                                         "text_wrap": True}),
            "diff": self.wb.add_format({**base, "border": 1, "num_format": "+#,##0;-#,##0;0",
                                        "bg_color": "#F6F7F9", "font_color": "#8A1C17",
                                        "bold": True}),
            **{state: self.wb.add_format({**base, "border": 1, "bg_color": _FILLS[state],
                                          "align": "center"}) for state in Coverage},
        }

    def text(self, sheet_code: str, row: int, col: int, value: str) -> str:
        """Return `value` fit for a cell: a text too long goes whole to a side file, and the
        cell holds its start and the file's name."""
        if len(value) <= CELL_LIMIT:
            return value
        name = f"{LONG_TEXT_DIR}/{sheet_code}-{row + 1}-{col + 1}.txt"
        self.side_files[self.out / name] = value.encode("utf-8")
        return value[:1000] + f" … [toàn văn / full text: {name}]"

    def print_setup(self, sheet, header_rows: int | None, title: str) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        sheet.set_header(f'&L&"Arial,Bold"{_escape_hf(title)}&R&"Arial"baocao', margin=0.3)
        sheet.set_footer('&C&"Arial"Trang &P / &N', margin=0.3)
        if header_rows is not None:
            sheet.repeat_rows(0, header_rows)


def _escape_hf(text: str) -> str:
    return text.replace("&", "&&")


def write_workbook(data: dict[str, list[dict]], tables: list[DistrictTable],
                   grids: list[CoverageGrid], out: Path) -> list[Path]:
    """Write baocao.xlsx (and the side files of long texts) into `out`; return them."""
    book_holder: list[_Book] = []

    def fill(handle) -> None:
        book = _Book(handle, out)
        book_holder.append(book)
        positions = _district_sheet(book, tables)
        _coverage_sheet(book, grids)
        _charts_sheet(book, tables, positions)
        for name, table, columns in SHEETS:
            _long_sheet(book, name, table, columns, data.get(table, []))
        if "aggregates_today" in data:  # export --map new: figures on today's map
            _long_sheet(book, "Cộng theo bản đồ mới", "aggregates_today",
                        list(TodayAggregateRow.model_fields), data["aggregates_today"])
        _dictionary_sheet(book, data)
        book.wb.close()

    path = write_atomic(out / BOOK, fill)
    written = [path]
    for side, content in sorted(book_holder[0].side_files.items()):
        side.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_atomic(side, content))
    return written


# --- the district table -------------------------------------------------------------------

def _district_sheet(book: _Book, tables: list[DistrictTable]) -> list[tuple]:
    """Write every district table, one block under the other (a page each when printed);
    return, per table, where its commune rows and columns are, for the charts."""
    sheet = book.wb.add_worksheet(FIRST_SHEETS[0])
    f = book.f
    widest = max((len(t.columns) for t in tables), default=0)
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, max(26, *(len(r.unit) + 8 for t in tables for r in t.rows), 26))
    # narrow columns under upright-turned headers: a row of 25 figures fits an A4 page
    sheet.set_column(2, 1 + widest, 7)
    row, positions, breaks = 0, [], []
    for t in tables:
        if row:
            breaks.append(row)
        where = f"{t.district}" + (f" ({t.province})" if t.province else "")
        sheet.write_string(row, 0, f"Huyện {where} — {t.period}".upper(), f["title"])
        known = [r for r in t.rows if r.known]
        note = (f"{sum(r.reported for r in known)}/{len(known)} xã đã gửi báo cáo"
                + (f"; chưa gửi: {', '.join(t.not_reported)}" if t.not_reported else "")
                + ". Số liệu sau quyết định của người duyệt; ô vàng: chưa thống nhất, ghi mọi "
                  "giá trị (a|b). Kế hoạch kỳ sau không cộng vào bảng.")
        sheet.merge_range(row + 1, 0, row + 1, 1 + max(len(t.columns), 1), note,
                          f["note_wrap"])
        sheet.set_row(row + 1, 28)
        head = row + 2
        sheet.write_row(head, 0, ["TT", "Xã"], f["head"])
        sheet.write_row(head, 2, [c.name for c in t.columns], f["head_up"])
        longest = max((len(c.name) for c in t.columns), default=10)
        sheet.set_row(head, 5.5 * min(20, max(10, longest / 2 + 2)))
        first = head + 1
        for i, r in enumerate(t.rows):
            y = first + i
            sheet.write_number(y, 0, i + 1, f["plain"])
            name = f"{r.kind} {r.unit}" + ("" if r.reported else " (chưa gửi báo cáo)") + (
                "" if r.known else " (không phải xã của huyện)")
            sheet.write_string(y, 1, name, f["text"])
            for j, c in enumerate(t.columns):
                if c.key in r.cells:
                    _district_cell(book, sheet, y, 2 + j, r.cells[c.key], r.unit)
                else:
                    sheet.write_blank(y, 2 + j, None, f["int"])
        last = first + len(t.rows) - 1
        end = last + 1
        labels = ("Cộng các xã", "Tổng hợp ghi cho cấp xã", "Chênh lệch (tổng hợp − cộng)",
                  "HĐND huyện", "Toàn huyện (tổng hợp ghi)")
        for k, label in enumerate(labels):
            sheet.merge_range(end + k, 0, end + k, 1, label,
                              f["total_text"] if k == 0 else f["label"])
        for j, tot in enumerate(t.totals):
            x = 2 + j
            _number_or_text(sheet, end, x, tot.communes_sum, sum_text(tot), f["total"],
                            f["total_text"] if not tot.disputed else f["disputed"])
            shown = (f"({tot.summary_list_sum})" if tot.summary_value is None
                     and tot.summary_list_sum is not None else
                     "|".join(map(str, tot.summary_values)) if tot.summary_values else "")
            _number_or_text(sheet, end + 1, x, tot.summary_value, shown, f["sum"], f["sum_text"])
            _number_or_text(sheet, end + 2, x, tot.difference, difference_text(tot),
                            f["diff"] if tot.difference else f["sum"], f["sum_text"])
            _number_or_text(sheet, end + 3, x, tot.district_value, "", f["sum"], f["sum_text"])
            _number_or_text(sheet, end + 4, x, tot.all_value, "", f["sum"], f["sum_text"])
        sources = ("(n): cộng danh sách theo xã của báo cáo tổng hợp, khi báo cáo không ghi số "
                   "cho cấp xã. Nguồn: " + "; ".join(t.summaries + t.reports))
        sheet.merge_range(end + 5, 0, end + 5, 1 + max(len(t.columns), 1),
                          book.text("district", end + 5, 0, sources), f["note_wrap"])
        sheet.set_row(end + 5, 12.75 * min(12, _lines(sources, 26 + 7 * len(t.columns))))
        positions.append((t, first, last))
        row = end + 7
    if len(tables) == 1:  # one block: its header stays in view and repeats on every page
        sheet.freeze_panes(3, 2)
        sheet.repeat_rows(2)
    else:
        sheet.freeze_panes(0, 2)
        sheet.set_h_pagebreaks(breaks)
    book.print_setup(sheet, None, FIRST_SHEETS[0])
    if len(tables) == 1:
        sheet.repeat_rows(2)
    return positions


def _district_cell(book: _Book, sheet, y: int, x: int, cell, unit: str) -> None:
    if cell is None:
        return
    if cell.disputed:
        sheet.write_string(y, x, cell_text(cell), book.f["disputed"])
        lines = [f"{unit}: chưa thống nhất / disputed"]
        lines += [f"{s.value} — {s.file}" for s in cell.statements]
        if cell.open_flags:
            lines.append("Cờ chưa xử lý / open flags: " + ", ".join(cell.open_flags))
        sheet.write_comment(y, x, "\n".join(lines), {"x_scale": 2, "y_scale": 1.5})
    elif cell.bound:
        sheet.write_string(y, x, cell_text(cell), book.f["text"])
    else:
        sheet.write_number(y, x, cell.value, book.f["int"])
        if cell.corrected:
            sheet.write_comment(y, x, f"{unit}: báo cáo của xã ghi "
                                f"{', '.join(map(str, cell.stated))}; người duyệt sửa thành "
                                f"{cell.value} (cờ {', '.join(cell.decision_flags)})",
                                {"x_scale": 2})


def _number_or_text(sheet, y, x, number, text, number_format, text_format) -> None:
    if number is not None:
        sheet.write_number(y, x, number, number_format)
    else:
        sheet.write_string(y, x, text, text_format)


# --- coverage and charts ------------------------------------------------------------------

def _coverage_sheet(book: _Book, grids: list[CoverageGrid]) -> None:
    sheet = book.wb.add_worksheet(FIRST_SHEETS[1])
    f = book.f
    sheet.set_column(0, 0, max([len(n) + 4 for g in grids for n in g.communes] + [16]))
    sheet.set_column(1, max([len(g.periods) for g in grids] + [len(Coverage)]), 16)
    row = 0
    sheet.write_string(row, 0, "Tình hình gửi báo cáo: xã × kỳ báo cáo", f["title"])
    row += 1
    sheet.write_string(row, 0, "Chú thích:", f["note"])
    for j, state in enumerate(Coverage):
        sheet.write_string(row, 1 + j, COVERAGE[state.value], f[state])
    row += 2
    for g in grids:
        sheet.write_string(row, 0, f"Huyện {g.district}" + (f" ({g.province})" if g.province
                                                            else ""), f["title"])
        row += 1
        sheet.write_row(row, 0, ["Xã"] + [f"{y}" + (f" H{h}" if h else "") for y, h in g.periods],
                        f["head"])
        row += 1
        cells = {(c.unit, c.year, c.half): c for c in g.cells}
        for unit in g.communes:
            sheet.write_string(row, 0, unit, f["text"])
            for j, (y, h) in enumerate(g.periods):
                c = cells.get((unit, y, h))
                if c is not None:
                    sheet.write_string(row, 1 + j, COVERAGE[c.state.value], f[c.state])
            row += 1
        row += 1
    book.print_setup(sheet, None, FIRST_SHEETS[1])
    sheet.set_portrait()


def _charts_sheet(book: _Book, tables: list[DistrictTable], positions: list[tuple]) -> None:
    """One bar chart per district table and indicator of CHART_INDICATORS, reading the
    district sheet's cells (a disputed figure is text there, so its bar is left out)."""
    sheet = book.wb.add_worksheet(FIRST_SHEETS[2])
    sheet.write_string(0, 0, "Biểu đồ: số liệu theo xã, sau quyết định của người duyệt",
                       book.f["title"])
    n = 0
    for t, first, last in positions[:24]:
        for indicator in CHART_INDICATORS:
            # the indicator's column most communes state ("Kỳ họp chuyên đề", not "Kỳ họp")
            filled = [(sum(c.key in r.cells for r in t.rows), -j, j)
                      for j, c in enumerate(t.columns) if c.indicator.value == indicator]
            if not filled or not max(filled)[0]:
                continue
            j = max(filled)[2]
            col = t.columns[j]
            chart = book.wb.add_chart({"type": "bar"})
            name = FIRST_SHEETS[0]
            chart.add_series({"name": col.name,
                              "categories": [name, first, 1, last, 1],
                              "values": [name, first, 2 + j, last, 2 + j],
                              "fill": {"color": "#1F5FA8"}, "gap": 60,
                              "data_labels": {"value": True, "font": {"name": "Arial"}}})
            chart.set_title({"name": f"{col.name} — {t.district}, {t.period}",
                             "name_font": {"name": "Arial", "size": 11, "bold": True}})
            chart.set_legend({"none": True})
            chart.set_y_axis({"reverse": True, "num_font": {"name": "Arial", "size": 9}})
            highest = max([v for r in t.rows if (c := r.cells.get(col.key)) for v in c.values]
                          + [1])
            chart.set_x_axis({"num_font": {"name": "Arial", "size": 9}, "min": 0,
                              "major_unit": max(1, -(-highest // 6)),
                              "major_gridlines": {"visible": True,
                                                  "line": {"color": "#DDE1E7"}}})
            chart.set_size({"width": 620, "height": 60 + 22 * (last - first + 1)})
            sheet.insert_chart(2 + (n // 2) * (5 + (last - first + 1) * 22 // 20),
                               (n % 2) * 10, chart)
            n += 1
    if not n:
        sheet.write_string(2, 0, "Chưa có số liệu theo xã để vẽ.", book.f["note"])
    book.print_setup(sheet, None, FIRST_SHEETS[2])


# --- the long tables ----------------------------------------------------------------------

def _lines(text: str, width: float) -> int:
    """Return how many lines `text` takes wrapped in a column `width` characters wide."""
    per_line = max(1, int(width * 1.1))
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _long_sheet(book: _Book, name: str, table: str, columns: list[str],
                rows: list[dict]) -> None:
    sheet = book.wb.add_worksheet(name)
    codes = codes_of(table)
    columns = [c for c in columns if not rows or c in rows[0]]
    heads = [header(table, c) for c in columns]
    widths = [_WIDE.get(c) or _NARROW.get(c, 12) for c in columns]
    sheet.write_row(0, 0, heads, book.f["head"])
    sheet.set_row(0, 13 * max(_lines(h, w) for h, w in zip(heads, widths)))
    for j, w in enumerate(widths):
        sheet.set_column(j, j, w, book.f["text"])  # empty cells too get the table's borders
    for i, r in enumerate(rows, 1):
        height = 1
        for j, c in enumerate(columns):
            value = r.get(c)
            if value is None or value == "":
                continue
            if c in codes and isinstance(value, str):
                value = codes[c].get(value, value)
            if c in ("values", "documents") and isinstance(value, str) and value.startswith("["):
                value = "\n".join(str(v).rsplit("/", 1)[-1] for v in json.loads(value))
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, (int, float)):
                sheet.write_number(i, j, value, book.f["plain" if c in _NO_THOUSANDS
                                                      else "int"])
            else:
                text = book.text(table, i, j, safe_cell(str(value)))
                sheet.write_string(i, j, text, book.f["wrap"])
                height = max(height, min(_lines(text, widths[j]), 30))
        if height > 1:  # LibreOffice and Excel do not grow a row for wrapped text by themselves
            sheet.set_row(i, 12.75 * height)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), max(len(columns) - 1, 0))
    book.print_setup(sheet, 0, f"{name}: {TABLE_NAMES[table].split(' / ')[0]}")


def _dictionary_sheet(book: _Book, data: dict[str, list[dict]]) -> None:
    entries = dictionary({name: columns_of(rows) for name, rows in data.items()})
    entries += [{"table": "dictionary", "column": c, "header": h,
                 "meaning": {"table": "Bảng xuất / the exported table",
                             "column": "Tên cột trong CSV và JSON / the column in CSV and JSON",
                             "header": "Tiêu đề cột trong bảng tính / the workbook's header",
                             "meaning": "Ý nghĩa / what it means",
                             "type": "Kiểu dữ liệu / the data type",
                             "codes": "Các mã được dùng và tên tiếng Việt / the codes it may "
                                      "hold and their names"}[c],
                 "type": "văn bản / text", "codes": ""} for c, h in DICTIONARY_COLUMNS.items()]
    rows = [{**e, "table": f"{e['table']} ({TABLE_TITLES[e['table']]})",
             "codes": e["codes"].replace("; ", "\n")} for e in entries]
    _long_sheet_rows(book, DICTIONARY_SHEET, "dictionary", list(DICTIONARY_COLUMNS),
                     [DICTIONARY_COLUMNS[c] for c in DICTIONARY_COLUMNS], rows)


def _long_sheet_rows(book: _Book, name: str, table: str, columns: list[str], heads: list[str],
                     rows: list[dict]) -> None:
    """A sheet of text rows (the dictionary): wrapped, rows as high as their text."""
    sheet = book.wb.add_worksheet(name)
    widths = [_WIDE.get(c, 14) for c in columns]
    sheet.write_row(0, 0, heads, book.f["head"])
    for j, w in enumerate(widths):
        sheet.set_column(j, j, w)
    for i, e in enumerate(rows, 1):
        texts = [book.text(table, i, j, safe_cell(e[c])) for j, c in enumerate(columns)]
        sheet.write_row(i, 0, texts, book.f["wrap"])
        sheet.set_row(i, 12.75 * max(_lines(t, w) for t, w in zip(texts, widths)))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.print_setup(sheet, 0, name)
