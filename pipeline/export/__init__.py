"""Export the cleaned dataset (reviewers' decisions applied) as CSV, XLSX or JSON."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from pipeline.store import open_store
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
FORMATS = ("csv", "xlsx", "json")
# columns holding JSON text: kept as text in CSV/XLSX, decoded in the JSON export
_JSON_COLUMNS = {"flags": ("values", "documents", "evidence"), "documents": ("warnings",)}
# A cell starting with one of these is run as a formula by spreadsheet programs; documents
# are untrusted, so such text is prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def dataset(db: Path) -> dict[str, list[dict]]:
    """Return every exported table as rows (decisions applied), in a stable order."""
    with open_store(db, create=False) as store:
        out = {}
        for name, (source, drop) in TABLES.items():
            rows = store.rows(source)
            if name == "flags":
                rows = [{**r, "status": r["effective_status"]} for r in rows]
                drop = drop | {"effective_status"}
            out[name] = [{k: v for k, v in r.items() if k not in drop} for r in rows]
        return out


def safe_cell(value):
    """Return `value` safe for a spreadsheet cell: text that would start a formula is
    prefixed with an apostrophe; numbers and None pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_dataset(db: Path, fmt: str, out: Path) -> list[Path]:
    """Write the dataset to directory `out` in `fmt` (csv: one file per table, UTF-8 with
    BOM; xlsx: one workbook, a sheet per table; json: one file); return the files written."""
    if fmt not in FORMATS:
        raise StoreError(f"{out}: không có định dạng {fmt} / unknown export format "
                         "(csv, xlsx, json)")
    data = dataset(db)
    try:
        out.mkdir(parents=True, exist_ok=True)
        return {"csv": _write_csv, "xlsx": _write_xlsx, "json": _write_json}[fmt](data, out)
    except OSError as e:
        raise StoreError(f"{out}: không ghi được / cannot write the export: {e}") from e


def _columns(rows: list[dict]) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def _write_csv(data: dict[str, list[dict]], out: Path) -> list[Path]:
    written = []
    for name, rows in data.items():
        path = out / f"{name}.csv"
        cols = _columns(rows) or ["empty"]
        # utf-8-sig: the BOM makes Excel read the file as UTF-8 (Vietnamese diacritics)
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(cols)
            writer.writerows([safe_cell(r.get(c)) for c in cols] for r in rows)
        written.append(path)
    return written


def _write_xlsx(data: dict[str, list[dict]], out: Path) -> list[Path]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streams rows: fast and small for big stores
    for name, rows in data.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        cols = _columns(rows)
        sheet.append(cols)
        for r in rows:
            sheet.append([_xlsx_cell(r.get(c)) for c in cols])
    path = out / "baocao.xlsx"
    book.save(path)
    return [path]


def _xlsx_cell(value):
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
    return safe_cell(value)


def _write_json(data: dict[str, list[dict]], out: Path) -> list[Path]:
    path = out / "baocao.json"
    data = {name: [{k: json.loads(v) if k in _JSON_COLUMNS.get(name, ()) and v else v
                    for k, v in row.items()} for row in rows] for name, rows in data.items()}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return [path]
