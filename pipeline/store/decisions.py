"""The store's decision side: which decisions fit a flag, the state a decision is made on,
recording a decision (with its effects on documents) and undoing one.

Every check runs inside the transaction that appends the decision (BEGIN IMMEDIATE), so two
reviewers deciding at once are ordered: the second one's decision, made on the state before
the first, is refused with the state now (DecisionError, stale) instead of silently winning.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import PurePath

from schemas.errors import DecisionError
from schemas.flags import Action, Decision, Rule
from schemas.review import RULE_ACTIONS, DocumentAction, DocumentDecision

MAX_VALUE = 10**9  # no count in a council report comes near this

# the fields each action takes; any other field given is refused
_FIELDS = {
    Action.accept: set(), Action.reject: set(), Action.exclude: set(), Action.undo: set(),
    Action.correct: {"value", "count_id"}, Action.choose: {"value", "date"},
    Action.choose_document: {"document"}, Action.not_expected: {"reason"},
    Action.assign_document: {"document", "unit", "district"}, Action.assign_unit: {"unit"},
}
_OPTIONAL = ("value", "count_id", "date", "document", "unit", "district", "reason")


def state_token(values_json: str, latest_seq: int | None) -> str:
    """Return the token of a flag's state: the latest decision on it and a hash of its values.
    A form, a workbook row or `--state` carries it; a decision made on another is stale."""
    digest = hashlib.sha256(values_json.encode("utf-8")).hexdigest()[:8]
    return f"{latest_seq or 0}.{digest}"


def describe_state(row: dict) -> str:
    """Return a flag's state for a refusal: its values and the decision in force."""
    values = ", ".join(str(v) for v in json.loads(row["values"])) or "-"
    vi, en = f"giá trị nay là [{values}]", f"its values are now [{values}]"
    if row.get("decision"):
        vi += f"; quyết định #{row['decision_seq']} của {row['decision_reviewer']}: " \
              f"{row['decision']}"
        en += f"; decision #{row['decision_seq']} by {row['decision_reviewer']}: " \
              f"{row['decision']}"
    elif row.get("latest_seq"):
        vi += "; quyết định gần nhất đã được hoàn tác"
        en += "; its latest decision was undone"
    return f"{vi} / {en}"


def _refuse(flag_id: str, vi: str, en: str) -> DecisionError:
    return DecisionError(f"cờ {flag_id}", vi, en)


def _same_file(a: str, b: str) -> bool:
    return a == b or PurePath(a).name == PurePath(b).name


def fitting_actions(row: dict) -> list[Action]:
    """Return the actions that fit a flag (a flag_status row), in the order offered."""
    actions = list(RULE_ACTIONS.get(Rule(row["rule"]), (Action.accept, Action.reject)))
    evidence = json.loads(row["evidence"]) if isinstance(row["evidence"], str) else []
    if row["rule"] == Rule.missing_unit.value and evidence:
        actions.remove(Action.assign_document)  # a commune missing from a list, not a report
    if row["rule"] in (Rule.repeated_mismatch.value, Rule.cross_document_mismatch.value,
                       Rule.reference_conflict.value) and len(json.loads(row["values"])) < 2:
        actions = [a for a in actions if a != Action.choose]
    if row.get("latest_seq"):
        actions.append(Action.undo)
    return actions


