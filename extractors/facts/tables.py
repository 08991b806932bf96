"""Tables: figures in table cells, matched to indicators through row and column headers.

Three layouts are read: a list of indicators ("Nội dung | Số lượng", one row per indicator),
a grid per unit ("Xã | Kỳ họp | Nghị quyết | Ý kiến cử tri", one row per commune, maybe a
"Tổng cộng" row) and its transpose ("Nội dung | Lam Sơn | Tân Trào | Cộng", one column per
commune). A cell counts only when its whole text is one number (maybe with its measure).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.facts.candidates import Cand, Context, default_place
from extractors.facts.construction import LabelReading, read_labels
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


@dataclass(frozen=True)
class _Column:
    """What a column's header makes of the figures under it."""

    skip: bool = False  # a plan, rate, comparison, cumulative figure, earlier period or
    # notes: no count
    total: bool = False  # "Tổng", "Cộng": the sum of the figure columns beside it
    unit: str | None = None  # the commune the header names ("Lam Sơn", "Xã Cai Bộ")
    level: str | None = None  # the councils the header names ("Cấp xã", "HĐND huyện")
    # a total column's: what the headers it sums count when they name one indicator ("Kỳ
    # họp thường lệ | Kỳ họp chuyên đề | Cộng"), with the qualifiers they share
    sums: LabelReading | None = None


# what a column holds besides the period's figures (lexicon role "column")
_NOT_FIGURES = frozenset({"plan", "rate", "compare", "cumulative", "note"})
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_HALF = re.compile(r"\b(?:0?6|sau) thang (dau|cuoi)\b")  # on fold() keys


@lru_cache(maxsize=1024)  # a district's tables repeat their headers
def _header_words(head: str) -> tuple[frozenset[str], bool]:
    """Return the column classes a header's words name, and whether a total word is the
    whole header ("Cộng", "Tổng số"; not "Tổng số ý kiến", which names what it counts)."""
    from extractors.language.nlp import analyse

    a = analyse(head)
    classes = frozenset(m.rule.cls for m in a.columns)
    words = {k for k in range(len(a)) if any(ch.isalnum() for ch in a.words[k])}
    whole = any(m.rule.cls == "total" and words <= set(range(m.start, m.end))
                for m in a.columns)
    return classes, whole


def _earlier(head: str, ctx: Context) -> bool:
    """Return True when a header names a period that ended before the report's began:
    "Năm 2023" or "6 tháng đầu năm 2023" in a report on 2024, "6 tháng đầu năm 2024" in one
    on its second half. A later period (a plan's) is no comparison."""
    years = [int(y) for y in _YEAR.findall(head)]
    if ctx.year is None or not years:
        return False
    if max(years) != ctx.year:
        return max(years) < ctx.year
    half = _HALF.search(fold(head))
    return half is not None and half.group(1) == "dau" and ctx.half == 2


def _columns(headers: dict[int, str], figures: list[int], ctx: Context) -> dict[int, _Column]:
    """Return what each figure column's header says. A header naming a commune of the
    district ("Lam Sơn", "Xã Cai Bộ") is that commune's column in a report on several
    communes, when it is written with its kind word or beside another such column; a total
    column sums the others: the communes' sum beside communes, all levels beside columns of
    several levels ("Cấp huyện | Cấp xã | Tổng"), the one level they share otherwise; it
    counts what they count when their headers all name one indicator."""
    out: dict[int, _Column] = {}
    named: dict[int, tuple[str, bool]] = {}
    for c in figures:
        head = headers[c]
        classes, total = _header_words(head)
        if (classes & _NOT_FIGURES and not total) or _earlier(head, ctx):
            out[c] = _Column(skip=True)
            continue
        out[c] = _Column(total=total, level=read_labels([head]).level)
        if not total and ctx.kind != "commune_report" and head:
            bare = _bare_name(head)
            unit = ctx.canonical(bare)
            if unit:
                named[c] = (unit, bare != head)
    for c, (unit, kind_word) in named.items():
        if kind_word or len(named) > 1:
            out[c] = _Column(unit=unit, level="commune")
    parts = [col for col in out.values() if not col.skip and not col.total]
    levels = {col.level for col in parts if col.level}
    counting = [got for got in (read_labels([headers[c]]) for c, col in out.items()
                                if not col.skip and not col.total) if got.indicator]
    sums = None
    if len({got.indicator for got in counting}) == 1:
        shared = {k: v for k, v in counting[0].qualifiers.items()
                  if all(got.qualifiers.get(k) == v for got in counting)}
        sums = LabelReading(counting[0].indicator, shared, None, counting[0].rule)
    for c, col in out.items():
        if col.total:
            level = "commune" if any(p.unit for p in parts) \
                else "all" if len(levels) > 1 else next(iter(levels), None)
            out[c] = _Column(total=True, level=level, sums=sums)
    return out


