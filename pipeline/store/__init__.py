"""The SQLite store, the only user of sqlite_utils: tables, migrations, per-document rewrites,
runs, flags and reviewers' decisions.

Machine rows (documents, blocks, counts, references, units, dates, sections, errors, flags,
flag_counts) are rewritten by runs; `decisions` and `document_decisions` are append-only and
never touched by a run. Which value counts once decisions apply: `pipeline/store/views.py`.

Every writer waits for another process's write (a bounded busy wait, BUSY_SECONDS) and then
fails with one line, never a traceback; a store a newer baocao made is refused; a store
that cannot be written (file permissions, read-only disk) is opened read-only and says so
when asked to write.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import sqlite_utils
from pydantic import BaseModel

from extractors.places import map_of, transition
from pipeline.store import decisions as _decisions
from pipeline.store.keys import migrate_review
from pipeline.store.rows import (
    Rows,
    as_tuples,
    column_types,
    flat_columns,
    flat_values,
    flatten,
    unflatten,
)
from pipeline.store.views import VIEWS
from schemas.errors import DecisionError, StoreError
from schemas.flags import Action, Decision, Flag, Rule
from schemas.record import (
    Count,
    DateMention,
    Kind,
    Level,
    Period,
    Record,
    Reference,
    Section,
    UnitMention,
    Unread,
)
from schemas.review import DocumentDecision
from schemas.run import UnreadableReport
from schemas.source import Block

BUSY_SECONDS = 20.0  # how long a writer waits for another process's write before failing

# Record list fields and the table holding each, in the order rows are written.
_RECORD_LISTS: dict[str, tuple[str, type[BaseModel]]] = {
    "counts": ("counts", Count),
    "references": ("references", Reference),
    "units": ("units", UnitMention),
    "dates": ("dates", DateMention),
    "sections": ("sections", Section),
    "unread": ("unread", Unread),
}
_DOC_TABLES = ("blocks", "counts", "references", "units", "dates", "sections", "unread")
# The columns of a failed document's row that say which unit it most likely belongs to
_GUESS = ("level", "unit", "district", "province", "period_year", "period_half", "placement_by",
          "placement_names", "placement_candidates", "placement_sources")


def utc_now() -> str:
    """Return the current UTC time as an ISO string with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- migrations ---------------------------------------------------------------------------

def _migration_1_tables(db: sqlite_utils.Database) -> None:
    db["runs"].create({"id": int, "started": str, "finished": str, "found": int, "read": int,
                       "skipped": int, "failed": int, "removed": int, "reconciled": int},
                      pk="id")
    record_cols = {k: t for k, t in column_types(Record).items() if k not in _RECORD_LISTS}
    db["documents"].create({"path": str, **record_cols, "size": int, "mtime": float,
                            "source_format": str, "normalizer_version": str, "warnings": str,
                            "status": str, "error": str, "record": str, "run_id": int,
                            "read_at": str}, pk="path")
    db["documents"].create_index(["file"])
    db["blocks"].create({"doc": str, **column_types(Block)}, pk=("doc", "id"))
    for table, model in _RECORD_LISTS.values():
        db[table].create({"doc": str, "seq": int, **column_types(model)}, pk=("doc", "seq"))
    db["counts"].create_index(["doc", "id"])
    db["errors"].create({"path": str, "file": str, "sha256": str, "reason": str,
                         "detail": str, "run_id": int, "at": str}, pk="path")
    db["flags"].create({"id": str, "rule": str, "severity": str, "indicator": str,
                        "level": str, "unit": str, "values": str, "documents": str,
                        "message": str, "message_en": str, "evidence": str, "status": str,
                        "first_seen_run": int, "last_seen_run": int, "gone_run": int}, pk="id")
    db["flag_counts"].create({"flag_id": str, "doc": str, "count_id": str, "value": int,
                              "applies": int}, pk=("flag_id", "doc", "count_id"))
    db["flag_counts"].create_index(["doc", "count_id"])
    db["decisions"].create({"seq": int, "target_id": str, "action": str, "value": int,
                            "reviewer": str, "note": str, "created": str}, pk="seq")
    db["decisions"].create_index(["target_id"])


def _migration_4_state(db: sqlite_utils.Database) -> None:
    db["state"].create({"key": str, "value": str}, pk="key")


def _migration_5_append_only(db: sqlite_utils.Database) -> None:
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER decisions_no_{event.lower()} BEFORE {event} ON decisions "
                   "BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END")


