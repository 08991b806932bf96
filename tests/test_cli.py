"""The commands of the store engineer (run, flags, show, resolve, export) through click:
exit codes and whole lines; --help of every command."""
import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.store import open_store
from schemas.flags import Flag, FlagEvidence
from schemas.record import Count, Evidence, Period, Record
from schemas.source import Block, Part

FID = "0a1b2c3d4e5f6a7b"
TEXT = "Xã Đăk Sao 6 ý kiến"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "b.db"
    ev = Evidence(part="footnote", footnote=5, block=0, start=11, end=19, text="6 ý kiến",
                  doc_start=11, doc_end=19)
    record = Record(file="tom-tat.docx", sha256="2" * 64, kind="district_summary",
                    level="district", unit="Tu Mơ Rông", district="Tu Mơ Rông",
                    province="Kon Tum", period=Period(year=2024, half=1), term=None,
                    counts=[Count(id="c1", indicator="voter_petitions", value=6,
                                  level="commune", unit="Đăk Sao", evidence=ev, rule="t")])
    flag = Flag(id=FID, rule="total_mismatch", severity="error", indicator="voter_petitions",
                level="commune", unit="Đăk Sao", values=[6, 8], documents=["tom-tat.docx"],
                message="Tổng 8 ý kiến khác tổng các phần 6",
                message_en="Total 8 differs from the parts' sum 6",
                evidence=[FlagEvidence(document="tom-tat.docx", value=6, count_id="c1",
                                       evidence=ev)])
    with open_store(path) as store:
        store.write_document(1, "/d/tom-tat.docx", size=1, mtime=1.0, source_format="docx",
                             blocks=[Block(id=0, part=Part.footnote, text=TEXT, start=0,
                                           end=len(TEXT), note=5)], record=record)
        store.save_flags(1, [flag])
    return path


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {command} ")
    assert (cli.commands[command].help or "").split("\n")[0][:30] in " ".join(
        result.stdout.split())


def test_run_on_a_folder_without_reports_succeeds(tmp_path):
    (tmp_path / "in").mkdir()
    result = invoke("run", tmp_path / "in", "--db", tmp_path / "b.db", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:4] == [
        "Read 0 file(s); skipped as unchanged 0; failed 0; removed (file gone) 0.",
        "No flags.", "0 flag(s): 0 open, 0 new, 0 gone in this run."]


def test_run_reports_a_bad_file_and_strict_makes_it_fatal(tmp_path):
    bad = tmp_path / "in" / "hỏng.docx"
    bad.parent.mkdir()
    bad.write_bytes(b"not a zip")
    reason = f"  lỗi  {bad}: không phải tệp Word (.docx/.doc) / not a Word document"
    result = invoke("run", tmp_path / "in", "--db", tmp_path / "b.db")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == ("Đã đọc 0 tệp; bỏ qua (không thay đổi) 0; lỗi 1; "
                                             "đã gỡ (không còn tệp) 0.")
    assert result.stdout.splitlines()[2].startswith(reason)
    strict = invoke("run", tmp_path / "in", "--db", tmp_path / "b.db", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        "Error: 1 tệp không đọc được / file(s) could not be read (--strict)")


@pytest.mark.parametrize("args, line", [
    (["run", "nope", "--db", "x.db"],
     "Error: Invalid value for 'PATHS...': Path 'nope' does not exist."),
    (["run", "."], "Error: Missing option '--db'."),
    (["flags", "--db", "x.db", "--status", "new"],
     "Error: Invalid value for '--status': 'new' is not one of 'open', 'resolved', "
     "'dismissed', 'gone', 'all'."),
    (["export", "--db", "x.db", "--format", "pdf", "--out", "o"],
     "Error: Invalid value for '--format': 'pdf' is not one of 'csv', 'xlsx', 'json'."),
    (["resolve", FID, "--db", "x.db", "--note", "n", "--reviewer", "r"],
     "Error: give FLAG and exactly one of --value N, --choose X, --official FILE, "
     "--not-expected REASON, --assign-document FILE, --unit NAME, --exclude, --accept, "
     "--dismiss or --undo"),
    (["resolve", FID, "--db", "x.db", "--value", "3", "--dismiss", "--note", "n",
      "--reviewer", "r"], "Error: give FLAG and exactly one of --value N, --choose X, "
     "--official FILE, --not-expected REASON, --assign-document FILE, --unit NAME, --exclude, "
     "--accept, --dismiss or --undo"),
])
def test_usage_errors_exit_2(args, line):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == line


