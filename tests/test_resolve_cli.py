"""`baocao resolve`, `history` and the Excel round trip, run as a user runs them."""
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.review import history, list_flags
from pipeline.review.workbook import COLUMNS, LABELS
from pipeline.run import run_batch
from pipeline.store import open_store
from schemas.flags import Action
from tests.conftest import SAMPLES_2024

COL = {key: i + 1 for i, (key, _, _) in enumerate(COLUMNS)}


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("samples") / "s.db"
    run_batch(SAMPLES_2024, path, workers=1)
    return path


@pytest.fixture
def db(samples_db, tmp_path):
    path = tmp_path / "s.db"
    shutil.copyfile(samples_db, path)
    return path


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def flag_id(db, rule, indicator=None):
    return next(f.id for f in list_flags(db, "all") if f.rule.value == rule
                and (indicator is None or f.indicator == indicator))


# one decision that fits each flag of the samples, as a reviewer gives it on the CLI, in the
# workbook (label, choice, item) and on the page
SETTLE = {
    ("total_mismatch", None): (["--value", "3", "--item", "4"], ("correct", "3", 4)),
    ("repeated_mismatch", None): (["--choose", "5"], ("choose", "5", None)),
    ("cross_document_mismatch", None): (["--choose", "11"], ("choose", "11", None)),
    ("duplicate_submission", None): (["--official", "dak-sao-2024-h1-v2.docx"],
                                     ("choose_document", "dak-sao-2024-h1-v2.docx", None)),
    ("missing_unit", "sessions"): (["--not-expected", "none"], ("not_expected", "none", None)),
    ("missing_unit", "resolutions"): (["--accept"], ("accept", None, None)),
    ("reference_conflict", None): (["--choose", "2024-05-22"], ("choose", "2024-05-22", None)),
    ("section_gap", None): (["--dismiss"], ("reject", None, None)),
}


def settled(db):
    with open_store(db) as store:
        return ({r["id"]: r["effective_status"] for r in store.rows("flag_status")},
                sorted((r["file"], r["id"], r["effective_value"])
                       for r in store.rows("counts_effective")),
                sorted((r["file"], r["superseded"]) for r in store.rows("documents_effective")),
                sorted((r["file"], r["effective_date"] or "")
                       for r in store.rows("references_effective")),
                [r["communes_not_expected"] for r in store.rows("aggregates")])


def test_every_sample_flag_is_settled_on_the_cli(db):
    for (rule, indicator), (args, _) in SETTLE.items():
        result = invoke("resolve", flag_id(db, rule, indicator), "--db", db, *args,
                        "--note", "theo biên bản", "--reviewer", "Lan")
        assert result.exit_code == 0, result.output
    assert invoke("flags", "--db", db).output == "Không có cờ nào.\n"


def test_the_excel_round_trip_settles_the_same_flags_as_the_cli(db, tmp_path):
    cli_db = tmp_path / "cli.db"
    shutil.copyfile(db, cli_db)
    test_every_sample_flag_is_settled_on_the_cli(cli_db)
    book = tmp_path / "flags.xlsx"
    assert invoke("flags", "--db", db, "--xlsx", book).output == f"{book}\n"
    wb = load_workbook(book)
    sheet = wb["flags"]
    lists = {}
    for dv in sheet.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            lists[rng.coord] = dv.formula1
    for row in range(2, sheet.max_row + 1):
        fid = sheet.cell(row, COL["id"]).value
        rule = sheet.cell(row, COL["rule"]).value
        indicator = sheet.cell(row, COL["indicator"]).value or None
        key = (rule, indicator if rule == "missing_unit" else None)
        action, choice, item = SETTLE[key][1]
        label = LABELS[Action(action)]
        # the drop-down of the row offers exactly the actions that fit
        assert label in lists[f"M{row}"], (fid, lists[f"M{row}"])
        sheet.cell(row, COL["action"], label)
        sheet.cell(row, COL["choice"], choice)
        sheet.cell(row, COL["item"], item)
        sheet.cell(row, COL["note"], "theo biên bản")
    wb.save(book)
    dry = invoke("resolve", "--db", db, "--from-xlsx", book, "--reviewer", "Lan")
    assert dry.exit_code == 0, dry.output
    assert "Chạy thử: 8 dòng sẽ được ghi, 0 dòng bị từ chối" in dry.output
    assert "12 (Văn Xuôi) → 11 (Văn Xuôi)" in dry.output
    assert [f.status.value for f in list_flags(db, "all")].count("open") == 8  # nothing written
    applied = invoke("resolve", "--db", db, "--from-xlsx", book, "--reviewer", "Lan", "--apply")
    assert applied.exit_code == 0, applied.output
    assert settled(db) == settled(cli_db)


