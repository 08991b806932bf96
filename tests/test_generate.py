"""The corpus generator: phrasing tables, truth.json exact against the documents' text,
deterministic output, planted discrepancies, three districts of three provinces."""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractors.reader import read_document
from pipeline.cli import cli
from pipeline.corpus import compose, figures, generate, lines, phrases
from pipeline.corpus.evaluate import truth_problems
from schemas.errors import InputError

DISTRICTS = [("Tu Mơ Rông", "Kon Tum", 4), ("Sa Pa", "Lào Cai", 0), ("Đức Trọng", "Lâm Đồng", 9)]

@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for district, province, k in DISTRICTS:
        d = tmp_path_factory.mktemp(generate.slug(district))
        generate.generate_corpus(d, district=district, province=province, period="2024H1",
                                 seed=7, discrepancies=k)
        out[district] = d
    return out


def _truth(d: Path) -> dict:
    return json.loads((d / "truth.json").read_text(encoding="utf-8"))


def _body(path: Path) -> str:
    return "\n".join(b.text for b in read_document(path).blocks if b.part.value == "body")


@pytest.mark.parametrize("text, expected", [
    ("2024H1", (2024, 1)), ("2023h2", (2023, 2)), ("2024", (2024, None)), (" 2025H1 ", (2025, 1)),
])
def test_parse_period(text, expected):
    p = figures.parse_period(text)
    assert (p.year, p.half) == expected


@pytest.mark.parametrize("text", ["2024H3", "24H1", "H1", "2024-H1", ""])
def test_parse_period_refuses(text):
    with pytest.raises(InputError, match="--period"):
        figures.parse_period(text)


@pytest.mark.parametrize("period, term", [
    ("2024H1", (2021, 2026)), ("2021H2", (2021, 2026)), ("2021H1", (2016, 2021)),
    ("2016", (2016, 2021)), ("2012H1", (2011, 2016)),
    ("2026H1", (2026, 2031)),  # the 2026 elections were held in March
])
def test_term_of(period, term):
    assert figures.term_of(figures.parse_period(period)) == term


@pytest.mark.parametrize("name, expected", [
    ("Đăk Sao", "dak-sao"), ("Đắk Rơ Ông", "dak-ro-ong"), ("thị trấn Liên Nghĩa",
                                                          "thi-tran-lien-nghia"),
    ("Phan Si Păng", "phan-si-pang"),
])
def test_slug(name, expected):
    assert generate.slug(name) == expected


