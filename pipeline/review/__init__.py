"""Reviewing flags: list them, show one with its evidence in context, record a decision that
fits its kind of flag, undo one, tell a flag's history; decisions on documents."""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePath

from pipeline.review.actions import (
    check_person,
    commune_name,
    describe,
    describe_document,
    district_name,
    local_time,
)
from pipeline.store import Store, flag_from_row, open_store, utc_now
from pipeline.store.decisions import fitting_actions, state_token
from schemas.errors import InputError
from schemas.flags import Action, Decision, Flag, Reason, Rule
from schemas.review import (
    DocumentAction,
    DocumentDecision,
    EvidenceContext,
    FlagDetail,
    FlagHistory,
)

MIN_PREFIX = 4  # shortest id prefix accepted for a flag
_CONTEXT = 160  # characters of block text kept on each side of a highlighted span


def list_flags(db: Path, status: str = "open") -> list[Flag]:
    """Return the flags of the store with the given status (open, resolved, dismissed, gone,
    or all), sorted by rule and id; their `status` is the reviewer-facing one."""
    with open_store(db, create=False) as store:
        return [flag_from_row(r) for r in store.flag_rows(status)]


def _resolve_id(store: Store, flag_id: str) -> str:
    ids = store.find_flag_ids(flag_id)
    if len(flag_id) < MIN_PREFIX:  # a prefix this short is a typo more often than an id
        ids = [i for i in ids if i == flag_id]
    if not ids:
        raise InputError(str(store.path), f"không tìm thấy cờ {flag_id} / flag not found")
    if len(ids) > 1:
        raise InputError(str(store.path), f"mã cờ {flag_id} khớp {len(ids)} cờ, hãy ghi dài "
                                          f"hơn / ambiguous flag id, matches {len(ids)} flags")
    return ids[0]


def flag_detail(db: Path, flag_id: str) -> FlagDetail:
    """Return one flag (its id or a unique prefix of at least 4 characters), each value's
    evidence with the text of its block, and the reviewers' decisions on it."""
    with open_store(db, create=False) as store:
        fid = _resolve_id(store, flag_id)
        row = store.flag_row(fid)
        flag = flag_from_row(row)
        items = [_context(store, ev) for ev in flag.evidence]
        return FlagDetail(flag=flag, items=items, decisions=store.decisions(fid),
                          actions=fitting_actions(row),
                          state=state_token(row["values"], row["latest_seq"]))


def _context(store: Store, ev) -> EvidenceContext:
    base = {"document": ev.document, "value": ev.value, "count_id": ev.count_id}
    if ev.evidence is None:
        return EvidenceContext(**base)
    e = ev.evidence
    base.update(part=e.part, block=e.block, footnote=e.footnote)
    doc = store.document_by_file(ev.document)
    block = store.blocks(doc["path"], [e.block]).get(e.block) if doc else None
    # Only trust the stored block when it still holds the evidence (the file may have
    # been re-read since the flag was raised).
    if block is None or block.text[e.start:e.end] != e.text:
        return EvidenceContext(**base, text=e.text, start=0, end=len(e.text))
    return EvidenceContext(**base, label=block.label, text=block.text, start=e.start, end=e.end)


def resolve_flag(db: Path, flag_id: str, *, value: int | None = None, dismiss: bool = False,
                 note: str, reviewer: str) -> Decision:
    """Append a reviewer's decision on a flag and return it: `value` → correct (the right
    figure), `dismiss` → reject (not a real problem), neither → accept."""
    if value is not None and dismiss:
        raise InputError(str(db), "chỉ chọn một: --value hoặc --dismiss / "
                                  "give either --value or --dismiss")
    action = Action.reject if dismiss else Action.correct if value is not None else Action.accept
    return decide(db, flag_id, action, value=value, note=note, reviewer=reviewer)


def decide(db: Path, flag_id: str, action: Action | str, *, note: str, reviewer: str,
           value: int | None = None, item: int | None = None, choice: str | None = None,
           document: str | None = None, unit: str | None = None, district: str | None = None,
           reason: Reason | str | None = None, state: str | None = None) -> Decision:
    """Append a reviewer's decision on a flag (its id or a unique prefix) and return it.

    `action` must fit the flag's rule (`schemas.review.RULE_ACTIONS`), else DecisionError.
    correct: `value`, and for a total_mismatch `item`, the number of the figure as `show`
    lists it (1: the total; default). choose: `choice`, one of the flag's values (a figure,
    or a date of a reference_conflict). choose_document: `document`, one of the flag's.
    not_expected: `reason`. assign_document: `document` for a missing commune's report, or
    `unit` (and `district`) for an unassigned document. assign_unit: `unit`, a commune of
    the flag's district. `state`: the flag's state the reviewer saw (`state_token`); a
    decision made on another state is refused (DecisionError, stale)."""
    with open_store(db, create=False) as store:
        return decide_in(store, flag_id, action, note=note, reviewer=reviewer, value=value,
                         item=item, choice=choice, document=document, unit=unit,
                         district=district, reason=reason, state=state)


