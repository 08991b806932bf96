"""Lay out the two kinds of report the generator writes: a commune's own report and the
district summary in the form of the real one (per-commune lists in footnotes)."""
from __future__ import annotations

import datetime as dt
import random
import re

from pipeline.corpus import habits, lists
from pipeline.corpus import phrases as phr
from pipeline.corpus.compose import (
    Report,
    Style,
    choose,
    digits,
    header_block,
    signature_block,
    template_slots,
)
from pipeline.corpus.docxwriter import Note, Para, Run
from pipeline.corpus.figures import CommuneFacts, Setting, SummaryFacts

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI"]
SIGNERS = ["Nguyễn Văn Hùng", "A Phương", "Y Xuân", "Lê Thị Mai", "A Dũng", "Trần Văn Tâm",
           "Phạm Thị Hằng", "A Thiên", "Hoàng Văn Sơn", "Y Hiền", "Đinh Văn Lực", "Vũ Thị Lan"]


def _place(unit, name: str) -> str:
    """Return the place of the date line: the bare name, "Phường 1" when it is a number."""
    return f"{unit.kind.capitalize()} {name}" if any(ch.isdigit() for ch in name) else name


def _date(d: dt.date, pad: bool) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if pad else f"{d.day}/{d.month}/{d.year}"


def _plan_sentence(s: Setting, style: Style, d: dt.date) -> str:
    dist = f"{s.district.kind} {style.name(s.district.name)}"
    return (f"Thực hiện Kế hoạch số {s.plan_no:02d}/KH-TTHĐND ngày {_date(d, style.pad > 0.5)} "
            f"của Thường trực HĐND {dist} về tổ chức Hội nghị giao ban Thường trực HĐND "
            f"{s.district.kind} với Thường trực HĐND các {s.kinds} {s.period.text()};")


def commune_report(s: Setting, c: CommuneFacts, style: Style, rng: random.Random) -> Report:
    """Return the composed report of one commune."""
    u = c.unit
    r = Report(level="commune", unit=u.name, district=s.district.name, style=style, rng=rng,
               sessions={"after": c.after, "before": c.after + _held(c) + 1})
    name = style.name(u.name)
    # One clerk in four names the commune only in the letterhead: "HĐND xã đã tổ chức...".
    unit_w = u.kind if rng.random() < 0.25 else f"{u.kind} {name}"
    signer = SIGNERS[rng.randrange(len(SIGNERS))]
    left = rng.choice([[f"HĐND {u.kind.upper()} {name.upper()}", "THƯỜNG TRỰC HĐND"],
                       ["HỘI ĐỒNG NHÂN DÂN", f"{u.kind.upper()} {name.upper()}"]])
    # One clerk in five lets Word number the headings (never when the numbering skips).
    r.auto_numbers = c.sections == ("I", "II", "III") and rng.random() < 0.2
    header_block(r, left=left, number=f"Số: {c.number:02d}/BC-HĐND",
                 place_date=f"{_place(u, name)}, ngày {c.date.day} tháng {c.date.month} năm "
                            f"{c.date.year}")
    r.para("BÁO CÁO", bold=True, align="center", size=14, space_after=0)
    title = f"Kết quả hoạt động của Hội đồng nhân dân {u.kind} {s.period.text(rng.random() < .3)}"
    if rng.random() < 0.3 and s.period.half == 1:
        title += f" và phương hướng, nhiệm vụ 6 tháng cuối năm {s.period.year}"
    r.para(title, bold=True, align="center", space_after=12)
    r.para(_plan_sentence(s, style, c.plan_date or s.plan_date)
           + f" Thường trực HĐND {unit_w} báo cáo kết quả hoạt động của HĐND {u.kind} "
           f"{s.period.text()} như sau:", align="both", indent=1.0)
    ctx = _commune_ctx(s, c, style, rng, r, unit_w)
    labels = iter(c.sections)
    r.heading(f"{next(labels)}. KẾT QUẢ HOẠT ĐỘNG")
    if c.former:
        _former_paragraph(r, c, ctx, rng)
    if c.layout == "table":
        _figure_table(r, c, s, unit_w, rng)
    else:
        _prose_sections(r, c, ctx, rng)
    r.heading(f"{next(labels)}. ĐÁNH GIÁ CHUNG")
    r.heading("1. Ưu điểm")
    r.para(rng.choice(_STRENGTHS).format(unit=unit_w), align="both", indent=1.0)
    for slot, value in c.restated.items():
        r.sentence(rng.choice(phr.RESTATED_PHRASES[slot]), {slot: value}, ctx,
                   align="both", indent=1.0)
    r.heading("2. Tồn tại, hạn chế")
    r.para(rng.choice(_WEAKNESSES).format(unit=unit_w), align="both", indent=1.0)
    r.heading(f"{next(labels)}. PHƯƠNG HƯỚNG, NHIỆM VỤ {s.period.next_text()}")
    for task in rng.sample(_TASKS, 3):
        r.para(f"- {task}", align="both", indent=1.0)
    if style.plans > 0 and rng.random() < style.plans:
        _targets(r, phr.PLAN_PHRASES, c.figs, ctx, rng)
    r.para(f"Trên đây là báo cáo kết quả hoạt động của HĐND {unit_w} {s.period.text()}./.",
           align="both", indent=1.0)
    signature_block(r, [f"- TT HĐND {s.district.kind} (b/c);", f"- TT Đảng ủy {u.kind} (b/c);",
                        f"- UBND {u.kind};", f"- Đại biểu HĐND {u.kind};", "- Lưu: VT."],
                    ["TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH", signer])
    return r


