"""The district table as text for a terminal, and the words every face shows for a cell.

A terminal is narrower than the table is wide, so the text turns it: one line per column of
the table (indicator), one column per commune (numbered, with a legend), then the sum over
communes, the summary's figure, the difference and the district council's own figure."""
from __future__ import annotations

from extractors.places import fold
from pipeline.reconcile.messages import number
from schemas.aggregate import Cell, DistrictTable, Total

_BOUND = {"lower": "trên ", "upper": "tối đa "}
_NAME_WIDTH = 48


def cell_text(cell: Cell | None) -> str:
    """Return a commune's figure as shown: "12", "11|12" when disputed, "trên 270" for a
    bound, "" when no document states it."""
    if cell is None:
        return ""
    if cell.disputed:
        return "|".join(number(v) for v in cell.values)
    return _BOUND.get(cell.bound or "", "") + number(cell.value)


def sum_text(total: Total) -> str:
    """Return the communes' sum as shown: "67", "67–68" when a commune's figure is
    disputed, "" when no commune states one."""
    if not total.communes_with_figure:
        return ""
    if total.communes_sum is None:
        return f"{number(total.low)}–{number(total.high)}"
    return ("≥" if total.bound == "lower" else "") + number(total.communes_sum)


def summary_text(total: Total) -> str:
    """Return what the summary states for all communes: its figure, "a|b" when it states
    several, or "(n)", its per-commune list added up, when it states no figure of its own."""
    if total.summary_value is not None:
        return number(total.summary_value)
    if total.summary_values:
        return "|".join(number(v) for v in total.summary_values)
    if total.summary_list_sum is not None:
        return f"({number(total.summary_list_sum)})"
    return ""


def difference_text(total: Total) -> str:
    if total.difference is None:
        return ""
    return f"{total.difference:+d}" if total.difference else "0"


def format_tables(tables: list[DistrictTable]) -> str:
    """Return every district table as text, one after the other."""
    return "\n\n".join(format_table(t) for t in tables)


def format_table(t: DistrictTable) -> str:
    """Return one district table: a line per indicator column, a column per commune."""
    rows = [r for r in t.rows]
    head = (f"{t.district}" + (f" ({t.province})" if t.province else "") + f" · {t.period}"
            + f" · {sum(r.reported for r in rows if r.known)}/{len([r for r in rows if r.known])}"
            " xã đã báo cáo / communes reported")
    lines = [head]
    numbers = [str(i) for i in range(1, len(rows) + 1)]
    extra = ["Cộng xã", "Tổng hợp", "Chênh", "Huyện"]
    widths = [max(5, len(n), *(len(cell_text(r.cells.get(c.key))) for c in t.columns))
              for n, r in zip(numbers, rows)]
    extra_widths = [max(len(e), *(len(f(tot)) for tot in t.totals), 1)
                    for e, f in zip(extra, (sum_text, summary_text, difference_text,
                                            lambda x: number(x.district_value)
                                            if x.district_value is not None else ""))]
    lines.append(" " * _NAME_WIDTH + " ".join(n.rjust(w) for n, w in zip(numbers, widths))
                 + "  " + " ".join(e.rjust(w) for e, w in zip(extra, extra_widths)))
    for col, tot in zip(t.columns, t.totals):
        name = col.name if len(col.name) <= _NAME_WIDTH - 1 else col.name[:_NAME_WIDTH - 2] + "…"
        cells = [cell_text(r.cells.get(col.key)).rjust(w) for r, w in zip(rows, widths)]
        ends = [sum_text(tot), summary_text(tot), difference_text(tot),
                number(tot.district_value) if tot.district_value is not None else ""]
        lines.append(name.ljust(_NAME_WIDTH) + " ".join(cells) + "  "
                     + " ".join(e.rjust(w) for e, w in zip(ends, extra_widths)))
    legend = [f"{n} {r.unit}" + ("" if r.known else " (không phải xã của huyện / no commune "
                                 "of the district)") for n, r in zip(numbers, rows)]
    lines.append("Xã / communes: " + "; ".join(legend))
    if t.not_reported:
        lines.append("Chưa gửi báo cáo / no report: " + ", ".join(t.not_reported))
    disputed = sorted({u for tot in t.totals for u in tot.disputed}, key=fold)
    if disputed:
        lines.append("a|b: số liệu chưa thống nhất, chưa được quyết định / disputed, not yet "
                     "decided: " + ", ".join(disputed))
    lines.append("Tổng hợp: số báo cáo tổng hợp ghi cho cấp xã; (n): cộng danh sách theo xã "
                 "của nó / what the summary states for its communes; (n): its per-commune "
                 "list added up")
    if t.plans:
        lines.append("Kế hoạch kỳ sau / targets for the next period (không cộng / not added):")
        lines += [f"  {p.name}: {number(p.value)} ({p.unit}, {p.file})" for p in t.plans]
    return "\n".join(line.rstrip() for line in lines)
