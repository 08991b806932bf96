"""Placing reports: a commune report whose text names no district gets it from its folder or
from `run --district --province`, or is flagged unassigned_document; a file that cannot be
read is put beside the unit its name means, and its commune is "report unreadable"."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.corpus.generate import generate_corpus
from pipeline.extract import extract_file
from pipeline.review import list_flags
from pipeline.run import run_batch
from pipeline.run.placing import batch_hints, guess_unit, option_hint
from pipeline.store import open_store
from schemas.errors import InputError
from schemas.flags import Rule
from schemas.record import Level, Period, Placement
from tests.test_bad_input import ole2

DAK_HA = "dak-ha-2024-h1.docx"
# every way the generated reports name their district or province
_DISTRICT = re.compile(r"\s*(?:của |tại )?(?:huyện|HUYỆN) Tu Mơ Rông|,?\s*tỉnh Kon Tum|"
                       r"Tu Mơ Rông|TU MƠ RÔNG|Kon Tum|KON TUM")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Tu Mơ Rông's reports for 2024H1, no discrepancy planted."""
    folder = tmp_path_factory.mktemp("tmr") / "tu-mo-rong"
    generate_corpus(folder, district="Tu Mơ Rông", province="Kon Tum", seed=11)
    (folder / "truth.json").unlink()
    return folder


def _strip_district(source: Path, target: Path) -> Path:
    """Save `source` with every mention of its district and province removed."""
    from docx import Document

    doc = Document(str(source))
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows
                                         for cell in row.cells for p in cell.paragraphs]
    for p in paragraphs:
        for run in p.runs:
            if _DISTRICT.search(run.text):
                run.text = _DISTRICT.sub("", run.text)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


@pytest.fixture(scope="module")
def stripped(corpus, tmp_path_factory) -> Path:
    path = _strip_district(corpus / DAK_HA, tmp_path_factory.mktemp("alone") / "bao-cao.docx")
    from extractors.reader import read_document

    text = read_document(path).text
    assert "Tu Mơ Rông" not in text and "Kon Tum" not in text and "HÀ" in text
    return path


def _flags(db: Path) -> list[tuple]:
    return sorted((f.rule.value, f.indicator, f.unit) for f in list_flags(db, status="all"))


def _record(db: Path, name: str):
    with open_store(db, create=False) as store:
        return next(r for r in store.load_records() if Path(r.file).name == name)


def test_a_report_naming_no_district_is_unplaced_with_what_its_head_holds(stripped):
    record = extract_file(stripped)
    assert (record.kind.value, record.unit, record.district) == ("commune_report", None, None)
    # xã Đắk Ha of Đăk Glong (Đắk Nông) folds like xã Đăk Hà of Tu Mơ Rông
    assert record.placement == Placement(by="none", names=["XÃ ĐAK HÀ"], candidates=[
        "Tu Mơ Rông, Kon Tum", "Đăk Glong, Đắk Nông"])


def test_in_its_districts_folder_it_is_placed_there(corpus, stripped, tmp_path):
    folder = tmp_path / "tu-mo-rong"
    shutil.copytree(corpus, folder)
    shutil.copy(stripped, folder / DAK_HA)  # in place of the report that names its district
    summary = run_batch([folder], tmp_path / "b.db", workers=1)
    record = _record(tmp_path / "b.db", DAK_HA)
    assert (record.unit, record.district, record.province) == ("Đăk Hà", "Tu Mơ Rông", "Kon Tum")
    assert record.placement.by == "batch"
    assert [Path(s).name for s in record.placement.sources] == ["tu-mo-rong-2024-h1-summary.docx"]
    assert record.counts and {c.unit for c in record.counts} == {"Đăk Hà"}
    assert (summary.placed, summary.unplaced) == (1, 0)
    # the same flags as with the report that names its district: none here
    assert _flags(tmp_path / "b.db") == []
    assert run_batch([folder], tmp_path / "b.db", workers=1).reconciled is False


def test_alone_it_raises_unassigned_document_and_no_missing_unit(stripped, tmp_path):
    summary = run_batch([stripped], tmp_path / "a.db", workers=1)
    assert (summary.placed, summary.unplaced) == (0, 1)
    [flag] = list_flags(tmp_path / "a.db")
    assert (flag.rule, flag.unit, flag.documents) == (
        Rule.unassigned_document, "Đak Hà", [str(stripped)])
    assert flag.values == ["Tu Mơ Rông, Kon Tum", "Đăk Glong, Đắk Nông"]
    assert flag.message.startswith("Không xác định được huyện của báo cáo bao-cao.docx: văn "
                                   "bản chỉ ghi “XÃ ĐAK HÀ”; các huyện có đơn vị tên này:")


