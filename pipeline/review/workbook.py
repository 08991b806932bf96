"""Decisions in Excel, both ways: the flags written to a workbook with decision columns whose
allowed actions are a drop-down per row, and the filled-in workbook read back.

Reading back is a dry run unless asked to apply: the rows are decided in one transaction
that is rolled back, so the report says exactly what applying would do (a second row on a
flag another row decided is refused as it would be). Applying records each valid row in
its own transaction and reports every refused row with its reason; the rest are kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath

from pipeline.export import safe_cell
from pipeline.review import _resolve_id, decide_in, flag_json
from pipeline.review.actions import REASONS, describe
from pipeline.review.pages import _communes, _could_be_report, _documents
from pipeline.store import Store, flag_from_row, open_store
from pipeline.store.decisions import fitting_actions, state_token
from schemas.errors import DecisionError, InputError, PipelineError, StoreError
from schemas.flags import Action, Rule

SHEET = "flags"
MAX_CELL = 32_000  # characters kept in a cell (Excel holds 32,767)
# an action as the drop-down shows it: Vietnamese, then its code
LABELS = {
    Action.accept: "chấp nhận (accept)", Action.reject: "bỏ qua (dismiss)",
    Action.correct: "sửa số (correct)", Action.choose: "chọn số đúng (choose)",
    Action.choose_document: "bản chính thức (official)",
    Action.not_expected: "không phải có (not expected)",
    Action.assign_document: "gán văn bản (assign document)",
    Action.assign_unit: "gán xã (assign commune)", Action.exclude: "loại ra (exclude)",
    Action.undo: "hoàn tác (undo)",
}
COLUMNS = [  # (key, header, width)
    ("id", "Mã cờ / Flag id", 19), ("state", "Trạng thái cờ / State (keep)", 13),
    ("rule", "Quy tắc / Rule", 22), ("period", "Kỳ / Period", 9),
    ("district", "Huyện / District", 14), ("unit", "Đơn vị / Unit", 14),
    ("indicator", "Chỉ tiêu / Indicator", 16), ("values", "Giá trị / Values", 14),
    ("documents", "Tài liệu / Documents", 28), ("message", "Nội dung / Message", 50),
    ("evidence", "Bằng chứng / Evidence", 60),
    ("allowed", "Quyết định được chọn / Allowed decisions", 30),
    ("action", "QUYẾT ĐỊNH / DECISION", 24),
    ("choice", "Số, ngày, văn bản, lý do hoặc xã / Figure, date, document, reason or commune",
     26),
    ("item", "Phần sửa (số thứ tự) / Figure corrected (number)", 12),
    ("note", "GHI CHÚ / NOTE", 40),
]
_COL = {key: i + 1 for i, (key, _, _) in enumerate(COLUMNS)}
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value):
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
        if len(value) > MAX_CELL:
            value = value[:MAX_CELL] + " …"
    return safe_cell(value)


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def write_workbook(db: Path, out: Path, status: str = "open") -> Path:
    """Write the flags of `status` to the workbook `out`, one row each: values, evidence
    text, the decisions that fit and the decision columns (a drop-down of the allowed
    actions, one of choices where the action takes one); return `out`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    help_sheet = book.create_sheet("help")
    for key, header, width in COLUMNS:
        cell = sheet.cell(1, _COL[key], header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[_column(_COL[key])].width = width
    for key in ("action", "choice", "item", "note"):
        sheet.cell(1, _COL[key]).fill = PatternFill("solid", fgColor="FFF2CC")
    sheet.freeze_panes = "B2"
    action_lists: dict[tuple, DataValidation] = {}
    with open_store(db, create=False) as store:
        docs = _documents(store)
        rows = [r for r in store.flag_rows(status)]
        for n, row in enumerate(rows, start=2):
            flag = flag_from_row(row)
            actions = fitting_actions(row)
            data = _row(flag, row, actions)
            for key, value in data.items():
                cell = sheet.cell(n, _COL[key], _cell(value))
                cell.alignment = Alignment(wrap_text=key in ("message", "evidence", "documents"),
                                           vertical="top")
            labels = tuple(LABELS[a] for a in actions)
            if labels not in action_lists:
                dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                                    allow_blank=True, showErrorMessage=True,
                                    errorTitle="baocao", error="Chọn trong danh sách / "
                                    "choose from the list")
                sheet.add_data_validation(dv)
                action_lists[labels] = dv
            action_lists[labels].add(f"{_column(_COL['action'])}{n}")
            options = _options(store, flag, actions, docs)
            if options:
                for i, option in enumerate(options, start=1):
                    lists.cell(n, i, _cell(option))
                ref = f"lists!${_column(1)}${n}:${_column(len(options))}${n}"
                dv = DataValidation(type="list", formula1=ref, allow_blank=True,
                                    showErrorMessage=False)  # a typed figure is welcome
                sheet.add_data_validation(dv)
                dv.add(f"{_column(_COL['choice'])}{n}")
    _help(help_sheet)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        book.save(tmp)
        tmp.replace(out)
    except OSError as e:
        raise StoreError(f"{out}: không ghi được / cannot write the workbook: {e}") from e
    return out