def _targets(r: Report, templates: tuple[str, ...], figs: dict[str, dict[str, int]],
             ctx: dict, rng: random.Random) -> None:
    """Append one or two targets for the next period to the plans section (figures by
    `_target_values`)."""
    chosen, used = [], set()
    for t in rng.sample(templates, len(templates)):
        names = set(template_slots(t))
        if not names & used:
            chosen.append(t)
            used |= names
    for t in chosen[:rng.choice((1, 2))]:
        r.sentence(t, _target_values(t, figs, rng), ctx, planned=True, align="both",
                   indent=1.0)


def _target_values(template: str, figs: dict[str, dict[str, int]], rng) -> dict[str, int]:
    """Return the figures of a target template: per slot the period's own (`figs`: group ->
    slot -> value) or, as often, another one."""
    own = {slot: v for group in figs.values() for slot, v in group.items()}
    values = {}
    for slot in template_slots(template):
        other = [v for v in phr.TARGET_VALUES[slot.removeprefix("d.")] if v != own.get(slot)]
        values[slot] = own[slot] if own.get(slot) and rng.random() < 0.5 else rng.choice(other)
    return values


def _former_paragraph(r: Report, c: CommuneFacts, ctx: dict, rng: random.Random) -> None:
    """Append the former communes' figures before 1 July 2025: their sessions and
    resolutions together, each one's sessions in a footnote ("xã Ngọk Yêu (cũ): 02 kỳ
    họp"), all counted with {"former": true}; the sums over the reporting commune."""
    items = []
    for kind, name, n in c.former:
        phrase = r.style.text(f"{r.style.number(n, rng)} kỳ họp")
        r.count("sessions", n, phrase, "footnote", unit=name, level="commune")
        r.counts[-1]["qualifiers"]["former"] = True
        items.append(r.style.text(f"{kind} {r.style.name(name)} (cũ): ") + phrase)
    note = Note("; ".join(items)[:1].upper() + "; ".join(items)[1:] + ".")
    sessions = sum(n for _, _, n in c.former)
    before = len(r.counts)
    r.sentence(rng.choice(phr.FORMER_PHRASES),
               {"sessions": sessions, "resolutions": c.former_resolutions},
               {**ctx, "former_note": note,
                "kinds": ", ".join(k for k in ("xã", "phường", "thị trấn")
                                   if any(kind == k for kind, _, _ in c.former)) or "xã"},
               align="both", indent=1.0)
    for count in r.counts[before:]:
        count["scope"] = "sum"
        count["qualifiers"]["former"] = True


