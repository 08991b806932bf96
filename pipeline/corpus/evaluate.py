"""`baocao eval DIR`: run the pipeline on a corpus with known answers (truth.json, written by
`baocao samples generate` or samples/build_samples.py) and score what it extracts and flags.

Counts are compared as multisets per document on (indicator, value, level, unit, scope, body,
qualifiers): a count is right only when every one of these is right; units compare by their
fold key (Đăk / Đắk are one unit), qualifiers by the fields the truth states (kind, phase,
session, bound, planned: a target of the next period matches only a target). Targets are
also scored apart ("planned"), as they are few among the counts. A flag matches a planted
discrepancy when the rule is the same, the units are the same (or one side names none and
they share a document) and the indicators are the same (or one side names none); each flag
and each discrepancy is matched at most once.
"""
from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from extractors.places import fold
from schemas.errors import InputError

_QUALIFIERS = ("kind", "phase", "session", "bound", "planned", "implied", "status", "former")
_EXAMPLES = 15


def load_truths(directory: Path) -> list[tuple[Path, dict]]:
    """Return every truth.json under `directory` with the folder it describes."""
    found = sorted(Path(directory).rglob("truth.json"))
    if not found:
        raise InputError(str(directory), "không có truth.json / no truth.json here: make one "
                                         "with `baocao samples generate OUTDIR --district NAME`")
    return [(p.parent, json.loads(p.read_text(encoding="utf-8"))) for p in found]


# Numbers that are no count: dates, document numbers, ordinals, years, terms, list markers,
# the length of a period, and the per-village split of a commune's figure. Matched on the
# text without diacritics, as some clerks type it.
_NOT_COUNTS = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4}|ngay \d+ thang \d+ nam \d{4}|\d+/(?:BC|KH|TB|NQ|QD)-[A-Z0-9]+"
    r"|So: \d+|nam \d{4}|\d{4}-\d{4}|thu \d+|\b0?6 thang|\(\d+\)|^(?:[IVX]+|\d+(?:\.\d+)*)\. "
    r"|(?:thon [^:;]+|to dan pho so \d+): [^;.]+", re.MULTILINE | re.IGNORECASE)
_SERIAL = re.compile(r"\d+(?:\.\d+)*\.?")  # "3", "3.1": a table's "TT" column


def truth_problems(path: Path, record: dict) -> list[str]:
    """Return what is wrong with a document's expected record against its text: a count
    phrase not found (or found more often than counted) in its part, or a figure in the
    text that no count accounts for. [] when the truth is exact."""
    from extractors.reader import read_document

    parts: dict[str, list[str]] = {}
    for b in read_document(path).blocks:
        if not (b.part.value == "table" and b.col == 0 and _SERIAL.fullmatch(b.text)):
            parts.setdefault(b.part.value, []).append(b.text)
    stated = Counter((c["part"], c["text"]) for c in record["counts"])
    # Units named by a number ("phường 1", "xã Gia Hòa 2") are names, not figures.
    from pipeline.corpus.lines import no_marks

    numbered = {n for n in [record.get("unit"), record.get("district")] +
                [c["unit"] for c in record["counts"]] if n and re.search(r"\d", n)}
    names = re.compile("|".join(
        rf"\b(?:quan|phuong|xa|thi tran|huyen|thi xa|thanh pho)\s+{re.escape(no_marks(n))}"
        r"(?!\d)" for n in sorted(numbered)), re.IGNORECASE) if numbered else None
    problems = [f"{part}: {text!r} not in the document" for part, text in stated
                if part not in parts]
    for part, blocks in parts.items():
        # Longest phrases first, each removed once found, so that "HĐND: 02" is not found
        # again inside "Thường trực HĐND: 02". A figure in a table is a whole cell.
        cells = Counter(blocks)
        table_figures = {t for p, t in stated if p == "table"}
        text = "\n".join(b for b in blocks if not (part == "table" and b in table_figures))
        for (p, phrase), n in sorted(stated.items(), key=lambda kv: -len(kv[0][1])):
            if p != part:
                continue
            if part == "table":
                found = cells[phrase]
            else:
                found = text.count(phrase)
                text = text.replace(phrase, " ")
            if not 1 <= found <= n:
                problems.append(f"{part}: {phrase!r} found {found}× for {n} count(s)")
        text = no_marks(text)
        if names:
            text = names.sub(" ", text)
        rest = _NOT_COUNTS.sub(" ", text)
        problems += [f"{part}: figure outside any count: {m!r}"
                     for m in re.findall(r".{0,25}\d.{0,25}", rest)]
    return problems


