"""Build the sample reports of samples/: the eleven commune reports of Tu Mơ Rông for the
first half of 2024 and the district summary, with the figures of the real summary in
tests/data/seed/, a few planted discrepancies (samples/README.md) and truth.json; and, after
the reorganisation of 1 July 2025, the report of the new xã Măng Ri (tỉnh Quảng Ngãi) for
the first half of 2026 and the province's summary of its communes' reports.

Run from the repository root: `.venv/bin/python samples/build_samples.py` (the .doc sample
needs LibreOffice's `soffice`).
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extractors.places import gazetteer
from extractors.reader.legacy import unicode_to_tcvn3
from pipeline.corpus import compose, figures, generate, reports
from pipeline.corpus.docxwriter import Note, Para, Run, Table

HERE = Path(__file__).resolve().parent
PERIOD = figures.Period(2024, 1)

# The seed's footnote 2 (resolutions) and footnote 5 (voter petitions), in its order.
RESOLUTIONS = {"Đăk Hà": 1, "Tê Xăng": 1, "Đăk Tờ Kan": 1, "Đăk Rơ Ông": 1, "Đăk Sao": 1,
               "Đăk Na": 1, "Văn Xuôi": 1, "Ngọk Lây": 1, "Ngọk Yêu": 3, "Tu Mơ Rông": 1}
PETITIONS = {"Đăk Sao": 6, "Ngọk Yêu": 4, "Đăk Tờ Kan": 12, "Đăk Rơ Ông": 3, "Tu Mơ Rông": 5,
             "Đăk Hà": 8, "Văn Xuôi": 12, "Ngọk Lây": 4, "Tê Xăng": 6, "Măng Ri": 3,
             "Đăk Na": 5}
# The seed's footnote 1: every commune but Măng Ri held one thematic session.
SESSIONS = ["Đăk Hà", "Tu Mơ Rông", "Đăk Tờ Kan", "Đăk Rơ Ông", "Đăk Sao", "Đăk Na",
            "Tê Xăng", "Ngọk Yêu", "Ngọk Lây", "Văn Xuôi"]
# Supervision topics by body per commune; they add up to the seed's "các xã: 9 / 10 / 13".
SUPERVISION = {"Đăk Hà": (1, 1, 2), "Đăk Na": (1, 1, 1), "Đăk Rơ Ông": (1, 1, 1),
               "Đăk Sao": (1, 1, 1), "Đăk Tờ Kan": (1, 1, 2), "Măng Ri": (0, 0, 1),
               "Ngọk Lây": (1, 1, 1), "Ngọk Yêu": (1, 1, 1), "Tê Xăng": (0, 1, 1),
               "Tu Mơ Rông": (1, 1, 1), "Văn Xuôi": (1, 1, 1)}
VILLAGES = {"Đăk Sao": ["thôn Đăk Dế", "thôn Kạch Lớn", "thôn Kon Chiêng"],
            "Đăk Tờ Kan": ["thôn Đăk Văn", "thôn Tu Thó", "thôn Ba Khen", "thôn Long Láy"],
            "Văn Xuôi": ["thôn Kon Hia", "thôn Pu Tá", "thôn Mô Pả"]}

BROKEN = "mang-ri-2024-h1-email.docx"
# Which sample carries which planted discrepancy; README.md lists them.
CROSS, TOTAL, DUPLICATE, REPEATED, CONFLICT = ("Văn Xuôi", "Đăk Hà", "Đăk Sao", "Ngọk Yêu",
                                               "Đăk Tờ Kan")
DOC, TCVN3, TRACKED, TABLE = "Tê Xăng", "Ngọk Lây", "Tu Mơ Rông", "Đăk Na"


def _setting(district) -> figures.Setting:
    return figures.Setting(district, PERIOD, (2021, 2026), 8, dt.date(2024, 5, 22), 6,
                           ((3, dt.date(2024, 1, 22)), (17, dt.date(2024, 6, 18))))


def commune_facts(s: figures.Setting, units) -> list[figures.CommuneFacts]:
    """Return the eleven communes' figures: the seed's where it has them, plausible elsewhere."""
    villages = [f"thôn {v}" for v in ("Kon Hia", "Đăk Dế", "Long Láy", "Mô Pả")]
    out = []
    for u in units:
        rng = random.Random(f"samples|{u.name}")
        c = figures.commune_facts(u, s, rng, {"sessions.thematic": 1}, villages)
        c.layout, c.restated = "prose", {}
        c.villages = VILLAGES.get(u.name, [])
        vp = PETITIONS[u.name]
        c.figs["voter_petitions"] = {"voter_petitions": vp}
        if u.name in ("Đăk Tờ Kan", "Đăk Hà", "Ngọk Yêu"):
            c.figs["voter_petitions"].update({"voter_petitions.after": vp // 2,
                                              "voter_petitions.before": vp - vp // 2})
        answered = c.figs.get("petitions_answered", {}).get("petitions_answered")
        if answered:
            c.figs["petitions_answered"] = {"petitions_answered": min(answered, vp)}
        if u.name in RESOLUTIONS:
            c.figs["resolutions"] = {"resolutions": RESOLUTIONS[u.name]}
        else:  # Măng Ri held no session in the period: the seed leaves it out of both lists
            c.figs["sessions"] = {"sessions": 0}
            c.figs["resolutions"] = {"resolutions": 0}
            del c.figs["questions"]
        c.parts = dict(zip(("council", "standing", "committees"), SUPERVISION[u.name]))
        sup = {"supervision": sum(c.parts.values())}
        if all(c.parts.values()):
            sup.update({f"supervision.{b}": v for b, v in c.parts.items()})
        c.figs["supervision"] = sup
        out.append(c)
    return out


def plant(facts: dict[str, figures.CommuneFacts], s: figures.Setting) -> list[figures.CommuneFacts]:
    """Plant the discrepancies of README.md; return the second version of Đăk Sao's report."""
    facts[CROSS].figs["voter_petitions"]["voter_petitions"] = 11
    c = facts[TOTAL]
    c.figs["supervision"] = {"supervision": sum(c.parts.values()) + 1,
                             **{f"supervision.{b}": v for b, v in c.parts.items()}}
    c = facts[DUPLICATE]
    c.figs["receptions"] = {"citizen_receptions": 6, "complaints": 0}
    v2 = copy.deepcopy(c)
    v2.figs["receptions"]["citizen_receptions"] = 7
    v2.number, v2.date, v2.suffix = c.number + 1, c.date + dt.timedelta(days=3), "-v2"
    facts[REPEATED].figs["voter_meetings"] = {"voter_meetings": 4}
    facts[REPEATED].restated = {"voter_meetings": 5}
    facts[CONFLICT].plan_date = dt.date(2024, 5, 25)
    facts[TABLE].layout = "table"
    facts[TRACKED].tracked = "voter_petitions"
    return [v2]