def _migration_6_versions_and_plans(db: sqlite_utils.Database) -> None:
    # Documents stored before have no extraction version: the next run reads them again.
    # Counts gain the `planned` qualifier that the views group by.
    if "extractor_version" not in db["documents"].columns_dict:
        db["documents"].add_column("extractor_version", str)
    if "qualifiers_planned" not in db["counts"].columns_dict:
        db["counts"].add_column("qualifiers_planned", int)
    rebuild_views(db)


def _migration_7_unread_and_qualifiers(db: sqlite_utils.Database) -> None:
    # Numbers left unread get a table of their own; counts gain the implied and status
    # qualifiers. Documents stored before have no unread rows: their extraction version
    # changed with these fields, so the next run reads them again.
    if "unread" not in db.table_names():
        db["unread"].create({"doc": str, "seq": int, **column_types(Unread)}, pk=("doc", "seq"))
    for column, kind in (("qualifiers_implied", int), ("qualifiers_status", str)):
        if column not in db["counts"].columns_dict:
            db["counts"].add_column(column, kind)
    rebuild_views(db)


def _migration_8_readings_and_placement(db: sqlite_utils.Database) -> None:
    # Documents gain the tally of their numbers' readings and how a report whose text names
    # no district was placed (or where an unreadable file most likely belongs). Documents
    # stored before are read again: their extraction version changed with these fields.
    record_cols = column_types(Record)
    for column in ("readings", "placement_by", "placement_names", "placement_candidates",
                   "placement_sources"):
        if column not in db["documents"].columns_dict:
            db["documents"].add_column(column, record_cols[column])


def _migration_11_maps(db: sqlite_utils.Database) -> None:
    # Units on the map of their period (1 July 2025): documents, counts and their units carry
    # the unit's gazetteer code, documents the map of their period, counts the `former`
    # qualifier; `unit_successors` keeps the old→new mapping of communes, so a series can be
    # followed across the change. Documents stored before have no codes: their extraction
    # version changed with these fields, so the next run reads them again.
    for table, column, kind in (("documents", "code", str), ("documents", "map", str),
                                ("counts", "code", str), ("counts", "qualifiers_former", int)):
        if column not in db[table].columns_dict:
            db[table].add_column(column, kind)
    with_period = db.execute("SELECT path, period_year, period_half FROM documents").fetchall()
    db.conn.executemany("UPDATE documents SET map = ? WHERE path = ?",
                        [(map_of(year, half), path) for path, year, half in with_period])
    if "unit_successors" not in db.table_names():
        db["unit_successors"].create(_SUCCESSOR_COLUMNS, pk=("old_code", "new_code"))
        db["unit_successors"].create_index(["new_code"])
        names = ", ".join(_SUCCESSOR_COLUMNS)
        db.conn.executemany(
            f"INSERT INTO unit_successors ({names}) VALUES ({', '.join('?' * len(_SUCCESSOR_COLUMNS))})",
            [(s.old.code, s.old.kind, s.old.name, s.old.district, s.old.province, s.new.code,
              s.new.kind, s.new.name, s.new.province, s.kind,
              None if s.default is None else int(s.default)) for s in transition().rows])
    rebuild_views(db)


# the old→new mapping of communes (extractors.places.transition), one row per pair
_SUCCESSOR_COLUMNS = {"old_code": str, "old_kind": str, "old_name": str, "old_district": str,
                      "old_province": str, "new_code": str, "new_kind": str, "new_name": str,
                      "new_province": str, "mapping_type": str, "is_default": int}


