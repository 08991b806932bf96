"""What the drafted summary says, in the words of the seed: each activity's total with the
district's and the communes' parts ("18 nghị quyết (cấp huyện: 06 nghị quyết; cấp xã: 12
nghị quyết¹)"), the per-commune list in the footnote, supervision by body, and an appendix
table per indicator.

A per-commune list (footnote and appendix) is given for a figure every commune that
reported states; a figure only some state is given as their sum with the others named
("xã Đăk Na, xã Đăk Rơ Ông không nêu số liệu này"): a list leaving communes out would read as
communes forgotten. A disputed figure is written "…" with a comment; a figure a reviewer
corrected away from the commune's own report carries a comment saying so."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline.reconcile.messages import number
from schemas.aggregate import Cell, DistrictTable
from schemas.names import BODIES, SESSION_KINDS

SECTIONS = (
    ("1. Về xem xét, quyết định tại kỳ họp", ("sessions", "resolutions")),
    ("2. Hoạt động giám sát", ("supervision_topics", "questions", "voter_petitions",
                               "petitions_answered")),
    ("3. Về tiếp xúc cử tri", ("voter_meetings", "voter_attendance")),
    ("4. Về các hoạt động khác", ("standing_meetings", "explanation_sessions",
                                  "explanation_topics", "citizen_receptions", "complaints")),
)
# indicator -> (the sentence up to the figure, {who}: "các cấp", "các xã" or "huyện"; what
# the figure counts, as it follows the number)
PHRASES = {
    "sessions": ("HĐND {who} đã tổ chức", "kỳ họp"),
    "resolutions": ("Sau các kỳ họp, HĐND {who} đã ban hành", "nghị quyết"),
    "supervision_topics": ("HĐND, các Ban của HĐND và Tổ đại biểu HĐND {who} đã tổ chức "
                           "giám sát", "chuyên đề"),
    "questions": ("Tại các kỳ họp HĐND {who} có", "lượt đại biểu chất vấn"),
    "voter_petitions": ("HĐND {who} đã tổng hợp, tiếp thu", "ý kiến, kiến nghị của cử tri"),
    "petitions_answered": ("HĐND {who} đã đôn đốc trả lời, giải quyết", "kiến nghị của cử tri"),
    "voter_meetings": ("Đại biểu HĐND {who} đã tổ chức", "cuộc tiếp xúc cử tri"),
    "voter_attendance": ("Các cuộc tiếp xúc cử tri {who} có", "lượt cử tri tham dự"),
    "standing_meetings": ("Thường trực HĐND {who} đã tổ chức", "phiên họp Thường trực HĐND"),
    "explanation_sessions": ("Thường trực HĐND {who} đã tổ chức", "phiên giải trình"),
    "explanation_topics": ("Các phiên giải trình {who} đã xem xét", "nội dung giải trình"),
    "citizen_receptions": ("Thường trực HĐND {who} đã tổ chức", "buổi tiếp công dân"),
    "complaints": ("Thường trực HĐND {who} đã tiếp nhận",
                   "đơn, thư khiếu nại, tố cáo, kiến nghị, phản ánh"),
}
_BOUND = {"lower": "trên ", "upper": "không quá "}
_BODY_LINES = ("council", "standing", "committees", "delegate_groups", "delegates")


def period(t: DistrictTable) -> str:
    """Return the period as the seed writes it: "06 tháng đầu năm 2024"."""
    return t.period.replace("6 tháng", "06 tháng", 1)


def fig(n: int, bound: str | None = None) -> str:
    """Return a figure as the seed writes it: "06", "18", "2.304"."""
    return _BOUND.get(bound or "", "") + (f"{n:02d}" if 0 <= n < 10 else number(n))


def names(t: DistrictTable, units) -> str:
    kinds = {r.unit: r.kind for r in t.rows}
    return ", ".join(f"{kinds.get(u, 'xã')} {u}" for u in units)


def what(draft, key: str) -> str:
    """Return what a column counts, as it follows a figure: "kỳ họp chuyên đề"."""
    col = draft.columns[key]
    text = PHRASES[col.indicator.value][1]
    if col.kind:
        text += " " + SESSION_KINDS.get(col.kind, col.kind).lower()
    if col.phase:
        text += (" sau" if col.phase == "after_session" else " trước") + " kỳ họp"
        if col.session is not None:
            text += f" thứ {col.session}"
    return text


def _cell_words(draft, key: str, cell: Cell) -> str:
    if cell.disputed:
        return "… (chưa thống nhất)"
    return f"{fig(cell.value, cell.bound)} {what(draft, key)}"


def _comment(draft, key: str, unit: str, cell: Cell) -> str:
    lines = [f"{unit}: " + ("số liệu chưa thống nhất, chưa được quyết định" if cell.disputed
                            else f"người duyệt đã sửa thành {cell.value}")]
    lines += [f"{s.file}: ghi {s.stated}" + (f", sau quyết định {s.value}"
                                             if s.value != s.stated else "")
              for s in cell.statements]
    if cell.open_flags:
        lines.append("Cờ chưa xử lý: " + ", ".join(cell.open_flags))
    if cell.decision_flags:
        lines.append("Quyết định theo cờ: " + ", ".join(cell.decision_flags))
    return "\n".join(lines)


def listed(draft, key: str) -> list[tuple]:
    """Return (row, key, cell) of every commune of the district with a figure for `key`; a
    commune that states the indicator only as zero of another qualifier ("chưa tổ chức kỳ
    họp") stands with that figure. Empty when some commune that reported has neither."""
    col = draft.columns[key]
    out = []
    for r in draft.t.rows:
        if not r.known or not r.reported:
            continue
        if key in r.cells:
            out.append((r, key, r.cells[key]))
            continue
        zero = [(k, c) for k, c in r.cells.items() if draft.columns[k].indicator == col.indicator
                and draft.columns[k].body == col.body and c.value == 0]
        if not zero:
            return []
        out.append((r, zero[0][0], zero[0][1]))
    return out


def _footnote(draft, key: str, items: list[tuple]) -> str:
    return "; ".join(f"{r.kind.capitalize() if i == 0 else r.kind} {r.unit}: "
                     f"{_cell_words(draft, k, c)}" for i, (r, k, c) in enumerate(items)) + "."


def _sum_part(draft, key: str, items: list[tuple]) -> list:
    """Return the communes' sum of a column as sentence parts: the figure, "…" with a
    comment when a commune's figure is disputed, or the figure with a comment naming the
    communes whose figures a reviewer corrected away from their own reports."""
    tot = draft.totals[key]
    if tot.communes_sum is None:
        comment = (f"Cộng các xã chưa xác định: từ {tot.low} đến {tot.high}, vì số liệu của "
                   f"{names(draft.t, tot.disputed)} chưa thống nhất.\n"
                   + "\n".join(_comment(draft, key, r.unit, r.cells[key]) for r in draft.t.rows
                               if r.unit in tot.disputed and key in r.cells)
                   + "\nQuyết định các cờ còn mở rồi lập lại báo cáo.")
        return [("comment", "…", comment), f" {what(draft, key)}"]
    shown = fig(tot.communes_sum, tot.bound if tot.bound != "mixed" else None)
    corrected = [(r, c) for r, _, c in items if c.corrected]
    if corrected:
        comment = "\n".join(_comment(draft, key, r.unit, c) for r, c in corrected)
        return [("comment", shown, comment), f" {what(draft, key)}"]
    return [f"{shown} {what(draft, key)}"]


def sentence(draft, key: str) -> list:
    """Return the sentence about one column: total, district part, communes' part with its
    per-commune footnote (or the communes that state nothing named), as paragraph parts."""
    t, col, tot = draft.t, draft.columns[key], draft.totals[key]
    lead = PHRASES[col.indicator.value][0]
    items = listed(draft, key) if tot.communes_with_figure else []
    communes = tot.communes_with_figure > 0
    note = [("note", _footnote(draft, key, items))] if items else []
    if items:
        draft.appendices.append(key)
    parts: list = []
    if tot.district_value is not None and communes:
        communes_part = _sum_part(draft, key, items)
        total = ([fig(tot.district_value + tot.communes_sum)] if tot.communes_sum is not None
                 else [communes_part[0]])  # "…" with its comment: the total is unknown too
        parts = [f"{lead.format(who='các cấp')} ", *total,
                 f" {what(draft, key)} (cấp {draft.kind}: {fig(tot.district_value)} "
                 f"{what(draft, key)}; cấp xã: ", *communes_part, *note, ")."]
    elif communes:
        parts = [f"{lead.format(who='các xã')} ", *_sum_part(draft, key, items), *note, "."]
    else:
        parts = [f"{lead.format(who=draft.kind)} {fig(tot.district_value)} {what(draft, key)}."]
    if communes and not items:
        silent = [u for u in tot.communes_without if u not in t.not_reported]
        if silent:
            parts.append(f" Báo cáo của {names(t, silent)} không nêu số liệu này.")
    return parts


def supervision(draft) -> list[list]:
    """Return the supervision sentences in the seed's form: the total, then one line per
    body ("- HĐND: 10 chuyên đề (trong đó huyện: 01; các xã: 09)"), the lines adding up to
    the total; communes that give no breakdown by body stand on a line of their own."""
    t = draft.t
    lines, total = [], 0
    for body in _BODY_LINES:
        key = f"supervision_topics|body={body}"
        tot = draft.totals.get(key)
        if tot is None or (tot.district_value is None and not tot.communes_with_figure):
            continue
        d = tot.district_value or 0
        c = tot.communes_sum
        if c is None and tot.communes_with_figure:
            return [sentence(draft, "supervision_topics")] if "supervision_topics" in \
                draft.totals else []
        c = c or 0
        total += d + c
        inner = "; ".join(x for x in (f"{draft.kind}: {fig(d)}" if tot.district_value is not None
                                      else "", f"các xã: {fig(c)}" if tot.communes_with_figure
                                      else "") if x)
        lines.append([f"- {BODIES[body]}: {fig(d + c)} chuyên đề (trong đó {inner})."])
    whole = draft.totals.get("supervision_topics")
    unbroken = [r for r in t.rows if r.known and "supervision_topics" in r.cells
                and not any(k.startswith("supervision_topics|body=") for k in r.cells)]
    if unbroken and whole is not None:
        cells = [r.cells["supervision_topics"] for r in unbroken]
        if any(c.disputed for c in cells):
            return [sentence(draft, "supervision_topics")]
        rest = sum(c.value for c in cells)
        total += rest
        lines.append([f"- Các xã không phân theo cơ quan thực hiện: {fig(rest)} chuyên đề ("
                      + "; ".join(f"{r.kind} {r.unit}: {fig(c.value)}" for r, c in
                                  zip(unbroken, cells)) + ")."])
    if not lines:
        return [sentence(draft, "supervision_topics")] if whole is not None else []
    head = [f"{PHRASES['supervision_topics'][0].format(who='các cấp')} {fig(total)} chuyên đề, "
            "cụ thể:"]
    return [head, *lines]


def appendix_table(draft, n: int, key: str) -> None:
    """Add "Phụ lục số n": a row per commune with its figure, the communes without a report
    named as such, and a "Tổng cộng" row."""
    from pipeline.draft import repeat_header, set_borders

    t, tot = draft.t, draft.totals[key]
    title = f"Phụ lục số {n}: {what(draft, key).capitalize()} của HĐND các xã"
    draft.para(title, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False,
               after=3).paragraph_format.keep_with_next = True
    items = {r.unit: (k, c) for r, k, c in listed(draft, key)}
    rows = [r for r in t.rows if r.known]
    table = draft.doc.add_table(rows=len(rows) + 2, cols=4)
    set_borders(table)
    heads = ("TT", "Xã", f"Số {what(draft, key)}", "Ghi chú")
    for j, (text, width) in enumerate(zip(heads, (Cm(1.2), Cm(5), Cm(4.5), Cm(5.3)))):
        table.columns[j].width = width
        _cell(table.cell(0, j), text, bold=True, center=True)
    repeat_header(table.rows[0])
    for i, r in enumerate(rows, 1):
        k, c = items.get(r.unit, (None, None))
        _cell(table.cell(i, 0), str(i), center=True)
        _cell(table.cell(i, 1), f"{r.kind.capitalize()} {r.unit}")
        value, note = "", ""
        if not r.reported:
            note = "Chưa gửi báo cáo"
        elif c is None:
            note = "Không nêu số liệu"
        elif c.disputed:
            value, note = "…", "Chưa thống nhất: " + ", ".join(map(str, c.values))
        else:
            value = fig(c.value, c.bound)
            if k != key:
                note = f"Xã ghi: {what(draft, k)}"
            if c.corrected:
                note = "Đã điều chỉnh theo quyết định của người duyệt"
        _cell(table.cell(i, 2), value, center=True)
        _cell(table.cell(i, 3), note)
    last = len(rows) + 1
    _cell(table.cell(last, 1), "Tổng cộng", bold=True)
    _cell(table.cell(last, 2), fig(tot.communes_sum) if tot.communes_sum is not None else "…",
          bold=True, center=True)
    draft.para("", indent=False, after=0)


def _cell(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(12)