def _held(c: CommuneFacts) -> int:
    return sum(v for k, v in c.figs.get("sessions", {}).items() if k != "sessions")


def _commune_ctx(s: Setting, c: CommuneFacts, style, rng, r: Report, unit_w: str) -> dict:
    first = c.after + 1
    month = rng.randint(1, 5) if s.period.half != 2 else rng.randint(7, 11)
    ctx = {"unit": unit_w, "unit_kind": c.unit.kind,
           "period_text": s.period.text(rng.random() < 0.4),
           "year": s.period.year, "term": f"{s.term[0]}-{s.term[1]}",
           "term_roman": ROMAN[min(len(ROMAN) - 1, 9 + (s.term[0] - 2004) // 5)],
           "session_first": first, "session_after": c.after,
           "session_before": r.sessions["before"],
           "session_date": _date(c.date_out or dt.date(s.period.year, month,
                                                       rng.randint(2, 27)), style.pad > 0.5),
           "explanation_ordinal": rng.choice(["hai", "ba", "tư", "2", "3"]),
           "village_note": "", "places": "thôn" if c.unit.kind == "xã" else "tổ dân phố",
           "regular_when": "giữa năm" if s.period.half == 1 else "cuối năm"}
    vp = c.figs.get("voter_petitions", {}).get("voter_petitions", 0)
    if c.villages and vp:
        ctx["village_note"] = Note(_village_list(c.villages, vp, style, rng))
    return ctx


def _village_list(villages: list[str], total: int, style: Style, rng) -> str:
    # A split of the commune's figure over its villages: not counts of any council.
    k = min(len(villages), total)
    cuts = sorted(rng.sample(range(1, total), k - 1)) if k > 1 else []
    shares = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return "; ".join(f"{v}: {style.number(n, rng)} ý kiến" for v, n in
                     zip(villages[:k], shares)) + "."


_SECTIONS = [("1. Công tác tổ chức kỳ họp", ("sessions", "resolutions", "questions")),
             ("2. Hoạt động giám sát", ("supervision", "explanation")),
             ("3. Công tác tiếp xúc cử tri", ("voter_meetings", "voter_petitions",
                                              "petitions_answered")),
             ("4. Hoạt động của Thường trực HĐND", ("standing_meetings", "receptions"))]


def _prose_sections(r: Report, c: CommuneFacts, ctx: dict, rng) -> None:
    # a clerk who writes targets puts one in running text in every other report, closing
    # the section of its group ("Dự kiến trong thời gian tới, HĐND xã tổ chức 01 kỳ họp...")
    cue = rng.choice(sorted(phr.CUE_PHRASES) * 2 + [None] * len(phr.CUE_PHRASES) * 2) \
        if r.style.plans > 0 else None
    for heading, groups in _SECTIONS:
        r.heading(heading)
        for group in groups:
            values = c.figs.get(group)
            if values:
                template, values = habits.styled(
                    r, phr.STYLE_PHRASES, group, values, rng, _pending(c, group)) or (
                    choose(phr.COMMUNE_PHRASES[group], values, rng), values)
                if c.tracked and c.tracked in values:
                    _tracked_sentence(r, template, values, ctx, c.tracked)
                else:
                    r.sentence(template, values, ctx, align="both", indent=1.0)
            if group == cue:
                t = rng.choice(phr.CUE_PHRASES[cue])
                r.sentence(t, _target_values(t, c.figs, rng), ctx, planned=True,
                           align="both", indent=1.0)
        if heading.startswith("1."):
            if c.date_out or (_held(c) and rng.random() < 0.3):
                # a date the text places inside the period (outside it when planted)
                r.sentence("Trong {period_text}, «kỳ họp thứ {session_first@sessions} của HĐND "
                           "{unit} được tổ chức» vào ngày {session_date}.", {}, ctx,
                           align="both", indent=1.0)
            r.para(rng.choice(_SESSION_PROSE), align="both", indent=1.0)


def _pending(c: CommuneFacts, group: str) -> dict[str, dict[str, int]] | None:
    """Return the figure a clerk who writes outcomes may add to the petitions answered:
    the rest of the voter petitions, still pending."""
    if group != "petitions_answered":
        return None
    rest = c.figs["voter_petitions"]["voter_petitions"] - c.figs[group]["petitions_answered"]
    return {"status": {"voter_petitions.pending": rest}} if rest > 0 else None


def _tracked_sentence(r: Report, template, values, ctx, slot) -> None:
    """Render a sentence whose figure for `slot` was retyped with tracked changes on: the
    old figure deleted, the new one inserted (the accepted text states the new one)."""
    before = len(r.counts)
    segs = r.render(template, values, ctx)
    phrase = next(c["text"] for c in r.counts[before:] if c["slot"] == slot)
    m = re.match(r"\d+", phrase)
    out: list = []
    for seg in segs:
        if m and isinstance(seg, str) and phrase in seg:
            i = seg.index(phrase)
            new = m.group()
            old = str(values[slot] + 1).zfill(len(new))
            out += [seg[:i], Run(old, change="del"), Run(new, change="ins"), seg[i + len(new):]]
            m = None
        else:
            out.append(seg)
    r.items.append(Para(tuple(out), align="both", indent=1.0))


def _figure_table(r: Report, c: CommuneFacts, s: Setting, unit_w: str, rng) -> None:
    r.para(f"Kết quả hoạt động của HĐND {unit_w} {s.period.text()} cụ thể như sau:",
           align="both", indent=1.0)
    if r.style.tables:
        habits.subrow_table(r, c, rng)
        r.para("(Có biểu tổng hợp chi tiết kèm theo)", italic=True, align="center")
        return
    rows = [[Para(("TT",), bold=True, align="center"), Para(("Nội dung",), bold=True,
                                                           align="center"),
             Para(("Số lượng",), bold=True, align="center")]]
    i = 0
    for group in ("sessions", "resolutions", "supervision", "voter_meetings",
                  "voter_petitions", "petitions_answered", "questions", "standing_meetings",
                  "receptions"):
        for slot, value in c.figs.get(group, {}).items():
            if slot not in phr.TABLE_ROWS:
                continue
            i += 1
            cell = digits(value, r.style.pad > 0.5)  # tables hold digits, never words
            r.count(slot, value, cell, "table", row_text=phr.TABLE_ROWS[slot])
            rows.append([Para((str(i),), align="center"), Para((r.style.text(
                phr.TABLE_ROWS[slot]),)), Para((cell,), align="center")])
    r.table(rows, (1.2, 11.0, 3.5))
    r.para("(Có biểu tổng hợp chi tiết kèm theo)", italic=True, align="center")


def district_summary(s: Setting, f: SummaryFacts, style: Style, rng: random.Random,
                     extra_notes: dict[str, str] | None = None) -> Report:
    """Return the composed district summary (the seed's form)."""
    d = s.district
    dist = style.name(d.name)
    # from 1 July 2025 a province summarises its communes' reports: its own words
    phrases = {**phr.SUMMARY_PHRASES, **phr.PROVINCE_PHRASES} if s.two_level \
        else phr.SUMMARY_PHRASES
    r = Report(level="province" if s.two_level else "district", unit=d.name, district=d.name,
               style=style, rng=rng, d_sessions={"after": s.d_after, "before": s.d_after + 1})
    header_block(r, left=[f"HĐND {d.kind.upper()} {dist.upper()}", "THƯỜNG TRỰC HĐND"],
                 number=f"Số: {f.number:02d}/BC-TTHĐND",
                 place_date=f"{_place(d, dist)}, ngày {f.date.day} tháng {f.date.month} năm "
                            f"{f.date.year}")
    r.para("BÁO CÁO", bold=True, align="center", space_after=0)
    kinds = s.kinds
    r.para(f"Tổng hợp kết quả hoạt động của HĐND {d.kind}, {kinds} và Tổ đại biểu HĐND "
           f"{d.kind} trong {s.period.text(True)}, nhiệm kỳ {s.term[0]}-{s.term[1]}",
           bold=True, align="center", space_after=12)
    ctx = {"period_text": s.period.text(True), "dunit": d.kind, "d_session_after": s.d_after,
           "d_explanation_ordinal": rng.choice(["ba", "tư", "3"]),
           "d_session_before": s.d_after + 1, "list_note": ""}
    r.para(_plan_sentence(s, style, s.plan_date) + f" Thường trực HĐND {d.kind} báo cáo tổng "
           f"hợp kết quả hoạt động của HĐND {d.kind}, {kinds} {s.period.text(True)}, cụ thể "
           "như sau:", align="both", indent=1.0)
    labels = iter(f.sections)
    r.heading(f"{next(labels)}. KẾT QUẢ HOẠT ĐỘNG CỦA HĐND, CÁC CƠ QUAN CỦA HĐND CÁC CẤP "
              f"{s.period.text(True).upper()}")
    r.heading("1. Về xem xét, quyết định tại kỳ họp")
    r.para("HĐND các cấp đã tổ chức các kỳ họp", lists.sessions_note(r, f, kinds, d.kind, rng),
           " để đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, "
           "an ninh và xem xét các tờ trình, dự thảo nghị quyết theo quy định.",
           align="both", indent=1.0)
    ctx["list_note"] = lists.commune_list(r, f.resolutions, "resolutions", rng)
    r.sentence(choose(phrases["resolutions"], f.figs["resolutions"], rng),
               f.figs["resolutions"], ctx, align="both", indent=1.0)
    r.heading("2. Hoạt động giám sát")
    r.heading("2.1. Giám sát việc giải quyết kiến nghị của cử tri")
    (n1, d1), (n2, d2) = s.refs
    pad = style.pad > 0.5
    ctx["refs_note"] = Note(style.text(
        f"(1) Báo cáo số {n1:02d}/BC-TTHĐND ngày {_date(d1, pad)} của Thường trực HĐND "
        f"{d.kind} về tổng hợp ý kiến, kiến nghị của cử tri sau kỳ họp thứ {s.d_after}; (2) "
        f"Báo cáo số {n2:02d}/BC-TTHĐND ngày {_date(d2, pad)} của Thường trực HĐND {d.kind} "
        f"về tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp thứ {s.d_after + 1}."))
    r.sentence("+ " + phrases["district_petitions"][0],
               f.figs["district_petitions"], ctx, align="both", indent=1.0)
    if style.status:  # what became of them: answered, the rest pending
        total = f.figs["district_petitions"]["d.voter_petitions"]
        answered = rng.randint(total // 2, total - 1)
        _summary_sentence(r, "petitions_outcome", {
            "d.petitions_answered": answered, "d.voter_petitions.pending": total - answered},
            ctx, rng, templates=())
    ctx["list_note"] = lists.commune_list(r, f.petitions, "voter_petitions", rng)
    r.sentence("+ " + choose(phrases["commune_petitions"],
                             f.figs["commune_petitions"], rng),
               f.figs["commune_petitions"], ctx, align="both", indent=1.0)
    r.heading("2.2. Giám sát, khảo sát chuyên đề")
    for group in ("supervision", "supervision.council", "supervision.standing",
                  "supervision.committees", "supervision.delegate_groups"):
        _summary_sentence(r, group, f.figs[group], ctx, rng, first=True, base=phrases)
    r.heading("3. Về tiếp xúc cử tri")
    for group in ("voter_meetings", "all_petitions"):
        _summary_sentence(r, group, f.figs[group], ctx, rng, prefix="- ", first=True,
                           base=phrases)
    r.heading("4. Về các hoạt động khác")
    r.heading("4.1. Phiên họp giải trình của Thường trực HĐND")
    ctx["topics_note"] = Note(style.text("; ".join(
        f"({i + 1}) {t}" for i, t in enumerate(rng.sample(_TOPICS, f.topics))) + "."))
    _summary_sentence(r, "explanation", f.figs["explanation"], ctx, rng, base=phrases)
    for text in (extra_notes or {}).values():
        r.para("Sau phiên họp, Thường trực HĐND đã ban hành thông báo kết luận",
               Note(style.text(text)), " để các cơ quan, đơn vị liên quan thực hiện.",
               align="both", indent=1.0)
    r.heading("4.2. Tiếp công dân và xử lý đơn, thư")
    _summary_sentence(r, "complaints", f.figs["complaints"], ctx, rng, prefix="- ",
                       base=phrases)
    if style.tables and rng.random() < style.tables:
        r.para(f"Số liệu chủ yếu về hoạt động của HĐND các cấp {s.period.text(True)}:",
               align="both", indent=1.0)
        habits.level_table(r, f, d.kind, rng)
    r.heading(f"{next(labels)}. ĐÁNH GIÁ CHUNG")
    r.heading("1. Ưu điểm")
    r.para(rng.choice(_STRENGTHS).format(unit=f"{d.kind} {dist}"), align="both", indent=1.0)
    r.heading("2. Hạn chế, yếu kém")
    r.para(rng.choice(_WEAKNESSES).format(unit=f"{d.kind} {dist}"), align="both", indent=1.0)
    r.heading(f"{next(labels)}. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM {s.period.next_text()}")
    for task in rng.sample(_TASKS, 4):
        r.para(f"- {task}", align="both", indent=1.0)
    if style.plans > 0 and rng.random() < style.plans:
        _targets(r, phr.SUMMARY_PLAN_PHRASES, f.figs, ctx, rng)
    r.para(f"Trên đây là Báo cáo tổng hợp kết quả hoạt động của HĐND {d.kind}, {kinds} "
           f"{s.period.text(True)}, nhiệm kỳ {s.term[0]}-{s.term[1]}./.", align="both",
           indent=1.0)
    signature_block(r, [f"- Thường trực {d.kind.capitalize()} ủy (b/c);",
                        f"- Thường trực HĐND {d.kind};", f"- CT, các PCT UBND {d.kind};",
                        f"- Các Ban của HĐND {d.kind};", f"- Thường trực HĐND các {kinds};",
                        "- Lưu: VT-TH."],
                    ["TM. THƯỜNG TRỰC HĐND", "PHÓ CHỦ TỊCH", SIGNERS[rng.randrange(12)]])
    if f.appendix:
        lists.appendix(r, f, s, kinds)
    return r


def _summary_sentence(r: Report, group: str, values: dict[str, int], ctx: dict, rng,
                      prefix: str = "", first: bool = False,
                      templates: tuple[str, ...] | None = None,
                      base: dict[str, tuple[str, ...]] | None = None) -> None:
    """Append the summary's sentence for `group`: one of a habit of the clerk's, else one of
    `templates` (default: `base`[group], the summary's phrases, SUMMARY_PHRASES unless a
    province's; its first when `first`, as the seed's form has it); none when neither
    fits."""
    got = habits.styled(r, phr.SUMMARY_STYLE_PHRASES, group, values, rng)
    if got is None and templates == ():
        return
    if got is None:
        templates = (base or phr.SUMMARY_PHRASES)[group] if templates is None else templates
        got = (templates[0] if first else choose(templates, values, rng)), values
    r.sentence(prefix + got[0], got[1], ctx, align="both", indent=1.0)


_SESSION_PROSE = [
    "Các kỳ họp được chuẩn bị chu đáo, tài liệu được gửi đến đại biểu đúng thời gian quy "
    "định; công tác điều hành của chủ tọa kỳ họp linh hoạt, dân chủ.",
    "Công tác chuẩn bị kỳ họp được thực hiện đảm bảo theo quy định; các đại biểu tham dự "
    "kỳ họp đầy đủ, tập trung thảo luận, đóng góp nhiều ý kiến có chất lượng.",
    "Trước kỳ họp, Thường trực HĐND đã phối hợp với UBND, Ủy ban MTTQ Việt Nam cùng cấp "
    "tổ chức họp liên tịch thống nhất nội dung, thời gian tổ chức kỳ họp.",
]
_STRENGTHS = [
    "HĐND {unit} đã thực hiện đúng chức năng, nhiệm vụ, quyền hạn theo quy định của pháp "
    "luật; hoạt động của Thường trực HĐND, các Ban HĐND ngày càng đi vào nề nếp.",
    "Hoạt động của HĐND {unit} tiếp tục được đổi mới, nâng cao chất lượng; công tác phối hợp "
    "giữa Thường trực HĐND với UBND và Ủy ban MTTQ Việt Nam cùng cấp được duy trì chặt chẽ.",
    "Các kỳ họp được tổ chức đúng luật, chất lượng thảo luận được nâng lên; hoạt động giám "
    "sát, khảo sát có trọng tâm, trọng điểm, bám sát chương trình đã đề ra.",
]
_WEAKNESSES = [
    "Hoạt động chất vấn tại kỳ họp còn ít; một số đại biểu chưa dành nhiều thời gian nghiên "
    "cứu tài liệu trước kỳ họp.",
    "Việc theo dõi, đôn đốc thực hiện kiến nghị sau giám sát có lúc chưa thường xuyên; chế "
    "độ thông tin, báo cáo có lúc còn chậm so với yêu cầu.",
    "Chất lượng thẩm tra của các Ban HĐND có nội dung chưa sâu; hoạt động của một số đại "
    "biểu còn mờ nhạt, chưa phát huy hết vai trò.",
]
_TASKS = [
    "Chuẩn bị và tổ chức tốt kỳ họp thường lệ cuối năm theo đúng quy định.",
    "Tăng cường hoạt động giám sát, khảo sát; nâng cao chất lượng chất vấn, giải trình tại "
    "kỳ họp và phiên họp Thường trực HĐND.",
    "Phối hợp tổ chức tiếp xúc cử tri trước và sau kỳ họp; theo dõi, đôn đốc việc giải quyết "
    "kiến nghị của cử tri.",
    "Duy trì tiếp công dân định kỳ; tiếp nhận, xử lý kịp thời đơn, thư của công dân.",
    "Thực hiện tốt chế độ thông tin, báo cáo theo quy định; tham gia đầy đủ các lớp bồi "
    "dưỡng kỹ năng hoạt động cho đại biểu HĐND.",
]
_TOPICS = [
    "Giải quyết, trả lời ý kiến, kiến nghị của cử tri còn tồn đọng kéo dài",
    "Công tác quản lý nhà nước về đất đai trên địa bàn",
    "Quản lý nhà nước về thị trường và vệ sinh an toàn thực phẩm",
    "Tiến độ thực hiện các dự án thuộc Chương trình mục tiêu quốc gia",
    "Công tác thu hồi vốn hỗ trợ phát triển sản xuất cho các hộ gia đình",
    "Việc sửa chữa, nâng cấp các công trình nước sinh hoạt tập trung",
]