def count_key(c: dict) -> tuple:
    """Return the identity of a count as scored (value included)."""
    q = c.get("qualifiers") or {}
    return (c["indicator"], c["value"], c["level"], fold(c["unit"] or ""), c.get("scope") or
            "unit", c.get("body"), tuple((k, q.get(k)) for k in _QUALIFIERS if q.get(k)
                                         is not None))


def score_counts(expected: dict[str, list[dict]], found: dict[str, list[dict]]) -> dict:
    """Return precision/recall overall and per indicator; inputs map document → counts."""
    per = defaultdict(lambda: Counter(expected=0, found=0, matched=0))
    targets = Counter(expected=0, found=0, matched=0)  # the planned ones alone
    missed, extra = [], []
    for doc in sorted(set(expected) | set(found)):
        exp = Counter(count_key(c) for c in expected.get(doc, []))
        got = Counter(count_key(c) for c in found.get(doc, []))
        for key, n in exp.items():
            per[key[0]]["expected"] += n
            per[key[0]]["matched"] += min(n, got[key])
            if _planned(key):
                targets["expected"] += n
                targets["matched"] += min(n, got[key])
        for key, n in got.items():
            per[key[0]]["found"] += n
            if _planned(key):
                targets["found"] += n
        texts = {count_key(c): c.get("text") for c in expected.get(doc, [])}
        for c in found.get(doc, []):
            texts.setdefault(count_key(c), c.get("text"))
        missed += [_example(doc, k, texts.get(k)) for k in (exp - got)]
        extra += [_example(doc, k, texts.get(k)) for k in (got - exp)]
    by = {ind: _ratios(c) for ind, c in sorted(per.items())}
    total = sum(per.values(), Counter())
    return {**_ratios(total), "by_indicator": by, "planned": _ratios(targets),
            "missed": missed[:_EXAMPLES], "false": extra[:_EXAMPLES]}


def _planned(key: tuple) -> bool:
    return ("planned", True) in key[-1]


def _example(doc: str, key: tuple, text: str | None) -> str:
    ind, value, level, _, scope, body, quals = key
    q = ",".join(f"{k}={v}" for k, v in quals)
    return f"{doc}: {ind}={value} {level}/{scope}{'/' + body if body else ''} {q} «{text}»"


def _ratios(c: Counter) -> dict:
    e, f, m = c["expected"], c["found"], c["matched"]
    return {"expected": e, "found": f, "matched": m,
            "precision": round(m / f, 4) if f else (1.0 if not e else 0.0),
            "recall": round(m / e, 4) if e else 1.0}


_META = ("kind", "level", "unit", "district", "province", "period", "term")


def score_metadata(expected: dict[str, dict], found: dict[str, dict]) -> dict:
    """Return, per metadata field, the share of documents whose value is right (units by
    fold key); inputs map document → record (truth or extracted, contract shape)."""
    def norm(field: str, value):
        return fold(value) if field in ("unit", "district", "province") and value else value

    right = Counter()
    wrong = []
    for doc, exp in expected.items():
        got = found.get(doc, {})
        for f in _META:
            if norm(f, exp.get(f)) == norm(f, got.get(f)):
                right[f] += 1
            else:
                wrong.append(f"{doc}: {f} {got.get(f)!r} ≠ {exp.get(f)!r}")
    n = len(expected)
    return {"documents": n, "by_field": {f: round(right[f] / n, 4) if n else 1.0 for f in _META},
            "all_right": round(sum(1 for d in expected if not any(
                w.startswith(f"{d}: ") for w in wrong)) / n, 4) if n else 1.0,
            "wrong": wrong[:_EXAMPLES]}


def score_references(expected: dict[str, list[dict]], found: dict[str, list[dict]]) -> dict:
    """Return precision/recall of the documents cited (type, number, issuer, date), as
    multisets per document."""
    def key(r: dict) -> tuple:
        return (r["type"], r["number"], r["issuer"], r.get("date"))

    total = Counter()
    for doc in set(expected) | set(found):
        exp = Counter(key(r) for r in expected.get(doc, []))
        got = Counter(key(r) for r in found.get(doc, []))
        total.update(expected=sum(exp.values()), found=sum(got.values()),
                     matched=sum((exp & got).values()))
    return _ratios(total)


def _same_unit(a: dict, b: dict) -> bool:
    if a.get("unit") and b.get("unit"):
        return fold(a["unit"]) == fold(b["unit"])
    docs_a = {Path(d).name for d in a.get("documents") or []}
    docs_b = {Path(d).name for d in b.get("documents") or []}
    return not docs_a or not docs_b or bool(docs_a & docs_b)


