"""Decisions per kind of flag on the samples: each fitting decision changes the cleaned data
(counts, facts, aggregates, references, documents, the export); a decision that does not fit
is refused; undo, stale decisions, states, document decisions."""
import csv
import json
import shutil
import sqlite3

import pytest

from pipeline.export import export_dataset
from pipeline.review import decide, decide_document, history, list_flags
from pipeline.run import run_batch
from pipeline.store import open_store
from schemas.errors import DecisionError, InputError
from tests.conftest import SAMPLES_2024

KEEP = "theo biên bản"


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


def flag_of(db, rule, indicator=None):
    return next(f for f in list_flags(db, "all") if f.rule.value == rule
                and (indicator is None or f.indicator == indicator))


def rows(db, view):
    with open_store(db) as store:
        return store.rows(view)


def counts(db):
    return {(r["file"].rsplit("/", 1)[-1], r["evidence_text"]): r["effective_value"]
            for r in rows(db, "counts_effective")}


def exported(db, tmp_path, table):
    out = tmp_path / "export"
    export_dataset(db, "csv", out)
    with (out / f"{table}.csv").open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_the_samples_raise_one_flag_of_each_kind_reviewed_here(samples_db):
    assert sorted(f.rule.value for f in list_flags(samples_db, "all")) == [
        "cross_document_mismatch", "duplicate_submission", "missing_unit", "missing_unit",
        "reference_conflict", "repeated_mismatch", "section_gap", "total_mismatch"]


@pytest.mark.parametrize("item, changed", [
    pytest.param(None, ("dak-ha-2024-h1.docx", "05 chuyên đề"), id="the-total"),
    pytest.param(4, ("dak-ha-2024-h1.docx", "02 chuyên đề"), id="one-part"),
])
def test_a_total_or_a_part_is_corrected_and_says_which(db, item, changed):
    flag = flag_of(db, "total_mismatch")
    before = counts(db)
    decision = decide(db, flag.id, "correct", value=9, item=item, note=KEEP, reviewer="Lan")
    after = counts(db)
    assert [k for k in before if before[k] != after[k]] == [changed]
    assert after[changed] == 9
    words = history(db, flag.id)
    assert decision.count_id == next(e.count_id for e in flag.evidence
                                     if e.evidence.text == changed[1])
    assert ("tổng" if item is None else "phần [4]") in \
        __import__("pipeline.review.actions", fromlist=["describe"]).describe(
            words.decisions[0], flag)[0]


@pytest.mark.parametrize("rule, choice, file, text", [
    pytest.param("repeated_mismatch", "5", "ngok-yeu-2024-h1.docx", "04 đợt TXCT", id="repeated"),
    pytest.param("cross_document_mismatch", "11", "tu-mo-rong-2024-h1-summary.docx",
                 "xã Văn Xuôi: 12 ý kiến, kiến nghị", id="cross-document"),
])
def test_one_figure_of_two_is_chosen_for_every_statement_of_the_fact(db, tmp_path, rule,
                                                                      choice, file, text):
    flag = flag_of(db, rule)
    decide(db, flag.id, "choose", choice=choice, note=KEEP, reviewer="Lan")
    assert counts(db)[(file, text)] == int(choice)
    facts = [f for f in rows(db, "facts") if f["indicator"] == flag.indicator
             and f["unit"] == flag.unit and f["level"] == "commune" and f["scope"] == "unit"
             and f["qualifiers_phase"] is None and f["qualifiers_kind"] is None]
    assert {(f["value"], f["disputed"]) for f in facts} == {(int(choice), 0)}
    exported_counts = exported(db, tmp_path, "counts")
    assert {r["effective_value"] for r in exported_counts
            if r["file"].endswith(file) and r["evidence_text"] == text} == {choice}


def test_a_new_figure_typed_replaces_both_statements(db):
    flag = flag_of(db, "repeated_mismatch")
    decide(db, flag.id, "correct", value=6, note=KEEP, reviewer="Lan")
    assert {counts(db)[("ngok-yeu-2024-h1.docx", t)] for t in ("04 đợt TXCT", "05 buổi TXCT")} \
        == {6}


def test_choosing_the_summary_figure_changes_the_aggregates(db):
    flag = flag_of(db, "cross_document_mismatch")

    def summary_sum():
        return {r["summary_list_sum"] for r in rows(db, "aggregates")
                if r["indicator"] == "voter_petitions" and r["qualifiers_phase"] is None}

    before = summary_sum()
    decide(db, flag.id, "choose", choice="11", note=KEEP, reviewer="Lan")
    assert {s - 1 for s in before} == summary_sum()


