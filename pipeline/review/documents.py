"""The documents' pages: the list (with the filters every list takes) and one document with
everything the reader saw, every extracted figure marked in place, the numbers left unread,
the flags it takes part in, and the decisions on it."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path, PurePath

from pipeline.review import document_id, find_document
from pipeline.review.actions import describe_document, local_time
from pipeline.review.pages import (
    _key,
    clean_filters,
    parse_period,
    period_code,
    split_message,
)
from pipeline.store import Store, open_store
from schemas.errors import InputError, QueryError
from schemas.record import Indicator

BLOCK_PAGE = 400  # blocks per document page (a hostile file may hold 50,000 paragraphs)
DOCUMENT_STATUSES = ("ok", "failed", "superseded")


def documents_view(db: Path, lang: str = "vi", **query: str | None) -> dict:
    """Return the stored documents (read or failed), filtered (period, district, commune,
    status ok|failed|superseded, rule and indicator: documents in a flag of that rule or
    stating a figure of that indicator, q: words in the file name), each with its short id,
    effective place, whether superseded and its open flags, in path order."""
    status = (query.get("status") or "").strip() or None
    if status not in (None, *DOCUMENT_STATUSES):
        raise QueryError(f"trạng thái không hợp lệ: {status}", f"unknown status: {status}")
    f = clean_filters({k: v or "" for k, v in query.items() if k != "status"})
    with open_store(db, create=False) as store:
        rows = store.rows("documents_effective")
        flags = list(store.db.query("SELECT rule, documents, effective_status "
                                    "FROM flag_status"))
        indicators = _indicator_documents(store, f["indicator"])
    open_by_file = Counter(d for r in flags if r["effective_status"] == "open"
                           for d in set(json.loads(r["documents"])))
    ruled = {d for r in flags if r["rule"] == f["rule"] for d in json.loads(r["documents"])}
    documents = []
    for r in rows:
        shown = {"ok": "superseded" if r["superseded"] else "ok"}.get(r["status"], r["status"])
        if status and shown != status:
            continue
        if f["rule"] and r["file"] not in ruled:
            continue
        if indicators is not None and r["path"] not in indicators:
            continue
        if not _place_matches(r, f):
            continue
        documents.append(_document_dict(r, shown, open_by_file.get(r["file"], 0)))
    periods = {period_code(r["period_year"], r["period_half"]) for r in rows}
    choices = {"rule": sorted({r["rule"] for r in flags}),
               "indicator": sorted(Indicator.__members__),
               "district": sorted({r["effective_district"] for r in rows
                                   if r["effective_district"]}),
               "commune": sorted({r["effective_unit"] for r in rows if r["effective_unit"]}),
               "period": sorted(filter(None, periods))}
    return {"documents": documents, "status": status, "choices": choices,
            "filters": {k: v for k, v in {**f, "status": status}.items()
                        if v and not (k == "status" and v == "open")},
            **{k: f[k] for k in ("rule", "indicator", "district", "commune", "period", "q")},
            "counts": dict(Counter(d["status"] for d in documents)), "lang": lang}


def _indicator_documents(store: Store, indicator: str | None) -> set[str] | None:
    if indicator is None:
        return None
    return {r[0] for r in store.db.execute("SELECT DISTINCT doc FROM counts WHERE indicator = ?",
                                           [indicator])}


def _place_matches(r: dict, f: dict) -> bool:
    if f["district"] and _key(r["effective_district"]) != _key(f["district"]):
        return False
    if f["commune"] and _key(r["effective_unit"]) != _key(f["commune"]):
        return False
    if f["period"] and (r["period_year"], r["period_half"]) != parse_period(f["period"]):
        return False
    if f["document"] and f["document"] not in (document_id(r), r["file"],
                                               PurePath(r["file"]).name):
        return False
    if f["q"]:
        text = _key(" ".join(x for x in (r["file"], r["effective_unit"],
                                         r["effective_district"]) if x))
        return all(word in text for word in _key(f["q"]).split())
    return True


def _document_dict(r: dict, status: str, open_flags: int) -> dict:
    return {"id": document_id(r), "file": r["file"], "name": PurePath(r["file"]).name,
            "kind": r["effective_kind"], "level": r["level"], "unit": r["effective_unit"],
            "district": r["effective_district"], "province": r["province"],
            "period_year": r["period_year"], "period_half": r["period_half"],
            "period": period_code(r["period_year"], r["period_half"]),
            "term": r["term"], "source_format": r["source_format"], "status": status,
            "superseded": bool(r["superseded"]), "superseded_by": r["superseded_by"],
            "assigned": r["assigned_unit"] is not None or r["assigned_district"] is not None,
            "read_unit": r["unit"], "read_district": r["district"],
            "error": r["error"], "read_at": local_time(r["read_at"]), "open_flags": open_flags}


def document_view(db: Path, ref: str, lang: str = "vi", page: int = 1) -> dict:
    """Return one document (short id or file name): its facts, one page of its blocks (as
    the reader saw them, in order), each with the figures read in it marked (`segments`:
    kind "count" with indicator, value and effective value, or "unread" with the reason),
    the numbers left unread with their sentences, the figures read, the flags it takes part
    in, the decisions on it and the state a decision form carries (`follows`)."""
    try:
        with open_store(db, create=False) as store:
            doc = find_document(store, ref)
            return _document_page(store, doc, lang, page)
    except InputError as e:
        raise QueryError(*split_message(e.problem), not_found=True) from e


def _document_page(store: Store, doc: dict, lang: str, page: int) -> dict:
    path = doc["path"]
    total = store.db.execute("SELECT count(*) FROM blocks WHERE doc = ?", [path]).fetchone()[0]
    pages = max(1, -(-total // BLOCK_PAGE))
    if not 1 <= page <= pages:
        raise QueryError(f"không có trang {page} (có {pages} trang)",
                         f"no page {page} (there are {pages})", not_found=True)
    blocks = list(store.db.query("SELECT id, part, text, label, note, \"table\", row, col "
                                 "FROM blocks WHERE doc = ? ORDER BY id LIMIT ? OFFSET ?",
                                 [path, BLOCK_PAGE, (page - 1) * BLOCK_PAGE]))
    effective = {r["id"]: r for r in store.db.query(
        "SELECT id, effective_value, effective_unit FROM counts_effective WHERE doc = ?",
        [path])}
    counts = [{**c, "effective_value": effective.get(c["id"], {}).get("effective_value"),
               "effective_unit": effective.get(c["id"], {}).get("effective_unit"),
               "counted": c["id"] in effective}
              for c in store.db.query(
                  "SELECT id, indicator, value, level, unit, scope, body, evidence_part, "
                  "evidence_block, evidence_start, evidence_end, evidence_text, "
                  "qualifiers_planned FROM counts WHERE doc = ? ORDER BY seq", [path])]
    unread = list(store.db.query(
        "SELECT text, reason, evidence_block, evidence_start, evidence_end FROM unread "
        "WHERE doc = ? ORDER BY seq", [path])) if "unread" in store.db.table_names() else []
    texts = {b["id"]: b["text"] for b in blocks}
    missing = {u["evidence_block"] for u in unread} - set(texts)
    if missing:  # an unread number's sentence on another page
        marks = ",".join("?" * len(missing))
        texts.update(store.db.execute(f"SELECT id, text FROM blocks WHERE doc = ? AND id IN "
                                      f"({marks})", [path, *sorted(missing)]).fetchall())
    flags = list(store.db.query(
        "SELECT f.id, f.rule, f.severity, f.message, f.message_en, f.effective_status, "
        "f.\"values\" FROM flag_status f, json_each(f.documents) j WHERE j.value = ? "
        "ORDER BY f.rule, f.id", [doc["file"]]))
    decisions = store.document_decisions(doc["sha256"]) if doc["sha256"] else []
    state = store.document_state(doc["sha256"]) if doc["sha256"] else {}
    status = "superseded" if doc["superseded"] else doc["status"]
    return {
        "lang": lang, "document": {**_document_dict(doc, status, 0),
                                   "sha256": doc["sha256"], "size": doc["size"],
                                   "number": doc.get("number"), "date": doc.get("date"),
                                   "warnings": json.loads(doc["warnings"] or "[]")},
        "blocks": [{**b, "segments": _marks(b, counts, unread)} for b in blocks],
        "block_total": total, "page": page, "pages": pages,
        "counts": counts,
        "unread": [{**u, "sentence": _sentence(texts.get(u["evidence_block"]),
                                               u["evidence_start"], u["evidence_end"])}
                   for u in unread],
        "flags": [{"id": f["id"], "rule": f["rule"], "severity": f["severity"],
                   "message": f["message"] if lang == "vi" else f["message_en"],
                   "message_vi": f["message"], "message_en": f["message_en"],
                   "status": f["effective_status"], "values": json.loads(f["values"])}
                  for f in flags],
        "decisions": [{**d.model_dump(mode="json"), "time": local_time(d.created),
                       "words": describe_document(d)} for d in decisions],
        "follows": state.get("latest_seq"),
        "actions": _document_actions(store, doc, state),
    }


def _marks(block: dict, counts: list[dict], unread: list[dict]) -> list[dict]:
    """Return a block's text cut into slices: the figures read in it and the numbers left
    unread marked (an overlapping span is left to the tables below the text)."""
    text = block["text"] or ""
    spans = [(c["evidence_start"], c["evidence_end"], {
        "kind": "count", "indicator": c["indicator"], "value": c["value"],
        "effective_value": c["effective_value"], "counted": c["counted"]})
        for c in counts if c["evidence_block"] == block["id"]]
    spans += [(u["evidence_start"], u["evidence_end"], {"kind": "unread", "reason": u["reason"]})
              for u in unread if u["evidence_block"] == block["id"]]
    out, pos = [], 0
    for start, end, mark in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start is None or end is None or start < pos or not start <= end <= len(text):
            continue
        if start > pos:
            out.append({"text": text[pos:start], "mark": None})
        out.append({"text": text[start:end], "mark": mark})
        pos = end
    if pos < len(text) or not out:
        out.append({"text": text[pos:], "mark": None})
    return out


def _sentence(text: str | None, start: int | None, end: int | None, around: int = 160) -> dict:
    """Return the text around a span: before, the span, after (cut to `around` characters)."""
    if text is None or start is None or end is None or not 0 <= start <= end <= len(text):
        return {"before": "", "span": "", "after": ""}
    left = max(0, start - around)
    right = min(len(text), end + around)
    return {"before": ("…" if left else "") + text[left:start], "span": text[start:end],
            "after": text[end:right] + ("…" if right < len(text) else "")}


def _document_actions(store: Store, doc: dict, state: dict) -> list[dict]:
    """Return what a reviewer may decide on this document, with what each needs."""
    from extractors.places import AmbiguousName, gazetteer

    if doc["status"] != "ok" or not doc["sha256"]:
        return []
    district, province = doc["effective_district"], doc["province"]
    try:
        communes = sorted({u.name for u in gazetteer().communes_of(district, province)}) \
            if district else []
        districts = sorted({u.name for u in gazetteer().districts(province)}) \
            if province else []
    except AmbiguousName:
        communes, districts = [], []
    out = [{"action": "assign", "communes": communes, "districts": districts,
            "district": district, "unit": doc["effective_unit"]}]
    if state.get("superseded"):
        out.append({"action": "restore"})
    else:
        others = [r for r in store.rows("documents_effective")
                  if r["path"] != doc["path"] and r["status"] == "ok" and not r["superseded"]
                  and r["effective_unit"] == doc["effective_unit"]
                  and r["period_year"] == doc["period_year"]
                  and r["period_half"] == doc["period_half"]]
        out.append({"action": "supersede", "documents": [
            {"id": document_id(r), "file": r["file"], "name": PurePath(r["file"]).name}
            for r in others]})
    if state.get("latest_seq"):
        out.append({"action": "undo"})
    return out