def rebuild_views(db: sqlite_utils.Database) -> None:
    """(Re)create every aggregate view from its SQL."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


# A migration that changes a view rebuilds them all from pipeline/store/views.py: views are
# aggregates computed from the tables, never stored.
_MIGRATIONS = [(1, "tables", _migration_1_tables), (2, "views", rebuild_views),
               (3, "aggregates with the summary's per-commune lists", rebuild_views),
               (4, "state: whether the flags are behind the records", _migration_4_state),
               (5, "decisions are append-only, enforced by triggers", _migration_5_append_only),
               (6, "extraction version of each document; planned counts",
                _migration_6_versions_and_plans),
               (7, "numbers left unread; implied and status qualifiers",
                _migration_7_unread_and_qualifiers),
               (8, "readings of numbers; how a report was placed",
                _migration_8_readings_and_placement),
               (9, "foreign keys; decisions per kind of flag, on documents, bound to values",
                lambda db: migrate_review(db, rebuild_views)),
               (10, "aggregates: a disputed figure is not picked", rebuild_views),
               (11, "units on the map of their period; the old→new mapping of communes",
                _migration_11_maps)]
SCHEMA_VERSION = max(number for number, _, _ in _MIGRATIONS)


def _pending(db: sqlite_utils.Database, path: Path) -> list:
    """Return the migrations `db` still needs; refuse a store a newer baocao made."""
    done = {r[0] for r in db.execute("SELECT id FROM migrations")} \
        if "migrations" in db.table_names() else set()
    if done and max(done) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: cơ sở dữ liệu do bản baocao mới hơn tạo (lược đồ {max(done)}, bản này "
            f"biết đến {SCHEMA_VERSION}) / the store's schema version {max(done)} is newer "
            f"than this baocao's ({SCHEMA_VERSION}): use a newer baocao")
    return [m for m in _MIGRATIONS if m[0] not in done]


def _migrate(db: sqlite_utils.Database, path: Path) -> None:
    pending = _pending(db, path)
    if not pending:
        return
    if "migrations" not in db.table_names():
        db["migrations"].create({"id": int, "name": str, "applied": str}, pk="id")
    for number, name, step in pending:
        with db.atomic():
            step(db)
            db["migrations"].insert({"id": number, "name": name, "applied": utc_now()})


# --- the store ----------------------------------------------------------------------------

def _sqlite_error(path: Path, e: sqlite3.Error, what: str) -> StoreError:
    """Return the one-line StoreError of an SQLite error met doing `what`."""
    text = str(e)
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path}: cơ sở dữ liệu đang bị tiến trình khác ghi quá {BUSY_SECONDS:g} giây / "
            f"the store is locked by another process for over {BUSY_SECONDS:g} s: try again "
            "when it is done")
    if "readonly" in text or "read-only" in text:
        return _read_only_error(path, what)
    return StoreError(f"{path}: lỗi cơ sở dữ liệu / cannot {what}: {text}")


def _read_only_error(path: Path, what: str) -> StoreError:
    return StoreError(f"{path}: cơ sở dữ liệu chỉ đọc (không có quyền ghi) / the store is "
                      f"read-only: cannot {what}")


class Store:
    """An open baocao database. Use `open_store`; close it (or use `with`) when done."""

    def __init__(self, path: Path, db: sqlite_utils.Database, *, read_only: bool = False):
        self.path = path
        self.db = db
        self.read_only = read_only
        self._columns: dict[str, set[str]] = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error):  # a reader or writer met a lock or a bad file
            raise self._error(exc, "read the store") from exc

    def close(self) -> None:
        self.db.close()

    def _error(self, e: sqlite3.Error, what: str) -> StoreError:
        return _sqlite_error(self.path, e, what)

    def _read_only_error(self, what: str) -> StoreError:
        return _read_only_error(self.path, what)

    @contextlib.contextmanager
    def writing(self, what: str) -> Iterator[None]:
        """One write transaction taking the write lock at once (BEGIN IMMEDIATE), so it waits
        for another writer (BUSY_SECONDS) instead of failing half-way; `what` names the work
        in the message when it cannot be done."""
        if self.read_only:
            raise self._read_only_error(what)
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise self._error(e, what) from e
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException as e:
            if self.db.conn.in_transaction:
                self.db.conn.rollback()
            if isinstance(e, sqlite3.Error):
                raise self._error(e, what) from e
            raise

    # runs
    def start_run(self, found: int) -> int:
        """Record a new run and return its id."""
        with self.writing("start a run"):
            table = self.db["runs"].insert({"started": utc_now(), "found": found})
        return table.last_pk

    def finish_run(self, run_id: int, **counts: int) -> None:
        """Record a run's end and its counts (read, skipped, failed, removed, reconciled)."""
        with self.writing("finish a run"):
            self.db["runs"].update(run_id, {"finished": utc_now(), **counts})

    # documents
    def stored_hashes(self) -> dict[str, str]:
        """Return path -> sha256 of every document stored as read successfully."""
        rows = self.db.execute("SELECT path, sha256 FROM documents WHERE status = 'ok'")
        return dict(rows.fetchall())

    def stored_versions(self) -> dict[str, str | None]:
        """Return path -> the extraction version that made the record, for every document
        stored as read successfully (None: stored before versions were kept)."""
        rows = self.db.execute("SELECT path, extractor_version FROM documents "
                               "WHERE status = 'ok'")
        return dict(rows.fetchall())

    def stored_paths(self) -> list[str]:
        """Return the path of every document row (read or failed)."""
        return [r[0] for r in self.db.execute("SELECT path FROM documents ORDER BY path")]

    def write_document(self, run_id: int, path: str, *, size: int, mtime: float,
                       source_format: str, blocks: Sequence[Block], record: Record,
                       warnings: Sequence[str] = (), normalizer_version: str = "") -> None:
        """Replace everything stored for `path` by this record and its blocks, atomically."""
        self.write_prepared(run_id, prepare_document(
            path, record, blocks, size=size, mtime=mtime, source_format=source_format,
            warnings=warnings, normalizer_version=normalizer_version))

    def write_prepared(self, run_id: int, rows: dict[str, Rows],
                       extractor_version: str | None = None) -> None:
        """Replace everything stored for one document by rows from `prepare_document`, in
        one transaction: a run killed half-way leaves the old rows or the new, never a mix.
        `extractor_version`: what made the record (see `pipeline.extract.extraction_version`)."""
        columns, [values] = rows["documents"]
        doc = {**dict(zip(columns, values)), "run_id": run_id, "read_at": utc_now(),
               "extractor_version": extractor_version}
        try:
            with self.writing(f"write {doc['file']}"):
                self._delete_rows(doc["path"])
                self.db.execute("DELETE FROM errors WHERE path = ?", [doc["path"]])
                self.db.execute("DELETE FROM documents WHERE path = ?", [doc["path"]])
                self._insert("documents", (tuple(doc), [tuple(doc.values())]))
                for table in _DOC_TABLES:
                    self._insert(table, rows[table])
                self._set_stale(True)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: không ghi được {doc['file']} / cannot write it: "
                             f"{e}") from e

    def write_failure(self, run_id: int, path: str, *, file: str, sha256: str, size: int,
                      mtime: float, reason: str, detail: str | None = None) -> None:
        """Record that `path` could not be read; its old rows go, atomically."""
        try:
            with self.writing(f"write {file}"):
                was = self.db.execute("SELECT status FROM documents WHERE path = ?",
                                      [path]).fetchone()
                if was and was[0] == "ok":  # a record left the store
                    self._set_stale(True)
                # a file failing again keeps the unit it was put beside (`place_failed`)
                kept = self._guess(path) if was and was[0] == "failed" else {}
                self._delete_rows(path)
                self.db["documents"].insert(
                    {"path": path, "file": file, "sha256": sha256, "size": size, "mtime": mtime,
                     "status": "failed", "error": reason, "run_id": run_id, "read_at": utc_now(),
                     **kept}, replace=True, alter=True)
                self.db["errors"].insert({"path": path, "file": file, "sha256": sha256,
                                          "reason": reason, "detail": detail, "run_id": run_id,
                                          "at": utc_now()}, replace=True)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: không ghi được {file} / cannot write it: {e}") from e

    def _guess(self, path: str) -> dict:
        names = ", ".join(f'"{c}"' for c in _GUESS)
        row = self.db.execute(f"SELECT {names} FROM documents WHERE path = ?", [path]).fetchone()
        return dict(zip(_GUESS, row)) if row else {}

    def failed_documents(self) -> dict[str, str]:
        """Return path -> file (as given) of every document that could not be read."""
        return dict(self.db.execute("SELECT path, file FROM documents WHERE status = 'failed'"))

    def failed_place(self, path: str) -> dict:
        """Return the unit a failed document was put beside (`_GUESS` columns)."""
        return self._guess(path)

    def place_failed(self, path: str, guess: dict) -> bool:
        """Record the unit a failed document most likely belongs to (`_GUESS` columns, those
        not given None); return True when that changed, which the flags then follow."""
        new = {c: guess.get(c) for c in _GUESS}
        if self._guess(path) == new:
            return False
        with self.db.atomic():
            self.db["documents"].update(path, new)
            self._set_stale(True)
        return True

    def unreadable_reports(self) -> list[UnreadableReport]:
        """Return the documents that could not be read and were put beside a unit."""
        rows = self.db.query("SELECT * FROM documents WHERE status = 'failed' AND unit IS NOT "
                             "NULL ORDER BY path")
        return [UnreadableReport(
            file=r["file"], reason=r["error"] or "", level=r["level"], unit=r["unit"],
            district=r["district"], province=r["province"],
            period={"year": r["period_year"], "half": r["period_half"]},
            by=r["placement_by"]) for r in rows]

    def unplaced_paths(self) -> set[str]:
        """Return the paths of the reports whose text names no district and that nothing
        placed (`Record.placement.by` "none")."""
        return {r[0] for r in self.db.execute("SELECT path FROM documents WHERE status = 'ok' "
                                              "AND placement_by = 'none'")}

    def records_by_path(self) -> dict[str, Record]:
        """Return path -> record of every document read successfully."""
        rows = self.db.execute("SELECT path, record FROM documents WHERE status = 'ok' "
                               "ORDER BY path")
        return {path: Record.model_validate_json(text) for path, text in rows}

    def remove_documents(self, paths: Iterable[str]) -> int:
        """Delete the machine rows of documents no longer found; return how many."""
        n = 0
        for path in paths:
            with self.writing(f"remove {path}"):
                self._delete_rows(path)
                self.db["errors"].delete_where("path = ?", [path])
                self.db["documents"].delete_where("path = ?", [path])
                self._set_stale(True)
            n += 1
        return n

    def _set_stale(self, stale: bool) -> None:
        self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('flags_stale', ?)",
                        ["1" if stale else "0"])

    def flags_stale(self) -> bool:
        """Return whether records changed since the flags were last saved (written in the
        same transactions as the records, so a killed run cannot leave stale flags behind
        looking current)."""
        row = self.db.execute("SELECT value FROM state WHERE key = 'flags_stale'").fetchone()
        return row is None or row[0] != "0"

    def _delete_rows(self, path: str) -> None:
        for table in _DOC_TABLES:
            self.db.execute(f'DELETE FROM "{table}" WHERE doc = ?', [path])

    def _insert(self, table: str, rows: Rows) -> None:
        """Insert rows with one executemany; rows with a column the table lacks (a field
        added to a schema) go through sqlite-utils, which adds the column."""
        keys, values = rows
        if not values:
            return
        columns = self._columns.get(table)
        if columns is None:
            columns = self._columns[table] = set(self.db[table].columns_dict)
        if not set(keys) <= columns:
            self.db[table].insert_all([dict(zip(keys, v)) for v in values], alter=True)
            self._columns.pop(table)
            return
        names = ", ".join(f'"{k}"' for k in keys)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(keys))})'
        self.db.conn.executemany(sql, values)

    def load_records(self) -> list[Record]:
        """Return the record of every document read successfully, in path order, as the
        reviewers placed it: a superseded document left out, a commune and district given
        by hand set (see `reviewed`)."""
        rows = self.db.execute("SELECT record FROM documents WHERE status = 'ok' "
                               "ORDER BY path")
        return self.reviewed(Record.model_validate_json(r[0]) for r in rows)

    def reviewed(self, records: Iterable[Record]) -> list[Record]:
        """Return `records` as the documents' decisions in force place them: a superseded
        one left out; one given a commune and district by hand becomes that commune's report
        (its own figures then name that commune)."""
        placed = {r["document"]: r for r in self.db.query(
            "SELECT document, unit, district, superseded FROM document_decisions_in_force "
            "WHERE seq IS NOT NULL")}
        out = []
        for record in records:
            decided = placed.get(record.sha256)
            if decided is None:
                out.append(record)
            elif not decided["superseded"]:
                out.append(_placed(record, decided["unit"], decided["district"]))
        return out

    def unread_totals(self) -> dict[str, int]:
        """Return the numbers of the stored documents read successfully: how many are left
        unread, in how many documents, and in the activity sections how many numbers there
        are and how many of them are unread (from each document's `readings` tally)."""
        unread, documents = self.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT u.doc) FROM unread u JOIN documents d "
            "ON d.path = u.doc WHERE d.status = 'ok'").fetchone()
        numbers = activity_unread = 0
        for (text,) in self.db.execute("SELECT readings FROM documents WHERE status = 'ok' "
                                       "AND readings IS NOT NULL"):
            activity = json.loads(text).get("activity", {})
            numbers += sum(activity.values())
            activity_unread += activity.get("unread", 0)
        return {"unread": unread, "unread_documents": documents, "activity_numbers": numbers,
                "activity_unread": activity_unread}

    def document_by_file(self, file: str) -> dict | None:
        """Return the documents row whose file (or path) is `file`, or None."""
        rows = list(self.db.query("SELECT * FROM documents WHERE file = ? OR path = ? "
                                  "ORDER BY path LIMIT 1", [file, file]))
        return rows[0] if rows else None

    def blocks(self, path: str, ids: Iterable[int]) -> dict[int, Block]:
        """Return the stored blocks of one document by id."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self.db.query(f"SELECT * FROM blocks WHERE doc = ? AND id IN ({marks})",
                             [path, *wanted])
        return {r["id"]: Block.model_validate(unflatten(Block, r)) for r in rows}

    # flags
    def save_flags(self, run_id: int, flags: Sequence[Flag]) -> tuple[int, int]:
        """Upsert the flags of this run by id and mark the others gone; return (new, gone).

        Flags are never deleted; decisions are not touched."""
        files = dict(self.db.execute("SELECT file, path FROM documents").fetchall())
        old = {r["id"]: r for r in self.db.query("SELECT id, status, first_seen_run FROM flags")}
        now = {f.id for f in flags}
        rows, links = [], {}
        for f in flags:
            first = old[f.id]["first_seen_run"] if f.id in old else run_id
            rows.append(_flag_row(f, status="open", first=first, last=run_id))
            for ev in f.evidence:
                if ev.count_id is None or ev.document not in files:
                    continue
                doc = files[ev.document]
                count = self._count(doc, ev.count_id)
                links[(f.id, doc, ev.count_id)] = {
                    "flag_id": f.id, "doc": doc, "count_id": ev.count_id,
                    "value": ev.value if isinstance(ev.value, int) else None,
                    "applies": int(_correction_applies(f, count))}
        gone = [fid for fid, r in old.items() if fid not in now and r["status"] != "gone"]
        with self.writing("save the flags"):
            if rows:
                self.db["flags"].upsert_all(rows, pk="id", alter=True)
            for fid in gone:
                self.db["flags"].update(fid, {"status": "gone", "gone_run": run_id})
            self.db["flag_counts"].delete_where()
            self._set_stale(False)
            if links:
                self.db["flag_counts"].insert_all(list(links.values()))
        return len(now - set(old)), len(gone)

    def _count(self, doc: str, count_id: str) -> dict | None:
        rows = list(self.db.query("SELECT indicator, level, unit, total_id FROM counts "
                                  "WHERE doc = ? AND id = ? LIMIT 1", [doc, count_id]))
        return rows[0] if rows else None

    def flag_rows(self, status: str = "all") -> list[dict]:
        """Return flag rows with `effective_status`; `status` open|resolved|dismissed|gone|all
        ("all" includes gone flags)."""
        if status == "all":
            return list(self.db.query("SELECT * FROM flag_status ORDER BY rule, id"))
        return list(self.db.query("SELECT * FROM flag_status WHERE effective_status = ? "
                                  "ORDER BY rule, id", [status]))

    def find_flag_ids(self, prefix: str) -> list[str]:
        """Return the ids of flags equal to `prefix` or starting with it."""
        exact = [r[0] for r in self.db.execute("SELECT id FROM flags WHERE id = ?", [prefix])]
        if exact:
            return exact
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return [r[0] for r in self.db.execute(
            "SELECT id FROM flags WHERE id LIKE ? ESCAPE '\\' ORDER BY id", [like])]

    def flag_row(self, flag_id: str) -> dict | None:
        """Return one flag_status row (the flag with its decision in force), or None."""
        rows = list(self.db.query("SELECT * FROM flag_status WHERE id = ?", [flag_id]))
        return rows[0] if rows else None

    # decisions
    def add_decision(self, decision: Decision, state: str | None = None) -> Decision:
        """Append a reviewer's decision on a flag (never updated or deleted) and the document
        decisions it brings; return it completed (its seq, the flag's values it was made on,
        the decision it follows). Refused (DecisionError) when it does not fit the flag, or,
        with `state` (see `decisions.state_token`), when the flag changed since."""
        with self.writing("record a decision"):
            row = self.flag_row(decision.target_id)
            if row is None:
                raise DecisionError(f"cờ {decision.target_id}", "không có cờ này",
                                    "no such flag")
            now = _decisions.state_token(row["values"], row["latest_seq"])
            if state is not None and state != now:
                raise DecisionError(
                    f"cờ {row['id']}", "cờ đã thay đổi từ khi mở ra (người khác đã quyết định "
                    "hoặc số liệu đã khác); xem lại rồi quyết định lại",
                    "the flag changed since it was shown (another decision, or new figures); "
                    "look again and decide again", stale=True,
                    current=_decisions.describe_state(row))
            documents = {r["file"]: r for r in self.db.query(
                "SELECT file, sha256, district FROM documents WHERE status = 'ok'")}
            decision = _decisions.check_fits(row, decision, documents)
            if decision.action == Action.undo:
                decision = decision.model_copy(
                    update={"restores": _decisions.undo_target(self, row)})
            data = decision.model_dump(mode="json", exclude={"seq"})
            data["state"] = json.dumps(data["state"], ensure_ascii=False)
            seq = self.db["decisions"].insert(data).last_pk
            effects = _decisions.document_effects(self, decision, seq)
            for dd in effects:
                self._insert_document_decision(dd)
            if effects:
                self._set_stale(True)  # the reconciler's input changed
            return decision.model_copy(update={"seq": seq})

    def decisions(self, target_id: str) -> list[Decision]:
        """Return the decisions on one flag, oldest first."""
        rows = self.db.query("SELECT * FROM decisions WHERE target_id = ? ORDER BY seq",
                             [target_id])
        return [_decision(r) for r in rows]

    def add_document_decision(self, dd: DocumentDecision,
                              follows: int | None = None,
                              check_follows: bool = False) -> DocumentDecision:
        """Append a reviewer's decision on a document and return it completed; with
        `check_follows`, refused (DecisionError) unless `follows` is still the document's
        latest decision."""
        with self.writing("record a decision"):
            dd = _decisions.check_document_decision(self, dd, follows, check_follows)
            seq = self._insert_document_decision(dd)
            self._set_stale(True)  # the reconciler's input changed
            return dd.model_copy(update={"seq": seq})

    def _insert_document_decision(self, dd: DocumentDecision) -> int:
        data = dd.model_dump(mode="json", exclude={"seq"})
        data["superseded"] = int(data["superseded"])
        return self.db["document_decisions"].insert(data).last_pk

    def document_decisions(self, sha256: str) -> list[DocumentDecision]:
        """Return the decisions on one document (by content), oldest first."""
        rows = self.db.query("SELECT * FROM document_decisions WHERE document = ? "
                             "ORDER BY seq", [sha256])
        return [DocumentDecision.model_validate({**r, "superseded": bool(r["superseded"])})
                for r in rows]

    def document_state(self, sha256: str) -> dict:
        """Return a document's reviewed state (see `decisions.document_state`)."""
        return _decisions.document_state(self, sha256)

    def columns(self) -> dict[str, list[str]]:
        """Return the columns of every table and view, by name."""
        names = self.db.table_names() + self.db.view_names()
        return {n: [r[1] for r in self.db.execute(f'PRAGMA table_info("{n}")')] for n in names}

    # export
    def rows(self, table_or_view: str) -> list[dict]:
        """Return every row of a table or view, in a stable order."""
        if table_or_view not in self.db.table_names() + self.db.view_names():
            raise StoreError(f"{self.path}: không có bảng {table_or_view} / no such table")
        # a view is read as a query of its own (MATERIALIZED), so sorting it does not change
        # how SQLite plans it (see pipeline/store/views.py)
        return list(self.db.query(f'WITH t AS MATERIALIZED (SELECT * FROM "{table_or_view}") '
                                  "SELECT * FROM t ORDER BY 1, 2, 3"))


