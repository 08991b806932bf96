"""The district table and the coverage grid, on samples/ with its flags open and settled."""
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from pipeline.aggregate import coverage, district_tables, parse_period, write_chart
from pipeline.aggregate.charts import bars_svg, coverage_svg
from pipeline.cli import cli
from pipeline.review import list_flags
from pipeline.store import open_store
from schemas.errors import QueryError
from schemas.record import Count, Evidence, Period, Qualifiers, Record
from tests.conftest import SEED_EXPECTED


def _table(db):
    [table] = district_tables(db, "Tu Mơ Rông", "2024H1")
    return table


def _cell(table, unit, key):
    row = next(r for r in table.rows if r.unit == unit)
    return row.cells.get(key)


def _total(table, key):
    return next(t for t in table.totals if t.column == key)


def test_the_district_table_equals_the_decisions(settled_db):
    table = _table(settled_db)
    decided = {f.rule.value: f for f in list_flags(settled_db, "resolved")}
    # a figure decided: the cell holds the decision's value, set by that flag
    for rule, unit, key, value in (
            ("cross_document_mismatch", "Văn Xuôi", "voter_petitions", 11),
            ("total_mismatch", "Đăk Hà", "supervision_topics", 4),
            ("repeated_mismatch", "Ngọk Yêu", "voter_meetings", 4)):
        cell = _cell(table, unit, key)
        assert (cell.value, cell.disputed, cell.decision_flags) == (
            value, False, [decided[rule].id]), rule
    # the official version of Đăk Sao's report: the other is superseded, out of the table
    sao = next(r for r in table.rows if r.unit == "Đăk Sao")
    assert [f.rsplit("/", 1)[-1] for f in sao.files] == ["dak-sao-2024-h1-v2.docx"]
    assert sao.cells["citizen_receptions"].values == [7]
    # every other figure is what the commune's own report states, and nothing is disputed
    for row in table.rows:
        for key, cell in row.cells.items():
            assert not cell.disputed and cell.value is not None, (row.unit, key)
            if not cell.decision_flags and cell.source == "report":
                assert cell.stated == [cell.value], (row.unit, key)
    assert (table.not_reported, len(table.rows)) == ([], 11)
    assert _total(table, "voter_petitions").communes_sum == 67  # Văn Xuôi's 11, not 12
    for total in table.totals:  # each sum is its communes' figures added up
        assert total.communes_sum == (sum(r.cells[total.column].value for r in table.rows
                                          if total.column in r.cells)
                                      if total.communes_with_figure else None), total.column


def test_a_correction_away_from_the_commune_report_is_marked(settled_db):
    dak_ha = _cell(_table(settled_db), "Đăk Hà", "supervision_topics")
    assert (dak_ha.value, dak_ha.stated, dak_ha.corrected) == (4, [5], True)
    van_xuoi = _cell(_table(settled_db), "Văn Xuôi", "voter_petitions")
    assert (van_xuoi.value, van_xuoi.stated, van_xuoi.corrected) == (11, [11], False)


def test_the_summary_column_shows_the_seed_figures(settled_db):
    table = _table(settled_db)
    seed = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))["counts"]
    sums = [(c["indicator"], c.get("body"), c["level"], c["value"]) for c in seed
            if c["scope"] == "sum"]
    assert len(sums) == 11
    for indicator, body, level, value in sums:
        key = indicator + (f"|body={body}" if body else "")
        total = _total(table, key)
        assert (total.summary_value if level == "commune" else total.all_value) == value, key
    assert (_total(table, "resolutions").district_value,
            _total(table, "voter_petitions").district_value) == (6, 26)


def test_a_figure_under_an_open_flag_shows_every_value(samples_db):
    table = _table(samples_db)
    van_xuoi = _cell(table, "Văn Xuôi", "voter_petitions")
    assert (van_xuoi.value, van_xuoi.values, van_xuoi.disputed) == (None, [11, 12], True)
    dak_ha = _cell(table, "Đăk Hà", "supervision_topics")  # its total 5, its parts 4
    assert (dak_ha.value, dak_ha.values, len(dak_ha.open_flags)) == (None, [4, 5], 1)
    total = _total(table, "voter_petitions")
    assert (total.communes_sum, total.low, total.high, total.disputed, total.difference) == (
        None, 67, 68, ["Văn Xuôi"], None)