def test_the_official_report_of_a_duplicate_leaves_the_other_out_but_in_the_store(db, tmp_path):
    flag = flag_of(db, "duplicate_submission")
    decide(db, flag.id, "choose_document", document="dak-sao-2024-h1.docx", note=KEEP,
           reviewer="Lan")
    effective = {r["file"].rsplit("/", 1)[-1]: r["superseded"]
                 for r in rows(db, "documents_effective")}
    assert effective["dak-sao-2024-h1-v2.docx"] == 1
    assert effective["dak-sao-2024-h1.docx"] == 0
    assert not [r for r in rows(db, "counts_effective") if r["file"].endswith("-v2.docx")]
    assert [r for r in rows(db, "counts") if r["doc"].endswith("-v2.docx")]  # kept
    assert not [r for r in exported(db, tmp_path, "counts") if r["file"].endswith("-v2.docx")]
    assert not [r for r in exported(db, tmp_path, "facts") if "-v2.docx" in r["sources"]]
    assert not [r for r in rows(db, "aggregates") if "-v2.docx" in (r["files"] or "")]
    documents = {r["file"].rsplit("/", 1)[-1]: r for r in exported(db, tmp_path, "documents")}
    assert documents["dak-sao-2024-h1-v2.docx"]["superseded"] == "1"
    # the next run reconciles without the superseded report: the duplicate is gone, its
    # decision kept
    with open_store(db) as store:
        files = [r.file for r in store.load_records()]
    assert not [f for f in files if f.endswith("dak-sao-2024-h1-v2.docx")]
    run_batch(SAMPLES_2024, db, workers=1)
    assert flag_of(db, "duplicate_submission").status.value == "gone"
    assert [d.action.value for d in history(db, flag.id).decisions] == ["choose_document"]


@pytest.mark.parametrize("reason", ["none", "merged", "not_due"])
def test_a_commune_marked_not_expected_is_counted_so_in_the_aggregates(db, reason):
    flag = flag_of(db, "missing_unit", "sessions")

    def not_expected():
        return {r["communes_not_expected"] for r in rows(db, "aggregates")
                if r["indicator"] == "sessions"}

    assert not_expected() == {0}
    decide(db, flag.id, "not_expected", reason=reason, note=KEEP, reviewer="Lan")
    assert not_expected() == {1}
    [row] = rows(db, "units_not_expected")
    assert (row["unit"], row["indicator"], row["reason"], row["year"], row["half"]) == (
        "Măng Ri", "sessions", reason, 2024, 1)


def test_a_reference_s_right_date_is_chosen_and_exported(db, tmp_path):
    flag = flag_of(db, "reference_conflict")
    decide(db, flag.id, "choose", choice="2024-05-22", note=KEEP, reviewer="Lan")
    refs = {r["file"].rsplit("/", 1)[-1]: r["effective_date"]
            for r in exported(db, tmp_path, "references") if r["number"] == "8"}
    assert refs["dak-to-kan-2024-h1.docx"] == "2024-05-22"
    assert set(refs.values()) == {"2024-05-22"}


@pytest.mark.parametrize("rule, action, kwargs", [
    pytest.param("section_gap", "correct", {"value": 3}, id="section_gap-correct"),
    pytest.param("missing_unit", "correct", {"value": 1}, id="missing_unit-correct"),
    pytest.param("missing_unit", "assign_document", {"document": "dak-ha-2024-h1.docx"},
                 id="missing-from-a-list-assign"),
    pytest.param("reference_conflict", "correct", {"value": 22}, id="reference-correct"),
    pytest.param("reference_conflict", "choose", {"choice": "2024-05-23"},
                 id="reference-date-not-cited"),
    pytest.param("duplicate_submission", "choose", {"choice": "6"}, id="duplicate-choose"),
    pytest.param("duplicate_submission", "choose_document",
                 {"document": "van-xuoi-2024-h1.docx"}, id="duplicate-other-document"),
    pytest.param("total_mismatch", "choose_document", {"document": "dak-ha-2024-h1.docx"},
                 id="total-choose-document"),
    pytest.param("repeated_mismatch", "choose", {"choice": "7"}, id="repeated-value-not-stated"),
    pytest.param("cross_document_mismatch", "not_expected", {"reason": "merged"},
                 id="cross-not-expected"),
    pytest.param("section_gap", "undo", {}, id="undo-without-decision"),
])
def test_a_decision_that_does_not_fit_the_flag_is_refused(db, rule, action, kwargs):
    flag = flag_of(db, rule)
    with pytest.raises(DecisionError) as err:
        decide(db, flag.id, action, note=KEEP, reviewer="Lan", **kwargs)
    assert str(err.value).startswith(f"cờ {flag.id}: ")
    assert history(db, flag.id).decisions == []