def _row(flag, row: dict, actions: list[Action]) -> dict:
    data = flag_json(flag)
    evidence = []
    for n, e in enumerate(flag.evidence, start=1):
        text = e.evidence.text if e.evidence else ""
        value = "" if e.value is None else f"{e.value} — "
        evidence.append(f"[{n}] {value}{PurePath(e.document).name}: {text}")
        if sum(len(x) for x in evidence) > MAX_CELL:
            evidence[-1] = f"… (+{len(flag.evidence) - n + 1})"
            break
    return {"id": flag.id, "state": state_token(row["values"], row["latest_seq"]),
            "rule": flag.rule.value,
            "period": f"{flag.period.year}H{flag.period.half}" if flag.period and
            flag.period.half else (str(flag.period.year) if flag.period and flag.period.year
                                   else ""),
            "district": flag.district or "", "unit": flag.unit or "",
            "indicator": flag.indicator or "",
            "values": ", ".join(str(v) for v in data["values"]),
            "documents": "\n".join(PurePath(d).name for d in flag.documents),
            "message": flag.message, "evidence": "\n".join(evidence),
            "allowed": "; ".join(LABELS[a] for a in actions)}


def _options(store: Store, flag, actions: list[Action], docs: dict) -> list[str]:
    """Return the choices a row's choice column offers for the actions that take one."""
    out: list[str] = []
    if Action.choose in actions:
        out += [str(v) for v in flag.values]
    if Action.choose_document in actions:
        out += [PurePath(d).name for d in flag.documents]
    if Action.not_expected in actions:
        out += [r.value for r in REASONS]
    if Action.assign_document in actions and flag.rule == Rule.missing_unit:
        out += [PurePath(f).name for f, d in docs.items() if _could_be_report(d, flag)]
    if Action.assign_unit in actions or (Action.assign_document in actions
                                         and flag.rule != Rule.missing_unit):
        out += _communes(docs, flag)
    return out


def _help(sheet) -> None:
    lines = [
        ("Cột QUYẾT ĐỊNH: chọn một quyết định trong danh sách của dòng.",
         "DECISION column: pick one decision from the row's list."),
        ("Cột Số, ngày, văn bản...: số đúng (sửa số), giá trị đúng (chọn số đúng), tệp (bản "
         "chính thức, gán văn bản), lý do merged / not_due / none (không phải có), tên xã "
         "(gán xã).", "Figure... column: the right figure (correct), the right value (choose), "
                      "a file (official, assign document), reason merged / not_due / none "
                      "(not expected), the commune (assign commune)."),
        ("Cột Phần sửa: với cờ tổng khác tổng các phần, số thứ tự của số liệu sửa như cột "
         "Bằng chứng ghi ([1] là tổng).", "Figure corrected: for a total_mismatch, the number "
                                          "of the figure as the Evidence column lists it ([1]: "
                                          "the total)."),
        ("Cột GHI CHÚ là bắt buộc. Giữ nguyên cột Trạng thái cờ.",
         "NOTE is required. Keep the State column as it is."),
        ("Đọc lại: baocao resolve --db DB --from-xlsx TỆP --reviewer TÊN (--apply để ghi).",
         "Read back: baocao resolve --db DB --from-xlsx FILE --reviewer NAME (--apply to "
         "record)."),
    ]
    for n, (vi, en) in enumerate(lines, start=1):
        sheet.cell(n, 1, vi)
        sheet.cell(n, 2, en)
    sheet.column_dimensions["A"].width = 80
    sheet.column_dimensions["B"].width = 80