def table_counts(doc: Document, ctx: Context) -> list[Cand]:
    """Return the counts stated in the cells of every table of `doc`.

    A cell holding a number (maybe with its measure, "02 cuộc") counts what its labels name
    together (`read_labels`): its column header, its row label and, for a sub-row ("-
    Chuyên đề", "+ Sau kỳ họp thứ 6", "Trong đó: ...", a serial "2.1" under "2", an empty
    serial under a numbered row), the labels of the rows it breaks down, whose figure it
    is then a part of. A header or label naming councils ("HĐND các xã", "Cấp huyện",
    "Toàn huyện") says whose the figure is, a header naming a commune ("Lam Sơn") that it
    is the commune's; a "Tổng" / "Cộng" column is the total of the figures beside it in
    its row (`_columns`). Plan, rate, comparison, earlier-period and notes columns hold no
    counts."""
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
        columns = _columns(headers, [c for c in cols if c >= first], ctx)
        totals: dict[int, Cand] = {}  # the "Tổng cộng" row's figure by column
        items: list[tuple[int, Cand]] = []  # the communes' figures, by column
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
                column = columns[c]
                if column.skip:
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
                if got.indicator is None and column.sums is not None:
                    got = replace(column.sums, level=got.level)
                if got.indicator is None:
                    continue
                q = dict(got.qualifiers)
                if num.bound:
                    q["bound"] = num.bound
                level, unit, scope = default_place(ctx)
                cand = Cand(got.indicator, num.value, level, unit, scope, blocks[0].id,
                            num.bound_start, num.end, f"table:{got.rule}", 0, 0,
                            qualifiers=q, body=got.body)
                whose = column.level or got.level
                if whose and ctx.kind != "commune_report":
                    cand.level, cand.explicit = whose, True
                    cand.scope = "unit" if whose in ("district", "province") else "sum"
                    cand.unit = (ctx.province if whose == "province" else ctx.district) \
                        or ctx.unit or ""
                row_label = _text(cells, (r, unit_col if unit_table else cols[0]))
                if unit_table and fold(row_label) in _TOTAL_ROWS:
                    cand.level, cand.unit, cand.scope, cand.explicit = \
                        "commune", ctx.district or ctx.unit or "", "sum", True
                    totals[c] = cand
                elif unit_table and row_label or column.unit:
                    name = column.unit or _bare_name(row_label)
                    cand.level, cand.scope, cand.explicit, cand.item = "commune", "unit", True, True
                    cand.unit = ctx.canonical(name) or name
                    cand.list_id = f"t{t}:{got.indicator}"
                    items.append((c, cand))
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
            _link_row_totals(mine, columns)
            parents.append((rank, label, mine))
            previous = label
        for c, item in items:  # a figure already part of its row's total stays so
            total = totals.get(c)
            if total is not None and item.total is None and total.indicator == item.indicator:
                item.total = total
                total.parts.append(item)
    return out


def _link_row_totals(mine: dict[int, Cand], columns: dict[int, _Column]) -> None:
    """Link the figures of a row to the figure of its total column ("Cộng", "Tổng số") that
    counts the same indicator, unless a row above already holds them as parts."""
    for c, total in mine.items():
        if not columns[c].total:
            continue
        for other, part in mine.items():
            if other != c and not columns[other].total and part.total is None \
                    and part.indicator == total.indicator:
                part.total = total
                total.parts.append(part)


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