def test_undo_restores_the_decision_before_and_deletes_nothing(db):
    flag = flag_of(db, "repeated_mismatch")
    decide(db, flag.id, "choose", choice="4", note="a", reviewer="Lan")
    decide(db, flag.id, "choose", choice="5", note="b", reviewer="Hùng")
    assert counts(db)[("ngok-yeu-2024-h1.docx", "04 đợt TXCT")] == 5
    decide(db, flag.id, "undo", note="nhầm", reviewer="Hùng")
    assert counts(db)[("ngok-yeu-2024-h1.docx", "04 đợt TXCT")] == 4
    h = history(db, flag.id)
    assert [d.action.value for d in h.decisions] == ["choose", "choose", "undo"]
    assert h.in_force == h.decisions[0].seq
    decide(db, flag.id, "undo", note="làm lại", reviewer="Hùng")  # undo of the undo
    assert counts(db)[("ngok-yeu-2024-h1.docx", "04 đợt TXCT")] == 5
    assert len(history(db, flag.id).decisions) == 4


def test_undoing_the_first_decision_reopens_the_flag(db):
    flag = flag_of(db, "repeated_mismatch")
    decide(db, flag.id, "choose", choice="5", note="a", reviewer="Lan")
    decide(db, flag.id, "undo", note="chưa chắc", reviewer="Lan")
    assert flag_of(db, "repeated_mismatch").status.value == "open"
    assert counts(db)[("ngok-yeu-2024-h1.docx", "04 đợt TXCT")] == 4


def test_undoing_the_official_report_restores_the_superseded_one(db):
    flag = flag_of(db, "duplicate_submission")
    decide(db, flag.id, "choose_document", document="dak-sao-2024-h1.docx", note=KEEP,
           reviewer="Lan")
    decide(db, flag.id, "undo", note="nhầm bản", reviewer="Lan")
    assert {r["superseded"] for r in rows(db, "documents_effective")} == {0}
    assert [r["action"] for r in rows(db, "document_decisions")] == ["supersede", "undo"]


def test_a_decision_on_an_older_state_is_refused_with_the_state_now(db):
    flag = flag_of(db, "cross_document_mismatch")
    seen = history(db, flag.id).state
    decide(db, flag.id, "choose", choice="11", note="a", reviewer="Lan", state=seen)
    with pytest.raises(DecisionError) as err:
        decide(db, flag.id, "choose", choice="12", note="b", reviewer="Hùng", state=seen)
    assert err.value.stale
    assert "giá trị nay là [11, 12]" in err.value.current and "Lan" in err.value.current
    assert [d.reviewer for d in history(db, flag.id).decisions] == ["Lan"]


def test_a_changed_figure_reopens_its_decided_flag_and_nothing_applies_to_it(db):
    flag = flag_of(db, "cross_document_mismatch")  # [11, 12]
    decide(db, flag.id, "choose", choice="11", note=KEEP, reviewer="Lan")
    assert counts(db)[("tu-mo-rong-2024-h1-summary.docx", "xã Văn Xuôi: 12 ý kiến, kiến nghị")] \
        == 11
    retyped = flag.model_copy(update={"values": [11, 15]})  # the summary now says 15
    with open_store(db) as store:
        store.save_flags(9, [f for f in list_flags(db, "all") if f.id != flag.id] + [retyped])
    again = flag_of(db, "cross_document_mismatch")
    assert again.status.value == "open"
    h = history(db, flag.id)
    assert h.stale and h.decisions[0].state == [11, 12]
    assert counts(db)[("tu-mo-rong-2024-h1-summary.docx", "xã Văn Xuôi: 12 ý kiến, kiến nghị")] \
        == 12  # the correction was for other figures: not applied


def test_empty_or_odd_notes_and_names_are_refused_as_the_page_refuses_them(db):
    flag = flag_of(db, "section_gap")
    for note, reviewer in (("  ", "Lan"), ("ok", ""), ("a\x00b", "Lan"), ("\udcff", "Lan")):
        with pytest.raises(InputError):
            decide(db, flag.id, "accept", note=note, reviewer=reviewer)
    assert history(db, flag.id).decisions == []


def test_a_document_assigned_by_hand_places_its_figures(db):
    decide_document(db, "van-xuoi-2024-h1.docx", "assign", unit="Dak Sao", district="Tu Mo Rong",
                    note="nhầm tên xã trên tiêu đề", reviewer="Lan")
    units = {r["effective_unit"] for r in rows(db, "counts_effective")
             if r["file"].endswith("van-xuoi-2024-h1.docx") and r["level"] == "commune"
             and r["scope"] == "unit"}
    assert units == {"Đăk Sao"}
    with open_store(db) as store:
        record = next(r for r in store.load_records() if r.file.endswith("van-xuoi-2024-h1.docx"))
    assert (record.unit, record.district) == ("Đăk Sao", "Tu Mơ Rông")
    with pytest.raises(InputError, match="không phải xã của huyện"):
        decide_document(db, "van-xuoi-2024-h1.docx", "assign", unit="Hà Nội",
                        note="x", reviewer="Lan")


