"""A district summary's per-commune lists: in footnotes item by item ("HĐND xã Đăk Hà: 01
Nghị quyết; ..."), in groups for a clerk who writes them so ("các xã A, B mỗi xã 02 nghị
quyết; các xã C và D đều ...; xã E 03 nghị quyết", "lần lượt là"), the sessions list after
the district's own sessions, and the appendix table with one row per commune."""
from __future__ import annotations

import random

from pipeline.corpus import phrases as phr
from pipeline.corpus.compose import Report, choose, digits, fits
from pipeline.corpus.docxwriter import Note, Para
from pipeline.corpus.figures import ListItem, Setting, SummaryFacts

_KIND_WORDS = {"sessions": "", "sessions.thematic": " chuyên đề",
               "sessions.regular": " thường lệ", "sessions.extraordinary": " bất thường"}
_D_SESSIONS = (
    "{dunit} tổ chức «{d.sessions.thematic} kỳ họp chuyên đề»",
    "{dunit} tổ chức «{d.sessions} kỳ họp» (trong đó: «{d.sessions.regular} kỳ họp thường "
    "lệ», «{d.sessions.thematic} kỳ họp chuyên đề»)",
    "{dunit} tổ chức «{d.sessions.regular} kỳ họp thường lệ»",
)
_D_IMPLIED = (
    "{dunit} tổ chức «kỳ họp thứ {d_ordinal} (kỳ họp chuyên đề{d.sessions.thematic@implied})»",
    "{dunit} «tổ chức kỳ họp chuyên đề{d.sessions.thematic@implied}»",
)


def commune_list(r: Report, items: list[ListItem], key: str, rng) -> Note:
    """Return a footnote listing one figure per commune, in groups for a clerk who writes
    them so ("các xã A, B mỗi xã 02 nghị quyết; ...")."""
    if r.style.distributive and items and rng.random() < r.style.distributive:
        return Note(grouped_list(r, items, key, rng))
    return list_note(r, items, key, rng)


def appendix(r: Report, f: SummaryFacts, s: Setting, kinds: str) -> None:
    """Append the per-commune table: one row per commune and a "Tổng cộng" row."""
    r.para("PHỤ LỤC", bold=True, align="center", space_after=0, page_break=True)
    r.para(f"Số liệu hoạt động của HĐND các {kinds} {s.period.text(True)}", italic=True,
           align="center")
    head = ["TT", "Đơn vị", "Số kỳ họp", "Số nghị quyết", "Số ý kiến, kiến nghị cử tri"]
    rows = [[Para((r.style.text(h),), bold=True, align="center") for h in head]]
    slots = ("sessions", "resolutions", "voter_petitions")
    pad = r.style.pad > 0.5
    for i, (name, unit, *values) in enumerate(f.appendix, 1):
        row = [Para((str(i),), align="center"), Para((r.style.text(name),))]
        for slot, value in zip(slots, values):
            cell = digits(value, pad)
            r.count(slot, value, cell, "table", unit=unit, level="commune",
                    row_text=r.style.text(name))
            row.append(Para((cell,), align="center"))
        rows.append(row)
    total = [Para(("",)), Para(("Tổng cộng",), bold=True)]
    for k, slot in enumerate(slots):
        value = sum(row[2 + k] for row in f.appendix)
        cell = digits(value, pad)
        r.count(f"c.{slot}", value, cell, "table", row_text="Tổng cộng")
        total.append(Para((cell,), bold=True, align="center"))
    r.table(rows + [total], (1.2, 5.5, 3.0, 3.0, 4.0))