def test_the_aggregates_view_leaves_a_disputed_sum_empty(samples_db):
    with open_store(samples_db, create=False) as store:
        rows = [r for r in store.rows("aggregates") if r["indicator"] == "voter_meetings"]
    assert [(r["communes_sum"], r["communes_low"], r["communes_high"], r["communes_disputed"])
            for r in rows] == [(None, 40, 41, "Ngọk Yêu")]


def _planned_db(tmp_path):
    text = "tổ chức 02 kỳ họp thường lệ; Tổ chức 03 kỳ họp thường lệ"

    def count(cid, value, planned):
        start = text.index(f"0{value}")
        ev = Evidence(part="body", block=1, start=start, end=start + 2,
                      text=text[start:start + 2], doc_start=start, doc_end=start + 2)
        return Count(id=cid, indicator="sessions", value=value, level="commune", unit="Đăk Sao",
                     qualifiers=Qualifiers(kind="regular", planned=planned or None),
                     evidence=ev, rule="t")

    rec = Record(file="dak-sao.docx", sha256="2" * 64, kind="commune_report", level="commune",
                 unit="Đăk Sao", district="Tu Mơ Rông", province="Kon Tum",
                 period=Period(year=2024, half=1), term=None,
                 counts=[count("held", 2, False), count("plan", 3, True)])
    path = tmp_path / "p.db"
    with open_store(path) as store:
        store.write_document(1, "/d/" + rec.file, size=1, mtime=1.0, source_format="docx",
                             blocks=[], record=rec)
    return path


def test_plans_stay_apart_and_communes_without_a_report_are_named(tmp_path):
    table = _table(_planned_db(tmp_path))
    assert _cell(table, "Đăk Sao", "sessions|kind=regular").value == 2
    assert [(p.unit, p.column, p.value) for p in table.plans] == [
        ("Đăk Sao", "sessions|kind=regular", 3)]
    assert len(table.not_reported) == 10 and "Đăk Sao" not in table.not_reported
    assert _total(table, "sessions|kind=regular").communes_without == table.not_reported


@pytest.mark.parametrize("district, period, message", [
    pytest.param("Sa Pa", None, "không có văn bản nào của Sa Pa; có: Tu Mơ Rông 2024H1",
                 id="other-district"),
    pytest.param(None, "2023H2", "không có văn bản nào của 2023H2", id="other-period"),
    pytest.param(None, "2024H3", "kỳ báo cáo không hợp lệ: 2024H3", id="bad-period"),
])
def test_a_district_or_period_the_store_lacks_is_named(samples_db, district, period, message):
    with pytest.raises(QueryError, match=message):
        district_tables(samples_db, district, period)


def test_periods_read_as_the_command_line_writes_them():
    assert [parse_period(p) for p in ("2024H1", "2024h2", "2024")] == [
        (2024, 1), (2024, 2), (2024, None)]


