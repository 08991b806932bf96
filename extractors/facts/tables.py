"""Tables: figures in table cells, matched to indicators through row and column headers.

Two layouts are read: a list of indicators ("Nội dung | Số lượng", one row per indicator)
and a grid per unit ("Xã | Kỳ họp | Nghị quyết | Ý kiến cử tri", one row per commune, maybe a
"Tổng cộng" row). A cell counts only when its whole text is one number.
"""
from __future__ import annotations

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
# a column header naming whose figures the column holds
_LEVEL_COLUMNS = {"cap huyen": ("district", "unit"), "huyen": ("district", "unit"),
                  "cap xa": ("commune", "sum"), "cac xa": ("commune", "sum"),
                  "xa": ("commune", "sum"), "cap xa phuong": ("commune", "sum"),
                  "tong": ("all", "sum"), "tong cong": ("all", "sum"),
                  "tong so": ("all", "sum"), "toan huyen": ("all", "sum"),
                  "cap huyen va cap xa": ("all", "sum")}


def _rank(label: str) -> int:
    """Return how deep a row label nests: 0 a row of its own, 1 "- ..." or "Trong đó",
    2 "+ ...", 3 "* ..."."""
    text = label.lstrip()
    for mark, rank in _SUB_MARKS:
        if text.startswith(mark):
            return rank
    lower = text.lower()
    if any(lower.startswith(w) for w in _SUB_WORDS):
        return 1
    return 0


def table_counts(doc: Document, ctx: Context) -> list[Cand]:
    """Return the counts stated in the cells of every table of `doc`.

    A cell that is only a number counts what its labels name together: its column header,
    its row label and, for a sub-row ("- Chuyên đề", "+ Sau kỳ họp thứ 6", "Trong đó: đã
    giải quyết"), the label of the row it breaks down, whose figure it is then a part of.
    A header naming a level ("Cấp huyện", "Cấp xã", "Tổng") says whose the column is."""
    out: list[Cand] = []
    for t, cells in sorted(_grid(doc).items()):
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        # the column naming each row's unit ("Xã", "Tên đơn vị"), maybe after a "TT" column
        unit_col = next((c for c in cols[:2] if fold(_text(cells, (rows[0], c))) in
                         _UNIT_HEADERS), None)
        unit_table = unit_col is not None
        first = (unit_col if unit_table else cols[0]) + 1
        totals: dict[str, Cand] = {}
        items: list[Cand] = []
        parents: list[tuple[int, str, dict[int, Cand]]] = []  # rank, label, cands by column
        for r in rows[1:]:
            label = " ".join(_text(cells, (r, c)) for c in cols
                             if cells.get((r, c)) and _only_number(cells[(r, c)][0]) is None
                             and not _text(cells, (r, c)).rstrip(".").isdigit())
            rank = _rank(label) if not unit_table else 0
            while parents and parents[-1][0] >= rank:
                parents.pop()
            parent = parents[-1] if parents and rank else None
            mine: dict[int, Cand] = {}
            for c in [c for c in cols if c >= first]:  # labels or row numbers before
                blocks = cells.get((r, c), [])
                if len(blocks) != 1:
                    continue
                num = _only_number(blocks[0])
                if num is None:
                    continue
                head = _text(cells, (rows[0], c))
                texts = [label, *(p[1] for p in reversed(parents) if rank), head]
                got = read_labels(texts)
                if got.indicator is None:
                    continue
                q = dict(got.qualifiers)
                if num.bound:
                    q["bound"] = num.bound
                level, unit, scope = default_place(ctx)
                cand = Cand(got.indicator, num.value, level, unit, scope, blocks[0].id,
                            num.bound_start, num.end, f"table:{got.rule}", 0, 0,
                            qualifiers=q, body=got.body)
                column = _LEVEL_COLUMNS.get(fold(head))
                if column is not None and ctx.kind != "commune_report":
                    cand.level, cand.scope, cand.explicit = *column, True
                    cand.unit = ctx.district or ctx.unit or ""
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
                mine[c] = cand
                out.append(cand)
            parents.append((rank, label, mine))
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
