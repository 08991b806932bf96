"""What the store's tables and columns mean, as a metadata file Datasette reads
(`datasette out/baocao.db -m metadata.json`): generated from the schemas where the columns
come from them (each field's comment, or its model's docstring), and described here for the
columns the store adds itself. Rows link through the store's foreign keys."""
from __future__ import annotations

import ast
import inspect
import io
import tokenize
from functools import cache

from pydantic import BaseModel

from pipeline.store.rows import flat_columns
from schemas.flags import Decision, Flag
from schemas.record import (
    Count,
    DateMention,
    Record,
    Reference,
    Section,
    UnitMention,
    Unread,
)
from schemas.review import DocumentDecision
from schemas.source import Block

TABLES = {
    "documents": ("One row per file found: its record's head (kind, unit, district, period) "
                  "or why it could not be read.", Record),
    "blocks": ("What the reader saw: each paragraph, table cell or note of a document, in "
               "reading order.", Block),
    "counts": ("Every figure extracted, with the place it was read (evidence_*).", Count),
    "references": ("Documents a report cites (Kế hoạch số 08/KH-TTHĐND ngày ...).", Reference),
    "units": ("Administrative units a document names.", UnitMention),
    "dates": ("Calendar dates stated in the text.", DateMention),
    "sections": ("Section labels in order (I, II, 1, 2, a, b).", Section),
    "unread": ("Numbers in the text that extraction gave no reading.", Unread),
    "flags": ("Discrepancies the reconciler found; never deleted (status gone when the "
              "conflict went away).", Flag),
    "flag_counts": ("Which counts each flag names, and whether a correction of the flag's "
                    "fact applies to it.", None),
    "decisions": ("Reviewers' decisions on flags: append-only events; the latest in force "
                  "sets the flag's status and the effective values.", Decision),
    "document_decisions": ("Reviewers' decisions on documents (by content hash): commune "
                           "and district given by hand, superseded; append-only.",
                           DocumentDecision),
    "runs": ("Each `baocao run`: when, and how many files were read, skipped, failed.", None),
    "errors": ("Why each unreadable file could not be read.", None),
    "migrations": ("Schema migrations applied to this store.", None),
    "state": ("Small facts about the store (whether the flags are behind the records).", None),
    "counts_effective": ("Every count that counts once decisions apply: effective_value and "
                         "effective_unit; superseded documents and excluded figures are not "
                         "in it. Which value counts is decided here.", Count),
    "facts": ("One row per fact (period, district, indicator, unit, qualifiers): the agreed "
              "value, or disputed.", None),
    "aggregates": ("Per district, period and indicator: the communes' own figures added up "
                   "beside the district summary's.", None),
    "flag_status": ("Flags with the status a reviewer sees (effective_status) and the "
                    "decision in force.", Flag),
    "documents_effective": ("Documents with what reviewers decided about them.", Record),
    "references_effective": ("Cited documents with the date a reviewer chose.", Reference),
    "units_not_expected": ("Communes marked as owing no report or figure, and why.", None),
    "unit_successors": ("The change of 1 July 2025: which former commune (old map) went into "
                        "which new commune; a count's code joined to old_code follows a series "
                        "across the change.", None),
}

# the schemas' fields their source leaves without a comment (domain.md says what they are)
FIELDS = {
    "indicator": "What is counted (sessions, resolutions, voter_petitions, ...; domain.md).",
    "value": "The figure as written in the document.",
    "level": "province, district or commune (all: a district with its communes).",
    "unit": "The administrative unit's canonical name, without its kind word.",
    "scope": "unit: one council's figure; sum: a total over several councils.",
    "body": "Who did it (council, standing, committees, delegate_groups, delegates).",
    "sha256": "Content hash of the file.", "kind": "commune_report, district_summary, ...",
    "province": "Province.", "term": "The council's term (2021-2026).",
    "number": "The document number.", "issuer": "Who issued it (TTHĐND, UBND, ...).",
    "type": "KH, BC, TB, NQ, QĐ, ...", "label": "The section label (I, 2.1, a).",
    "block": "Block id in the document.", "id": "Identifier.", "part": "body, table, "
    "footnote, endnote, header, footer or textbox.", "text": "The text, NFC.",
    "start": "Start offset (characters).", "end": "End offset (half-open).",
    "style": "Word paragraph style.", "row": "Table row.", "col": "Table column.",
    "refs": "Footnote marks inside the text (JSON).", "rule": "The reconciler's rule.",
    "severity": "info, warning or error.", "message": "What is wrong, in Vietnamese.",
    "message_en": "The same in English.", "action": "What the reviewer decided.",
    "reviewer": "Who decided.", "note": "Why.", "created": "When (UTC).",
}