def test_a_document_superseded_by_hand_is_left_out_then_restored(db):
    decide_document(db, "ngok-lay-2024-h1.docx", "supersede", note="bản nháp", reviewer="Lan")
    assert not [r for r in rows(db, "counts_effective") if r["file"].endswith("ngok-lay-2024-h1.docx")]
    with pytest.raises(DecisionError, match="already"):
        decide_document(db, "ngok-lay-2024-h1.docx", "supersede", note="x", reviewer="Lan")
    decide_document(db, "ngok-lay-2024-h1.docx", "undo", note="nhầm", reviewer="Lan")
    assert [r for r in rows(db, "counts_effective") if r["file"].endswith("ngok-lay-2024-h1.docx")]


def test_a_document_form_made_before_another_decision_is_refused(db):
    first = decide_document(db, "ngok-lay-2024-h1.docx", "supersede", note="a", reviewer="Lan",
                            follows=None, check_follows=True)
    with pytest.raises(DecisionError) as err:
        decide_document(db, "ngok-lay-2024-h1.docx", "restore", note="b", reviewer="Hùng",
                        follows=None, check_follows=True)
    assert err.value.stale
    decide_document(db, "ngok-lay-2024-h1.docx", "restore", note="b", reviewer="Hùng",
                    follows=first.seq, check_follows=True)


def test_decisions_stay_append_only(db):
    flag = flag_of(db, "section_gap")
    decide(db, flag.id, "reject", note=KEEP, reviewer="Lan")
    decide_document(db, "ngok-lay-2024-h1.docx", "supersede", note="a", reviewer="Lan")
    with open_store(db) as store:
        for table in ("decisions", "document_decisions"):
            for sql in (f"UPDATE {table} SET note = 'x'", f"DELETE FROM {table}"):
                with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                    store.db.execute(sql)


def test_the_store_declares_its_foreign_keys_and_keeps_them(db):
    with open_store(db) as store:
        keys = {t: {(k.column, k.other_table) for k in store.db[t].foreign_keys}
                for t in ("blocks", "counts", "references", "units", "dates", "sections",
                          "unread", "decisions", "flag_counts", "document_decisions")}
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert keys["decisions"] == {("target_id", "flags")}
    assert keys["flag_counts"] == {("flag_id", "flags")}
    assert all(keys[t] == {("doc", "documents")} for t in ("blocks", "counts", "references",
                                                            "units", "dates", "sections",
                                                            "unread"))


def test_flag_json_carries_district_and_period(db):
    data = json.loads(json.dumps([f.model_dump(mode="json") for f in list_flags(db, "all")]))
    assert {(f["district"], json.dumps(f["period"])) for f in data} == {
        ("Tu Mơ Rông", '{"year": 2024, "half": 1}')}


def test_an_unassigned_document_is_assigned_to_a_commune_and_the_flag_goes(tmp_path):
    from pipeline.reconcile import reconcile
    from schemas.record import Count, Evidence, Period, Placement, Record

    ev = Evidence(part="body", block=0, start=0, end=9, text="06 kỳ họp", doc_start=0,
                  doc_end=9)
    record = Record(file="bao-cao.docx", sha256="d" * 64, kind="commune_report",
                    level="commune", unit=None, district=None, province=None,
                    period=Period(year=2024, half=1), term=None,
                    placement=Placement(by="none", names=["xã Đăk Sao"],
                                        candidates=["Tu Mơ Rông, Kon Tum"]),
                    counts=[Count(id="c1", indicator="sessions", value=6, level="commune",
                                  unit="", evidence=ev, rule="t")])
    db = tmp_path / "u.db"
    with open_store(db) as store:
        store.write_document(1, "/d/bao-cao.docx", size=1, mtime=1.0, source_format="docx",
                             blocks=[], record=record)
        store.save_flags(1, reconcile(store.load_records()))
    flag = flag_of(db, "unassigned_document")
    with pytest.raises(DecisionError):
        decide(db, flag.id, "correct", value=6, note=KEEP, reviewer="Lan")
    decide(db, flag.id, "assign_unit", unit="Đăk Sao", district="Tu Mơ Rông", note=KEEP,
           reviewer="Lan")
    assert flag_of(db, "unassigned_document").status.value == "resolved"
    [count] = rows(db, "counts_effective")
    assert (count["effective_unit"], count["district"]) == ("Đăk Sao", "Tu Mơ Rông")
    with open_store(db) as store:
        store.save_flags(2, reconcile(store.load_records()))
    assert flag_of(db, "unassigned_document").status.value == "gone"