def summary_facts() -> figures.SummaryFacts:
    """Return the district summary's figures: the seed's, list order included."""
    g = gazetteer()
    unit = {u.name: u for u in g.communes_of("Tu Mơ Rông", "Kon Tum")}
    style = compose.Style(pad=1.0, paren=0.0, words=0.0)

    def items(values: dict[str, int], slot: str) -> list[figures.ListItem]:
        return [figures.ListItem(figures.written(unit[n], style), n, {slot: v})
                for n, v in values.items()]

    figs = {
        "d_sessions": {"d.sessions.thematic": 2},
        "resolutions": {"all.resolutions": 18, "d.resolutions": 6, "c.resolutions": 12},
        "district_petitions": {"d.voter_petitions": 26, "d.voter_petitions.after": 10,
                               "d.voter_petitions.before": 16},
        "commune_petitions": {"c.voter_petitions": 68},
        "supervision": {"all.supervision": 41},
        "supervision.council": {"all.supervision.council": 10, "d.supervision.council": 1,
                                "c.supervision.council": 9},
        "supervision.standing": {"all.supervision.standing": 12, "d.supervision.standing": 2,
                                 "c.supervision.standing": 10},
        "supervision.committees": {"all.supervision.committees": 16,
                                   "d.supervision.committees": 3,
                                   "c.supervision.committees": 13},
        "supervision.delegate_groups": {"d.supervision.delegate_groups": 3},
        "voter_meetings": {"d.voter_meetings": 2},
        "all_petitions": {"all.voter_petitions": 94, "d.voter_petitions": 26,
                          "c.voter_petitions": 68},
        "explanation": {"d.explanation_sessions": 1, "d.explanation_topics": 4},
        "complaints": {"d.complaints": 0},
    }
    return figures.SummaryFacts(
        figs=figs, sessions=items({n: 1 for n in SESSIONS}, "sessions.thematic"),
        resolutions=items(RESOLUTIONS, "resolutions"),
        petitions=items(PETITIONS, "voter_petitions"), number=20, date=dt.date(2024, 6, 26),
        sections=("I", "II", "IV"), topics=4)


