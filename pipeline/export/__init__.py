"""Export the cleaned dataset (reviewers' decisions applied) as CSV, XLSX or JSON, with its
data dictionary.

CSV and JSON keep the codes (machine-readable) and carry `dictionary.csv` / `dictionary.json`
beside them; the XLSX is a workbook for people (`pipeline.export.workbook`). Every export is
reproducible: rows sorted, lists inside cells sorted, no timestamp of the export itself, so
two exports of one store are byte-identical. Each file is written whole or not at all
(`pipeline.export.files`)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipeline.export.dictionary import dictionary
from pipeline.export.files import write_atomic
from pipeline.maps import MAPS, todays_aggregates
from pipeline.store import open_store
from schemas.aggregate import Cell, Total
from schemas.errors import StoreError

# exported table -> the store's table or view, and columns left out (local paths, JSON blobs
# spelled out elsewhere)
TABLES = {
    "counts": ("counts_effective", {"doc"}),
    "facts": ("facts", set()),
    "aggregates": ("aggregates", set()),
    "flags": ("flag_status", set()),
    "documents": ("documents_effective", {"path", "record"}),  # the record is the other tables
    "references": ("references_effective", {"doc"}),
}
# tables computed by the aggregate stage (the district table and the coverage grid)
DISTRICT_TABLES = ("district_cells", "district_totals", "coverage")
FORMATS = ("csv", "xlsx", "json")
# columns holding JSON text: kept as text in CSV/XLSX, decoded in the JSON export
JSON_COLUMNS = {
    "flags": ("values", "documents", "evidence"), "documents": ("warnings",),
    "district_cells": ("values", "stated", "open_flags", "decision_flags"),
    "district_totals": ("communes_without", "disputed", "summary_values"),
    "coverage": ("files", "open_flags"),
}
# columns the store fills with a list in the order it happened to read rows: sorted here so
# two runs of one corpus export the same text (separator, numeric)
_LISTS = {
    "facts": {"values_stated": (",", True), "sources": (" | ", False)},
    "aggregates": {"files": (" | ", False), "summary_sources": (" | ", False),
                   "communes_disputed": (", ", False), "summary_values": (",", True)},
}
# A cell starting with one of these is run as a formula by spreadsheet programs; documents
# are untrusted, so such text is prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)


def dataset(db: Path) -> dict[str, list[dict]]:
    """Return every exported table as rows (decisions applied), each sorted on all its
    columns, with the district tables and the coverage grid of every district and period."""
    return _collect(db)[0]


def _collect(db: Path) -> tuple[dict[str, list[dict]], list, list]:
    """Return the dataset, the district tables and the coverage grids, from one reading."""
    from pipeline.aggregate import arrange

    with open_store(db, create=False) as store:
        out, read = {}, {}
        for name, (source, drop) in TABLES.items():
            rows = read[name] = store.rows(source)
            if name == "flags":
                rows = [{**r, "status": r["effective_status"]} for r in rows]
                drop = drop | {"effective_status"}
            out[name] = [_sorted_lists(name, {k: v for k, v in r.items() if k not in drop})
                         for r in rows]
        tables, grids = arrange(store, read["counts"])
    out.update(_district_rows(tables, grids))
    return {name: sorted(rows, key=_sort_key(name, rows)) for name, rows in out.items()}, \
        tables, grids


def _sorted_lists(table: str, row: dict) -> dict:
    for column, (sep, numeric) in _LISTS.get(table, {}).items():
        value = row.get(column)
        if isinstance(value, str) and value:
            items = {x.strip() for part in value.split(sep) for x in
                     (part.split(",") if column == "files" else [part])}
            key = (lambda x: (len(x), x)) if numeric else None
            row[column] = sep.join(sorted(items, key=key))
    return row


# the columns each table is sorted on: together they name one row
_ORDER = {
    "counts": ("file", "seq", "id"), "facts": (
        "year", "half", "district", "indicator", "level", "unit", "scope", "body",
        "qualifiers_kind", "qualifiers_phase", "qualifiers_session", "qualifiers_bound",
        "qualifiers_planned"),
    "aggregates": ("year", "half", "district", "indicator", "qualifiers_kind",
                   "qualifiers_phase", "qualifiers_session"),
    "flags": ("id",), "documents": ("file", "sha256"), "references": ("file", "seq"),
    "district_cells": ("district", "province", "year", "half", "unit", "column"),
    "district_totals": ("district", "province", "year", "half", "column"),
    "coverage": ("district", "province", "year", "half", "unit"),
    "aggregates_today": ("year", "half", "province", "unit", "indicator", "qualifiers_kind",
                         "qualifiers_phase", "qualifiers_session"),
}


def _sort_key(table: str, rows: list[dict]):
    """Return the sort key of a table's rows: the columns naming one row, None first."""
    present = [c for c in _ORDER.get(table, ()) if not rows or c in rows[0]]

    def key(row: dict) -> tuple:
        return tuple((row[c] is not None, row[c] if row[c] is not None else 0)
                     for c in present)

    return key