def decide_in(store: Store, flag_id: str, action: Action | str, *, note: str, reviewer: str,
              value: int | None = None, item: int | None = None, choice: str | None = None,
              document: str | None = None, unit: str | None = None,
              district: str | None = None, reason: Reason | str | None = None,
              state: str | None = None) -> Decision:
    """`decide` on an open store (the workbook's rows share one)."""
    db = store.path
    note, reviewer = check_person(db, note, reviewer)
    action = Action(action)
    fid = _resolve_id(store, flag_id)
    row = store.flag_row(fid)
    flag = flag_from_row(row)
    if action == Action.assign_unit and flag.rule == Rule.unassigned_document:
        action = Action.assign_document  # a document's commune, not a figure's
    fields: dict = {"value": value}
    if item is not None:
        if not 1 <= item <= len(flag.evidence) or flag.evidence[item - 1].count_id is None:
            raise InputError(str(db), f"cờ không có số liệu thứ {item} / the flag has no "
                                      f"figure number {item} (see `baocao show {fid}`)")
        fields["count_id"] = flag.evidence[item - 1].count_id
    if choice is not None:
        fields.update(_choice(db, flag, choice))
    if document is not None:
        fields["document"] = document
    if unit is not None or district is not None:
        fields.update(_place(db, store, flag, action, unit, district))
    if reason is not None:
        try:
            fields["reason"] = Reason(reason)
        except ValueError:
            raise InputError(str(db), f"lý do không hợp lệ: {reason} (merged, not_due, none) "
                                      f"/ unknown reason: {reason}") from None
    decision = Decision(target_id=fid, action=action, reviewer=reviewer, note=note,
                        created=utc_now(), **fields)
    return store.add_decision(decision, state)


def decision_words(db: Path, decision: Decision) -> tuple[str, str]:
    """Return (vi, en) of what a recorded decision says, its flag's figures named."""
    with open_store(db, create=False) as store:
        row = store.flag_row(decision.target_id)
    return describe(decision, flag_from_row(row) if row else None)


def _choice(db: Path, flag: Flag, choice: str) -> dict:
    if flag.rule == Rule.reference_conflict:
        return {"date": choice.strip()}
    try:
        return {"value": int(choice.strip())}
    except ValueError:
        raise InputError(str(db), f"{choice} không phải một số / {choice} is not a figure") \
            from None


def _place(db: Path, store: Store, flag: Flag, action: Action, unit: str | None,
           district: str | None) -> dict:
    """Return the unit and district of an assignment, as the gazetteer names them."""
    doc = store.document_by_file(flag.documents[0]) if flag.documents else None
    province = doc["province"] if doc else None
    district = district_name(db, district, province) if district else \
        (doc["district"] if doc and doc.get("district") else flag.district)
    out = {"unit": commune_name(db, unit, district, province) if unit else None}
    if action == Action.assign_document:
        out["district"] = district
    return out


def undo(db: Path, flag_id: str, *, note: str, reviewer: str,
         state: str | None = None) -> Decision:
    """Append an undo: the decision in force before the latest one is in force again
    (nothing is deleted)."""
    return decide(db, flag_id, Action.undo, note=note, reviewer=reviewer, state=state)


def history(db: Path, flag_id: str) -> FlagHistory:
    """Return every decision on a flag, oldest first, which one is in force and whether it
    is stale (made on other values than the flag's now)."""
    with open_store(db, create=False) as store:
        fid = _resolve_id(store, flag_id)
        row = store.flag_row(fid)
        return FlagHistory(flag=flag_from_row(row), decisions=store.decisions(fid),
                           in_force=row["decision_seq"], stale=bool(row["decision_stale"]),
                           state=state_token(row["values"], row["latest_seq"]))


def format_history(h: FlagHistory, lang: str = "vi") -> str:
    """Return a flag's decisions as lines, oldest first, times in Vietnam's time zone."""
    vi = lang == "vi"
    f = h.flag
    lines = [f"{'Cờ' if vi else 'Flag'} {f.id} · {f.rule.value} · "
             f"{'trạng thái' if vi else 'status'}: {f.status.value} · "
             f"{'giá trị' if vi else 'values'} [{_values(f.values)}]"]
    if not h.decisions:
        lines.append("Chưa có quyết định nào." if vi else "No decisions yet.")
    for d in h.decisions:
        words = describe(d, f)[0 if vi else 1]
        seen = f" [{_values(d.state)}]" if d.state is not None and d.state != f.values else ""
        mark = " ←" if d.seq == h.in_force else ""
        lines.append(f"#{d.seq} {local_time(d.created)} {d.reviewer}: {words}{seen} — "
                     f"{d.note}{mark}")
    if h.in_force is not None and h.stale:
        lines.append(f"Quyết định #{h.in_force} đã cũ: số liệu đã thay đổi, cờ mở lại." if vi
                     else f"Decision #{h.in_force} is stale: the figures changed, the flag is "
                     "open again.")
    lines.append(f"{'Trạng thái (--state)' if vi else 'State (--state)'}: {h.state}")
    return "\n".join(lines)