@pytest.mark.parametrize("n, words", [
    (1, "một"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi bốn"),
    (105, "một trăm linh năm"), (110, "một trăm mười"),
])
def test_number_words(n, words):
    assert compose.number_words(n) == words


@pytest.mark.parametrize("new, old", [
    ("khóa XIV", "khoá XIV"), ("Cộng hòa", "Cộng hoà"), ("thủy lợi", "thuỷ lợi"),
    ("Ủy ban", "Uỷ ban"), ("quý", "quý"), ("hoàn thành", "hoàn thành"), ("của", "của"),
    ("HÒA BÌNH", "HOÀ BÌNH"),
])
def test_old_tone_marks(new, old):
    assert compose.old_tone_marks(new) == old


def test_every_template_names_known_slots_and_marks_each_figure():
    tables = [phrases.COMMUNE_PHRASES, phrases.SUMMARY_PHRASES, phrases.RESTATED_PHRASES]
    for table in tables:
        for group, templates in table.items():
            for t in templates:
                slots = compose.template_slots(t)
                assert slots, f"{group}: no count in {t!r}"
                outside = compose._MARK.sub("", t)
                for name in re.findall(r"\{([A-Za-z_.]+)", outside):
                    assert compose._split(name)[1] not in phrases.SLOTS, (group, name)


@pytest.mark.parametrize("district", [d for d, _, _ in DISTRICTS])
def test_truth_phrases_are_in_the_documents_and_nothing_else_is_a_figure(corpora, district):
    d = corpora[district]
    truth = _truth(d)
    assert truth["documents"]
    for doc in truth["documents"]:
        assert truth_problems(d / doc["file"], doc["record"]) == [], doc["file"]
        assert doc["record"]["sha256"] == hashlib.sha256((d / doc["file"]).read_bytes()).hexdigest()


@pytest.mark.parametrize("district", [d for d, _, _ in DISTRICTS])
def test_every_commune_has_a_report_and_units_are_canonical(corpora, district):
    from extractors.places import gazetteer

    d = corpora[district]
    truth = _truth(d)
    names = {u.name for u in gazetteer().communes_of(district, truth["province"])}
    reported = {doc["record"]["unit"] for doc in truth["documents"]
                if doc["record"]["kind"] == "commune_report"}
    no_report = {x["unit"] for x in truth["discrepancies"]
                 if x["rule"] == "missing_unit" and not x["documents"]}
    assert reported | no_report == names and not reported & no_report
    foreign = {x["unit"] for x in truth["discrepancies"] if x["rule"] == "unknown_unit"}
    for doc in truth["documents"]:
        for c in doc["record"]["counts"]:
            if c["level"] == "commune" and c["scope"] == "unit":
                assert c["unit"] in names | foreign


def test_phuong_and_thi_tran_are_written_with_their_own_prefix(corpora):
    for district in ("Sa Pa", "Đức Trọng"):
        d = corpora[district]
        summary = next(x for x in _truth(d)["documents"]
                       if x["record"]["kind"] == "district_summary")
        items = [c["unit_text"] for c in summary["record"]["counts"] if "unit_text" in c]
        kinds = {t.split(" ")[0] for t in items} | {" ".join(t.split(" ")[:2]) for t in items}
        assert "phường" in kinds or "thị trấn" in kinds


@pytest.mark.parametrize("district", [d for d, _, _ in DISTRICTS])
def test_summary_sums_equal_their_listed_parts_unless_planted(corpora, district):
    truth = _truth(corpora[district])
    summary = next(x["record"] for x in truth["documents"]
                   if x["record"]["kind"] == "district_summary")
    counts = summary["counts"]
    for ind in ("resolutions", "voter_petitions"):
        items = [c["value"] for c in counts if c["indicator"] == ind and c["part"] == "footnote"]
        sums = {c["value"] for c in counts if c["indicator"] == ind and c["level"] == "commune"
                and c["scope"] == "sum"}
        assert sums == {sum(items)}
        district_ = {c["value"] for c in counts if c["indicator"] == ind and c["level"] ==
                     "district" and not c["qualifiers"]}
        total = {c["value"] for c in counts if c["indicator"] == ind and c["level"] == "all"}
        assert total == {sum(items) + district_.pop()}


def test_clean_corpus_lists_every_commune_and_plants_nothing(corpora):
    truth = _truth(corpora["Sa Pa"])
    assert truth["discrepancies"] == []
    communes = {doc["record"]["unit"] for doc in truth["documents"]
                if doc["record"]["kind"] == "commune_report"}
    summary = next(x["record"] for x in truth["documents"]
                   if x["record"]["kind"] == "district_summary")
    for ind in ("sessions", "resolutions", "voter_petitions"):
        listed = {c["unit"] for c in summary["counts"] if c["indicator"] == ind
                  and c["level"] == "commune" and c["scope"] == "unit"}
        assert listed == communes, ind


def test_planted_discrepancies_show_in_the_truth(corpora):
    truth = _truth(corpora["Đức Trọng"])
    planted = truth["discrepancies"]
    assert len(planted) == 9
    rules = {"missing_report": "missing_unit"}
    assert {p["rule"] for p in planted} <= {rules.get(k, k) for k in figures.PLANTS}
    assert len({p["unit"] for p in planted}) == 9
    records = {doc["file"]: doc["record"] for doc in truth["documents"]}
    summary = next(r for r in records.values() if r["kind"] == "district_summary")
    for p in planted:
        if p["rule"] == "total_mismatch":
            counts = records[p["documents"][0]]["counts"]
            sup = [c["value"] for c in counts if c["indicator"] == "supervision_topics"]
            assert sup[0] != sum(sup[1:]) and sorted([sup[0], sum(sup[1:])]) == p["values"]
        elif p["rule"] == "cross_document_mismatch":
            own = records[p["documents"][1]]["counts"]
            mine = {c["value"] for c in own if c["indicator"] == p["indicator"]
                    and not c["qualifiers"]}
            theirs = {c["value"] for c in summary["counts"] if c["indicator"] == p["indicator"]
                      and c["unit"] == p["unit"]}
            assert mine | theirs == set(p["values"]) and not mine & theirs
        elif p["rule"] == "duplicate_submission":
            assert all(f in records for f in p["documents"]) and p["documents"][1].endswith(
                "-v2.docx")
        elif p["rule"] == "repeated_mismatch":
            values = {c["value"] for c in records[p["documents"][0]]["counts"]
                      if c["indicator"] == p["indicator"]}
            assert values == set(p["values"])
        elif p["rule"] == "reference_conflict":
            dates = {r["date"] for doc in p["documents"] for r in records[doc]["references"]
                     if r["type"] == "KH"}
            assert dates == set(p["values"])
        elif p["rule"] == "unknown_unit":
            assert any(c["unit"] == p["unit"] for c in summary["counts"])
        elif p["rule"] == "missing_unit":
            assert not any(c["unit"] == p["unit"] and c["indicator"] == p["indicator"]
                           for c in summary["counts"])
        elif p["rule"] == "date_out_of_period":
            y, m, d = p["values"][0].split("-")
            assert f"{int(d)}/{int(m)}/{y}" in _body(corpora["Đức Trọng"] / p["documents"][0]) \
                or f"{d}/{m}/{y}" in _body(corpora["Đức Trọng"] / p["documents"][0])
            assert p["values"][0] > "2024-06-30"
        elif p["rule"] == "section_gap":
            text = _body(Path(corpora["Đức Trọng"]) / p["documents"][0])
            assert "IV. " in text and "III. " not in text


def test_same_arguments_give_the_same_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 3), (b, 3), (c, 4)):
        generate.generate_corpus(out, district="Tu Mơ Rông", province="Kon Tum", seed=seed,
                                 discrepancies=3)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert any(not (c / f).exists() or (a / f).read_bytes() != (c / f).read_bytes()
               for f in files)
    with zipfile.ZipFile(a / files[0]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_copies_go_back_half_a_year_each(tmp_path):
    generate.generate_corpus(tmp_path, district="Tu Mơ Rông", province="Kon Tum",
                             period="2024H1", copies=3, discrepancies=4)
    truth = _truth(tmp_path)
    assert truth["periods"] == ["2024-h1", "2023-h2", "2023-h1"]
    periods = Counter((d["record"]["period"]["year"], d["record"]["period"]["half"])
                      for d in truth["documents"] if d["record"]["kind"] == "district_summary")
    assert periods == {(2024, 1): 1, (2023, 2): 1, (2023, 1): 1}
    assert len(truth["discrepancies"]) == 4
    assert len({d["file"] for d in truth["documents"]}) == len(truth["documents"])


@pytest.mark.parametrize("kwargs, message", [
    ({"district": "Không Có Huyện Này"}, "no such district"),
    ({"district": "Tu Mơ Rông", "discrepancies": 50}, "at most 11"),
    ({"district": "Tu Mơ Rông", "period": "2024Q1"}, "is not a period"),
    ({"district": "Duyên Hải", "province": "Trà Vinh"}, "name its kind"),
    ({"district": "Châu Thành"}, "give the province$"),
    ({"district": "Cồn Cỏ", "province": "Quảng Trị"}, "has no communes"),
])
def test_bad_arguments_are_input_errors(tmp_path, kwargs, message):
    with pytest.raises(InputError, match=message):
        generate.generate_corpus(tmp_path, **kwargs)


def test_cli_generate_prints_one_summary_line(tmp_path):
    result = CliRunner().invoke(cli, ["samples", "generate", str(tmp_path), "--district",
                                      "Tu Mơ Rông", "--province", "Kon Tum", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("huyện Tu Mơ Rông (Kon Tum), 1 kỳ/period(s): 12 văn bản")
    assert (tmp_path / "truth.json").exists()


def test_cli_generate_unknown_district_exits_1(tmp_path):
    result = CliRunner().invoke(cli, ["samples", "generate", str(tmp_path), "--district", "Xyz"])
    assert result.exit_code == 1
    assert "no such district" in result.output


def test_period_words():
    assert figures.Period(2024, 1).text() == "6 tháng đầu năm 2024"
    assert figures.Period(2024, 2).text(True) == "06 tháng cuối năm 2024"
    assert figures.Period(2024, None).text() == "năm 2024"


@pytest.mark.parametrize("period", ["2023H2", "2024", "2021H2"])
def test_other_periods_give_exact_truth(tmp_path, period):
    generate.generate_corpus(tmp_path, district="Tu Mơ Rông", province="Kon Tum",
                             period=period, seed=1, discrepancies=3)
    truth = _truth(tmp_path)
    p = figures.parse_period(period)
    for doc in truth["documents"]:
        assert doc["record"]["period"] == {"year": p.year, "half": p.half}
        assert truth_problems(tmp_path / doc["file"], doc["record"]) == [], doc["file"]


@pytest.mark.parametrize("district, province", [
    ("thị xã Duyên Hải", "Trà Vinh"),  # a huyện of the same name in the same province
    ("Bảo Lộc", "Lâm Đồng"),  # wards named by a number: "Phường 1"
    ("Vĩnh Thạnh", "Cần Thơ"),  # a thị trấn and a xã both called Thạnh An
])
def test_odd_districts_give_exact_truth(tmp_path, district, province):
    generate.generate_corpus(tmp_path, district=district, province=province, seed=4,
                             discrepancies=5)
    truth = _truth(tmp_path)
    assert len({d["file"] for d in truth["documents"]}) == len(truth["documents"])
    for doc in truth["documents"]:
        assert truth_problems(tmp_path / doc["file"], doc["record"]) == [], doc["file"]


def test_appendix_table_repeats_every_commune_and_its_totals(tmp_path):
    # seed 3 draws a summary with a per-commune appendix table
    generate.generate_corpus(tmp_path, district="Tu Mơ Rông", province="Kon Tum", seed=3)
    truth = _truth(tmp_path)
    summary = next(d for d in truth["documents"] if d["record"]["kind"] == "district_summary")
    table = [c for c in summary["record"]["counts"] if c["part"] == "table"]
    rows = [c for c in table if c["scope"] == "unit"]
    assert len(rows) == 3 * 11 and {c["level"] for c in rows} == {"commune"}
    body = summary["record"]["counts"]
    for c in (c for c in table if c["scope"] == "sum"):
        assert c["value"] == sum(r["value"] for r in rows if r["indicator"] == c["indicator"])
        stated = {b["value"] for b in body if b["indicator"] == c["indicator"]
                  and b["level"] == "commune" and b["scope"] == "sum" and b["part"] == "body"}
        assert stated <= {c["value"]}
    assert truth_problems(tmp_path / summary["file"], summary["record"]) == []


def test_some_files_are_written_in_decomposed_unicode(tmp_path):
    import unicodedata

    generate.generate_corpus(tmp_path, district="Tu Mơ Rông", province="Kon Tum", seed=9,
                             copies=4)
    decomposed = 0
    for doc in _truth(tmp_path)["documents"]:
        with zipfile.ZipFile(tmp_path / doc["file"]) as z:
            xml = z.read("word/document.xml").decode()
        decomposed += xml != unicodedata.normalize("NFC", xml)
        assert truth_problems(tmp_path / doc["file"], doc["record"]) == [], doc["file"]
    assert decomposed >= 1


def test_a_commune_left_out_of_a_list_leaves_its_namesake_in():
    # huyện Thới Bình has xã and thị trấn Thới Bình: leaving out one is one missing unit
    import random

    from extractors.places import gazetteer

    g = gazetteer()
    district = g.district("huyện Thới Bình", "Cà Mau")
    communes = g.communes_of(district)
    s = figures.setting(district, figures.Period(2024, 1), random.Random(1), communes)
    facts = [figures.commune_facts(u, s, random.Random(u.code), {"sessions.regular": 1}, [])
             for u in communes]
    for c in facts:
        c.figs["resolutions"]["resolutions"] = 2
    xa = next(u for u in communes if u.name == "Thới Bình" and u.kind == "xã")
    sf = figures.summary_facts(s, facts, compose.random_style(random.Random(1)),
                               random.Random(1), omit={("resolutions", xa.code)})
    listed = [i.name for i in sf.resolutions]
    assert len(listed) == len(communes) - 1
    assert any("Thới Bình" in name for name in listed)


def test_some_clerks_name_only_a_lists_first_commune_with_its_kind_word(tmp_path):
    from pipeline.extract import extract_file

    # seed 3 draws a summary whose footnote lists drop "xã" after the first name
    generate.generate_corpus(tmp_path, district="Tu Mơ Rông", province="Kon Tum", seed=3)
    summary = next(d for d in _truth(tmp_path)["documents"]
                   if d["record"]["kind"] == "district_summary")
    items = [c for c in summary["record"]["counts"] if c["part"] == "footnote"
             and c.get("unit_text") and c["indicator"] != "sessions"]
    bare = [c for c in items if not re.match(r"(?i)(xã|phường|thị trấn) ", c["unit_text"])]
    assert bare and all(c["level"] == "commune" for c in bare)
    assert compose.Style().bare == 0  # the samples' clerk keeps every kind word
    got = Counter((c.indicator.value, c.value, c.unit) for c in
                  extract_file(tmp_path / summary["file"]).counts
                  if c.level.value == "commune" and c.scope.value == "unit")
    assert Counter((c["indicator"], c["value"], c["unit"]) for c in items) <= got


def test_every_target_template_states_slots_with_target_values():
    for t in phrases.PLAN_PHRASES + phrases.SUMMARY_PLAN_PHRASES:
        slots = compose.template_slots(t)
        assert slots and not any(slots.values()), t  # a target is never a zero in words
        assert {s.removeprefix("d.") for s in slots} <= set(phrases.TARGET_VALUES), t
        assert t.startswith("- "), t  # an item of the plans section


def _period_key(c: dict) -> tuple:
    q = {k: v for k, v in c["qualifiers"].items() if k != "planned"}
    return c["indicator"], c["level"], c["unit"], c["scope"], c["body"], tuple(sorted(q.items()))


def test_some_clerks_write_targets_in_the_plans_section_or_after_a_cue(corpora):
    """Targets: one or two sentences at the end of the plans section, or a sentence of the
    period's sections saying "dự kiến" / "sẽ" before the figure; each figure planned, some
    restating the period's own figure and some setting another one."""
    kinds, cued, same, other = Counter(), 0, 0, 0
    for d in corpora.values():
        for doc in _truth(d)["documents"]:
            counts = doc["record"]["counts"]
            planned = [c for c in counts if c["qualifiers"].get("planned")]
            if not planned:
                continue
            kinds[doc["record"]["kind"]] += 1
            body = _body(d / doc["file"])
            start = body.index("PHƯƠNG HƯỚNG")
            plans = body[start:body.index("Trên đây là")]
            lines = [line for line in plans.split("\n") if any(
                c["text"] in line for c in planned)]
            assert len(lines) <= 2, doc["file"]
            for c in planned:
                assert c["part"] == "body"
                if c["text"] not in plans:
                    heads = [x[:x.index(c["text"])].lower() for x in body[:start].split("\n")
                             if c["text"] in x]
                    assert any("dự kiến" in h or " sẽ " in h for h in heads), c["text"]
                    cued += 1
            period = {_period_key(c): c["value"] for c in counts
                      if not c["qualifiers"].get("planned")}
            for c in planned:
                if _period_key(c) in period:
                    same += period[_period_key(c)] == c["value"]
                    other += period[_period_key(c)] != c["value"]
    assert kinds["commune_report"] >= 5 and kinds["district_summary"] >= 1
    assert cued and same and other


def test_the_samples_clerk_writes_no_target():
    from conftest import SAMPLES

    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    assert compose.Style().plans == 0
    assert not [c for doc in truth["documents"] for c in doc["record"]["counts"]
                if c["qualifiers"].get("planned")]


# ---- the newer clerk habits -----------------------------------------------------------

def test_every_newer_habit_shows_in_the_fixture_corpora(corpora):
    """So that the truth test above checks each of them against the text read back."""
    shown = Counter(h for d in corpora.values() for doc in _truth(d)["documents"]
                    for h in doc["habits"])
    assert set(compose.HABITS) | {"old_tones"} <= set(shown), shown


def test_the_samples_clerk_and_a_clerk_without_the_stream_have_no_newer_habit():
    import random

    assert all(getattr(compose.Style(), h) == 0 for h in compose.HABITS)
    style = compose.random_style(random.Random(1))
    assert all(getattr(style, h) == 0 for h in compose.HABITS)
    drawn = [compose.random_style(random.Random(1), random.Random(i)) for i in range(40)]
    assert all(any(getattr(s, h) for s in drawn) for h in compose.HABITS)
    assert all(s.pad == style.pad and s.old_tones == style.old_tones for s in drawn)


@pytest.mark.parametrize("text, plain", [
    ("HĐND xã Đăk Sao đã tổ chức 02 kỳ họp", "HDND xa Dak Sao da to chuc 02 ky hop"),
    ("Thường trực HĐND tiếp công dân", "Thuong truc HDND tiep cong dan"),
    ("khoá XII, Uỷ ban", "khoa XII, Uy ban"),
])
def test_no_marks_types_text_without_diacritics(text, plain):
    assert lines.no_marks(text) == plain


@pytest.mark.parametrize("template, values, fit", [
    pytest.param("«tổ chức kỳ họp chuyên đề{sessions.thematic@implied}»",
                 {"sessions.thematic": 1}, True, id="implied-one"),
    pytest.param("«tổ chức kỳ họp chuyên đề{sessions.thematic@implied}»",
                 {"sessions.thematic": 2}, False, id="implied-two"),
    pytest.param("«đạt {supervision@done} cuộc»", {"supervision": 4}, True, id="done"),
    pytest.param("«đạt {supervision@done} cuộc»", {"supervision": 0}, False, id="done-zero"),
    pytest.param("«{complaints=0}không có đơn thư»", {"complaints": 0}, True, id="zero"),
])
def test_fits_knows_events_named_and_done_of_planned(template, values, fit):
    assert compose.fits(template, values) is fit


def _report(**habits):
    import random

    return compose.Report(level="commune", unit="Đăk Sao", district="Tu Mơ Rông",
                          style=compose.Style(pad=1.0, paren=0, words=0, **habits),
                          rng=random.Random(3), sessions={"after": 6, "before": 7})


@pytest.mark.parametrize("template, values, counts", [
    pytest.param("HĐND xã đã «tổ chức kỳ họp chuyên đề{sessions.thematic@implied}».",
                 {"sessions.thematic": 1},
                 [("sessions", 1, {"kind": "thematic", "implied": True},
                   "tổ chức kỳ họp chuyên đề")], id="implied"),
    pytest.param("Thường trực HĐND xã thực hiện giám sát «đạt {supervision@done} cuộc».",
                 {"supervision": 4}, [("supervision_topics", 4, {}, "đạt 04/04 cuộc")],
                 id="done"),
    pytest.param("«{petitions_answered} kiến nghị đã được giải quyết», «còn "
                 "{voter_petitions.pending} ý kiến đang giải quyết».",
                 {"petitions_answered": 5, "voter_petitions.pending": 3},
                 [("petitions_answered", 5, {}, "05 kiến nghị đã được giải quyết"),
                  ("voter_petitions", 3, {"status": "pending"},
                   "còn 03 ý kiến đang giải quyết")], id="pending"),
])
def test_habit_fields_give_their_truth(template, values, counts):
    r = _report()
    r.sentence(template, values, {})
    assert [(c["indicator"], c["value"], c["qualifiers"], c["text"]) for c in r.counts] \
        == counts


def test_a_wrapped_phrase_is_written_as_two_paragraphs_and_its_truth_says_where(tmp_path):
    r = _report(wrapped=1.0)
    r.sentence("Trong kỳ, HĐND xã đã tổ chức «{sessions.thematic} kỳ họp chuyên đề» theo luật "
               "định.", {"sessions.thematic": 2}, {}, align="both", indent=1.0)
    assert r.used == {"wrapped"} and len(r.items) == 2
    (count,) = r.counts
    first, second = count["text"].split("\n")
    assert first.startswith("02 kỳ") and r.items[1].indent is None
    path = tmp_path / "w.docx"
    path.write_bytes(r.write("t", "2024-06-20", "x"))
    body = [b.text for b in read_document(path).blocks if b.part.value == "body"]
    assert body[0].endswith(first) and body[1].startswith(second)
    record = {"unit": "Đăk Sao", "district": "Tu Mơ Rông", "counts": r.counts}
    assert truth_problems(path, record) == []


def test_a_sentence_typed_without_diacritics_states_its_figures_in_digits():
    r = _report(plain=1.0)
    r.style.paren = 1.0  # "05 (năm)" unless typed without diacritics: "nam" is not five
    r.sentence("HĐND {unit} đã ban hành «{resolutions} nghị quyết».", {"resolutions": 5},
               {"unit": "xã Đăk Sao"})
    assert r.used == {"plain"}
    assert r.items[0].content == ("HDND xa Dak Sao da ban hanh 05 nghi quyet.",)
    assert r.counts[0]["text"] == "05 nghi quyet"


@pytest.mark.parametrize("seed", range(4))
def test_a_table_with_sub_rows_states_every_figure_once_with_its_parts(tmp_path, seed):
    import random

    from extractors.places import gazetteer
    from pipeline.corpus import habits

    u = next(x for x in gazetteer().communes_of("Tu Mơ Rông", "Kon Tum")
             if x.name == "Đăk Sao")
    s = figures.setting(u, figures.Period(2024, 1), random.Random(1))
    c = figures.commune_facts(u, s, random.Random(seed),
                              {"sessions": 2, "sessions.regular": 1, "sessions.thematic": 1},
                              [])
    total = c.figs["voter_petitions"]["voter_petitions"]
    c.figs["petitions_answered"] = {"petitions_answered": total - 2}
    r = _report(tables=1.0, status=1.0)
    r.rng = random.Random(seed)
    habits.subrow_table(r, c, r.rng)
    assert {"tables", "status"} <= r.used
    stated = {(x["slot"], x["value"]) for x in r.counts}
    figs = {(k, v) for g, vs in c.figs.items() if g != "explanation" for k, v in vs.items()
            if k in phrases.TABLE_ROWS or k.startswith(("sessions.", "supervision.",
                                                        "voter_petitions."))}
    assert figs <= stated
    labels = [x["row_text"] for x in r.counts]
    assert any(t.startswith(("- ", "+ ", "Trong đó:")) for t in labels) or any(
        "." in p.content[0] for row in r.items[0].rows for p in row[0])
    path = tmp_path / "t.docx"
    path.write_bytes(r.write("t", "2024-06-20", "x"))
    record = {"unit": "Đăk Sao", "district": "Tu Mơ Rông", "counts": r.counts}
    assert truth_problems(path, record) == []
# --- after 1 July 2025: a province and its new communes ---------------------------------

@pytest.fixture(scope="module")
def province_corpora(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for period, k in (("2026H1", 8), ("2025H2", 4)):
        d = tmp_path_factory.mktemp(f"lai-chau-{period}")
        generate.generate_corpus(d, province="Lai Châu", period=period, seed=7, discrepancies=k)
        out[period] = d
    return out


@pytest.mark.parametrize("period", ["2026H1", "2025H2"])
def test_a_province_corpus_has_every_new_commune_and_the_province_summary(province_corpora,
                                                                         period):
    from extractors.places import gazetteer

    d = province_corpora[period]
    truth = _truth(d)
    names = {u.name for u in gazetteer("new").communes_in("Lai Châu")}
    records = [doc["record"] for doc in truth["documents"]]
    reported = {r["unit"] for r in records if r["kind"] == "commune_report"}
    no_report = {x["unit"] for x in truth["discrepancies"]
                 if x["rule"] == "missing_unit" and not x["documents"]}
    assert reported | no_report == names and truth["district"] is None
    [summary] = [r for r in records if r["kind"] != "commune_report"]
    assert (summary["kind"], summary["level"], summary["unit"], summary["district"]) == (
        "province_summary", "province", "Lai Châu", None)
    assert all(r["district"] is None and r["province"] == "Lai Châu" for r in records)
    assert {c["level"] for c in summary["counts"]} == {"province", "commune", "all"}
    for doc in truth["documents"]:
        assert truth_problems(d / doc["file"], doc["record"]) == [], doc["file"]


def test_reports_of_2025_h2_give_their_former_communes_figures(province_corpora):
    from extractors.places import gazetteer, transition

    truth = _truth(province_corpora["2025H2"])
    with_former = [doc for doc in truth["documents"] if any(
        c["qualifiers"].get("former") for c in doc["record"]["counts"])]
    assert with_former
    for doc in with_former:
        record = doc["record"]
        [unit] = gazetteer("new").lookup(record["unit"], level="commune", province="Lai Châu")
        before = {s.old.name for s in transition().predecessors(unit)}
        former = [c for c in record["counts"] if c["qualifiers"].get("former")]
        assert {c["unit"] for c in former if c["scope"] == "unit"} == before
        assert {(c["unit"], c["indicator"]) for c in former if c["scope"] == "sum"} == {
            (record["unit"], "sessions"), (record["unit"], "resolutions")}
        assert "(cũ)" in _body(province_corpora["2025H2"] / doc["file"]) or any(
            "(cũ)" in b.text for b in read_document(province_corpora["2025H2"] / doc["file"])
            .blocks)
    assert not any(c["qualifiers"].get("former") for doc in _truth(
        province_corpora["2026H1"])["documents"] for c in doc["record"]["counts"])


@pytest.mark.parametrize("kwargs, message", [
    ({"district": "Tu Mơ Rông", "province": "Quảng Ngãi", "period": "2026H1"},
     "districts were abolished"),
    ({"period": "2025H2"}, "needs --province"),
    ({"province": "Kon Tum", "period": "2026H1"}, "no such province on the map from 1 July"),
    ({"province": "Lai Châu", "period": "2026H1", "copies": 3}, "at most 2 period"),
    ({"province": "Lai Châu", "period": "2024H1"}, "needs --district"),
])
def test_bad_arguments_across_the_change_are_input_errors(tmp_path, kwargs, message):
    with pytest.raises(InputError, match=message):
        generate.generate_corpus(tmp_path, **kwargs)


def test_cli_generates_a_province_corpus(tmp_path):
    result = CliRunner().invoke(cli, ["samples", "generate", str(tmp_path), "--province",
                                      "Lai Châu", "--period", "2026H1", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("tỉnh Lai Châu (Lai Châu), 1 kỳ/period(s): 39 văn bản")
