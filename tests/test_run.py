"""run_batch with a stand-in extractor (JSON files named .docx) and a stand-in reconciler, so
storage, skipping, failures and flag bookkeeping are tested apart from extraction."""
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from pipeline.extract import extraction_version
from pipeline.run import find_reports, run_batch
from pipeline.run.summary import format_summary
from pipeline.store import open_store
from schemas.errors import InputError, StoreError
from schemas.flags import Flag, FlagEvidence
from schemas.record import Count, Evidence, Period, Record
from schemas.run import FailedFile, RunSummary
from schemas.source import Block, Part

INTERRUPT_AFTER: list[int] = []  # set by a test: raise KeyboardInterrupt on the n-th file


def json_extractor(path: str) -> dict:
    """Stand-in extractor: the file holds {"unit": ..., "values": {...}} as JSON."""
    raw = Path(path).read_bytes()
    if INTERRUPT_AFTER:
        INTERRUPT_AFTER[0] -= 1
        if INTERRUPT_AFTER[0] < 0:
            raise KeyboardInterrupt
    if raw.startswith(b"BOOM"):
        raise RuntimeError("extractor bug")
    if raw.startswith(b"CRASH"):
        os._exit(3)  # like a segfault in a native library: the worker process dies
    try:
        data = json.loads(raw)
    except ValueError:
        raise InputError(path, "không phải tệp Word / not a Word file") from None
    text = "; ".join(f"{k} {v}" for k, v in data["values"].items())
    counts, pos = [], 0
    for indicator, value in data["values"].items():
        piece = f"{indicator} {value}"
        ev = Evidence(part="body", block=0, start=pos, end=pos + len(piece), text=piece,
                      doc_start=pos, doc_end=pos + len(piece))
        counts.append(Count(id=f"{indicator}-{pos}", indicator=indicator, value=value,
                            level="commune", unit=data["unit"], evidence=ev, rule="json"))
        pos += len(piece) + 2
    record = Record(file=path, sha256=hashlib.sha256(raw).hexdigest(), kind="commune_report",
                    level="commune", unit=data["unit"], district="Tu Mơ Rông",
                    province="Kon Tum", period=Period(year=2024, half=1), term=None,
                    counts=counts)
    return {"record": record, "source_format": "docx", "warnings": [],
            "blocks": [Block(id=0, part=Part.body, text=text, start=0, end=len(text))]}


def big_values(records, **_):
    """Stand-in reconciler: one flag for every figure of 100 or more."""
    flags = []
    for r in records:
        for c in r.counts:
            if c.value >= 100:
                fid = hashlib.sha256(f"{r.unit}|{c.indicator.value}".encode()).hexdigest()[:16]
                flags.append(Flag(id=fid, rule="total_mismatch", severity="error",
                                  indicator=c.indicator.value, level="commune", unit=r.unit,
                                  values=[c.value], documents=[r.file],
                                  message=f"{r.unit}: {c.value} quá lớn",
                                  message_en=f"{r.unit}: {c.value} too big",
                                  evidence=[FlagEvidence(document=r.file, value=c.value,
                                                         count_id=c.id, evidence=c.evidence)]))
    return flags


def _report(path: Path, unit: str, **values) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"unit": unit, "values": values}, ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "bao cáo"
    _report(root / "đăk-sao.docx", "Đăk Sao", sessions=2, voter_petitions=6)
    _report(root / "ngọk-yêu.DOCX", "Ngọk Yêu", sessions=1, voter_petitions=140)
    _report(root / "cũ" / "tê-xăng.doc", "Tê Xăng", resolutions=3)
    (root / "ghi-chú.txt").write_text("không phải báo cáo", encoding="utf-8")
    (root / "~$đăk-sao.docx").write_bytes(b"lock")
    return root


def _run(paths, db, **kw):
    kw.setdefault("extractor", json_extractor)
    kw.setdefault("reconciler", big_values)
    kw.setdefault("workers", 1)
    return run_batch(paths, db, **kw)


def content(db: Path) -> dict:
    """Every machine and review row of the store, without run ids and timestamps."""
    volatile = {"run_id", "read_at", "first_seen_run", "last_seen_run", "gone_run", "at",
                "applied"}
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                        "AND name NOT IN ('runs', 'sqlite_sequence')")]
    out = {}
    for t in tables:
        rows = [{k: r[k] for k in r.keys() if k not in volatile}
                for r in con.execute(f'SELECT * FROM "{t}"')]
        out[t] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    con.close()
    return out


