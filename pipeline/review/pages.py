"""The review pages' data: each view returns the one dict its page renders or sends as JSON
(the web face, `pipeline.web`, only renders them). A bad filter or an unknown flag raises
QueryError, which the page answers with 400 or 404.

Every list takes the same filters, as plain URL parameters: status, rule, indicator,
district, commune, period (2024H1, 2024H2, 2024), document (a short id or a file name) and q
(words searched without diacritics in messages, names and files)."""
from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from pathlib import Path, PurePath

from extractors.places import fold, nfc
from pipeline.reconcile.messages import fact, period  # noqa: F401  (the pages' words)
from pipeline.review import document_id, flag_json
from pipeline.review.actions import REASONS, describe, local_time, offer
from pipeline.store import Store, flag_from_row, open_store
from pipeline.store.decisions import fitting_actions, state_token
from schemas.errors import InputError, QueryError
from schemas.flags import Action, Flag, Rule
from schemas.record import Indicator
from schemas.review import EvidenceContext

STATUSES = ("open", "resolved", "dismissed", "gone", "all")
PAGE_SIZE = 200  # flags per list page: a page a reviewer can scroll, rendered in ~0.1 s
EVIDENCE_PAGE = 50  # evidence items per flag page (a flag may cite 50,000)
CONTEXT = 400  # characters of block text kept on each side of a highlighted span
FILTERS = ("status", "rule", "indicator", "district", "commune", "period", "document", "q")
# the columns of a flag a list needs: never the evidence, which may be long
_LIST_COLUMNS = ("id", "rule", "severity", "indicator", "level", "unit", "values", "documents",
                 "message", "message_en", "effective_status", "district", "period_year",
                 "period_half", "decision", "decision_reviewer", "decision_created",
                 "decision_stale")


def parse_period(text: str | None) -> tuple[int, int | None] | None:
    """Return (year, half) of "2024H1", "2024H2" or "2024" (half None); None for none."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{4})(?:\s*[Hh]([12]))?\s*", text)
    if not m:
        raise QueryError(f"kỳ không hợp lệ: {text} (ví dụ 2024H1, 2024H2, 2024)",
                         f"bad period: {text} (e.g. 2024H1, 2024H2, 2024)")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def period_code(year: int | None, half: int | None) -> str | None:
    """Return the period's code ("2024H1"), None without a year."""
    if year is None:
        return None
    return f"{year}H{half}" if half else str(year)


def _key(text: str | None) -> str:
    return fold(nfc(text or "")).lower()


def clean_filters(query: dict[str, str]) -> dict[str, str | None]:
    """Return the list filters of a query (empty ones None), checked."""
    out = {k: (nfc(query.get(k, "")).strip() or None) for k in FILTERS}
    status = out["status"] or "open"
    if status not in STATUSES:
        raise QueryError(f"trạng thái không hợp lệ: {status}", f"unknown status: {status}")
    out["status"] = status
    if out["rule"] is not None and out["rule"] not in {r.value for r in Rule}:
        raise QueryError(f"quy tắc không hợp lệ: {out['rule']}", f"unknown rule: {out['rule']}")
    if out["indicator"] is not None and out["indicator"] not in {i.value for i in Indicator}:
        raise QueryError(f"chỉ tiêu không hợp lệ: {out['indicator']}",
                         f"unknown indicator: {out['indicator']}")
    parse_period(out["period"])
    return out


def _documents(store: Store) -> dict[str, dict]:
    """Return every stored document by file, with its short id and effective place."""
    rows = store.db.query(
        "SELECT path, file, sha256, kind, effective_kind, effective_unit, effective_district, "
        "period_year, period_half, status, superseded, error, read_at, province "
        "FROM documents_effective ORDER BY path")
    return {r["file"]: {**r, "id": document_id(r)} for r in rows}