def test_with_district_and_province_it_is_placed(stripped, tmp_path):
    db = tmp_path / "o.db"
    out = CliRunner().invoke(cli, ["run", str(stripped), "--db", str(db), "--no-progress",
                                   "--district", "Tu Mơ Rông", "--province", "Kon Tum"])
    assert out.exit_code == 0, out.output
    assert "Báo cáo không ghi huyện: đã xác định được 1, chưa xác định được 0" in out.output
    record = _record(db, "bao-cao.docx")
    assert (record.unit, record.district, record.placement.by, record.placement.sources) == (
        "Đăk Hà", "Tu Mơ Rông", "option", ["--district Tu Mơ Rông --province Kon Tum"])
    assert Rule.unassigned_document not in {f.rule for f in list_flags(db)}


def test_a_district_without_its_commune_does_not_place_it(stripped, tmp_path):
    summary = run_batch([stripped], tmp_path / "d.db", workers=1,
                        place=option_hint("Đăk Tô", "Kon Tum"))
    assert (summary.placed, summary.unplaced) == (0, 1)
    assert [f.rule for f in list_flags(tmp_path / "d.db")] == [Rule.unassigned_document]


@pytest.mark.parametrize("args, message", [
    pytest.param(["--province", "Kon Tum"], "--province needs --district", id="province-alone"),
    pytest.param(["--district", "Nơi Nào Đó"], "Invalid value for --district: không có huyện",
                 id="unknown"),
    pytest.param(["--district", "Châu Thành"], "give --province", id="ambiguous"),
    pytest.param(["--district", "Duyên Hải", "--province", "Trà Vinh"],
                 "name its kind: huyện Duyên Hải, thị xã Duyên Hải", id="ambiguous-kind"),
])
def test_a_bad_district_option_is_a_usage_error(tmp_path, args, message):
    out = CliRunner().invoke(cli, ["run", str(tmp_path), "--db", str(tmp_path / "x.db"), *args])
    assert out.exit_code == 2 and message in out.output