def test_find_reports_takes_word_files_only_recursively(corpus):
    _report(corpus / ".lưu" / "cũ.docx", "Đăk Sao", sessions=1)
    names = [p.name for p in find_reports([corpus, corpus / "đăk-sao.docx"])]
    assert names == ["tê-xăng.doc", "ngọk-yêu.DOCX", "đăk-sao.docx"]


def test_a_first_run_reads_stores_and_reconciles(corpus, tmp_path):
    summary = _run([corpus], tmp_path / "b.db")
    assert (summary.found, summary.read, summary.skipped, summary.failed) == (3, 3, 0, [])
    assert summary.flags_by_rule == {"total_mismatch": 1}
    assert (summary.flags_open, summary.flags_new, summary.reconciled) == (1, 1, True)
    data = content(tmp_path / "b.db")
    assert len(data["documents"]) == 3 and len(data["counts"]) == 5


def test_running_twice_changes_nothing_and_skips_everything(corpus, tmp_path):
    db = tmp_path / "b.db"
    _run([corpus], db)
    before = content(db)
    again = _run([corpus], db, reconciler=None)  # not even imported when nothing changed
    assert (again.read, again.skipped, again.reconciled) == (0, 3, False)
    assert again.flags_by_rule == {"total_mismatch": 1}
    assert content(db) == before


def test_a_changed_file_replaces_its_rows_and_a_gone_conflict_is_marked(corpus, tmp_path):
    db = tmp_path / "b.db"
    _run([corpus], db)
    _report(corpus / "ngọk-yêu.DOCX", "Ngọk Yêu", sessions=1, voter_petitions=14)
    summary = _run([corpus], db)
    assert (summary.read, summary.skipped, summary.flags_gone) == (1, 2, 1)
    assert summary.flags_by_rule == {}
    data = content(db)
    assert sorted(c["value"] for c in data["counts"]) == [1, 2, 3, 6, 14]
    assert [f["status"] for f in data["flags"]] == ["gone"]


def test_a_bad_file_is_recorded_and_the_batch_goes_on(corpus, tmp_path, capsys):
    (corpus / "hỏng.docx").write_bytes(b"PK\x03\x04 not really")
    (corpus / "lỗi.doc").write_bytes(b"BOOM")
    summary = _run([corpus], tmp_path / "b.db")
    assert summary.read == 3
    assert [(Path(f.file).name, f.reason) for f in summary.failed] == [
        ("hỏng.docx", "không phải tệp Word / not a Word file"),
        ("lỗi.doc", "RuntimeError: extractor bug")]
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: extractor bug" in err
    data = content(tmp_path / "b.db")
    assert sorted(e["reason"] for e in data["errors"]) == [
        "RuntimeError: extractor bug", "không phải tệp Word / not a Word file"]


def test_a_file_that_vanishes_while_scanning_is_reported(corpus, tmp_path, monkeypatch):
    import pipeline.run as run

    real = run._hash

    def vanishing(path):
        if path.name == "đăk-sao.docx":
            raise FileNotFoundError(2, "No such file or directory")
        return real(path)

    db = tmp_path / "b.db"
    _run([corpus], db)
    _report(corpus / "đăk-sao.docx", "Đăk Sao", sessions=3)  # changed, then unreadable
    monkeypatch.setattr(run, "_hash", vanishing)
    summary = _run([corpus], db)
    assert (summary.found, summary.read, summary.removed) == (3, 0, 0)
    assert content(db)["errors"][0]["reason"].startswith("không mở được tệp")
    assert [(Path(f.file).name, f.reason) for f in summary.failed] == [
        ("đăk-sao.docx", "không mở được tệp / cannot open the file (No such file or directory)")]


def test_a_failed_file_is_tried_again_and_its_error_cleared_once_fixed(corpus, tmp_path):
    db = tmp_path / "b.db"
    bad = corpus / "hỏng.docx"
    bad.write_bytes(b"PK not really")
    assert len(_run([corpus], db).failed) == 1
    again = _run([corpus], db)  # tried again; failing the same way changes no record
    assert (len(again.failed), again.reconciled) == (1, False)
    _report(bad, "Văn Xuôi", sessions=1)
    summary = _run([corpus], db)
    assert (summary.read, summary.failed) == (1, [])
    assert content(db)["errors"] == []


def test_a_file_removed_from_the_folder_leaves_the_store(corpus, tmp_path):
    db = tmp_path / "b.db"
    _run([corpus], db)
    (corpus / "ngọk-yêu.DOCX").unlink()
    summary = _run([corpus], db)
    assert (summary.removed, summary.found, summary.flags_gone) == (1, 2, 1)
    assert len(content(db)["documents"]) == 2