def test_a_database_that_cannot_be_created_exits_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "file").write_text("x")
    db = tmp_path / "file" / "b.db"  # its folder is a file
    result = invoke("run", tmp_path / "in", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {db}: không mở được cơ sở dữ liệu / cannot open the database: ")


@pytest.mark.parametrize("command", [["flags"], ["show", FID], ["export", "--format", "csv",
                                                                  "--out", "o"]])
def test_commands_on_a_missing_database_exit_1_and_say_what_to_do(tmp_path, command):
    db = tmp_path / "none.db"
    result = invoke(*command, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {db}: không có cơ sở dữ liệu / no such database "
        f"(run `baocao run PATH --db {db}` first)")


@pytest.mark.parametrize("command", [["flags"], ["run"], ["export", "--format", "json",
                                                            "--out", "o"]])
def test_a_file_that_is_no_database_exits_1(tmp_path, command):
    db = tmp_path / "văn bản.db"
    db.write_text("đây không phải cơ sở dữ liệu " * 10, encoding="utf-8")
    if command == ["run"]:
        command = ["run", tmp_path]
    result = invoke(*command, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {db}: không mở được cơ sở dữ liệu / cannot open the database: "
        "file is not a database")


def test_flags_json_prints_the_contract_list(db):
    result = invoke("flags", "--db", db, "--json", "--lang", "en")
    assert result.exit_code == 0
    [flag] = json.loads(result.stdout)
    assert (flag["id"], flag["rule"], flag["values"], flag["message"], flag["status"]) == (
        FID, "total_mismatch", [6, 8], "Total 8 differs from the parts' sum 6", "open")


def test_flags_text_lists_the_open_flags(db):
    result = invoke("flags", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{FID}  total_mismatch           error   open      voter_petitions Đăk Sao [6, 8]",
        "    Tổng 8 ý kiến khác tổng các phần 6", "1 cờ"]


def test_show_prints_the_evidence_in_context(db):
    result = invoke("show", FID[:8], "--db", db)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-4:-2] == ["  [1] 6 — tom-tat.docx, chú thích 5, đoạn 0",
                                                 "      Xã Đăk Sao «6 ý kiến»"]
    assert result.stdout.splitlines()[-2] == (
        "Quyết định được nhận (baocao resolve): --value N, --accept, --dismiss")


def test_show_of_an_unknown_flag_exits_1_naming_it(db):
    result = invoke("show", "ffffffff", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {db}: không tìm thấy cờ ffffffff / flag not found")


def test_resolve_records_the_decision_and_the_flag_leaves_the_open_list(db):
    result = invoke("resolve", FID, "--db", db, "--value", "8", "--note", "theo biên bản",
                    "--reviewer", "Lan")
    assert (result.exit_code, result.stdout) == (
        0, f"{FID}: correct by Lan — sửa tổng «6 ý kiến»: 6 → 8\n")
    assert invoke("flags", "--db", db).stdout == "Không có cờ nào.\n"
    resolved = invoke("flags", "--db", db, "--status", "resolved", "--json")
    assert [f["status"] for f in json.loads(resolved.stdout)] == ["resolved"]


def test_export_prints_the_files_written(db, tmp_path):
    out = tmp_path / "out"
    result = invoke("export", "--db", db, "--format", "json", "--out", out)
    assert (result.exit_code, result.stdout) == (
        0, f"{out / 'baocao.json'}\n{out / 'dictionary.json'}\n")


def test_the_seed_end_to_end_decisions_survive_a_changed_file(seed_docx, tmp_path):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "tu-mo-rong.docx"
    shutil.copy(seed_docx, report)
    db = tmp_path / "b.db"
    assert invoke("run", folder, "--db", db).exit_code == 0
    flags = json.loads(invoke("flags", "--db", db, "--json").stdout)
    assert sorted((f["rule"], f["indicator"], f["unit"]) for f in flags) == [
        ("missing_unit", "resolutions", "Măng Ri"), ("missing_unit", "sessions", "Măng Ri"),
        ("section_gap", None, "Tu Mơ Rông")]
    gap = next(f["id"] for f in flags if f["rule"] == "section_gap")
    assert invoke("resolve", gap, "--db", db, "--dismiss", "--note", "mục III bỏ trống",
                  "--reviewer", "Lan").exit_code == 0
    # the file changes (one paragraph added): it is read again, the decision stays
    from docx import Document

    doc = Document(str(report))
    doc.add_paragraph("Nơi nhận: như trên.")
    doc.save(str(report))
    rerun = invoke("run", folder, "--db", db, "--lang", "en")
    assert rerun.stdout.splitlines()[1] == (
        "Read 1 file(s); skipped as unchanged 0; failed 0; removed (file gone) 0.")
    dismissed = json.loads(invoke("flags", "--db", db, "--json", "--status", "dismissed").stdout)
    assert [f["id"] for f in dismissed] == [gap]
    assert len(json.loads(invoke("flags", "--db", db, "--json").stdout)) == 2
    shown = invoke("show", gap, "--db", db).stdout
    assert "Lan: reject (bỏ qua: không phải sai sót) — mục III bỏ trống" in shown