_CONCLUSIONS = {
    "tb29": "Thông báo số 29/TB-TTHĐND ngày 24/6/2024 của Thường trực HĐND huyện về kết luận "
            "phiên giải trình lần thứ ba, nhiệm kỳ 2021-2026.",
    "tb_old": "Thông báo số 29/TB-TTHĐND ngày 05/7/2023 của Thường trực HĐND huyện về kết luận "
              "phiên giải trình lần thứ nhất, nhiệm kỳ 2021-2026; Thông báo số 51/TB-TTHĐND "
              "ngày 13/11/2023 của Thường trực HĐND huyện về kết luận phiên giải trình lần thứ "
              "hai, nhiệm kỳ 2021-2026.",
}


def to_tcvn3(items: list) -> list:
    """Return the report's blocks typed in TCVN3: .VnTime runs, .VnTimeH for capitals that
    TCVN3 has no code for (the old fonts drew them from a second, upper-case font)."""
    def runs(seg) -> tuple:
        if isinstance(seg, Note):
            return (Note(tuple(r for part in ([seg.text] if isinstance(seg.text, str)
                                              else seg.text) for r in runs(part))),)
        run = Run(seg) if isinstance(seg, str) else seg
        out, buf, upper = [], [], None
        for ch in run.text + "\0":
            needs_h = ch != "\0" and ch.isupper() and not ch.isascii() and (
                unicode_to_tcvn3(ch) == unicode_to_tcvn3(ch.lower()))
            whole_upper = run.text.isupper()
            h = whole_upper or needs_h
            if (h != upper or ch == "\0") and buf:
                text = "".join(buf)
                out.append(Run(unicode_to_tcvn3(text.lower() if upper else text),
                               bold=run.bold, italic=run.italic, underline=run.underline,
                               size=run.size, change=run.change,
                               font=".VnTimeH" if upper else ".VnTime"))
                buf = []
            buf.append(ch)
            upper = h
        return tuple(out)

    def para(p: Para) -> Para:
        return dataclasses.replace(p, content=tuple(r for seg in p.content for r in runs(seg)))

    out = []
    for item in items:
        if isinstance(item, Table):
            rows = tuple(tuple(tuple(para(p) for p in cell) for cell in row)
                         for row in item.rows)
            out.append(Table(rows, item.widths, item.borders))
        else:
            out.append(para(item))
    return out