def test_a_workbook_with_bad_rows_applies_the_good_ones_and_names_each_bad_one(db, tmp_path):
    book = tmp_path / "flags.xlsx"
    invoke("flags", "--db", db, "--xlsx", book)
    wb = load_workbook(book)
    sheet = wb["flags"]
    by_rule = {sheet.cell(r, COL["rule"]).value + str(sheet.cell(r, COL["indicator"]).value):
               r for r in range(2, sheet.max_row + 1)}
    fills = {
        "section_gapNone": ("bỏ qua (dismiss)", None, "mục III bỏ trống"),  # good
        "repeated_mismatchvoter_meetings": ("chọn số đúng (choose)", "9", "x"),  # not stated
        "total_mismatchsupervision_topics": ("sửa số (correct)", "-3", "x"),  # negative
        "cross_document_mismatchvoter_petitions": ("chọn số đúng (choose)", "11", ""),  # no note
        "reference_conflictNone": ("chọn số đúng (choose)", "2024-05-22", "đúng"),  # good
        "duplicate_submissioncitizen_receptions": ("xoá (delete)", None, "x"),  # no such action
        "missing_unitsessions": ("sửa số (correct)", "1", "x"),  # does not fit
    }
    for key, (label, choice, note) in fills.items():
        r = by_rule[key]
        sheet.cell(r, COL["action"], label)
        sheet.cell(r, COL["choice"], choice)
        sheet.cell(r, COL["note"], note)
    # a second row for a flag decided above: made on the state before that decision
    last = sheet.max_row + 1
    for c in range(1, len(COLUMNS) + 1):
        sheet.cell(last, c, sheet.cell(by_rule["section_gapNone"], c).value)
    sheet.cell(last, COL["action"], "chấp nhận (accept)")
    wb.save(book)
    result = invoke("resolve", "--db", db, "--from-xlsx", book, "--reviewer", "Lan", "--apply")
    assert result.exit_code == 1
    refused = [line for line in result.output.splitlines() if "bị từ chối / refused" in line]
    rows = sorted(int(line.split()[1].rstrip(":")) for line in refused)
    assert rows == sorted([by_rule[k] for k in fills if not fills[k][2] in ("mục III bỏ trống",
                                                                             "đúng")] + [last])
    assert "quyết định không hợp lệ: xoá (delete)" in result.output
    assert "Ghi chú không được để trống" in result.output
    assert "cờ đã thay đổi từ khi mở ra" in result.output
    assert "2 dòng đã ghi, 6 dòng bị từ chối" in result.output
    statuses = {f.rule.value: f.status.value for f in list_flags(db, "all")}
    assert (statuses["section_gap"], statuses["reference_conflict"]) == ("dismissed", "resolved")
    assert statuses["repeated_mismatch"] == "open"