def match_flags(planted: list[dict], flags: list[dict]) -> dict:
    """Return precision/recall overall and per rule of `flags` against `planted`."""
    used: set[int] = set()
    per = defaultdict(lambda: Counter(expected=0, found=0, matched=0))
    missed = []
    for d in planted:
        per[d["rule"]]["expected"] += 1
        for i, f in enumerate(flags):
            if i in used or f["rule"] != d["rule"] or not _same_unit(d, f):
                continue
            if d.get("indicator") and f.get("indicator") and d["indicator"] != f["indicator"]:
                continue
            used.add(i)
            per[d["rule"]]["matched"] += 1
            break
        else:
            missed.append(f"{d['rule']} {d.get('indicator') or ''} {d.get('unit') or ''}: "
                          f"{d.get('description', '')}")
    for f in flags:
        per[f["rule"]]["found"] += 1
    false = [f"{f['rule']} {f.get('indicator') or ''} {f.get('unit') or ''} {f.get('values')}"
             for i, f in enumerate(flags) if i not in used]
    total = sum(per.values(), Counter())
    return {**_ratios(total), "false_flags": len(false),
            "by_rule": {r: _ratios(c) for r, c in sorted(per.items())},
            "missed": missed[:_EXAMPLES], "false": false[:_EXAMPLES]}


_SECTIONS = ("activity", "head", "references", "closing")


def score_readings(records: list[dict]) -> dict:
    """Return the share of numbers left unread, by section kind and over all, from the
    records' `readings` tallies, with the first unread ones (file, number, why). Needs no
    answers: any text can be measured."""
    totals = {s: Counter() for s in _SECTIONS}
    examples = []
    for rec in records:
        for section, readings in (rec.get("readings") or {}).items():
            totals.setdefault(section, Counter()).update(
                numbers=sum(readings.values()), unread=readings.get("unread", 0))
        examples += [f"{Path(rec['file']).name}: «{u['text']}» ({_where(u['evidence'])}) "
                     f"{u['reason']}" for u in rec.get("unread") or []]
    everything = sum(totals.values(), Counter())

    def share(c: Counter) -> dict:
        n, u = c["numbers"], c["unread"]
        return {"numbers": n, "unread": u, "share": round(u / n, 4) if n else 0.0}

    return {"by_section": {s: share(c) for s, c in totals.items()}, **share(everything),
            "unread_examples": examples[:_EXAMPLES]}


def _where(ev: dict) -> str:
    return f"fn{ev['footnote']}" if ev.get("footnote") is not None else f"b{ev['block']}"


def off_map(flags: list[dict], periods: dict[str, tuple[int | None, int | None]]) -> list[str]:
    """Return the flags that name a unit absent from the map of their documents' period
    (a commune, district or province no unit of that level on it is called, by fold key;
    `periods` maps a document's file name to its (year, half))."""
    from extractors.places import gazetteer, map_of

    names: dict[tuple[str, str], set[str]] = {}
    out = []
    for f in flags:
        docs = [periods.get(Path(d).name) for d in f.get("documents") or []]
        maps = {map_of(*p) for p in docs if p}
        if not f.get("unit") or f.get("level") not in ("commune", "district", "province") \
                or len(maps) != 1:
            continue
        key = (maps.pop(), f["level"])
        if key not in names:
            g = gazetteer(key[0])
            units = g.provinces() if key[1] == "province" else g.districts() \
                if key[1] == "district" else [u for p in g.provinces()
                                               for u in g.communes_in(p.name)]
            names[key] = {u.key for u in units}
        if fold(f["unit"]) not in names[key]:
            out.append(f"{f['rule']} {f['level']} {f['unit']} ({key[0]} map)")
    return out


def _doc_key(root: Path, folder: Path, file: str) -> str:
    return str((folder / file).relative_to(root))


