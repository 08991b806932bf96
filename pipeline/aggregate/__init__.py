"""The district table: for each district and period, every commune's figures (reviewers'
decisions applied) beside the sums and what the district summary states; and the coverage
grid, communes × periods.

Computed here from the store's rows (`counts_effective`, the documents, the flags), never in
SQL views: the views say which value counts, this module only arranges them. A figure whose
statements disagree, or that a flag still open is about, is disputed and keeps every value;
none is picked. Targets for the next period (qualifiers.planned) are kept apart in `plans`.
"""
from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from extractors.places import gazetteer
from pipeline.reconcile.messages import period as period_words
from pipeline.reconcile.units import fold_key as fold
from pipeline.store import Store, open_store
from schemas.aggregate import (
    Cell,
    Column,
    Coverage,
    CoverageCell,
    CoverageGrid,
    DistrictTable,
    Plan,
    Row,
    Statement,
    Total,
)
from schemas.errors import QueryError, StoreError
from schemas.names import column_name
from schemas.record import Body, Indicator, Kind

_PERIOD = re.compile(r"^(\d{4})(?:[Hh]([12]))?$")
_INDICATOR_ORDER = {i.value: n for n, i in enumerate(Indicator)}
_BODY_ORDER = {b.value: n for n, b in enumerate(Body)}
_KIND_ORDER = {"regular": 0, "thematic": 1, "extraordinary": 2}
_QUALIFIERS = ("kind", "phase", "session", "status", "implied")


def parse_period(text: str) -> tuple[int, int | None]:
    """Return (year, half) of "2024H1", "2024H2" or "2024" (half None: the whole year)."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise QueryError(f"kỳ báo cáo không hợp lệ: {text} (viết 2024H1, 2024H2 hoặc 2024)",
                         f"bad period: {text} (write 2024H1, 2024H2 or 2024)")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def period_code(year: int, half: int | None) -> str:
    """Return the period as the command line writes it: "2024H1", "2024"."""
    return f"{year}H{half}" if half else str(year)


def column_of(row: dict) -> Column:
    """Return the column a `counts_effective` row's figure belongs to."""
    return _column(row["indicator"], row.get("body"),
                   *(row.get(f"qualifiers_{k}") for k in _QUALIFIERS))


@functools.lru_cache(maxsize=4096)
def _column(indicator: str, body: str | None, *qualifiers) -> Column:
    q = dict(zip(_QUALIFIERS, qualifiers))
    q["implied"] = bool(q["implied"]) or None
    parts = [indicator] + [f"{k}={v}" for k, v in (("body", body), *q.items()) if v is not None]
    return Column(key="|".join(parts), indicator=indicator, body=body,
                  name=column_name(indicator, body, **q), **q)


def _column_order(c: Column) -> tuple:
    return (_INDICATOR_ORDER.get(c.indicator.value, 99), bool(c.implied), c.status or "",
            c.body is not None, _BODY_ORDER.get(c.body.value if c.body else "", -1),
            _KIND_ORDER.get(c.kind or "", -1 if c.kind is None else 9), c.phase or "",
            c.session or 0)


# --- reading the store ----------------------------------------------------------------------

class _Data:
    """The rows of one store the tables are built from, read once."""

    def __init__(self, store: Store, counts: list[dict] | None = None):
        self.documents = _documents(store)
        self.by_file = {d["file"]: d for d in self.documents}
        self.by_path = {d["path"]: d for d in self.documents}
        if counts is None:
            counts = store.rows("counts_effective")
        # the counts of each document, and the documents of each district and period: every
        # table reads only its own, so the work grows with the store, not its square
        self.counts: dict[str, list[dict]] = defaultdict(list)
        for c in counts:
            if c["doc"] in self.by_path:
                self.counts[c["doc"]].append(c)
        self.groups: dict[tuple, list[dict]] = defaultdict(list)
        for d in self.documents:
            self.groups[(d["district"], d["province"], d["period_year"], d["period_half"])] \
                .append(d)
        flags = {f["id"]: f for f in store.rows("flag_status")}
        self.open_flags = {fid: f for fid, f in flags.items() if f["effective_status"] == "open"}
        # (doc, count id) -> open flags about that very figure
        self.flags_on: dict[tuple, list[str]] = defaultdict(list)
        for link in store.rows("flag_counts"):
            if link["applies"] and link["flag_id"] in self.open_flags:
                self.flags_on[(link["doc"], link["count_id"])].append(link["flag_id"])

    def flag_values(self, flag_id: str) -> list[int]:
        values = json.loads(self.open_flags[flag_id]["values"] or "[]")
        return [v for v in values if isinstance(v, int)]


