"""Score the extraction on the construction bank (tests/bank/*.jsonl; see README.md there).

    .venv/bin/python tests/bank/score.py [--split seen|unseen|all] [--misses]
                                         [--construction ID] [--show-unseen]

Each case becomes a `schemas.source.Document` (a synthesised letterhead, the case's
paragraphs, its tables as table-cell blocks, its footnotes as note blocks anchored where
their `[^N]` marks stood), goes through `pipeline.extract.extract_document`, and its counts
(those whose evidence lies in the letterhead dropped) are matched to the case's expected
counts as a multiset on (indicator, value, level, unit, body, qualifiers).

The unseen split is kept out of sight of whoever writes rules: for it this prints totals
per class only, and refuses --misses and --construction unless --show-unseen is given.
`score(split)` returns the figures as a dict (used by tests/test_bank.py).
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SPLITS = ("seen", "unseen")
FILES = {s: HERE / f"{s}.jsonl" for s in SPLITS}

CLASSES = ("actor", "distributive", "table", "verb_noun", "status", "places", "implied",
           "level_unit", "accents", "totals", "number_forms", "plans", "footnotes", "trap")
INDICATORS = ("sessions", "resolutions", "supervision_topics", "voter_meetings",
              "voter_attendance", "voter_petitions", "petitions_answered", "questions",
              "explanation_sessions", "explanation_topics", "standing_meetings",
              "citizen_receptions", "complaints")
LEVELS = ("province", "district", "commune", "all")
BODIES = ("council", "standing", "committees", "delegate_groups", "delegates")
SCOPES = ("unit", "sum")
DOC_KINDS = ("commune_report", "district_summary")
# qualifier key -> allowed values (None: any int >= 1)
QUALIFIERS = {"kind": ("regular", "thematic", "extraordinary"),
              "phase": ("after_session", "before_session"),
              "session": None,
              "planned": (True,), "implied": (True,), "status": ("pending",),
              "bound": ("lower", "upper")}
COMPARED = ("kind", "phase", "session", "planned", "implied", "status")  # bound: see _match
CASE_KEYS = {"id", "construction", "class", "construction_note", "seen_at", "doc", "header",
             "blocks", "notes", "counts", "comment"}
REQUIRED_KEYS = {"id", "construction", "class", "doc", "blocks", "counts"}
DOC_KEYS = {"kind", "province", "district", "commune", "period"}
COUNT_KEYS = {"indicator", "value", "level", "unit", "scope", "body", "qualifiers"}
SOURCE_PREFIXES = ("https://", "http://", "seed:", "shared:")
MARK = re.compile(r"\[\^(\d+)\]")
PERIOD = re.compile(r"^(20\d\d)(H[12])?$")
CASE_ID = re.compile(r"^(c\d{3})-(\d{2})$")


class BankError(ValueError):
    """A malformed bank line: the message names the file, the line and the problem."""


@dataclass
class Case:
    id: str
    construction: str
    cls: str
    doc: dict
    blocks: list
    counts: list[dict]
    notes: dict[str, str] = field(default_factory=dict)
    header: list[str] | None = None
    note: str | None = None
    seen_at: list[str] | None = None
    split: str = "seen"
    where: str = ""  # "file:line"


# ---------------------------------------------------------------- loading and validation

@functools.cache
def _gazetteer():
    try:  # the module moved in a later layout of the code; accept both
        from extractors.places.gazetteer import gazetteer
    except ImportError:
        from extractors.gazetteer import gazetteer
    return gazetteer()


def _fail(where: str, problem: str) -> None:
    raise BankError(f"{where}: {problem}")


def _text_ok(where: str, text, what: str) -> None:
    if not isinstance(text, str):
        _fail(where, f"{what} must be a string, not {type(text).__name__}")
    if unicodedata.normalize("NFC", text) != text:
        _fail(where, f"{what} is not NFC: {text[:60]!r}")


def _district_unit(where: str, doc: dict):
    gaz = _gazetteer()
    province = gaz.province(doc["province"])
    if province is None:
        _fail(where, f"province not in the gazetteer: {doc['province']!r}")
    if province.name != doc["province"]:
        _fail(where, f"province must be spelled as the gazetteer does: {province.name!r}, "
                     f"not {doc['province']!r}")
    found = gaz.lookup(doc["district"], level="district", province=doc["province"])
    if len(found) != 1:
        _fail(where, f"district {doc['district']!r} of {doc['province']!r}: "
                     f"{len(found)} units in the gazetteer, need exactly one")
    if found[0].name != doc["district"]:
        _fail(where, f"district must be spelled as the gazetteer does: "
                     f"{found[0].name!r}, not {doc['district']!r}")
    return found[0]


def _commune_names(doc: dict) -> set[str]:
    return {u.name for u in _gazetteer().communes_of(doc["district"], doc["province"])}


def _check_doc(where: str, doc) -> None:
    if not isinstance(doc, dict):
        _fail(where, "doc must be an object")
    extra = set(doc) - DOC_KEYS
    if extra:
        _fail(where, f"unknown doc field(s): {sorted(extra)}")
    for k in ("kind", "province", "district", "period"):
        if k not in doc:
            _fail(where, f"doc lacks {k!r}")
        _text_ok(where, doc[k], f"doc.{k}")
    if doc["kind"] not in DOC_KINDS:
        _fail(where, f"unknown doc kind {doc['kind']!r} (one of {DOC_KINDS})")
    if not PERIOD.match(doc["period"]):
        _fail(where, f"period must be like 2024H1, 2024H2 or 2024, not {doc['period']!r}")
    _district_unit(where, doc)
    if doc["kind"] == "commune_report":
        if "commune" not in doc:
            _fail(where, "a commune_report's doc needs its commune")
        _text_ok(where, doc["commune"], "doc.commune")
        if doc["commune"] not in _commune_names(doc):
            _fail(where, f"commune {doc['commune']!r} is no commune of {doc['district']!r} "
                         f"({doc['province']}) in the gazetteer (spelling must be canonical)")
    elif "commune" in doc:
        _fail(where, "a district_summary's doc names no commune")


def _check_blocks(where: str, case: dict) -> None:
    blocks = case["blocks"]
    if not isinstance(blocks, list) or not blocks:
        _fail(where, "blocks must be a non-empty list")
    marks: list[str] = []
    for i, b in enumerate(blocks):
        if isinstance(b, str):
            _text_ok(where, b, f"blocks[{i}]")
            marks += MARK.findall(b)
        elif isinstance(b, dict) and set(b) == {"table"}:
            rows = b["table"]
            if not isinstance(rows, list) or not rows or not all(
                    isinstance(r, list) and r for r in rows):
                _fail(where, f"blocks[{i}].table must be a non-empty list of non-empty rows")
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    _text_ok(where, cell, f"blocks[{i}].table[{r}][{c}]")
                    marks += MARK.findall(cell)
        else:
            _fail(where, f"blocks[{i}] must be a string or {{\"table\": [[...]]}}")
    notes = case.get("notes", {})
    if not isinstance(notes, dict):
        _fail(where, "notes must be an object {\"1\": \"text\"}")
    for k, v in notes.items():
        if not k.isdigit() or int(k) < 1:
            _fail(where, f"note key {k!r} must be a number from 1")
        _text_ok(where, v, f"notes[{k}]")
        if MARK.search(v):
            _fail(where, f"note {k} holds a footnote mark")
    if sorted(marks, key=int) != sorted(set(marks), key=int):
        _fail(where, f"a footnote mark is used twice: {marks}")
    if set(marks) != set(notes):
        _fail(where, f"footnote marks {sorted(set(marks))} and notes {sorted(notes)} differ")
    header = case.get("header")
    if header is not None:
        if not isinstance(header, list) or not header:
            _fail(where, "header must be a non-empty list of lines")
        for i, line in enumerate(header):
            _text_ok(where, line, f"header[{i}]")
            if MARK.search(line):
                _fail(where, "header lines hold no footnote mark")


def _check_count(where: str, i: int, c, doc: dict) -> None:
    w = f"{where}: counts[{i}]"
    if not isinstance(c, dict):
        raise BankError(f"{w} must be an object")
    if set(c) != COUNT_KEYS:
        raise BankError(f"{w}: fields must be exactly {sorted(COUNT_KEYS)}; "
                        f"unknown {sorted(set(c) - COUNT_KEYS)}, missing "
                        f"{sorted(COUNT_KEYS - set(c))}")
    if c["indicator"] not in INDICATORS:
        raise BankError(f"{w}: unknown indicator {c['indicator']!r}")
    if not isinstance(c["value"], int) or isinstance(c["value"], bool) or c["value"] < 0:
        raise BankError(f"{w}: value must be an integer >= 0")
    if c["level"] not in LEVELS:
        raise BankError(f"{w}: unknown level {c['level']!r}")
    if c["scope"] not in SCOPES:
        raise BankError(f"{w}: unknown scope {c['scope']!r}")
    if c["body"] is not None and c["body"] not in BODIES:
        raise BankError(f"{w}: unknown body {c['body']!r}")
    if c["body"] is not None and c["indicator"] != "supervision_topics":
        raise BankError(f"{w}: body is set only for supervision_topics")
    q = c["qualifiers"]
    if not isinstance(q, dict):
        raise BankError(f"{w}: qualifiers must be an object")
    for k, v in q.items():
        if k not in QUALIFIERS:
            raise BankError(f"{w}: unknown qualifier {k!r}")
        allowed = QUALIFIERS[k]
        ok = (isinstance(v, int) and not isinstance(v, bool) and v >= 1) if allowed is None \
            else (v in allowed and type(v) is type(allowed[0]))
        if not ok:
            raise BankError(f"{w}: qualifier {k}={v!r} not allowed")
    if "kind" in q:
        kinds = {"sessions": ("regular", "thematic", "extraordinary"),
                 "standing_meetings": ("regular", "extraordinary")}.get(c["indicator"], ())
        if q["kind"] not in kinds:
            raise BankError(f"{w}: kind {q['kind']!r} does not apply to {c['indicator']}")
    if ("phase" in q or "session" in q) and c["indicator"] not in (
            "voter_petitions", "petitions_answered"):
        raise BankError(f"{w}: phase/session apply to voter_petitions and petitions_answered")
    if "status" in q and c["indicator"] != "voter_petitions":
        raise BankError(f"{w}: status applies to voter_petitions")
    if "implied" in q and c["value"] != 1 and c["scope"] == "unit":
        raise BankError(f"{w}: an implied event of one council has value 1")
    _text_ok(w, c["unit"], "unit")
    _check_unit(w, c, doc)


def _check_unit(w: str, c: dict, doc: dict) -> None:
    gaz = _gazetteer()
    district = doc["district"]
    if c["scope"] == "sum":
        if c["level"] not in ("commune", "all"):
            raise BankError(f"{w}: a sum is over communes (level commune) or all councils")
        if c["unit"] != district:
            raise BankError(f"{w}: a sum's unit is the district {district!r}")
        return
    if c["level"] == "all":
        raise BankError(f"{w}: level all goes with scope sum")
    if c["level"] == "district":
        if c["unit"] != district:
            found = gaz.lookup(c["unit"], level="district", province=doc["province"])
            if not found:
                raise BankError(f"{w}: district {c['unit']!r} not in the gazetteer")
        return
    if c["level"] == "province":
        if gaz.province(c["unit"]) is None:
            raise BankError(f"{w}: province {c['unit']!r} not in the gazetteer")
        return
    # a commune: canonical when of the doc's district, else any commune of the province
    if c["unit"] in _commune_names(doc):
        return
    own = gaz.lookup(c["unit"], level="commune", district=district, province=doc["province"])
    if own:
        raise BankError(f"{w}: unit {c['unit']!r} must be spelled as the gazetteer does: "
                        f"{own[0].name!r}")
    if not gaz.lookup(c["unit"], level="commune", province=doc["province"]):
        raise BankError(f"{w}: commune {c['unit']!r} is in no district of "
                        f"{doc['province']} in the gazetteer")


def _check_case(where: str, raw) -> None:
    if not isinstance(raw, dict):
        _fail(where, "a case must be a JSON object")
    extra = set(raw) - CASE_KEYS
    if extra:
        _fail(where, f"unknown field(s): {sorted(extra)}")
    missing = REQUIRED_KEYS - set(raw)
    if missing:
        _fail(where, f"missing field(s): {sorted(missing)}")
    m = CASE_ID.match(str(raw["id"]))
    if not m:
        _fail(where, f"id must look like c023-04, not {raw['id']!r}")
    if m.group(1) != raw["construction"]:
        _fail(where, f"id {raw['id']} is not of construction {raw['construction']!r}")
    if raw["class"] not in CLASSES:
        _fail(where, f"unknown class {raw['class']!r} (one of {CLASSES})")
    if "construction_note" in raw:
        _text_ok(where, raw["construction_note"], "construction_note")
    if "seen_at" in raw:
        s = raw["seen_at"]
        if not isinstance(s, list) or not s or not all(
                isinstance(u, str) and u.startswith(SOURCE_PREFIXES) for u in s):
            _fail(where, "seen_at must be a non-empty list of http(s) addresses or seed: / "
                         "shared: notes")
    if "comment" in raw:
        _text_ok(where, raw["comment"], "comment")
    _check_doc(where, raw["doc"])
    _check_blocks(where, raw)
    if not isinstance(raw["counts"], list):
        _fail(where, "counts must be a list ([] for a trap)")
    for i, c in enumerate(raw["counts"]):
        _check_count(where, i, c, raw["doc"])


def load(split: str = "all") -> list[Case]:
    """Return the cases of a split ("seen", "unseen" or "all"), validated; raises BankError
    naming the file, line and problem on the first malformed line."""
    splits = SPLITS if split == "all" else (split,)
    cases: list[Case] = []
    seen_ids: dict[str, str] = {}
    for s in splits:
        path = FILES[s]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{n}"
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as e:
                raise BankError(f"{where}: not JSON: {e}") from None
            _check_case(where, raw)
            if raw["id"] in seen_ids:
                _fail(where, f"id {raw['id']} used again (first at {seen_ids[raw['id']]})")
            seen_ids[raw["id"]] = where
            cases.append(Case(
                id=raw["id"], construction=raw["construction"], cls=raw["class"],
                doc=raw["doc"], blocks=raw["blocks"], counts=raw["counts"],
                notes=raw.get("notes", {}), header=raw.get("header"),
                note=raw.get("construction_note"), seen_at=raw.get("seen_at"),
                split=s, where=where))
    _check_constructions(cases, split)
    return cases


def _check_constructions(cases: list[Case], split: str) -> None:
    by: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by[c.construction].append(c)
    for cid, group in by.items():
        where = group[0].where
        if len({c.cls for c in group}) != 1:
            _fail(where, f"construction {cid} has cases of several classes")
        if len({c.split for c in group}) != 1:
            _fail(where, f"construction {cid} has cases in both splits")
        if not any(c.note for c in group):
            _fail(where, f"construction {cid} has no construction_note")
        if not any(c.seen_at for c in group):
            _fail(where, f"construction {cid} has no seen_at")


# ---------------------------------------------------------------- cases as documents

CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_PERIOD_WORDS = {"H1": "6 tháng đầu năm {y}", "H2": "6 tháng cuối năm {y}", "": "năm {y}"}


def period_words(period: str) -> str:
    m = PERIOD.match(period)
    return _PERIOD_WORDS[m.group(2) or ""].format(y=m.group(1))


def _report_date(period: str) -> tuple[int, int, int]:
    m = PERIOD.match(period)
    year = int(m.group(1))
    return (15, 6, year) if m.group(2) == "H1" else (10, 12, year)


def letterhead(case: Case) -> tuple[list[list[list[str]]], list[str]]:
    """Return the synthesised letterhead of a case: (its table, the body lines after it).

    Like real reports: a two-column table (council and number on the left, national motto
    and place-date line on the right), then "BÁO CÁO", the title naming the unit, district
    and province, and the opening of the first section."""
    gaz = _gazetteer()
    doc = case.doc
    dunit = gaz.lookup(doc["district"], level="district", province=doc["province"])[0]
    when = period_words(doc["period"])
    day, month, year = _report_date(doc["period"])
    number = 10 + int(hashlib.sha256(case.id.encode()).hexdigest(), 16) % 80
    district = f"{dunit.kind} {dunit.name}"
    province = (f"thành phố {doc['province']}" if doc["province"] in CITIES
                else f"tỉnh {doc['province']}")
    if doc["kind"] == "commune_report":
        cunit = next(u for u in gaz.communes_of(dunit) if u.name == doc["commune"])
        council = f"HĐND {cunit.kind} {cunit.name}".upper()
        place = cunit.name
        title = (f"Kết quả hoạt động của Hội đồng nhân dân {cunit.kind} {cunit.name}, "
                 f"{district}, {province} {when}")
        ref = f"Số: {number}/BC-HĐND"
    else:
        council = f"HĐND {district}".upper()
        place = dunit.name
        title = (f"Tổng hợp kết quả hoạt động của HĐND {district} và HĐND các xã, "
                 f"thị trấn {when}, {province}")
        ref = f"Số: {number}/BC-TTHĐND"
    table = [[f"{council}\nTHƯỜNG TRỰC HĐND",
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
             [ref, f"{place}, ngày {day} tháng {month} năm {year}"]]
    lines = ["BÁO CÁO", title, f"I. KẾT QUẢ HOẠT ĐỘNG {when.upper()}"]
    return table, lines


def build_document(case: Case):
    """Return (Document, number of letterhead blocks) for a case."""
    from extractors.reader.labels import typed_label
    from schemas.source import Block, Document, NoteRef, Part

    raw: list[dict] = []  # block fields without id/start/end
    tables = 0

    def add_table(rows: list[list[str]]) -> None:
        nonlocal tables
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                for line in cell.split("\n"):
                    raw.append({"part": Part.table, "text": line, "table": tables, "row": r,
                                "col": c})
        tables += 1

    if case.header is None:
        table, lines = letterhead(case)
        add_table(table)
        for line in lines:
            raw.append({"part": Part.body, "text": line})
    else:
        for line in case.header:
            raw.append({"part": Part.body, "text": line})
    n_head = len(raw)
    for b in case.blocks:
        if isinstance(b, str):
            raw.append({"part": Part.body, "text": b})
        else:
            add_table(b["table"])
    # footnote marks: cut out of the text, remembered as refs; the note anchored there
    anchors: dict[int, tuple[int, int]] = {}
    for i, b in enumerate(raw):
        text, refs, out, pos = b["text"], [], [], 0
        for m in MARK.finditer(text):
            out.append(text[pos:m.start()])
            offset = sum(len(p) for p in out)
            refs.append(NoteRef(kind=Part.footnote, note=int(m.group(1)), offset=offset))
            anchors[int(m.group(1))] = (i, offset)
            pos = m.end()
        out.append(text[pos:])
        b["text"], b["refs"] = "".join(out), tuple(refs)
    for n in sorted(int(k) for k in case.notes):
        block, offset = anchors[n]
        raw.append({"part": Part.footnote, "text": case.notes[str(n)], "note": n,
                    "anchor_block": block, "anchor_offset": offset})
    blocks, pos = [], 0
    for i, b in enumerate(raw):
        text = b.pop("text")
        if b["part"] == Part.body:  # a label typed in the text, as the DOCX reader reads it
            b["label"] = typed_label(text)
        blocks.append(Block(id=i, text=text, start=pos, end=pos + len(text), **b))
        pos += len(text) + 1
    text = "\n".join(b.text for b in blocks)
    doc = Document(file=f"bank/{case.id}.docx", sha256=hashlib.sha256(
        case.id.encode()).hexdigest(), size=len(text.encode()), source_format="docx",
        text=text, blocks=tuple(blocks))
    return doc, n_head


# ---------------------------------------------------------------- matching

def _norm(s: str | None) -> str | None:
    return unicodedata.normalize("NFC", s).casefold() if s is not None else None


def _qual(q: dict) -> tuple:
    return tuple((k, q[k]) for k in COMPARED if q.get(k) not in (None, False))


def expected_key(c: dict) -> tuple:
    return (c["indicator"], c["value"], c["level"], _norm(c["unit"]), c["body"],
            _qual(c["qualifiers"]))


def predicted_facts(record, n_head: int) -> list[dict]:
    """Return the record's counts as plain dicts, letterhead evidence left out."""
    out = []
    for c in record.counts:
        if c.evidence.block < n_head:
            continue
        q = c.qualifiers.model_dump(mode="json") if hasattr(c.qualifiers, "model_dump") \
            else dict(c.qualifiers)
        q = {k: v for k, v in q.items() if v not in (None, False)}
        out.append({"indicator": getattr(c.indicator, "value", c.indicator), "value": c.value,
                    "level": getattr(c.level, "value", c.level), "unit": c.unit,
                    "scope": getattr(c.scope, "value", c.scope),
                    "body": getattr(c.body, "value", c.body), "qualifiers": q,
                    "text": c.evidence.text, "rule": getattr(c, "rule", None)})
    return out


