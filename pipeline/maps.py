"""Figures across the change of 1 July 2025: the communes' figures on today's map.

The store's `aggregates` follow the map of each period (a district's communes before July
2025, a province's after). On request the figures of every period are carried onto today's
communes instead (`baocao export --map new`): a former commune's figure is added to the one
new commune it went into (`unit_successors`), a new commune's own figure stays its own. A
former commune divided among several new ones cannot be shared out: every new commune that
took part of it is shown as not summable (its sums left empty, the divided unit named with
its figure) rather than given a guessed share.

`todays_aggregates(db)` is the one entry point (`baocao aggregate --map new`, `baocao export
--map new`); `on_todays_map` is the pure part, `format_today` prints its rows.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pipeline.store import open_store

MAPS = ("period", "new")  # what --map accepts: each period's own map, or today's
# the figures carried: a commune's own, once per unit and period, as the aggregates view takes
_FIGURES = """
    SELECT doc_kind, year, half, map, code, unit, district, province, indicator,
           qualifiers_kind, qualifiers_phase, qualifiers_session, qualifiers_former,
           effective_value AS value, file
    FROM counts_effective
    WHERE level = 'commune' AND scope = 'unit' AND body IS NULL AND qualifiers_bound IS NULL
      AND qualifiers_planned IS NULL
      AND doc_kind IN ('commune_report', 'district_summary', 'province_summary')
    ORDER BY year, half, file, seq"""
_KEY = ("year", "half", "indicator", "qualifiers_kind", "qualifiers_phase",
        "qualifiers_session")


def todays_aggregates(db: Path) -> list[dict]:
    """Return per period, commune of today's map and indicator the communes' figures added
    up on today's map (see the module's docstring), from the store at `db`."""
    with open_store(db, create=False) as store:
        rows = list(store.db.query(_FIGURES))
        successors: dict[str, list[dict]] = defaultdict(list)
        for s in store.db.query("SELECT * FROM unit_successors ORDER BY old_code, new_code"):
            successors[s["old_code"]].append(s)
        new_units = {s["new_code"]: s for group in successors.values() for s in group}
    return on_todays_map(rows, successors, new_units)


def on_todays_map(rows: Iterable[dict], successors: dict[str, list[dict]],
                  new_units: dict[str, dict]) -> list[dict]:
    """Return the aggregates of `rows` (counts_effective rows of communes' figures) on
    today's map. `successors`: old code -> unit_successors rows; `new_units`: new code ->
    a unit_successors row naming it (new_name, new_kind, new_province)."""
    # one figure per unit, period and document kind, as the period's aggregates take them
    per_unit: dict[tuple, dict] = {}
    for r in rows:
        key = (r["doc_kind"] == "commune_report", r["code"] or r["unit"],
               *(r[k] for k in _KEY))
        files = per_unit[key]["files"] if key in per_unit else set()
        if key not in per_unit or r["value"] > per_unit[key]["value"]:
            per_unit[key] = dict(r)
        per_unit[key]["files"] = files | {r["file"]}
    out: dict[tuple, dict] = {}
    for (own, _, *key), r in per_unit.items():
        today = _today(r, successors)
        for code, divided in today:
            unit = new_units.get(code, {}) if code else {}
            row = out.setdefault((*key, code or f"? {r['unit']}"), {
                **dict(zip(_KEY, key)), "province": unit.get("new_province") or r["province"],
                "unit": unit.get("new_name") or r["unit"], "code": code,
                "communes_sum": 0, "communes_reporting": 0, "summary_list_sum": 0,
                "summary_list_units": 0, "from_units": [], "not_summable": [], "files": set()})
            row["files"] |= r["files"]
            name = _written(r)
            if divided is not None or code is None:
                row["not_summable"].append(f"{name}: {r['value']} → {divided or '?'}")
                continue
            if r["map"] == "old" or r["qualifiers_former"]:
                row["from_units"].append(name)
            if own:
                row["communes_sum"] += r["value"]
                row["communes_reporting"] += 1
            else:
                row["summary_list_sum"] += r["value"]
                row["summary_list_units"] += 1
    result = []
    for row in out.values():
        summable = not row["not_summable"]
        result.append({
            **row, "map": "new", "summable": int(summable),
            "communes_sum": row["communes_sum"] if summable and row["communes_reporting"]
            else None,
            "summary_list_sum": row["summary_list_sum"] if summable
            and row["summary_list_units"] else None,
            "from_units": " | ".join(sorted(set(row["from_units"]))) or None,
            "not_summable": " | ".join(sorted(set(row["not_summable"]))) or None,
            "files": " | ".join(sorted(row["files"]))})
    return sorted(result, key=lambda r: (r["year"] or 0, r["half"] or 0, r["province"] or "",
                                         r["unit"] or "", r["indicator"],
                                         r["qualifiers_kind"] or "", r["qualifiers_phase"] or "",
                                         r["qualifiers_session"] or 0))


def _today(r: dict, successors: dict[str, list[dict]]) -> list[tuple[str | None, str | None]]:
    """Return the new commune(s) a figure belongs to on today's map, each with None, or with
    the names of all of them when the former unit was divided (not summable)."""
    if r["map"] == "new" and not r["qualifiers_former"]:
        return [(r["code"], None)]
    after = successors.get(r["code"] or "", [])
    if not after:
        return [(None, None)]  # a name the gazetteer does not know: not placed
    if len(after) == 1:
        return [(after[0]["new_code"], None)]
    names = ", ".join(f"{s['new_kind']} {s['new_name']}" for s in after)
    return [(s["new_code"], names) for s in after]


def _written(r: dict) -> str:
    where = r["district"] if r["map"] == "old" else None
    return f"{r['unit']} ({where})" if where else r["unit"]


def format_today(rows: list[dict]) -> str:
    """Return the rows of `todays_aggregates` as a readable table, one line per row."""
    head = ("kỳ/period", "tỉnh/province", "xã/commune", "chỉ tiêu/indicator", "cộng/sum",
            "từ xã cũ/from former communes")
    lines = [head]
    for r in rows:
        when = f"{r['year']}H{r['half']}" if r["half"] else str(r["year"])
        what = "/".join(str(r[k]) for k in ("indicator", "qualifiers_kind", "qualifiers_phase",
                                            "qualifiers_session") if r[k] is not None)
        total = "" if r["communes_sum"] is None else str(r["communes_sum"])
        if not r["summable"]:
            total = f"– không cộng được / not summable: {r['not_summable']}"
        lines.append((when, r["province"] or "", r["unit"] or "", what, total,
                      r["from_units"] or ""))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head) - 1)]
    out = ["  ".join([*(c.ljust(w) for c, w in zip(line, widths)), line[-1]]).rstrip()
           for line in lines]
    return "\n".join(out + [f"{len(rows)} dòng / rows"])