def test_an_interrupted_run_is_finished_by_the_next_one(corpus, tmp_path):
    clean = tmp_path / "clean.db"
    _run([corpus], clean)
    db = tmp_path / "b.db"
    INTERRUPT_AFTER.append(1)  # the second file interrupts the run, like Ctrl-C
    try:
        with pytest.raises(KeyboardInterrupt):
            _run([corpus], db)
    finally:
        INTERRUPT_AFTER.clear()
    assert len(content(db)["documents"]) == 1
    summary = _run([corpus], db)
    assert (summary.read, summary.skipped) == (2, 1)
    assert content(db) == content(clean)


def test_a_run_killed_while_reconciling_is_reconciled_by_the_next(corpus, tmp_path):
    db = tmp_path / "b.db"
    _run([corpus], db)
    _report(corpus / "ngọk-yêu.DOCX", "Ngọk Yêu", sessions=1, voter_petitions=14)

    def interrupted(records, **_):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run([corpus], db, reconciler=interrupted)
    summary = _run([corpus], db)  # the changed file is stored already: nothing to read
    assert (summary.read, summary.reconciled, summary.flags_gone) == (0, True, 1)
    assert summary.flags_by_rule == {}


def test_extraction_in_worker_processes_stores_the_same(corpus, tmp_path):
    for name in ("Văn Xuôi", "Tu Mơ Rông"):
        _report(corpus / f"{name}.docx", name, sessions=1, voter_petitions=200)
    (corpus / "lỗi.doc").write_bytes(b"BOOM")
    _run([corpus], tmp_path / "one.db")
    summary = _run([corpus], tmp_path / "two.db", workers=2)
    assert (summary.read, len(summary.failed)) == (5, 1)
    assert content(tmp_path / "two.db") == content(tmp_path / "one.db")


@pytest.mark.parametrize("first_run", [True, False])
def test_the_reconciler_sees_the_records_the_store_holds(corpus, tmp_path, first_run):
    # a first run hands over the records it just wrote instead of reading them back: they
    # must be the stored ones, in path order, failures left out
    (corpus / "lỗi.doc").write_bytes(b"BOOM")
    db = tmp_path / "b.db"
    if not first_run:
        _run([corpus / "đăk-sao.docx"], db)
        _report(corpus / "đăk-sao.docx", "Đăk Sao", sessions=5)  # changed since
    seen = []
    _run([corpus], db, reconciler=lambda records, **_: seen.extend(records) or [], workers=2)
    with open_store(db) as store:
        assert seen == store.load_records()
    assert [r.file for r in seen] == sorted(r.file for r in seen)
    assert {r.unit for r in seen} == {"Tê Xăng", "Đăk Sao", "Ngọk Yêu"}


def test_a_worker_that_dies_fails_only_its_own_file(corpus, tmp_path):
    for i in range(6):
        _report(corpus / f"xã-{i}.docx", f"Xã {i}", sessions=i)
    (corpus / "xã-2.docx").write_bytes(b"CRASH")
    summary = _run([corpus], tmp_path / "b.db", workers=2)
    assert (summary.read, [Path(f.file).name for f in summary.failed]) == (8, ["xã-2.docx"])
    assert summary.failed[0].reason == ("tiến trình đọc tệp bị dừng đột ngột / the worker "
                                        "process died while reading this file")


def test_a_database_that_cannot_be_opened_stops_the_job(corpus, tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match="dir.db: không mở được cơ sở dữ liệu / cannot open"):
        _run([corpus], tmp_path / "dir.db")


@pytest.mark.parametrize("lang, lines", [
    ("vi", ["Đã đọc 3 tệp; bỏ qua (không thay đổi) 0; lỗi 1; đã gỡ (không còn tệp) 0.",
            "  lỗi  {bad}: không phải tệp Word / not a Word file",
            "Cờ theo quy tắc: total_mismatch 1.",
            "Tổng 1 cờ: 1 chưa xử lý, 1 mới, 0 đã hết trong lần này."]),
    ("en", ["Read 3 file(s); skipped as unchanged 0; failed 1; removed (file gone) 0.",
            "  failed  {bad}: không phải tệp Word / not a Word file",
            "Flags by rule: total_mismatch 1.",
            "1 flag(s): 1 open, 1 new, 0 gone in this run."]),
])
def test_the_summary_lists_counts_failures_and_flags(corpus, tmp_path, lang, lines):
    bad = corpus / "hỏng.docx"
    bad.write_bytes(b"x")
    db = tmp_path / "b.db"
    text = format_summary(_run([corpus], db), lang).splitlines()
    assert text[1:5] == [line.format(bad=bad) for line in lines]
    assert text[0] in (f"Cơ sở dữ liệu: {db} (lần chạy 1)", f"Database: {db} (run 1)")


