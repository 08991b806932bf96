"""What a report says about itself: reporting unit and level, district, province, period,
term, its own number and date, and its sections.

Patterns are regexes in `extractors/rules/metadata.jsonl`. The "head" of a document is what
stands before its first numbered section: letterhead, "Số: ...", the place-and-date line,
the title and the opening paragraph.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from extractors.facts.references import RegexRule, regex_rules
from extractors.places import Capitals, Gazetteer, Unit, gazetteer
from extractors.rules import RULES_DIR
from schemas.record import Kind, Level, Metadata, Period, Section
from schemas.source import Block, Document, Part

RULES = RULES_DIR / "metadata.jsonl"
_HEAD_BLOCKS = 15  # a head longer than this is body text without numbered sections
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_TERM_EPOCH = 2021  # first year of a council term (2016-2021, 2021-2026, 2026-2031)
_KIND_LEVEL = {"huyện": Level.district, "quận": Level.district, "thị xã": Level.district,
               "thành phố": Level.district, "xã": Level.commune, "phường": Level.commune,
               "thị trấn": Level.commune, "đặc khu": Level.commune, "tỉnh": Level.province}


def extract_metadata(doc: Document, gaz: Gazetteer | None = None, *,
                     rules_path: Path = RULES, district: str | None = None,
                     province: str | None = None) -> Metadata:
    """Return the metadata of `doc`; fields the document does not state are None.

    `district` / `province`: where the batch (or the user) places a report whose text names
    no district; taken only when the text names none and the head's council or place is a
    commune of that district, so that the report gets its commune too.

    District and province: of the districts the document names (with their kind word, or
    bare within a named province) the one whose communes it names most; with no district
    or province named, the district of which it names most communes (two at least), else
    that of the commune its letterhead or title names. The reporting unit is
    the unit written after "HĐND" / "Thường trực HĐND" in the head; failing that "HĐND
    huyện" / "HĐND xã" give the level (the unit is then the district, or the commune of the
    place-and-date line). Kind: district_summary for a district's report, commune_report for
    a commune's, other otherwise. Term: the most frequent well-formed "nhiệm kỳ", else the
    five-year term the period falls in.
    """
    gaz = gaz or gazetteer()
    rules = regex_rules(rules_path)
    head = _head(doc, rules)
    head_text = "\n".join(b.text for b in head)
    number = _search(rules, "number", head_text)
    place, date, year = _place_date(rules, head)
    period = _period(rules, head_text, doc.text, year)
    gaz = gaz.for_period(period.year, period.half)  # units of the map in force for it
    capitals = Capitals(doc.text)  # scanned once for district_mentions and find
    mentions = gaz.district_mentions(doc.text, capitals=capitals)
    named = [u for _, _, units in mentions for u in units if u.level == "province"]
    if gaz.two_level:  # no district: the province the text names most holds its communes
        district, sure, hints = None, True, []
        level, unit = _reporter(gaz, head, rules, None, False, place,
                                {u.province for u in named}, _province(named) or province)
    else:
        # the districts of that name ("Duyên Hải": a huyện and a thị xã of Trà Vinh)
        hints = gaz.lookup(district, level="district", province=province) if district else []
        district, sure = _district(doc, gaz, capitals, mentions, named, head_text)
        level, unit = _reporter(gaz, head, rules, district, sure, place,
                                {u.province for u in named})
    for hint in hints if district is None and unit is None else ():
        hinted = _reporter(gaz, head, rules, hint, True, place, {u.province for u in named})
        found = hinted[1]
        if found is not None and found.level == "commune" and gaz.district_of(found) == hint:
            (level, unit), district, sure = hinted, hint, True
            break
    if unit is not None and unit.level == "province":
        district = None
    elif unit is not None:  # the reporting unit places the document over any other guess
        district = unit if unit.level == "district" else gaz.district_of(unit) or district
    elif level is Level.district:
        unit = district
    kind = {Level.district: Kind.district_summary, Level.commune: Kind.commune_report}
    if gaz.two_level:  # the province's standing committee summarises its communes' reports
        kind[Level.province] = Kind.province_summary
    return Metadata(
        kind=kind.get(level, Kind.other),
        level=level,
        unit=unit.name if unit else None,
        code=unit.code if unit else None,
        district=district.name if district else None,
        province=(unit or district).province if (unit or district) and sure
        else _province(named),
        period=period,
        term=_term(rules, doc.text) or _term_of(period),
        number=re.sub(r"\s+", "", number.group("number")) if number else None,
        date=date.isoformat() if date else None,
        sections=[Section(label=b.label, block=b.id) for b in doc.blocks if b.label],
    )


def named_communes(doc: Document, gaz: Gazetteer | None = None, *,
                   rules_path: Path = RULES) -> list[tuple[str, list[Unit]]]:
    """Return the communes a report's head names as its own, each as written with every
    commune of the country of that name: the unit after its council's name ("HĐND XÃ ĐĂK
    HÀ"), else the place of its place-and-date line ("Đăk Hà, ngày ..."). For a report
    whose text names no district: the gazetteer says which districts it may be of."""
    gaz = gaz or gazetteer()
    rules = regex_rules(rules_path)
    head = _head(doc, rules)
    text = "\n".join(b.text for b in head)
    out: dict[str, list[Unit]] = {}
    for mention in gaz.unmatched(text):
        if _search(rules, "council", text, max(0, mention.start - 40), mention.start):
            written = f"{mention.prefix} {mention.name}"
            out.setdefault(written, gaz.lookup(written, level="commune"))
    place, _, _ = _place_date(rules, head)
    if not out and place:
        out[place] = gaz.lookup(place, level="commune")
    return list(out.items())


def _head(doc: Document, rules: dict[str, list[RegexRule]]) -> list[Block]:
    """Return the blocks before the first numbered section, without the national motto.

    Page-header and text-box blocks, which the reader puts after the body, come first:
    some letterheads are drawn in them.
    """
    boxed = [b for b in doc.blocks if b.part in (Part.header, Part.textbox)][:_HEAD_BLOCKS]
    body = []
    for b in doc.blocks:
        if b.label or len(body) >= _HEAD_BLOCKS:
            break
        if b.part in (Part.body, Part.table):
            body.append(b)
    return [b for b in boxed + body
            if b.text.strip() and not _search(rules, "skip", b.text)]


def _search(rules: dict[str, list[RegexRule]], label: str, text: str,
            pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """Return the earliest match of any rule of `label` in text[pos:endpos]."""
    end = len(text) if endpos is None else endpos
    found = [m for r in rules.get(label, []) if (m := r.regex.search(text, pos, end))]
    return min(found, key=lambda m: m.start()) if found else None


def _place_date(rules, head: list[Block]) -> tuple[str | None, dt.date | None, int | None]:
    """Return the place, date and year of the "Đăk Sao, ngày 15 tháng 6 năm 2024" line."""
    m = next((m for b in head if "ngày" in b.text.lower()
              and (m := _search(rules, "place_date", b.text))), None)
    if m is None:
        return None, None, None
    place = m.group("place").strip() if m.group("place") else None
    try:
        date = dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:  # day left blank ("ngày    tháng 6") or impossible
        date = None
    return place, date, int(m.group("year"))


def _district(doc: Document, gaz: Gazetteer, capitals: Capitals, mentions: list,
              named: list[Unit], head_text: str) -> tuple[Unit | None, bool]:
    """Return the document's district: of those it names, the one whose communes it names most.

    Candidates are the districts written with their kind word (all the country's districts
    of a shared name such as "huyện Châu Thành") and, within the provinces named, bare
    district names. Ties go to a district of the letterhead, then of a named province, then
    to the most mentioned. `mentions` are `Gazetteer.district_mentions` of the text and
    `named` the provinces among them; `capitals` those of the text.
    Returns the district and whether its province is known: False when districts of one
    name in several provinces tie (the name is then right, the province unknown).
    """
    provinces = Counter(u.province for u in named)
    kinded = [u for _, _, units in mentions for u in units if u.level == "district"]
    scan = tuple(sorted({u.province for u in kinded} | set(provinces)))
    if not scan:
        return _district_of_communes(doc.text, gaz)
    districts, communes = list(kinded), {}
    for m in gaz.find(doc.text, district=None, province=scan, capitals=capitals):
        if m.unit.level == "district" and not m.prefix:  # all districts of that name
            districts += [u for u in (m.unit, *m.alternatives) if u.level == "district"]
        elif m.unit.level == "commune" and m.prefix:  # a bare name may be a village's
            for u in (m.unit, *m.alternatives):  # a name of two districts counts for both
                communes.setdefault(gaz.district_of(u), set()).add(u.name)
    if not districts:  # no district named: those whose communes are
        districts = [d for d in communes if d is not None]
    if not districts:
        return None, True
    mentions = Counter(districts)
    in_head = {u for _, _, units in gaz.district_mentions(head_text) for u in units}

    def score(u: Unit) -> tuple:
        return (len(communes.get(u, ())), u in in_head, provinces[u.province], mentions[u])

    ranked = sorted(dict.fromkeys(districts), key=score, reverse=True)
    best = ranked[0]
    tied = [u for u in ranked[1:] if score(u) == score(best)]
    return best, not any(u.key == best.key for u in tied)


def _district_of_communes(text: str, gaz: Gazetteer) -> tuple[Unit | None, bool]:
    """Return the district of which `text` names most communes (after "xã", "phường"...),
    when it names no district and no province; (None, True) when no district has two."""
    votes: dict[Unit, set[str]] = {}
    for mention in gaz.unmatched(text):
        for u in gaz.lookup(f"{mention.prefix} {mention.name}", level="commune"):
            votes.setdefault(gaz.district_of(u), set()).add(u.name)
    ranked = sorted(votes.items(), key=lambda kv: len(kv[1]), reverse=True)
    if not ranked or len(ranked[0][1]) < 2:
        return None, True
    tied = [d for d, names in ranked[1:] if len(names) == len(ranked[0][1])]
    return ranked[0][0], not any(d.key == ranked[0][0].key for d in tied)


def _reporter(gaz: Gazetteer, head: list[Block], rules, district: Unit | None, sure: bool,
              place: str | None, provinces: set[str], province: str | None = None
              ) -> tuple[Level | None, Unit | None]:
    """Return the level and unit of the reporting council, from the head.

    A unit written after the council's name counts, also across a line break of the
    letterhead ("HỘI ĐỒNG NHÂN DÂN" / "XÃ ĐĂK SAO"). `provinces` (those the document names)
    decide between communes of one name. `province`: the province whose communes are
    looked for when there is no district (the map from 1 July 2025).
    """
    text = "\n".join(b.text for b in head)
    dname = district.name if district else None
    province = district.province if district and sure else province
    provincial = None  # "HĐND TỈNH KON TUM": the reporter only when no lower council is
    for m in gaz.find(text, district=dname, province=province, bare="commune"):
        if not m.prefix or not _search(rules, "council", text, max(0, m.start - 40), m.start):
            continue
        if m.unit.level != "province":
            return Level(m.unit.level), m.unit
        provincial = provincial or m.unit
    if district is None:  # a commune report naming no district: find the commune itself
        unit = _lone_commune(gaz, text, rules, provinces)
        if unit is not None:
            return Level.commune, unit
    title = "\n".join(b.text for b in head if b.part is Part.body and len(b.text) < 300)
    m = _search(rules, "council_level", title)
    if m is None and provincial is not None:
        return Level.province, provincial
    if m is None:  # the opening paragraph; "HĐND tỉnh" there is who asked for the report
        m = next((m for m in _finditer(rules, "council_level", text)
                  if _level_of(m) is not Level.province), None)
    if m is None:
        return None, None
    level = _level_of(m)
    if gaz.two_level and level is Level.district:
        level = Level.province  # no district from July 2025: "HĐND thành phố" is the city's
    if level is Level.province:
        return level, provincial
    if level is Level.commune and place and district is not None:
        found = gaz.lookup(place, level="commune", district=district.name,
                           province=district.province if sure else None)
        return level, found[0] if len({u.name for u in found}) == 1 else None
    if level is Level.commune and place and gaz.two_level and province:
        found = gaz.lookup(place, level="commune", province=province)
        return level, found[0] if len(found) == 1 else None
    return level, None


def _level_of(m: re.Match) -> Level:
    return _KIND_LEVEL[re.sub(r"\s+", " ", m.group("kind").lower())]


def _finditer(rules, label: str, text: str):
    """Yield the matches of every rule of `label` in `text`, in text order."""
    found = [m for r in rules.get(label, []) for m in r.regex.finditer(text)]
    return iter(sorted(found, key=lambda m: m.start()))


def _lone_commune(gaz: Gazetteer, text: str, rules, provinces: set[str]) -> Unit | None:
    """Return the commune named after "HĐND xã": the one of that name in the country, or
    the one in the provinces the document names."""
    for mention in gaz.unmatched(text):
        if not _search(rules, "council", text, max(0, mention.start - 40), mention.start):
            continue
        found = gaz.lookup(f"{mention.prefix} {mention.name}", level="commune")
        if len(found) > 1:
            found = [u for u in found if u.province in provinces]
        if len(found) == 1:
            return found[0]
    return None


def _province(named: list[Unit]) -> str | None:
    """Return the province named most often, when no district says which."""
    counts = Counter(u.province for u in named)
    return counts.most_common(1)[0][0] if counts else None


def _period(rules, head_text: str, text: str, year_of_date: int | None) -> Period:
    """Return the reporting period stated in the head (else the first in the text)."""
    for source in (head_text, text):
        dates = [m.span() for r in rules.get("date_phrase", []) for m in r.regex.finditer(source)]
        hits = []
        for r in rules.get("period", []):
            for m in r.regex.finditer(source):
                if not any(a <= m.start() < b for a, b in dates):
                    hits.append((m.start(), r, m))
                    break
        if hits:
            _, rule, m = min(hits, key=lambda h: h[0])
            year = int(m.group("year")) if m.group("year") else _year_near(source, m.end(),
                                                                           year_of_date)
            return Period(year=year, half=rule.data.get("half"))
    return Period()


def _year_near(text: str, pos: int, default: int | None) -> int | None:
    """Return the year written soon after `pos` ("6 tháng đầu năm và ... năm 2024")."""
    m = _YEAR.search(text, pos, pos + 80)
    return int(m.group()) if m else default


def _term_of(period: Period) -> str | None:
    """Return the five-year council term a period falls in (terms begin 2021, 2026, ...).

    Councils are elected in the first half of the term's first year, so a report of that
    year is the new council's."""
    if period.year is None:
        return None
    start = period.year - (period.year - _TERM_EPOCH) % 5
    return f"{start}-{start + 5}"


def _term(rules, text: str) -> str | None:
    """Return the most frequent well-formed "nhiệm kỳ 2021-2026" (five years), else any."""
    terms = [(int(m.group("start")), int(m.group("end")))
             for r in rules.get("term", []) for m in r.regex.finditer(text)]
    good = [t for t in terms if t[1] - t[0] == 5] or terms
    if not good:
        return None
    start, end = Counter(good).most_common(1)[0][0]
    return f"{start}-{end}"