def _document_files(docs: dict[str, dict], ref: str | None) -> set[str] | None:
    """Return the files a `document` filter names (a short id, a file or its name)."""
    if ref is None:
        return None
    return {f for f, d in docs.items()
            if ref in (d["id"], f, PurePath(f).name) or (len(ref) >= 6 and d["sha256"]
                                                         and d["sha256"].startswith(ref))}


def _matches(flag: dict, f: dict, docs: dict[str, dict], files: set[str] | None) -> bool:
    """Return whether a flag list row passes the filters other than status."""
    documents = json.loads(flag["documents"])
    if f["rule"] and flag["rule"] != f["rule"]:
        return False
    if f["indicator"] and flag["indicator"] != f["indicator"]:
        return False
    if files is not None and not files & set(documents):
        return False
    own = [docs[d] for d in documents if d in docs]
    if f["district"]:
        want = _key(f["district"])
        if _key(flag["district"]) != want and all(_key(d["effective_district"]) != want
                                                  for d in own):
            return False
    if f["commune"]:
        want = _key(f["commune"])
        if _key(flag["unit"]) != want and all(_key(d["effective_unit"]) != want for d in own):
            return False
    if f["period"]:
        year, half = parse_period(f["period"])
        places = {(flag["period_year"], flag["period_half"])} | {
            (d["period_year"], d["period_half"]) for d in own}
        if (year, half) not in places:
            return False
    if f["q"]:
        text = " ".join(str(x) for x in (flag["id"], flag["message"], flag["message_en"],
                                         flag["unit"], flag["district"], *documents) if x)
        if not all(word in _key(text) for word in _key(f["q"]).split()):
            return False
    return True