def _flag_row(f: Flag, *, status: str, first: int, last: int) -> dict:
    data = f.model_dump(mode="json")
    return {"id": f.id, "rule": data["rule"], "severity": data["severity"],
            "indicator": f.indicator, "level": f.level, "unit": f.unit,
            "values": json.dumps(data["values"], ensure_ascii=False),
            "documents": json.dumps(data["documents"], ensure_ascii=False),
            "message": f.message, "message_en": f.message_en,
            "evidence": json.dumps(data["evidence"], ensure_ascii=False),
            "status": status, "first_seen_run": first, "last_seen_run": last, "gone_run": None,
            "district": f.district, "period_year": f.period.year if f.period else None,
            "period_half": f.period.half if f.period else None}


def flag_from_row(row: dict) -> Flag:
    """Return the Flag of a `flag_status` row, its status the reviewer-facing one."""
    return Flag(id=row["id"], rule=row["rule"], severity=row["severity"],
                indicator=row["indicator"], level=row["level"], unit=row["unit"],
                values=json.loads(row["values"]), documents=json.loads(row["documents"]),
                message=row["message"], message_en=row["message_en"],
                evidence=json.loads(row["evidence"]), status=row["effective_status"],
                district=row.get("district"),
                period=None if row.get("period_year") is None else
                Period(year=row["period_year"], half=row.get("period_half")))


