import csv
import json

import pytest
from openpyxl import load_workbook

from pipeline.export import TABLES, export_dataset, safe_cell
from pipeline.store import open_store
from schemas.errors import StoreError
from schemas.flags import Decision, Flag, FlagEvidence
from schemas.record import Count, Evidence, Period, Qualifiers, Record

TEXT = "=HYPERLINK(\"http://x\") Xã Đăk Sao 6 ý kiến"


def _record(file, kind, unit, value, text=TEXT):
    start = text.index(str(value))
    ev = Evidence(part="footnote", footnote=5, block=1, start=start, end=start + 1,
                  text=text[start:start + 1], doc_start=start, doc_end=start + 1)
    return Record(file=file, sha256="1" * 64, kind=kind, level="commune", unit=unit,
                  district="Tu Mơ Rông", province="Kon Tum", period=Period(year=2024, half=1),
                  term=None, counts=[Count(id="c", indicator="voter_petitions", value=value,
                                           level="commune", unit="Đăk Sao", evidence=ev,
                                           rule="t")])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "b.db"
    summary = _record("-tom-tat.docx", "district_summary", "Tu Mơ Rông", 6)
    commune = _record("dak-sao.docx", "commune_report", "Đăk Sao", 7, text="có 7 ý kiến")
    with open_store(path) as store:
        for rec in (summary, commune):
            store.write_document(1, "/d/" + rec.file, size=1, mtime=1.0, source_format="docx",
                                 blocks=[], record=rec)
        flag = Flag(id="f1", rule="cross_document_mismatch", severity="error",
                    indicator="voter_petitions", level="commune", unit="Đăk Sao", values=[6, 7],
                    documents=[summary.file, commune.file], message="Đăk Sao: 6 ≠ 7",
                    message_en="Đăk Sao: 6 ≠ 7",
                    evidence=[FlagEvidence(document=r.file, value=r.counts[0].value,
                                           count_id="c", evidence=r.counts[0].evidence)
                              for r in (summary, commune)])
        store.save_flags(1, [flag])
        store.add_decision(Decision(target_id="f1", action="correct", value=7, reviewer="Lan",
                                    note="theo báo cáo xã", created="2026-01-01T00:00:00+00:00"))
    return path


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("+84", "'+84"), ("-tom-tat.docx", "'-tom-tat.docx"), ("@SUM", "'@SUM"),
    ("Đăk Sao", "Đăk Sao"), (-3, -3), (None, None), ("", ""),
])
def test_cells_that_would_start_a_formula_are_neutralised(value, safe):
    assert safe_cell(value) == safe


def test_csv_writes_one_bom_file_per_table_with_decisions_applied(db, tmp_path):
    written = export_dataset(db, "csv", tmp_path / "out")
    assert [p.name for p in written] == [f"{t}.csv" for t in TABLES]
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in written)
    with (tmp_path / "out" / "counts.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    by_file = {r["file"]: r for r in rows}
    assert set(by_file) == {"'-tom-tat.docx", "dak-sao.docx"}
    assert [(r["value"], r["effective_value"], r["decision_reviewer"]) for r in
            (by_file["'-tom-tat.docx"], by_file["dak-sao.docx"])] == [
        ("6", "7", "Lan"), ("7", "7", "Lan")]
    assert by_file["dak-sao.docx"]["evidence_text"] == "7"
    with (tmp_path / "out" / "facts.csv").open(encoding="utf-8-sig") as f:
        [fact] = list(csv.DictReader(f))
    assert (fact["unit"], fact["value"], fact["disputed"]) == ("Đăk Sao", "7", "0")


def test_xlsx_has_one_sheet_per_table_and_no_formulas(db, tmp_path):
    [path] = export_dataset(db, "xlsx", tmp_path / "out")
    book = load_workbook(path)
    assert book.sheetnames == list(TABLES)
    cells = [c.value for row in book["counts"].iter_rows() for c in row]
    assert "'-tom-tat.docx" in cells
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    flags = list(book["flags"].values)
    header = flags[0]
    assert flags[1][header.index("status")] == "resolved"


def test_json_is_one_file_with_every_table_and_raw_text(db, tmp_path):
    [path] = export_dataset(db, "json", tmp_path / "out")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(data) == sorted(TABLES)
    assert {r["file"] for r in data["counts"]} == {"-tom-tat.docx", "dak-sao.docx"}
    assert [(f["status"], f["values"]) for f in data["flags"]] == [("resolved", [6, 7])]
    assert all("path" not in d and "record" not in d for d in data["documents"])


def test_exporting_from_a_missing_database_names_it(tmp_path):
    with pytest.raises(StoreError, match=r"none\.db: không có cơ sở dữ liệu"):
        export_dataset(tmp_path / "none.db", "csv", tmp_path / "out")


def test_an_output_path_that_is_a_file_is_a_store_error(db, tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(StoreError, match="out: không ghi được / cannot write the export"):
        export_dataset(db, "json", tmp_path / "out")


def _planned_db(tmp_path):
    """A commune report stating 02 regular sessions held and 03 planned (its plans section)."""
    text = "tổ chức 02 kỳ họp thường lệ; Tổ chức 03 kỳ họp thường lệ"

    def count(cid, value, planned):
        start = text.index(f"0{value}")
        ev = Evidence(part="body", block=1 + planned, start=start, end=start + 2,
                      text=text[start:start + 2], doc_start=start, doc_end=start + 2)
        return Count(id=cid, indicator="sessions", value=value, level="commune", unit="Đăk Sao",
                     qualifiers=Qualifiers(kind="regular", planned=planned or None),
                     evidence=ev, rule="t")

    rec = Record(file="dak-sao.docx", sha256="2" * 64, kind="commune_report", level="commune",
                 unit="Đăk Sao", district="Tu Mơ Rông", province="Kon Tum",
                 period=Period(year=2024, half=1), term=None,
                 counts=[count("held", 2, False), count("plan", 3, True)])
    path = tmp_path / "p.db"
    with open_store(path) as store:
        store.write_document(1, "/d/" + rec.file, size=1, mtime=1.0, source_format="docx",
                             blocks=[], record=rec)
    return path


def test_a_planned_count_is_exported_with_its_qualifier_and_is_a_fact_of_its_own(tmp_path):
    db = _planned_db(tmp_path)
    export_dataset(db, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "counts.csv").open(encoding="utf-8-sig") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert (rows["held"]["qualifiers_planned"], rows["plan"]["qualifiers_planned"]) == ("", "1")
    with (tmp_path / "csv" / "facts.csv").open(encoding="utf-8-sig") as f:
        facts = sorted((r["value"], r["qualifiers_planned"], r["disputed"])
                       for r in csv.DictReader(f))
    assert facts == [("2", "", "0"), ("3", "1", "0")]
    [path] = export_dataset(db, "json", tmp_path / "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert sorted((r["value"], r["qualifiers_planned"]) for r in data["counts"]) == [
        (2, None), (3, 1)]
    assert [(a["communes_sum"], a["communes_reporting"]) for a in data["aggregates"]] == [(2, 1)]
    [book] = export_dataset(db, "xlsx", tmp_path / "xlsx")
    sheet = list(load_workbook(book)["counts"].values)
    column = sheet[0].index("qualifiers_planned")
    assert sorted((r[column] is not None) for r in sheet[1:]) == [False, True]