def flags_view(db: Path, status: str = "open", rule: str | None = None,
               document: str | None = None, lang: str = "vi", page: int = 1,
               **filters: str | None) -> dict:
    """Return the flag list: the filters, how many flags per status (within the other
    filters), the choices each filter offers and one page (1-based, PAGE_SIZE flags) of the
    chosen flags (the contract's JSON without evidence, both messages, district, period and
    the decision in force)."""
    f = clean_filters({"status": status, "rule": rule or "", "document": document or "",
                       **{k: v or "" for k, v in filters.items()}})
    with open_store(db, create=False) as store:
        docs = _documents(store)
        rows = list(store.db.query(
            "SELECT " + ", ".join(f'"{c}"' for c in _LIST_COLUMNS) +
            " FROM flag_status ORDER BY rule, id"))
    files = _document_files(docs, f["document"])
    kept = [r for r in rows if _matches(r, f, docs, files)]
    counts = Counter(r["effective_status"] for r in kept)
    chosen = [r for r in kept if f["status"] == "all" or r["effective_status"] == f["status"]]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    if not 1 <= page <= pages:
        raise QueryError(f"không có trang {page} (có {pages} trang)",
                         f"no page {page} (there are {pages})", not_found=True)
    shown = chosen[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return {**f, "lang": lang, "filters": {k: v for k, v in f.items() if v and k != "status"},
            "counts": {**{s: counts.get(s, 0) for s in STATUSES[:-1]}, "all": len(kept)},
            "choices": _choices(rows, docs),
            "page": page, "pages": pages, "total": len(chosen),
            "flags": [_list_flag(r, lang, docs) for r in shown]}


def _choices(rows: list[dict], docs: dict[str, dict]) -> dict:
    """Return what each filter can be set to, from the flags and documents stored."""
    periods = {(r["period_year"], r["period_half"]) for r in rows} | {
        (d["period_year"], d["period_half"]) for d in docs.values()}
    return {
        "rule": sorted({r["rule"] for r in rows}),
        "indicator": sorted({r["indicator"] for r in rows if r["indicator"]}),
        "district": sorted({r["district"] for r in rows if r["district"]} |
                           {d["effective_district"] for d in docs.values()
                            if d["effective_district"]}),
        "commune": sorted({d["effective_unit"] for d in docs.values()
                           if d["effective_unit"] and d["effective_kind"] == "commune_report"}
                          | {r["unit"] for r in rows if r["unit"] and r["level"] == "commune"}),
        "period": sorted(filter(None, (period_code(y, h) for y, h in periods))),
    }


def _list_flag(r: dict, lang: str, docs: dict[str, dict]) -> dict:
    documents = json.loads(r["documents"])
    return {"id": r["id"], "rule": r["rule"], "severity": r["severity"],
            "indicator": r["indicator"], "level": r["level"], "unit": r["unit"],
            "values": json.loads(r["values"]), "documents": documents,
            "document_ids": [docs[d]["id"] if d in docs else None for d in documents],
            "message": r["message"] if lang == "vi" else r["message_en"],
            "message_vi": r["message"], "message_en": r["message_en"],
            "status": r["effective_status"], "district": r["district"],
            "period": period_code(r["period_year"], r["period_half"]),
            "decision": r["decision"], "decision_reviewer": r["decision_reviewer"],
            "decision_time": local_time(r["decision_created"]),
            "stale": bool(r["decision_stale"])}


# --- one flag -------------------------------------------------------------------------------

def flag_view(db: Path, flag_id: str, lang: str = "vi", page: int = 1) -> dict:
    """Return one flag (id or unique prefix): its facts, one page (EVIDENCE_PAGE items) of
    its evidence (`items`; the same grouped by block in `blocks`, each span marked, the
    values that differ from the most common one marked `odd` and their differing letters
    shown), the decisions oldest first (in Vietnam's time), the decision in force and
    whether it is stale, the state token a decision form carries, and the actions that fit
    the flag with what each needs (`actions`)."""
    from pipeline.review import _resolve_id

    try:
        with open_store(db, create=False) as store:
            fid = _resolve_id(store, flag_id)
            row = store.flag_row(fid)
            evidence = json.loads(row["evidence"])
            pages = max(1, -(-len(evidence) // EVIDENCE_PAGE))
            if not 1 <= page <= pages:
                raise QueryError(f"không có trang {page} (có {pages} trang)",
                                 f"no page {page} (there are {pages})", not_found=True)
            flag = flag_from_row({**row, "evidence": "[]"})
            common = _most_common([e.get("value") for e in evidence])
            start = (page - 1) * EVIDENCE_PAGE
            shown = evidence[start:start + EVIDENCE_PAGE]
            items = _contexts(store, shown)
            decisions = store.decisions(fid)
            docs = _documents(store)
            actions = _actions(store, row, flag, evidence, docs)
    except InputError as e:
        raise QueryError(*split_message(e.problem), not_found=True) from e
    full = flag.model_copy(update={"evidence": [_evidence(e) for e in shown]})
    flag_dict = {**_flag_dict(flag, lang),
                 "document_ids": [docs[d]["id"] if d in docs else None for d in flag.documents],
                 "period": period_code(flag.period.year, flag.period.half) if flag.period
                 else None}
    return {"lang": lang, "flag": flag_dict,
            "items": [{**i.model_dump(mode="json"), "number": start + n + 1}
                      for n, i in enumerate(items)],
            "blocks": _blocks(items, common, start),
            "evidence_total": len(evidence), "page": page, "pages": pages,
            "common_value": common,
            "odd_count": sum(1 for e in evidence if common is not None
                             and e.get("value") is not None and e.get("value") != common),
            "decisions": [{**d.model_dump(mode="json"), "time": local_time(d.created),
                           "words": describe(d, full)} for d in decisions],
            "in_force": row["decision_seq"], "stale": bool(row["decision_stale"]),
            "state": state_token(row["values"], row["latest_seq"]),
            "actions": actions}


def _evidence(e: dict):
    from schemas.flags import FlagEvidence

    return FlagEvidence.model_validate(e)


def _most_common(values: list) -> object:
    """Return the value most items state when one value is stated by more than any other
    (the others then differ from it), else None."""
    counted = Counter(v for v in values if v is not None).most_common(2)
    if len(counted) < 2 or counted[0][1] == counted[1][1]:
        return None
    return counted[0][0]


def _contexts(store: Store, evidence: list[dict]) -> list[EvidenceContext]:
    """Return each evidence item with the text of the block it stands in, reading the blocks
    of one document in one query."""
    files = {e["document"] for e in evidence}
    paths = {f: (store.document_by_file(f) or {}).get("path") for f in files}
    wanted: dict[str, set[int]] = {}
    for e in evidence:
        if e.get("evidence") and paths.get(e["document"]):
            wanted.setdefault(paths[e["document"]], set()).add(e["evidence"]["block"])
    blocks = {path: store.blocks(path, ids) for path, ids in wanted.items()}
    out = []
    for e in evidence:
        base = {"document": e["document"], "value": e.get("value"), "count_id": e.get("count_id")}
        ev = e.get("evidence")
        if ev is None:
            out.append(EvidenceContext(**base))
            continue
        base.update(part=ev["part"], block=ev["block"], footnote=ev.get("footnote"))
        block = blocks.get(paths.get(e["document"]), {}).get(ev["block"])
        if block is None or block.text[ev["start"]:ev["end"]] != ev["text"]:
            out.append(EvidenceContext(**base, text=ev["text"], start=0, end=len(ev["text"])))
        else:
            out.append(EvidenceContext(**base, label=block.label, text=block.text,
                                       start=ev["start"], end=ev["end"]))
    return out


def _actions(store: Store, row: dict, flag: Flag, evidence: list[dict],
             docs: dict[str, dict]) -> list[dict]:
    """Return the actions that fit the flag, each with its words and what it needs: the
    figures one may correct (total_mismatch), the values to choose among (with the
    documents stating each), the documents to choose or assign, reasons, communes."""
    out = []
    for action in fitting_actions(row):
        a: dict = {"action": action.value, "words": offer(flag.rule, action)}
        if action == Action.correct and flag.rule == Rule.total_mismatch:
            a["figures"] = [{"number": n + 1, "count_id": e["count_id"], "value": e.get("value"),
                           "text": (e.get("evidence") or {}).get("text"), "total": n == 0}
                          for n, e in enumerate(evidence) if e.get("count_id")]
        elif action == Action.choose:
            by_value: dict = {}
            for e in evidence:
                if e.get("value") is not None:
                    by_value.setdefault(e["value"], set()).add(PurePath(e["document"]).name)
            a["choices"] = [{"value": v, "documents": sorted(by_value.get(v, ()))}
                           for v in flag.values]
        elif action == Action.choose_document:
            a["documents"] = [{"file": d, "name": PurePath(d).name,
                               "id": docs[d]["id"] if d in docs else None}
                              for d in flag.documents if d in docs]
        elif action == Action.not_expected:
            a["reasons"] = [{"reason": r.value, "words": w} for r, w in REASONS.items()]
        elif action == Action.assign_document and flag.rule == Rule.missing_unit:
            a["documents"] = [{"file": f, "name": PurePath(f).name, "id": d["id"]}
                              for f, d in docs.items() if _could_be_report(d, flag)]
        elif action in (Action.assign_document, Action.assign_unit):
            a["communes"] = _communes(docs, flag)
            a["district"] = flag.district or next(
                (docs[d]["effective_district"] for d in flag.documents if d in docs), None)
        out.append(a)
    return out


def _could_be_report(d: dict, flag: Flag) -> bool:
    """Whether a stored document could be the missing commune's report: read, of the flag's
    period (or of none), and not placed as another unit's report."""
    if d["status"] != "ok" or d["superseded"]:
        return False
    if flag.period and d["period_year"] not in (None, flag.period.year):
        return False
    return d["effective_unit"] is None or d["effective_kind"] not in ("commune_report",
                                                                      "district_summary")


def _communes(docs: dict[str, dict], flag: Flag) -> list[str]:
    """Return the communes of the flag's district, as the gazetteer names them."""
    from extractors.places import AmbiguousName, gazetteer

    own = [docs[d] for d in flag.documents if d in docs]
    district = flag.district or next((d["effective_district"] for d in own
                                      if d["effective_district"]), None)
    province = next((d["province"] for d in own if d["province"]), None)
    if not district:
        return []
    try:
        return sorted({u.name for u in gazetteer().communes_of(district, province)})
    except AmbiguousName:
        return []


def _flag_dict(flag, lang: str) -> dict:
    return {**flag_json(flag, lang), "message_vi": flag.message, "message_en": flag.message_en,
            "district": flag.district}


def split_message(problem: str) -> tuple[str, str]:
    """Return the Vietnamese and English halves of a "vi / en" message."""
    vi, _, en = problem.partition(" / ")
    return vi, en or vi


def _blocks(items, common=None, start: int = 0) -> list[dict]:
    """Return the evidence grouped by block, in order of first mention: where it stands, the
    values read there, whether one differs from the most common value (`odd`, with `diff`:
    its text with the letters that differ from the common value's text marked) and
    `segments`. Spans that overlap, or do not fit the text, get a group of their own."""
    groups: list[dict] = []
    common_text = next((i.text[i.start:i.end] for i in items if i.value == common
                        and i.text is not None and i.start is not None), None)
    for n, item in enumerate(items):
        span = (item.start, item.end, item.value)
        fits = item.text is not None and item.start is not None and item.end is not None \
            and 0 <= item.start <= item.end <= len(item.text)
        key = (item.document, item.part, item.block, item.footnote, item.text)
        group = next((g for g in groups if fits and g["key"] == key and g["spans"] and all(
            item.end <= s or item.start >= e for s, e, _ in g["spans"])), None)
        if group is None:
            group = {"key": key, "spans": [], "values": [], "item": item, "numbers": []}
            groups.append(group)
        group["values"].append(item.value)
        group["numbers"].append(start + n + 1)
        if fits:
            group["spans"].append(span)
    out = []
    for g in groups:
        item = g["item"]
        odd = common is not None and any(v is not None and v != common for v in g["values"])
        spans = sorted(g["spans"], key=lambda s: s[:2])
        diff = _diff(item.text[item.start:item.end], common_text) \
            if odd and common_text and item.text is not None and item.start is not None else []
        out.append({"document": item.document, "part": item.part, "footnote": item.footnote,
                    "block": item.block, "label": item.label, "values": g["values"],
                    "numbers": g["numbers"], "odd": odd, "diff": diff,
                    "segments": _segments(item.text, spans)})
    return out


def _diff(text: str, common: str) -> list[dict]:
    """Return `text` cut into slices, those that differ from `common` with mark=True."""
    out = []
    matcher = difflib.SequenceMatcher(None, common, text, autojunk=False)
    for op, _, _, j1, j2 in matcher.get_opcodes():
        if j2 > j1:
            out.append({"text": text[j1:j2], "mark": op != "equal"})
    return out


def _segments(text: str | None, spans: list[tuple]) -> list[dict]:
    """Return `text` cut to CONTEXT characters around its (start, end, value) spans, as
    slices in order, each span's with mark=True and its value; [] without text."""
    if text is None:
        return []
    if not spans:
        return [{"text": text, "mark": False}]
    left = max(0, spans[0][0] - CONTEXT)
    right = min(len(text), max(e for _, e, _ in spans) + CONTEXT)
    out, pos = [{"text": "…", "mark": False}] if left else [], left
    for start, end, value in spans:
        if start > pos:
            out.append({"text": text[pos:start], "mark": False})
        out.append({"text": text[start:end], "mark": True, "value": value})
        pos = end
    if right > pos:
        out.append({"text": text[pos:right], "mark": False})
    if right < len(text):
        out.append({"text": "…", "mark": False})
    return out


def check_store(db: Path) -> None:
    """Raise StoreError now when `db` is no baocao store (the page opens it on every request)."""
    open_store(db, create=False).close()