def _documents(store: Store) -> list[dict]:
    """Return the documents read and in force, with their kind, unit and district as the
    reviewers' decisions leave them (`documents_effective` where the store has it)."""
    try:
        rows = [r for r in store.rows("documents_effective") if not r.get("superseded")]
        for r in rows:
            r["kind"], r["unit"], r["district"] = (r["effective_kind"], r["effective_unit"],
                                                   r["effective_district"])
    except StoreError:  # a store without document decisions
        rows = store.rows("documents")
    return [r for r in rows if r["status"] == "ok"]


def _unit(row: dict) -> str:
    return row.get("effective_unit") or row["unit"] or ""


def _communes(district: str, province: str | None) -> list[tuple[str, str]]:
    """Return (name, kind word) of the district's communes, the gazetteer's, in name order;
    [] when it does not know the district (or cannot tell which of two is meant)."""
    try:
        units = gazetteer().communes_of(district, province)
    except (LookupError, ValueError):
        return []
    return sorted({(u.name, u.kind) for u in units}, key=lambda u: (fold(u[0]), u[0]))


def _groups(data: _Data, district: str | None,
            period: tuple[int, int | None] | None) -> list[tuple[str, str | None, int, int | None]]:
    """Return (district, province, year, half) of every district and period some document
    covers, filtered by `district` (compared by fold key) and `period`."""
    out = set()
    for d in data.documents:
        if not d["district"] or d["period_year"] is None:
            continue
        if district is not None and fold(d["district"]) != fold(district):
            continue
        if period is not None and (d["period_year"], d["period_half"]) != period:
            continue
        out.add((d["district"], d["province"], d["period_year"], d["period_half"]))
    return sorted(out, key=lambda g: (fold(g[0]), g[1] or "", g[2], g[3] or 0))


# --- the district table ---------------------------------------------------------------------

def district_tables(db: Path, district: str | None = None,
                    period: str | None = None) -> list[DistrictTable]:
    """Return the district table of every district and period of the store (one district,
    one period, or both, when given); a district or period no document covers is a
    QueryError naming what the store holds."""
    wanted = parse_period(period) if period else None
    with open_store(db, create=False) as store:
        data = _Data(store)
    return _tables(data, district, period, wanted)


def arrange(store: Store, counts: list[dict] | None = None) -> tuple[list[DistrictTable],
                                                                     list[CoverageGrid]]:
    """Return the district table of every district and period and the coverage grid of
    every district of an open store; `counts`: the rows of `counts_effective` when the caller
    has read them already (with their `doc` column)."""
    data = _Data(store, counts)
    if not _groups(data, None, None):
        return [], []
    return _tables(data, None, None, None), _grids(data, None)


def _tables(data: _Data, district: str | None, period: str | None,
            wanted: tuple[int, int | None] | None) -> list[DistrictTable]:
    groups = _groups(data, district, wanted)
    if not groups:
        held = sorted({f"{d['district']} {period_code(d['period_year'], d['period_half'])}"
                       for d in data.documents if d["district"] and d["period_year"]})
        asked = " ".join(x for x in (district, period) if x)
        raise QueryError(f"không có văn bản nào của {asked or 'huyện nào'}; có: "
                         f"{', '.join(held) or 'không có gì'}",
                         f"no document of {asked or 'any district'}; the store holds: "
                         f"{', '.join(held) or 'nothing'}", not_found=True)
    return [_table(data, *g) for g in groups]