def check_fits(row: dict, decision: Decision, documents: dict[str, dict]) -> Decision:
    """Return `decision` completed for its flag (a flag_status row), or raise DecisionError
    saying why it does not fit. `documents`: stored documents by file."""
    fid, rule, action = row["id"], row["rule"], decision.action
    if action not in fitting_actions(row):
        if action == Action.undo:
            raise _refuse(fid, "cờ chưa có quyết định nào để hoàn tác",
                          "the flag has no decision to undo")
        fits = ", ".join(a.value for a in fitting_actions(row))
        raise _refuse(fid, f"quyết định {action.value} không hợp với cờ {rule}; "
                           f"chỉ nhận: {fits}",
                      f"{action.value} does not fit a {rule} flag; it takes: {fits}")
    given = {k for k in _OPTIONAL if getattr(decision, k) is not None}
    if extra := given - _FIELDS[action]:
        names = ", ".join(sorted(extra))
        raise _refuse(fid, f"{action.value} không nhận {names}",
                      f"{action.value} takes no {names}")
    values = json.loads(row["values"])
    evidence = json.loads(row["evidence"])
    update: dict = {}
    if action == Action.correct:
        if decision.value is None or not 0 <= decision.value < MAX_VALUE:
            raise _refuse(fid, "sửa số cần số đúng, số nguyên từ 0 đến 999999999",
                          "correct needs the right figure, a whole number 0 to 999999999")
        counts = [e["count_id"] for e in evidence if e.get("count_id")]
        if rule == Rule.total_mismatch.value:
            count_id = decision.count_id or (counts[0] if counts else None)
            if count_id not in counts:
                raise _refuse(fid, f"cờ không có số liệu {count_id}",
                              f"the flag has no figure {count_id}")
            update["count_id"] = count_id
        elif decision.count_id is not None:
            raise _refuse(fid, "chỉ cờ tổng khác tổng các phần mới sửa riêng một phần",
                          "only a total_mismatch flag corrects one part alone")
    elif action == Action.choose:
        if rule == Rule.reference_conflict.value:
            if decision.date not in values or decision.value is not None:
                shown = ", ".join(map(str, values))
                raise _refuse(fid, f"chọn một ngày cờ nêu: {shown}",
                              f"choose one of the flag's dates: {shown}")
        elif decision.value not in values or decision.date is not None:
            shown = ", ".join(map(str, values))
            raise _refuse(fid, f"chọn một số cờ nêu: {shown}",
                          f"choose one of the flag's figures: {shown}")
    elif action == Action.choose_document:
        named = [f for f in json.loads(row["documents"])
                 if decision.document and _same_file(f, decision.document)]
        if len(named) != 1 or named[0] not in documents:
            files = ", ".join(PurePath(f).name for f in json.loads(row["documents"]))
            raise _refuse(fid, f"chọn một văn bản cờ nêu: {files}",
                          f"choose one of the flag's documents: {files}")
        update["document"] = named[0]
    elif action == Action.not_expected:
        if decision.reason is None:
            raise _refuse(fid, "cần lý do: merged, not_due hoặc none",
                          "a reason is needed: merged, not_due or none")
    elif action == Action.assign_document:
        update.update(_assignment(row, decision, documents))
    elif action == Action.assign_unit:
        if not decision.unit:
            raise _refuse(fid, "cần tên xã", "the commune's name is needed")
    return decision.model_copy(update={**update, "state": values,
                                       "follows": row.get("latest_seq")})


def _assignment(row: dict, decision: Decision, documents: dict[str, dict]) -> dict:
    """Return the document, unit and district an assign_document decision places."""
    fid = row["id"]
    if row["rule"] == Rule.missing_unit.value:  # a document is given to the missing commune
        if decision.unit is not None or decision.district is not None:
            raise _refuse(fid, "đơn vị là đơn vị cờ nêu; chỉ chọn văn bản",
                          "the unit is the flag's; give the document only")
        named = [f for f in documents if decision.document and _same_file(f, decision.document)]
        if len(named) != 1:
            raise _refuse(fid, f"không có văn bản {decision.document} (hoặc có nhiều hơn một)",
                          f"no stored document {decision.document} (or more than one)")
        if not row.get("district"):
            raise _refuse(fid, "cờ không cho biết huyện", "the flag names no district")
        return {"document": named[0], "unit": row["unit"], "district": row["district"]}
    # unassigned_document: the flag's document is given a commune (and district)
    if decision.document is not None:
        raise _refuse(fid, "văn bản là văn bản cờ nêu; chỉ ghi xã và huyện",
                      "the document is the flag's; give the commune and district only")
    own = [f for f in json.loads(row["documents"]) if f in documents]
    if len(own) != 1:
        raise _refuse(fid, "cờ không nêu đúng một văn bản đã lưu",
                      "the flag names no single stored document")
    district = decision.district or documents[own[0]].get("district") or row.get("district")
    if not decision.unit or not district:
        raise _refuse(fid, "cần tên xã và huyện", "the commune and the district are needed")
    return {"document": own[0], "unit": decision.unit, "district": district}


def undo_target(store, row: dict) -> int | None:
    """Return the seq of the decision an undo puts back in force (None: no decision): the
    one in force when the latest decision was made."""
    latest = store.db.execute("SELECT follows FROM decisions WHERE seq = ?",
                              [row["latest_seq"]]).fetchone()
    return _in_force(store, "decisions", latest[0] if latest else None)


def _in_force(store, table: str, seq: int | None) -> int | None:
    """Return the decision in force right after decision `seq` of `table` was made."""
    if seq is None:
        return None
    action, restores = store.db.execute(f"SELECT action, restores FROM {table} WHERE seq = ?",
                                        [seq]).fetchone()
    return restores if action == "undo" else seq