def match(expected: list[dict], predicted: list[dict]) -> tuple[list, list, list]:
    """Return (matched pairs, missed expected, wrong predicted). Bound is compared only
    when the expected count names it; expected counts naming a bound match first."""
    free = list(range(len(predicted)))
    pairs, missed = [], []
    order = sorted(range(len(expected)), key=lambda i: "bound" not in expected[i]["qualifiers"])
    for i in order:
        e = expected[i]
        key = expected_key(e)
        bound = e["qualifiers"].get("bound")
        hit = next((j for j in free if expected_key(predicted[j]) == key and
                    (bound is None or predicted[j]["qualifiers"].get("bound") == bound)), None)
        if hit is None:
            missed.append(e)
        else:
            free.remove(hit)
            pairs.append((e, predicted[hit]))
    return pairs, missed, [predicted[j] for j in free]


def _meta_ok(record, case: Case) -> bool:
    doc = case.doc
    m = PERIOD.match(doc["period"])
    year, half = int(m.group(1)), ({"H1": 1, "H2": 2}.get(m.group(2)) if m.group(2) else None)
    kind = getattr(record.kind, "value", record.kind)
    unit = doc["commune"] if doc["kind"] == "commune_report" else doc["district"]
    period = record.period
    return (kind == doc["kind"] and record.unit == unit and record.district == doc["district"]
            and record.province == doc["province"] and period is not None
            and period.year == year and period.half == half)