def _decision(row: dict) -> Decision:
    data = {k: v for k, v in row.items() if k in Decision.model_fields}
    if data.get("state") is not None:
        data["state"] = json.loads(data["state"])
    return Decision.model_validate(data)


def _placed(record: Record, unit: str | None, district: str | None) -> Record:
    """Return `record` as the report of commune `unit` of `district` (None: as read); its
    own figures (about the commune it was read as, or about no named commune) follow."""
    if unit is None and district is None:
        return record
    update: dict = {"district": district or record.district}
    if unit is not None:
        own = {record.unit, "", None}
        update.update(unit=unit, level=Level.commune, counts=[
            c.model_copy(update={"unit": unit})
            if c.level == Level.commune and c.scope.value == "unit" and c.unit in own else c
            for c in record.counts])
        if record.kind == Kind.other:
            update["kind"] = Kind.commune_report
    if record.placement is not None:  # placed by a reviewer now, not unassigned
        update["placement"] = record.placement.model_copy(
            update={"by": "reviewer", "sources": ["reviewer"]})
    return record.model_copy(update=update)


def _correction_applies(flag: Flag, count: dict | None) -> bool:
    """A reviewer's corrected value replaces a count named by the flag only when that count
    is the fact the flag is about: same indicator, level and unit where the flag names them,
    and for a total_mismatch the total itself, not its parts (parts point to their total)."""
    if count is None:
        return False
    if flag.rule == Rule.total_mismatch and count["total_id"] is not None:
        return False
    return all(want is None or count[key] == want for key, want in
               (("indicator", flag.indicator), ("level", flag.level), ("unit", flag.unit)))


