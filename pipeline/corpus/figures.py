"""The figures behind a generated corpus: periods and terms, what each commune's report
states, what the district summary lists, and the discrepancies planted on purpose."""
from __future__ import annotations

import copy
import datetime as dt
import random
from dataclasses import dataclass, field

from schemas.errors import InputError


@dataclass(frozen=True)
class Period:
    year: int
    half: int | None  # 1, 2, or None for the whole year

    @property
    def slug(self) -> str:
        return f"{self.year}-h{self.half}" if self.half else str(self.year)

    def text(self, pad: bool = False) -> str:
        """Return "6 tháng đầu năm 2024" ("06 ..." when `pad`), or "năm 2024"."""
        six = "06" if pad else "6"
        if self.half is None:
            return f"năm {self.year}"
        return f"{six} tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"

    def next_text(self) -> str:
        if self.half == 1:
            return f"6 THÁNG CUỐI NĂM {self.year}"
        return f"NĂM {self.year + 1}"

    def previous(self) -> Period:
        if self.half == 2:
            return Period(self.year, 1)
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year - 1, None)

    @property
    def end_month(self) -> int:
        return 6 if self.half == 1 else 12


@dataclass
class Setting:
    """What every report of one district and period shares."""

    district: object  # gazetteer Unit
    period: Period
    term: tuple[int, int]
    plan_no: int
    plan_date: dt.date
    d_after: int  # the district council's regular session before the period
    refs: tuple[tuple[int, dt.date], tuple[int, dt.date]]  # district BC on petitions
    kinds: str = "xã"  # the kinds of its communes as reports name them: "xã, phường"
    # the map from 1 July 2025: `district` is then the province, whose communes report to it
    two_level: bool = False


@dataclass
class CommuneFacts:
    """One commune report: what its text states and how it is laid out."""

    unit: object  # gazetteer Unit
    figs: dict[str, dict[str, int]]  # group -> slot -> value, as the report states them
    parts: dict[str, int]  # supervision topics by body (the summary adds them up)
    villages: list[str]
    after: int  # its council's last regular session before the period
    number: int
    date: dt.date
    layout: str = "prose"  # or "table": figures only in a table
    sections: tuple[str, ...] = ("I", "II", "III")
    restated: dict[str, int] = field(default_factory=dict)
    plan_date: dt.date | None = None  # a different date for the district plan (conflict)
    tracked: str | None = None  # a slot whose figure was retyped with tracked changes
    date_out: dt.date | None = None  # a session date outside the period (planted)
    suffix: str = ""
    # 2025 H2: the former communes' figures before 1 July 2025, [(kind, name, sessions)],
    # and their resolutions together; empty for none
    former: list[tuple[str, str, int]] = field(default_factory=list)
    former_resolutions: int = 0


@dataclass
class ListItem:
    name: str  # as written, with its kind word ("xã Đăk Sao")
    unit: str  # canonical name (or the foreign name as written)
    values: dict[str, int]  # slot -> value


@dataclass
class SummaryFacts:
    figs: dict[str, dict[str, int]]  # group -> "d."/"c."/"all." slots
    sessions: list[ListItem]
    resolutions: list[ListItem]
    petitions: list[ListItem]
    number: int
    date: dt.date
    sections: tuple[str, ...] = ("I", "II", "III")
    topics: int = 0
    # An appendix table, one row per commune: (name as written, unit, sessions held,
    # resolutions, voter petitions). Empty for none.
    appendix: list[tuple[str, str, int, int, int]] = field(default_factory=list)


def written(unit, style, capital: bool = False) -> str:
    """Return "xã Đăk Sao" / "phường Quyết Thắng" as this clerk writes it."""
    kind = unit.kind.capitalize() if capital else unit.kind
    return f"{kind} {style.name(unit.name)}"


