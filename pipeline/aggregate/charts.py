"""Pictures drawn on the server as SVG text: the coverage grid (communes × periods) and one
indicator's bars per commune. No JavaScript and no style attributes (the review page's CSP
allows neither): colours are presentation attributes, hover text is SVG's own <title>.
Every name is escaped; documents are untrusted."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from pipeline.aggregate.text import cell_text
from pipeline.reconcile.messages import number
from pipeline.reconcile.messages import period as period_words
from schemas.aggregate import Coverage, CoverageGrid, DistrictTable
from schemas.errors import QueryError
from schemas.names import COVERAGE, INDICATORS

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
COLOURS = {Coverage.reported: "#2e8b57", Coverage.flagged: "#e0a100",
           Coverage.missing: "#c0392b"}
# a mark in each cell, so the grid reads in black and white and for colour-blind eyes
MARKS = {Coverage.reported: "✓", Coverage.flagged: "!", Coverage.missing: "✗"}
_CHAR = 7.4  # average width of a character at 13 px, to size the name column


def _text(x: float, y: float, text: str, *, size: int = 13, anchor: str = "start",
          weight: str = "normal", fill: str = "#1d2430") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" '
            f'text-anchor="{anchor}" font-weight="{weight}" fill="{fill}">{escape(text)}</text>')


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label={quoteattr(title)}>\n<title>{escape(title)}</title>\n'
            f'<rect width="100%" height="100%" fill="#ffffff"/>\n' + "\n".join(body)
            + "\n</svg>\n")


def period_label(year: int, half: int | None) -> str:
    return f"{year} H{half}" if half else str(year)


def coverage_svg(grid: CoverageGrid) -> str:
    """Return the coverage grid of one district as an SVG document: a row per commune, a
    column per period, each cell reported (✓), reported with an open flag (!) or missing (✗)."""
    title = f"Tình hình gửi báo cáo · {grid.district}"
    name_w = max(120, 16 + _CHAR * max((len(n) for n in grid.communes), default=8))
    cell_w, cell_h, top = 74, 24, 76
    subtitle = "Xã × kỳ báo cáo: đã báo cáo, có cờ chưa xử lý, chưa báo cáo"
    width = max(name_w + cell_w * max(1, len(grid.periods)) + 20,
                20 + _CHAR * max(len(subtitle), 1.2 * len(title)))
    height = top + cell_h * len(grid.communes) + 50
    body = [_text(10, 24, title, size=16, weight="bold"),
            _text(10, 44, subtitle, size=12, fill="#5b6575")]
    for j, (year, half) in enumerate(grid.periods):
        body.append(_text(name_w + cell_w * j + cell_w / 2, top - 6, period_label(year, half),
                          size=12, anchor="middle", weight="bold"))
    cells = {(c.unit, c.year, c.half): c for c in grid.cells}
    for i, unit in enumerate(grid.communes):
        y = top + cell_h * i
        body.append(_text(name_w - 8, y + 16, unit, anchor="end"))
        for j, (year, half) in enumerate(grid.periods):
            c = cells.get((unit, year, half))
            if c is None:
                continue
            x = name_w + cell_w * j
            hover = f"{unit} · {period_words(year, half)[0]}: {COVERAGE[c.state.value]}"
            if c.files:
                hover += " · " + ", ".join(c.files)
            if c.open_flags:
                hover += f" · {len(c.open_flags)} cờ / flag(s)"
            body.append(f'<g><title>{escape(hover)}</title>'
                        f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" '
                        f'height="{cell_h - 4}" rx="3" fill="{COLOURS[c.state]}"/>'
                        + _text(x + cell_w / 2, y + 17, MARKS[c.state], anchor="middle",
                                weight="bold", fill="#ffffff") + "</g>")
    y = top + cell_h * len(grid.communes) + 24
    x = 10.0
    for state in Coverage:
        body.append(f'<rect x="{x:.1f}" y="{y - 13}" width="16" height="16" rx="3" '
                    f'fill="{COLOURS[state]}"/>')
        body.append(_text(x + 8, y, MARKS[state], size=11, anchor="middle", weight="bold",
                          fill="#ffffff"))
        label = COVERAGE[state.value]
        body.append(_text(x + 22, y, label, size=12))
        x += 34 + _CHAR * len(label)
    return _svg(max(width, x + 10), height, title, body)


def _ticks(highest: int) -> list[int]:
    """Return 0 and round values up to `highest`, about five of them."""
    step = 1
    while highest / step > 6:
        step *= 5 if str(step).startswith("2") else 2
    return list(range(0, highest + 1, step))


def column_key(table: DistrictTable, indicator: str) -> str:
    """Return the key of the column drawn for `indicator`: its own column (no body or
    qualifier) when the table has one, else its first."""
    keys = [c.key for c in table.columns if c.indicator.value == indicator]
    if not keys:
        have = ", ".join(sorted({c.indicator.value for c in table.columns})) or "-"
        raise QueryError(f"bảng của {table.district} không có chỉ tiêu {indicator}; có: {have}",
                         f"the table of {table.district} has no indicator {indicator}; it "
                         f"has: {have}")
    return indicator if indicator in keys else keys[0]


def bars_svg(table: DistrictTable, key: str) -> str:
    """Return one column of a district table as horizontal bars, one per commune: a
    disputed figure is drawn from its lowest to its highest value and labelled with every
    value; a commune with no figure says whether it sent no report."""
    col = next(c for c in table.columns if c.key == key)
    title = f"{col.name} · {table.district} · {table.period}"
    rows = [r for r in table.rows if r.known]
    name_w = max(120, 16 + _CHAR * max((len(r.unit) for r in rows), default=8))
    bar_h, top, plot_w = 24, 56, 420
    highest = max([max(c.values) for r in rows if (c := r.cells.get(key)) and c.values] + [1])
    scale = plot_w / highest
    labels = [cell_text(c) + (" (chưa thống nhất)" if c.disputed else "")
              for r in rows if (c := r.cells.get(key))] + ["không nêu số liệu"]
    width = max(name_w + plot_w + 20 + _CHAR * max(len(x) for x in labels),
                20 + _CHAR * 1.2 * len(title))
    height = top + bar_h * len(rows) + 40
    body = [_text(10, 24, title, size=16, weight="bold"),
            _text(10, 44, f"{INDICATORS.get(col.indicator.value, col.indicator.value)} theo xã, "
                          "sau quyết định của người duyệt", size=12, fill="#5b6575")]
    for i, r in enumerate(rows):
        y = top + bar_h * i
        body.append(_text(name_w - 8, y + 16, r.unit, anchor="end"))
        c = r.cells.get(key)
        if c is None or not c.values:
            note = "chưa gửi báo cáo" if not r.reported else "không nêu số liệu"
            body.append(_text(name_w + 4, y + 16, note, size=12, fill="#8a1c17"
                              if not r.reported else "#6b7483"))
            continue
        low, high = min(c.values), max(c.values)
        colour = "#e0a100" if c.disputed else "#1f5fa8"
        body.append(f'<g><title>{escape(f"{r.unit}: {cell_text(c)}")}</title>'
                    f'<rect x="{name_w}" y="{y + 4}" width="{low * scale:.1f}" height="16" '
                    f'fill="{colour}"/>')
        if high > low:
            body.append(f'<rect x="{name_w + low * scale:.1f}" y="{y + 4}" '
                        f'width="{(high - low) * scale:.1f}" height="16" fill="none" '
                        f'stroke="{colour}" stroke-width="2" stroke-dasharray="4 2"/>')
        label = cell_text(c) + (" (chưa thống nhất)" if c.disputed else "")
        body.append(_text(name_w + high * scale + 6, y + 16, label, size=12) + "</g>")
    bottom, grid = top + bar_h * len(rows), []
    for tick in _ticks(highest):
        x = name_w + tick * scale
        grid.append(f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{bottom + 4}" '
                    f'stroke="#c5ccd6" stroke-width="{1 if tick else 1.5}"/>')
        grid.append(_text(x, bottom + 18, number(tick), size=11, anchor="middle",
                          fill="#5b6575"))
    body[2:2] = grid  # under the bars
    return _svg(width, height, title, body)