def prepare_document(path: str, record: Record, blocks: Sequence[Block], *, size: int,
                     mtime: float, source_format: str, warnings: Sequence[str] = (),
                     normalizer_version: str = "") -> dict[str, Rows]:
    """Return the rows of one document per table, ready for `Store.write_prepared`.

    Pure and cheap to pickle (column names once, then tuples), so worker processes do this
    work in parallel. The record's JSON is kept whole in `documents.record`: the reconciler
    reloads records from it."""
    data = record.model_dump(mode="json")
    head = flatten(Record, {k: v for k, v in data.items() if k not in _RECORD_LISTS})
    head = {k: v for k, v in head.items() if k not in _RECORD_LISTS}
    out = {"documents": as_tuples([{
        "path": path, **head, "map": map_of(record.period.year, record.period.half),
        "size": size, "mtime": mtime, "source_format": source_format,
        "normalizer_version": normalizer_version,
        "warnings": json.dumps(list(warnings), ensure_ascii=False), "status": "ok",
        "error": None, "record": json.dumps(data, ensure_ascii=False)}])}
    out["blocks"] = (("doc", *flat_columns(Block)),
                     [(path, *flat_values(Block, b.model_dump(mode="json"))) for b in blocks])
    for field, (table, model) in _RECORD_LISTS.items():
        out[table] = (("doc", "seq", *flat_columns(model)),
                      [(path, i, *flat_values(model, item))
                       for i, item in enumerate(data[field])])
    return out


