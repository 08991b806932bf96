"""The newer clerk habits (`compose.Style`) where they change more than a sentence's words:
which sentence a habit picks for a group, and figure tables with sub-rows and level
columns. (Per-commune lists in groups are in `lists`; wrapped lines and text without
diacritics in `lines`.)

Each function draws from the report's random stream only for a clerk who has the habit,
so a clerk without it (the samples' clerk) writes as before.
"""
from __future__ import annotations

import random

from pipeline.corpus.compose import Report, digits, fits
from pipeline.corpus.docxwriter import Para
from pipeline.corpus.figures import CommuneFacts, SummaryFacts

# the order habits are tried in for a group: the more particular first
_ORDER = ("implied", "status", "actors", "verbs")


def styled(r: Report, table: dict[str, dict[str, tuple[str, ...]]], group: str,
           values: dict[str, int], rng: random.Random,
           extra: dict[str, dict[str, int]] | None = None
           ) -> tuple[str, dict[str, int]] | None:
    """Return (template, values) of the first habit of the clerk that takes this chance
    and has a sentence for `group` fitting `values` (or `values` with a habit's `extra`
    figures: habit -> more slots); None when none does."""
    for habit in _ORDER:
        share = getattr(r.style, habit)
        templates = table.get(habit, {}).get(group)
        if not share or not templates:
            continue
        tries = [values] + ([{**values, **extra[habit]}] if extra and habit in extra else [])
        found = [(t, v) for v in tries for t in templates if fits(t, v)]
        if found and rng.random() < share:
            r.used.add(habit)
            return rng.choice(found)
    return None


# ---- figure tables with sub-rows (commune reports) ----------------------------------------

_PARTS = {  # slot -> the label of its sub-row
    "sessions.regular": "Thường lệ", "sessions.thematic": "Chuyên đề",
    "supervision.council": "Của HĐND {kind}", "supervision.standing": "Của Thường trực HĐND",
    "supervision.committees": "Của các Ban HĐND",
}
_MEASURES = {"sessions": "kỳ", "supervision": "cuộc", "voter_meetings": "buổi",
             "standing_meetings": "phiên", "citizen_receptions": "buổi"}
_ROWS = {  # slot -> the label of its own row in this clerk's table
    "sessions": "Kỳ họp HĐND {kind}", "sessions.thematic": "Kỳ họp chuyên đề",
    "sessions.regular": "Kỳ họp thường lệ", "sessions.extraordinary": "Kỳ họp bất thường",
    "resolutions": "Nghị quyết ban hành", "supervision": "Giám sát, khảo sát chuyên đề",
    "voter_meetings": "Tiếp xúc cử tri", "voter_attendance": "Lượt cử tri tham dự",
    "voter_petitions": "Ý kiến, kiến nghị của cử tri",
    "petitions_answered": "Kiến nghị đã được giải quyết",
    "questions": "Chất vấn tại kỳ họp (lượt)", "standing_meetings": "Phiên họp Thường trực HĐND",
    "citizen_receptions": "Tiếp công dân (buổi)", "complaints": "Đơn thư tiếp nhận",
}