def sessions_note(r: Report, f: SummaryFacts, kinds: str, dkind: str, rng) -> Note:
    d_values = f.figs["d_sessions"]
    templates = _D_SESSIONS
    if r.style.implied and fits(_D_IMPLIED[0], d_values) and rng.random() < r.style.implied:
        templates = _D_IMPLIED  # one thematic session, named: "kỳ họp thứ 7 (kỳ họp chuyên đề)"
        r.used.add("implied")
    d_template = choose(templates, d_values, rng)
    head = r.render(d_template, d_values, {"dunit": f"HĐND {dkind}",
                                           "d_ordinal": r.d_sessions["after"] + 1},
                    part="footnote")
    text = "(1) " + "".join(x for x in head if isinstance(x, str)) + "; (2) "
    first = f.sessions[0].values if f.sessions else {}
    if f.sessions and all(i.values == first for i in f.sessions) and len(first) == 1:
        # one figure for every commune: the seed's distributive list
        slot = next(iter(first))
        # "HĐND các xã: Đăk Hà, Tu Mơ Rông, ..., xã Tê Xăng": bare names, except a name that
        # is a number ("xã Gia Hòa 1") and units of other kinds ("thị trấn Mỹ Xuyên").
        names = ", ".join(i.name.removeprefix("xã ") if i.name.startswith("xã ") and not any(
            ch.isdigit() for ch in i.name) else i.name for i in f.sessions)
        phrase = r.style.text(f"{r.style.number(first[slot], rng)} kỳ họp{_KIND_WORDS[slot]}")
        for i in f.sessions:
            r.count(slot, first[slot], phrase, "footnote", unit=i.unit, level="commune",
                    unit_text=r.style.text(i.name))
        text += r.style.text(f"HĐND các {kinds}: {names} tổ chức ") + phrase + "."
    elif r.style.distributive and f.sessions and rng.random() < r.style.distributive:
        text += grouped_list(r, f.sessions, "sessions", rng)
    else:
        items = []
        for i in f.sessions:
            slot, value = next(iter(i.values.items()))
            tpl = rng.choice(phr.LIST_ITEMS["sessions"]).replace("{n}", "{" + slot + "}")
            segs = r.render(tpl, {slot: value}, {"name": i.name, "Name": i.name.capitalize(),
                                                 "kind_words": _KIND_WORDS[slot]},
                            part="footnote", unit=i.unit)
            r.counts[-1]["level"] = "commune"
            r.counts[-1]["unit_text"] = r.style.text(i.name)
            items.append("".join(x for x in segs if isinstance(x, str)))
        text += "; ".join(items) + "."
    return Note(text)


def list_note(r: Report, items: list[ListItem], slot: str, rng) -> Note:
    """Return a footnote listing one figure per commune; each item is a count.

    Some clerks write the kind word before the first name only: "Xã Đăk Sao 6 ý kiến; Ngọk
    Yêu 4 ý kiến; ..." (a name holding a digit, or of another kind, keeps its kind word)."""
    parts = []
    # a clerk who never drops the kind word draws nothing here (the samples stay as built)
    bare = r.style.bare > 0 and rng.random() < r.style.bare
    for n, i in enumerate(items):
        tpl = rng.choice(phr.LIST_ITEMS[slot]).replace("{n}", "{" + slot + "}")
        name = i.name
        if bare and n and name.startswith("xã ") and not any(ch.isdigit() for ch in name):
            name = name.removeprefix("xã ")
        segs = r.render(tpl, {slot: i.values[slot]},
                        {"name": name, "Name": name[:1].upper() + name[1:]},
                        part="footnote", unit=i.unit)
        r.counts[-1]["level"] = "commune"
        r.counts[-1]["unit_text"] = r.style.text(name)
        parts.append("".join(x for x in segs if isinstance(x, str)))
    if parts and parts[0][:1].islower():  # a note starts with a capital: "Phường 1: ..."
        parts[0] = parts[0][:1].upper() + parts[0][1:]
        first = next(c for c in r.counts if c.get("unit_text") and c["part"] == "footnote"
                     and c["unit"] == items[0].unit and c["slot"] == slot)
        first["unit_text"] = first["unit_text"][:1].upper() + first["unit_text"][1:]
    return Note("; ".join(parts) + ".")