def test_a_file_that_is_no_workbook_is_one_line(db, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("không phải Excel")
    result = invoke("resolve", "--db", db, "--from-xlsx", bad, "--reviewer", "Lan")
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: {bad}: không đọc được sổ Excel")


def test_history_lists_every_decision_oldest_first_in_vietnam_time(db):
    fid = flag_id(db, "repeated_mismatch")
    invoke("resolve", fid, "--db", db, "--choose", "4", "--note", "a", "--reviewer", "Lan")
    invoke("resolve", fid, "--db", db, "--choose", "5", "--note", "b", "--reviewer", "Hùng")
    assert invoke("resolve", fid, "--db", db, "--undo", "--note", "c",
                  "--reviewer", "Hùng").exit_code == 0
    lines = invoke("history", fid, "--db", db).output.splitlines()
    assert lines[0].startswith(f"Cờ {fid} · repeated_mismatch · trạng thái: resolved")
    assert [line.split(": ", 1)[1] for line in lines[1:4]] == [
        "chọn số 4 — a ←", "chọn số 5 — b", "hoàn tác: quyết định #1 áp dụng lại — c"]
    assert all("(UTC+7)" in line for line in lines[1:4])
    state = history(db, fid).state
    assert lines[-1] == f"Trạng thái (--state): {state}"


def test_history_of_a_document(db):
    invoke("resolve", flag_id(db, "duplicate_submission"), "--db", db, "--official",
           "dak-sao-2024-h1.docx", "--note", "bản đúng", "--reviewer", "Lan")
    lines = invoke("history", "dak-sao-2024-h1-v2.docx", "--db", db).output.splitlines()
    assert lines[0].endswith("dak-sao-2024-h1-v2.docx (" + lines[0].rsplit("(", 1)[1])
    assert "bị thay thế bởi dak-sao-2024-h1.docx — bản đúng" in lines[1]


def test_a_stale_state_exits_1_with_the_state_now(db):
    fid = flag_id(db, "section_gap")
    old = history(db, fid).state
    invoke("resolve", fid, "--db", db, "--dismiss", "--note", "a", "--reviewer", "Lan")
    result = invoke("resolve", fid, "--db", db, "--accept", "--state", old, "--note", "b",
                    "--reviewer", "Hùng")
    assert result.exit_code == 1
    assert "cờ đã thay đổi từ khi mở ra" in result.output


@pytest.mark.parametrize("args, words", [
    pytest.param(["--value", "9223372036854775808"], "is not in the range 0<=x<=999999999",
                 id="huge-value"),
    pytest.param(["--value", "-1"], "is not in the range", id="negative-value"),
    pytest.param(["--accept", "--note", "   "], "Ghi chú không được để trống", id="empty-note"),
    pytest.param(["--accept", "--reviewer", ""], "Tên người duyệt không được để trống",
                 id="empty-reviewer"),
    pytest.param(["--choose", "5", "--item", "2"], "--item needs --value", id="item-alone"),
    pytest.param(["--accept", "--dismiss"], "exactly one of", id="two-decisions"),
    pytest.param(["--not-expected", "sometime"], "'sometime' is not one of", id="bad-reason"),
])
def test_misuse_is_one_line_exit_2(db, args, words):
    base = {"--note": "n", "--reviewer": "Lan"}
    for i, a in enumerate(args):
        if a in base:
            base[a] = args[i + 1]
    rest = [a for i, a in enumerate(args) if a not in base and (i == 0 or args[i - 1] not in base)]
    result = invoke("resolve", flag_id(db, "total_mismatch"), "--db", db, *rest,
                    *[x for kv in base.items() for x in kv])
    assert result.exit_code == 2, result.output
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and words in error[0]
    assert "Traceback" not in result.output


def test_a_decision_that_does_not_fit_exits_1_in_one_line(db):
    result = invoke("resolve", flag_id(db, "section_gap"), "--db", db, "--value", "3", "--note",
                    "n", "--reviewer", "Lan")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: cờ {flag_id(db, 'section_gap')}: quyết định correct không hợp với cờ "
        "section_gap; chỉ nhận: accept, reject / correct does not fit a section_gap flag; "
        "it takes: accept, reject"]


def test_a_note_that_is_not_utf8_is_one_line(db):
    # a real process: the shell passes the bytes, Python decodes them with surrogateescape
    code = "import sys; from pipeline.cli import cli; sys.argv = ['baocao'] + sys.argv[1:]; cli()"
    result = subprocess.run(
        [sys.executable.encode(), b"-c", code.encode(), b"resolve",
         flag_id(db, "section_gap").encode(), b"--db", str(db).encode(), b"--accept",
         b"--note", b"ghi ch\xff", b"--reviewer", b"Lan"], capture_output=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    assert lines[-1] == ("Error: Invalid value for '--note': Ghi chú không phải văn bản UTF-8 "
                         "hợp lệ. / The note is not valid UTF-8 text.")
    assert b"Traceback" not in result.stderr
