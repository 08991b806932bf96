"""The store under other writers, read-only, from a newer or an older baocao."""
import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

import pipeline.store as store_module
from pipeline.cli import cli
from pipeline.review import decide, list_flags
from pipeline.store import SCHEMA_VERSION, open_store
from schemas.errors import StoreError
from schemas.flags import Decision, Flag, FlagEvidence
from schemas.record import Count, Evidence, Period, Record

FID = "0a1b2c3d4e5f6a7b"


def _record(file="tom-tat.docx", value=6):
    ev = Evidence(part="body", block=0, start=0, end=8, text="6 ý kiến", doc_start=0, doc_end=8)
    count = Count(id="c1", indicator="voter_petitions", value=value, level="commune",
                  unit="Đăk Sao", evidence=ev, rule="t")
    return Record(file=file, sha256="a" * 64, kind="district_summary", level="district",
                  unit="Tu Mơ Rông", district="Tu Mơ Rông", province="Kon Tum",
                  period=Period(year=2024, half=1), term=None, counts=[count]), count


def _fill(store):
    record, count = _record()
    store.write_document(1, "/d/s.docx", size=1, mtime=1.0, source_format="docx", blocks=[],
                         record=record)
    store.save_flags(1, [Flag(id=FID, rule="cross_document_mismatch", severity="error",
                              indicator="voter_petitions", level="commune", unit="Đăk Sao",
                              values=[6, 7], documents=["tom-tat.docx"], message="m",
                              message_en="m", evidence=[FlagEvidence(
                                  document="tom-tat.docx", value=6, count_id="c1",
                                  evidence=count.evidence)])])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "b.db"
    with open_store(path) as store:
        _fill(store)
    return path


def test_a_store_from_before_migration_9_keeps_its_decisions_and_gains_foreign_keys(
        tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(store_module, "_MIGRATIONS", store_module._MIGRATIONS[:8])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 8)
    with open_store(path) as store:  # made as release 7 made it
        _fill(store)
        store.db["decisions"].insert({"target_id": FID, "action": "correct", "value": 7,
                                      "reviewer": "Lan", "note": "cũ",
                                      "created": "2026-01-01T00:00:00+00:00"})
        assert store.db["counts"].foreign_keys == []
    monkeypatch.undo()
    with open_store(path) as store:
        assert [m["id"] for m in store.db["migrations"].rows][-1] == SCHEMA_VERSION
        [decision] = store.decisions(FID)
        assert (decision.action.value, decision.value, decision.state) == ("correct", 7, [6, 7])
        assert {r["id"]: r["effective_value"] for r in store.rows("counts_effective")} == {"c1": 7}
        assert [(k.column, k.other_table) for k in store.db["counts"].foreign_keys] == [
            ("doc", "documents")]
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.db.execute("DELETE FROM decisions")


def test_a_store_from_a_newer_baocao_is_refused_naming_both_versions(db):
    with open_store(db) as store:
        store.db["migrations"].insert({"id": SCHEMA_VERSION + 3, "name": "future",
                                       "applied": "2030-01-01"})
    with pytest.raises(StoreError) as err:
        open_store(db)
    assert f"schema version {SCHEMA_VERSION + 3} is newer than this baocao's " \
           f"({SCHEMA_VERSION})" in str(err.value)
    result = CliRunner().invoke(cli, ["flags", "--db", str(db)])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1


@pytest.fixture
def read_only(monkeypatch):
    # as root every file is writable: the store is told it may not write, as it is told
    # by the file's permissions for anyone else (a test below runs as another user)
    monkeypatch.setattr(store_module, "_writable", lambda path: False)


def test_a_read_only_store_is_read_and_says_so_when_asked_to_write(db, read_only, tmp_path):
    assert [f.id for f in list_flags(db, "open")] == [FID]
    runner = CliRunner()
    for args in (["flags", "--db", db], ["show", FID, "--db", db], ["history", FID, "--db", db],
                 ["export", "--db", db, "--format", "json", "--out", tmp_path / "out"]):
        assert runner.invoke(cli, [str(a) for a in args]).exit_code == 0
    result = runner.invoke(cli, ["resolve", FID, "--db", str(db), "--accept", "--note", "n",
                                 "--reviewer", "Lan"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {db}: cơ sở dữ liệu chỉ đọc (không có quyền ghi) / the store is read-only: "
        "cannot record a decision"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root to run a command as another user")
def test_a_store_another_user_may_not_write_is_read(tmp_path):
    tmp_path.chmod(0o755)
    path = tmp_path / "b.db"
    with open_store(path) as store:
        _fill(store)
    for p in tmp_path.iterdir():
        p.chmod(0o644)
    code = ("import sys; from pipeline.cli import cli; sys.argv = ['baocao'] + sys.argv[1:]; "
            "cli()")

    def as_nobody(*args):
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, user=65534, cwd=tmp_path, timeout=60)

    try:
        listed = as_nobody("flags", "--db", str(path))
    except PermissionError:
        pytest.skip("cannot switch user here")
    if "Permission denied" in listed.stderr or "ModuleNotFoundError" in listed.stderr:
        pytest.skip("the project is not readable by another user here")
    assert listed.returncode == 0, listed.stderr
    assert FID in listed.stdout
    decided = as_nobody("resolve", FID, "--db", str(path), "--accept", "--note", "n",
                        "--reviewer", "Lan")
    assert decided.returncode == 1
    assert decided.stderr.strip().endswith("the store is read-only: cannot record a decision")


def test_a_writer_waits_for_another_and_then_goes_on(db, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 5.0)
    other = sqlite3.connect(db, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.5, other.commit)
    timer.start()
    started = time.monotonic()
    decide(db, FID, "accept", note="chờ", reviewer="Lan")
    assert time.monotonic() - started >= 0.4
    timer.join()
    other.close()


def test_a_store_locked_for_long_is_one_line_not_a_traceback(db, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.3)
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli, ["resolve", FID, "--db", str(db), "--accept",
                                          "--note", "n", "--reviewer", "Lan"])
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {db}: cơ sở dữ liệu đang bị tiến trình khác ghi quá 0.3 giây / the store is "
        "locked by another process for over 0.3 s: try again when it is done"]
    with open_store(db) as store:
        assert store.decisions(FID) == []


def test_add_decision_returns_the_decision_completed(db):
    with open_store(db) as store:
        d = store.add_decision(Decision(target_id=FID, action="accept", reviewer="Lan", note="n",
                                        created="2026-01-01T00:00:00+00:00"))
    assert (d.seq, d.state, d.follows) == (1, [6, 7], None)