# columns the store adds itself (not from a schema)
STORE_COLUMNS = {
    "doc": "The document's path: links to documents.",
    "seq": "Order of the row within its document (or of recording, for decisions).",
    "path": "The file's absolute path where it was read.",
    "size": "File size in bytes.", "mtime": "File modification time (seconds since 1970).",
    "source_format": "docx or doc.", "normalizer_version": "Version of the text normaliser.",
    "extractor_version": "Version of the extraction that made the record.",
    "warnings": "Reader warnings (JSON list).",
    "status": "ok (read), failed (could not be read); for flags: open or gone.",
    "error": "Why the file could not be read.", "record": "The whole record as JSON.",
    "run_id": "The run that stored the row: links to runs.",
    "read_at": "When the file was read (UTC).",
    "first_seen_run": "Run that first raised the flag.",
    "last_seen_run": "Latest run that raised the flag.",
    "gone_run": "Run in which the conflict went away.",
    "values": "Every conflicting figure (JSON list).", "documents": "Files the flag names.",
    "evidence": "Each value's document, count and place (JSON).",
    "district": "District (as read, or set by a reviewer).",
    "period_year": "Reporting year.", "period_half": "1 or 2 for a half year; empty: whole year.",
    "flag_id": "The flag: links to flags.", "count_id": "The count's id within its document.",
    "applies": "1 when a correction of the flag's fact replaces this count.",
    "target_id": "The flag decided: links to flags.",
    "effective_value": "The value that counts: a reviewer's correction or choice, else as read.",
    "effective_unit": "The unit that counts: a reviewer's assignment, else as read.",
    "effective_status": "What a reviewer sees: open, resolved, dismissed or gone.",
    "effective_date": "The date that counts: a reviewer's choice, else as cited.",
    "effective_district": "District as read, or as a reviewer assigned it.",
    "superseded": "1 when another version replaces the document (left out of the data).",
    "decision_flag": "The flag whose decision set the value.",
    "decision_reviewer": "Who made the decision in force.",
    "decision_note": "Why.", "decision_created": "When (UTC).",
    "decision_stale": "1 when the decision in force was made on other figures: the flag is open.",
    "file": "The file as given to `baocao run`.", "year": "Reporting year.",
    "half": "1 or 2 for a half year; empty: whole year.",
    "doc_kind": "The document's kind (commune_report, district_summary, ...).",
    "unit_decision_flag": "The flag whose decision set the unit or left the figure out.",
    "decision": "The decision in force.", "decision_value": "Its figure.",
    "decision_seq": "Its seq in decisions.", "latest_seq": "The latest decision's seq.",
    "assigned_unit": "Commune given by hand (empty: as read).",
    "assigned_district": "District given by hand (empty: as read).",
    "effective_kind": "Kind once a commune is given by hand.",
    "superseded_by": "The file that replaces it.", "reason": "merged, not_due or none.",
    "disputed": "1 when the statements of the fact disagree.",
    "values_stated": "Every value stated.", "statements": "How many times it is stated.",
    "sources": "Where each statement is: file#part:block:start-end.",
    "communes_sum": "The communes' own reports added up.",
    "communes_reporting": "How many communes reported the figure.",
    "summary_list_sum": "The district summary's per-commune figures added up.",
    "summary_list_units": "How many communes the summary lists.",
    "summary_value": "The summary's figure for all its communes.",
    "summary_sources": "Where the summary states it.", "files": "The files added up.",
    "agrees": "1 when the summary's figure equals the communes' sum.",
    "communes_not_expected": "Communes marked as owing no report or figure.",
    "communes_low": "The communes' sum with each disputed figure at its lowest.",
    "communes_high": "The communes' sum with each disputed figure at its highest.",
    "communes_disputed": "Communes whose own figures still disagree after decisions.",
    "summary_values": "Every figure the summary states for its communes.",
    "started": "When the run started (UTC).", "finished": "When it finished.",
    "found": "Files found.", "read": "Files read.", "skipped": "Files unchanged.",
    "failed": "Files that could not be read.", "removed": "Files gone.",
    "reconciled": "1 when the flags were computed again.", "reason_detail": "",
    "detail": "More about the failure.", "at": "When (UTC).", "name": "The name.",
    "applied": "When (UTC).", "key": "The fact's name.",
    "map": "The map of the document's period: old (before 1 July 2025: province, district, "
           "commune) or new (province and commune).",
    "old_code": "The former commune's code on the old map: links to counts.code.",
    "old_kind": "Its kind word (xã, phường, thị trấn).", "old_name": "Its name.",
    "old_district": "Its district.", "old_province": "Its province.",
    "new_code": "The new commune's code on the new map.",
    "new_kind": "Its kind word (xã, phường, đặc khu).", "new_name": "Its name.",
    "new_province": "Its province.",
    "mapping_type": "merged, divided (shared among several new communes), renamed or unchanged.",
    "is_default": "For a divided commune: 1 for the successor the data marks as its default.",
}