def _seed_copies(seed: Path, folder: Path, n: int) -> None:
    """Write n different reports: the seed with one numbered paragraph added to each."""
    from docx import Document

    folder.mkdir()
    for i in range(n):
        doc = Document(str(seed))
        doc.add_paragraph(f"Bản sao số {i} để thử.")
        doc.save(str(folder / f"ban-sao-{i:03}.docx"))


def _stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents WHERE status = 'ok'"
                               ).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # not created yet, or tables not there yet
        return 0


def test_a_run_killed_half_way_is_finished_by_the_next_run(seed_docx, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    baocao = str(Path(sys.executable).parent / "baocao")
    folder, n = tmp_path / "in", 24
    _seed_copies(seed_docx, folder, n)
    clean = tmp_path / "clean.db"
    subprocess.run([baocao, "run", str(folder), "--db", str(clean), "--workers", "2"],
                   check=True, capture_output=True)
    assert _stored(clean) == n
    db = tmp_path / "killed.db"
    # its own session, so the kill reaches its worker processes too
    proc = subprocess.Popen([baocao, "run", str(folder), "--db", str(db), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while _stored(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 2 <= _stored(db) < n  # killed in the middle, after some documents were committed
    again = subprocess.run([baocao, "run", str(folder), "--db", str(db), "--workers", "2"],
                           check=True, capture_output=True, text=True)
    assert "Đã đọc " in again.stdout
    assert content(db) == content(clean)


@pytest.mark.parametrize("progress", [True, False])
def test_progress_goes_to_stderr_never_to_the_summary(corpus, tmp_path, capsys, progress):
    summary = _run([corpus], tmp_path / "b.db", progress=progress)
    out, err = capsys.readouterr()
    assert summary.read == 3 and out == ""
    if not progress:
        assert err.splitlines()[0] == f"[1/3] {corpus / 'cũ' / 'tê-xăng.doc'} ok"


@pytest.mark.parametrize("model", [
    RunSummary(run_id=3, db="b.db", found=2, read=1, skipped=0,
               failed=[FailedFile(file="hỏng.docx", reason="tệp rỗng / empty file")],
               flags_by_rule={"missing_unit": 2}, stages={"scan": 0.1}),
    FailedFile(file="a.doc", reason="x"),
])
def test_run_models_round_trip_through_json(model):
    assert type(model).model_validate_json(model.model_dump_json()) == model


def test_the_summary_tells_the_work_of_each_stage(seed_docx, tmp_path):
    summary = run_batch([seed_docx], tmp_path / "s.db", workers=1)
    assert set(summary.work) == {"read", "metadata", "segment", "rules", "facts", "readings",
                                 "store"}
    assert all(v > 0 for v in summary.work.values())
    assert "Work per stage (CPU seconds, all processes): read " in format_summary(summary, "en")


def test_a_record_made_by_another_version_of_the_extractors_is_read_again(tmp_path):
    import shutil

    samples = Path(__file__).resolve().parent.parent / "samples"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("dak-sao-2024-h1.docx", "dak-na-2024-h1.docx"):
        shutil.copy(samples / name, folder / name)
    db = tmp_path / "b.db"
    assert run_batch([folder], db, workers=1).read == 2
    with sqlite3.connect(db) as conn:  # as if an older baocao had stored Đăk Sao
        conn.execute("UPDATE documents SET extractor_version = 'older' "
                     "WHERE file LIKE '%dak-sao%'")
    again = run_batch([folder], db, workers=1)
    assert (again.read, again.skipped) == (1, 1)
    third = run_batch([folder], db, workers=1)
    assert (third.read, third.skipped, third.reconciled) == (0, 2, False)
    with open_store(db) as store:
        assert set(store.stored_versions().values()) == {extraction_version()}


def test_a_run_keeps_the_unread_numbers_of_each_document(seed_docx, unread_docx, tmp_path):
    # the review page lists a document's unread numbers from the `unread` table
    summary = run_batch([seed_docx, unread_docx], tmp_path / "u.db", workers=1)
    assert (summary.unread, summary.unread_documents, summary.activity_unread) == (1, 1, 1)
    con = sqlite3.connect(tmp_path / "u.db")
    rows = con.execute("SELECT doc, seq, text, evidence_block, reason FROM unread "
                       "ORDER BY doc, seq").fetchall()
    con.close()
    assert [r[:4] for r in rows] == [(str(unread_docx.resolve()), 0, "17", 6)]
    assert rows[0][4].startswith("không phải số liệu")
    assert "Số chưa đọc được: 1 trong 1 văn bản" in format_summary(summary)
