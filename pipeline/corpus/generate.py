"""Generate corpora of HĐND reports with known answers (`baocao samples generate`).

For every commune of a real district of the gazetteer this writes a commune report, plus the
district's summary in the form of the real one (per-commune lists in Word footnotes), and
`truth.json`: each document's expected record (contract.md shape, each count with the exact
phrase it was rendered from) and the discrepancies planted on purpose, with the flag each
must raise. For a period from 1 July 2025 (the map without districts) it does the same for
a province: a report of each of its new communes (in 2025 H2 some give their former
communes' figures too) and the province's summary. The phrasing is data in `phrases.py`; the figures are drawn in `figures.py`,
reports composed in `compose.py` and `reports.py`.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import random
import time
import unicodedata
from pathlib import Path

from pipeline.corpus import compose, figures, reports
from pipeline.corpus.figures import PLANTS, parse_period
from schemas.errors import InputError


def slug(name: str) -> str:
    """Return an ASCII file-name slug: "Đăk Sao" → "dak-sao"."""
    s = unicodedata.normalize("NFD", name.lower()).replace("đ", "d")
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return "-".join("".join(ch if ch.isalnum() else " " for ch in s).split())


def _villages(g, district) -> list[str]:
    # Village names that are no unit anywhere (on either map), so no reader can take them
    # for a commune.
    from extractors.places import gazetteer

    return [v for v in figures.VILLAGES if not g.lookup(v) and not gazetteer().lookup(v)]


def _file_names(communes, district, p: figures.Period) -> dict[str, str]:
    files, used = {}, set()
    for u in communes:
        base = slug(u.name if u.kind == "xã" else f"{u.kind} {u.name}")
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        files[u.code] = f"{name}-{p.slug}.docx"
    files["summary"] = f"{slug(district.name)}-{p.slug}-summary.docx"
    return files


def record(file: str, r: compose.Report, kind: str, s: figures.Setting, number: str,
           date: dt.date) -> dict:
    """Return a document's expected record: contract shape, counts with their phrase."""
    return {"file": file, "kind": kind, "level": r.level, "unit": r.unit,
            "district": None if s.two_level else s.district.name,
            "province": s.district.province,
            "period": {"year": s.period.year, "half": s.period.half},
            "term": f"{s.term[0]}-{s.term[1]}", "number": number, "date": date.isoformat(),
            "counts": [{k: v for k, v in c.items() if k != "slot"} for c in r.counts],
            "references": r.references()}


