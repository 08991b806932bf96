import hashlib
import sqlite3

import pytest

from pipeline.store import open_store
from pipeline.store.rows import flatten, unflatten
from schemas.errors import StoreError
from schemas.flags import Decision, Flag, FlagEvidence
from schemas.record import (
    Count,
    DateMention,
    Evidence,
    Period,
    Qualifiers,
    Record,
    Reference,
    Section,
    UnitMention,
    Unread,
)
from schemas.source import Block, NoteRef, Part

NOTE = "Xã Đăk Sao 6 ý kiến; xã Ngọk Yêu 4 ý kiến"


def _ev(start=0, end=10, block=1):
    return Evidence(part="footnote", footnote=5, block=block, start=start, end=end,
                    text=NOTE[start:end], doc_start=20 + start, doc_end=20 + end)


def _blocks():
    return [Block(id=0, part=Part.body, text="II. KẾT QUẢ: có 10 ý kiến[^5]", start=0, end=19,
                  label="II", refs=(NoteRef(kind=Part.footnote, note=5, offset=19),)),
            Block(id=1, part=Part.footnote, text=NOTE, start=20, end=20 + len(NOTE), note=5,
                  anchor_block=0, anchor_offset=19)]


def _count(cid, value, unit="Đăk Sao", level="commune", **kw):
    return Count(id=cid, indicator=kw.pop("indicator", "voter_petitions"), value=value,
                 level=level, unit=unit, evidence=kw.pop("evidence", _ev()), rule="test", **kw)


def _record(file="tom-tat.docx", counts=None, **kw):
    return Record(file=file, sha256=hashlib.sha256(file.encode()).hexdigest(),
                  kind=kw.pop("kind", "district_summary"), level="district", unit="Tu Mơ Rông",
                  district="Tu Mơ Rông", province="Kon Tum", period=Period(year=2024, half=1),
                  term="2021-2026", counts=counts if counts is not None else [
                      _count("c1", 6, qualifiers=Qualifiers(phase="after_session", session=7),
                             list_id="fn5:voter_petitions", total_id="t1"),
                      _count("c2", 4, unit="Ngọk Yêu", evidence=_ev(21, 41))], **kw)


FULL = _record(references=[Reference(type="TB", number=29, issuer="TTHĐND", date="2024-06-24",
                                     year=2024, evidence=_ev())],
               units=[UnitMention(name="Đăk Sao", level="commune", code="23.1", evidence=_ev())],
               sections=[Section(label="I", block=0), Section(label="II", block=1)],
               dates=[DateMention(date="2024-03-01", claimed_in_period=True, evidence=_ev())],
               unread=[Unread(text="4", reason="không phải số liệu, không thuộc loại số nào đã "
                                               "biết, trước «ý kiến» / no count and no known "
                                               "kind of number, before «ý kiến»",
                              evidence=_ev(34, 35))],
               readings={"activity": {"count": 2, "unread": 1}, "head": {"year": 1}})


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "b.db") as s:
        yield s


def _flag(fid, unit="Đăk Sao", values=(6, 7), count_ids=("c1",), file="tom-tat.docx"):
    return Flag(id=fid, rule="cross_document_mismatch", severity="error",
                indicator="voter_petitions", level="commune", unit=unit, values=list(values),
                documents=[file], message=f"{unit} khác nhau", message_en=f"{unit} differs",
                evidence=[FlagEvidence(document=file, value=v, count_id=c, evidence=_ev())
                          for v, c in zip(values, count_ids)])


@pytest.mark.parametrize("record", [FULL, _record(counts=[]), _record(file="xã/đăk-sao.doc")])
def test_a_written_record_loads_back_equal(store, record):
    store.write_document(1, "/d/" + record.file, size=10, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=record)
    assert store.load_records() == [record]


@pytest.mark.parametrize("model, data", [
    (Count, _count("c1", 6, body="committees", qualifiers=Qualifiers(kind="thematic"))),
    (Block, _blocks()[0]),
    (DateMention, FULL.dates[0]),
])
def test_flatten_round_trips_nested_and_list_fields(model, data):
    row = flatten(model, data.model_dump(mode="json"))
    assert all(not isinstance(v, (dict, list)) for v in row.values())
    assert model.model_validate(unflatten(model, row)) == data