def run_case(case: Case) -> dict:
    """Extract one case and match; return its result."""
    from pipeline.extract import extract_document

    doc, n_head = build_document(case)
    record = extract_document(doc)
    predicted = predicted_facts(record, n_head)
    pairs, missed, wrong = match(case.counts, predicted)
    activity = record.readings.get("activity", {})  # numbers of the case's own blocks
    return {"case": case, "expected": len(case.counts), "found": len(pairs),
            "extracted": len(predicted), "missed": missed, "wrong": wrong,
            "meta_ok": _meta_ok(record, case), "doc": doc, "n_head": n_head,
            "numbers": sum(activity.values()), "unread": record.unread}


# ---------------------------------------------------------------- figures

def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _tally(results: list[dict]) -> dict:
    exp = sum(r["expected"] for r in results)
    found = sum(r["found"] for r in results)
    extracted = sum(r["extracted"] for r in results)
    wrong = sum(len(r["wrong"]) for r in results)
    traps = [r for r in results if r["expected"] == 0]
    return {"cases": len(results),
            "constructions": len({r["case"].construction for r in results}),
            "expected": exp, "found": found, "recall": _ratio(found, exp),
            "extracted": extracted, "wrong": wrong, "wrong_share": _ratio(wrong, extracted),
            "trap_cases": len(traps),
            "trap_cases_with_counts": sum(1 for r in traps if r["extracted"]),
            "metadata_wrong": sum(1 for r in results if not r["meta_ok"]),
            # numbers of the activity sections that got no reading at all (issue 11)
            "numbers": sum(r["numbers"] for r in results),
            "numbers_unread": sum(len(r["unread"]) for r in results),
            "unread_share": _ratio(sum(len(r["unread"]) for r in results),
                                   sum(r["numbers"] for r in results))}