def _broken(path: Path, kind: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "encrypted":
        path.write_bytes(ole2({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"x" * 600}))
    else:
        path.write_bytes(b"PK\3\4 cut off in an e-mail")
    return path


@pytest.mark.parametrize("kind", ["encrypted", "corrupt"])
def test_an_unreadable_report_named_after_its_commune_is_report_unreadable(corpus, tmp_path,
                                                                          kind):
    folder = tmp_path / "tu-mo-rong"
    shutil.copytree(corpus, folder)
    _broken(folder / DAK_HA, kind)
    summary = run_batch([folder], tmp_path / "u.db", workers=1)
    [failed] = summary.failed
    assert (Path(failed.file).name, failed.unit) == (DAK_HA, "Đăk Hà")
    [flag] = list_flags(tmp_path / "u.db")
    assert (flag.rule, flag.unit) == (Rule.missing_unit, "Đăk Hà")
    assert flag.message == ("Không đọc được báo cáo của xã Đăk Hà (huyện Tu Mơ Rông) cho 6 "
                            f"tháng đầu năm 2024 ({DAK_HA}): đề nghị xã gửi lại tệp.")
    assert flag.message_en.startswith("Report unreadable: the report of commune Đăk Hà")
    assert str(folder / DAK_HA) in flag.documents
    with open_store(tmp_path / "u.db", create=False) as store:
        [report] = store.unreadable_reports()
    assert (report.unit, report.district, report.period, report.by) == (
        "Đăk Hà", "Tu Mơ Rông", Period(year=2024, half=1), "file_name")
    # the next run keeps it beside Đăk Hà and changes nothing
    again = run_batch([folder], tmp_path / "u.db", workers=1)
    assert again.reconciled is False and again.failed[0].unit == "Đăk Hà"


def test_without_any_report_the_commune_is_no_report_received(corpus, tmp_path):
    folder = tmp_path / "tu-mo-rong"
    shutil.copytree(corpus, folder)
    (folder / DAK_HA).unlink()
    run_batch([folder], tmp_path / "n.db", workers=1)
    [flag] = list_flags(tmp_path / "n.db")
    assert flag.message.startswith("Chưa có báo cáo của xã Đăk Hà (huyện Tu Mơ Rông)")


@pytest.fixture(scope="module")
def records(corpus) -> dict[str, object]:
    return {str(p): extract_file(p) for p in sorted(corpus.glob("*.docx"))}


@pytest.mark.parametrize("path, expected", [
    pytest.param("mang-ri-2024-h1-email.docx", (Level.commune, "Măng Ri", "file_name"),
                 id="file-name"),
    pytest.param("dak-ro-ong/bao-cao.docx", (Level.commune, "Đăk Rơ Ông", "folder_name"),
                 id="folder-name"),
    pytest.param("tu-mo-rong-2024-h1-summary-2.docx", (Level.district, "Tu Mơ Rông", "file_name"),
                 id="summary"),
    pytest.param("bao-cao-moi.docx", None, id="no-name"),
])
def test_an_unreadable_file_is_put_beside_the_unit_its_name_means(records, corpus, path,
                                                                  expected):
    guess = guess_unit(str(corpus / path), records)
    got = None if guess is None else (guess.level, guess.unit, guess.by)
    assert got == expected
    if guess is not None:
        assert (guess.district, guess.period) == ("Tu Mơ Rông", Period(year=2024, half=1))


def _unplaced(records: dict, path: str, candidates: list[str]):
    record = records[next(p for p in records if p.endswith(DAK_HA))]
    return record.model_copy(update={
        "file": path, "unit": None, "district": None, "province": None,
        "counts": [], "placement": Placement(by="none", names=["XÃ ĐAK HÀ"],
                                             candidates=candidates)})


def test_the_folder_says_which_candidate_district_is_meant(records, corpus):
    both = ["Tu Mơ Rông, Kon Tum", "Đăk Glong, Đắk Nông"]
    path = str(corpus / "x.docx")
    hints = batch_hints({**records, path: _unplaced(records, path, both)})
    assert (hints[path].district, hints[path].province, hints[path].by) == (
        "Tu Mơ Rông", "Kon Tum", "batch")
    # a report of another folder, or a name no district of the folder has, stays unplaced
    other = str(corpus.parent / "khac" / "x.docx")
    assert batch_hints({**records, other: _unplaced(records, other, both)}) == {}
    assert batch_hints({**records, path: _unplaced(records, path, ["Đăk Glong, Đắk Nông"])}) \
        == {}
    # the option wins over the folder when its district is a candidate
    option = option_hint("Đăk Glong", "Đắk Nông")
    assert batch_hints({**records, path: _unplaced(records, path, both)}, option)[path] == option


def test_a_report_that_may_be_a_communes_silences_its_missing_report(records):
    from pipeline.reconcile import reconcile

    reports = [r for path, r in records.items() if not path.endswith(DAK_HA)]
    flags = reconcile(reports)
    assert [(f.rule, f.unit) for f in flags] == [(Rule.missing_unit, "Đăk Hà")]
    unplaced = _unplaced(records, str(Path(next(iter(records))).parent / "x.docx"),
                         ["Tu Mơ Rông, Kon Tum", "Đăk Glong, Đắk Nông"])
    assert [(f.rule, f.unit) for f in reconcile([*reports, unplaced])] == [
        (Rule.unassigned_document, "Đak Hà")]


def test_option_hint_names_what_is_wrong():
    with pytest.raises(InputError, match="--district: .*no such district"):
        option_hint("Nơi Nào Đó", "Kon Tum")
    assert option_hint("tu mo rong", None).district == "Tu Mơ Rông"
    # a huyện and a thị xã of one name keep their kind word, so metadata takes the right one
    assert option_hint("thị xã Duyên Hải", "Trà Vinh").district == "thị xã Duyên Hải"


def test_placement_round_trips_through_the_store(stripped, tmp_path):
    run_batch([stripped], tmp_path / "r.db", workers=1)
    with open_store(tmp_path / "r.db", create=False) as store:
        row = store.db["documents"].get(str(stripped.resolve()))
    assert row["placement_by"] == "none"
    assert json.loads(row["placement_candidates"]) == ["Tu Mơ Rông, Kon Tum",
                                                       "Đăk Glong, Đắk Nông"]
