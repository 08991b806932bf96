"""Migration 9: foreign keys between the tables, what a decision says beyond correct, accept
and dismiss, decisions on documents, and where and when a flag is.

SQLite cannot add a foreign key to a table: each table is rebuilt with it (sqlite-utils'
`transform`: create, copy, drop, rename), rows and decisions kept. Views are dropped first
(they name the tables being rebuilt) and made again after; the append-only triggers go
with the rebuilt `decisions` table and are made again too.
"""
from __future__ import annotations

import sqlite_utils

# child table -> (its column, the parent table, the parent's key)
FOREIGN_KEYS = {
    **{table: [("doc", "documents", "path")]
       for table in ("blocks", "counts", "references", "units", "dates", "sections", "unread")},
    "flag_counts": [("flag_id", "flags", "id")],
    "decisions": [("target_id", "flags", "id")],
}

_DECISION_COLUMNS = {"count_id": str, "date": str, "document": str, "unit": str,
                     "district": str, "reason": str, "state": str, "follows": int,
                     "restores": int}


def append_only(db: sqlite_utils.Database, table: str) -> None:
    """Make `table` refuse UPDATE and DELETE (decisions are events, never edited)."""
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{event.lower()} BEFORE {event} "
                   f"ON {table} BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END")


def migrate_review(db: sqlite_utils.Database, rebuild_views) -> None:
    for view in db.view_names():
        db.execute(f'DROP VIEW "{view}"')
    flags = db["flags"]
    for column, kind in (("district", str), ("period_year", int), ("period_half", int)):
        if column not in flags.columns_dict:
            flags.add_column(column, kind)
    # flags saved before know their place only through their documents
    db.execute("""
        UPDATE flags SET (district, period_year, period_half) = (
            SELECT d.district, d.period_year, d.period_half
            FROM documents d, json_each(flags.documents) j
            WHERE d.file = j.value AND d.status = 'ok' ORDER BY j.key LIMIT 1)
        WHERE district IS NULL""")
    decisions = db["decisions"]
    for column, kind in _DECISION_COLUMNS.items():
        if column not in decisions.columns_dict:
            decisions.add_column(column, kind)
    for table, keys in FOREIGN_KEYS.items():
        if table in db.table_names():
            db[table].transform(foreign_keys=keys)  # drops the table's triggers with it
    # decisions made before: the flag's values now are the best knowledge of those they saw
    db.execute("""
        UPDATE decisions SET state = (SELECT "values" FROM flags WHERE id = target_id),
               follows = (SELECT max(x.seq) FROM decisions x
                          WHERE x.target_id = decisions.target_id AND x.seq < decisions.seq)
        WHERE state IS NULL""")
    append_only(db, "decisions")
    db["document_decisions"].create(
        {"seq": int, "document": str, "file": str, "action": str, "unit": str, "district": str,
         "superseded": int, "superseded_by": str, "flag_id": str, "cause": int,
         "reviewer": str, "note": str, "created": str, "follows": int, "restores": int},
        pk="seq", foreign_keys=[("flag_id", "flags", "id"), ("cause", "decisions", "seq")],
        if_not_exists=True)
    db["document_decisions"].create_index(["document"], if_not_exists=True)
    append_only(db, "document_decisions")
    rebuild_views(db)