def score(split: str = "seen", construction: str | None = None,
          results: list[dict] | None = None) -> dict:
    """Return the figures of a split ("seen", "unseen", "all"): totals, and recall per class
    and per indicator; with `construction`, only that construction's cases."""
    if results is None:
        cases = load(split)
        if construction:
            cases = [c for c in cases if c.construction == construction]
        results = [run_case(c) for c in cases]
    out = {"split": split, **_tally(results), "per_class": {}, "per_indicator": {}}
    by_class: dict[str, list] = defaultdict(list)
    for r in results:
        by_class[r["case"].cls].append(r)
    for cls in CLASSES:
        if by_class.get(cls):
            t = _tally(by_class[cls])
            out["per_class"][cls] = {k: t[k] for k in (
                "cases", "constructions", "expected", "found", "recall", "extracted", "wrong",
                "numbers", "numbers_unread")}
    exp, found = Counter(), Counter()
    for r in results:
        for c in r["case"].counts:
            exp[c["indicator"]] += 1
        for c in r["missed"]:
            found[c["indicator"]] -= 1
    for ind in INDICATORS:
        if exp[ind]:
            out["per_indicator"][ind] = {"expected": exp[ind], "found": exp[ind] + found[ind],
                                         "recall": _ratio(exp[ind] + found[ind], exp[ind])}
    out["_results"] = results
    return out