TERMS = [(2026, 2031), (2021, 2026), (2016, 2021), (2011, 2016), (2004, 2011), (1999, 2004)]
# Years whose councils were elected early in the year, so that the first half is the new
# term's: the elections of 2026 were held on 15 March.
_EARLY_ELECTIONS = {2026}
# What `--discrepancies K` plants, one per commune, in an order drawn from the seed.
PLANTS = ("cross_document_mismatch", "total_mismatch", "duplicate_submission", "missing_unit",
          "unknown_unit", "repeated_mismatch", "reference_conflict", "section_gap",
          "missing_report", "date_out_of_period")
VILLAGES = ["Kon Hia", "Đăk Dế", "Long Láy", "Mô Pả", "Kon Tun", "Pu Tá", "Tu Thó",
             "Kạch Lớn", "Đăk Văn", "Tân Lập", "Đồng Tâm", "Làng Mới", "Ba Khen", "Kon Chiêng"]


def parse_period(text: str) -> Period:
    """Return the period of "2024H1", "2024H2" or "2024" (a whole year)."""
    t = text.strip().upper()
    year, _, half = t.partition("H")
    if not (year.isdigit() and len(year) == 4 and half in ("", "1", "2")):
        raise InputError("--period", f"'{text}' không phải kỳ báo cáo / is not a period: "
                                     "use YYYYH1, YYYYH2 or YYYY")
    return Period(int(year), int(half) if half else None)


def term_of(p: Period) -> tuple[int, int]:
    """Return the council term a period belongs to (elections are held in May; in March
    in 2026)."""
    for start, end in TERMS:
        if p.year > start or (p.year == start and (p.half != 1 or start in _EARLY_ELECTIONS)):
            return start, end
    return TERMS[-1]



def kinds_word(communes) -> str:
    """Return how reports name a district's communes together: "xã", "xã, thị trấn", ..."""
    present = {u.kind for u in communes}
    return ", ".join(k for k in ("xã", "phường", "thị trấn", "đặc khu")
                     if k in present) or "xã"


def setting(district, period: Period, rng: random.Random, communes=()) -> Setting:
    """Return what the reports of one district and period share."""
    term = term_of(period)
    h2 = period.half != 1
    d_after = max(1, 2 * (period.year - term[0]) + (1 if period.half == 2 else 0))
    plan_no = rng.randint(5, 12) + (20 if h2 else 0)
    # Dates follow from numbers and the period only, so that two districts citing the same
    # number of the same year always give the same date (no accidental reference_conflict).
    plan_date = dt.date(period.year, 11 if h2 else 5, 1 + plan_no * 7 % 27)
    n1, n2 = 2 + plan_no % 5 + (30 if h2 else 0), 15 + plan_no % 7 + (30 if h2 else 0)
    refs = ((n1, dt.date(period.year, 7 if h2 else 1, 10 + n1 % 15)),
            (n2, dt.date(period.year, 12 if h2 else 6, 3 + n2 % 20)))
    return Setting(district, period, term, plan_no, plan_date, d_after, refs,
                   kinds_word(communes))


SESSION_PATTERNS = [{"sessions.thematic": 1}, {"sessions.thematic": 2},
                     {"sessions.extraordinary": 1}, {"sessions.regular": 1},
                     {"sessions": 2, "sessions.regular": 1, "sessions.thematic": 1}]