def stored_record(rows: dict[str, Rows]) -> Record:
    """Return the record of rows from `prepare_document` as `Store.load_records` reads it."""
    columns, [values] = rows["documents"]
    return Record.model_validate_json(values[columns.index("record")])


def open_store(path: Path, *, create: bool = True) -> Store:
    """Open (and create or migrate) the database at `path`.

    With create=False a missing file is a StoreError instead of a new database. A file this
    process may not write is opened read-only: it is read as it is, and writing to it is a
    StoreError saying so."""
    path = Path(path)
    if not create and not path.is_file():
        raise StoreError(f"{path}: không có cơ sở dữ liệu / no such database "
                         f"(run `baocao run PATH --db {path}` first)")
    if path.is_file() and not _writable(path):
        return _open_read_only(path)
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        if create:
            db.enable_wal()
        # WAL with synchronous=NORMAL: a crash may lose the last commits, never consistency
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, path)
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as e:
        if "locked" in str(e) or "busy" in str(e):
            raise _sqlite_error(path, e, "open it") from e
        raise StoreError(f"{path}: không mở được cơ sở dữ liệu / cannot open the database: "
                         f"{e}") from e
    except OSError as e:
        raise StoreError(f"{path}: không mở được cơ sở dữ liệu / cannot open the database: "
                         f"{e}") from e
    return Store(path, db)


def _writable(path: Path) -> bool:
    """Return whether this process may write the store (and, for its journal, its folder)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_read_only(path: Path) -> Store:
    """Open a store this process may not write: read-only, or, when SQLite cannot even read
    it so (a WAL store whose folder is read-only), as an immutable file."""
    uri = "file:" + quote(str(path.resolve()))
    problem: Exception | None = None
    for mode in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.Error as e:
            problem = e
    else:
        raise StoreError(f"{path}: không mở được cơ sở dữ liệu / cannot open the database: "
                         f"{problem}")
    db = sqlite_utils.Database(conn)
    try:
        pending = _pending(db, path)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: không mở được cơ sở dữ liệu / cannot open the database: "
                         f"{e}") from e
    if pending:
        db.close()
        raise StoreError(
            f"{path}: cơ sở dữ liệu chỉ đọc và do bản baocao cũ hơn tạo (cần nâng lược đồ lên "
            f"{SCHEMA_VERSION}) / the store is read-only and needs an upgrade to schema "
            f"{SCHEMA_VERSION}: open it once where it can be written")
    return Store(path, db, read_only=True)