def district_period(g, district, communes, p: figures.Period, seed: int, k: int,
                    habits: bool = True
                    ) -> tuple[list[tuple[str, bytes, dict, list[str]]], list[dict]]:
    """Return the documents (file name, DOCX bytes, expected record, the clerk habits it
    shows) of one district and period, with `k` discrepancies planted, and the list of
    those discrepancies. Without `habits` the clerks have none of the newer habits
    (`compose.HABITS`)."""
    rng = random.Random(f"{seed}|{district.code}|{p.slug}")
    s = figures.setting(district, p, rng, communes)
    s.two_level = g.two_level
    villages = _villages(g, district)
    uniform = rng.choice(figures.SESSION_PATTERNS[:3]) if rng.random() < 0.5 else None
    facts = []
    for u in communes:
        crng = random.Random(f"{seed}|{u.code}|{p.slug}")
        names = ([f"thôn {v}" for v in villages] if u.kind == "xã"
                 else [f"tổ dân phố số {i}" for i in range(1, 9)])
        facts.append(figures.commune_facts(u, s, crng, uniform, names))
        if g.two_level and (p.year, p.half) in ((2025, 2), (2025, None)):
            _former(facts[-1], random.Random(f"{seed}|{u.code}|{p.slug}|former"))
    official = copy.deepcopy(facts)
    files = _file_names(communes, district, p)
    prng = random.Random(f"{seed}|{district.code}|{p.slug}|plants")
    kinds = list(PLANTS)
    prng.shuffle(kinds)
    targets = prng.sample(range(len(facts)), k)
    edits = {"omit": set(), "foreign": []}
    planted, extra, skip = [], [], set()
    for i, t in enumerate(targets):
        kind = kinds[i % len(kinds)]
        entry, v2 = figures.plant(kind, facts[t], files, prng, g=g, setting_=s, summary_edits=edits)
        if entry is None:
            kind = "section_gap"
            entry, v2 = figures.plant(kind, facts[t], files, prng, g=g, setting_=s,
                                      summary_edits=edits)
        if kind == "missing_report":
            skip.add(facts[t].unit.code)
        if v2 is not None:
            extra.append(v2)
        planted.append(entry)
    docs = []
    planted_units = {facts[t].unit.code for t in targets}
    for c in facts + extra:
        if c.unit.code in skip:
            continue
        drng = random.Random(f"{seed}|{c.unit.code}|{p.slug}|doc{c.suffix}")
        hrng = random.Random(f"{seed}|{c.unit.code}|{p.slug}|doc{c.suffix}|habits")
        style = compose.random_style(drng, hrng if habits else None)
        # a clerk who writes tables puts some whole reports in one (never one with a
        # discrepancy planted in its prose)
        if (style.tables and c.layout == "prose" and c.unit.code not in planted_units
                and hrng.random() < style.tables / 2):
            c.layout = "table"
        r = reports.commune_report(s, c, style, drng)
        file = files[c.unit.code].replace(".docx", f"{c.suffix}.docx")
        title = f"Báo cáo kết quả hoạt động HĐND {c.unit.kind} {c.unit.name}"
        docs.append((file, r.write(title, c.date.isoformat(), "Văn phòng HĐND-UBND"),
                     record(file, r, "commune_report", s, f"{c.number:02d}/BC-HĐND", c.date),
                     _habits(r)))
    srng = random.Random(f"{seed}|{district.code}|{p.slug}|summary")
    # a province's summary keeps the plain phrasing: the habits' summary sentences name
    # the district's level ("huyện: 2")
    style = compose.random_style(srng, random.Random(
        f"{seed}|{district.code}|{p.slug}|summary|habits") if habits and not s.two_level
        else None)
    sf = figures.summary_facts(s, official, style, srng, edits["omit"], edits["foreign"])
    r = reports.district_summary(s, sf, style, srng)
    title = f"Báo cáo tổng hợp kết quả hoạt động HĐND {district.kind} {district.name}"
    kind = "province_summary" if s.two_level else "district_summary"
    docs.append((files["summary"], r.write(title, sf.date.isoformat(), "Văn phòng HĐND-UBND"),
                 record(files["summary"], r, kind, s, f"{sf.number:02d}/BC-TTHĐND", sf.date),
                 _habits(r)))
    return docs, planted


def _habits(r: compose.Report) -> list[str]:
    """Return the newer clerk habits a document shows, old tone marks included."""
    return sorted(r.used | ({"old_tones"} if r.style.old_tones else set()))


def _former(c: figures.CommuneFacts, rng: random.Random) -> None:
    """In one report of two of a new commune made of several former ones, give the former
    communes' figures before 1 July 2025."""
    from extractors.places import transition

    before = [s.old for s in transition().predecessors(c.unit)]
    if len({u.name for u in before}) == len(before) >= 2 and rng.random() < 0.5:
        c.former, c.former_resolutions = figures.former_facts(before, rng)