# ---------------------------------------------------------------- printing

def _fmt(c: dict) -> str:
    q = ",".join(f"{k}={v}" for k, v in sorted(c["qualifiers"].items()))
    body = f" body={c['body']}" if c["body"] else ""
    return (f"{c['indicator']}={c['value']} {c['level']}:{c['unit']} {c['scope']}{body}"
            f"{' ' + q if q else ''}")


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _print_totals(fig: dict, detailed: bool) -> None:
    print(f"[{fig['split']}] {fig['cases']} cases, {fig['constructions']} constructions: "
          f"found {fig['found']} of {fig['expected']} expected counts (recall "
          f"{_pct(fig['recall'])}); extracted {fig['extracted']}, wrong {fig['wrong']} "
          f"({_pct(fig['wrong_share'])} of extracted); trap cases with a count: "
          f"{fig['trap_cases_with_counts']} of {fig['trap_cases']}; cases whose metadata "
          f"was misread: {fig['metadata_wrong']}; numbers left unread: "
          f"{fig['numbers_unread']} of {fig['numbers']} ({_pct(fig['unread_share'])})")
    print(f"  {'class':<14} {'cases':>5} {'constr':>6} {'expected':>8} {'found':>6} "
          f"{'recall':>7} {'extracted':>9} {'wrong':>6} {'numbers':>7} {'unread':>6}")
    for cls, t in fig["per_class"].items():
        print(f"  {cls:<14} {t['cases']:>5} {t['constructions']:>6} {t['expected']:>8} "
              f"{t['found']:>6} {_pct(t['recall']):>7} {t['extracted']:>9} {t['wrong']:>6} "
              f"{t['numbers']:>7} {t['numbers_unread']:>6}")
    if detailed:
        print(f"  {'indicator':<22} {'expected':>8} {'found':>6} {'recall':>7}")
        for ind, t in fig["per_indicator"].items():
            print(f"  {ind:<22} {t['expected']:>8} {t['found']:>6} {_pct(t['recall']):>7}")


