"""The data dictionary: every exported table and column with its Vietnamese header, its
meaning, its type and the codes it may hold with their Vietnamese names, generated from the
models (`schemas.exports` and the record's own), never written by hand."""
from __future__ import annotations

import types
import typing
from enum import Enum

from pydantic import BaseModel

from schemas.exports import (
    AggregateRow,
    CountRow,
    CoverageRow,
    DistrictCellRow,
    DistrictTotalRow,
    DocumentRow,
    FactRow,
    FlagRow,
    ReferenceRow,
    TodayAggregateRow,
)
from schemas.names import CODE_NAMES, CODE_TABLES, QUALIFIER_NAMES
from schemas.record import Count, Qualifiers, Record, Reference

# exported table -> the models describing its columns: a row model of its own columns, then
# the record model whose fields it flattens (nested models as field_sub columns)
MODELS: dict[str, tuple[type[BaseModel], ...]] = {
    "counts": (CountRow, Count), "facts": (FactRow,), "aggregates": (AggregateRow,),
    "flags": (FlagRow,), "documents": (DocumentRow, Record),
    "district_cells": (DistrictCellRow,), "district_totals": (DistrictTotalRow,),
    "coverage": (CoverageRow,), "references": (ReferenceRow, Reference),
    "aggregates_today": (TodayAggregateRow,),
}
TABLE_NAMES = {
    "counts": "Số liệu: mọi số liệu đã đọc, kèm nơi nêu và quyết định / every figure read, "
              "with where it is stated and the decision on it",
    "facts": "Sự việc: mỗi số liệu một dòng, các lần nêu gộp lại / one row per fact",
    "aggregates": "Cộng theo huyện (bảng của cơ sở dữ liệu) / per district sums (the store's "
                  "view)",
    "flags": "Cờ: sai lệch cần xem xét và quyết định / discrepancies and their decisions",
    "documents": "Văn bản đã đọc / the documents read",
    "references": "Văn bản được dẫn chiếu / the documents the reports cite",
    "district_cells": "Bảng huyện: số liệu từng xã / the district table, commune by commune",
    "district_totals": "Bảng huyện: cộng các xã và số tổng hợp ghi / the district table's sums "
                       "beside the summary",
    "coverage": "Tình hình gửi báo cáo: xã × kỳ / which commune reported for which period",
    "aggregates_today": "Cộng theo xã của bản đồ mới (--map new) / per commune of today's map "
                        "(--map new)",
    "dictionary": "Từ điển dữ liệu / this data dictionary",
}
# short Vietnamese names of the tables, for the workbook
TABLE_TITLES = {"counts": "Số liệu", "facts": "Sự việc", "aggregates": "Cộng theo huyện",
                "flags": "Cờ", "documents": "Văn bản", "references": "Văn bản dẫn chiếu", "district_cells": "Bảng huyện, từng xã",
                "district_totals": "Bảng huyện, cộng", "coverage": "Tình hình báo cáo",
                "aggregates_today": "Cộng theo bản đồ mới",
                "dictionary": "Từ điển dữ liệu"}
DICTIONARY_COLUMNS = {"table": "Bảng", "column": "Cột", "header": "Tiêu đề",
                      "meaning": "Ý nghĩa", "type": "Kiểu", "codes": "Mã và tên"}
_TYPES = {int: "số nguyên / integer", float: "số thực / number", str: "văn bản / text",
          bool: "0 hoặc 1 / 0 or 1"}


def _args(annotation) -> list:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _fields(model: type[BaseModel], prefix: str = "", parent=None):
    """Yield (column, field, owner model) of the flat rows of `model`, as the store flattens
    them: nested models as field_sub columns, lists and dicts as JSON text (a record's own
    lists, its counts and the rest, are tables of their own and never columns of it)."""
    for name, field in model.model_fields.items():
        args = _args(field.annotation)
        nested = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is not None:
            yield from _fields(nested, f"{prefix}{name}_", nested)
        else:
            yield prefix + name, field, parent or model


def _codes(field, owner, column: str) -> dict[str, str]:
    args = _args(field.annotation)
    enum = next((a for a in args if isinstance(a, type) and issubclass(a, Enum)), None)
    if enum is not None:
        return {m.value: CODE_NAMES.get(enum, {}).get(m.value, m.value) for m in enum}
    extra = field.json_schema_extra or {}
    if isinstance(extra, dict) and extra.get("codes"):
        return CODE_TABLES[extra["codes"]]
    if owner is Qualifiers:
        return QUALIFIER_NAMES.get(column.removeprefix("qualifiers_"), {})
    return {}


def _type(field, codes: dict) -> str:
    if codes:
        return "mã / code"
    args = _args(field.annotation)
    if any(typing.get_origin(a) in (list, dict, tuple) for a in args):
        return "văn bản JSON / JSON text"
    return next((_TYPES[a] for a in args if a in _TYPES), "văn bản / text")


def described(table: str) -> dict[str, dict]:
    """Return {column: entry} for every column the models of `table` describe."""
    out: dict[str, dict] = {}
    for model in MODELS.get(table, ()):
        for column, field, owner in _fields(model):
            if column in out:
                continue
            codes = _codes(field, owner, column)
            out[column] = {"table": table, "column": column, "header": field.title or column,
                           "meaning": field.description or "", "type": _type(field, codes),
                           "codes": "; ".join(f"{k} = {v}" for k, v in codes.items())}
    return out


def dictionary(columns: dict[str, list[str]]) -> list[dict]:
    """Return an entry per exported column (`columns`: table -> its columns, in order): an
    undescribed column still gets its entry, with an empty meaning (a test fails on it)."""
    out = []
    for table, cols in columns.items():
        known = described(table)
        for column in cols:
            out.append(known.get(column) or {"table": table, "column": column, "header": column,
                                             "meaning": "", "type": "", "codes": ""})
    return out


def header(table: str, column: str) -> str:
    """Return a column's Vietnamese header (the column's own name when undescribed)."""
    entry = described(table).get(column)
    return entry["header"] if entry else column


def codes_of(table: str) -> dict[str, dict[str, str]]:
    """Return {column: {code: Vietnamese name}} of the columns of `table` that hold codes."""
    out = {}
    for model in MODELS.get(table, ()):
        for column, field, owner in _fields(model):
            codes = _codes(field, owner, column)
            if codes and column not in out:
                out[column] = codes
    return out