def _table(data: _Data, district: str, province: str | None, year: int,
           half: int | None) -> DistrictTable:
    docs = data.groups[(district, province, year, half)]
    reports = [d for d in docs if d["kind"] == "commune_report" and d["unit"]]
    summaries = [d for d in docs if d["kind"] == "district_summary"]
    communes = _communes(district, province)
    kind_of = {fold(n): k for n, k in communes}
    name_of = {fold(n): n for n, _ in communes}
    for r in reports:  # a district the gazetteer does not know: its communes' own reports
        name_of.setdefault(fold(r["unit"]), r["unit"])
    own_reports: dict[str, list[dict]] = defaultdict(list)
    for r in reports:
        own_reports[fold(r["unit"])].append(r)

    columns: dict[str, Column] = {}
    statements: dict[tuple[str, str], list[tuple[dict, dict]]] = defaultdict(list)
    sums: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    plans: list[Plan] = []
    for c in (c for d in docs for c in data.counts[d["path"]]):
        doc = data.by_path[c["doc"]]
        col = column_of(c)
        unit = _unit(c)
        if c.get("qualifiers_planned"):
            plans.append(Plan(unit=unit, level=c["level"], scope=c["scope"], column=col.key,
                              name=col.name, value=c["effective_value"], file=doc["file"]))
            continue
        if c["level"] == "commune" and c["scope"] == "unit":
            own = doc["kind"] == "commune_report" and fold(unit) == fold(doc["unit"])
            if own or doc["kind"] == "district_summary":
                columns.setdefault(col.key, col)
                statements[(fold(unit), col.key)].append((doc, c))
                name_of.setdefault(fold(unit), unit)
        elif doc["kind"] == "district_summary":
            where = ("summary" if c["level"] == "commune" and c["scope"] == "sum" else
                     "district" if c["level"] == "district" and fold(unit) == fold(district)
                     else "all" if c["level"] == "all" else None)
            if where:
                columns.setdefault(col.key, col)
                sums[col.key][where].append(c)

    ordered = sorted(columns.values(), key=_column_order)
    rows = []
    for key in sorted(name_of, key=lambda k: (k not in kind_of, k)):
        cells = {}
        for col in ordered:
            cell = _cell(data, statements.get((key, col.key), []))
            if cell is not None:
                cells[col.key] = cell
        rows.append(Row(unit=name_of[key], kind=kind_of.get(key, "xã"),
                        reported=key in own_reports, known=key in kind_of or not communes,
                        files=sorted(r["file"] for r in own_reports.get(key, [])),
                        cells=cells))
    totals = [_total(col, rows, sums.get(col.key, {})) for col in ordered]
    terms = sorted({d["term"] for d in docs if d.get("term")})
    return DistrictTable(
        district=district, province=province, year=year, half=half,
        period=period_words(year, half)[0], term=terms[0] if len(terms) == 1 else None,
        communes=[n for n, _ in communes],
        not_reported=[r.unit for r in rows if r.known and not r.reported],
        columns=ordered, rows=rows, totals=totals,
        plans=sorted(plans, key=lambda p: (p.file, p.unit, p.column, p.value)),
        summaries=sorted(d["file"] for d in summaries),
        reports=sorted(d["file"] for d in reports))


def _cell(data: _Data, found: list[tuple[dict, dict]]) -> Cell | None:
    """Return one commune's figure of one column from the statements about it; a part
    restating its own total's fact ("12 kỳ họp, trong đó 12 ...") is no statement of its own."""
    if not found:
        return None
    ids = {c["id"] for _, c in found}
    found = [(d, c) for d, c in found if c.get("total_id") not in ids]
    exact = [(d, c) for d, c in found if not c.get("qualifiers_bound")]
    used = exact or found  # a bound ("trên 270") counts only when no exact figure is stated
    open_flags = sorted({f for d, c in used for f in data.flags_on.get((c["doc"], c["id"]), [])})
    values = {c["effective_value"] for _, c in used}
    values.update(v for f in open_flags for v in data.flag_values(f))
    disputed = len(values) > 1 or bool(open_flags)
    stated = sorted({c["value"] for d, c in used if d["kind"] == "commune_report"})
    value = None if disputed else next(iter(values))
    bounds = {c.get("qualifiers_bound") for _, c in used}
    # built from the store's own rows: no validation needed, and a table has one per figure
    return Cell.model_construct(
        value=value, values=sorted(values), disputed=disputed,
        bound=bounds.pop() if not exact and len(bounds) == 1 else None,
        source="report" if stated else "summary", stated=stated,
        corrected=value is not None and bool(stated) and value not in stated,
        open_flags=open_flags,
        decision_flags=sorted({c["decision_flag"] for _, c in used if c.get("decision_flag")}),
        statements=[Statement.model_construct(
            file=d["file"], kind=Kind(d["kind"]), stated=c["value"], value=c["effective_value"],
            bound=c.get("qualifiers_bound"), decision_flag=c.get("decision_flag"))
            for d, c in sorted(used, key=lambda x: (x[0]["file"], x[1]["seq"]))])


def _one(counts: Iterable[dict]) -> tuple[int | None, list[int]]:
    values = sorted({c["effective_value"] for c in counts})
    return (values[0] if len(values) == 1 else None), values


def _total(col: Column, rows: list[Row], stated: dict[str, list[dict]]) -> Total:
    known = [r for r in rows if r.known]
    cells = [(r, r.cells[col.key]) for r in known if col.key in r.cells]
    disputed = [r.unit for r, c in cells if c.disputed]
    low = sum(min(c.values) for _, c in cells)
    high = sum(max(c.values) for _, c in cells)
    summed = None if disputed or not cells else low
    bounds = {c.bound for _, c in cells if c.bound}
    summary_value, summary_values = _one(stated.get("summary", []))
    listed = [s for _, c in cells for s in c.statements if s.kind.value == "district_summary"]
    return Total(
        column=col.key, communes_sum=summed, low=low, high=high,
        bound=bounds.pop() if len(bounds) == 1 else ("mixed" if bounds else None),
        communes_with_figure=len(cells),
        communes_without=[r.unit for r in known if col.key not in r.cells],
        disputed=disputed, summary_value=summary_value, summary_values=summary_values,
        summary_list_sum=sum(s.value for s in listed) if listed else None,
        difference=None if summary_value is None or summed is None else summary_value - summed,
        district_value=_one(stated.get("district", []))[0],
        all_value=_one(stated.get("all", []))[0])


