import csv
import json

import pytest
from openpyxl import load_workbook

from pipeline.aggregate import district_tables
from pipeline.export import DISTRICT_TABLES, TABLES, dataset, export_dataset, safe_cell
from pipeline.export.dictionary import header
from pipeline.export.workbook import DICTIONARY_SHEET, FIRST_SHEETS, SHEETS
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
    assert [p.name for p in written] == [f"{t}.csv" for t in (*TABLES, *DISTRICT_TABLES)] + [
        "dictionary.csv"]
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


def test_xlsx_neutralises_formulas_and_shows_decided_flags(db, tmp_path):
    [path] = export_dataset(db, "xlsx", tmp_path / "out")
    book = load_workbook(path)
    assert book.sheetnames == [*FIRST_SHEETS, *(s[0] for s in SHEETS), DICTIONARY_SHEET]
    cells = [c.value for row in book["Số liệu"].iter_rows() for c in row]
    assert "'-tom-tat.docx" in cells
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    flags = list(book["Cờ"].values)
    assert flags[1][flags[0].index("Trạng thái")] == "Đã xử lý"  # resolved, in Vietnamese


def test_json_is_one_file_with_every_table_and_raw_text(db, tmp_path):
    [path, _] = export_dataset(db, "json", tmp_path / "out")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(data) == sorted([*TABLES, *DISTRICT_TABLES])
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
    [path, _] = export_dataset(db, "json", tmp_path / "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert sorted((r["value"], r["qualifiers_planned"]) for r in data["counts"]) == [
        (2, None), (3, 1)]
    assert [(a["communes_sum"], a["communes_reporting"]) for a in data["aggregates"]] == [(2, 1)]
    [book] = export_dataset(db, "xlsx", tmp_path / "xlsx")
    sheet = list(load_workbook(book)["Số liệu"].values)
    column = sheet[0].index("Kế hoạch")
    assert sorted((r[column] is not None) for r in sheet[1:]) == [False, True]


# --- the office's export of samples/ --------------------------------------------------------

def test_the_workbook_has_vietnamese_headers_and_its_dictionary_covers_every_column(
        settled_db, tmp_path):
    [book_path] = export_dataset(settled_db, "xlsx", tmp_path / "x")
    book = load_workbook(book_path)
    data = dataset(settled_db)
    # the district table: its first block's header row names every column in Vietnamese
    rows = list(book[FIRST_SHEETS[0]].values)
    [table] = district_tables(settled_db)
    assert rows[0][0] == "HUYỆN TU MƠ RÔNG (KON TUM) — 6 THÁNG ĐẦU NĂM 2024"
    assert list(rows[2][:2 + len(table.columns)]) == ["TT", "Xã", *(c.name for c in
                                                                    table.columns)]
    total = rows[3 + len(table.rows)]
    assert total[0] == "Cộng các xã" and total[2 + [c.key for c in table.columns].index(
        "voter_petitions")] == 67
    # the long tables: headers are the dictionary's, codes shown by their Vietnamese names
    for name, exported, columns in SHEETS:
        head = list(book[name].values)[0]
        assert list(head) == [header(exported, c) for c in columns], name
    counts = list(book["Số liệu"].values)
    assert "Ý kiến, kiến nghị của cử tri" in {r[counts[0].index("Chỉ tiêu")] for r in counts}
    # the dictionary sheet: every column of every exported table, each with its meaning
    entries = list(book[DICTIONARY_SHEET].values)
    assert list(entries[0]) == ["Bảng", "Cột", "Tiêu đề", "Ý nghĩa", "Kiểu", "Mã và tên"]
    covered = {(e[0].split(" (")[0], e[1]) for e in entries[1:] if e[3]}
    exported = {(t, c) for t, rows in data.items() for r in rows[:1] for c in r}
    assert exported and exported <= covered, sorted(exported - covered)