def _district_rows(tables, grids) -> dict[str, list[dict]]:
    """Return the district tables and coverage grids as flat rows (lists as JSON text)."""
    out: dict[str, list[dict]] = {name: [] for name in DISTRICT_TABLES}
    for t in tables:
        head = {"district": t.district, "province": t.province, "year": t.year, "half": t.half}
        columns = {c.key: c for c in t.columns}
        for total in t.totals:
            out["district_totals"].append({**head, **_column(columns[total.column]), **{
                k: _json(getattr(total, k)) for k in _TOTAL_FIELDS}})
        for row in t.rows:
            for key, cell in row.cells.items():
                out["district_cells"].append({
                    **head, "unit": row.unit, "commune_kind": row.kind,
                    "reported": int(row.reported), "known": int(row.known),
                    **_column(columns[key]), **{k: _json(getattr(cell, k))
                                                for k in _CELL_FIELDS}})
    for g in grids:
        for c in g.cells:
            out["coverage"].append({"district": g.district, "province": g.province,
                                    "year": c.year, "half": c.half, "unit": c.unit,
                                    "state": c.state.value, "files": _json(c.files),
                                    "open_flags": _json(c.open_flags)})
    return out


def _column(col) -> dict:
    return {"column": col.key, "column_name": col.name, "indicator": col.indicator.value,
            "body": col.body.value if col.body else None, "qualifiers_kind": col.kind,
            "qualifiers_phase": col.phase, "qualifiers_session": col.session,
            "qualifiers_status": col.status, "qualifiers_implied": int(bool(col.implied))
            if col.implied else None}


_CELL_FIELDS = [k for k in Cell.model_fields if k != "statements"]
_TOTAL_FIELDS = [k for k in Total.model_fields if k != "column"]


def _json(value):
    if value.__class__ is list:
        if all(v.__class__ is int for v in value):  # most lists: figures
            return "[" + ", ".join(map(str, value)) + "]"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def safe_cell(value):
    """Return `value` safe for a spreadsheet cell: text that would start a formula is
    prefixed with an apostrophe; numbers and None pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_row(values) -> list:
    """Return the values of a row through `safe_cell` (written out: it runs per cell)."""
    return [("'" + v) if v.__class__ is str and v[:1] in _FORMULA_FIRST else v for v in values]


def columns_of(rows: list[dict]) -> list[str]:
    """Return the columns of a table's rows, in first-seen order."""
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def export_dataset(db: Path, fmt: str, out: Path, *, map_name: str = "period") -> list[Path]:
    """Write the dataset to directory `out` in `fmt` and return the files written: csv, a
    UTF-8 file (with BOM) per table and dictionary.csv; json, baocao.json and
    dictionary.json; xlsx, baocao.xlsx (and long texts beside it, see the workbook).
    `map_name` "new" adds `aggregates_today`: the communes' figures of every period carried
    onto today's map (`pipeline.maps`); "period" (default) keeps each period's map only."""
    if fmt not in FORMATS:
        raise StoreError(f"{out}: không có định dạng {fmt} / unknown export format "
                         "(csv, xlsx, json)")
    if map_name not in MAPS:
        raise StoreError(f"{out}: không có bản đồ {map_name} / unknown map (period, new)")
    data, tables, grids = _collect(db)
    if map_name == "new":
        rows = todays_aggregates(db)
        data["aggregates_today"] = sorted(rows, key=_sort_key("aggregates_today", rows))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"{out}: không ghi được / cannot write the export: {e}") from e
    if not out.is_dir():
        raise StoreError(f"{out}: không ghi được / cannot write the export: not a folder")
    if fmt == "xlsx":
        from pipeline.export.workbook import write_workbook

        return write_workbook(data, tables, grids, out)
    return {"csv": _write_csv, "json": _write_json}[fmt](data, out)


def _dictionary(data: dict[str, list[dict]]) -> list[dict]:
    return dictionary({name: columns_of(rows) or [] for name, rows in data.items()})


def _csv_bytes(columns: list[str], rows: list[list]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows(rows)
    # utf-8-sig: the BOM makes Excel read the file as UTF-8 (Vietnamese diacritics)
    return text.getvalue().encode("utf-8-sig")


def _write_csv(data: dict[str, list[dict]], out: Path) -> list[Path]:
    written = []
    for name, rows in data.items():
        cols = columns_of(rows) or ["empty"]
        body = _csv_bytes(cols, [_safe_row([r.get(c) for c in cols]) for r in rows])
        written.append(write_atomic(out / f"{name}.csv", body))
    entries = _dictionary(data)
    cols = list(entries[0]) if entries else ["table", "column"]
    written.append(write_atomic(out / "dictionary.csv", _csv_bytes(
        cols, [[safe_cell(e[c]) for c in cols] for e in entries])))
    return written


def _write_json(data: dict[str, list[dict]], out: Path) -> list[Path]:
    decoded = {name: [{k: json.loads(v) if k in JSON_COLUMNS.get(name, ()) and v else v
                       for k, v in row.items()} for row in rows]
               for name, rows in data.items()}
    # one row a line: readable, and json's C encoder (indent= takes its pure-Python one)
    body = "{\n" + ",\n".join(
        json.dumps(name) + ": [" + ",".join(
            "\n " + json.dumps(row, ensure_ascii=False, sort_keys=True) for row in decoded[name])
        + ("\n]" if decoded[name] else "]") for name in sorted(decoded)) + "\n}\n"
    entries = json.dumps(_dictionary(data), ensure_ascii=False, indent=1) + "\n"
    return [write_atomic(out / "baocao.json", body.encode("utf-8")),
            write_atomic(out / "dictionary.json", entries.encode("utf-8"))]
