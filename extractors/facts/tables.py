"""Tables: figures in table cells, matched to indicators through row and column headers.

Two layouts are read: a list of indicators ("Nội dung | Số lượng", one row per indicator)
and a grid per unit ("Xã | Kỳ họp | Nghị quyết | Ý kiến cử tri", one row per commune, maybe a
"Tổng cộng" row). A cell counts only when its whole text is one number.
"""
from __future__ import annotations

import re

from extractors.facts.candidates import Cand, Context, default_place
from extractors.facts.construction import read_labels
from extractors.language.numbers import find_numbers
from extractors.places import exact_key, fold
from schemas.source import Block, Document, Part

_TOTAL_ROWS = {"tong", "tong cong", "cong", "tong so", "toan huyen", "ca huyen"}
_UNIT_HEADERS = {"xa", "don vi", "ten don vi", "xa thi tran", "xa phuong thi tran", "dia phuong",
                 "ten xa", "phuong", "xa phuong"}  # fold() keys: no punctuation


def _grid(doc: Document) -> dict[int, dict[tuple[int, int], list[Block]]]:
    tables: dict[int, dict[tuple[int, int], list[Block]]] = {}
    for b in doc.blocks:
        if b.part == Part.table and b.table is not None and b.row is not None and b.col is not None:
            tables.setdefault(b.table, {}).setdefault((b.row, b.col), []).append(b)
    return tables


def _text(cells: dict, key: tuple[int, int]) -> str:
    return " ".join(b.text for b in cells.get(key, [])).strip()


def _only_number(block: Block):
    """Return the number a cell holds when the cell is nothing else, else None."""
    text = block.text.strip()
    if not text:
        return None
    nums = [n for n in find_numbers(block.text) if not n.ordinal]
    if len(nums) != 1:
        return None
    n = nums[0]
    if block.text[:n.start].strip() or block.text[n.end:].strip():
        return None
    return n


# a row that breaks down the one above: "- Thường lệ", "+ Sau kỳ họp thứ 6", "Trong đó: ..."
_SUB_MARKS = (("-", 1), ("–", 1), ("•", 1), ("+", 2), ("*", 3))
_SUB_WORDS = ("trong đó", "bao gồm", "gồm")
_SERIAL_HEADERS = {"stt", "tt", "so tt", "so thu tu"}  # fold() keys
# columns whose figures are no count: the plan beside what was done, a rate, a comparison
_SKIPPED_COLUMNS = re.compile(r"(?i:\b(?:kế hoạch|kh|chỉ tiêu|tỷ lệ|tỉ lệ|so sánh|so với|"
                              r"ghi chú)\b|%)")
_TOTAL_COLUMNS = {"tong", "tong cong", "tong so", "cong"}  # fold() keys


def _rank(label: str) -> int:
    """Return how deep a row label nests by its mark: 0 none, 1 "- ..." or "Trong đó",
    2 "+ ...", 3 "* ..."."""
    text = label.lstrip()
    for mark, rank in _SUB_MARKS:
        if text.startswith(mark):
            return rank
    lower = text.lower()
    if any(lower.startswith(w) for w in _SUB_WORDS):
        return 1
    return 0


def _serial_rank(serial: str, numbered: int) -> int:
    """Return how deep a row nests by its serial number: "II" 0, "1" 1, "1.2" 2, a letter
    3; an empty serial under a numbered row (of rank `numbered`) is one deeper than it."""
    s = serial.strip().rstrip(".)")
    if not s:
        return numbered + 1
    if s.replace(".", "").isdigit():
        return 1 + s.count(".")
    if s.isalpha() and s.isupper():
        return 0  # roman
    return 3


def _cell_figure(block: Block):
    """Return the number a cell (or a line of one) holds when it is nothing else, a number
    with its measure ("02", "02 cuộc", "15 lượt") or with a short label ("Tổng số: 18"),
    else None."""
    n = _only_number(block)
    if n is not None:
        return n
    nums = [x for x in find_numbers(block.text) if not x.ordinal]
    if len(nums) != 1:
        return None
    before = block.text[:nums[0].start].strip()
    if before and not (before.endswith(":") and len(before.split()) <= 6):
        return None  # "Tổng số: 18", "Đã trả lời: 15" in a cell of several lines
    rest = block.text[nums[0].end:].strip()
    return nums[0] if (rest or before) and len(rest.split()) <= 4 \
        and not any(ch.isdigit() for ch in rest + before) else None