def document_effects(store, decision: Decision, seq: int) -> list[DocumentDecision]:
    """Return the document decisions a flag decision brings: the official report of a
    duplicate (the others superseded), a document placed in a commune, or, for an undo,
    the document decisions of the decision undone put back as they were."""
    rows = {r["file"]: r for r in store.db.query(
        "SELECT file, sha256, path FROM documents WHERE status = 'ok'")}
    base = {"reviewer": decision.reviewer, "note": decision.note, "created": decision.created,
            "flag_id": decision.target_id, "cause": seq}
    out = []
    if decision.action == Action.choose_document:
        flag = store.db.execute("SELECT documents FROM flags WHERE id = ?",
                                [decision.target_id]).fetchone()
        for file in json.loads(flag[0]):
            if file not in rows:
                continue
            now = document_state(store, rows[file]["sha256"])
            chosen = file == decision.document
            if chosen and not now["superseded"]:
                continue  # the official one stays as it is
            out.append(DocumentDecision(
                **base, document=rows[file]["sha256"], file=file,
                action=DocumentAction.restore if chosen else DocumentAction.supersede,
                unit=now["unit"], district=now["district"], superseded=not chosen,
                superseded_by=None if chosen else decision.document,
                follows=now["latest_seq"]))
    elif decision.action == Action.assign_document:
        sha = rows[decision.document]["sha256"]
        now = document_state(store, sha)
        out.append(DocumentDecision(
            **base, document=sha, file=decision.document, action=DocumentAction.assign,
            unit=decision.unit, district=decision.district, superseded=now["superseded"],
            superseded_by=now["superseded_by"], follows=now["latest_seq"]))
    elif decision.action == Action.undo:
        undone = store.db.execute("SELECT max(seq) FROM decisions WHERE target_id = ? "
                                  "AND seq < ?", [decision.target_id, seq]).fetchone()[0]
        for dd in store.db.query("SELECT * FROM document_decisions WHERE cause = ?", [undone]):
            now = document_state(store, dd["document"])
            if now["latest_seq"] != dd["seq"]:
                continue  # decided again since by hand: that decision stands
            before = _in_force(store, "document_decisions", dd["follows"])
            state = _document_row(store, before)
            out.append(DocumentDecision(
                **base, document=dd["document"], file=dd["file"], action=DocumentAction.undo,
                unit=state["unit"], district=state["district"],
                superseded=bool(state["superseded"]), superseded_by=state["superseded_by"],
                follows=dd["seq"], restores=before))
    return out


def _document_row(store, seq: int | None) -> dict:
    if seq is None:
        return {"unit": None, "district": None, "superseded": 0, "superseded_by": None}
    return next(store.db.query("SELECT * FROM document_decisions WHERE seq = ?", [seq]))


def document_state(store, sha256: str) -> dict:
    """Return a document's reviewed state: unit, district, superseded, superseded_by (as
    the decision in force says; None and False: as read) and latest_seq."""
    rows = list(store.db.query("SELECT * FROM document_decisions_in_force WHERE document = ?",
                               [sha256]))
    if not rows:
        return {"unit": None, "district": None, "superseded": False, "superseded_by": None,
                "latest_seq": None, "seq": None}
    r = rows[0]
    return {"unit": r["unit"], "district": r["district"], "superseded": bool(r["superseded"]),
            "superseded_by": r["superseded_by"], "latest_seq": r["latest_seq"], "seq": r["seq"]}


def check_document_decision(store, dd: DocumentDecision, follows: int | None,
                            check_follows: bool) -> DocumentDecision:
    """Return a document decision completed (its whole state after it), or raise
    DecisionError when it was made on an older state or means nothing."""
    now = document_state(store, dd.document)
    target = f"văn bản {dd.file}"
    if check_follows and follows != now["latest_seq"]:
        raise DecisionError(target, "văn bản đã có quyết định mới hơn; tải lại trang",
                            "the document was decided since; reload the page", stale=True)
    update = {"follows": now["latest_seq"]}
    if dd.action == DocumentAction.assign:
        if not dd.unit and not dd.district:
            raise DecisionError(target, "cần xã hoặc huyện", "a commune or district is needed")
        update.update(superseded=now["superseded"], superseded_by=now["superseded_by"])
    elif dd.action == DocumentAction.supersede:
        if now["superseded"]:
            raise DecisionError(target, "văn bản đã bị thay thế", "it is superseded already")
        update.update(unit=now["unit"], district=now["district"], superseded=True)
    elif dd.action == DocumentAction.restore:
        if not now["superseded"]:
            raise DecisionError(target, "văn bản không bị thay thế", "it is not superseded")
        update.update(unit=now["unit"], district=now["district"], superseded=False,
                      superseded_by=None)
    elif dd.action == DocumentAction.undo:
        if now["latest_seq"] is None:
            raise DecisionError(target, "văn bản chưa có quyết định nào để hoàn tác",
                                "the document has no decision to undo")
        last = _document_row(store, now["latest_seq"])
        before = _in_force(store, "document_decisions", last["follows"])
        state = _document_row(store, before)
        update.update(unit=state["unit"], district=state["district"],
                      superseded=bool(state["superseded"]),
                      superseded_by=state["superseded_by"], restores=before)
    return dd.model_copy(update=update)