def evaluate_dir(directory: str | Path, *, workers: int | None = None) -> dict:
    """Run the pipeline on `directory` (every truth.json under it) and return the scores:
    counts per indicator, flags per rule, files that failed."""
    from pipeline.review import list_flags
    from pipeline.run import run_batch
    from pipeline.store import open_store

    root = Path(directory)
    truths = load_truths(root)
    expected, planted, must_fail = {}, [], set()
    for folder, truth in truths:
        for d in truth["documents"]:
            expected[_doc_key(root, folder, d["file"])] = d["record"]
        planted += truth.get("discrepancies", [])
        must_fail |= {_doc_key(root, folder, f) for f in truth.get("unreadable", [])}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="baocao-eval-") as tmp:
        db = Path(tmp) / "eval.db"
        summary = run_batch([root], db, workers=workers)
        with open_store(db, create=False) as store:
            records = store.load_records()
        flags = [f.model_dump(mode="json") for f in list_flags(db, status="all")]
    found = {}
    for rec in records:
        key = str(Path(rec.file).resolve().relative_to(root.resolve()))
        if key in expected:
            found[key] = rec.model_dump(mode="json")
    failed = {str(Path(f.file).resolve().relative_to(root.resolve()))
              if Path(f.file).is_absolute() or Path(f.file).exists() else f.file
              for f in summary.failed}
    periods = {Path(r.file).name: (r.period.year, r.period.half) for r in records}
    return {
        "directory": str(root), "documents": len(expected), "seconds":
            round(time.perf_counter() - start, 2),
        "counts": score_counts({k: r["counts"] for k, r in expected.items()},
                               {k: r["counts"] for k, r in found.items()}),
        "flags": {**match_flags(planted, flags), "off_map": off_map(flags, periods)},
        "references": score_references({k: r["references"] for k, r in expected.items()},
                                       {k: r["references"] for k, r in found.items()}),
        "metadata": score_metadata(expected, found),
        "numbers": score_readings([r.model_dump(mode="json") for r in records]),
        "files": {"failed": sorted(failed), "expected_failed": sorted(must_fail),
                  "unexpected_failures": sorted(failed - must_fail),
                  "not_scored": sorted(k for k in (str(Path(r.file).resolve().relative_to(
                      root.resolve())) for r in records) if k not in expected)},
    }


def format_scores(scores: dict) -> str:
    """Return the scores as a readable report (Vietnamese labels first)."""
    c, f = scores["counts"], scores["flags"]
    lines = [f"# {scores['directory']}: {scores['documents']} văn bản / documents, "
             f"{scores['seconds']} s", "",
             "Số liệu / counts           expected  found  matched  precision  recall"]
    for name, r in list(c["by_indicator"].items()) + [("TỔNG / all", c)]:
        lines.append(f"  {name:<24} {r['expected']:>8} {r['found']:>6} {r['matched']:>8} "
                     f"{r['precision']:>10.3f} {r['recall']:>7.3f}")
    t = c["planned"]
    if t["expected"] or t["found"]:
        lines.append(f"  trong đó chỉ tiêu kế hoạch / of which planned targets: "
                     f"{t['matched']}/{t['expected']} matched, {t['found']} found, precision "
                     f"{t['precision']:.3f}, recall {t['recall']:.3f}")
    lines += ["", "Cờ / flags                 expected  found  matched  precision  recall"]
    for name, r in list(f["by_rule"].items()) + [("TỔNG / all", f)]:
        lines.append(f"  {name:<24} {r['expected']:>8} {r['found']:>6} {r['matched']:>8} "
                     f"{r['precision']:>10.3f} {r['recall']:>7.3f}")
    lines.append(f"  cờ sai / false flags: {f['false_flags']}")
    if "off_map" in f:
        lines.append(f"  cờ nêu đơn vị không có trên bản đồ của kỳ / flags naming a unit "
                     f"absent from its period's map: {len(f['off_map'])}")
    ref, meta = scores["references"], scores["metadata"]
    lines += ["", f"Văn bản dẫn chiếu / references: precision {ref['precision']:.3f}, recall "
                  f"{ref['recall']:.3f} ({ref['matched']}/{ref['expected']})",
              "Thông tin văn bản / metadata right: " + ", ".join(
                  f"{k} {v:.3f}" for k, v in meta["by_field"].items())]
    files = scores["files"]
    lines.append(f"Tệp lỗi / failed files: {len(files['failed'])} (expected "
                 f"{len(files['expected_failed'])}, unexpected "
                 f"{len(files['unexpected_failures'])})")
    numbers = scores["numbers"]
    lines += ["", "Số chưa đọc được / unread numbers  numbers  unread   share"]
    for name, r in list(numbers["by_section"].items()) + [("TỔNG / all", numbers)]:
        lines.append(f"  {name:<31} {r['numbers']:>7} {r['unread']:>7} {r['share']:>7.2%}")
    for title, items in (("Thiếu / missed counts", c["missed"]),
                         ("Thừa / false counts", c["false"]),
                         ("Cờ bị bỏ sót / missed flags", f["missed"]),
                         ("Số chưa đọc được / unread numbers", numbers["unread_examples"]),
                         ("Thông tin sai / wrong metadata", meta["wrong"]),
                         ("Cờ thừa / false flags", f["false"]),
                         ("Cờ nêu đơn vị ngoài bản đồ / flags off the map",
                          f.get("off_map", [])[:_EXAMPLES])):
        if items:
            lines += ["", f"{title} (first {len(items)}):"] + [f"  - {x}" for x in items]
    return "\n".join(lines)