def test_the_csv_dictionary_describes_every_column_with_codes_named(settled_db, tmp_path):
    export_dataset(settled_db, "csv", tmp_path / "c")
    with (tmp_path / "c" / "dictionary.csv").open(encoding="utf-8-sig") as f:
        entries = {(e["table"], e["column"]): e for e in csv.DictReader(f)}
    for table in (*TABLES, *DISTRICT_TABLES):
        with (tmp_path / "c" / f"{table}.csv").open(encoding="utf-8-sig") as f:
            for column in next(csv.reader(f)):
                entry = entries[(table, column)]
                assert entry["meaning"] and entry["header"] and entry["type"], (table, column)
    assert "voter_petitions = Ý kiến, kiến nghị của cử tri" in entries[
        ("counts", "indicator")]["codes"]
    assert entries[("counts", "qualifiers_kind")]["codes"] == (
        "regular = Thường lệ; thematic = Chuyên đề; extraordinary = Bất thường")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_two_exports_of_one_store_are_byte_identical(settled_db, tmp_path, fmt):
    first = export_dataset(settled_db, fmt, tmp_path / "a")
    second = export_dataset(settled_db, fmt, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_facts_do_not_depend_on_the_order_documents_were_stored(samples_db, tmp_path):
    with open_store(samples_db, create=False) as store:
        docs = [(r["path"], Record.model_validate_json(r["record"]))
                for r in store.rows("documents") if r["status"] == "ok"]
    exports = []
    for name, order in (("forward", docs), ("backward", docs[::-1])):
        with open_store(tmp_path / f"{name}.db") as store:
            for path, rec in order:
                store.write_document(1, path, size=1, mtime=1.0, source_format="docx",
                                     blocks=[], record=rec)
        export_dataset(tmp_path / f"{name}.db", "csv", tmp_path / name)
        exports.append((tmp_path / name / "facts.csv").read_bytes())
    assert exports[0] == exports[1]
    assert b"samples/dak-sao-2024-h1-v2.docx#body" in exports[0]


def test_a_text_longer_than_a_cell_goes_whole_to_a_side_file(tmp_path):
    text = "Xã Đăk Sao 6 ý kiến. " + "Nội dung dài. " * 3000  # 42,000 characters
    rec = _record("dak-sao.docx", "commune_report", "Đăk Sao", 6, text=text)
    path = tmp_path / "long.db"
    with open_store(path) as store:
        store.write_document(1, "/d/dak-sao.docx", size=1, mtime=1.0, source_format="docx",
                             blocks=[], record=rec.model_copy(update={"counts": [
                                 rec.counts[0].model_copy(update={"evidence": rec.counts[
                                     0].evidence.model_copy(update={"text": text})})]}))
    written = export_dataset(path, "xlsx", tmp_path / "x")
    [side] = [p for p in written if p.suffix == ".txt"]
    assert side.read_text(encoding="utf-8") == text
    cells = [c.value for row in load_workbook(written[0])["Số liệu"].iter_rows() for c in row]
    [cell] = [c for c in cells if isinstance(c, str) and c.startswith("Xã Đăk Sao 6 ý kiến.")]
    assert cell.endswith(f"[toàn văn / full text: {side.relative_to(tmp_path / 'x')}]")
    assert len(cell) < 32_767


def test_a_full_disk_leaves_no_cut_file_behind(db, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_dataset(db, "json", out)
    before = (out / "baocao.json").read_bytes()

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.export.files.os.fsync", full)
    with pytest.raises(StoreError, match=r"baocao\.json: không ghi được / cannot write it: "
                                         "No space left on device"):
        export_dataset(db, "json", out)
    with pytest.raises(StoreError, match="No space left on device"):
        export_dataset(db, "csv", tmp_path / "fresh")
    assert (out / "baocao.json").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["baocao.json", "dictionary.json"]
    assert list((tmp_path / "fresh").iterdir()) == []


# --- figures on today's map (export --map new, aggregate --map new) ------------------------

def _own(file, unit, district, province, year, half, value, code):
    ev = Evidence(part="body", block=0, start=0, end=1, text=str(value)[:1], doc_start=0,
                  doc_end=1)
    return Record(file=file, sha256=file, kind="commune_report", level="commune", unit=unit,
                  code=code, district=district, province=province,
                  period=Period(year=year, half=half), term=None,
                  counts=[Count(id=f"{file}-c", indicator="sessions", value=value,
                                level="commune", unit=unit, evidence=ev, rule="t", code=code)])


@pytest.fixture
def two_maps(tmp_path):
    """Đăk Na and Đăk Sao (Tu Mơ Rông) in 2024, merged into the new Đăk Sao of Quảng Ngãi,
    its own report of 2026; Tân Thạnh (Thới Lai, Cần Thơ), divided in 2025, in 2024."""
    old = "tinhkontum/huyentumorong/"
    records = [
        _own("dak-na.docx", "Đăk Na", "Tu Mơ Rông", "Kon Tum", 2024, 1, 2, old + "xadakna"),
        _own("dak-sao.docx", "Đăk Sao", "Tu Mơ Rông", "Kon Tum", 2024, 1, 3, old + "xadaksao"),
        _own("dak-sao-2026.docx", "Đăk Sao", None, "Quảng Ngãi", 2026, 1, 4, "51/xadaksao"),
        _own("tan-thanh.docx", "Tân Thạnh", "Thới Lai", "Cần Thơ", 2024, 1, 5,
             "thanhphocantho/huyenthoilai/xatanthanh"),
    ]
    path = tmp_path / "m.db"
    with open_store(path) as store:
        for r in records:
            store.write_document(1, "/d/" + r.file, size=1, mtime=1.0, source_format="docx",
                                 blocks=[], record=r)
    return path


def _today(db, tmp_path) -> list[dict]:
    export_dataset(db, "json", tmp_path / "out", map_name="new")
    return json.loads((tmp_path / "out" / "baocao.json").read_text(encoding="utf-8"))[
        "aggregates_today"]


def test_export_map_new_adds_former_communes_onto_todays(two_maps, tmp_path):
    agg = {(r["year"], r["unit"]): r for r in _today(two_maps, tmp_path)}
    assert (agg[2024, "Đăk Sao"]["communes_sum"], agg[2024, "Đăk Sao"]["from_units"]) == (
        5, "Đăk Na (Tu Mơ Rông) | Đăk Sao (Tu Mơ Rông)")
    assert agg[2024, "Đăk Sao"]["province"] == "Quảng Ngãi" and agg[2024, "Đăk Sao"]["summable"]
    assert (agg[2026, "Đăk Sao"]["communes_sum"], agg[2026, "Đăk Sao"]["from_units"]) == (4, None)


def test_export_map_new_shows_a_divided_commune_as_not_summable(two_maps, tmp_path):
    divided = [r for r in _today(two_maps, tmp_path) if r["not_summable"]]
    assert sorted(r["unit"] for r in divided) == ["Trường Thành", "Tân Thạnh"]
    for r in divided:
        assert (r["summable"], r["communes_sum"]) == (0, None)
        assert r["not_summable"] == "Tân Thạnh (Thới Lai): 5 → xã Tân Thạnh, xã Trường Thành"


def test_export_by_default_keeps_each_periods_map(two_maps, tmp_path):
    export_dataset(two_maps, "json", tmp_path / "out")
    rows = json.loads((tmp_path / "out" / "baocao.json").read_text(encoding="utf-8"))
    assert "aggregates_today" not in rows
    places = {(r["year"], r["district"], r["province"], r["communes_sum"])
              for r in rows["aggregates"]}
    assert places == {(2024, "Tu Mơ Rông", None, 5), (2024, "Thới Lai", None, 5),
                      (2026, None, "Quảng Ngãi", 4)}


def test_export_map_new_describes_every_column(two_maps, tmp_path):
    export_dataset(two_maps, "csv", tmp_path / "out", map_name="new")
    with (tmp_path / "out" / "dictionary.csv").open(encoding="utf-8-sig") as f:
        entries = [r for r in csv.DictReader(f) if r["table"] in ("aggregates_today",
                                                                   "aggregates", "counts")]
    assert {r["column"] for r in entries if r["table"] == "aggregates_today"} >= {
        "unit", "code", "from_units", "not_summable", "summable"}
    assert [r["column"] for r in entries if not r["meaning"]] == []


def test_export_refuses_an_unknown_map(two_maps, tmp_path):
    with pytest.raises(StoreError, match="unknown map"):
        export_dataset(two_maps, "json", tmp_path / "out", map_name="2024")


def test_cli_aggregate_map_new_prints_todays_communes(two_maps):
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["aggregate", "--db", str(two_maps), "--map", "new",
                                      "--period", "2024H1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("Đăk Sao" in x and " 5 " in f"{x} " and "Đăk Na (Tu Mơ Rông)" in x
               for x in lines)
    assert any("Trường Thành" in x and "not summable" in x for x in lines)
    assert lines[-1] == "3 dòng / rows" and not any("2026" in x for x in lines)
    as_json = CliRunner().invoke(cli, ["aggregate", "--db", str(two_maps), "--map", "new",
                                       "--json"])
    assert {r["year"] for r in json.loads(as_json.output)} == {2024, 2026}
