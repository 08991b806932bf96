"""The overview page's data: per district the coverage grid (communes × periods) and, for one
indicator, each period's bars per commune, drawn as SVG on the server (`pipeline.aggregate
.charts`, every name escaped there), beside the sums they show."""
from __future__ import annotations

from pathlib import Path

from pipeline.aggregate import arrange, period_code
from pipeline.aggregate.charts import bars_svg, column_key, coverage_svg
from pipeline.aggregate.text import sum_text, summary_text
from pipeline.store import open_store
from schemas.errors import QueryError
from schemas.names import INDICATORS


def overview_view(db: Path, district: str | None = None,
                  indicator: str = "voter_petitions", lang: str = "vi") -> dict:
    """Return every district (or the one named) with its coverage grid as SVG and, per
    period, the bars of `indicator` as SVG with the communes' sum and the summary's figure."""
    if indicator not in INDICATORS:
        raise QueryError(f"chỉ tiêu không hợp lệ: {indicator}", f"unknown indicator: {indicator}")
    with open_store(db, create=False) as store:
        tables, grids = arrange(store)
    if district:
        tables = [t for t in tables if t.district == district]
        grids = [g for g in grids if g.district == district]
        if not grids:
            raise QueryError(f"không có huyện {district}", f"no district {district}",
                             not_found=True)
    out = []
    for g in grids:
        periods = []
        for t in (t for t in tables if (t.district, t.province) == (g.district, g.province)):
            try:
                key = column_key(t, indicator)
            except QueryError:
                continue
            total = next(x for x in t.totals if x.column == key)
            periods.append({"period": period_code(t.year, t.half), "name": t.period,
                            "column": key, "sum": sum_text(total),
                            "summary": summary_text(total), "not_reported": t.not_reported,
                            "svg": bars_svg(t, key)})
        out.append({"district": g.district, "province": g.province,
                    "counts": {s: sum(c.state.value == s for c in g.cells)
                               for s in ("reported", "flagged", "missing")},
                    "coverage_svg": coverage_svg(g), "periods": periods})
    return {"lang": lang, "indicator": indicator, "indicators": INDICATORS,
            "district": district, "districts": out}