def subrow_table(r: Report, c: CommuneFacts, rng: random.Random) -> None:
    """Append a commune's figure table as this clerk lays it out: a total's parts on the
    rows under it ("- Thường lệ", "+ Của Thường trực HĐND", the first "Trong đó: - ...",
    or numbered "3.1"), voter petitions split by session, outcomes under a heading row,
    some cells with their measure ("02 cuộc")."""
    r.used.add("tables")
    pad = r.style.pad > 0.5
    kind = c.unit.kind
    marker = rng.choice(["-", "+", "serial", "trong"])
    head = [Para((t,), bold=True, align="center") for t in ("TT", "Nội dung", "Số lượng")]
    rows = [head]
    n = 0

    def row(serial: str, label: str, slot: str | None = None, value: int = 0) -> None:
        cell = ""
        if slot is not None:
            cell = digits(value, pad)
            measure = _MEASURES.get(slot)
            if measure and value and rng.random() < 0.5:
                cell += f" {measure}"
            r.count(slot, value, cell, "table", row_text=label)
        rows.append([Para((serial,), align="center"), Para((r.style.text(label),)),
                     Para((cell,), align="center")])

    def parts(slots: list[tuple[str, str, int]]) -> None:
        for k, (slot, label, value) in enumerate(slots, 1):
            if marker == "serial":
                row(f"{n}.{k}", label, slot, value)
            elif marker == "trong":
                row("", f"{'Trong đó: ' if k == 1 else ''}- {label}", slot, value)
            else:
                row("", f"{marker} {label}", slot, value)

    figs = c.figs
    for group in ("sessions", "resolutions", "supervision", "voter_meetings",
                  "voter_petitions", "petitions_answered", "questions", "standing_meetings",
                  "receptions"):
        values = figs.get(group, {})
        if not values:
            continue
        if group == "petitions_answered" and r.style.status:
            answered = values["petitions_answered"]
            pending = figs["voter_petitions"]["voter_petitions"] - answered
            n += 1
            r.used.add("status")
            row(str(n), "Kết quả giải quyết kiến nghị")
            outcome = [("petitions_answered", "Đã được giải quyết", answered)]
            if pending > 0:
                outcome.append(("voter_petitions.pending", "Đang giải quyết", pending))
            parts(outcome)
            continue
        total = {"sessions": "sessions", "supervision": "supervision",
                 "voter_petitions": "voter_petitions"}.get(group)
        subs = [s for s in values if s != total and (s in _PARTS or s.startswith(
            "voter_petitions."))]
        if total in values and subs:
            n += 1
            row(str(n), _ROWS[total].format(kind=kind), total, values[total])
            sessions = r.sessions
            labels = {"voter_petitions.after": f"Sau kỳ họp thứ {sessions['after']}",
                      "voter_petitions.before": f"Trước kỳ họp thứ {sessions['before']}"}
            parts([(s, labels.get(s) or _PARTS[s].format(kind=kind), values[s]) for s in subs])
            rest = [s for s in values if s != total and s not in subs]
        else:
            rest = list(values)
        for slot in rest:
            if slot in _ROWS:
                n += 1
                row(str(n), _ROWS[slot].format(kind=kind), slot, values[slot])
    r.table(rows, (1.4, 10.8, 3.5))


def level_table(r: Report, f: SummaryFacts, dkind: str, rng: random.Random) -> None:
    """Append a summary's table by level ("Cấp huyện | Cấp xã | Tổng"): resolutions,
    supervision by body under a heading row, voter petitions."""
    r.used.add("tables")
    pad = r.style.pad > 0.5
    serial = rng.random() < 0.5
    head = ["TT", "Nội dung", f"Cấp {dkind}", "Cấp xã", "Tổng"]
    rows = [[Para((r.style.text(h),), bold=True, align="center") for h in head]]
    figs = f.figs

    def row(tt: str, label: str, slots: tuple[str, str, str] | None) -> None:
        cells = []
        for slot in slots or ():
            cell = digits(figs_of(slot), pad)
            r.count(slot, figs_of(slot), cell, "table", row_text=label)
            cells.append(Para((cell,), align="center"))
        rows.append([Para((tt,), align="center"), Para((r.style.text(label),))]
                    + (cells or [Para(("",)) for _ in range(3)]))

    def figs_of(slot: str) -> int:
        return next(g[slot] for g in figs.values() if slot in g)

    def levels(base: str) -> tuple[str, str, str]:
        return f"d.{base}", f"c.{base}", f"all.{base}"

    row("1", "Nghị quyết ban hành", levels("resolutions"))
    row("2", "Giám sát, khảo sát chuyên đề", None)
    for k, (body, label) in enumerate((("council", "Của HĐND"),
                                       ("standing", "Của Thường trực HĐND"),
                                       ("committees", "Của các Ban HĐND")), 1):
        row(f"2.{k}" if serial else "", label if serial else f"- {label}",
            levels(f"supervision.{body}"))
    row("3", "Ý kiến, kiến nghị của cử tri", levels("voter_petitions"))
    r.table(rows, (1.2, 7.0, 2.8, 2.8, 2.8))