@cache
def _comments(model: type[BaseModel]) -> dict[str, str]:
    """Return each field's comment in the model's source: the comment lines right above the
    field and the comment at the end of its line, with the comment lines after it when no
    field follows them (a long comment going on)."""
    source = inspect.getsource(model)
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("#").strip()
    lines = source.splitlines()
    alone = {n for n in comments if lines[n - 1].lstrip().startswith("#")}
    fields = [node for node in ast.parse(source).body[0].body
              if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)]
    starts = {node.lineno for node in fields}
    out = {}
    for node in fields:
        above, n = [], node.lineno - 1
        while n in alone:
            above.insert(0, comments[n])
            n -= 1
        text = above + ([comments[node.lineno]] if node.lineno in comments else [])
        after, n = [], node.end_lineno + 1
        while n in alone:
            after.append(comments[n])
            n += 1
        if n not in starts:  # no field right below: the comment goes on
            text += after
        if text:
            out[node.target.id] = " ".join(text)
    return out


def _describe(model: type[BaseModel], column: str) -> str | None:
    """Return what a flat column of `model` means, from the schema: its field's comment,
    a nested model's field comment, or the nested model's docstring."""
    field = model.model_fields.get(column)
    if field is not None and field.description:  # "Vietnamese / English": the English
        return field.description.rpartition(" / ")[2]
    own = _comments(model)
    if column in own:
        return own[column]
    if column in FIELDS:
        return FIELDS[column]
    for name, field in model.model_fields.items():
        nested = next((t for t in getattr(field.annotation, "__args__", (field.annotation,))
                       if isinstance(t, type) and issubclass(t, BaseModel)), None)
        if nested and column.startswith(name + "_"):
            sub = column[len(name) + 1:]
            found = _describe(nested, sub)
            doc = (nested.__dict__.get("__doc__") or "").split("\n\n")[0]
            doc = " ".join(doc.split())
            return found or (f"{sub} of the {name}: {doc}" if doc else None)
    return None


def metadata(database: str = "baocao", columns: dict[str, list[str]] | None = None) -> dict:
    """Return Datasette's metadata for a store called `database` (its file's stem);
    `columns`: each table's and view's columns in that store (None: the schemas')."""
    tables = {}
    base = {**FIELDS, **STORE_COLUMNS,
            **{c: t for c in flat_columns(Count) if (t := _describe(Count, c))}}
    for table, (description, model) in TABLES.items():
        known = dict(base)
        if model is not None:
            for column in flat_columns(model):
                text = _describe(model, column)
                if text:
                    known[column] = text
        wanted = (columns or {}).get(table) if columns is not None else \
            (flat_columns(model) if model is not None else [])
        if columns is not None and wanted is None:
            continue  # not in this store
        tables[table] = {"description": description,
                         "columns": {c: known[c] for c in wanted if c in known}}
    return {"title": "baocao",
            "description": "Figures read from HĐND activity reports, each with its source; "
                           "flags and reviewers' decisions. Which value counts: "
                           "counts_effective.",
            "databases": {database: {"tables": tables}}}