# --- reading back ---------------------------------------------------------------------------

@dataclass
class RowResult:
    """What became of one filled-in row: `ok` (recorded, or would be), and words."""

    row: int
    flag: str
    ok: bool
    vi: str
    en: str
    changes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    applied: bool
    rows: list[RowResult] = field(default_factory=list)

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


class _DryRun(Exception):
    """Raised at the end of a dry run: the transaction rolls back."""


def read_workbook(db: Path, path: Path, reviewer: str, apply: bool = False) -> Outcome:
    """Decide every row of a filled-in workbook whose decision column is set; with `apply`
    record the valid ones, else only say what would change (nothing is written). A row is
    refused, with its reason, when its decision does not fit, a field is missing or bad, or
    its flag changed since the workbook was written."""
    rows = _read_rows(path)
    outcome = Outcome(applied=apply)
    with open_store(db, create=False) as store:
        if apply:  # each row in its own transaction, waiting for other writers
            for r in rows:
                outcome.rows.append(_decide_row(store, r, reviewer,
                                                lambda: store.writing("record a decision")))
            return outcome
        try:
            with store.writing("check the workbook"):
                for r in rows:  # each row in a savepoint of the one rolled back
                    outcome.rows.append(_decide_row(store, r, reviewer, store.db.atomic))
                raise _DryRun
        except _DryRun:
            pass
    return outcome


def _read_rows(path: Path) -> list[dict]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 (openpyxl raises many kinds for a bad file)
        raise InputError(str(path), f"không đọc được sổ Excel / cannot read the workbook "
                                    f"({type(e).__name__}: {e})") from e
    if SHEET not in book.sheetnames:
        raise InputError(str(path), f"sổ không có trang {SHEET} (hãy dùng sổ do `baocao flags "
                                    f"--xlsx` ghi) / the workbook has no sheet {SHEET}")
    out = []
    for n, values in enumerate(book[SHEET].iter_rows(min_row=2, values_only=True), start=2):
        cells = {key: values[i - 1] if i - 1 < len(values) else None for key, i in _COL.items()}
        if cells["action"] in (None, "") or not cells["id"]:
            continue
        out.append({"row": n, **cells})
    book.close()
    return out