def _print_misses(fig: dict) -> None:
    for r in fig["_results"]:
        if not r["missed"] and not r["wrong"] and r["meta_ok"] and not r["unread"]:
            continue
        case, doc = r["case"], r["doc"]
        print(f"\n{case.id} [{case.cls}] {case.doc['kind']} {case.doc.get('commune', '')} "
              f"{case.doc['district']} ({case.doc['province']}) {case.doc['period']}"
              f"{'' if r['meta_ok'] else '  METADATA MISREAD'}")
        for b in doc.blocks[r["n_head"]:]:
            where = f"fn{b.note}" if b.note else (f"t{b.table}r{b.row}c{b.col}"
                                                  if b.table is not None else f"b{b.id}")
            print(f"    {where:>8} | {b.text}")
        for c in r["missed"]:
            print(f"  missed: {_fmt(c)}")
        for c in r["wrong"]:
            print(f"  wrong:  {_fmt(c)}   <- {c['text']!r} ({c['rule']})")
        for u in r["unread"]:
            print(f"  unread: {u.text!r} (b{u.evidence.block}) {u.reason.split(' / ')[-1]}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", choices=("seen", "unseen", "all"), default="seen")
    p.add_argument("--misses", action="store_true",
                   help="print every missed and wrong count with its case")
    p.add_argument("--construction", help="only the cases of one construction (c023)")
    p.add_argument("--show-unseen", action="store_true",
                   help="allow details of the unseen split (only once it is scored)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = p.parse_args(argv)
    hidden = a.split in ("unseen", "all") and not a.show_unseen
    if hidden and (a.misses or a.construction):
        print("the unseen split is scored as totals per class only: --misses and "
              "--construction need --show-unseen (keep unseen cases away from rule-writing)",
              file=sys.stderr)
        return 2
    try:
        if a.split == "all" and hidden:
            figs = [score("seen"), score("unseen")]
        else:
            figs = [score(a.split, a.construction)]
    except BankError as e:
        print(f"bank error: {e}", file=sys.stderr)
        return 1
    for fig in figs:
        detailed = fig["split"] == "seen" or a.show_unseen
        if a.json:
            shown = {k: v for k, v in fig.items() if not k.startswith("_")}
            if not detailed:
                shown.pop("per_indicator")
            print(json.dumps(shown, ensure_ascii=False, indent=1))
        else:
            _print_totals(fig, detailed)
        if a.misses:
            _print_misses(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