def commune_facts(unit, s: Setting, rng: random.Random, sessions: dict | None,
                  villages: list[str]) -> CommuneFacts:
    """Return plausible figures for one commune (every one stated in its report)."""
    ri = rng.randint
    figs: dict[str, dict[str, int]] = {}
    figs["sessions"] = dict(sessions or rng.choice(SESSION_PATTERNS))
    held = sum(v for k, v in figs["sessions"].items() if k != "sessions")
    figs["resolutions"] = {"resolutions": sum(ri(1, 3) for _ in range(held))}
    figs["questions"] = {"questions": 0 if rng.random() < 0.5 else ri(1, 6)}
    parts = {"council": ri(1, 2), "standing": ri(1, 3), "committees": ri(1, 4)}
    sup = {"supervision": sum(parts.values())}
    if rng.random() < 0.7:
        sup.update({f"supervision.{b}": v for b, v in parts.items()})
    figs["supervision"] = sup
    figs["explanation"] = ({"explanation_sessions": 0} if rng.random() < 0.8 else
                           {"explanation_sessions": 1, "explanation_topics": ri(1, 4)})
    m = ri(2, 8)
    vm = {"voter_meetings": m}
    r = rng.random()
    if r < 0.35:
        vm["voter_attendance"] = m * ri(40, 180)
    elif r < 0.6:
        vm["voter_attendance.lower"] = m * ri(4, 11) * 10
    figs["voter_meetings"] = vm
    t = ri(3, 15)
    vp = {"voter_petitions": t}
    if rng.random() < 0.6:
        after = ri(1, t - 1)
        vp.update({"voter_petitions.after": after, "voter_petitions.before": t - after})
    figs["voter_petitions"] = vp
    if rng.random() < 0.5:
        figs["petitions_answered"] = {"petitions_answered": ri(1, t)}
    months = 6 if s.period.half else 12
    if rng.random() < 0.8:
        figs["standing_meetings"] = {"standing_meetings": months + ri(0, 2)}
    figs["receptions"] = {"citizen_receptions": months if rng.random() < 0.6 else ri(3, 9),
                          "complaints": 0 if rng.random() < 0.6 else ri(1, 4)}
    after = s.d_after + ri(0, 4)
    day = ri(5, 25)
    return CommuneFacts(
        unit=unit, figs=figs, parts=parts,
        villages=rng.sample(villages, min(len(villages), ri(3, 5))) if rng.random() < 0.6
        else [], after=after, number=ri(8, 40),
        date=dt.date(s.period.year, s.period.end_month, day),
        layout="table" if rng.random() < 0.1 else "prose",
        restated={"voter_meetings": m} if rng.random() < 0.2 else {})


def summary_facts(s: Setting, facts: list[CommuneFacts], style, rng,
                  omit: set[tuple[str, str]] = frozenset(),
                  foreign: list[tuple[str, object, int]] = ()) -> SummaryFacts:
    """Return the district summary's figures, its lists built from the communes' figures.

    `omit` leaves (list, commune code) pairs out; `foreign` adds (list, unit, value) items.
    Every stated sum is the sum of what is listed, as a careful clerk adds them up.
    """
    ri = rng.randint
    lists: dict[str, list[ListItem]] = {"sessions": [], "resolutions": [],
                                                "voter_petitions": []}
    for c in facts:
        name = written(c.unit, style)
        for key, group in (("sessions", "sessions"), ("resolutions", "resolutions"),
                           ("voter_petitions", "voter_petitions")):
            values = c.figs.get(group, {})
            if (key, c.unit.code) in omit or not any(values.values()):
                continue
            if key == "sessions":
                values = {"sessions": values["sessions"]} if "sessions" in values else values
            else:
                values = {key: values[key]}
            lists[key].append(ListItem(name, c.unit.name, values))
    for key, unit, value in foreign:
        lists[key].append(ListItem(written(unit, style), unit.name,
                                           {key: value}))
    for items in lists.values():
        rng.shuffle(items)
    c_res = sum(i.values["resolutions"] for i in lists["resolutions"])
    c_vp = sum(i.values["voter_petitions"] for i in lists["voter_petitions"])
    d_res, after, before = ri(3, 9), ri(4, 15), ri(4, 20)
    figs = {
        "d_sessions": rng.choice([{"d.sessions.thematic": 2}, {"d.sessions.thematic": 1},
                                  {"d.sessions": 2, "d.sessions.regular": 1,
                                   "d.sessions.thematic": 1}]),
        "resolutions": {"all.resolutions": d_res + c_res, "d.resolutions": d_res,
                        "c.resolutions": c_res},
        "district_petitions": {"d.voter_petitions": after + before,
                               "d.voter_petitions.after": after,
                               "d.voter_petitions.before": before},
        "commune_petitions": {"c.voter_petitions": c_vp},
        "voter_meetings": {"d.voter_meetings": 2},
        "all_petitions": {"all.voter_petitions": after + before + c_vp,
                          "d.voter_petitions": after + before, "c.voter_petitions": c_vp},
    }
    d_parts = {"council": ri(1, 2), "standing": ri(1, 3), "committees": ri(2, 4)}
    total = 0
    for body, dv in d_parts.items():
        cv = sum(c.parts[body] for c in facts)
        figs[f"supervision.{body}"] = {f"all.supervision.{body}": dv + cv,
                                       f"d.supervision.{body}": dv,
                                       f"c.supervision.{body}": cv}
        total += dv + cv
    groups = ri(2, 4)
    figs["supervision.delegate_groups"] = {"d.supervision.delegate_groups": groups}
    figs["supervision"] = {"all.supervision": total + groups}
    topics = ri(2, 5) if rng.random() < 0.7 else 0
    figs["explanation"] = ({"d.explanation_sessions": 1, "d.explanation_topics": topics}
                           if topics else {"d.explanation_sessions": 0})
    figs["complaints"] = {"d.complaints": 0 if rng.random() < 0.6 else ri(1, 3)}
    appendix = []
    # A summary in three adds an appendix table with every commune's figures; only when the
    # lists are complete, so the table's totals equal the sums the text states.
    if rng.random() < 0.3 and not omit and not foreign:
        for c in facts:
            sessions = c.figs["sessions"].get("sessions") or sum(c.figs["sessions"].values())
            appendix.append((written(c.unit, style, capital=True), c.unit.name, sessions,
                             c.figs["resolutions"]["resolutions"],
                             c.figs["voter_petitions"]["voter_petitions"]))
    return SummaryFacts(
        figs=figs, sessions=lists["sessions"], resolutions=lists["resolutions"],
        petitions=lists["voter_petitions"], number=ri(15, 60),
        date=dt.date(s.period.year, s.period.end_month, ri(20, 28)), topics=topics,
        appendix=appendix)