def _text(value) -> str | None:
    """Return a cell as text: a whole float as an integer, a date as ISO."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def _action(text: str) -> Action | None:
    """Return the action a decision cell names: its label, its code or the word in
    parentheses; None when it names none."""
    key = text.strip().lower()
    for action, label in LABELS.items():
        code = label[label.rindex("(") + 1:-1]
        if key in (label.lower(), action.value, code, label[:label.rindex("(")].strip()):
            return action
    return None


def _decide_row(store: Store, r: dict, reviewer: str, transaction) -> RowResult:
    """Decide one row inside `transaction()`; a refused row leaves nothing behind."""
    flag_id = _text(r["id"]) or ""
    n = r["row"]
    action = _action(_text(r["action"]) or "")
    if action is None:
        return RowResult(n, flag_id, False, f"quyết định không hợp lệ: {r['action']}",
                         f"unknown decision: {r['action']}")
    choice, item = _text(r["choice"]), _text(r["item"])
    kwargs: dict = {"note": _text(r["note"]), "reviewer": reviewer,
                    "state": _text(r["state"]) or None}
    try:
        if item is not None:
            if not re.fullmatch(r"[0-9]{1,6}", item):
                raise InputError(str(store.path), f"phần sửa không hợp lệ: {item} / bad "
                                                  f"figure number: {item}")
            kwargs["item"] = int(item)
        if action == Action.correct:
            if choice is None or not re.fullmatch(r"[0-9]{1,9}", choice):
                raise InputError(str(store.path), "sửa số cần số đúng (số nguyên không âm) / "
                                                  "correct needs the right figure")
            kwargs["value"] = int(choice)
        elif action == Action.choose:
            kwargs["choice"] = choice
        elif action == Action.choose_document or (
                action == Action.assign_document
                and _rule(store, flag_id) == Rule.missing_unit.value):
            kwargs["document"] = _file(store, choice)
        elif action == Action.not_expected:
            kwargs["reason"] = choice
        elif action in (Action.assign_unit, Action.assign_document):
            kwargs["unit"] = choice
        elif choice is not None:
            raise InputError(str(store.path), f"{action.value} không nhận giá trị ({choice}) / "
                                              f"{action.value} takes no value")
        with transaction():
            before = _effects(store, flag_id)
            decision = decide_in(store, flag_id, action, **kwargs)
            after = _effects(store, flag_id)
    except DecisionError as e:
        extra = f" ({e.current})" if e.current else ""
        return RowResult(n, flag_id, False, e.vi + extra, e.en + extra)
    except PipelineError as e:
        vi, _, en = str(e).partition(" / ")
        vi = vi.split(": ", 1)[-1]
        return RowResult(n, flag_id, False, vi, en or vi)
    flag = flag_from_row(store.flag_row(decision.target_id))
    vi, en = describe(decision, flag)
    changes = [f"{k}: {before.get(k, '—')} → {after.get(k, '—')}"
               for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    return RowResult(n, decision.target_id, True, vi, en, changes)


def _rule(store: Store, flag_id: str) -> str | None:
    try:
        return store.flag_row(_resolve_id(store, flag_id))["rule"]
    except InputError:
        return None


def _file(store: Store, name: str | None) -> str | None:
    """Return the stored file a cell names (its file name is enough)."""
    if not name:
        return None
    for (file,) in store.db.execute("SELECT file FROM documents"):
        if name in (file, PurePath(file).name):
            return file
    return name


def _effects(store: Store, flag_id: str) -> dict[str, object]:
    """Return what a decision on the flag may change, as readable keys and values: the
    effective value of each of its figures, and each document's standing and place."""
    try:
        fid = _resolve_id(store, flag_id)
    except InputError:
        return {}
    out: dict[str, object] = {}
    for r in store.db.query(
            "SELECT c.file, c.id, c.effective_value, c.effective_unit FROM counts_effective c "
            "JOIN flag_counts fc ON fc.doc = c.doc AND fc.count_id = c.id "
            "WHERE fc.flag_id = ?", [fid]):
        out[f"{PurePath(r['file']).name}#{r['id'][:8]}"] = \
            f"{r['effective_value']} ({r['effective_unit']})"
    for r in store.db.query(
            "SELECT r.file, r.evidence_block, r.type, r.number, r.effective_date "
            "FROM references_effective r JOIN flags f ON f.id = ?, json_each(f.evidence) j "
            "WHERE f.rule = 'reference_conflict' AND json_extract(j.value, '$.document') = r.file "
            "AND json_extract(j.value, '$.evidence.start') = r.evidence_start "
            "AND json_extract(j.value, '$.evidence.block') = r.evidence_block", [fid]):
        out[f"{PurePath(r['file']).name} {r['number']:02d}/{r['type']}"] = r["effective_date"]
    for r in store.db.query("SELECT file, superseded, effective_unit, effective_district "
                            "FROM documents_effective WHERE status = 'ok'"):
        standing = "superseded" if r["superseded"] else "counted"
        out[PurePath(r["file"]).name] = f"{standing}, {r['effective_unit']}, " \
                                        f"{r['effective_district']}"
    return out


def format_outcome(outcome: Outcome, lang: str = "vi") -> str:
    """Return the report of a workbook read back: one line per row, then a summary."""
    i = 0 if lang == "vi" else 1
    lines = []
    for r in outcome.rows:
        words = (r.vi, r.en)[i]
        if r.ok:
            verb = ("đã ghi", "recorded") if outcome.applied else ("sẽ ghi", "would record")
            lines.append(f"dòng {r.row} / row {r.row}: {r.flag}: {verb[i]}: {words}")
            lines += [f"    {c}" for c in r.changes]
        else:
            lines.append(f"dòng {r.row} / row {r.row}: {r.flag}: bị từ chối / refused: {words}")
    ok = sum(r.ok for r in outcome.rows)
    if outcome.applied:
        lines.append(f"{ok} dòng đã ghi, {len(outcome.refused)} dòng bị từ chối / {ok} row(s) "
                     f"recorded, {len(outcome.refused)} refused")
    else:
        lines.append(f"Chạy thử: {ok} dòng sẽ được ghi, {len(outcome.refused)} dòng bị từ chối; "
                     f"chưa ghi gì (thêm --apply để ghi) / dry run: {ok} row(s) would be "
                     f"recorded, {len(outcome.refused)} refused; nothing written (add --apply)")
    return "\n".join(lines)