def test_rewriting_a_document_replaces_its_rows(store):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    smaller = _record(counts=[_count("c9", 5)])
    store.write_document(2, "/d/a.docx", size=1, mtime=2.0, source_format="docx",
                         blocks=_blocks()[:1], record=smaller)
    assert store.load_records() == [smaller]
    assert [r["id"] for r in store.db["counts"].rows] == ["c9"]
    assert store.db["blocks"].count == 1
    assert store.db["references"].count == 0


def test_a_failure_removes_the_old_rows_and_keeps_the_reason(store):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    store.write_failure(2, "/d/a.docx", file="a.docx", sha256="f" * 64, size=1, mtime=2.0,
                        reason="a.docx: không phải tệp Word / not a Word file")
    assert store.load_records() == []
    assert store.db["counts"].count == 0
    doc = store.db["documents"].get("/d/a.docx")
    assert (doc["status"], doc["error"]) == ("failed", "a.docx: không phải tệp Word / not a "
                                                       "Word file")
    assert store.stored_hashes() == {}


def test_a_write_that_fails_half_way_leaves_the_old_rows(store, monkeypatch):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    before = list(store.db["counts"].rows)

    insert = store._insert

    def broken(table, rows):
        if table == "counts":
            raise sqlite3.OperationalError("disk I/O error")
        insert(table, rows)

    monkeypatch.setattr(store, "_insert", broken)
    with pytest.raises(StoreError, match="disk I/O error"):
        store.write_document(2, "/d/a.docx", size=1, mtime=2.0, source_format="docx",
                             blocks=[], record=_record(counts=[_count("c9", 5)]))
    assert list(store.db["counts"].rows) == before
    assert store.load_records() == [FULL]


def test_a_row_with_a_new_column_adds_the_column(store):
    store.write_document(1, "/d/a", size=1, mtime=1.0, source_format="docx", blocks=[],
                         record=_record(counts=[]))
    store._insert("sections", (("doc", "seq", "label", "block", "depth"), [("/d/a", 9, "I", 0, 1)]))
    assert store.db["sections"].get(("/d/a", 9))["depth"] == 1


def test_migrations_are_numbered_recorded_and_run_once(tmp_path):
    with open_store(tmp_path / "b.db") as s:
        first = list(s.db["migrations"].rows)
    with open_store(tmp_path / "b.db") as s:
        assert list(s.db["migrations"].rows) == first
    assert [m["id"] for m in first] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]


def test_unread_numbers_fill_their_table_and_the_totals(store):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    [row] = store.db["unread"].rows
    assert (row["doc"], row["text"], row["evidence_block"], row["evidence_start"],
            row["evidence_footnote"]) == ("/d/a.docx", "4", 1, 34, 5)
    assert row["reason"].startswith("không phải số liệu")
    assert store.unread_totals() == {"unread": 1, "unread_documents": 1,
                                     "activity_numbers": 3, "activity_unread": 1}


def test_a_store_made_before_migration_8_gains_readings_and_placement(tmp_path):
    with open_store(tmp_path / "b.db") as s:
        for column in ("readings", "placement_by", "placement_names", "placement_candidates",
                       "placement_sources"):
            s.db.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        s.db.execute("DELETE FROM migrations WHERE id = 8")
        s.db.conn.commit()
    with open_store(tmp_path / "b.db") as s:
        assert {"readings", "placement_by", "placement_sources"} <= set(
            s.db["documents"].columns_dict)
        s.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
        assert s.load_records() == [FULL]


def test_a_store_made_before_migration_11_gains_codes_maps_and_the_successors(tmp_path):
    with open_store(tmp_path / "b.db") as s:  # made as the previous release left it
        s.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=[], record=_record(counts=[_count("c1", 5)]))
        for view in ("facts", "aggregates", "counts_effective"):
            s.db.execute(f"DROP VIEW IF EXISTS {view}")
        for table, column in (("documents", "code"), ("documents", "map"),
                              ("counts", "code"), ("counts", "qualifiers_former")):
            s.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        s.db.execute("DROP TABLE unit_successors")
        s.db.execute("DELETE FROM migrations WHERE id = 11")
        s.db.conn.commit()
    with open_store(tmp_path / "b.db") as s:
        assert {"code", "map"} <= set(s.db["documents"].columns_dict)
        assert {"code", "qualifiers_former"} <= set(s.db["counts"].columns_dict)
        assert [r["map"] for r in s.db["documents"].rows] == ["old"]  # 2024 H1
        assert list(s.db.query("SELECT * FROM facts"))  # the views work again
        rows = {r["old_name"]: (r["new_name"], r["new_province"], r["mapping_type"])
                for r in s.db.query("SELECT * FROM unit_successors WHERE old_district = "
                                    "'Tu Mơ Rông'")}
    assert rows["Ngọk Yêu"] == ("Măng Ri", "Quảng Ngãi", "merged")
    assert len(rows) == 11 and {n for n, _, _ in rows.values()} == {
        "Đăk Sao", "Đăk Tờ Kan", "Măng Ri", "Tu Mơ Rông"}