def former_facts(predecessors, rng: random.Random) -> tuple[list[tuple[str, str, int]], int]:
    """Return the former communes' sessions before 1 July 2025, [(kind, name, sessions)], and
    their resolutions together, for a new commune made of `predecessors` (old-map units)."""
    former = [(u.kind, u.name, rng.randint(1, 2)) for u in predecessors]
    return former, sum(n for _, _, n in former) + rng.randint(0, 4)


def _foreign_unit(g, district, province: str, rng: random.Random):
    """Return a commune of another district of the province, named like none of ours (from
    July 2025: a commune of another province, named like no commune of ours, former ones
    included)."""
    if g.two_level:
        return _foreign_province_unit(g, district, rng)
    own = g.names_in_district(f"{district.kind} {district.name}", province)
    others = [d for d in g.districts(province) if d.code != district.code]
    rng.shuffle(others)
    for d in others:
        for u in g.communes_of(f"{d.kind} {d.name}", province):
            if u.key not in own and len(g.lookup(u.name, province=province)) == 1:
                return u
    return None


def _foreign_province_unit(g, province, rng: random.Random):
    """Return a commune of another province of the new map named like no commune of
    `province`, now or before 1 July 2025, and like no other commune of the country."""
    from extractors.places import fold, transition

    ours = g.communes_in(province.name)
    taken = {u.key for u in ours} | {fold(s.old.name) for u in ours
                                      for s in transition().predecessors(u)}
    others = [p for p in g.provinces() if p.code != province.code]
    rng.shuffle(others)
    for p in others:
        for u in g.communes_in(p.name):
            if u.key not in taken and len(g.lookup(u.name, level="commune")) == 1:
                return u
    return None