def table_counts(doc: Document, ctx: Context) -> list[Cand]:
    """Return the counts stated in the cells of every table of `doc`.

    A cell holding a number (maybe with its measure, "02 cuộc") counts what its labels name
    together (`read_labels`): its column header, its row label and, for a sub-row ("-
    Chuyên đề", "+ Sau kỳ họp thứ 6", "Trong đó: ...", a serial "2.1" under "2", an empty
    serial under a numbered row), the labels of the rows it breaks down, whose figure it
    is then a part of. A header or label naming councils ("HĐND các xã", "Cấp huyện",
    "Toàn huyện") says whose the figure is; a "Tổng" column beside such columns is all
    levels. Plan, rate and comparison columns hold no counts."""
    out: list[Cand] = []
    for t, cells in sorted(_grid(doc).items()):
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        # the column naming each row's unit ("Xã", "Tên đơn vị"), maybe after a "TT" column
        unit_col = next((c for c in cols[:2] if fold(_text(cells, (rows[0], c))) in
                         _UNIT_HEADERS), None)
        unit_table = unit_col is not None
        serial_col = cols[0] if fold(_text(cells, (rows[0], cols[0]))) in _SERIAL_HEADERS \
            else None
        label_col = next((c for c in cols if c != serial_col), cols[0])
        first = (unit_col if unit_table else cols[0]) + 1
        headers = {c: _text(cells, (rows[0], c)) for c in cols}
        levels = {c: read_labels([headers[c]]).level for c in cols}
        totals: dict[str, Cand] = {}
        items: list[Cand] = []
        parents: list[tuple[int, str, dict[int, Cand]]] = []  # rank, label, cands by column
        numbered = -1  # the rank of the last row with a serial number
        previous = ""  # the label of the row before: a row naming no head goes on with its
        for r in rows[1:]:
            label = " ".join(_text(cells, (r, c)) for c in cols
                             if c != serial_col and cells.get((r, c))
                             and _cell_figure(cells[(r, c)][0]) is None)
            rank = 0
            if not unit_table:
                rank = _rank(label)
                if serial_col is not None:
                    serial = _text(cells, (r, serial_col))
                    if serial:
                        numbered = _serial_rank(serial, numbered)
                        rank = max(rank, numbered)
                    elif numbered >= 0:  # under the last numbered row, "+" under "-"
                        rank = numbered + max(rank, 1)
            while parents and parents[-1][0] >= rank:
                parents.pop()
            parent = parents[-1] if parents and rank else None
            mine: dict[int, Cand] = {}
            for c, block in [(col, b) for col in cols if col >= first  # labels or serials
                             for b in cells.get((r, col), [])]:
                if _SKIPPED_COLUMNS.search(headers[c]):
                    continue
                num = _cell_figure(block)
                if num is None:
                    continue
                blocks = [block]
                head = headers[c]
                own = (block.text[:num.start] + " " + block.text[num.end:]).strip()
                counted = [head] if head.lower().startswith(("số", "tổng số")) else []
                texts = [own, *counted, label,
                         *(p[1] for p in reversed(parents) if rank), head,
                         headers[label_col] if label_col != c else ""]
                # "Đã được trả lời" after "Ý kiến cử tri tiếp nhận": the head goes on
                got = read_labels(texts, fallback=previous)
                if got.indicator is None:
                    continue
                q = dict(got.qualifiers)
                if num.bound:
                    q["bound"] = num.bound
                level, unit, scope = default_place(ctx)
                cand = Cand(got.indicator, num.value, level, unit, scope, blocks[0].id,
                            num.bound_start, num.end, f"table:{got.rule}", 0, 0,
                            qualifiers=q, body=got.body)
                whose = levels[c] or got.level
                if fold(head) in _TOTAL_COLUMNS and any(levels.values()):
                    whose = "all"
                if whose and ctx.kind != "commune_report":
                    cand.level, cand.explicit = whose, True
                    cand.scope = "unit" if whose in ("district", "province") else "sum"
                    cand.unit = (ctx.province if whose == "province" else ctx.district) \
                        or ctx.unit or ""
                row_label = _text(cells, (r, unit_col if unit_table else cols[0]))
                if unit_table and fold(row_label) in _TOTAL_ROWS:
                    cand.level, cand.unit, cand.scope, cand.explicit = \
                        "commune", ctx.district or ctx.unit or "", "sum", True
                    totals[got.indicator] = cand
                elif unit_table and row_label:
                    name = _bare_name(row_label)
                    cand.level, cand.scope, cand.explicit, cand.item = "commune", "unit", True, True
                    cand.unit = ctx.canonical(name) or name
                    cand.list_id = f"t{t}:{got.indicator}"
                    items.append(cand)
                total = parent[2].get(c) if parent is not None else None
                if total is not None and total.indicator == cand.indicator:
                    cand.total = total
                    total.parts.append(cand)
                    if cand.body is None:
                        cand.body = total.body
                    if not cand.explicit:
                        cand.level, cand.unit, cand.scope = total.level, total.unit, total.scope
                mine[c] = cand
                out.append(cand)
            parents.append((rank, label, mine))
            previous = label
        for c in items:
            total = totals.get(c.indicator)
            if total is not None:
                c.total = total
                total.parts.append(c)
    return out


_KINDS = ("xã", "phường", "thị trấn")
_KIND_FOLDS = ("xa", "phuong", "thi tran")


def _bare_name(label: str) -> str:
    """Return a row label without its kind word ("Xã Đăk Sao" → "Đăk Sao"); the kind word
    written with its diacritics or in lower case without any ("Phượng Sơn" keeps its name)."""
    words = label.split()
    for n in (2, 1):
        head = " ".join(words[:n])
        if len(words) > n and (exact_key(head) in _KINDS or (
                head.isascii() and head.islower() and fold(head) in _KIND_FOLDS)):
            return " ".join(words[n:])
    return label
