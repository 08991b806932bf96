"""The review pages' data: each view returns the one dict its page renders or sends as JSON
(the web face, `pipeline.web`, only renders them). A bad filter or an unknown flag raises
QueryError, which the page answers with 400 or 404."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.reconcile.messages import fact, period  # noqa: F401  (the pages' words)
from pipeline.review import flag_detail, flag_json, list_flags
from pipeline.store import open_store
from schemas.errors import InputError, QueryError
from schemas.flags import Rule

STATUSES = ("open", "resolved", "dismissed", "gone", "all")
PAGE_SIZE = 200  # flags per list page: a page a reviewer can scroll, rendered in ~0.1 s
CONTEXT = 400  # characters of block text kept on each side of a highlighted span
_DOCUMENT_COLUMNS = ("file", "kind", "level", "unit", "district", "province", "period_year",
                     "period_half", "term", "source_format", "status", "error", "read_at")



def flags_view(db: Path, status: str = "open", rule: str | None = None,
               document: str | None = None, lang: str = "vi", page: int = 1) -> dict:
    """Return the flag list: the filter, how many flags per status (within the rule and
    document filters), the rules present and one page (1-based, PAGE_SIZE flags) of the
    chosen flags (the contract's JSON plus both messages). `document` is a file as flags
    name it; None: every document."""
    if status not in STATUSES:
        raise QueryError(f"trạng thái không hợp lệ: {status}",
                        f"unknown status: {status}")
    if rule is not None and rule not in {r.value for r in Rule}:
        raise QueryError(f"quy tắc không hợp lệ: {rule}",
                        f"unknown rule: {rule}")
    every = list_flags(db, "all")
    ruled = [f for f in every if (rule is None or f.rule.value == rule)
             and (document is None or document in f.documents)]
    counts = Counter(f.status.value for f in ruled)
    chosen = [f for f in ruled if status == "all" or f.status.value == status]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    if not 1 <= page <= pages:
        raise QueryError(f"không có trang {page} (có {pages} trang)",
                        f"no page {page} (there are {pages})", not_found=True)
    shown = chosen[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return {"status": status, "rule": rule, "document": document, "lang": lang,
            "counts": {**{s: counts.get(s, 0) for s in STATUSES[:-1]}, "all": len(ruled)},
            "rules": sorted({f.rule.value for f in every}),
            "page": page, "pages": pages, "total": len(chosen),
            "flags": [_flag_dict(f, lang) for f in shown]}


def flag_view(db: Path, flag_id: str, lang: str = "vi") -> dict:
    """Return one flag (id or unique prefix), each value's evidence (`items`), the same
    grouped by the block it stands in (`blocks`, whose `segments` cut the block's text with
    every evidence span marked), and the decisions, oldest first."""
    try:
        detail = flag_detail(db, flag_id)
    except InputError as e:
        raise QueryError(*split_message(e.problem), not_found=True) from e
    return {"lang": lang, "flag": _flag_dict(detail.flag, lang),
            "items": [item.model_dump(mode="json") for item in detail.items],
            "blocks": _blocks(detail.items),
            "decisions": [d.model_dump(mode="json") for d in detail.decisions]}


def documents_view(db: Path) -> dict:
    """Return every stored document (read or failed) with its open flags, in path order."""
    open_by_file = Counter(doc for f in list_flags(db, "open") for doc in set(f.documents))
    with open_store(db, create=False) as store:
        rows = store.rows("documents")
    documents = [{**{k: r.get(k) for k in _DOCUMENT_COLUMNS},
                  "open_flags": open_by_file.get(r["file"], 0)} for r in rows]
    return {"documents": documents,
            "counts": dict(Counter(d["status"] for d in documents))}


def _flag_dict(flag, lang: str) -> dict:
    return {**flag_json(flag, lang), "message_vi": flag.message, "message_en": flag.message_en}


def split_message(problem: str) -> tuple[str, str]:
    """Return the Vietnamese and English halves of a "vi / en" message."""
    vi, _, en = problem.partition(" / ")
    return vi, en or vi


def _blocks(items) -> list[dict]:
    """Return the evidence grouped by block, in order of first mention: where it stands, the
    values read there and `segments`. Spans that overlap, or do not fit the text, get a
    group of their own."""
    groups: list[dict] = []
    for item in items:
        span = (item.start, item.end, item.value)
        fits = item.text is not None and item.start is not None and item.end is not None \
            and 0 <= item.start <= item.end <= len(item.text)
        key = (item.document, item.part, item.block, item.footnote, item.text)
        group = next((g for g in groups if fits and g["key"] == key and g["spans"] and all(
            item.end <= s or item.start >= e for s, e, _ in g["spans"])), None)
        if group is None:
            group = {"key": key, "spans": [], "values": [], "item": item}
            groups.append(group)
        group["values"].append(item.value)
        if fits:
            group["spans"].append(span)
    return [{"document": g["item"].document, "part": g["item"].part,
             "footnote": g["item"].footnote, "block": g["item"].block,
             "label": g["item"].label, "values": g["values"],
             "segments": _segments(g["item"].text, sorted(g["spans"], key=lambda s: s[:2]))}
            for g in groups]


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