# --- the coverage grid ----------------------------------------------------------------------

def coverage(db: Path, district: str | None = None) -> list[CoverageGrid]:
    """Return, per district, its communes × the periods any of its documents covers: each
    commune reported, reported with a flag still open about it, or missing."""
    with open_store(db, create=False) as store:
        data = _Data(store)
    return _grids(data, district)


def _grids(data: _Data, district: str | None) -> list[CoverageGrid]:
    groups = _groups(data, district, None)
    if not groups:
        raise QueryError(f"không có văn bản nào của {district}", f"no document of {district}",
                         not_found=True)
    by_district: dict[tuple, list[tuple[int, int | None]]] = defaultdict(list)
    for d, p, year, half in groups:
        by_district[(d, p)].append((year, half))
    return [_grid(data, d, p, periods) for (d, p), periods in by_district.items()]


def _grid(data: _Data, district: str, province: str | None,
          periods: list[tuple[int, int | None]]) -> CoverageGrid:
    communes = [n for n, _ in _communes(district, province)]
    known = {fold(n) for n in communes}
    docs = [d for p in periods for d in data.groups[(district, province, *p)]]
    reports: dict[tuple, list[dict]] = defaultdict(list)
    for d in docs:
        if d["kind"] == "commune_report" and d["unit"]:
            reports[(fold(d["unit"]), d["period_year"], d["period_half"])].append(d)
            if fold(d["unit"]) not in known:
                known.add(fold(d["unit"]))
                communes.append(d["unit"])
    by_file = {d["file"]: d for d in docs}
    flagged: dict[tuple, set[str]] = defaultdict(set)
    for fid, f in data.open_flags.items():
        named = [by_file[x] for x in json.loads(f["documents"] or "[]") if x in by_file]
        for period in {(d["period_year"], d["period_half"]) for d in named}:
            # a flag is about a commune when it names it, or, naming no unit, the reports of
            # that commune alone (a reference cited with two dates by every report is no
            # one commune's)
            whose = {fold(d["unit"]) for d in named if d["unit"] and d["kind"] ==
                     "commune_report" and (d["period_year"], d["period_half"]) == period}
            if f["unit"] and f["level"] in (None, "commune"):
                whose = {fold(f["unit"])}
            elif f["unit"] or len(whose) != 1:
                continue
            for key in whose:
                flagged[(key, *period)].add(fid)
    cells = []
    for n in communes:
        for year, half in periods:
            key = (fold(n), year, half)
            files = sorted(r["file"] for r in reports.get(key, []))
            state = (Coverage.missing if not files else
                     Coverage.flagged if flagged.get(key) else Coverage.reported)
            cells.append(CoverageCell(unit=n, year=year, half=half, state=state, files=files,
                                      open_flags=sorted(flagged.get(key, ()))))
    return CoverageGrid(district=district, province=province, periods=sorted(
        periods, key=lambda p: (p[0], p[1] or 0)), communes=communes, cells=cells)


# --- pictures -------------------------------------------------------------------------------

CHART_FORMATS = (".svg",)


def write_chart(db: Path, out: Path, district: str | None = None, period: str | None = None,
                indicator: str | None = None) -> Path:
    """Write one picture to `out` (.svg) and return it: the coverage grid of the district
    (communes × periods), or, given `indicator`, its bars per commune for the period. The
    district (and for bars the period) must be one: a QueryError lists the choices."""
    from pipeline.aggregate.charts import bars_svg, column_key, coverage_svg
    from pipeline.export.files import write_atomic

    if Path(out).suffix.lower() not in CHART_FORMATS:
        raise QueryError(f"{out}: chỉ vẽ được tệp .svg", f"{out}: only .svg charts are drawn")
    if indicator is None:
        grids = coverage(db, district)
        _only_one(grids, "--district", [g.district for g in grids])
        svg = coverage_svg(grids[0])
    else:
        tables = district_tables(db, district, period)
        _only_one(tables, "--district/--period",
                  [f"{t.district} {period_code(t.year, t.half)}" for t in tables])
        svg = bars_svg(tables[0], column_key(tables[0], indicator))
    return write_atomic(Path(out), svg.encode("utf-8"))


def _only_one(items: list, option: str, names: list[str]) -> None:
    if len(items) > 1:
        raise QueryError(f"hãy chọn một bằng {option}: {', '.join(names)}",
                         f"choose one with {option}: {', '.join(names)}")