_NOUNS = {"resolutions": "nghị quyết", "voter_petitions": "ý kiến"}
_VERBS = {"sessions": "tổ chức ", "resolutions": "ban hành ", "voter_petitions": ""}
def grouped_list(r: Report, items: list[ListItem], key: str, rng: random.Random) -> str:
    """Return a per-commune list written in groups, one count per commune: communes of one
    kind with one figure together ("HĐND các xã A, B mỗi xã ban hành 02 nghị quyết", "các
    xã C và D đều ..."), a lone one by name ("xã E 03 nghị quyết"); or, for one slot, the
    names then the figures in turn ("các xã A, B, C lần lượt là 02, 03 và 01 nghị quyết").

    A name holding a digit ("Phường 1") stands alone with a colon."""
    r.used.add("distributive")
    slots = {next(iter(i.values)) for i in items}
    named = [i for i in items if not any(ch.isdigit() for ch in i.name)]
    if len(slots) == 1 and len(named) >= 3 and rng.random() < 0.3:
        return _respectively(r, items, named, key, rng)
    groups: dict[tuple, list[ListItem]] = {}
    for i in items:
        slot, value = next(iter(i.values.items()))
        kind = i.name.split(" ")[0] if not i.name.startswith("thị trấn") else "thị trấn"
        alone = any(ch.isdigit() for ch in i.name)
        groups.setdefault((kind, slot, value, alone and i.unit), []).append(i)
    parts = []
    for (kind, slot, value, _), members in groups.items():
        phrase = r.style.text(f"{r.style.number(value, rng)} {_noun(key, slot)}")
        verb = _VERBS[key]
        if len(members) == 1:
            name = members[0].name
            text = f"{name}: {phrase}" if any(ch.isdigit() for ch in name) \
                else f"{name} {phrase}"
        else:
            names = [m.name[len(kind) + 1:] for m in members]
            if rng.random() < 0.5:
                text = f"các {kind} {', '.join(names)} mỗi {kind} {verb}{phrase}"
            else:
                text = (f"các {kind} {', '.join(names[:-1])} và {names[-1]} đều "
                        f"{verb or 'có '}{phrase}")
            if key != "voter_petitions" and rng.random() < 0.5:
                text = "HĐND " + text
        for m in members:
            r.count(slot, value, phrase, "footnote", unit=m.unit, level="commune",
                    unit_text=r.style.text(m.name))
        parts.append(r.style.text(text))
    out = "; ".join(parts)
    return out[:1].upper() + out[1:] + "."


def _noun(key: str, slot: str) -> str:
    return f"kỳ họp{_KIND_WORDS[slot]}" if key == "sessions" else _NOUNS[key]


def _respectively(r: Report, items: list[ListItem], named: list[ListItem], key: str,
                  rng: random.Random) -> str:
    slot = next(iter(items[0].values))
    pad = rng.random() < r.style.pad
    figures = [digits(i.values[slot], pad) for i in named]
    phrase = r.style.text(f"{', '.join(figures[:-1])} và {figures[-1]} {_noun(key, slot)}")
    kinds = {i.name.split(" ")[0] for i in named}
    names = [i.name for i in named]
    if kinds == {"xã"}:
        names = [n.removeprefix("xã ") for n in names]
    head = "các xã " if kinds == {"xã"} else ""
    what = {"sessions": "số kỳ họp", "resolutions": "số nghị quyết",
            "voter_petitions": "số ý kiến, kiến nghị"}[key]
    text = f"HĐND {head}{', '.join(names)} có {what} lần lượt là {phrase}"
    for i in named:
        r.count(slot, i.values[slot], phrase, "footnote", unit=i.unit, level="commune",
                unit_text=r.style.text(i.name))
    rest = [i for i in items if i not in named]
    out = [r.style.text(text)]
    for i in rest:  # "Phường 1: 02 nghị quyết"
        one = r.style.text(f"{r.style.number(i.values[slot], rng)} {_noun(key, slot)}")
        r.count(slot, i.values[slot], one, "footnote", unit=i.unit, level="commune",
                unit_text=r.style.text(i.name))
        out.append(r.style.text(f"{i.name}: ") + one)
    return "; ".join(out) + "."
