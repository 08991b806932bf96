"""Tables: figures in table cells, matched to indicators through row and column headers.

Two layouts are read: a list of indicators ("Nội dung | Số lượng", one row per indicator)
and a grid per unit ("Xã | Kỳ họp | Nghị quyết | Ý kiến cử tri", one row per commune, maybe a
"Tổng cộng" row). A cell counts only when its whole text is one number.
"""
from __future__ import annotations

from extractors.facts.candidates import Cand, Context, default_place
from extractors.facts.construction import Groups, read_label
from extractors.language.nlp import analyse
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


def _indicator(text: str, section: frozenset[str] = frozenset()):
    """Return (indicator, qualifiers, rule id) named by a header text, else None."""
    if not text:
        return None
    got = read_label(Groups(analyse(text)), section)
    return (got.indicator, dict(got.qualifiers), got.rule) if got is not None else None


def table_counts(doc: Document, ctx: Context) -> list[Cand]:
    """Return the counts stated in the cells of every table of `doc`."""
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
        for r in rows[1:]:
            label = " ".join(_text(cells, (r, c)) for c in cols
                             if cells.get((r, c)) and _only_number(cells[(r, c)][0]) is None)
            for c in [c for c in cols if c >= first]:  # labels or row numbers before
                blocks = cells.get((r, c), [])
                if len(blocks) != 1:
                    continue
                num = _only_number(blocks[0])
                if num is None:
                    continue
                head = _text(cells, (rows[0], c))
                got = _indicator(head) or _indicator(label)
                if got is None:
                    continue
                indicator, q, rule = got
                if num.bound:
                    q = {**q, "bound": num.bound}
                level, unit, scope = default_place(ctx)
                cand = Cand(indicator, num.value, level, unit, scope, blocks[0].id,
                            num.bound_start, num.end, f"table:{rule}", 0, 0, qualifiers=q)
                row_label = _text(cells, (r, unit_col if unit_table else cols[0]))
                if unit_table and fold(row_label) in _TOTAL_ROWS:
                    cand.level, cand.unit, cand.scope, cand.explicit = \
                        "commune", ctx.district or ctx.unit or "", "sum", True
                    totals[indicator] = cand
                elif unit_table and row_label:
                    name = _bare_name(row_label)
                    cand.level, cand.scope, cand.explicit, cand.item = "commune", "unit", True, True
                    cand.unit = ctx.canonical(name) or name
                    cand.list_id = f"t{t}:{indicator}"
                    items.append(cand)
                out.append(cand)
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