# --- documents ----------------------------------------------------------------------------

DOC_ID = 12  # hex characters of a document's short id


def document_id(row: dict) -> str:
    """Return a document's short id: the start of its content hash (of its path when the
    file could not even be hashed)."""
    if row.get("sha256"):
        return row["sha256"][:DOC_ID]
    return "p" + hashlib.sha256(row["path"].encode("utf-8", "surrogateescape")).hexdigest()[
        :DOC_ID - 1]


def find_document(store: Store, ref: str) -> dict:
    """Return the documents_effective row a reference names: a short id (or a longer prefix
    of the content hash), a plain file name, or the file as stored; InputError when none or
    several match."""
    rows = store.rows("documents_effective")
    ref = ref.strip()
    found = [r for r in rows if document_id(r) == ref] or \
        [r for r in rows if len(ref) >= 6 and r["sha256"] and r["sha256"].startswith(ref)] or \
        [r for r in rows if r["file"] == ref] or \
        [r for r in rows if PurePath(r["file"]).name == ref]
    if not found:
        raise InputError(str(store.path), f"không tìm thấy văn bản {ref} / document not found")
    if len({r["path"] for r in found}) > 1 and len({r["sha256"] for r in found}) > 1:
        ids = ", ".join(document_id(r) for r in found)
        raise InputError(str(store.path), f"{ref} khớp {len(found)} văn bản ({ids}); dùng mã "
                                          f"/ {ref} names {len(found)} documents: use an id")
    return found[0]


def decide_document(db: Path, ref: str, action: DocumentAction | str, *, note: str,
                    reviewer: str, unit: str | None = None, district: str | None = None,
                    superseded_by: str | None = None,
                    follows: int | None = None, check_follows: bool = False) -> DocumentDecision:
    """Append a decision on a document (by short id or name): assign it a commune and
    district by hand, mark it superseded (by another document), restore it, or undo the
    latest decision on it. With `check_follows`, refused unless `follows` is still the
    latest decision on the document (a form loaded before another reviewer's decision)."""
    note, reviewer = check_person(db, note, reviewer)
    action = DocumentAction(action)
    with open_store(db, create=False) as store:
        doc = find_document(store, ref)
        if not doc["sha256"] or doc["status"] != "ok":
            raise InputError(str(db), f"{doc['file']}: văn bản không đọc được, không thể quyết "
                                      "định / the document could not be read")
        fields: dict = {}
        if action == DocumentAction.assign:
            district = district_name(db, district, doc["province"]) if district else \
                doc["effective_district"]
            fields = {"district": district,
                      "unit": commune_name(db, unit, district, doc["province"]) if unit
                      else None}
        if superseded_by:
            fields["superseded_by"] = find_document(store, superseded_by)["file"]
        dd = DocumentDecision(document=doc["sha256"], file=doc["file"], action=action,
                              reviewer=reviewer, note=note, created=utc_now(), **fields)
        return store.add_document_decision(dd, follows, check_follows)


def document_history(db: Path, ref: str, lang: str = "vi") -> list[str] | None:
    """Return a document's decisions as lines (its file first), or None when `ref` names no
    document."""
    with open_store(db, create=False) as store:
        try:
            doc = find_document(store, ref)
        except InputError:
            return None
        decisions = store.document_decisions(doc["sha256"]) if doc["sha256"] else []
    none = "Chưa có quyết định nào." if lang == "vi" else "No decisions yet."
    return [f"{doc['file']} ({document_id(doc)})",
            *(format_document_history(decisions, lang) or [none])]


def format_document_history(decisions: list[DocumentDecision], lang: str = "vi") -> list[str]:
    """Return a document's decisions as lines, oldest first."""
    i = 0 if lang == "vi" else 1
    return [f"#{d.seq} {local_time(d.created)} {d.reviewer}: {describe_document(d)[i]} — "
            f"{d.note}" for d in decisions]


def flag_json(flag: Flag, lang: str = "vi") -> dict:
    """Return the contract's JSON of a flag, its message in `lang`, plus its evidence."""
    data = flag.model_dump(mode="json")
    return {"id": flag.id, "rule": data["rule"], "severity": data["severity"],
            "indicator": flag.indicator, "level": flag.level, "unit": flag.unit,
            "values": data["values"], "documents": data["documents"],
            "message": flag.message if lang == "vi" else flag.message_en,
            "status": data["status"], "evidence": data["evidence"]}