def test_a_store_made_before_migration_6_gains_versions_and_planned_counts(tmp_path):
    with open_store(tmp_path / "b.db") as s:  # made as the previous release left it
        s.db.execute("DROP VIEW IF EXISTS facts")
        s.db.execute("DROP VIEW IF EXISTS aggregates")
        s.db.execute("ALTER TABLE documents DROP COLUMN extractor_version")
        s.db.execute("ALTER TABLE counts DROP COLUMN qualifiers_planned")
        s.db.execute("DELETE FROM migrations WHERE id = 6")
        s.db.conn.commit()
    with open_store(tmp_path / "b.db") as s:
        assert "extractor_version" in s.db["documents"].columns_dict
        assert "qualifiers_planned" in s.db["counts"].columns_dict
        assert list(s.db.query("SELECT * FROM facts")) == []  # the views work again
        assert s.stored_versions() == {}


def test_opening_a_missing_database_without_create_names_it(tmp_path):
    with pytest.raises(StoreError, match=r"nope\.db: không có cơ sở dữ liệu / no such database"):
        open_store(tmp_path / "nope.db", create=False)


def test_a_database_that_is_a_directory_is_a_store_error(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match=r"dir\.db: không mở được cơ sở dữ liệu / cannot open"):
        open_store(tmp_path / "dir.db")


def _statuses(store):
    return {r["id"]: (r["status"], r["effective_status"], r["first_seen_run"],
                      r["last_seen_run"]) for r in store.flag_rows("all")}


def test_flags_are_upserted_by_id_and_marked_gone_never_deleted(store):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    assert store.save_flags(1, [_flag("f1"), _flag("f2", unit="Ngọk Yêu")]) == (2, 0)
    assert store.save_flags(2, [_flag("f1")]) == (0, 1)
    assert _statuses(store) == {"f1": ("open", "open", 1, 2), "f2": ("gone", "gone", 1, 1)}
    assert store.save_flags(3, [_flag("f1"), _flag("f2", unit="Ngọk Yêu")]) == (0, 0)
    assert _statuses(store)["f2"] == ("open", "open", 1, 3)


@pytest.mark.parametrize("action, value, status", [
    ("reject", None, "dismissed"), ("accept", None, "resolved"), ("correct", 7, "resolved"),
])
def test_the_latest_decision_sets_the_status_and_survives_new_runs(store, action, value, status):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    store.save_flags(1, [_flag("f1")])
    store.add_decision(Decision(target_id="f1", action="reject", reviewer="Lan", note="a",
                                created="2026-01-01T00:00:00+00:00"))
    store.add_decision(Decision(target_id="f1", action=action, value=value, reviewer="Hùng",
                                note="b", created="2026-01-02T00:00:00+00:00"))
    store.save_flags(2, [_flag("f1")])
    assert [r["effective_status"] for r in store.flag_rows("all")] == [status]
    assert [d.reviewer for d in store.decisions("f1")] == ["Lan", "Hùng"]
    assert [r["id"] for r in store.flag_rows(status)] == ["f1"]


def test_a_correction_applies_to_the_flagged_fact_not_to_other_counts(store):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    # the flag names c1 (Đăk Sao) and c2 (Ngọk Yêu); only Đăk Sao is the flag's unit
    store.save_flags(1, [_flag("f1", values=(6, 4), count_ids=("c1", "c2"))])
    store.add_decision(Decision(target_id="f1", action="correct", value=7, reviewer="Lan",
                                note="theo báo cáo xã", created="2026-01-01T00:00:00+00:00"))
    rows = {r["id"]: r for r in store.rows("counts_effective")}
    assert (rows["c1"]["value"], rows["c1"]["effective_value"]) == (6, 7)
    assert rows["c1"]["decision_reviewer"] == "Lan"
    assert (rows["c2"]["value"], rows["c2"]["effective_value"]) == (4, 4)