def plant(kind: str, c: CommuneFacts, files: dict, rng: random.Random, *, g=None,
          setting_=None, summary_edits=None) -> tuple[dict | None, CommuneFacts | None]:
    """Change `c` (and the summary edits) so that exactly one flag of `kind` is due.

    Returns the truth entry of the discrepancy and a second version of the report (only
    for duplicate_submission). `files` maps "summary" and each commune's code to file names.
    """
    u = c.unit.name
    own, summary = files[c.unit.code], files["summary"]
    entry = {"rule": kind, "indicator": None, "level": "commune", "unit": u, "values": [],
             "documents": [own]}
    c.layout = "prose"
    if kind == "cross_document_mismatch":
        key = rng.choice(["voter_petitions", "resolutions"])
        group = c.figs[key]
        old, d = group[key], rng.randint(1, 2)
        group[key] = old + d
        if "voter_petitions.after" in group:
            group["voter_petitions.after"] += d
        entry.update(indicator=key, values=[old, old + d], documents=[summary, own],
                     description=f"{u}: báo cáo của xã ghi {old + d}, báo cáo tổng hợp ghi {old}")
    elif kind == "total_mismatch":
        group = c.figs["supervision"]
        group.update({f"supervision.{b}": v for b, v in c.parts.items()})
        d = rng.choice([1, 2])
        total = sum(c.parts.values())
        group["supervision"] = total + d
        entry.update(indicator="supervision_topics", values=[total, total + d],
                     description=f"{u}: tổng {total + d} chuyên đề giám sát ≠ tổng các phần "
                                 f"{total}")
    elif kind == "duplicate_submission":
        v2 = copy.deepcopy(c)
        old = c.figs["receptions"]["citizen_receptions"]
        v2.figs["receptions"]["citizen_receptions"] = old + 1
        v2.number, v2.date, v2.suffix = c.number + 1, c.date + dt.timedelta(days=3), "-v2"
        entry.update(indicator="citizen_receptions", values=[old, old + 1],
                     documents=[own, own.replace(".docx", "-v2.docx")],
                     description=f"{u}: hai bản báo cáo, số buổi tiếp công dân {old} và "
                                 f"{old + 1}")
        return entry, v2
    elif kind == "missing_unit":
        key = rng.choice(["resolutions", "voter_petitions"])
        summary_edits["omit"].add((key, c.unit.code))  # the code: two communes may share u
        entry.update(indicator=key, documents=[summary],
                     description=f"{u} không có trong danh sách {key} của báo cáo tổng hợp")
    elif kind == "missing_report":
        entry.update(rule="missing_unit", documents=[],
                     description=f"{u} không gửi báo cáo")
    elif kind == "unknown_unit":
        foreign = _foreign_unit(g, setting_.district, setting_.district.province, rng)
        if foreign is None:
            return None, None
        key = rng.choice(["resolutions", "voter_petitions"])
        value = rng.randint(2, 6)
        summary_edits["foreign"].append((key, foreign, value))
        entry.update(indicator=key, unit=foreign.name, values=[value], documents=[summary],
                     description=f"{foreign.name} ({foreign.district or foreign.province}) "
                                 f"không phải đơn vị của {setting_.district.name} nhưng có "
                                 f"trong danh sách {key}")
    elif kind == "repeated_mismatch":
        m = c.figs["voter_meetings"]["voter_meetings"]
        c.restated = {"voter_meetings": m + 1}
        entry.update(indicator="voter_meetings", values=[m, m + 1],
                     description=f"{u}: số buổi tiếp xúc cử tri ghi {m} rồi {m + 1}")
    elif kind == "reference_conflict":
        c.plan_date = setting_.plan_date + dt.timedelta(days=3)
        entry.update(level=None, unit=None, documents=[own, summary],
                     values=sorted([setting_.plan_date.isoformat(), c.plan_date.isoformat()]),
                     description=f"Kế hoạch số {setting_.plan_no:02d}/KH-TTHĐND trích dẫn với "
                                 "hai ngày khác nhau")
    elif kind == "date_out_of_period":
        p = setting_.period
        c.date_out = (dt.date(p.year, 7, rng.randint(10, 28)) if p.half == 1
                      else dt.date(p.year + 1, 1, rng.randint(10, 28)))
        entry.update(values=[c.date_out.isoformat()],
                     description=f"{u}: kỳ họp ghi ngày {c.date_out.isoformat()}, ngoài kỳ báo "
                                 "cáo")
    elif kind == "section_gap":
        c.sections = ("I", "II", "IV")
        entry.update(description=f"{u}: mục lớn đánh số I, II, IV (thiếu III)")
    return entry, None