_WORDS = {
    "vi": {"none": "Không có cờ nào.", "flag": "Cờ", "status": "trạng thái",
           "indicator": "chỉ tiêu", "level": "cấp", "unit": "đơn vị", "values": "Giá trị",
           "documents": "Tài liệu", "evidence": "Bằng chứng", "footnote": "chú thích",
           "block": "đoạn", "section": "mục", "decisions": "Quyết định",
           "missing": "(đoạn văn không còn trong cơ sở dữ liệu)", "total": "{n} cờ",
           "fits": "Quyết định được nhận (baocao resolve)", "state": "Trạng thái (--state)"},
    "en": {"none": "No flags.", "flag": "Flag", "status": "status",
           "indicator": "indicator", "level": "level", "unit": "unit", "values": "Values",
           "documents": "Documents", "evidence": "Evidence", "footnote": "footnote",
           "block": "block", "section": "section", "decisions": "Decisions",
           "missing": "(block no longer stored)", "total": "{n} flag(s)",
           "fits": "Decisions taken (baocao resolve)", "state": "State (--state)"},
}


def _values(values) -> str:
    return ", ".join(str(v) for v in values) or "-"


def format_flags(flags: list[Flag], lang: str = "vi") -> str:
    """Return the flags as a plain table: id, rule, severity, status, unit, values, message."""
    w = _WORDS[lang]
    if not flags:
        return w["none"]
    lines = []
    for f in flags:
        message = f.message if lang == "vi" else f.message_en
        where = " ".join(x for x in (f.indicator, f.unit) if x) or "-"
        lines.append(f"{f.id}  {f.rule.value:<24} {f.severity.value:<7} {f.status.value:<9} "
                     f"{where} [{_values(f.values)}]\n    {message}")
    lines.append(w["total"].format(n=len(flags)))
    return "\n".join(lines)


def highlight(text: str, start: int, end: int) -> str:
    """Return `text` with [start, end) wrapped in «…», cut to some context around it."""
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return ("…" if left else "") + text[left:start] + "«" + text[start:end] + "»" + \
        text[end:right] + ("…" if right < len(text) else "")


def format_flag_detail(detail: FlagDetail, lang: str = "vi") -> str:
    """Return one flag and each value's evidence in context, as text lines."""
    w, f = _WORDS[lang], detail.flag
    lines = [f"{w['flag']} {f.id} · {f.rule.value} · {f.severity.value} · "
             f"{w['status']}: {f.status.value}"]
    facts = [f"{w[k]}: {v}" for k, v in (("indicator", f.indicator), ("level", f.level),
                                         ("unit", f.unit)) if v]
    if facts:
        lines.append(" · ".join(facts))
    lines.append(f"{w['values']}: {_values(f.values)}")
    lines.append(f"{w['documents']}: {', '.join(f.documents) or '-'}")
    lines.append(f.message if lang == "vi" else f.message_en)
    if detail.items:
        lines.append(f"{w['evidence']}:")
    for i, item in enumerate(detail.items, 1):
        where = [item.document]
        if item.footnote is not None:
            where.append(f"{w['footnote']} {item.footnote}")
        elif item.part:
            where.append(item.part)
        if item.block is not None:
            where.append(f"{w['block']} {item.block}")
        if item.label:
            where.append(f"{w['section']} {item.label}")
        value = "" if item.value is None else f"{item.value} — "
        lines.append(f"  [{i}] {value}{', '.join(where)}")
        if item.text is None:
            lines.append(f"      {w['missing']}")
        else:
            lines.append(f"      {highlight(item.text, item.start, item.end)}")
    if detail.decisions:
        lines.append(f"{w['decisions']}:")
    for d in detail.decisions:
        words = describe(d, f)[0 if lang == "vi" else 1]
        lines.append(f"  #{d.seq} {local_time(d.created)} {d.reviewer}: {d.action.value} "
                     f"({words}) — {d.note}")
    if detail.actions:
        lines.append(f"{w['fits']}: {', '.join(_OPTIONS[a] for a in detail.actions)}")
    if detail.state:
        lines.append(f"{w['state']}: {detail.state}")
    return "\n".join(lines)


# the resolve option of each action, as `show` suggests them
_OPTIONS = {Action.accept: "--accept", Action.reject: "--dismiss", Action.correct: "--value N",
            Action.choose: "--choose X", Action.choose_document: "--official FILE",
            Action.not_expected: "--not-expected merged|not_due|none",
            Action.assign_document: "--assign-document FILE | --unit NAME --district NAME",
            Action.assign_unit: "--unit NAME", Action.exclude: "--exclude",
            Action.undo: "--undo"}