def test_aggregate_prints_the_table_and_its_json(samples_db):
    result = CliRunner().invoke(cli, ["aggregate", "--db", str(samples_db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Tu Mơ Rông (Kon Tum) · 6 tháng đầu năm 2024 · 11/11 xã đã báo cáo / " \
                       "communes reported"
    petitions = next(x for x in lines if x.startswith("Ý kiến, kiến nghị của cử tri "))
    # Văn Xuôi's two figures, the communes' sum as a range, the summary's 68, the district's 26
    assert petitions.split()[-4:] == ["11|12", "67–68", "68", "26"]
    result = CliRunner().invoke(cli, ["aggregate", "--db", str(samples_db), "--json"])
    [table] = json.loads(result.output)
    assert table["district"] == "Tu Mơ Rông" and table["year"] == 2024


def test_a_png_chart_is_refused_with_the_reason(samples_db, tmp_path):
    result = CliRunner().invoke(cli, ["aggregate", "--db", str(samples_db), "--chart",
                                      str(tmp_path / "c.png")])
    assert result.exit_code == 2
    assert "chỉ vẽ được .svg / only .svg is drawn (PNG would need cairosvg" in result.output
    assert not (tmp_path / "c.png").exists()


def test_charts_are_svg_documents(samples_db, tmp_path):
    grid = write_chart(samples_db, tmp_path / "grid.svg")
    bars = write_chart(samples_db, tmp_path / "bars.svg", indicator="voter_petitions")
    for path in (grid, bars):
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "style=" not in path.read_text(encoding="utf-8")  # the page's CSP forbids them
    texts = [t.text for t in ET.parse(bars).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert "11|12 (chưa thống nhất)" in texts and "Văn Xuôi" in texts


def test_chart_names_are_escaped(tmp_path):
    db = _planned_db(tmp_path)
    [grid] = coverage(db)
    evil = grid.model_copy(update={"communes": ['<script>alert("x")</script>', *grid.communes],
                                   "district": "A & B <i>"})
    svg = coverage_svg(evil)
    ET.fromstring(svg)  # still well-formed
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B &lt;i&gt;" in svg
    table = _table(db)
    row = table.rows[0].model_copy(update={"unit": "</text><script>x</script>"})
    svg = bars_svg(table.model_copy(update={"rows": [row]}), "sessions|kind=regular")
    ET.fromstring(svg)
    assert "<script>" not in svg


def test_the_coverage_grid_shows_every_missing_report_the_reconciler_flags(tmp_path):
    from pipeline.corpus.generate import generate_corpus
    from pipeline.run import run_batch

    for seed, (district, province) in enumerate(
            (("Tu Mơ Rông", "Kon Tum"), ("Sa Pa", "Lào Cai"), ("Đăk Glei", "Kon Tum")), 1):
        generate_corpus(tmp_path / "corpus" / str(seed), district=district, province=province,
                        period="2024H1", seed=seed, discrepancies=12, copies=4)
    db = tmp_path / "g.db"
    run_batch([tmp_path / "corpus"], db, workers=2)
    with open_store(db, create=False) as store:
        period_of = {d["file"]: (d["district"], d["period_year"], d["period_half"])
                     for d in store.rows("documents")}
    missing_reports = [f for f in list_flags(db, "all") if f.rule.value == "missing_unit"
                       and f.indicator is None]
    assert len(missing_reports) >= 2  # the generator left some reports unwritten
    grids = {g.district: g for g in coverage(db)}
    assert len(grids) == 3 and all(len(g.periods) == 4 for g in grids.values())
    for f in missing_reports:
        district, year, half = period_of[f.documents[0]]
        cell = grids[district].cell(f.unit, year, half)
        assert cell is not None and cell.state.value == "missing", (f.unit, year, half)
    # and nothing else is missing: every cell the grid calls missing is such a flag
    flagged = {(period_of[f.documents[0]][0], f.unit, *period_of[f.documents[0]][1:])
               for f in missing_reports}
    shown = {(g.district, c.unit, c.year, c.half) for g in grids.values() for c in g.cells
             if c.state.value == "missing"}
    assert shown == flagged


def test_the_overview_page_draws_the_grid_and_bars_without_script(samples_db):
    import io
    from wsgiref.util import setup_testing_defaults

    from pipeline.web.server import ReviewApp

    app = ReviewApp(samples_db)

    def get(path, query=""):
        environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET",
                   "HTTP_HOST": "127.0.0.1:8765", "wsgi.input": io.BytesIO()}
        setup_testing_defaults(environ)
        got = {}
        body = b"".join(app(environ, lambda status, headers: got.update(
            status=status, headers=dict(headers))))
        return got["status"], got["headers"], body.decode()

    status, headers, html = get("/overview", "indicator=voter_petitions")
    assert status == "200 OK" and "script-src 'none'" in headers["Content-Security-Policy"]
    assert html.count("<svg") == 2 and "<script" not in html and "style=" not in html.split(
        "</style>")[1]
    assert "11|12 (chưa thống nhất)" in html and "67–68" in html
    status, _, body = get("/overview.json", "indicator=resolutions")
    data = json.loads(body)
    assert (status, data["districts"][0]["periods"][0]["sum"]) == ("200 OK", "12")
    assert get("/overview", "indicator=nonsense")[0] == "400 Bad Request"
    assert get("/overview", "district=Sa%20Pa")[0] == "404 Not Found"