def to_doc(docx: Path) -> Path:
    """Convert `docx` to Word 97 .doc with LibreOffice; return the .doc path."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "doc", "--outdir", tmp, str(docx)], check=True,
                       capture_output=True, timeout=300)
        target = docx.with_suffix(".doc")
        shutil.move(Path(tmp) / target.name, target)
    docx.unlink()
    return target


# After 1 July 2025: the new xã Măng Ri of Quảng Ngãi (former Măng Ri, Ngọk Lây, Ngọk Yêu, Tê
# Xăng and Văn Xuôi of Tu Mơ Rông) reports 2 sessions; the province's summary says 3.
PERIOD_NEW = figures.Period(2026, 1)
PROVINCE, NEW_COMMUNE = "Quảng Ngãi", "Măng Ri"


def build_new_map(out: Path) -> tuple[list[dict], list[dict]]:
    """Write the new commune's report and the province summary of 2026 H1 into `out`;
    return their documents and discrepancies for truth.json."""
    g = gazetteer("new")
    province = g.province(PROVINCE)
    units = g.communes_in(PROVINCE)
    s = figures.setting(province, PERIOD_NEW, random.Random("samples|2026|setting"), units)
    s.two_level = True
    villages = [f"thôn {v}" for v in ("Kon Hia", "Đăk Dế", "Long Láy", "Mô Pả")]
    facts = [figures.commune_facts(u, s, random.Random(f"samples|2026|{u.code}"), None,
                                   villages) for u in units]
    own = next(c for c in facts if c.unit.name == NEW_COMMUNE)
    own.layout, own.restated, own.villages = "prose", {}, []
    own.figs["sessions"] = {"sessions": 2, "sessions.regular": 1, "sessions.thematic": 1}
    official = copy.deepcopy(facts)
    listed = next(c for c in official if c.unit.name == NEW_COMMUNE)
    listed.figs["sessions"] = {"sessions": 3, "sessions.regular": 1, "sessions.thematic": 2}
    by_code = generate._file_names(units, province, PERIOD_NEW)
    style = compose.Style(pad=0.8, paren=0.05, words=0.0)
    r = reports.commune_report(s, own, style, random.Random("samples|2026|doc"))
    file = by_code[own.unit.code]
    (out / file).write_bytes(r.write(f"Báo cáo kết quả hoạt động HĐND xã {NEW_COMMUNE}",
                                     own.date.isoformat(), "Văn phòng HĐND-UBND xã"))
    documents = [{"file": file, "record": generate.record(
        file, r, "commune_report", s, f"{own.number:02d}/BC-HĐND", own.date)}]
    style = compose.Style(pad=1.0, paren=0.0, words=0.0)
    srng = random.Random("samples|2026|summary")
    sf = figures.summary_facts(s, official, style, srng)
    r = reports.district_summary(s, sf, style, srng)
    summary = by_code["summary"]
    (out / summary).write_bytes(r.write(f"Báo cáo tổng hợp kết quả hoạt động HĐND tỉnh {PROVINCE}",
                                        sf.date.isoformat(), "Văn phòng HĐND tỉnh"))
    documents.append({"file": summary, "record": generate.record(
        summary, r, "province_summary", s, f"{sf.number:02d}/BC-TTHĐND", sf.date)})
    discrepancies = [{
        "rule": "cross_document_mismatch", "indicator": "sessions", "level": "commune",
        "unit": NEW_COMMUNE, "values": [2, 3], "documents": [summary, file],
        "description": "Xã Măng Ri (mới) báo cáo 2 kỳ họp, báo cáo tổng hợp của tỉnh ghi 3"}]
    discrepancies += [{
        "rule": "missing_unit", "indicator": None, "level": "commune", "unit": u.name,
        "values": [], "documents": [summary],
        "description": f"Không có báo cáo của {u.kind} {u.name} trong thư mục (tỉnh {PROVINCE}, "
                       "6 tháng đầu năm 2026)"} for u in units if u.name != NEW_COMMUNE]
    return documents, discrepancies


def build(out: Path = HERE) -> dict:
    """Write every sample and truth.json into `out`; return the truth."""
    g = gazetteer()
    district = g.district("Tu Mơ Rông", "Kon Tum")
    units = g.communes_of("Tu Mơ Rông", "Kon Tum")
    s = _setting(district)
    facts = {c.unit.name: c for c in commune_facts(s, units)}
    extra = plant(facts, s)
    by_code = generate._file_names(units, district, PERIOD)
    files = {u.name: by_code[u.code] for u in units} | {"summary": by_code["summary"]}
    documents = []
    for c in list(facts.values()) + extra:
        rng = random.Random(f"samples|doc|{c.unit.name}{c.suffix}")
        style = compose.Style(pad=0.8, paren=0.05, words=0.0, old_tones=c.unit.name in (
            "Văn Xuôi", "Đăk Rơ Ông"), dak="Đắk" if c.unit.name == "Đăk Rơ Ông" else "Đăk",
                              ngok="Ngọc" if c.unit.name == "Ngọk Yêu" else "Ngọk")
        r = reports.commune_report(s, c, style, rng)
        file = files[c.unit.name].replace(".docx", f"{c.suffix}.docx")
        final = file.removesuffix(".docx") + ".doc" if c.unit.name == DOC else file
        # the record is read from the Unicode text, before any legacy encoding
        record = generate.record(final, r, "commune_report", s, f"{c.number:02d}/BC-HĐND",
                                 c.date)
        if c.unit.name == TCVN3 and not c.suffix:
            r.items = to_tcvn3(r.items)
        data = r.write(f"Báo cáo kết quả hoạt động HĐND xã {c.unit.name}", c.date.isoformat(),
                       "Văn phòng HĐND-UBND xã")
        (out / file).write_bytes(data)
        if c.unit.name == DOC:
            to_doc(out / file)
        if c.unit.name == "Măng Ri":
            (out / BROKEN).write_bytes(data[: len(data) // 2])
        documents.append({"file": final, "record": record})
    rng = random.Random("samples|summary")
    style = compose.Style(pad=1.0, paren=0.0, words=0.0)
    sf = summary_facts()
    r = reports.district_summary(s, sf, style, rng, extra_notes=_CONCLUSIONS)
    file = files["summary"]
    (out / file).write_bytes(r.write("Báo cáo tổng hợp kết quả hoạt động HĐND huyện Tu Mơ Rông",
                                     sf.date.isoformat(), "Văn phòng HĐND-UBND huyện"))
    documents.append({"file": file, "record": generate.record(
        file, r, "district_summary", s, f"{sf.number:02d}/BC-TTHĐND", sf.date)})
    new_documents, new_discrepancies = build_new_map(out)
    truth = {"district": "Tu Mơ Rông", "province": "Kon Tum", "period": "2024H1",
             "periods": ["2024-h1", "2026-h1"], "seed": None,
             "documents": documents + new_documents,
             "discrepancies": _discrepancies(files, facts) + new_discrepancies,
             "unreadable": [BROKEN]}
    documents = truth["documents"]
    for d in documents:  # the file's hash, as `baocao extract` reports it
        d["record"] = {"file": d["file"], "sha256": hashlib.sha256(
            (out / d["file"]).read_bytes()).hexdigest(), **d["record"]}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
    return truth


def _discrepancies(files: dict[str, str], facts) -> list[dict]:
    summary = files["summary"]

    def d(rule, indicator, unit, values, documents, description, level="commune"):
        return {"rule": rule, "indicator": indicator, "level": level, "unit": unit,
                "values": values, "documents": documents, "description": description}

    sup = sum(facts[TOTAL].parts.values())
    return [
        d("missing_unit", "sessions", "Măng Ri", [], [summary],
          "Măng Ri không có trong danh sách kỳ họp (chú thích 1), như báo cáo thật"),
        d("missing_unit", "resolutions", "Măng Ri", [], [summary],
          "Măng Ri không có trong danh sách nghị quyết (chú thích 2), như báo cáo thật"),
        d("section_gap", None, "Tu Mơ Rông", [], [summary],
          "Báo cáo tổng hợp đánh số mục I, II, IV (thiếu III), như báo cáo thật",
          level="district"),
        d("cross_document_mismatch", "voter_petitions", CROSS, [11, 12],
          [summary, files[CROSS]], "Văn Xuôi báo cáo 11 ý kiến cử tri, báo cáo tổng hợp ghi 12"),
        d("total_mismatch", "supervision_topics", TOTAL, [sup, sup + 1], [files[TOTAL]],
          f"Đăk Hà ghi tổng {sup + 1} chuyên đề giám sát nhưng các phần cộng lại {sup}"),
        d("duplicate_submission", "citizen_receptions", DUPLICATE, [6, 7],
          [files[DUPLICATE], files[DUPLICATE].replace(".docx", "-v2.docx")],
          "Đăk Sao gửi hai bản: 6 và 7 buổi tiếp công dân"),
        d("repeated_mismatch", "voter_meetings", REPEATED, [4, 5], [files[REPEATED]],
          "Ngọk Yêu ghi 4 buổi tiếp xúc cử tri ở mục I và 5 buổi ở mục II"),
        d("reference_conflict", None, None, ["2024-05-22", "2024-05-25"],
          [files[CONFLICT], summary],
          "Kế hoạch số 08/KH-TTHĐND: ngày 22/05/2024 ở các báo cáo, 25/5/2024 ở Đăk Tờ Kan",
          level=None),
    ]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    t = build(target)
    print(f"{len(t['documents'])} documents, {len(t['discrepancies'])} discrepancies, "
          f"1 unreadable file -> {target}")