def generate_corpus(outdir, *, district: str | None = None, province: str | None = None,
                    period: str = "2024H1", seed: int = 0, discrepancies: int = 0,
                    copies: int = 1, habits: bool = True) -> str:
    """Write the reports of every commune of `district`, its summary and truth.json into
    `outdir`; return a one-line summary. For a period from 1 July 2025 there is no district:
    the reports of every commune of `province` (new map) and the province's summary.

    `copies` > 1 repeats the district for earlier periods, half-year by half-year (2024H1,
    2023H2, ...): each period is a complete, independent set of reports. `discrepancies`
    are spread over the periods, at most one per commune and period. Without `habits` the
    clerks write as before the newer habits (`compose.HABITS`): tables with sub-rows,
    lists in groups, actors, verbs, outcomes, implied events, wrapped lines, no
    diacritics.
    """
    from extractors.places import map_of

    start = time.perf_counter()
    periods = [parse_period(period)]
    new = map_of(periods[0].year, periods[0].half) == "new"
    while len(periods) < copies:
        periods.append(periods[-1].previous())
        if new and map_of(periods[-1].year, periods[-1].half) == "old":
            raise InputError("--copies", f"{period}: tối đa {len(periods) - 1} kỳ sau ngày "
                                         f"1/7/2025 / at most {len(periods) - 1} period(s) "
                                         "from 1 July 2025 on")
    g, dunit, communes = _province(province, district) if new else _district(district, province)
    per_period = [discrepancies // copies + (i < discrepancies % copies) for i in range(copies)]
    if per_period[0] > len(communes):
        raise InputError("--discrepancies", f"tối đa {len(communes)} mỗi kỳ / at most "
                                            f"{len(communes)} per period for {dunit.name}")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    documents, planted = [], []
    for p, k in zip(periods, per_period):
        docs, disc = district_period(g, dunit, communes, p, seed, k, habits)
        for file, data, rec, shown in docs:
            (out / file).write_bytes(data)
            documents.append({"file": file, "record": {
                "file": file, "sha256": hashlib.sha256(data).hexdigest(), **rec},
                "habits": shown})
        planted += disc
    truth = {"district": None if new else dunit.name, "province": dunit.province,
             "period": period,
             "periods": [p.slug for p in periods], "seed": seed, "documents": documents,
             "discrepancies": planted}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
    n_comm = sum(d["record"]["kind"] == "commune_report" for d in documents)
    n_summ = len(documents) - n_comm
    return (f"{dunit.kind} {dunit.name} ({dunit.province}), {len(periods)} kỳ/period(s): "
            f"{len(documents)} văn bản/documents ({n_comm} commune report"
            f"{'' if n_comm == 1 else 's'}, {n_summ} summar{'y' if n_summ == 1 else 'ies'}), "
            f"{len(planted)} discrepancies → "
            f"{out / 'truth.json'} ({time.perf_counter() - start:.1f} s)")


def _district(district: str | None, province: str | None):
    """Return the old map, the district and its communes (periods before 1 July 2025)."""
    from extractors.places import AmbiguousName, gazetteer

    if not district:
        raise InputError("--district", "cần --district cho kỳ trước ngày 1/7/2025 / a period "
                                       "before 1 July 2025 needs --district")
    g = gazetteer()
    try:
        dunit = g.district(district, province)
    except AmbiguousName as e:
        kinds = {u.kind for u in e.candidates}
        hint = (f'; or name its kind, e.g. "{sorted(kinds)[0]} {district}"'
                if len({u.province for u in e.candidates}) == 1 and len(kinds) > 1 else "")
        raise InputError("--district", f"{e}{hint}") from None
    if dunit is None:
        raise InputError("--district", f"không có huyện '{district}' trong danh mục / no such "
                                       "district in the gazetteer")
    communes = g.communes_of(f"{dunit.kind} {dunit.name}", dunit.province)
    if not communes:
        raise InputError("--district", f"{dunit.kind} {dunit.name} không có xã nào trong danh mục "
                                       "/ has no communes in the gazetteer")
    return g, dunit, communes


def _province(province: str | None, district: str | None):
    """Return the new map, the province and its communes (periods from 1 July 2025)."""
    from extractors.places import gazetteer

    if district:
        raise InputError("--district", "từ 1/7/2025 không còn cấp huyện: chỉ cho --province / "
                                       "districts were abolished on 1 July 2025: give "
                                       "--province only")
    if not province:
        raise InputError("--province", "cần --province cho kỳ từ 1/7/2025 / a period from "
                                       "1 July 2025 needs --province")
    g = gazetteer("new")
    punit = g.province(province)
    if punit is None:
        raise InputError("--province", f"không có tỉnh '{province}' sau ngày 1/7/2025 / no such "
                                       "province on the map from 1 July 2025")
    return g, punit, g.communes_in(punit.name)