@pytest.mark.parametrize("sql", ["UPDATE decisions SET value = 1",
                                 "DELETE FROM decisions WHERE target_id = 'f1'"])
def test_decisions_cannot_be_changed_or_deleted(store, sql):
    store.save_flags(1, [_flag("f1")])
    store.add_decision(Decision(target_id="f1", action="reject", reviewer="Lan", note="x",
                                created="2026-01-01T00:00:00+00:00"))
    with pytest.raises(sqlite3.IntegrityError, match="decisions are append-only"):
        store.db.execute(sql)
    assert [d.action.value for d in store.decisions("f1")] == ["reject"]


def test_a_gone_flag_no_longer_corrects_counts(store):
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=_blocks(), record=FULL)
    store.save_flags(1, [_flag("f1")])
    store.add_decision(Decision(target_id="f1", action="correct", value=7, reviewer="Lan",
                                note="x", created="2026-01-01T00:00:00+00:00"))
    store.save_flags(2, [])
    rows = {r["id"]: r["effective_value"] for r in store.rows("counts_effective")}
    assert rows["c1"] == 6
    assert store.db["decisions"].count == 1


def test_facts_mark_a_fact_disputed_when_documents_disagree(store):
    summary = _record(counts=[_count("s1", 6)])
    commune = _record(file="dak-sao.docx", kind="commune_report",
                      counts=[_count("k1", 7), _count("k2", 3, indicator="sessions")])
    store.write_document(1, "/d/s.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=[], record=summary)
    store.write_document(1, "/d/k.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=[], record=commune)
    facts = {(f["indicator"], f["unit"]): f for f in store.rows("facts")}
    petitions = facts[("voter_petitions", "Đăk Sao")]
    assert (petitions["disputed"], petitions["value"], petitions["statements"]) == (1, None, 2)
    assert sorted(petitions["values_stated"].split(",")) == ["6", "7"]
    assert "dak-sao.docx#footnote:1:0-10" in petitions["sources"]
    sessions = facts[("sessions", "Đăk Sao")]
    assert (sessions["disputed"], sessions["value"]) == (0, 3)


def test_aggregates_add_up_commune_reports_beside_the_summary_figure(store):
    summary = _record(counts=[_count("s1", 12, unit="Tu Mơ Rông", scope="sum",
                                     indicator="resolutions"),
                              _count("s2", 4, unit="Đăk Sao", indicator="resolutions")])
    store.write_document(1, "/d/s.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=[], record=summary)
    for name, value in (("Đăk Sao", 5), ("Ngọk Yêu", 6)):
        rec = _record(file=f"{name}.docx", kind="commune_report",
                      counts=[_count("r", value, unit=name, indicator="resolutions")])
        store.write_document(1, f"/d/{name}.docx", size=1, mtime=1.0, source_format="docx",
                             blocks=[], record=rec)
    [agg] = store.rows("aggregates")
    assert (agg["indicator"], agg["communes_sum"], agg["communes_reporting"],
            agg["summary_list_sum"], agg["summary_list_units"], agg["summary_value"],
            agg["agrees"]) == ("resolutions", 11, 2, 4, 1, 12, 0)


def test_a_total_mismatch_correction_fixes_the_total_not_its_parts(store):
    total = _count("t", 5, indicator="supervision_topics")
    parts = [_count(f"p{i}", v, indicator="supervision_topics", total_id="t",
                    evidence=_ev(i, i + 1)) for i, v in enumerate((1, 1, 2))]
    store.write_document(1, "/d/a.docx", size=1, mtime=1.0, source_format="docx",
                         blocks=[], record=_record(counts=[total, *parts]))
    flag = Flag(id="f1", rule="total_mismatch", severity="error",
                indicator="supervision_topics", level="commune", unit="Đăk Sao",
                values=[4, 5], message="5 ≠ 4", message_en="5 ≠ 4",
                evidence=[FlagEvidence(document="tom-tat.docx", value=c.value, count_id=c.id,
                                       evidence=c.evidence) for c in (total, *parts)])
    store.save_flags(1, [flag])
    store.add_decision(Decision(target_id="f1", action="correct", value=4, reviewer="Lan",
                                note="x", created="2026-01-01T00:00:00+00:00"))
    rows = {r["id"]: r["effective_value"] for r in store.rows("counts_effective")}
    assert rows == {"t": 4, "p0": 1, "p1": 1, "p2": 2}
