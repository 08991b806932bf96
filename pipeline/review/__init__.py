"""Reviewing flags: list them, show one with its evidence in context, record a decision."""
from __future__ import annotations

from pathlib import Path

from extractors.places import nfc
from pipeline.store import Store, flag_from_row, open_store, utc_now
from schemas.errors import InputError
from schemas.flags import Action, Decision, Flag
from schemas.review import EvidenceContext, FlagDetail

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
        flag = flag_from_row(next(r for r in store.flag_rows("all") if r["id"] == fid))
        items = [_context(store, ev) for ev in flag.evidence]
        return FlagDetail(flag=flag, items=items, decisions=store.decisions(fid))


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
    with open_store(db, create=False) as store:
        fid = _resolve_id(store, flag_id)
        action = Action.reject if dismiss else Action.correct if value is not None \
            else Action.accept
        decision = Decision(target_id=fid, action=action, value=value, reviewer=nfc(reviewer),
                            note=nfc(note), created=utc_now())
        store.add_decision(decision)
        return decision


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
           "missing": "(đoạn văn không còn trong cơ sở dữ liệu)", "total": "{n} cờ"},
    "en": {"none": "No flags.", "flag": "Flag", "status": "status",
           "indicator": "indicator", "level": "level", "unit": "unit", "values": "Values",
           "documents": "Documents", "evidence": "Evidence", "footnote": "footnote",
           "block": "block", "section": "section", "decisions": "Decisions",
           "missing": "(block no longer stored)", "total": "{n} flag(s)"},
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
        value = f" {d.value}" if d.value is not None else ""
        lines.append(f"  {d.created} {d.reviewer}: {d.action.value}{value} — {d.note}")
    return "\n".join(lines)
